"""Render reports for many answers files in one run.

A bad file never stops the others: its error is recorded, every good file still gets
its report, and reports are written atomically so none is left half-written. The
questionnaire is parsed and the templates are compiled once per run, not per file.

A large batch is shared between worker processes, one per available core (see
``run``); what comes back is the same, in the same order, as from a single process.
"""

from __future__ import annotations

import gc
import os
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ci_assess.app.assess import assess
from ci_assess.core.gates import Gate, GateSpecError, apply_gates, failed
from ci_assess.core.models.report import GateResult, Report
from ci_assess.errors import CiAssessError, InputError, UsageError
from ci_assess.files.writing import write_atomic
from ci_assess.files.yamlio import STDIN
from ci_assess.render import Format, Renderer

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

    from ci_assess.render.pdf import Paper

# Below this many inputs, starting worker processes costs more than it saves.
PARALLEL_MIN_INPUTS = 64
# Inputs per task sent to a worker, and tasks in flight per worker: enough to keep
# every core busy, few enough that memory stays flat however many inputs there are.
CHUNK_SIZE = 32
CHUNKS_PER_WORKER = 4


@dataclass(frozen=True)
class Headline:
    """The figures a run's summary shows for one report.

    Outcomes carry this rather than the whole report: it is all the summary needs,
    it keeps memory flat over a large batch, and it is cheap to pass between
    processes (pickling a whole report costs about as much as rendering it).
    """

    company: str
    score: float | None
    level: str | None
    pattern: str
    gated: bool

    @classmethod
    def of(cls, report: Report) -> Headline:
        """The headline figures of ``report``."""
        return cls(
            report.company,
            report.overall.score,
            report.overall.level,
            report.placement.pattern,
            report.gates is not None,
        )


@dataclass(frozen=True)
class Outcome:
    """What happened to one input."""

    source: str
    output: Path | None = None
    headline: Headline | None = None
    error: CiAssessError | None = None
    failed_gates: list[GateResult] = field(default_factory=list)


@dataclass(frozen=True)
class Job:
    """One run's settings, shared by every input."""

    renderer: Renderer
    fmt: Format
    strict: bool = False
    questionnaire: str | None = None
    gates: list[Gate] = field(default_factory=list)
    pdf_paper: Paper | None = None  # set: print the HTML to PDF on this paper size
    force: bool = False  # replace read-only report files (--force)


def output_paths(
    inputs: list[str], out_dir: Path, fmt: Format, *, extension: str | None = None
) -> list[Path]:
    """One report per input, named after it; sub-folders mirror the inputs' own.

    Paths are taken relative to the inputs' common folder, so that
    ``clients/acme/ceo.yaml`` and ``clients/zeta/ceo.yaml`` do not collide. Symbolic
    links are not followed: a linked client folder keeps the name it is given by.
    """
    # Plain strings until the end: a batch can name ten thousand inputs, and a Path
    # per step per input would make this the largest thing the run keeps in memory.
    # abspath, not realpath (Path.resolve): a symbolic link is kept, not followed.
    resolved = {p: os.path.abspath(p) for p in inputs if p != STDIN}  # noqa: PTH100
    parents = {os.path.dirname(p) for p in resolved.values()}  # noqa: PTH120 - strings
    common = os.path.commonpath(parents) if parents else str(Path.cwd())
    paths = []
    for name in inputs:
        relative = "stdin" if name == STDIN else os.path.relpath(resolved[name], common)
        paths.append(out_dir / Path(relative).with_suffix(extension or fmt.extension))
    return paths


def check_distinct(inputs: list[str], targets: list[Path]) -> None:
    """Raise UsageError if two inputs would write the same report.

    ``ceo.yaml`` and ``ceo.yml``, or one file given twice, map to one output file:
    the second report would silently replace the first.
    """
    first: dict[Path, str] = {}
    for name, target in zip(inputs, targets, strict=True):
        if target in first:
            raise UsageError(
                f"{first[target]!r} and {name!r} would both be written to {str(target)!r}; "
                "give each input once, under a name of its own"
            )
        first[target] = name


def make_folders(targets: Iterable[Path | None]) -> None:
    """Create the folders the reports go into, each once, before any report is written."""
    for folder in sorted({target.parent for target in targets if target is not None}):
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise InputError.single(
                str(folder),
                f"folder cannot be created: {exc.strerror or exc}",
                hint="a file may stand where a folder is needed; choose another output folder",
            ) from None


def render_one(job: Job, source: str, target: Path | None) -> tuple[Report, str]:
    """Assess, gate and render one input; write it when ``target`` is given."""
    report = apply_gates(
        assess(source, strict=job.strict, questionnaire=job.questionnaire), job.gates
    )
    text = job.renderer.render(report)
    if target is not None:  # its folder was made by run()
        if job.pdf_paper is not None:
            from ci_assess.render.pdf import write_pdf

            write_pdf(text, target, job.pdf_paper, force=job.force)
        else:
            # Atomic but not fsynced: see write_atomic for why reports need no fsync.
            write_atomic(target, text, durable=False, force=job.force)
    return report, text


