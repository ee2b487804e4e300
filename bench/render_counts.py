"""What rendering one report costs, per format and language, in instructions under cachegrind.

    python bench/render_counts.py [--files N] [--formats html md] [--languages en fr fr-CH]

``bench/phase_counts.py`` counts the batch path's render step in English HTML only;
this counts the template renderer alone, in every language the tool speaks. A child
assesses N generated answers files (the bench's generator and seed) in one language,
renders one of them as a warm-up, then renders each report ``renders`` times; the
render costs (count with one render each - count with none) / N per report, under
``valgrind --tool=cachegrind --cache-sim=no`` with ``PYTHONHASHSEED=0`` (deterministic:
one run each is enough). It runs in the current venv, with the compiled-template
cache in a temporary folder, warmed first.
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
from phase_counts import SEED, instructions
from run import generate


def child(renders: int, count: int, fmt_name: str, language: str, folder: Path) -> None:
    """Assess ``count`` files in ``language``, then render each ``renders`` times."""
    from ci_assess.app import batch
    from ci_assess.app.assess import assess
    from ci_assess.render import Format

    names = sorted(str(p) for p in (folder / "in").glob("*.yaml"))
    prepared = batch.Job(fmt=Format(fmt_name), language=language).prepare()
    reports = [assess(name, language=language) for name in names[: count + 1]]
    prepared.renderer.render(reports[-1])  # the warm-up: every partial compiled or loaded
    gc.freeze()  # as a batch does
    for report in reports[:count]:
        for _ in range(renders):
            prepared.renderer.render(report)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=40, help="reports per count (default 40)")
    parser.add_argument("--formats", nargs="+", default=["html", "md"])
    parser.add_argument("--languages", nargs="+", default=["en", "fr", "fr-CH"])
    parser.add_argument("--jobs", type=int, default=len(os.sched_getaffinity(0)))
    parser.add_argument("--child", nargs=5, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        renders, files, fmt, language, folder = args.child
        child(int(renders), int(files), fmt, language, Path(folder))
        return 0
    with tempfile.TemporaryDirectory(prefix="ci-assess-render-") as scratch:
        folder = Path(scratch)
        generate(folder, args.files + 1, SEED)
        env = {**os.environ, "PYTHONHASHSEED": "0", "XDG_CACHE_HOME": str(folder / "cache")}
        cases = [(f, lang) for f in args.formats for lang in args.languages]
        for fmt, lang in cases:  # warm the compiled-template cache
            warm = [sys.executable, __file__, "--child", "0", "0", fmt, lang, str(folder)]
            subprocess.run(warm, env=env, check=True)
        runs = [(r, f, lang) for f, lang in cases for r in (0, 1)]
        with ThreadPoolExecutor(args.jobs) as pool:
            counted = pool.map(
                lambda r: instructions(
                    __file__,
                    ["--child", str(r[0]), str(args.files), r[1], r[2], str(folder)],
                    env,
                    folder,
                ),
                runs,
            )
            counts = dict(zip(runs, counted, strict=True))
    print(f"Render per report, in instructions ({args.files} files, cachegrind, PYTHONHASHSEED=0):")
    print(f"\n| language | {' | '.join(args.formats)} |\n|---|{'---|' * len(args.formats)}")
    for lang in args.languages:
        cells = [(counts[(1, f, lang)] - counts[(0, f, lang)]) / args.files for f in args.formats]
        print(f"| {lang} | {' | '.join(f'{c / 1e6:.2f} M' for c in cells)} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
