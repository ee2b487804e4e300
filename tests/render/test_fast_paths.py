"""The speed-ups change nothing a user can see (timings live in bench/run.py).

Worker processes give the same outcomes, in the same order, and the same files as a
single process; the YAML fast paths parse exactly as the safe loader does; the
per-questionnaire scoring index follows the questionnaire it was built for; the
cache of compiled templates is never a reason to fail.
"""

from __future__ import annotations

import gc
import io
import marshal
import os
import pickle
import shutil
import signal
from pathlib import Path
from typing import Any, NoReturn

import jinja2
import pytest
import yaml

from ci_assess.app import batch
from ci_assess.core.gates import Gate, GateSpecError
from ci_assess.core.scoring import score
from ci_assess.errors import CiAssessError
from ci_assess.files import yamlio
from ci_assess.files.branding import load_branding
from ci_assess.files.loading import load_answers, load_questionnaire
from ci_assess.files.writing import write_atomic
from ci_assess.render import Format, compiled, renderer_for
from tests.conftest import DATA, EXAMPLE

# --- the batch: worker processes -------------------------------------------------


@pytest.fixture
def inputs(tmp_path: Path) -> list[str]:
    """Good and bad answers files, interleaved: every kind of input error, twice."""
    shutil.copytree(DATA / "valid", tmp_path / "valid")
    shutil.copytree(DATA / "invalid", tmp_path / "invalid")
    bad = sorted(str(p) for p in (tmp_path / "invalid").glob("*.yaml"))
    good = []
    for index in range(len(bad) * 2):
        path = tmp_path / "good" / f"client{index:02d}.yaml"
        path.parent.mkdir(exist_ok=True)
        text = EXAMPLE.read_text(encoding="utf-8")
        path.write_text(text.replace("Northwind Traders", f"Client {index}"), encoding="utf-8")
        good.append(str(path))
    good.append(str(tmp_path / "valid" / "mini-answers.yaml"))
    mixed = [item for pair in zip(good, bad + bad, strict=False) for item in pair]
    return mixed + good[len(bad) * 2 :]


def outcomes(
    inputs: list[str],
    out: Path,
    fmt: Format,
    workers: int,
    gates: list[Gate] | None = None,
    start_method: str | None = None,
) -> list[tuple[object, ...]]:
    job = batch.Job(fmt, gates=gates or [])
    targets = list[str | None](batch.output_paths(inputs, out, fmt))
    return [
        (
            o.source,
            None if o.output is None else Path(o.output).relative_to(out),
            o.headline,
            None if o.error is None else (type(o.error), o.error.message),
            o.failed_gates,
        )
        for o in batch.run(job, inputs, targets, print, workers=workers, start_method=start_method)
    ]


