"""The priorities' rank order from the heap is the order of the scan it replaced."""

from __future__ import annotations

import random
from typing import Any

import pytest

from ci_assess.core import priorities


def _scan(ids: list[str], blockers: dict[str, list[str]], keys: dict[str, Any]) -> list[str]:
    """The former loop: each time the smallest key among the ready, else among all."""
    placed: list[str] = []
    done: set[str] = set()
    pending = dict.fromkeys(ids)
    while pending:
        ready = [q for q in pending if done.issuperset(blockers[q])] or list(pending)
        best = min(ready, key=keys.__getitem__)
        placed.append(best)
        done.add(best)
        del pending[best]
    return placed


@pytest.mark.parametrize("seed", range(60))
def test_heap_order_is_the_scan_order(seed: int) -> None:
    rng = random.Random(seed)
    ids = [f"q{i}" for i in range(rng.randint(1, 30))]
    blockers = {
        qid: [rng.choice(ids) for _ in range(rng.randint(0, 3))] if rng.random() < 0.6 else []
        for qid in ids
    }
    if seed % 3:  # most graphs acyclic (a prerequisite comes earlier), some with cycles
        blockers = {
            q: [p for p in pres if ids.index(p) < ids.index(q)] for q, pres in blockers.items()
        }
    keys: dict[str, Any] = {
        qid: ((rng.random() < 0.2, rng.randint(0, 4), -rng.randint(0, 8), 0, order),) * 2
        for order, qid in enumerate(ids)
    }
    by_id: dict[str, Any] = dict.fromkeys(ids)
    assert priorities._placement_order(by_id, blockers, keys) == _scan(ids, blockers, keys)
