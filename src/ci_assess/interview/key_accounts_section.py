"""``interview --section key-accounts``: key accounts added, edited or removed by name.

An account needs its name, revenue, tier and the seven key-account elements before
the answers file can hold it (a file is always valid), so a new account is saved once
those are in, and every reply after that (sponsor, last review) at once; an existing
account is saved after every changed reply. The file's currency is asked once when
it has none. A file that keeps its key accounts in a CSV file is edited there.

Every line shown is in the interview's language (``interview.text``); the elements, their
levels and the tiers come from the questionnaire's overlay. The reply keys (a, e, r, l,
y, n, q, -) and the values typed are the same in every language.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ci_assess.core.models.key_accounts import KeyAccount
from ci_assess.files.revenue_csv import name_key
from ci_assess.interview.facts import Asker, parse_date, parse_number
from ci_assess.interview.prompts import Prompt
from ci_assess.interview.section_errors import Reask
from ci_assess.interview.text import N_, _

if TYPE_CHECKING:
    from ci_assess.interview.session import Session

KEYS = N_("a = add · e NAME = edit · r NAME = remove · l = list · Enter = done · q = save and stop")


class KeyAccountsSection:
    """Asks and saves the key accounts."""

    def __init__(self, session: Session, prompt: Prompt) -> None:
        self.session = session
        self.asker = Asker(prompt)
        q = session.questionnaire
        self.elements = q.key_account_elements
        self.tiers = {t.tier: t for t in q.value_journey}
        self.scale = (q.min_level, q.max_level)

    @property
    def accounts(self) -> list[dict[str, Any]]:
        given = self.session.draft.extras.get("key_accounts", [])
        return [dict(a) for a in given] if isinstance(given, list) else []

    def run(self) -> None:
        """The account menu until done."""
        extras = self.session.draft.extras
        if isinstance(extras.get("key_accounts"), str):
            self.asker.say(
                _(
                    "key_accounts names %(file)s: edit the accounts in that file",
                    file=extras["key_accounts"],
                ),
                "warning",
            )
            return
        if not self.elements:
            self.asker.say(_("This questionnaire has no key-account elements."), "warning")
            return
        if "currency" not in extras:
            currency = self.asker.ask(
                _("currency of the revenues (ISO 4217, e.g. EUR; Enter = none)"), _currency
            )
            if currency:
                self.session.set_extra("currency", currency)
        self._list()
        while True:
            command, name = self.asker.ask(_("key accounts: %(keys)s", keys=_(KEYS)), self._command)
            if command == "done":
                return
            if command == "list":
                self._list()
            elif command == "add":
                self._add()
            elif command == "edit":
                self._edit(name)
            else:
                self._remove(name)

    def _command(self, reply: str) -> tuple[str, str]:
        head, __, rest = reply.partition(" ")
        head, rest = head.lower(), rest.strip()
        if head == "":
            return "done", ""
        if head in ("a", "l"):
            return {"a": "add", "l": "list"}[head], ""
        if head in ("e", "r"):
            if self._find(rest) is None:
                names = ", ".join(a["name"] for a in self.accounts) or _("none yet")
                raise Reask(
                    _(
                        "no key account named %(name)r; the accounts: %(names)s",
                        name=rest,
                        names=names,
                    )
                )
            return {"e": "edit", "r": "remove"}[head], rest
        raise Reask(_(KEYS))

    def _find(self, name: str) -> int | None:
        wanted = name_key(name)
        return next((n for n, a in enumerate(self.accounts) if name_key(a["name"]) == wanted), None)

    def _list(self) -> None:
        if not self.accounts:
            self.asker.say(_("No key account yet."))
        for a in self.accounts:
            levels = " ".join(str(a["elements"].get(e.id, "?")) for e in self.elements)
            self.asker.say(
                _(
                    "%(name)s: revenue %(revenue)s, tier %(tier)s, elements %(levels)s",
                    name=a["name"],
                    revenue=a["revenue"],
                    tier=a["tier"],
                    levels=levels,
                )
            )

    def _add(self) -> None:
        name = self.asker.ask(_("name"), self._new_name)
        account: dict[str, Any] = {"name": name}
        account["revenue"] = self.asker.ask(
            _("revenue this year"), lambda r: _plain(parse_number(r, 0))
        )
        account["tier"] = self._tier(None)
        account["elements"] = {e.id: self._level(e.id, None) for e in self.elements}
        accounts = self.accounts
        accounts.append(account)
        self._save(accounts)
        self._optional_facts(len(accounts) - 1)

    def _edit(self, name: str) -> None:
        n = self._find(name)
        assert n is not None  # _command checked it
        current = self.accounts[n]
        self.asker.say(_("Enter keeps each value."), "help")
        revenue = self.asker.ask(
            _("revenue") + _now(current["revenue"]),
            lambda r: current["revenue"] if not r else _plain(parse_number(r, 0)),
        )
        self._change(n, "revenue", revenue)
        self._change(n, "tier", self._tier(current["tier"]))
        for e in self.elements:
            levels = dict(self.accounts[n]["elements"])
            levels[e.id] = self._level(e.id, current["elements"].get(e.id))
            self._change(n, "elements", levels)
        self._optional_facts(n)

    def _optional_facts(self, n: int) -> None:
        current = self.accounts[n]
        sponsor = self.asker.ask(
            _(
                "board-level sponsor%(now)s (Enter = keep or none, - = none)",
                now=_now(current.get("sponsor")),
            ),
            lambda r: current.get("sponsor") if not r else (None if r == "-" else r),
        )
        self._change(n, "sponsor", sponsor)
        reviewed = self.asker.ask(
            _(
                "last review of its key-account status%(now)s "
                "(YYYY-MM-DD; Enter = keep or none, - = none)",
                now=_now(current.get("reviewed_on")),
            ),
            lambda r: (
                current.get("reviewed_on") if not r else (None if r == "-" else parse_date(r))
            ),
        )
        self._change(n, "reviewed_on", reviewed)

    def _remove(self, name: str) -> None:
        n = self._find(name)
        assert n is not None
        accounts = self.accounts
        gone = accounts.pop(n)
        sure = self.asker.ask(_("remove %(name)s? (y/n)", name=gone["name"]), _yes_no)
        if sure:
            self._save(accounts)
            self.asker.say(_("removed %(name)s", name=gone["name"]), "success")

    def _change(self, n: int, key: str, value: Any) -> None:
        accounts = self.accounts
        if value is None:
            accounts[n].pop(key, None)
        else:
            accounts[n][key] = value
        order = ("name", "revenue", "tier", "elements", "sponsor", "reviewed_on")
        accounts[n] = {k: accounts[n][k] for k in order if k in accounts[n]}
        self._save(accounts)

    def _save(self, accounts: list[dict[str, Any]]) -> None:
        for account in accounts:  # never write an account the file could not hold
            KeyAccount.model_validate(account)
        self.session.set_extra("key_accounts", accounts)

    def _new_name(self, reply: str) -> str:
        if not reply:
            raise Reask(_("the account's name is required"))
        if self._find(reply) is not None:
            raise Reask(
                _(
                    "%(quoted)s is already a key account: e %(name)s edits it",
                    quoted=repr(reply),
                    name=reply,
                )
            )
        return reply

    def _tier(self, current: int | None) -> int:
        listing = " · ".join(
            f"{t} = {self.tiers[t].name}" for t in sorted(self.tiers, reverse=True)
        )
        self.asker.say(_("Value journey: %(tiers)s", tiers=listing), "help")

        def read(reply: str) -> int:
            if not reply and current is not None:
                return current
            if reply in ("1", "2", "3", "4"):
                return int(reply)
            raise Reask(_("type the tier: 4, 3, 2 or 1"))

        return self.asker.ask(_("tier") + _now(current), read)

    def _level(self, element_id: str, current: int | None) -> int:
        element = next(e for e in self.elements if e.id == element_id)
        low, high = self.scale
        self.asker.say(_("%(title)s:", title=element.title), "help")
        for level in range(low, high + 1):
            self.asker.say(f"{level}  {element.levels[level]}", "help")

        def read(reply: str) -> int:
            if not reply and current is not None:
                return current
            if reply.isdecimal() and low <= int(reply) <= high:
                return int(reply)
            raise Reask(_("type a level %(low)s-%(high)s", low=low, high=high))

        return self.asker.ask(f"{element.title} ({low}-{high}){_now(current)}", read)


def _now(value: Any) -> str:
    return "" if value is None else _(" (now %(value)s)", value=value)


def _plain(value: float) -> int | float:
    return int(value) if value.is_integer() else value


def _yes_no(reply: str) -> bool:
    if reply.lower() in ("y", "yes"):
        return True
    if reply.lower() in ("n", "no"):
        return False
    raise Reask(_("type y or n"))


def _currency(reply: str) -> str | None:
    if not reply:
        return None
    code = reply.upper()
    if len(code) != 3 or not code.isalpha() or not code.isascii():
        raise Reask(_("a three-letter ISO 4217 code, e.g. EUR, USD, GBP"))
    return code