def written(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.mark.slow
@pytest.mark.parametrize("fmt", [Format.json, Format.html])
def test_workers_match_one_process(
    inputs: list[str], tmp_path: Path, fmt: Format, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Small chunks and a small window, so that the window is refilled many times.
    monkeypatch.setattr(batch, "CHUNK_SIZE", 3)
    monkeypatch.setattr(batch, "CHUNKS_PER_WORKER", 2)
    started: list[int] = []
    parallel = batch._parallel

    def spy(
        prepared: batch.Prepared,
        inputs: list[str],
        targets: list[str | None],
        count: int,
        method: str,
    ) -> object:
        started.append(count)
        return parallel(prepared, inputs, targets, count, method)

    monkeypatch.setattr(batch, "_parallel", spy)
    gates = [Gate("overall", 50)]
    one = outcomes(inputs, tmp_path / "one", fmt, workers=1, gates=gates)
    two = outcomes(inputs, tmp_path / "two", fmt, workers=2, gates=gates)
    assert started == [2], "the second run used worker processes"
    assert two == one
    assert [o[0] for o in two] == inputs  # input order
    assert sum(o[3] is not None for o in two) == 2 * len(list((tmp_path / "invalid").iterdir()))
    assert any(o[4] for o in two), "some reports fail the gate"
    assert written(tmp_path / "two") == written(tmp_path / "one")


@pytest.mark.slow
def test_a_usage_error_in_a_worker_stops_the_run(inputs: list[str], tmp_path: Path) -> None:
    with pytest.raises(GateSpecError, match="no_such_group"):
        outcomes(inputs, tmp_path / "o", Format.json, workers=2, gates=[Gate("no_such_group", 1)])


def test_small_batches_and_stdin_stay_in_one_process(
    inputs: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(batch, "PARALLEL_MIN_INPUTS", len(inputs))
    assert batch._worker_count(inputs[:-1]) == 1
    assert batch._worker_count([*inputs[:-1], "-"]) == 1
    assert batch._worker_count(inputs) >= 1


@pytest.mark.slow
def test_spawned_workers_write_what_one_process_writes(tmp_path: Path) -> None:
    """No fork (macOS, Windows): each worker builds its job from the pickled settings."""
    inputs = []
    for index in range(batch.PARALLEL_MIN_INPUTS):
        path = tmp_path / "in" / f"client{index:02d}.yaml"
        path.parent.mkdir(exist_ok=True)
        path.write_text(EXAMPLE.read_text().replace("Northwind Traders", f"Client {index}"))
        inputs.append(str(path))
    shutil.copy(DATA / "invalid" / "level-out-of-range.yaml", inputs[10])  # an input error
    branding = load_branding(DATA / "brand" / "brand.yaml")
    job = batch.Job(Format.html, branding=branding, gates=[Gate("overall", 50)])
    runs = {}
    for name, workers, method in (("serial", 1, None), ("spawn", 2, "spawn")):
        targets = list[str | None](batch.output_paths(inputs, tmp_path / name, Format.html))
        done = list(batch.run(job, inputs, targets, print, workers=workers, start_method=method))
        runs[name] = [
            (o.source, o.headline, o.failed_gates, o.error and o.error.message, o.internal)
            for o in done
        ]
    assert runs["spawn"] == runs["serial"]
    assert runs["spawn"][10][3] is not None  # the error came back from its worker
    assert all(run[2] for run in runs["spawn"][11:])  # every report fails the gate
    assert len(written(tmp_path / "spawn")) == len(inputs) - 1
    assert written(tmp_path / "spawn") == written(tmp_path / "serial")
    assert "Harbour" in written(tmp_path / "spawn")["client00.html"].decode()  # the branding


def test_jobs_pickle(tmp_path: Path) -> None:
    import pickle

    branding = load_branding(DATA / "brand" / "brand.yaml")
    job = batch.Job(Format.html, tmp_path, branding, True, "customer-intimacy", [Gate("x", 1)])
    copy = pickle.loads(pickle.dumps(job))
    settings = [getattr(job, name) for name in batch.Job.__slots__]
    assert [getattr(copy, name) for name in batch.Job.__slots__] == settings
    assert settings.count(None) < 6  # the settings given, not defaults, came through


def test_a_worker_renders_with_the_settings_it_was_given(
    inputs: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # What a worker process runs, run here (coverage does not follow the workers).
    import multiprocessing

    job = batch.Job(Format.json)
    chunk = list(
        zip(inputs[:4], batch.output_paths(inputs[:4], tmp_path, Format.json), strict=True)
    )
    monkeypatch.setattr(batch, "_watch_parent", lambda: None)  # tested on its own below
    handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    stop = multiprocessing.get_context("spawn").Event()
    try:
        batch._start_worker(job, os.getppid(), stop)
        assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN  # the parent handles Ctrl-C
        done = batch._work(list[tuple[str, str | None]](chunk))
        stop.set()
        assert batch._work(list[tuple[str, str | None]](chunk)) == []  # the run is over
    finally:
        batch._worker = None
        gc.unfreeze()
        for sig, handler in handlers.items():
            signal.signal(sig, handler)
    assert [o.source for o in done] == inputs[:4]
    assert [o.error is None for o in done] == [True, False, True, False]


class _Exited(Exception):
    pass


def _no_exit(code: int) -> NoReturn:
    raise _Exited(code)


def test_a_worker_whose_parent_died_exits(monkeypatch: pytest.MonkeyPatch) -> None:
    import multiprocessing

    monkeypatch.setattr(batch, "_parent", os.getppid() + 1)  # not our parent: it "died"
    monkeypatch.setattr(batch, "_worker", batch.Job(Format.json).prepare())
    monkeypatch.setattr(batch, "_stop", multiprocessing.get_context("spawn").Event())
    monkeypatch.setattr(os, "_exit", _no_exit)
    with pytest.raises(_Exited, match="130"):
        batch._watch_parent()
    with pytest.raises(_Exited, match="130"):
        batch._work([("never-read.yaml", None)])


def test_sigterm_in_a_worker_unwinds_the_file_or_ends_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "_exit", _no_exit)
    monkeypatch.setattr(batch, "_in_file", True)
    with pytest.raises(batch._Terminated):
        batch._on_terminate(signal.SIGTERM, None)
    monkeypatch.setattr(batch, "_in_file", False)
    with pytest.raises(_Exited, match="143"):
        batch._on_terminate(signal.SIGTERM, None)


def test_errors_survive_the_trip_between_processes() -> None:
    import pickle

    with pytest.raises(CiAssessError) as caught:
        load_answers(str(DATA / "invalid" / "level-out-of-range.yaml"))
    copy = pickle.loads(pickle.dumps(caught.value))
    assert type(copy) is type(caught.value)
    assert copy.message == caught.value.message
    assert copy.exit_code == caught.value.exit_code


def test_output_paths_mirror_the_input_folders(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b" / "c").mkdir(parents=True)
    names = [str(tmp_path / "a" / "x.yaml"), str(tmp_path / "b" / "c" / "x.yaml"), "-"]
    paths = batch.output_paths(names, Path("out"), Format.html)
    assert paths == ["out/a/x.html", "out/b/c/x.html", "out/stdin.html"]


def test_reports_are_written_atomically_without_fsync(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    synced: list[int] = []
    monkeypatch.setattr("os.fsync", synced.append)
    write_atomic(tmp_path / "answers.yaml", "a: 1\n")  # durable by default
    assert len(synced) == 1
    write_atomic(tmp_path / "report.json", "{}\n", durable=False)
    assert len(synced) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["answers.yaml", "report.json"]


# --- YAML: the loader's fast paths ---------------------------------------------------

TRICKY = [
    "a: &x {b: 1}\nc: *x\n",
    "a: &x [1, *x]\n",
    "<<: {a: 1}\nb: 2\n",
    "a: !!python/object:os.system x\n",
    "a: 0o17\nb: 010\nc: 1_000\nd: 0x1f\ne: yes\nf: ~\ng: 2026-01-01\nh: 1:20\ni: .5\n",
    "a: !!set {x, y}\nb: !!omap [{a: 1}]\nc: !!binary aGVsbG8=\n",
    "a: 1\na: 2\n",
    "? [1]\n: x\n",
    "a: !!str 12\nb: !!int '7'\nc: '3'\nd: \"yes\"\ne: yes\n",
    "&a [*a]\n",
    "x: [a, b, {c: d}]\n" * 3,
]


def load(text: str, loader: type[yaml.SafeLoader]) -> tuple[str, object]:
    try:
        return "data", yaml.load(text, Loader=loader)
    except yaml.YAMLError as exc:
        return type(exc).__name__, str(exc)


@pytest.mark.parametrize(
    "text",
    [
        *TRICKY,
        *(p.read_bytes().decode("utf-8", "replace") for p in sorted(DATA.rglob("*.yaml"))),
        EXAMPLE.read_text(encoding="utf-8"),
    ],
)
def test_fast_loader_parses_as_the_safe_loader(text: str) -> None:
    assert repr(load(text, yamlio.StrictLoader)) == repr(load(text, yamlio.CheckedLoader))


def test_resolved_scalars_stay_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yamlio, "_RESOLVED", {})
    monkeypatch.setattr(yamlio, "_RESOLVED_MAX", 3)
    data = yaml.load("[1, 2, yes, no, x, 3, '4']\n", Loader=yamlio.StrictLoader)
    assert data == [1, 2, True, False, "x", 3, "4"]
    assert len(yamlio._RESOLVED) == 3
    long = "word " * 20
    yaml.load(f"a: {long}\n", Loader=yamlio.StrictLoader)
    assert long.strip() not in yamlio._RESOLVED


# --- scoring: the per-questionnaire index -------------------------------------------


def test_scoring_index_follows_its_questionnaire() -> None:
    loaded = load_answers(str(DATA / "valid" / "mini-answers.yaml"))
    q = loaded.questionnaire
    first = score(q, loaded.answers)
    heavier = q.model_copy(
        update={"questions": [qq.model_copy(update={"weight": 5}) for qq in q.questions]}
    )
    other = score(heavier, loaded.answers)
    assert other.process_groups[0].contributions[0].weight == 5
    assert score(q, loaded.answers) == first


# --- templates: the cache of compiled templates ---------------------------------------


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv(compiled.NO_CACHE_ENV, raising=False)
    return tmp_path / "cache"


def render_with(cache: jinja2.BytecodeCache | None, folder: Path) -> str:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(folder)), bytecode_cache=cache)
    return env.get_template("t.j2").render(name="x")


def test_compiled_templates_are_reused(cache_home: Path, tmp_path: Path) -> None:
    (tmp_path / "t.j2").write_text("Hello {{ name }}\n")
    cache = compiled.bytecode_cache("text")
    assert cache is not None
    assert render_with(cache, tmp_path) == render_with(None, tmp_path) == "Hello x"
    files = list(compiled.cache_folder().iterdir())
    assert len(files) == 1
    files[0].write_bytes(b"damaged")  # a broken cache file is a miss, not an error
    assert render_with(compiled.bytecode_cache("text"), tmp_path) == "Hello x"
    (tmp_path / "t.j2").write_text("Bye {{ name }}\n")  # an edited template is recompiled
    assert render_with(compiled.bytecode_cache("text"), tmp_path) == "Bye x"


def _valid_cache_file(cache_home: Path, folder: Path) -> Path:
    """The cache file of ``folder/t.j2``, written by a first render."""
    (folder / "t.j2").write_text("Hello {{ name }}\n")
    assert render_with(compiled.bytecode_cache("text"), folder) == "Hello x"
    (file,) = compiled.cache_folder().iterdir()
    return file


def _header(data: bytes) -> bytes:
    """Jinja's magic and the pickled source checksum of a cache file: all but the code."""
    stream = io.BytesIO(data)
    stream.seek(len(jinja2.bccache.bc_magic))
    pickle.load(stream)
    return data[: stream.tell()]


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda data: b"", id="empty"),
        pytest.param(lambda data: b"xx" + data[2:], id="another magic"),
        pytest.param(
            lambda data: data[: len(jinja2.bccache.bc_magic) + 3], id="cut in the checksum"
        ),
        pytest.param(lambda data: data[:-7], id="cut in the code"),
        pytest.param(lambda data: data[:-7] + b"\xff" * 7, id="garbage code"),
        pytest.param(lambda data: _header(data) + marshal.dumps(42), id="no code object"),
    ],
)
def test_a_damaged_cache_file_is_compiled_again(
    cache_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: Any
) -> None:
    """Our loader reads Jinja's format in one call: anything amiss is a miss, then mended."""
    file = _valid_cache_file(cache_home, tmp_path)
    good = file.read_bytes()
    file.write_bytes(damage(good))
    compiles: list[str] = []
    original = jinja2.Environment.compile

    def counting(self: jinja2.Environment, *args: Any, **kwargs: Any) -> Any:
        compiles.append("compiled")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    assert render_with(compiled.bytecode_cache("text"), tmp_path) == "Hello x"
    assert compiles == ["compiled"]
    assert file.read_bytes() == good  # written again, whole
    assert render_with(compiled.bytecode_cache("text"), tmp_path) == "Hello x"
    assert compiles == ["compiled"]  # and read back without compiling


