"""Render reports for many answers files in one run.

A bad file never stops the others: its error is recorded, every good file still gets
its report, and reports are written atomically so none is left half-written. The
questionnaire is parsed and the templates are compiled once per run, not per file.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ci_assess.assess import assess
from ci_assess.errors import CiAssessError
from ci_assess.files import write_atomic
from ci_assess.gates import Gate, GateSpecError, apply_gates, failed
from ci_assess.models.report import GateResult, Report
from ci_assess.render import Format, Renderer
from ci_assess.yamlio import STDIN


@dataclass(frozen=True)
class Outcome:
    """What happened to one input."""

    source: str
    output: Path | None = None
    report: Report | None = None
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


def output_paths(inputs: list[str], out_dir: Path, fmt: Format) -> list[Path]:
    """One report per input, named after it; sub-folders mirror the inputs' own.

    Paths are taken relative to the inputs' common folder, so that
    ``clients/acme/ceo.yaml`` and ``clients/zeta/ceo.yaml`` do not collide.
    """
    real = [Path(p).resolve() for p in inputs if p != STDIN]
    common = Path(os.path.commonpath([p.parent for p in real])) if real else Path.cwd()
    paths = []
    for name in inputs:
        relative = Path("stdin") if name == STDIN else Path(name).resolve().relative_to(common)
        paths.append(out_dir / relative.with_suffix(fmt.extension))
    return paths


def render_one(job: Job, source: str, target: Path | None) -> tuple[Report, str]:
    """Assess, gate and render one input; write it when ``target`` is given."""
    report = apply_gates(
        assess(source, strict=job.strict, questionnaire=job.questionnaire), job.gates
    )
    text = job.renderer.render(report)
    if target is not None:
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(target, text)
    return report, text


def run(
    job: Job, inputs: list[str], targets: list[Path | None], emit: Callable[[str], object]
) -> Iterator[Outcome]:
    """Process every input in order; ``emit`` receives text meant for standard output."""
    for source, target in zip(inputs, targets, strict=True):
        try:
            report, text = render_one(job, source, target)
        except GateSpecError:
            raise  # a usage error: the same for every file, so stop at once
        except CiAssessError as exc:
            yield Outcome(source=source, error=exc)
            continue
        if target is None:
            emit(text)
        yield Outcome(source, target, report, failed_gates=failed(report))
