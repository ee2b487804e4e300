"""The tool's own strings in the client's language: gettext catalogues, numbers and dates.

Catalogues live in ``ci_assess/locale/<lang>/LC_MESSAGES/ci_assess.po`` (the source a
translator edits) beside the compiled ``ci_assess.mo`` (committed, shipped in the
wheel; a test keeps it equal to the ``.po``). How to extract, update and compile them
is in docs/translations.md.

English is the source language and needs nothing: ``translator(None)`` returns the
identity, formats numbers and dates as the reports always have, and never imports
Babel. Only a report or an interview in another language loads Babel, for the
catalogue and for the locale's numbers (46,9) and dates (20 novembre 2026).
"""

from __future__ import annotations

import copy
import datetime as dt
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from ci_assess.core.language import SOURCE_LANGUAGE, fallbacks, is_source, normalise, pick
from ci_assess.core.rounding import format_score

if TYPE_CHECKING:
    from babel.support import NullTranslations

DOMAIN = "ci_assess"
LOCALE_DIR = Path(__file__).resolve().parents[1] / "locale"
_SHORT_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def english_long_date(value: dt.date) -> str:
    """A date as a client reads it in English: 20 November 2026 (the one spelling of it:
    the source-language translator and the templates' untranslated filter both use it)."""
    return f"{value.day} {_MONTHS[value.month - 1]} {value.year}"


class Translator(Protocol):
    """What the templates and the interview need of a language."""

    language: str

    def gettext(self, message: str, /, **values: Any) -> str:
        """``message`` translated, then ``%(name)s`` filled from ``values`` (if any)."""
        ...

    def ngettext(self, singular: str, plural: str, n: int, /, **values: Any) -> str:
        """The form for ``n``, translated; ``%(n)s`` and ``values`` filled in."""
        ...

    def plural(self, singular: str, plural: str, n: int) -> str:
        """The form for ``n``, translated, its placeholders left for the caller."""
        ...

    def score(self, value: float | None) -> str:
        """A one-decimal score (46.9 / 46,9), or an en dash when missing."""
        ...

    def number(self, value: float, decimals: int = 0) -> str:
        """A number with a fixed number of decimals, in the locale's digits."""
        ...

    def long_date(self, value: dt.date) -> str:
        """A date as a client reads it (20 November 2026 / 20 novembre 2026)."""
        ...

    def percent(self, share: float, decimals: int = 0) -> str:
        """A share (0.97) as a percentage: 97% / 97 % (French puts a no-break space)."""
        ...

    def grouped(self, value: float, decimals: int = 0) -> str:
        """A number with thousands groups: 4,200,000.00 / 4 200 000,00 (a minus sign,
        not a hyphen, in English)."""
        ...

    def money(self, value: float, currency: str | None, decimals: int = 0) -> str:
        """An amount in an ISO 4217 currency: EUR 4,200,000 / 4 200 000 €; without a
        currency, the grouped number alone."""
        ...

    def short_date(self, value: dt.date) -> str:
        """A date in a table cell: 30 Jun 2026 / 30 juin 2026."""
        ...


def _fill(text: str, values: dict[str, Any]) -> str:
    return text % values if values else text


class SourceTranslator:
    """English, the source: every string as written, numbers and dates as always."""

    language = SOURCE_LANGUAGE

    def gettext(self, message: str, /, **values: Any) -> str:
        return _fill(message, values)

    def ngettext(self, singular: str, plural: str, n: int, /, **values: Any) -> str:
        return _fill(singular if n == 1 else plural, {"n": n, **values})

    def plural(self, singular: str, plural: str, n: int) -> str:
        return singular if n == 1 else plural

    def score(self, value: float | None) -> str:
        return format_score(value)

    def number(self, value: float, decimals: int = 0) -> str:
        return f"{value:.{decimals}f}"

    def long_date(self, value: dt.date) -> str:
        return english_long_date(value)

    def percent(self, share: float, decimals: int = 0) -> str:
        return f"{share * 100:.{decimals}f}%"

    def grouped(self, value: float, decimals: int = 0) -> str:
        return f"{value:,.{decimals}f}".replace("-", "\u2212")

    def money(self, value: float, currency: str | None, decimals: int = 0) -> str:
        shown = self.grouped(value, decimals)
        return f"{currency} {shown}" if currency else shown

    def short_date(self, value: dt.date) -> str:
        return f"{value.day} {_SHORT_MONTHS[value.month - 1]} {value.year}"


