"""Where one file of a batch spends its instructions, step by step, under cachegrind.

    python bench/phase_counts.py [--files N] [--jobs J]

Each step of the batch path (``app.batch``: read and parse, validate, score, the
outcome sections, gates, render, write) is counted as a difference: a child process
runs the steps up to step K on N generated answers files (the bench's generator and
seed) after one warm-up file, under ``valgrind --tool=cachegrind --cache-sim=no``
with ``PYTHONHASHSEED=0``; step K costs (count up to K - count up to K - 1) / N per
file. Counts are deterministic, so one run each is enough. It runs in the current
venv (an editable install counts the same steps as a wheel; only start-up differs),
with the compiled-template cache in a temporary folder, warmed first.
"""

from __future__ import annotations

import argparse
import gc
import os
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import VALGRIND, generate  # the bench's own generator and valgrind

SEED = 20261120  # bench/run.py's default --seed: the same files as its per-file figures
STEPS = ["read and parse", "validate", "score", "outcome sections", "gates", "render", "write"]


def child(upto: int, count: int, fmt_name: str, folder: Path) -> None:
    """Run the batch path's first ``upto`` steps on ``count`` files (after a warm-up)."""
    from ci_assess.app import batch
    from ci_assess.core.gates import apply_gates
    from ci_assess.core.outcome_sections import with_outcomes
    from ci_assess.core.scoring import score
    from ci_assess.files import loading
    from ci_assess.files.writing import write_atomic
    from ci_assess.render import Format

    fmt = Format(fmt_name)
    names = sorted(str(p) for p in (folder / "in").glob("*.yaml"))
    out = folder / f"out-{fmt.value}-{upto}"
    out.mkdir(exist_ok=True)
    prepared = batch.Job(fmt=fmt).prepare()
    # Every lazy import and validator built, as after a batch's first file.
    batch.outcome(prepared, names[-1], str(out / "warm-up"), None)
    gc.freeze()  # as a batch does
    for index, name in enumerate(names[:count]):
        if upto < 1:
            break
        read = loading.read_answers(name)
        if upto < 2:
            continue
        loaded = loading.answers_from_data(read.data, read.source, read.text, read.base)
        if upto < 3:
            continue
        report = score(loaded.questionnaire, loaded.answers)
        if upto < 4:
            continue
        report = with_outcomes(report, loaded.questionnaire, loaded.answers, loaded.key_accounts)
        if upto < 5:
            continue
        report = apply_gates(report, [])
        if upto < 6:
            continue
        text = prepared.renderer.render(report)
        if upto < 7:
            continue
        write_atomic(out / f"{index}.{fmt.value}", text, durable=False)


def instructions(script: str, args: list[str], env: dict[str, str], folder: Path) -> int:
    """Instructions of one run of ``script`` with ``args`` under cachegrind."""
    with tempfile.TemporaryDirectory(prefix="cg-", dir=folder) as out:
        target = Path(out) / "cachegrind.out"
        argv = [*VALGRIND, f"--cachegrind-out-file={target}", sys.executable, script, *args]
        subprocess.run(argv, env=env, check=True, capture_output=True)
        for line in target.read_text(encoding="utf-8").splitlines():
            if line.startswith("summary:"):
                return int(line.split()[1])
    raise SystemExit("cachegrind wrote no summary")


def count(upto: int, files: int, fmt: str, folder: Path, env: dict[str, str]) -> int:
    """Instructions of one child run: the first ``upto`` steps on ``files`` files."""
    return instructions(__file__, ["--child", str(upto), str(files), fmt, str(folder)], env, folder)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=40, help="files per count (default 40)")
    parser.add_argument("--jobs", type=int, default=len(os.sched_getaffinity(0)))
    parser.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        upto, files, fmt, folder = args.child
        child(int(upto), int(files), fmt, Path(folder))
        return 0
    with tempfile.TemporaryDirectory(prefix="ci-assess-phases-") as scratch:
        folder = Path(scratch)
        generate(folder, args.files + 1, SEED)
        env = {**os.environ, "PYTHONHASHSEED": "0", "XDG_CACHE_HOME": str(folder / "cache")}
        for fmt in ("json", "html"):  # warm the compiled-template cache
            warm = [sys.executable, __file__, "--child", "0", "0", fmt, str(folder)]
            subprocess.run(warm, env=env, check=True)
        runs = [(k, fmt) for fmt in ("json", "html") for k in range(4, 8)] + [
            (k, "json") for k in range(4)
        ]
        with ThreadPoolExecutor(args.jobs) as pool:
            counts = dict(
                zip(
                    runs,
                    pool.map(lambda r: count(r[0], args.files, r[1], folder, env), runs),
                    strict=True,
                )
            )
    print(f"Per file, in instructions ({args.files} files, cachegrind, PYTHONHASHSEED=0):\n")
    print("| step | json | html |\n|---|---|---|")
    totals = {"json": 0.0, "html": 0.0}
    for k, step in enumerate(STEPS, start=1):
        row = []
        for fmt in ("json", "html"):
            # The first four steps do not depend on the format: counted once, with json.
            src = fmt if k >= 5 else "json"
            cost = (counts[(k, src)] - counts[(k - 1, src)]) / args.files
            totals[fmt] += cost
            row.append(f"{cost / 1e6:.2f} M")
        print(f"| {step} | {' | '.join(row)} |")
    print(f"| in all | {totals['json'] / 1e6:.2f} M | {totals['html'] / 1e6:.2f} M |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
