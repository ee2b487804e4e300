"""Render reports for many answers files in one run.

A bad file never stops the others: its error is recorded, every good file still gets
its report, and reports are written atomically so none is left half-written. The
questionnaire is parsed and the templates are compiled once per run, not per file.

A large batch is shared between worker processes, one per available core (see
``run``); what comes back is the same, in the same order, as from a single process.
Workers build what they need from the job's plain settings, so they may be forked
(Linux) or spawned (macOS, Windows); they stop between files when the run is
interrupted or their parent has died, never in the middle of a report.

A bug on one file (an exception that is not a ``CiAssessError``) is that file's
outcome, like a bad input: the other files still get their reports.
"""

from __future__ import annotations

import gc
import os
import signal
import sys
import threading
import time
import traceback
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from itertools import islice
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, NamedTuple, NoReturn

from ci_assess.app.assess import assess
from ci_assess.core.gates import Gate, GateSpecError, apply_gates, failed
from ci_assess.core.models.report import GateResult, Report
from ci_assess.errors import CiAssessError, ExitCode, InputError, UsageError, internal_error_line
from ci_assess.files.writing import is_partial, write_atomic
from ci_assess.files.yamlio import STDIN
from ci_assess.render import Format, Renderer

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor
    from multiprocessing.synchronize import Event

    from ci_assess.app.compare import Extras
    from ci_assess.core.branding import Branding
    from ci_assess.render.pdf import Paper

# Below this many inputs, starting worker processes costs more than it saves.
PARALLEL_MIN_INPUTS = 64
# Inputs per task sent to a worker, and tasks in flight per worker: enough to keep
# every core busy, few enough that memory stays flat however many inputs there are.
CHUNK_SIZE = 32
CHUNKS_PER_WORKER = 4
# How often an idle worker looks whether its parent is still there.
PARENT_POLL_SECONDS = 0.5


# The value classes below are a named tuple and plain ``__slots__`` classes, not
# dataclasses: a dataclass's methods are generated as source and compiled at import, in
# every process (about 3.5 M instructions for a small frozen one), and every report
# imports this module. They are never changed after they are made, and pickle as is.