class BabelTranslator:
    """A language with a catalogue: gettext from the ``.mo``, numbers and dates by Babel."""

    def __init__(self, language: str) -> None:
        from babel import Locale
        from babel.support import Translations

        self.language = language
        self._locale = Locale.parse(language, sep="-")
        # fr-CH reads fr_CH's catalogue if there is one, else fr's: Babel takes the first.
        chain = [tag.replace("-", "_") for tag in fallbacks(language)[:-1]]
        self._catalogue: NullTranslations = Translations.load(str(LOCALE_DIR), chain, DOMAIN)

    def gettext(self, message: str, /, **values: Any) -> str:
        return _fill(self._catalogue.gettext(message), values)

    def ngettext(self, singular: str, plural: str, n: int, /, **values: Any) -> str:
        return _fill(self._catalogue.ngettext(singular, plural, n), {"n": n, **values})

    def plural(self, singular: str, plural: str, n: int) -> str:
        return self._catalogue.ngettext(singular, plural, n)

    def score(self, value: float | None) -> str:
        return "\u2013" if value is None else self.number(value, 1)

    def number(self, value: float, decimals: int = 0) -> str:
        from babel.numbers import format_decimal

        pattern = "0." + "0" * decimals if decimals else "0"
        return str(format_decimal(value, format=pattern, locale=self._locale))

    def long_date(self, value: dt.date) -> str:
        from babel.dates import format_date

        return str(format_date(value, format="long", locale=self._locale))

    def percent(self, share: float, decimals: int = 0) -> str:
        from babel.numbers import format_percent

        # The locale's own pattern (fr: "#,##0 %", with its no-break space), decimals added.
        pattern = str(self._locale.percent_formats[None].pattern)
        if decimals:
            pattern = pattern.replace("0", "0." + "0" * decimals, 1)
        return str(format_percent(share, format=pattern, locale=self._locale))

    def grouped(self, value: float, decimals: int = 0) -> str:
        from babel.numbers import format_decimal

        pattern = "#,##0." + "0" * decimals if decimals else "#,##0"
        return str(format_decimal(value, format=pattern, locale=self._locale))

    def money(self, value: float, currency: str | None, decimals: int = 0) -> str:
        if not currency:
            return self.grouped(value, decimals)
        # The locale's own pattern (fr: "#,##0.00 ¤", the symbol after a no-break space,
        # so 4 200 000 €), with the decimals asked for instead of the currency's.
        pattern = copy.copy(self._locale.currency_formats["standard"])
        pattern.frac_prec = (decimals, decimals)
        return str(pattern.apply(value, self._locale, currency=currency, currency_digits=False))

    def short_date(self, value: dt.date) -> str:
        from babel.dates import format_date

        return str(format_date(value, format="medium", locale=self._locale))


def available() -> list[str]:
    """The languages the tool speaks: English and every compiled catalogue, sorted."""
    found = {SOURCE_LANGUAGE}
    if LOCALE_DIR.is_dir():
        for folder in LOCALE_DIR.iterdir():
            if (folder / "LC_MESSAGES" / f"{DOMAIN}.mo").is_file():
                found.add(folder.name.replace("_", "-"))
    return sorted(found)


class UnknownLanguage(ValueError):
    """A tag that is no language tag, or names a language the tool does not speak."""

    def __init__(self, tag: str, reason: str) -> None:
        super().__init__(reason)
        self.tag = tag
        self.hint = f"available languages: {', '.join(available())}"


def resolve(tag: str) -> str:
    """``tag`` in its canonical spelling, once it is known to be served.

    It is served when it, or a tag it falls back to, has a catalogue (``fr-CH``: by
    ``fr``; numbers and dates then follow fr-CH). English and its variants resolve to
    ``en``. A tag whose chain reaches no catalogue (``de``), or that is no BCP 47 tag,
    raises ``UnknownLanguage``.
    """
    normal = normalise(tag)
    if normal is None:
        raise UnknownLanguage(tag, f"{tag!r} is not a language tag (BCP 47, e.g. fr or fr-CH)")
    if is_source(normal):
        return SOURCE_LANGUAGE
    if pick(normal, set(available())) is None:
        raise UnknownLanguage(tag, f"unknown language {tag!r}")
    return normal


@cache
def translator(language: str | None) -> Translator:
    """The translator of a resolved language; English (or None) never imports Babel."""
    if language is None or language == SOURCE_LANGUAGE:
        return SourceTranslator()
    return BabelTranslator(language)
