"""Scale figures of the store (not part of the suite): run ``python bench/history.py``.

1. ``history add``, cost per file in instructions (valgrind's cachegrind, as
   ``bench/run.py`` counts them), for the same N = 41 generated answers files as the
   batch figures: ((41 files - 1 file) / 40), set against the batch JSON report of the
   same files counted the same way. Target: at most 1.5 times that. Each run adds to a
   new, empty SQLite store (its initialisation is in both the 1-file and the 41-file
   run, so it cancels out of the difference).
2. A benchmark query (``repository.peer_counts``: the latest assessment of every other
   company in a segment, and the counts below and equal for each score) over 100,000
   stored assessments, seeded by bulk insert: the wall-clock median of ``--repeat``
   runs with the load average, for information. Aim: under a second on SQLite.
   ``--db URL`` runs it on another (empty) store, e.g. a PostgreSQL database.

``--only add|query`` runs one part. The first part needs valgrind and builds a wheel
into a temporary venv (as bench/run.py does).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import run as batch_bench  # noqa: E402  (bench/run.py: the same install and counting)

ADD_TARGET = 1.5
QUERY_ROWS = 100_000
GROUPS = (
    "direction",
    "operational",
    "evaluation",
    "support",
    "organisational_behaviour",
    "key_accounts",
    "tailoring",
    "oe_position",
    "ci_position",
    "pl_position",
    "readiness",
)
DISCIPLINES = ("operational_excellence", "customer_intimacy", "product_leadership")
INDUSTRIES = ("distribution", "retail", "manufacturing", "services", "software", "health")
SIZES = ("micro", "small", "mid", "large")


def add_figure(passes: int) -> dict[str, Any]:
    """Instructions per file of ``history add`` against the batch JSON report, N = 41."""
    batch_bench.ensure_valgrind()
    count = batch_bench.BATCH_FILES
    with tempfile.TemporaryDirectory(prefix="ci-assess-bench-history-") as folder:
        scratch = Path(folder)
        tool = batch_bench.install(scratch)
        names = batch_bench.generate(scratch, count, seed=1)

        def add(inputs: list[str]) -> batch_bench.Command:
            store = f"store-{len(inputs):03d}.sqlite3"
            argv = (tool.script, "history", "add", *inputs, "--db", f"sqlite:///{scratch / store}")
            # SQLite's WAL files go with the store: each run starts from an empty one.
            clean = (store, f"{store}-wal", f"{store}-shm")
            return batch_bench.Command(f"add-{len(inputs)}", argv, clean=clean)

        def report(inputs: list[str]) -> batch_bench.Command:
            out = f"out/json-{len(inputs):03d}"
            argv = (tool.script, "report", *inputs, "--out-dir", out, "-f", "json", "-q")
            return batch_bench.Command(f"batch-json-{len(inputs)}", argv, clean=(out,))

        commands = [add(names), add(names[:1]), report(names), report(names[:1])]
        counts = batch_bench.count_all(commands, tool, passes, jobs=1)
    costs = {k: statistics.median(c.instructions for c in v) for k, v in counts.items()}
    per_add = (costs[f"add-{count}"] - costs["add-1"]) / (count - 1)
    per_report = (costs[f"batch-json-{count}"] - costs["batch-json-1"]) / (count - 1)
    ratio = per_add / per_report
    return {
        "files": count,
        "add_per_file": per_add,
        "batch_json_per_file": per_report,
        "ratio": ratio,
        "target": ADD_TARGET,
        "passed": ratio <= ADD_TARGET,
    }


def seed(url: str, rows: int, rng: random.Random) -> None:
    """Bulk-insert ``rows`` assessments (of rows // 2 companies) with their scores."""
    from sqlalchemy import insert

    from ci_assess.store.engine import open_store
    from ci_assess.store.repository import peer_group
    from ci_assess.store.schema import assessments, scores

    store = open_store(url)
    now = dt.datetime.now(dt.UTC)
    batch = 5_000
    try:
        for start in range(0, rows, batch):
            records, values = [], []
            for ident in range(start + 1, min(rows, start + batch) + 1):
                company = f"Company {ident // 2:06d}"  # two assessments each
                records.append(
                    {
                        "id": ident,
                        "company": company,
                        "company_key": company.casefold(),
                        "industry": rng.choice(INDUSTRIES),
                        "industry_key": None,
                        "size": rng.choice(SIZES),
                        # The second of each company's two is the later: its latest.
                        "assessed_on": dt.date(2024, 1, 1) + dt.timedelta(days=ident % 2),
                        "milestone": None,
                        "respondents": "[]",
                        "questionnaire_id": "customer-intimacy",
                        "questionnaire_version": "2.0.0",
                        "questionnaire_major": 2,
                        "questionnaire_hash": "0" * 64,
                        "method": 2,
                        "content_hash": f"{ident:064d}",
                        "answers": "[]",
                        "report": "{}",
                        "overall": rng.randrange(1001),
                        "tool_version": "bench",
                        "added_at": now,
                        "peer_group": peer_group("customer-intimacy", 2, 2),
                        "latest": ident % 2 == 1 or ident == rows,
                    }
                )
                records[-1]["industry_key"] = records[-1]["industry"]
                values.append((ident, "overall", "", records[-1]["overall"]))
                values.extend((ident, "group", g, rng.randrange(1001)) for g in GROUPS)
                values.extend((ident, "discipline", d, rng.randrange(1001)) for d in DISCIPLINES)
            with store.begin() as conn:
                conn.execute(insert(assessments), records)
                peer = {r["id"]: r for r in records}
                conn.execute(
                    insert(scores),
                    [
                        {
                            "assessment_id": i,
                            "kind": k,
                            "subject": s,
                            "score": v,
                            "peer_group": peer[i]["peer_group"],
                            "latest": peer[i]["latest"],
                            "industry_key": peer[i]["industry_key"],
                            "size": peer[i]["size"],
                        }
                        for i, k, s, v in values
                    ],
                )
    finally:
        store.close()


def query_figure(url: str | None, repeat: int) -> dict[str, Any]:
    """Median wall-clock seconds of one benchmark query over QUERY_ROWS assessments."""
    from ci_assess.store import repository as repo
    from ci_assess.store.engine import open_store

    rng = random.Random(7)
    with tempfile.TemporaryDirectory(prefix="ci-assess-bench-query-") as folder:
        target = url or f"sqlite:///{Path(folder) / 'store.sqlite3'}"
        started = time.perf_counter()
        seed(target, QUERY_ROWS, rng)
        seeded = time.perf_counter() - started
        subject = {("overall", ""): 512}
        subject.update({("group", g): 500 for g in GROUPS})
        subject.update({("discipline", d): 480 for d in DISCIPLINES})
        segments = {
            "every company": (None, None),
            "one industry and size": ("distribution", "mid"),
        }
        store = open_store(target)
        results: dict[str, Any] = {}
        try:
            for name, (industry, size) in segments.items():
                peers = repo.Peers("customer-intimacy", 2, 2, "nobody", industry, size)
                times = []
                for _ in range(repeat):
                    begin = time.perf_counter()
                    with store.begin() as conn:
                        total, _counts = repo.peer_counts(conn, peers, subject)
                    times.append(time.perf_counter() - begin)
                results[name] = {"peers": total, "median_seconds": statistics.median(times)}
        finally:
            store.close()
    return {
        "engine": target.split(":", 1)[0],
        "assessments": QUERY_ROWS,
        "seed_seconds": seeded,
        "repeat": repeat,
        "load_average": os.getloadavg(),
        "segments": results,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=("add", "query"), help="Run one part only.")
    parser.add_argument("--passes", type=int, default=1, help="Instruction counts per command.")
    parser.add_argument("--repeat", type=int, default=5, help="Timed runs of each query.")
    parser.add_argument("--db", help="Store URL for the query (default: a temporary SQLite).")
    args = parser.parse_args(argv)
    results: dict[str, Any] = {}
    if args.only in (None, "add"):
        results["history_add"] = add_figure(args.passes)
    if args.only in (None, "query"):
        results["benchmark_query"] = query_figure(args.db, args.repeat)
    print(json.dumps(results, indent=1))
    add = results.get("history_add")
    return 0 if add is None or add["passed"] else 1


if __name__ == "__main__":
    sys.exit(main())