class Headline(NamedTuple):
    """The figures a run's summary shows for one report.

    Outcomes carry this rather than the whole report: it is all the summary needs,
    it keeps memory flat over a large batch, and it is cheap to pass between
    processes (pickling a whole report costs about as much as rendering it). A named
    tuple, as it is compared by value (a batch's workers give the same as one process).
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


class Outcome:
    """What happened to one input.

    ``internal`` is set when processing it hit a bug: the one line to print, and the
    ``traceback`` to show when debugging (text: an exception may not pickle).
    ``warnings`` are lines to print about this input that are no error (a translation
    out of date).
    """

    __slots__ = (
        "error",
        "failed_gates",
        "headline",
        "internal",
        "output",
        "source",
        "traceback",
        "warnings",
    )

    def __init__(
        self,
        source: str,
        output: str | None = None,
        headline: Headline | None = None,
        error: CiAssessError | None = None,
        failed_gates: list[GateResult] | None = None,
        internal: str | None = None,
        traceback: str | None = None,
        warnings: tuple[str, ...] = (),
    ) -> None:
        self.source = source
        self.output = output
        self.headline = headline
        self.error = error
        self.failed_gates: list[GateResult] = [] if failed_gates is None else failed_gates
        self.internal = internal
        self.traceback = traceback
        self.warnings = warnings


class Job:
    """One run's settings, shared by every input.

    Plain values (no compiled template, no open file), so that a job pickles: each
    worker process, forked or spawned, builds its own renderer from it (``prepare``).
    """

    __slots__ = (
        "branding",
        "draft_below",
        "extras",
        "fmt",
        "force",
        "gates",
        "language",
        "pdf_paper",
        "questionnaire",
        "strict",
        "template_dir",
    )

    def __init__(
        self,
        fmt: Format,
        template_dir: Path | None = None,
        branding: Branding | None = None,
        strict: bool = False,
        questionnaire: str | None = None,
        gates: list[Gate] | None = None,
        pdf_paper: Paper | None = None,
        force: bool = False,
        draft_below: float = 1.0,
        language: str | None = None,
        extras: Extras | None = None,
    ) -> None:
        self.fmt = fmt
        self.template_dir = template_dir
        self.branding = branding
        self.strict = strict
        self.questionnaire = questionnaire
        self.gates: list[Gate] = [] if gates is None else gates
        self.pdf_paper = pdf_paper  # set: print the HTML to PDF on this paper size
        self.force = force  # replace read-only report files (--force)
        # --draft-below: a report whose completeness is under this share is a draft.
        self.draft_below = draft_below
        self.language = language  # --lang, checked; None: each file's own, else English
        self.extras = extras  # --baseline, --benchmark: the store only when asked

    def prepare(self) -> Prepared:
        """The job with its renderer (TemplateError if the templates cannot be compiled)."""
        from ci_assess.render import renderer_for

        renderer = renderer_for(self.fmt, self.template_dir, self.branding, self.language)
        return Prepared(self, renderer)


class Prepared:
    """A job and the renderer built from it: what one process needs to render reports."""

    __slots__ = ("job", "renderer")

    def __init__(self, job: Job, renderer: Renderer) -> None:
        self.job = job
        self.renderer = renderer


def output_paths(
    inputs: Sequence[str],
    out_dir: str | os.PathLike[str],
    fmt: Format,
    *,
    extension: str | None = None,
) -> list[str]:
    """One report per input, named after it; sub-folders mirror the inputs' own.

    Paths are taken relative to the inputs' common folder, so that
    ``clients/acme/ceo.yaml`` and ``clients/zeta/ceo.yaml`` do not collide. Symbolic
    links are not followed: a linked client folder keeps the name it is given by.
    Each is the text of ``Path(out_dir) / Path(relative).with_suffix(suffix)``.
    """
    # Strings, not Paths, and one list reused: a batch can name ten thousand inputs,
    # what is held per input before the workers are forked is held in each of them,
    # and pathlib interns every part of every Path (a table that outgrows the Paths).
    # abspath, not realpath (Path.resolve): a symbolic link is kept, not followed.
    paths = [os.path.abspath(p) for p in inputs]  # noqa: PTH100
    parents = {
        os.path.dirname(p)  # noqa: PTH120 - strings
        for p, n in zip(paths, inputs, strict=True)
        if n != STDIN
    }
    common = os.path.commonpath(parents) if parents else str(Path.cwd())
    base = str(Path(out_dir))  # as normalised as the Path the join would start from
    suffix = extension or fmt.extension
    for index, name in enumerate(inputs):
        relative = "stdin" if name == STDIN else os.path.relpath(paths[index], common)
        named = _with_suffix(relative, suffix)
        paths[index] = named if base == "." else os.path.join(base, named)  # noqa: PTH118
    return paths


def _with_suffix(relative: str, suffix: str) -> str:
    """``str(PurePath(relative).with_suffix(suffix))`` for a path ``os.path.relpath`` gave
    (normalised, with a name): the last part's suffix replaced, or ``suffix`` added."""
    name = os.path.basename(relative)  # noqa: PTH119 - a string
    dot = name.rfind(".")
    stem = name[:dot] if 0 < dot < len(name) - 1 else name  # PurePath.suffix's rule
    return relative[: len(relative) - len(name)] + stem + suffix


