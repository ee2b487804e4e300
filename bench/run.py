"""Benchmark ci-assess in instructions counted under valgrind, against baselines.

    python bench/run.py [--quick] [--skip-rss] [--json FILE] [--compare FILE] [--write-docs]

Every figure is the number of user-space instructions its processes execute, counted
by valgrind's cachegrind (``--cache-sim=no --trace-children=yes``, one output file
per process, all of them summed) with ``PYTHONHASHSEED=0``: two runs agree to a few
hundred instructions in a billion, so ratios do not depend on the machine's load or
its free cores. Each is set against a baseline counted the same way, in the same
venv. Per-file costs of a batch are (count for N files - count for 1 file) / (N - 1)
in one process, with N below the size at which batch workers start.

The tool is measured as a user gets it: a wheel is built from this checkout and
installed (not editable) with the dependencies' current versions into a temporary
venv made for the run, whose caches (byte code, compiled templates in a temporary
``XDG_CACHE_HOME``) are warmed by a first run of every command before it is counted.

Wall-clock medians, with the load average at the time, are a second column; peak
memory of a large batch is measured from its wall-clock runs (``os.wait4``) and does
not run under valgrind. ``--json FILE`` saves the raw figures, ``--compare FILE``
sets them against a saved run (more than 3 % worse is flagged), ``--write-docs``
puts the tables into docs/performance.md. The exit status is 1 when a target is
missed. Valgrind is installed with apt-get when missing and this runs as root.
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
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
QUESTIONNAIRE = ROOT / "questionnaires" / "customer-intimacy.yaml"
EXAMPLE = ROOT / "examples" / "northwind.yaml"
BENCH = ROOT / "bench"
DOCS = ROOT / "docs" / "performance.md"
START, END = "<!-- bench:start -->", "<!-- bench:end -->"
JSON_VERSION = 1
MB = 1024.0  # ru_maxrss is in KiB on Linux
MEMORY_LIMIT_MB, GROWTH_LIMIT_KB = 150, 1
WORSE_PERCENT = 3.0  # the team's rule: a figure more than this much worse needs a reason
# Files in the per-file batches: below batch.PARALLEL_MIN_INPUTS (64), so one process.
BATCH_FILES = 41
# Every figure's key (``--only`` picks some of them, for quick iteration on one figure).
FIGURE_KEYS = (
    "version",
    "help",
    "report",
    "report-vs-typer-floor",
    "report-vs-floor-models",
    "typer-floor",
    "batch-json-per-file",
    "batch-html-per-file",
    "rss-json",
    "rss-html",
)

VALGRIND = [
    "valgrind",
    "--tool=cachegrind",
    "--cache-sim=no",
    "--trace-children=yes",
    "--quiet",
]

# Baselines: what any run of the tool unavoidably pays.
IMPORT_TYPER = "import typer"
IMPORT_FLOOR = "import typer, rich.console, pydantic, yaml, jinja2"
# `import pydantic` is lazy: it loads neither BaseModel nor TypeAdapter, which both
# typer (for any command's options) and the models need. This floor includes them.
IMPORT_FLOOR_MODELS = "import typer, rich.console, pydantic.main, yaml, jinja2"
PARSE_ONLY = (
    "import sys, yaml\n"
    "for name in sys.argv[1:]:\n"
    "    with open(name, encoding='utf-8') as f:\n"
    "        yaml.load(f, Loader=yaml.CSafeLoader)\n"
)
PARSE_BASELINE = "`python -c` loop: open each file, `yaml.load(f, Loader=yaml.CSafeLoader)`"


@dataclass(frozen=True)
class Sample:
    """One finished child process."""

    seconds: float
    max_rss_kib: int


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


def _bundled() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(QUESTIONNAIRE.read_text(encoding="utf-8"))
    return data


def question_ids() -> tuple[list[str], list[str]]:
    """The bundled questionnaire's question ids and group ids, in order."""
    data = _bundled()
    return [q["id"] for q in data["questions"]], [g["id"] for g in data["groups"]]


def questionnaire_version() -> str:
    """The bundled questionnaire's version, which every generated file names."""
    return str(_bundled()["version"])


def initiative_ids() -> list[str]:
    """The bundled questionnaire's engagement initiatives (format 2), in order."""
    return [i["id"] for i in _bundled().get("engagement_initiatives", [])]


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
        f'questionnaire_version: "{VERSION}"',
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
    if INITIATIVES and rng.random() < 0.8:  # most interviews take the inventory
        lines.append("engagement:")
        for initiative in INITIATIVES:
            if rng.random() < 0.4:
                changed = rng.sample(
                    ["structure", "metrics", "rewards", "hiring"], rng.randint(0, 2)
                )
                lines.append(f"  {initiative}: {{runs: true, changed: [{', '.join(changed)}]}}")
            else:
                lines.append(f"  {initiative}: {{runs: false}}")
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


VERSION = questionnaire_version()
INITIATIVES = initiative_ids()


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


# --- the measured install -----------------------------------------------------------


