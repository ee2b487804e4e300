"""`template --lang fr`: every comment in French, the outcome and key-account blocks too
(issue 18), and the file still loads as an answers file, its examples too once uncommented."""

from __future__ import annotations

import re
from pathlib import Path

from typer.testing import CliRunner

from ci_assess.cli import app
from ci_assess.core.models.outcomes import UNIT_WORDS
from ci_assess.files.blank_facts import UNIT_MESSAGES
from ci_assess.files.loading import load_answers

# Words of English prose that French never uses (short French words such as "on", "a",
# "or" and "as" are left out on purpose).
ENGLISH = frozenset(
    {"the", "and", "is", "are", "of", "each", "with", "without", "every", "this", "its"}
    | {"never", "only", "when", "for", "per", "which", "must", "be", "to", "your", "it"}
)
DATA = (
    re.compile(r"^-?\s*[a-z_.]+:( |$)"),  # a key to uncomment: customer_retention: {...}
    re.compile(r"^[a-z_ |]+$"),  # ids: operational_excellence | customer_intimacy | ...
    re.compile(r"^\{.*\}\.?$"),  # a YAML example: {runs: true, changed: [metrics]}
)


def template(runner: CliRunner, *args: str) -> str:
    result = runner.invoke(app, ["template", *args])
    assert result.exit_code == 0, result.stderr
    return result.stdout


def comments(text: str) -> list[str]:
    """The comment of every line (after its first '#'), schema line left out."""
    found = []
    for line in text.splitlines()[1:]:  # line 1: the yaml-language-server schema URL
        if "#" in line:
            found.append(line.split("#", 1)[1].strip())
    return found


def prose(comment: str) -> str:
    """A comment without what is data: YAML flow examples and the key being described."""
    without_flow = re.sub(r"\{[^{}]*\}", " ", re.sub(r"\{[^{}]*\}", " ", comment))
    return re.sub(r"^-?\s*[a-z_.]+:\s", " ", without_flow)


def test_no_english_comment_is_left(runner: CliRunner) -> None:
    french, english = template(runner, "--lang", "fr"), template(runner)
    left = set(comments(english))
    for comment in comments(french):
        if comment in left:  # the same line in both: only data may be
            assert any(p.search(comment) for p in DATA), f"English left: {comment!r}"
        words = set(re.findall(r"[^\W\d_]+", prose(comment).lower()))
        assert not words & ENGLISH, f"English words {words & ENGLISH} in {comment!r}"
    # The blocks this test is about are there, in French.
    assert (
        "# Indicateurs de résultat\u00a0: une situation de référence, la valeur actuelle "
        "et une cible par KPI (ils ne" in french
    )
    assert (
        "  # Fidélisation des clients\u00a0: un pourcentage de 0 à 100 (86 signifie 86\u00a0%), "
        "à maximiser" in french
    )
    assert (
        "# Grands comptes\u00a0: chacun avec son chiffre d\u2019affaires de l\u2019ann\u00e9e"
        in french
    )
    assert "  #   sponsor:                 # le sponsor au comité de direction" in french


def test_the_check_catches_english(runner: CliRunner) -> None:
    """The counter-example: the English template's blocks fail the same check."""
    english = comments(template(runner))
    assert any(set(re.findall(r"[^\W\d_]+", prose(c).lower())) & ENGLISH for c in english)


def test_the_french_template_loads_with_its_examples(runner: CliRunner, tmp_path: Path) -> None:
    text = template(runner, "--lang", "fr").replace('company: ""', "company: Client SA")
    lines = text.splitlines()
    start = lines.index("# outcomes:")
    lines[start] = "outcomes:"
    example = next(n for n, line in enumerate(lines) if "# custom.onboarding_days:" in line)
    lines[example] = lines[example].replace("  # ", "  ", 1)
    path = tmp_path / "client.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    loaded = load_answers(str(path))
    assert loaded.answers.language == "fr"
    custom = loaded.answers.outcomes["custom.onboarding_days"]
    assert custom.title == "Jours pour intégrer un grand compte"
    assert custom.today is not None and custom.today.value == 28


def test_the_english_template_is_unchanged(runner: CliRunner) -> None:
    english = template(runner)
    assert (
        "  # Customer retention: a percentage from 0 to 100 (86 means 86 %), higher is better\n"
        in english
    )
    assert "# and a level 0..4 for each of the seven key-account elements (a diagnostic" in english
    assert "language:" not in english


def test_the_unit_words_are_in_the_catalogue() -> None:
    # core has no catalogue: blank_facts marks UNIT_WORDS' texts for extraction.
    assert set(UNIT_MESSAGES) == set(UNIT_WORDS.values())