def check_distinct(inputs: Sequence[str], targets: Sequence[str]) -> None:
    """Raise UsageError if two inputs would write the same report.

    ``ceo.yaml`` and ``ceo.yml``, or one file given twice, map to one output file:
    the second report would silently replace the first. Names are compared as the
    system compares them (``os.path.normcase``: without case on Windows, as Paths are).
    """
    first: dict[str, str] = {}
    for name, target in zip(inputs, targets, strict=True):
        key = os.path.normcase(target)
        if key in first:
            raise UsageError(
                f"{first[key]!r} and {name!r} would both be written to {target!r}; "
                "give each input once, under a name of its own"
            )
        first[key] = name


def make_folders(targets: Iterable[str | None]) -> None:
    """Create the folders the reports go into, each once, before any report is written."""
    named = {os.path.dirname(target) for target in targets if target is not None}  # noqa: PTH120
    # Paths for the folders alone (few), sorted as Paths sort: parts, not characters.
    for folder in sorted({Path(name) for name in named}):
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise InputError.single(
                str(folder),
                f"folder cannot be created: {exc.strerror or exc}",
                hint="a file may stand where a folder is needed; choose another output folder",
            ) from None


def render_one(
    prepared: Prepared,
    source: str,
    target: str | None,
    warn: Callable[[str], object] | None = None,
) -> tuple[Report, str]:
    """Assess, gate and render one input; write it when ``target`` is given.

    ``warn`` receives the lines that are no error (stale translations)."""
    job = prepared.job
    if source != STDIN and is_partial(source):
        raise InputError.single(
            source,
            "a temporary file left by an interrupted write, not an answers file",
            hint="delete it; the file it was written for is next to it",
        )
    report = assess(
        source,
        strict=job.strict,
        questionnaire=job.questionnaire,
        language=job.language,
        warn=warn,
    )
    if job.extras is not None:  # --baseline, --benchmark
        from ci_assess.app.compare import with_extras

        report = with_extras(report, source, job.extras, job.questionnaire)
    return deliver(prepared, report, target)


def deliver(prepared: Prepared, report: Report, target: str | None) -> tuple[Report, str]:
    """Gate, mark as a draft when incomplete, and render ``report``; write it when
    ``target`` is given (its folder exists). A Path only now, for the write: the run
    holds its targets as strings (see ``output_paths``)."""
    job = prepared.job
    report = apply_gates(report, job.gates)
    if report.completeness < job.draft_below:
        report = report.model_copy(update={"draft": True})
    text = prepared.renderer.render(report)
    if target is not None:
        if job.pdf_paper is not None:
            from ci_assess.render.pdf import write_pdf

            write_pdf(text, Path(target), job.pdf_paper, force=job.force)
        else:
            # Atomic but not fsynced: see write_atomic for why reports need no fsync.
            write_atomic(Path(target), text, durable=False, force=job.force)
    return report, text


def run(
    job: Job,
    inputs: Sequence[str],
    targets: Sequence[str | None],
    emit: Callable[[str], object],
    *,
    workers: int | None = None,
    start_method: str | None = None,
) -> Iterator[Outcome]:
    """Process every input in order; ``emit`` receives text meant for standard output.

    The templates are compiled first (TemplateError before anything is written), and
    the targets' folders created (InputError if one cannot be).

    From ``PARALLEL_MIN_INPUTS`` inputs on, the work is shared between ``workers``
    processes (default: one per available core), started here, before the caller
    iterates (and before it starts a progress-bar thread). ``start_method`` is
    multiprocessing's: by default fork where it is safe, so that workers inherit the
    compiled templates, else spawn (see ``_start_method``). Outcomes still come back
    one per input in input order, errors included, and only a few chunks are in
    flight at a time. ``workers=1`` forces a single process.

    While the outcomes are read, SIGTERM is taken as Ctrl-C: KeyboardInterrupt, so
    that no temporary file is left behind.
    """
    if len(inputs) != len(targets):
        raise ValueError(f"{len(inputs)} inputs but {len(targets)} targets")
    prepared = job.prepare()
    make_folders(targets)
    count = _worker_count(inputs) if workers is None else workers
    if count > 1 and all(t is not None for t in targets):
        return _parallel(prepared, inputs, targets, count, start_method or _start_method())
    return _serial(prepared, inputs, targets, emit)