def ensure_valgrind() -> None:
    """Valgrind on PATH: installed with apt-get when missing and this runs as root."""
    if shutil.which("valgrind"):
        return
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        raise SystemExit(
            "bench/run.py counts instructions with valgrind, which is not installed;"
            " install it (apt-get install valgrind), or run this as root and it will"
        )
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    install = ["apt-get", "install", "-y", "-qq", "valgrind"]
    print("installing valgrind with apt-get", file=sys.stderr)
    if subprocess.run(install, env=env, check=False).returncode:
        subprocess.run(["apt-get", "update", "-qq"], env=env, check=False)
        subprocess.run(install, env=env, check=False)
    if not shutil.which("valgrind"):
        raise SystemExit("apt-get could not install valgrind; install it and run again")


def _quiet(argv: list[str], what: str) -> str:
    """Run a set-up step; its output only when it fails."""
    done = subprocess.run(argv, capture_output=True, text=True, check=False)
    if done.returncode:
        raise SystemExit(f"{what} failed ({' '.join(argv[:4])} ...):\n{done.stderr[-3000:]}")
    return done.stdout


@dataclass(frozen=True)
class Tool:
    """The temporary venv holding this checkout's wheel, and how children run in it."""

    venv: Path
    cwd: Path
    env: dict[str, str]

    @property
    def python(self) -> str:
        """The venv's interpreter."""
        return str(self.venv / "bin" / "python")

    @property
    def script(self) -> str:
        """The installed console script, run as a user runs it."""
        return str(self.venv / "bin" / "ci-assess")

    def query(self, code: str) -> str:
        """What a short ``python -c`` prints in the venv (not measured)."""
        done = subprocess.run(
            [self.python, "-c", code], env=self.env, capture_output=True, text=True, check=False
        )
        return done.stdout.strip() if done.returncode == 0 else ""


def install(scratch: Path) -> Tool:
    """Build a wheel of this checkout and install it into a new venv (not editable).

    The dependencies are pinned to the versions of the Python running the bench, so
    the temporary venv holds what the development venv holds.
    """
    wheels = scratch / "wheel"
    _quiet(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(wheels), str(ROOT)],
        "building the wheel",
    )
    (wheel,) = wheels.glob("*.whl")
    venv = scratch / "venv"
    _quiet([sys.executable, "-m", "venv", str(venv)], "making the venv")
    frozen = _quiet([sys.executable, "-m", "pip", "freeze", "--exclude-editable"], "pip freeze")
    pins = [
        line
        for line in frozen.splitlines()
        if line and " @ " not in line and not line.lower().startswith(("ci-assess", "ci_assess"))
    ]
    constraints = scratch / "constraints.txt"
    constraints.write_text("\n".join(pins) + "\n", encoding="utf-8")
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "-q"]
    _quiet([*pip, "-c", str(constraints), str(wheel)], "installing the wheel")
    (scratch / "home").mkdir()
    env = {
        "PATH": os.pathsep.join([str(venv / "bin"), os.environ.get("PATH", os.defpath)]),
        "HOME": str(scratch / "home"),
        "XDG_CACHE_HOME": str(scratch / "cache"),  # the compiled-template cache
        "LANG": "C.UTF-8",
        "NO_COLOR": "1",
        "COLUMNS": "100",
        "PYTHONHASHSEED": "0",
    }
    return Tool(venv, scratch, env)


# --- running and counting -----------------------------------------------------------


@dataclass(frozen=True)
class Command:
    """One child process: its argv, and outputs (relative to the scratch) to remove first."""

    key: str
    argv: tuple[str, ...]
    clean: tuple[str, ...] = ()

    def prepare(self, cwd: Path) -> None:
        """Remove what an earlier run wrote, so that every run does the same work."""
        for name in self.clean:
            path = cwd / name
            if path.is_dir():
                shutil.rmtree(path)
            else:
                path.unlink(missing_ok=True)


def _failed(argv: Sequence[str], code: int, output: bytes) -> SystemExit:
    shown = output.decode(errors="replace")[-2000:]
    return SystemExit(f"{' '.join(argv[:4])} ... exited {code}:\n{shown}")


def run_once(command: Command, tool: Tool) -> Sample:
    """Run one child to completion: its wall time and the peak memory of its tree."""
    command.prepare(tool.cwd)
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(
            command.argv,
            cwd=tool.cwd,
            env=tool.env,
            stdin=subprocess.DEVNULL,
            stdout=err,
            stderr=err,
        )
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        code = os.waitstatus_to_exitcode(status)
        if code != 0:
            err.seek(0)
            raise _failed(command.argv, code, err.read())
    # A reaped child's ru_maxrss is the largest of itself and its own reaped children.
    return Sample(seconds, usage.ru_maxrss)


# What a command must not import (issues 17 and 18): English output never loads Babel,
# and only the commands that use the store load SQLAlchemy or Alembic. Checked on the
# commands the run counts, in the same venv, from Python's own import log.
NOT_IMPORTED: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("version", ("babel", "sqlalchemy", "alembic", "pydantic", "yaml", "jinja2")),
    ("help", ("babel", "sqlalchemy", "alembic", "pydantic", "yaml", "jinja2")),
    ("report-html", ("babel", "sqlalchemy", "alembic")),
    ("batch-json-", ("babel", "sqlalchemy", "alembic")),  # a command key's prefix: any N
    ("batch-html-", ("babel", "sqlalchemy", "alembic")),
)