def run(
    job: Job,
    inputs: list[str],
    targets: list[Path | None],
    emit: Callable[[str], object],
    *,
    workers: int | None = None,
) -> Iterator[Outcome]:
    """Process every input in order; ``emit`` receives text meant for standard output.

    From ``PARALLEL_MIN_INPUTS`` inputs on, the work is shared between ``workers``
    processes (default: one per available core). They are started here, before the
    caller iterates (and before it starts a progress-bar thread), by forking, so they
    inherit the loaded questionnaire and the compiled templates. Outcomes still come
    back one per input in input order, errors included, and only a few chunks are
    in flight at a time. ``workers=1`` forces a single process.

    The targets' folders are created first; InputError if one cannot be.
    """
    make_folders(targets)
    pairs = list(zip(inputs, targets, strict=True))
    count = _worker_count(pairs) if workers is None else workers
    if count > 1 and _can_fork() and all(t is not None for _, t in pairs):
        return _parallel(job, pairs, count)
    return _serial(job, pairs, emit)


def _outcome(
    job: Job, source: str, target: Path | None, emit: Callable[[str], object] | None
) -> Outcome:
    try:
        report, text = render_one(job, source, target)
    except GateSpecError:
        raise  # a usage error: the same for every file, so stop at once
    except CiAssessError as exc:
        return Outcome(source=source, error=exc)
    if target is None and emit is not None:
        emit(text)
    return Outcome(source, target, Headline.of(report), failed_gates=failed(report))


def _serial(
    job: Job, pairs: list[tuple[str, Path | None]], emit: Callable[[str], object]
) -> Iterator[Outcome]:
    with _frozen_heap():
        for source, target in pairs:
            yield _outcome(job, source, target, emit)


@contextmanager
def _frozen_heap() -> Iterator[None]:
    """Keep the garbage collector off the objects that live for the whole run.

    A batch allocates many short-lived objects, so collections run often, and each
    full one would walk every module, model and compiled template loaded so far.
    """
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _worker_count(pairs: list[tuple[str, Path | None]]) -> int:
    if len(pairs) < PARALLEL_MIN_INPUTS or any(source == STDIN for source, _ in pairs):
        return 1  # standard input can be read by this process only
    cores = os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else None
    return len(cores) if cores else os.cpu_count() or 1


def _can_fork() -> bool:
    # Workers must inherit the job (compiled templates cannot be pickled). macOS
    # system libraries are not fork-safe, hence spawn is its default: stay serial.
    import multiprocessing

    return sys.platform != "darwin" and "fork" in multiprocessing.get_all_start_methods()


_worker_job: Job | None = None


def _start_worker(job: Job) -> None:
    global _worker_job  # noqa: PLW0603 - one job per worker process, set once
    _worker_job = job
    gc.freeze()  # what was inherited stays put: no collection walks it, no page copied
    # Ctrl-C reaches the whole process group. Only the parent acts on it: it stops
    # handing out work, and each worker finishes the report it is writing and exits
    # quietly (no traceback from an idle worker, no report cut short).
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _work(chunk: list[tuple[str, Path | None]]) -> list[Outcome]:
    assert _worker_job is not None, "worker started without a job"
    return [_outcome(_worker_job, source, target, None) for source, target in chunk]


def _parallel(job: Job, pairs: list[tuple[str, Path | None]], count: int) -> Iterator[Outcome]:
    import multiprocessing  # here, not at the top: a single report never pays for them
    from concurrent.futures import ProcessPoolExecutor

    chunks = [pairs[i : i + CHUNK_SIZE] for i in range(0, len(pairs), CHUNK_SIZE)]
    count = min(count, len(chunks))
    window = count * CHUNKS_PER_WORKER
    executor = ProcessPoolExecutor(
        count,
        mp_context=multiprocessing.get_context("fork"),
        initializer=_start_worker,
        initargs=(job,),
    )
    # The first submit forks every worker, now, while this process has one thread.
    pending = deque(executor.submit(_work, chunk) for chunk in chunks[:window])
    return _collect(executor, pending, iter(chunks[window:]))


def _collect(
    executor: ProcessPoolExecutor,
    pending: deque[Future[list[Outcome]]],
    rest: Iterator[list[tuple[str, Path | None]]],
) -> Iterator[Outcome]:
    """Yield each chunk's outcomes in order, topping the window up as chunks finish."""
    try:
        while pending:
            outcomes = pending.popleft().result()
            following = next(rest, None)
            if following is not None:
                pending.append(executor.submit(_work, following))
            yield from outcomes
    finally:
        executor.shutdown(wait=True, cancel_futures=True)