def outcome(
    prepared: Prepared,
    source: str,
    target: str | None,
    emit: Callable[[str], object] | None,
    produce: Callable[
        [Prepared, str, str | None, Callable[[str], object]], tuple[Report, str]
    ] = render_one,
) -> Outcome:
    """What became of ``source``: its report made by ``produce`` (one answers file by
    default; ``app.combine`` passes a combined one), or its error. ``produce`` hands
    the lines that are no error (stale translations) to its last argument."""
    warnings: list[str] = []
    try:
        report, text = produce(prepared, source, target, warnings.append)
    except GateSpecError:
        raise  # a usage error: the same for every file, so stop at once
    except BrokenPipeError:
        raise  # the reader left: the whole run ends quietly (141), not this file
    except CiAssessError as exc:
        return Outcome(source=source, error=exc)
    except Exception as exc:  # a bug, on this file: the others still get their reports
        return Outcome(
            source=source,
            internal=internal_error_line(exc, where=source),
            traceback="".join(traceback.format_exception(exc)),
        )
    if target is None and emit is not None:
        emit(text)
    return Outcome(
        source,
        target,
        Headline.of(report),
        failed_gates=failed(report),
        warnings=tuple(warnings),
    )


def _serial(
    prepared: Prepared,
    inputs: Sequence[str],
    targets: Sequence[str | None],
    emit: Callable[[str], object],
) -> Iterator[Outcome]:
    with _frozen_heap(), _terminate_as_interrupt():
        for source, target in zip(inputs, targets, strict=True):
            yield outcome(prepared, source, target, emit)


@contextmanager
def _terminate_as_interrupt() -> Iterator[None]:
    """Make SIGTERM raise KeyboardInterrupt here, as Ctrl-C does, then restore it.

    The default action would end the process on the spot, leaving the temporary file
    of the report being written; the exception lets it be removed on the way out.
    Signals are handled only by the main thread: elsewhere, nothing changes.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, _raise_interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _raise_interrupt(_signum: int, _frame: FrameType | None) -> NoReturn:
    raise KeyboardInterrupt


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


def _worker_count(inputs: Sequence[str]) -> int:
    if len(inputs) < PARALLEL_MIN_INPUTS or STDIN in inputs:
        return 1  # standard input can be read by this process only
    cores = os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else None
    return len(cores) if cores else os.cpu_count() or 1


def _start_method() -> str:
    """fork where it is safe, spawn elsewhere.

    Forked workers inherit the compiled templates and cost nothing to start. macOS
    system libraries are not fork-safe (hence spawn is its default), and Windows has
    no fork: there each worker imports ci-assess and compiles the templates itself
    (from the disk cache, see render.compiled).
    """
    import multiprocessing

    if sys.platform != "darwin" and "fork" in multiprocessing.get_all_start_methods():
        return "fork"
    return "spawn"


# One worker process's state, set once by _start_worker.
_worker: Prepared | None = None
_stop: Event | None = None  # set by the parent: the run is over, take no further file
_parent = 0  # the parent's process id; another one means it died
_in_file = False  # True while a file is being processed (read by the SIGTERM handler)
_busy = threading.Lock()  # held while a file is processed (taken by the parent watch)


class _Terminated(BaseException):
    """SIGTERM arrived while a file was processed; not an Exception, so that no
    ``except Exception`` takes it for that file's error."""


def _start_worker(job: Job, parent: int, stop: Event) -> None:
    global _worker, _stop, _parent  # noqa: PLW0603 - one job per worker process, set once
    # Ctrl-C reaches the whole process group. Only the parent acts on it: it stops
    # handing out work and sets ``stop``; each worker finishes the report it is
    # writing and takes no other (no traceback from an idle worker, no report cut short).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _on_terminate)
    _stop, _parent = stop, parent
    _worker = job.prepare()  # forked: the parent's compiled templates, found in its caches
    threading.Thread(target=_watch_parent, name="parent-watch", daemon=True).start()
    gc.freeze()  # what was inherited stays put: no collection walks it, no page copied


