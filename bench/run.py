"""Benchmark ci-assess against baselines measured in the same run.

    python bench/run.py [--files N] [--repeat K] [--startup-repeat S] [--write-docs]

Every figure is the median wall time of whole child processes (``subprocess`` and
``time.perf_counter``), set against a baseline measured in the same run and
interleaved with it, so that a noisy machine moves both alike. Peak memory is the
largest resident set of the child or any of its workers (``os.wait4``). Needs
nothing beyond the project's own dependencies. ``--write-docs`` puts the table into
docs/performance.md; the exit status is 1 when a target is missed.

The answers files are generated (seeded, so every run sees the same ones) into a
scratch folder, on a RAM disk when there is one: see ``--scratch``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
QUESTIONNAIRE = ROOT / "questionnaires" / "customer-intimacy.yaml"
EXAMPLE = ROOT / "examples" / "northwind.yaml"
BENCH = ROOT / "bench"
DOCS = ROOT / "docs" / "performance.md"
START, END = "<!-- bench:start -->", "<!-- bench:end -->"
MB = 1024.0  # ru_maxrss is in KiB on Linux
MEMORY_LIMIT_MB, GROWTH_LIMIT_KB = 150, 1

# Baselines: what any run of the tool unavoidably pays.
IMPORT_TYPER = "import typer"
IMPORT_FLOOR = "import typer, rich.console, pydantic, yaml, jinja2"
# `import pydantic` is lazy: it loads neither BaseModel nor TypeAdapter, which both
# typer (for any command's options) and the models need. This floor includes them.
IMPORT_FLOOR_MODELS = "import typer, rich.console, pydantic.main, yaml, jinja2"
PARSE_ONLY = (
    "import sys, yaml\n"
    "from pathlib import Path\n"
    "for name in sys.argv[1:]:\n"
    "    yaml.load(Path(name).read_text(encoding='utf-8'), Loader=yaml.CSafeLoader)\n"
)

# A child's environment: this checkout's code (whatever is installed), no colour, a
# fixed width, and byte-code caches written and used, as on a user's machine.
CHILD_ENV = {
    **os.environ,
    "PYTHONPATH": os.pathsep.join(
        p for p in (str(ROOT / "src"), os.environ.get("PYTHONPATH")) if p
    ),
    "NO_COLOR": "1",
    "COLUMNS": "100",
}
for _name in ("FORCE_COLOR", "PYTHONDONTWRITEBYTECODE"):
    CHILD_ENV.pop(_name, None)


@dataclass(frozen=True)
class Sample:
    """One finished child process."""

    seconds: float
    max_rss_kib: int


@dataclass(frozen=True)
class Row:
    """One line of the results table."""

    scenario: str
    value: str
    baseline: str
    baseline_value: str
    ratio: float | None
    target: str
    passed: bool | None

    def cells(self) -> list[str]:
        """The row as Markdown table cells."""
        verdict = {True: "pass", False: "**FAIL**", None: "info"}[self.passed]
        ratio = "" if self.ratio is None else f"{self.ratio:.2f}"
        return [
            self.scenario,
            self.value,
            self.baseline,
            self.baseline_value,
            ratio,
            self.target,
            verdict,
        ]


# --- generating answers files ------------------------------------------------------

ROLES = [
    "Head of Sales",
    "Chief Commercial Officer",
    "Customer Service Manager",
    "HR Director",
    "Key Account Manager",
    "COO",
    "Marketing Manager",
]
NAMES = ["Dana Whitfield", "Joost de Vries", "Amélie Laurent", "Kofi Mensah", "Li Wei", None]
SECTORS = ["Foods", "Logistics", "Components", "Software", "Packaging", "Care", "Energy"]
NOTE_PARTS = [
    "Confirmed in interviews with {n} staff outside sales",
    "the CRM holds orders only; preferences live in notebooks",
    "bonus is 100% on gross margin",
    "the team reviews complaints monthly with the warehouse",
    "NPS of +{p} at company level, not split by segment",
    "key accounts get a named owner & a yearly plan",
    "board expects results by Q{q} 2027",
    "customers <A-grade> are chosen on turnover only",
    "'the chef's pantry, there by morning'",
    "no pilot unit chosen yet: ask the category team",
    "escalations go | via the service desk",
    "about {p}% of orders arrive without a phone call",
]
EVIDENCE = [
    "Customer grading spreadsheet FY2026 ({n} active accounts).",
    "Service desk export 2026: {n} complaints, median close 2 days.",
    "HR headcount report Q{q} 2026.",
    "Strategy house slide, board pack October 2026.",
    "Operations dashboard: {p}% on time in full.",
]
NA_REASONS = ["B2B contracts; no loyalty scheme", "No field sales force", "Not yet in scope"]


def question_ids() -> tuple[list[str], list[str]]:
    """The bundled questionnaire's question ids and group ids, in order."""
    data = yaml.safe_load(QUESTIONNAIRE.read_text(encoding="utf-8"))
    return [q["id"] for q in data["questions"]], [g["id"] for g in data["groups"]]


