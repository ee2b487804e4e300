"""The CSV files an answers file may name: every customer's revenue, or its key accounts.

Read through ``inputs.read_input`` (bounded, regular files and pipes only, the same
size limit as every input) and decoded as UTF-8 with or without a byte-order mark.
Comma-separated with RFC 4180 quoting, a header row matched case-insensitively (extra
columns are ignored), dot decimals. Every problem names the file and the line.

``customers.csv``: ``customer,revenue``. ``accounts.csv`` (``key_accounts: FILE``):
``name,revenue,tier``, one column per key-account element, and optionally ``sponsor``
and ``reviewed_on``.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterator, Sequence
from pathlib import Path

from ci_assess.core.models.key_accounts import Customer, KeyAccount
from ci_assess.errors import InputError, Problem
from ci_assess.files import inputs, yamlio

CUSTOMER_COLUMNS = ("customer", "revenue")
ACCOUNT_COLUMNS = ("name", "revenue", "tier")
OPTIONAL_ACCOUNT_COLUMNS = ("sponsor", "reviewed_on")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")
MAX_PROBLEMS = 50


def resolve(ref: str, base: Path) -> Path:
    """A path from an answers file: relative to its folder."""
    path = Path(ref)
    return path if path.is_absolute() else base / path


def name_key(name: str) -> str:
    """How customers are told apart: trimmed and case-folded."""
    return " ".join(name.split()).casefold()


def _rows(path: Path, wanted: Sequence[str]) -> Iterator[tuple[int, dict[str, str]]]:
    """Each data row as {column: text} with its line; InputError for the header."""
    import csv  # only a file with a CSV reads one (some 1.8 M instructions to import)

    source = str(path)
    text = yamlio.decode(source, inputs.read_input(source))
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
    except csv.Error as exc:
        raise InputError.single(source, f"is not valid CSV: {exc}", 1) from None
    if header is None:
        raise InputError.single(
            source, "is empty", hint=f"the first line is the header: {','.join(wanted)}"
        )
    columns = [h.strip().casefold() for h in header]
    missing = [c for c in wanted if c not in columns]
    if missing:
        semicolons = len(header) == 1 and ";" in header[0]
        hint = (
            "the file is separated by ';': save it as comma-separated (CSV UTF-8)"
            if semicolons
            else f"the first line is the header: {','.join(wanted)} (extra columns are ignored)"
        )
        raise InputError.single(source, f"missing column {', '.join(map(repr, missing))}", 1, hint)
    index = {c: columns.index(c) for c in columns}
    try:
        for record in reader:
            if not any(cell.strip() for cell in record):
                continue  # a blank line
            cells = {c: record[i].strip() if i < len(record) else "" for c, i in index.items()}
            yield reader.line_num, cells
    except csv.Error as exc:
        raise InputError.single(source, f"is not valid CSV: {exc}", reader.line_num) from None


def _revenue(source: str, line: int, text: str) -> tuple[float | None, Problem | None]:
    if not _NUMBER.fullmatch(text):
        hint = "write the number with a dot for decimals and no thousands separator: 4200000.50"
        return None, Problem(source, f"revenue {text!r} is not a number", line, hint)
    value = float(text)
    if value < 0:
        return None, Problem(source, f"revenue {text} is negative", line, "revenue is 0 or more")
    return value, None


def read_customers(path: Path) -> tuple[Customer, ...]:
    """Every customer of ``customers.csv`` with its revenue; InputError listing each problem."""
    source = str(path)
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    customers: list[Customer] = []
    for line, cells in _rows(path, CUSTOMER_COLUMNS):
        name = cells["customer"]
        revenue, problem = _revenue(source, line, cells["revenue"])
        if not name:
            problems.append(Problem(source, "customer name is empty", line, "fill in the name"))
        elif name_key(name) in seen:
            first = seen[name_key(name)]
            problems.append(
                Problem(
                    source,
                    f"customer {name!r} is listed twice (first on line {first})",
                    line,
                    "merge the two rows (names are compared trimmed and ignoring case)",
                )
            )
        else:
            seen[name_key(name)] = line
        if problem:
            problems.append(problem)
        elif name and revenue is not None:
            customers.append(Customer(name=name, revenue=revenue, row=line))
    if not problems and not customers:
        problems.append(Problem(source, "lists no customer", 2, "add one row per customer"))
    if not problems and sum(c.revenue for c in customers) == 0:
        problems.append(
            Problem(source, "the customers' total revenue is 0", 2, "give each customer's revenue")
        )
    if problems:
        raise InputError(problems[:MAX_PROBLEMS])
    return tuple(customers)


def read_accounts(
    path: Path, elements: Sequence[str], scale: tuple[int, int]
) -> tuple[tuple[KeyAccount, int], ...]:
    """The key accounts of ``accounts.csv``, each with its line; InputError for each problem."""
    source = str(path)
    problems: list[Problem] = []
    accounts: list[tuple[KeyAccount, int]] = []
    seen: dict[str, int] = {}
    for line, cells in _rows(path, (*ACCOUNT_COLUMNS, *elements)):
        found = _account(source, line, cells, elements, scale)
        if isinstance(found, KeyAccount):
            key = name_key(found.name)
            if key in seen:
                problems.append(
                    Problem(
                        source,
                        f"key account {found.name!r} is listed twice (first on line {seen[key]})",
                        line,
                    )
                )
            seen.setdefault(key, line)
            accounts.append((found, line))
        else:
            problems.extend(found)
    if problems:
        raise InputError(problems[:MAX_PROBLEMS])
    return tuple(accounts)


def _account(
    source: str, line: int, cells: dict[str, str], elements: Sequence[str], scale: tuple[int, int]
) -> KeyAccount | list[Problem]:
    problems: list[Problem] = []
    low, high = scale
    revenue, problem = _revenue(source, line, cells["revenue"])
    if problem:
        problems.append(problem)
    if not cells["name"]:
        problems.append(Problem(source, "name is empty", line, "fill in the account's name"))
    tier = _whole(cells["tier"], 1, 4)
    if tier is None:
        problems.append(
            Problem(source, f"tier {cells['tier']!r} is not 1, 2, 3 or 4", line, _TIER_HINT)
        )
    levels: dict[str, int] = {}
    for eid in elements:
        level = _whole(cells[eid], low, high)
        if level is None:
            problems.append(
                Problem(
                    source,
                    f"{eid} {cells[eid]!r} is not a level",
                    line,
                    f"levels are whole numbers {low}..{high}",
                )
            )
        else:
            levels[eid] = level
    reviewed: dt.date | None = None
    if cells.get("reviewed_on"):
        try:
            reviewed = dt.date.fromisoformat(cells["reviewed_on"])
        except ValueError:
            problems.append(
                Problem(
                    source,
                    f"reviewed_on {cells['reviewed_on']!r} is not a date",
                    line,
                    "write the date as YYYY-MM-DD, e.g. 2025-01-10",
                )
            )
    if problems or revenue is None or tier is None:
        return problems
    return KeyAccount(
        name=cells["name"],
        revenue=revenue,
        tier=tier,
        elements=levels,
        sponsor=cells.get("sponsor") or None,
        reviewed_on=reviewed,
    )


_TIER_HINT = "value journey: 4 price, 3 differentiator, 2 value add, 1 mutual benefit"


def _whole(text: str, low: int, high: int) -> int | None:
    return int(text) if text.isdecimal() and low <= int(text) <= high else None