def forbidden_imports(key: str) -> tuple[str, ...] | None:
    """What the command ``key`` must not import (None: not guarded)."""
    for guarded, names in NOT_IMPORTED:
        if key == guarded or (guarded.endswith("-") and key.startswith(guarded)):
            return names
    return None


def imported_packages(command: Command, tool: Tool) -> set[str]:
    """The top-level packages ``command`` imports (``PYTHONPROFILEIMPORTTIME``'s log)."""
    command.prepare(tool.cwd)
    done = subprocess.run(
        command.argv,
        cwd=tool.cwd,
        env={**tool.env, "PYTHONPROFILEIMPORTTIME": "1"},
        stdin=subprocess.DEVNULL,
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        raise _failed(command.argv, done.returncode, done.stderr)
    found = set()
    for line in done.stderr.decode(errors="replace").splitlines():
        if line.startswith("import time:") and line.count("|") == 2:
            name = line.rsplit("|", 1)[1].strip()
            if name != "package":  # the log's header line
                found.add(name.split(".", 1)[0])
    return found


def import_guards(commands: Sequence[Command], tool: Tool) -> list[dict[str, Any]]:
    """For each counted command with a guard: what it must not import, and what it did."""
    rows = []
    for command in commands:
        forbidden = forbidden_imports(command.key)
        if forbidden is None:
            continue
        loaded = imported_packages(command, tool)
        bad = sorted(name for name in forbidden if name in loaded)
        rows.append(
            {"command": command.key, "forbidden": list(forbidden), "imported": bad,
             "passed": not bad}
        )  # fmt: skip
    return rows


@dataclass(frozen=True)
class Count:
    """Instructions of one command's run, summed over its processes."""

    instructions: int
    processes: int


def count_once(command: Command, tool: Tool) -> Count:
    """Run ``command`` under cachegrind; sum every process's ``summary:`` line."""
    command.prepare(tool.cwd)
    with tempfile.TemporaryDirectory(prefix="cachegrind-", dir=tool.cwd) as out:
        pattern = Path(out) / "cachegrind.out.%p"
        argv = [*VALGRIND, f"--cachegrind-out-file={pattern}", *command.argv]
        done = subprocess.run(
            argv,
            cwd=tool.cwd,
            env=tool.env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            check=False,
        )
        if done.returncode:
            raise _failed(command.argv, done.returncode, done.stdout + done.stderr)
        totals = [
            int(line.split()[1])
            for path in Path(out).glob("cachegrind.out.*")
            for line in path.read_text(encoding="utf-8").splitlines()
            if line.startswith("summary:")
        ]
    if not totals:
        raise SystemExit(f"cachegrind wrote no summary for {' '.join(command.argv[:4])} ...")
    return Count(sum(totals), len(totals))


def count_all(
    commands: Sequence[Command], tool: Tool, passes: int, jobs: int
) -> dict[str, list[Count]]:
    """Count every command ``passes`` times, ``jobs`` at a time.

    Counts do not depend on the load, so distinct commands run side by side; the
    passes follow one another, so that no two runs of a command share its outputs.
    """
    counts: dict[str, list[Count]] = {c.key: [] for c in commands}
    for index in range(passes):
        print(f"counting instructions, pass {index + 1} of {passes}", file=sys.stderr)
        with ThreadPoolExecutor(max(1, jobs)) as pool:
            for command, found in zip(
                commands, pool.map(lambda c: count_once(c, tool), commands), strict=True
            ):
                counts[command.key].append(found)
    return counts


# --- the figures --------------------------------------------------------------------

# A quantity is a sum of commands' costs, each with a coefficient: one command's cost,
# or (N files - 1 file) / (N - 1) for a batch's cost per file.
Terms = tuple[tuple[float, Command], ...]


@dataclass(frozen=True)
class Figure:
    """A quantity set against its baseline, with the target for their ratio."""

    key: str
    name: str
    baseline_name: str
    subject: Terms
    baseline: Terms
    target: float | None = None
    per_file: bool = False
    note: str = ""

    def commands(self) -> list[Command]:
        """The distinct commands, baseline first."""
        found: dict[str, Command] = {}
        for _, command in (*self.baseline, *self.subject):
            found.setdefault(command.key, command)
        return list(found.values())


def python_c(key: str, code: str, tool: Tool, *args: str) -> Command:
    """A ``python -c`` baseline in the measured venv."""
    return Command(key, (tool.python, "-c", code, *args))


def per_file(many: Command, one: Command, count: int) -> Terms:
    """(many - one) / (count - 1)."""
    return ((1 / (count - 1), many), (-1 / (count - 1), one))


def startup_figures(tool: Tool) -> list[Figure]:
    """--version and --help against importing typer; one HTML report against floors."""
    typer_only = python_c("import-typer", IMPORT_TYPER, tool)
    floor = python_c("import-floor", IMPORT_FLOOR, tool)
    floor_models = python_c("import-floor-models", IMPORT_FLOOR_MODELS, tool)
    line = ("report", str(EXAMPLE), "-o", "northwind.html")
    report = Command("report-html", (tool.script, *line), clean=("northwind.html",))
    no_work = Command("typer-floor", (tool.python, str(BENCH / "typer_floor.py"), *line))
    name = "one HTML report (`report northwind.yaml -o X.html`, template cache warm)"
    no_work_name = "the same command line, `report` a no-op (`bench/typer_floor.py`)"
    return [
        Figure(
            "version",
            "`ci-assess --version`",
            f"`{IMPORT_TYPER}`",
            ((1, Command("version", (tool.script, "--version"))),),
            ((1, typer_only),),
            1.3,
        ),
        Figure(
            "help",
            "`ci-assess --help`",
            f"`{IMPORT_TYPER}`",
            ((1, Command("help", (tool.script, "--help"))),),
            ((1, typer_only),),
        ),
        Figure("report", name, f"`{IMPORT_FLOOR}`", ((1, report),), ((1, floor),), 1.6),
        Figure("report-vs-typer-floor", name, no_work_name, ((1, report),), ((1, no_work),), 1.1),
        Figure(
            "report-vs-floor-models",
            name,
            f"`{IMPORT_FLOOR_MODELS}`",
            ((1, report),),
            ((1, floor_models),),
        ),
        Figure(
            "typer-floor",
            no_work_name,
            f"`{IMPORT_FLOOR}`",
            ((1, no_work),),
            ((1, floor),),
            note="what typer alone costs for report's options",
        ),
    ]


def batch_figures(tool: Tool, names: list[str]) -> list[Figure]:
    """Cost per file of a batch in one process, against the C parser on the same files."""
    count = len(names)
    parse_many = python_c(f"parse-{count}", PARSE_ONLY, tool, *names)
    parse_one = python_c("parse-1", PARSE_ONLY, tool, names[0])
    baseline = per_file(parse_many, parse_one, count)
    figures = []
    for fmt, target in (("json", 2.2), ("html", 3.0)):

        def command(inputs: list[str], fmt: str = fmt) -> Command:
            out = f"out/{fmt}-{len(inputs):03d}"  # the same length for 1 and N files
            argv = (tool.script, "report", *inputs, "--out-dir", out, "-f", fmt, "-q")
            return Command(f"batch-{fmt}-{len(inputs)}", argv, clean=(out,))

        figures.append(
            Figure(
                f"batch-{fmt}-per-file",
                f"batch → {fmt}, per file (({count} files - 1 file) / {count - 1}, one process)",
                f"{PARSE_BASELINE}, the same difference",
                per_file(command(names), command(names[:1]), count),
                baseline,
                target,
                per_file=True,
            )
        )
    return figures


def value(terms: Terms, costs: dict[str, float]) -> float:
    """The quantity from each command's cost."""
    return sum(coefficient * costs[command.key] for coefficient, command in terms)


def count_figures(
    figures: list[Figure], counts: dict[str, list[Count]]
) -> dict[str, dict[str, Any]]:
    """Each figure's instructions, its baseline's, their ratio and whether it passes."""
    costs = {key: statistics.median(c.instructions for c in found) for key, found in counts.items()}
    results = {}
    for figure in figures:
        subject, base = value(figure.subject, costs), value(figure.baseline, costs)
        ratio = subject / base
        keys = [c.key for c in figure.commands()]
        spread = max(
            max(c.instructions for c in counts[k]) - min(c.instructions for c in counts[k])
            for k in keys
        )
        results[figure.key] = {
            "key": figure.key,
            "name": figure.name,
            "baseline": figure.baseline_name,
            "target": figure.target,
            "per_file": figure.per_file,
            "note": figure.note,
            "instructions": subject,
            "baseline_instructions": base,
            "ratio": ratio,
            "passed": None if figure.target is None else ratio <= figure.target,
            "spread": spread,
        }
    return results


def check_one_process(figures: list[Figure], counts: dict[str, list[Count]]) -> None:
    """A per-file figure is meaningless if the N-file run started batch workers."""
    for figure in figures:
        if not figure.per_file:
            continue
        processes = {c.key: counts[c.key][0].processes for c in figure.commands()}
        if len(set(processes.values())) > 1:
            raise SystemExit(
                f"{figure.key}: the runs had different numbers of processes ({processes});"
                f" batch workers started below {BATCH_FILES} files? Lower --batch-files"
                " or force the batch to run serially."
            )


def wall_figure(figure: Figure, tool: Tool, repeat: int) -> dict[str, Any]:
    """Median wall times of the figure's commands, interleaved, after one warm-up round."""
    commands = figure.commands()
    seconds: dict[str, list[float]] = {c.key: [] for c in commands}
    for command in commands:
        run_once(command, tool)
    load = os.getloadavg()
    for _ in range(repeat):
        for command in commands:
            seconds[command.key].append(run_once(command, tool).seconds)
    medians = {key: statistics.median(found) for key, found in seconds.items()}
    subject, base = value(figure.subject, medians), value(figure.baseline, medians)
    return {
        "wall_s": subject,
        "baseline_wall_s": base,
        "wall_ratio": subject / base if base > 0 else None,
        "wall_repeat": repeat,
        "load": [round(x, 2) for x in load],
        "load_after": [round(x, 2) for x in os.getloadavg()],
    }


# --- peak memory of a large batch (wall clock, not under valgrind) -------------------


RSS_KEYS = ("rss-json", "rss-html")


def rss_rows(
    tool: Tool, names: list[str], repeat: int, keys: Sequence[str] = RSS_KEYS
) -> list[dict[str, Any]]:
    """A large batch as a user runs it (workers and all): peak memory, time per file."""
    rows = []
    count = len(names)
    small = names[: max(1, count // 10)]
    parse_only = python_c("parse-all", PARSE_ONLY, tool, *names)
    for fmt in (key.removeprefix("rss-") for key in keys):

        def command(inputs: list[str], fmt: str = fmt) -> Command:
            out = f"out-{fmt}"
            argv = (tool.script, "report", *inputs, "--out-dir", out, "-f", fmt, "-q")
            return Command(f"rss-{fmt}-{len(inputs)}", argv, clean=(out,))

        big, little = command(names), command(small)
        load = os.getloadavg()
        small_samples = [run_once(little, tool) for _ in range(repeat + 1)][1:]
        samples, baseline = [], []
        for _ in range(repeat):
            baseline.append(run_once(parse_only, tool))
            samples.append(run_once(big, tool))
        big.prepare(tool.cwd)
        peak = statistics.median(s.max_rss_kib for s in samples) / MB
        peak_small = statistics.median(s.max_rss_kib for s in small_samples) / MB
        # Flat means nothing is kept per report (one is some 60 KB of text, more as
        # objects). The file names and output paths themselves are bound to grow.
        per_file_kb = (peak - peak_small) * 1024 / max(1, count - len(small))
        rows.append(
            {
                "key": f"rss-{fmt}",
                "name": f"{count:,} files → {fmt}, one run (workers as a user gets them)",
                "files": count,
                "small_files": len(small),
                "peak_mb": peak,
                "small_peak_mb": peak_small,
                "per_added_file_kb": per_file_kb,
                "wall_per_file_ms": statistics.median(s.seconds for s in samples) / count * 1e3,
                "baseline_wall_per_file_ms": statistics.median(s.seconds for s in baseline)
                / count
                * 1e3,
                "target": f"≤ {MEMORY_LIMIT_MB} MB, < {GROWTH_LIMIT_KB} KB per added file",
                "passed": peak <= MEMORY_LIMIT_MB and per_file_kb < GROWTH_LIMIT_KB,
                "repeat": repeat,
                "load": [round(x, 2) for x in load],
            }
        )
    return rows


# --- where one file's time goes (one process, in-process timers) ---------------------

# "validate" is loading.answers_from_data (the models, then the checks against the
# questionnaire); "write" stores the HTML report (atomically, no fsync).
PHASES = ["read", "parse", "validate", "score", "render json", "render html", "write"]


def phases(out: Path, names: list[str]) -> dict[str, float]:
    """Seconds per file for each step of the batch path, and for the baseline.

    Runs in a child (``--phases-child``) in the measured venv.
    """
    import gc

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
        # What the load path runs: the models, then ids and levels against the questionnaire.
        answers = loading.answers_from_data(data, name, text, Path(name).parent).answers
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


def phase_times(tool: Tool, names: list[str]) -> dict[str, float]:
    """Run ``phases`` in a child in the measured venv (wall clock, in-process timers)."""
    done = subprocess.run(
        [tool.python, __file__, "--phases-child", str(tool.cwd / "out-phases"), *names],
        cwd=tool.cwd,
        env=tool.env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        raise SystemExit(f"the in-process timing failed:\n{done.stderr[-2000:]}")
    seconds: dict[str, float] = json.loads(done.stdout)
    return seconds


def phase_table(seconds: dict[str, float], count: int) -> str:
    """The step times as a table."""
    json_total = sum(v for k, v in seconds.items() if k in PHASES and k != "render html")
    html_total = sum(v for k, v in seconds.items() if k in PHASES and k != "render json")
    lines = [
        f"Where one file's time goes, in one process ({count:,} files, in-process timers,"
        " wall clock):",
        "",
        "| step | ms per file | share of a JSON file | share of an HTML file |",
        "|---|---|---|---|",
    ]
    for phase in PHASES:
        spent = seconds[phase]
        json_share = "" if phase == "render html" else f"{spent / json_total:.0%}"
        html_share = "" if phase == "render json" else f"{spent / html_total:.0%}"
        lines.append(f"| {phase} | {spent * 1000:.3f} | {json_share} | {html_share} |")
    lines.append(f"| **total** | | {json_total * 1000:.3f} ms | {html_total * 1000:.3f} ms |")
    lines.append(
        f"| baseline: read + `yaml.load(CSafeLoader)` | {seconds['baseline'] * 1000:.3f} | | |"
    )
    return "\n".join(lines)


# --- showing, saving and comparing ---------------------------------------------------


def _instructions(count: float, per_file: bool) -> str:
    return f"{count / 1e6:,.2f} M" if per_file else f"{count / 1e6:,.1f} M"


def _wall(seconds: float | None, per_file: bool) -> str:
    if seconds is None:
        return ""
    return f"{seconds * 1000:.2f} ms" if per_file else f"{seconds:.3f} s"


def _verdict(passed: bool | None) -> str:
    return {True: "pass", False: "**FAIL**", None: "info"}[passed]


def _markdown(head: list[str], rows: Iterable[list[str]]) -> str:
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines.extend("| " + " | ".join(row) + " |" for row in rows)
    return "\n".join(lines)


def figures_table(figures: list[dict[str, Any]]) -> str:
    """The instruction figures, with their wall-clock medians beside them."""
    head = [
        "figure",
        "instructions",
        "baseline",
        "baseline instructions",
        "ratio",
        "target",
        "result",
        "wall median",
        "baseline wall",
        "wall ratio",
        "load (1 min)",
    ]
    rows = []
    for f in figures:
        per = bool(f["per_file"])
        wall_ratio = f.get("wall_ratio")
        load = f.get("load")
        rows.append(
            [
                f["name"],
                _instructions(f["instructions"], per),
                f["baseline"],
                _instructions(f["baseline_instructions"], per),
                f"{f['ratio']:.2f}",
                f"≤ {f['target']:g}x" if f["target"] is not None else "",
                _verdict(f["passed"]),
                _wall(f.get("wall_s"), per),
                _wall(f.get("baseline_wall_s"), per),
                "" if wall_ratio is None else f"{wall_ratio:.2f}",
                "" if not load else f"{load[0]:.2f}",
            ]
        )
    return _markdown(head, rows)


def rss_table(rows: list[dict[str, Any]]) -> str:
    """Peak memory of a large batch, and its wall time per file (workers included)."""
    head = [
        "figure",
        "peak memory",
        "per added file",
        "smaller run",
        "wall per file",
        "parse baseline, wall per file",
        "target",
        "result",
        "load (1 min)",
    ]
    return _markdown(
        head,
        (
            [
                r["name"],
                f"{r['peak_mb']:.1f} MB",
                f"{r['per_added_file_kb']:+.2f} KB",
                f"{r['small_peak_mb']:.1f} MB at {r['small_files']:,} files",
                f"{r['wall_per_file_ms']:.2f} ms",
                f"{r['baseline_wall_per_file_ms']:.2f} ms",
                r["target"],
                _verdict(r["passed"]),
                f"{r['load'][0]:.2f}",
            ]
            for r in rows
        ),
    )


def render(results: dict[str, Any]) -> str:
    """The Markdown block: the command, where and how it was measured, the tables."""
    m = results["measured"]
    packages = ", ".join(f"{k} {v}" for k, v in m["packages"].items())
    load = m["load"]
    dirty = " (uncommitted changes)" if m["dirty"] else ""
    note = (
        f"Measured {m['date']} at {m['commit'][:12]}{dirty},"
        f" Python {m['python']} on {m['system']}, {m['cpus']} CPU core(s), load average"
        f" {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} at the start; {m['valgrind']};"
        f" libyaml {'present' if m['libyaml'] else 'absent'}; {packages}. Tool installed"
        f" from a wheel into a temporary venv. Instructions: cachegrind, every process"
        f" summed, median of {results['counts']} count(s) per command"
    )
    if results["counts"] > 1:
        note += f" (largest spread between counts of one command: {results['spread']:,})"
    note += "."
    if results["wall_repeat"]:
        note += f" Wall: medians of {results['wall_repeat']} interleaved runs per command."
    note += f" The whole run took {results['elapsed_s'] / 60:.1f} min."
    block = f"```sh\n{results['command']}\n```\n\n{note}"
    if results["figures"]:
        block += f"\n\n{figures_table(results['figures'])}"
    if results["rss"]:
        repeat = results["rss"][0]["repeat"]
        block += (
            f"\n\nPeak memory (largest resident set of the run or any of its workers) and"
            f" wall time per file of one large batch, as a user runs it; medians of"
            f" {repeat} runs, not under valgrind:\n\n{rss_table(results['rss'])}"
        )
    if results.get("import_guards"):
        block += f"\n\n{guards_table(results['import_guards'])}"
    if results.get("phases"):
        block += f"\n\n{phase_table(results['phases'], results['phase_files'])}"
    return block


def guards_table(rows: list[dict[str, Any]]) -> str:
    """What each guarded command must not import, and the verdict."""
    table = _markdown(
        ["command", "must not import", "imported", "result"],
        (
            [
                f"`{row['command']}`",
                ", ".join(row["forbidden"]),
                ", ".join(row["imported"]) or "none",
                _verdict(row["passed"]),
            ]
            for row in rows
        ),
    )
    return f"Imports (Python's import log, `PYTHONPROFILEIMPORTTIME=1`; English output):\n\n{table}"


def compare(new: dict[str, Any], old: dict[str, Any]) -> tuple[str, int]:
    """Each figure's change in percent against a saved run; how many are too much worse.

    Instructions, ratios and peak memory are flagged when more than WORSE_PERCENT
    worse; wall times and memory growth per file are shown, not flagged (noise).
    """
    rows: list[list[str]] = []
    worse: set[str] = set()
    measures = {
        "figures": [
            ("instructions", True),
            ("ratio", True),
            ("baseline_instructions", False),
            ("wall_s", False),
        ],
        "rss": [("peak_mb", True), ("per_added_file_kb", False), ("wall_per_file_ms", False)],
    }
    for section, wanted in measures.items():
        before_all = {f["key"]: f for f in old.get(section) or []}
        for figure in new.get(section) or []:
            before = before_all.pop(figure["key"], None)
            if before is None:
                rows.append([figure["key"], "", "", "", "new figure", ""])
                continue
            for measure, flagged in wanted:
                a, b = before.get(measure), figure.get(measure)
                if a is None or b is None or a == 0:
                    continue
                change = (b - a) / abs(a) * 100
                flag = flagged and change > WORSE_PERCENT
                if flag:
                    worse.add(figure["key"])
                if flagged:
                    shown = f"**more than {WORSE_PERCENT:g} % worse**" if flag else ""
                elif measure == "baseline_instructions" and abs(change) > 1:
                    shown = "not flagged; the baseline moved (another Python or libraries?)"
                else:
                    shown = "not flagged"
                rows.append(
                    [
                        figure["key"],
                        measure.replace("_", " "),
                        f"{a:,.4g}" if abs(a) < 1000 else f"{a:,.0f}",
                        f"{b:,.4g}" if abs(b) < 1000 else f"{b:,.0f}",
                        f"{change:+.2f} %",
                        shown,
                    ]
                )
        rows.extend([key, "", "", "", "not in this run", ""] for key in before_all)
    then = old.get("measured", {})
    text = (
        f"Against {then.get('date', '?')} at {str(then.get('commit', '?'))[:12]}:\n\n"
        + _markdown(["figure", "measure", "before", "now", "change", "flag"], rows)
        + f"\n\n{len(worse)} figure(s) more than {WORSE_PERCENT:g} % worse"
        + (f" ({', '.join(sorted(worse))}): each needs a reason." if worse else ".")
    )
    return text, len(worse)


def machine(tool: Tool) -> dict[str, Any]:
    """Where and on what the figures were measured."""
    git = ["git", "-C", str(ROOT)]

    def out(argv: list[str]) -> str:
        done = subprocess.run(argv, capture_output=True, text=True, check=False)
        return done.stdout.strip()

    commit = out([*git, "rev-parse", "HEAD"])
    dirty = out([*git, "status", "--porcelain", "--untracked-files=no"])
    versions = tool.query(
        "import importlib.metadata as m, json; print(json.dumps(sorted("
        "(d.metadata['Name'], d.version) for d in m.distributions())))"
    )
    packages = {
        name: version
        for name, version in (json.loads(versions) if versions else [])
        if name not in {"pip", "setuptools", "wheel"}
    }
    return {
        "date": dt.date.today().isoformat(),
        "commit": commit or "unknown",
        "dirty": bool(dirty),
        "python": tool.query("import platform; print(platform.python_version())"),
        "system": f"{platform.system()} {platform.machine()}",
        "cpus": os.cpu_count(),
        "valgrind": out(["valgrind", "--version"]),
        "libyaml": tool.query("import yaml; print(yaml.__with_libyaml__)") == "True",
        "packages": packages,
        "load": [round(x, 2) for x in os.getloadavg()],
    }


def write_docs(block: str) -> None:
    """Replace the generated block of docs/performance.md."""
    text = DOCS.read_text(encoding="utf-8")
    head, found, rest = text.partition(START)
    _, found_end, tail = rest.partition(END)
    if not (found and found_end):
        raise SystemExit(f"{DOCS} needs the markers {START} and {END}")
    DOCS.write_text(f"{head}{START}\n{block}\n{END}{tail}", encoding="utf-8")


# --- the run -----------------------------------------------------------------------


def default_scratch() -> Path | None:
    """A RAM disk when there is one: file creation on a disk can cost more than a report."""
    shm = Path("/dev/shm")
    return shm if shm.is_dir() and os.access(shm, os.W_OK) else None


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    add = parser.add_argument
    add("--quick", action="store_true", help="one count per command, 5 wall runs, no RSS")
    add("--counts", type=int, help="instruction counts per command (default 2, quick 1)")
    add("--wall-repeat", type=int, help="wall runs per command (default 21, quick 5)")
    add("--skip-wall", action="store_true", help="instructions only, no wall column")
    add("--skip-startup", action="store_true", help="no --version, --help, one-report rows")
    add("--skip-batch", action="store_true", help="no per-file batch rows")
    add("--skip-rss", action="store_true", help="no large-batch memory rows")
    add("--batch-files", type=int, default=BATCH_FILES, help="N of the per-file figures")
    add("--files", type=int, default=10_000, help="answers files of the memory batch")
    add("--repeat", type=int, default=3, help="runs per memory batch")
    add("--phases", action="store_true", help="also time each step in one process")
    add("--jobs", type=int, default=len(os.sched_getaffinity(0)), help="counts run at once")
    add("--seed", type=int, default=20261120, help="generator seed")
    add("--scratch", type=Path, default=default_scratch(), help="folder for venv and files")
    add("--json", type=Path, help="save the raw figures here")
    add("--compare", type=Path, help="show each figure's change against this saved run")
    add("--from-json", type=Path, help="measure nothing: show (compare, write) this run")
    add("--write-docs", action="store_true", help=f"update {DOCS.name}")
    add(
        "--only",
        type=lambda text: [key.strip() for key in text.split(",") if key.strip()],
        help="measure only these figures, comma-separated: " + ", ".join(FIGURE_KEYS),
    )
    add("--phases-child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.counts is None:
        args.counts = 1 if args.quick else 2
    if args.wall_repeat is None:
        args.wall_repeat = 5 if args.quick else 21
    args.skip_rss = args.skip_rss or args.quick
    if args.batch_files < 2:
        parser.error("--batch-files must be at least 2")
    if args.only is not None:
        unknown = [key for key in args.only if key not in FIGURE_KEYS]
        if unknown or not args.only:
            parser.error(f"--only takes figure keys among {', '.join(FIGURE_KEYS)}")
        if args.write_docs:
            parser.error("--write-docs records every figure; it cannot go with --only")
        args.skip_rss = not any(key in RSS_KEYS for key in args.only)
    return args


def selected(figures: list[Figure], only: Sequence[str] | None) -> list[Figure]:
    """The figures ``--only`` names (all without it), in the bench's order."""
    return figures if only is None else [f for f in figures if f.key in only]


def measure(args: argparse.Namespace, command: str) -> dict[str, Any]:
    """Install, generate the inputs, count and time every figure."""
    ensure_valgrind()
    started = last = time.perf_counter()
    stages: dict[str, float] = {}

    def lap(stage: str) -> None:  # how long each stage took, for the JSON
        nonlocal last
        now = time.perf_counter()
        stages[stage] = round(now - last, 1)
        last = now

    with tempfile.TemporaryDirectory(prefix="ci-assess-bench-", dir=args.scratch) as scratch:
        folder = Path(scratch)
        print(f"building and installing the wheel in {folder}", file=sys.stderr)
        tool = install(folder)
        measured = machine(tool)
        wanted = [args.batch_files, 0 if args.skip_rss else args.files, 2000 if args.phases else 0]
        names = generate(folder, max(wanted), args.seed)
        lap("install and generate")
        threshold = tool.query(
            "from ci_assess.batch import PARALLEL_MIN_INPUTS; print(PARALLEL_MIN_INPUTS)"
        )
        batch_wanted = not args.skip_batch and (
            args.only is None or any(k.startswith("batch-") for k in args.only)
        )
        if batch_wanted and threshold.isdigit() and args.batch_files >= int(threshold):
            raise SystemExit(
                f"--batch-files {args.batch_files} would start batch workers"
                f" (from {threshold} inputs on): the per-file figures must be one process"
            )
        figures = [] if args.skip_startup else startup_figures(tool)
        if not args.skip_batch:
            figures += batch_figures(tool, names[: args.batch_files])
        figures = selected(figures, args.only)
        commands = list({c.key: c for f in figures for c in f.commands()}.values())
        for command_ in commands:  # warm: byte code, template cache; and does it run?
            run_once(command_, tool)
        guards = import_guards(commands, tool)
        lap("warm-up")
        counts = count_all(commands, tool, args.counts, args.jobs)
        lap("instruction counts")
        check_one_process(figures, counts)
        results = count_figures(figures, counts)
        if not args.skip_wall:
            for figure in figures:
                print(f"wall clock: {figure.key}", file=sys.stderr)
                results[figure.key].update(wall_figure(figure, tool, args.wall_repeat))
        lap("wall clock")
        if not args.skip_rss:
            print(f"peak memory: {args.files:,} files", file=sys.stderr)
        rss_keys = [k for k in RSS_KEYS if args.only is None or k in args.only]
        rss = [] if args.skip_rss else rss_rows(tool, names[: args.files], args.repeat, rss_keys)
        lap("peak memory")
        phases = phase_times(tool, names[:2000]) if args.phases else None
        lap("phases")
    spread = max((f["spread"] for f in results.values()), default=0)
    return {
        "version": JSON_VERSION,
        "command": command,
        "measured": measured,
        "counts": args.counts,
        "spread": spread,
        "wall_repeat": 0 if args.skip_wall else args.wall_repeat,
        "batch_files": args.batch_files,
        "figures": list(results.values()),
        "rss": rss,
        "import_guards": guards,
        "phases": phases,
        "phase_files": 2000 if args.phases else 0,
        "commands": {
            key: {
                "argv": [Path(a).name if a.startswith(str(folder)) else a for a in c.argv[:8]],
                "instructions": [found.instructions for found in counts[key]],
                "processes": counts[key][0].processes,
            }
            for key, c in ((c.key, c) for c in commands)
        },
        "elapsed_s": time.perf_counter() - started,
        "stages_s": stages,
    }


def main(argv: Sequence[str] | None = None) -> int:
    """Measure (or load) a run, print it, and save, compare or write it to the docs."""
    words = list(sys.argv[1:] if argv is None else argv)
    args = parse_args(words)
    if args.phases_child:
        out, *names = args.phases_child
        print(json.dumps(phases(Path(out), names)))
        return 0
    if args.from_json:
        results: dict[str, Any] = json.loads(args.from_json.read_text(encoding="utf-8"))
    else:
        results = measure(args, " ".join(["python bench/run.py", *words]))
    block = render(results)
    print(block)
    if args.json:
        args.json.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
        print(f"\nwrote {args.json}", file=sys.stderr)
    if args.compare:
        text, _ = compare(results, json.loads(args.compare.read_text(encoding="utf-8")))
        print(f"\n{text}")
    if args.write_docs:
        write_docs(block)
        print(f"\nwrote {DOCS.relative_to(ROOT)}", file=sys.stderr)
    rows = [*results["figures"], *results["rss"], *results.get("import_guards", [])]
    return 0 if all(row["passed"] is not False for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