def _text(rng: random.Random, parts: Sequence[str], count: int) -> str:
    chosen = rng.sample(list(parts), count)
    numbers = {"n": rng.randint(3, 1400), "p": rng.randint(5, 99), "q": rng.randint(1, 4)}
    text = "; ".join(part.format(**numbers) for part in chosen)
    text = text[0].upper() + text[1:]
    return text if text.endswith(".") else text + "."


def _quoted(text: str) -> str:
    # A JSON string is a valid YAML double-quoted scalar.
    return json.dumps(text, ensure_ascii=False)


def answers_text(rng: random.Random, index: int, qids: list[str], groups: list[str]) -> str:
    """One realistic answers file: every question, some notes and evidence, some N/A."""
    name = rng.choice(NAMES)
    role = rng.choice(ROLES)
    respondent = f"{{name: {name}, role: {role}}}" if name else f"{{role: {role}}}"
    day = dt.date(2025, 1, 1) + dt.timedelta(days=rng.randrange(700))
    lines = [
        "# Answers for the bundled customer-intimacy questionnaire (generated for bench)",
        "questionnaire: customer-intimacy",
        f"company: {_quoted(f'Client {index:05d} {rng.choice(SECTORS)} & Co')}",
        f"assessed_on: {day.isoformat()}",
        f"assessor: Consultant {rng.randint(1, 40)}",
        f"respondent: {respondent}",
    ]
    discipline = rng.choice(
        ["customer_intimacy", "customer_intimacy", "operational_excellence", "product_leadership"]
    )
    if rng.random() < 0.9:
        lines.append(f"target_discipline: {discipline}")
    if rng.random() < 0.15:
        lines.append("targets:")
        lines.extend(f"  {g}: {rng.choice([60, 70, 80, 90])}" for g in rng.sample(groups, 2))
    lines.append("answers:")
    maturity = rng.uniform(0.3, 3.7)
    previous_group = ""
    for qid in qids:
        group = qid.split(".", 1)[0]
        if group != previous_group:
            lines.append(f"  # {group}")
            previous_group = group
        roll = rng.random()
        level = min(4, max(0, round(rng.gauss(maturity, 0.9))))
        if roll < 0.04:
            lines.append(f"  # {qid}: open until the next interview")
        elif roll < 0.08:
            lines.append(f"  {qid}: {{na: {_quoted(rng.choice(NA_REASONS))}}}")
        elif roll < 0.38:
            lines.append(f"  {qid}:")
            lines.append(f"    level: {level}")
            lines.append(f"    note: {_quoted(_text(rng, NOTE_PARTS, rng.randint(1, 3)))}")
            if rng.random() < 0.4:
                lines.append(f"    evidence: {_quoted(_text(rng, EVIDENCE, 1))}")
        else:
            lines.append(f"  {qid}: {level}")
    return "\n".join(lines) + "\n"