def _on_terminate(_signum: int, _frame: FrameType | None) -> None:
    if _in_file:
        raise _Terminated  # unwinds the write, which removes its temporary file
    os._exit(128 + signal.SIGTERM)


def _parent_gone() -> bool:
    return os.getppid() != _parent


def _watch_parent() -> None:
    """End this worker soon after its parent died (killed, crashed), not never.

    An idle worker waits for work that will not come; a busy one would go on through
    its chunk for nobody. The lock lets the file being written finish first.
    """
    while not _parent_gone():
        time.sleep(PARENT_POLL_SECONDS)
    with _busy:
        os._exit(ExitCode.INTERRUPTED)


def _work(chunk: Sequence[tuple[str, str | None]]) -> list[Outcome]:
    """Process one chunk; stop before the next file once the run is over."""
    global _in_file  # noqa: PLW0603 - this worker's one flag
    assert _worker is not None and _stop is not None, "worker started without a job"
    outcomes = []
    for source, target in chunk:
        if _parent_gone():
            os._exit(ExitCode.INTERRUPTED)  # between files: nothing half-written
        if _stop.is_set():
            break  # the parent reads no more outcomes
        with _busy:
            _in_file = True
            try:
                outcomes.append(outcome(_worker, source, target, None))
            except _Terminated:
                os._exit(128 + signal.SIGTERM)  # after the write removed its temporary file
            finally:
                _in_file = False
    return outcomes


def _chunks(
    inputs: Sequence[str], targets: Sequence[str | None]
) -> Iterator[list[tuple[str, str | None]]]:
    """The inputs and their targets, ``CHUNK_SIZE`` at a time, each chunk made only when
    it is handed out: a list of pairs for every input would be held in every worker."""
    for start in range(0, len(inputs), CHUNK_SIZE):
        end = start + CHUNK_SIZE
        yield list(zip(inputs[start:end], targets[start:end], strict=True))


def _parallel(
    prepared: Prepared,
    inputs: Sequence[str],
    targets: Sequence[str | None],
    count: int,
    start_method: str,
) -> Iterator[Outcome]:
    import multiprocessing  # here, not at the top: a single report never pays for them
    from concurrent.futures import ProcessPoolExecutor

    count = min(count, -(-len(inputs) // CHUNK_SIZE))  # no more workers than chunks
    window = count * CHUNKS_PER_WORKER
    context = multiprocessing.get_context(start_method)
    stop = context.Event()
    executor = ProcessPoolExecutor(
        count,
        mp_context=context,
        initializer=_start_worker,
        initargs=(prepared.job, os.getpid(), stop),
    )
    chunks = _chunks(inputs, targets)
    # The first submit starts every worker, now, while this process has one thread.
    pending = deque(executor.submit(_work, chunk) for chunk in islice(chunks, window))
    return _collect(executor, pending, chunks, stop)


def _collect(
    executor: ProcessPoolExecutor,
    pending: deque[Future[list[Outcome]]],
    rest: Iterator[list[tuple[str, str | None]]],
    stop: Event,
) -> Iterator[Outcome]:
    """Yield each chunk's outcomes in order, topping the window up as chunks finish.

    However it ends (done, Ctrl-C, an error, the caller stopping), the workers are
    told to stop and waited for: each finishes the file it is writing, none is left.
    """
    try:
        with _terminate_as_interrupt():
            while pending:
                outcomes = pending.popleft().result()
                following = next(rest, None)
                if following is not None:
                    pending.append(executor.submit(_work, following))
                yield from outcomes
    finally:
        stop.set()
        executor.shutdown(wait=True, cancel_futures=True)
