# ruff: noqa: RUF001 (French text: its apostrophe is U+2019)
"""``interview --section outcomes --lang fr`` at a real terminal (pexpect): the prompts
and the help in French, the reply saved at once, the closing lines in English."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pexpect  # in the [test] extra: never skipped for want of it
import pytest
import yaml

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX"),
]


def test_the_outcomes_section_in_french_at_a_terminal(tmp_path: Path) -> None:
    env = {**os.environ, "HOME": str(tmp_path), "TERM": "xterm", "NO_COLOR": "1"}
    env.pop("COLUMNS", None)
    env.pop("LINES", None)
    args = ["-m", "ci_assess", "interview", "-o", "pat.yaml", "--company", "Acme"]
    args += ["--respondent", "Pat Lee", "--role", "CEO", "--target", "cust"]
    args += ["--section", "outcomes", "--lang", "fr"]
    child = pexpect.spawn(
        sys.executable, args, cwd=tmp_path, env=env, dimensions=(24, 80),
        encoding="utf-8", timeout=60,
    )  # fmt: skip
    try:
        child.expect("Fidélisation des clients \\(1 sur 12\\)")
        child.expect("situation de référence, valeur")
        child.send("82\r")
        child.expect("situation de référence, date \\(AAAA-MM-JJ\\)")
        child.send("2025-06-30\r")
        child.expect("aujourd’hui, valeur")
        child.send("q\r")
        child.expect("saved and stopped")  # closing lines stay English, for scripts
        child.expect(pexpect.EOF)
    finally:
        child.close(force=True)
    data = yaml.safe_load((tmp_path / "pat.yaml").read_text(encoding="utf-8"))
    assert data["language"] == "fr"
    assert data["outcomes"]["customer_retention"]["baseline"]["value"] == 82