def generate(folder: Path, count: int, seed: int) -> list[str]:
    """Write ``count`` answers files into ``folder``; return their names relative to it."""
    qids, groups = question_ids()
    rng = random.Random(seed)
    (folder / "in").mkdir(parents=True, exist_ok=True)
    names = []
    for index in range(count):
        name = f"in/c{index:05d}.yaml"
        (folder / name).write_text(answers_text(rng, index, qids, groups), encoding="utf-8")
        names.append(name)
    return names


# --- measuring ---------------------------------------------------------------------


def ci_assess_command() -> list[str]:
    """The console script beside this Python (not a shim on PATH), else ``-m``."""
    script = Path(sys.executable).with_name("ci-assess")
    return [str(script)] if script.exists() else [sys.executable, "-m", "ci_assess"]


def run_once(argv: list[str], cwd: Path, one_core: bool = False) -> Sample:
    """Run one child to completion: its wall time and the peak memory of its tree."""

    def pin() -> None:  # a one-core machine, as far as the child can tell
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})

    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(
            argv,
            cwd=cwd,
            env=CHILD_ENV,
            stdin=subprocess.DEVNULL,
            stdout=err,
            stderr=err,
            preexec_fn=pin if one_core else None,  # noqa: PLW1509 - no threads here
        )
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            err.seek(0)
            shown = err.read().decode(errors="replace")[-2000:]
            raise SystemExit(f"{' '.join(argv[:4])} ... exited {proc.returncode}:\n{shown}")
    # A reaped child's ru_maxrss is the largest of itself and its own reaped children.
    return Sample(seconds, usage.ru_maxrss)


@dataclass
class Scenario:
    """A command timed against its baseline, with what to do before each run."""

    subject: list[str]
    baseline: list[str]
    cwd: Path
    before: Callable[[], None] | None = None
    one_core: bool = False

    def run(self, repeat: int, warm_up: bool = True) -> tuple[list[Sample], list[Sample]]:
        """Interleave ``repeat`` runs of each (after a warm-up of each)."""
        subject: list[Sample] = []
        baseline: list[Sample] = []
        for index in range(repeat + warm_up):
            base = run_once(self.baseline, self.cwd)
            if self.before:
                self.before()
            sample = run_once(self.subject, self.cwd, self.one_core)
            if index or not warm_up:
                baseline.append(base)
                subject.append(sample)
        return subject, baseline


def median_seconds(samples: list[Sample]) -> float:
    """Median wall time."""
    return statistics.median(s.seconds for s in samples)


def median_mb(samples: list[Sample]) -> float:
    """Median peak resident memory in MB."""
    return statistics.median(s.max_rss_kib for s in samples) / MB


def python(code: str) -> list[str]:
    """A ``python -c`` baseline."""
    return [sys.executable, "-c", code]


def time_row(
    scenario: str,
    samples: tuple[list[Sample], list[Sample]],
    baseline: str,
    target: float | None,
    per: int = 1,
) -> Row:
    """A wall-time row; ``per`` > 1 shows the time per file."""
    subject, base = median_seconds(samples[0]), median_seconds(samples[1])
    ratio = subject / base

    def shown(seconds: float) -> str:
        return f"{seconds / per * 1000:.2f} ms" if per > 1 else f"{seconds:.3f} s"

    return Row(
        scenario,
        shown(subject),
        baseline,
        shown(base),
        ratio,
        f"≤ {target:g}x" if target else "",
        ratio <= target if target else None,
    )