def test_a_cache_file_of_another_source_is_not_loaded(cache_home: Path, tmp_path: Path) -> None:
    """The checksum in the file is the template source's: an edit of the same size too."""
    _valid_cache_file(cache_home, tmp_path)
    (tmp_path / "t.j2").write_text("Howdy {{ name }}\n")
    assert render_with(compiled.bytecode_cache("text"), tmp_path) == "Howdy x"


def test_a_folder_in_place_of_the_cache_file_is_a_miss(cache_home: Path, tmp_path: Path) -> None:
    file = _valid_cache_file(cache_home, tmp_path)
    file.unlink()
    file.mkdir()
    assert render_with(compiled.bytecode_cache("text"), tmp_path) == "Hello x"
    assert file.is_dir()  # left alone: a cache never replaces what it did not write


def test_no_cache_when_it_cannot_be_kept(
    cache_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache_home.write_text("a file where the cache folder would be")
    assert compiled.bytecode_cache("text") is None
    monkeypatch.setenv(compiled.NO_CACHE_ENV, "1")
    assert compiled.bytecode_cache("text") is None


def test_a_cache_that_cannot_be_used_is_skipped(cache_home: Path, tmp_path: Path) -> None:
    (tmp_path / "t.j2").write_text("Hello {{ name }}\n")
    cache = compiled.bytecode_cache("text")
    assert cache is not None
    folder = compiled.cache_folder()
    folder.rmdir()
    folder.write_text("not a folder")  # neither readable nor writable as a cache, even by root
    assert render_with(cache, tmp_path) == "Hello x"


def test_one_report_loads_every_html_template_compiled(
    cache_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The main template and every partial it imports (their macros) come from the cache."""
    from ci_assess.app.assess import assess
    from ci_assess.files.resources import templates_dir
    from ci_assess.render.templates import _environment

    report = assess(str(EXAMPLE))
    _environment.cache_clear()
    try:
        first = renderer_for(Format.html).render(report)
        imported = {
            "report.html.j2",
            "_text.j2",
            "_charts.html.j2",
            "_rows.html.j2",
            "_method.html.j2",
        }
        assert imported <= {p.name for p in templates_dir().glob("*.j2")}
        assert len(list(compiled.cache_folder().glob("__jinja2_html-*.cache"))) == len(imported)

        def no_compiling(*args: object, **kwargs: object) -> None:
            raise AssertionError(f"compiled again: {args[2] if len(args) > 2 else kwargs}")

        _environment.cache_clear()  # as a new run would start
        monkeypatch.setattr(jinja2.Environment, "compile", no_compiling)
        assert renderer_for(Format.html).render(report) == first
    finally:
        _environment.cache_clear()


def test_bundled_questionnaire_is_listed_once() -> None:
    from ci_assess.files.loading import bundled_questionnaires

    first = bundled_questionnaires()
    first.clear()  # callers get their own copy
    assert "customer-intimacy" in bundled_questionnaires()
    assert load_questionnaire("customer-intimacy").id == "customer-intimacy"
