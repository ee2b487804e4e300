"""Answers files for the store tests, written from a few parameters.

Built on the mini questionnaire (tests/data/valid/mini.yaml), whose scores are easy to
work out by hand: overall = 100 x points / 18 over the process groups, where
direction.alpha (weight 3) earns 0.75 a level and the other answers below earn 6.5.
"""

from __future__ import annotations

from pathlib import Path

from tests.conftest import VALID

MINI = VALID / "mini.yaml"


def answers_text(
    company: str,
    assessed_on: str,
    *,
    alpha: int = 3,
    beta: int = 1,
    ob_beta: int | None = None,
    industry: str | None = None,
    size: str | None = None,
    questionnaire: Path = MINI,
    role: str = "CEO",
) -> str:
    """A mini answers file; ``alpha`` and ``beta`` are direction's two levels."""
    lines = [
        f"questionnaire: {questionnaire}",
        f"company: {company}",
        f"assessed_on: {assessed_on}",
        f"respondent: {{role: {role}}}",
        "target_discipline: customer_intimacy",
    ]
    if industry is not None:
        lines.append(f"industry: {industry!r}")
    if size is not None:
        lines.append(f"size: {size}")
    lines += [
        "answers:",
        f"  direction.alpha: {alpha}",
        f"  direction.beta: {beta}",
        "  operational.alpha: 2",
        "  operational.beta: {na: No loyalty scheme in B2B}",
        "  evaluation.alpha: 1",
        "  evaluation.beta: 0",
        "  support.alpha: 2",
        "  support.beta: 4",
        "  organizational_behaviour.alpha: 2",
        "  intimacy.key_accounts: 1",
        "  operational_excellence.cost: 4",
        "  operational_excellence.reliability: 3",
        "  product_leadership.innovation: 2",
        "  readiness.executive_owner: 1",
    ]
    if ob_beta is not None:
        lines.append(f"  organizational_behaviour.beta: {ob_beta}")
    return "\n".join(lines) + "\n"


def write(folder: Path, name: str, company: str, assessed_on: str, **options: object) -> Path:
    """Write an answers file into ``folder`` (made if needed); its path."""
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(answers_text(company, assessed_on, **options))  # type: ignore[arg-type]
    return path