def startup_rows(tool: list[str], cwd: Path, repeat: int) -> list[Row]:
    """--version and --help against importing typer; one HTML report against the floor."""
    rows = []
    for flag, target in (("--version", 1.3), ("--help", None)):
        samples = Scenario([*tool, flag], python(IMPORT_TYPER), cwd).run(repeat)
        rows.append(time_row(f"`ci-assess {flag}`", samples, f"`{IMPORT_TYPER}`", target))
    out = cwd / "northwind.html"
    one_report = Scenario(
        [*tool, "report", str(EXAMPLE), "-o", str(out)],
        python(IMPORT_FLOOR),
        cwd,
        before=lambda: out.unlink(missing_ok=True),
    )
    name = "one HTML report (`report northwind.yaml -o X.html`)"
    rows.append(time_row(name, one_report.run(repeat), f"`{IMPORT_FLOOR}`", 1.3))
    one_report.baseline = python(IMPORT_FLOOR_MODELS)
    rows.append(time_row(name, one_report.run(repeat), f"`{IMPORT_FLOOR_MODELS}`", None))
    # What typer alone costs for report's options, against the same floor: the
    # share of the 1.3x budget left for loading, scoring, rendering and writing.
    no_work = Scenario(
        [sys.executable, str(BENCH / "typer_floor.py"), "report", str(EXAMPLE), "-o", str(out)],
        python(IMPORT_FLOOR),
        cwd,
    )
    name = "the same command line, typer only (`bench/typer_floor.py`: no work done)"
    rows.append(time_row(name, no_work.run(repeat), f"`{IMPORT_FLOOR}`", None))
    return rows


def batch_rows(
    tool: list[str], cwd: Path, names: list[str], repeat: int, one_core: bool
) -> list[Row]:
    """Many files per invocation: time per file against the C parser, and peak memory."""
    rows = []
    count = len(names)
    small = names[: max(1, count // 10)]
    parse_only = python(PARSE_ONLY) + names
    baseline = "read + `yaml.load(CSafeLoader)`, same files, one process"
    for fmt in ("json", "html"):
        out = cwd / f"out-{fmt}"

        def clean(out: Path = out) -> None:
            shutil.rmtree(out, ignore_errors=True)

        def command(inputs: list[str], fmt: str = fmt, out: Path = out) -> list[str]:
            return [*tool, "report", *inputs, "--out-dir", str(out), "-f", fmt, "-q"]

        # Warm-up on the small set; then the full set, interleaved with the baseline.
        small_samples, _ = Scenario(command(small), python("pass"), cwd, clean).run(repeat)
        samples = Scenario(command(names), parse_only, cwd, clean).run(repeat, warm_up=False)
        name = f"{count:,} files → {fmt}, time per file"
        rows.append(time_row(name, samples, baseline, 2, per=count))
        if one_core:
            single = Scenario(command(names), parse_only, cwd, clean, one_core=True)
            rows.append(
                time_row(f"{name}, one core", single.run(repeat, False), baseline, None, count)
            )
        clean()
        peak, peak_small = median_mb(samples[0]), median_mb(small_samples)
        # Flat means nothing is kept per report (one is some 60 KB of text, more as
        # objects). The file names and output paths themselves are bound to grow.
        per_file_kb = (peak - peak_small) * 1024 / max(1, count - len(small))
        rows.append(
            Row(
                f"{count:,} files → {fmt}, peak memory",
                f"{peak:.1f} MB ({per_file_kb:+.2f} KB per added file)",
                f"the same, {len(small):,} files",
                f"{peak_small:.1f} MB",
                peak / peak_small,
                f"≤ {MEMORY_LIMIT_MB} MB, < {GROWTH_LIMIT_KB} KB per added file",
                peak <= MEMORY_LIMIT_MB and per_file_kb < GROWTH_LIMIT_KB,
            )
        )
    return rows


# --- where one file's time goes (one process, in-process timers) ---------------------

# "write" stores the HTML report (atomically, no fsync); "check" is what the models cannot.
PHASES = ["read", "parse", "validate", "check", "score", "render json", "render html", "write"]


def phases(out: Path, names: list[str]) -> dict[str, float]:
    """Seconds per file for each step of the batch path, and for the baseline.

    Runs in a child (``--phases-child``) so that it imports this checkout's code.
    """
    import gc

    from ci_assess.core.models.answers import AnswersFile
    from ci_assess.core.scoring import score
    from ci_assess.files import loading, yamlio
    from ci_assess.files.writing import write_atomic
    from ci_assess.render import Format, renderer_for

    questionnaire = loading.load_questionnaire("customer-intimacy")
    json_renderer, html_renderer = renderer_for(Format.json), renderer_for(Format.html)
    out.mkdir(parents=True, exist_ok=True)
    gc.freeze()  # as a batch does
    totals = dict.fromkeys([*PHASES, "baseline"], 0.0)
    for index, name in enumerate(names):
        ticks = [time.perf_counter()]
        text = yamlio.read_text(name)
        ticks.append(time.perf_counter())
        data = yamlio.parse(name, text)
        ticks.append(time.perf_counter())
        answers = loading.validate_model(AnswersFile, data, name, text)
        ticks.append(time.perf_counter())
        loading.check_answers(answers, questionnaire, name, text)
        ticks.append(time.perf_counter())
        report = score(questionnaire, answers)
        ticks.append(time.perf_counter())
        json_renderer.render(report)
        ticks.append(time.perf_counter())
        html = html_renderer.render(report)
        ticks.append(time.perf_counter())
        write_atomic(out / f"{index}.html", html, durable=False)
        ticks.append(time.perf_counter())
        yaml.load(Path(name).read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
        ticks.append(time.perf_counter())
        for phase, start, end in zip([*PHASES, "baseline"], ticks, ticks[1:], strict=False):
            totals[phase] += end - start
    return {phase: total / len(names) for phase, total in totals.items()}


def phase_table(tool_cwd: Path, names: list[str]) -> str:
    """Run ``phases`` in a child and show it as a table."""
    done = subprocess.run(
        [sys.executable, __file__, "--phases-child", str(tool_cwd / "out-phases"), *names],
        cwd=tool_cwd,
        env=CHILD_ENV,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        raise SystemExit(f"the in-process timing failed:\n{done.stderr[-2000:]}")
    seconds: dict[str, float] = json.loads(done.stdout)
    json_total = sum(v for k, v in seconds.items() if k in PHASES and k != "render html")
    html_total = sum(v for k, v in seconds.items() if k in PHASES and k != "render json")
    lines = [
        f"Where one file's time goes, in one process ({len(names):,} files, in-process timers):",
        "",
        "| step | ms per file | share of a JSON file | share of an HTML file |",
        "|---|---|---|---|",
    ]
    for phase in PHASES:
        value = seconds[phase]
        json_share = "" if phase == "render html" else f"{value / json_total:.0%}"
        html_share = "" if phase == "render json" else f"{value / html_total:.0%}"
        lines.append(f"| {phase} | {value * 1000:.3f} | {json_share} | {html_share} |")
    lines.append(f"| **total** | | {json_total * 1000:.3f} ms | {html_total * 1000:.3f} ms |")
    lines.append(
        f"| baseline: read + `yaml.load(CSafeLoader)` | {seconds['baseline'] * 1000:.3f} | | |"
    )
    return "\n".join(lines)


def table(rows: list[Row]) -> str:
    """The rows as a Markdown table."""
    head = ["scenario", "median", "baseline", "baseline median", "ratio", "target", "result"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines.extend("| " + " | ".join(row.cells()) + " |" for row in rows)
    return "\n".join(lines)


def machine() -> str:
    """Where the figures were measured."""
    libyaml = getattr(yaml, "__with_libyaml__", False)
    try:
        load = ", load average {:.2f} {:.2f} {:.2f} at the start".format(*os.getloadavg())
    except OSError:
        load = ""
    return (
        f"{dt.date.today().isoformat()}, Python {platform.python_version()} on "
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPU core(s){load}, "
        f"libyaml {'present' if libyaml else 'absent'}"
    )


def write_docs(block: str) -> None:
    """Replace the generated block of docs/performance.md."""
    text = DOCS.read_text(encoding="utf-8")
    head, found, rest = text.partition(START)
    _, found_end, tail = rest.partition(END)
    if not (found and found_end):
        raise SystemExit(f"{DOCS} needs the markers {START} and {END}")
    DOCS.write_text(f"{head}{START}\n{block}\n{END}{tail}", encoding="utf-8")


def default_scratch() -> Path | None:
    """A RAM disk when there is one: file creation on a disk can cost more than a report."""
    shm = Path("/dev/shm")
    return shm if shm.is_dir() and os.access(shm, os.W_OK) else None


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--files", type=int, default=10_000, help="answers files per batch")
    parser.add_argument("--repeat", type=int, default=3, help="runs per batch scenario")
    parser.add_argument("--startup-repeat", type=int, default=21, help="runs per start-up scenario")
    parser.add_argument("--seed", type=int, default=20261120, help="generator seed")
    parser.add_argument(
        "--scratch", type=Path, default=default_scratch(), help="folder for inputs and reports"
    )
    parser.add_argument(
        "--one-core", action="store_true", help="also time each batch pinned to one core"
    )
    parser.add_argument("--skip-startup", action="store_true", help="batch scenarios only")
    parser.add_argument("--skip-batch", action="store_true", help="start-up scenarios only")
    parser.add_argument("--phases", action="store_true", help="also time each step in one process")
    parser.add_argument("--write-docs", action="store_true", help=f"update {DOCS.name}")
    parser.add_argument("--phases-child", nargs="+", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def reproduce(args: argparse.Namespace) -> str:
    """The command line that reproduces this run (defaults left out)."""
    words = ["python bench/run.py"]
    defaults = parse_args([])
    for name in ("files", "repeat", "startup_repeat", "seed", "scratch"):
        if getattr(args, name) != getattr(defaults, name):
            words.append(f"--{name.replace('_', '-')} {getattr(args, name)}")
    for flag in ("one_core", "phases", "skip_startup", "skip_batch", "write_docs"):
        if getattr(args, flag):
            words.append(f"--{flag.replace('_', '-')}")
    return " ".join(words)


def main(argv: Sequence[str] | None = None) -> int:
    """Generate the inputs, run every scenario, print (and optionally save) the table."""
    args = parse_args(argv)
    if args.phases_child:
        out, *names = args.phases_child
        print(json.dumps(phases(Path(out), names)))
        return 0
    tool = ci_assess_command()
    note = f"Measured {machine()}."
    with tempfile.TemporaryDirectory(prefix="ci-assess-bench-", dir=args.scratch) as scratch:
        folder = Path(scratch)
        started = time.perf_counter()
        names = generate(folder, args.files, args.seed)
        print(f"generated {len(names):,} answers files in {folder}", file=sys.stderr)
        rows = [] if args.skip_startup else startup_rows(tool, folder, args.startup_repeat)
        if not args.skip_batch:
            rows += batch_rows(tool, folder, names, args.repeat, args.one_core)
        breakdown = phase_table(folder, names[:2000]) if args.phases else ""
    elapsed = time.perf_counter() - started
    note += (
        f" Tool run as `{' '.join(Path(word).name for word in tool)}` from this checkout;"
        f" scratch folder under `{args.scratch or tempfile.gettempdir()}`. Medians of"
        f" {args.startup_repeat} (start-up) and {args.repeat} (batch) runs, each"
        f" interleaved with its baseline; the whole run took {elapsed / 60:.1f} min."
    )
    block = f"```sh\n{reproduce(args)}\n```\n\n{note}\n\n{table(rows)}"
    if breakdown:
        block += f"\n\n{breakdown}"
    print(block)
    if args.write_docs:
        write_docs(block)
        print(f"\nwrote {DOCS.relative_to(ROOT)}", file=sys.stderr)
    return 0 if all(row.passed is not False for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
