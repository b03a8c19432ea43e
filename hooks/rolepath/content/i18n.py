"""The reader's language: rolepath's interface strings through gettext catalogs, and dates, numbers
and minutes formatted for the locale, both with Babel.

English is the source language: every string is written in English where it is used (templates
call ``_()``/``ngettext()``, Python marks strings with `N_` or calls a `Translator`, the browser
scripts call ``t()``). The catalogs are ``locale/<lang>/LC_MESSAGES/rolepath.po`` beside this
package; they are compiled in memory when first used, so no binary ``.mo`` file is committed.
`extract` finds every string the sources use, with the method map in ``babel.cfg``, so the tests
and `update_catalogs` (what a developer runs after adding a string) agree on what a complete catalog is.
"""

from __future__ import annotations

import datetime
import functools
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po
from babel.numbers import format_decimal
from babel.support import NullTranslations, Translations

PACKAGE = Path(__file__).resolve().parents[1]
LOCALE_DIR = PACKAGE / "locale"
DOMAIN = "rolepath"
SOURCE_LANGUAGE = "en"
SHIPPED = ("de", "es", "fr")
"""The languages rolepath ships complete catalogs for, besides English."""
LANGUAGE_PATTERN = re.compile(r"^[a-z]{2,3}(?:[-_][A-Za-z]{2,4})?$")
"""A language code as Material's ``theme.language`` takes it: ``de``, ``pt-BR``, ``zh-Hant``."""
JS_KEYWORDS = {"t": None, "tn": (1, 2)}
"""The browser scripts' translation functions: ``t("Mark as done")``, ``tn("%(num)s module", "%(num)s modules", n)``."""
TEMPLATE_KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None}


def N_(message: str) -> str:
    """Mark ``message`` for extraction; it is translated where it is shown."""
    return message


@functools.cache
def read_catalog(language: str) -> Catalog | None:
    """``language``'s catalog as its .po file says; None for English and languages without one."""
    po = catalog_file(language)
    if language == SOURCE_LANGUAGE or not po.is_file():
        return None
    with po.open("rb") as handle:
        return read_po(handle, locale=babel_locale(language), domain=DOMAIN)


@functools.cache
def translations(language: str) -> NullTranslations:
    """The compiled catalog of ``language`` (English, or a language without a catalog: the source strings)."""
    catalog = read_catalog(language)
    if catalog is None:
        return NullTranslations()
    compiled = io.BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)


def catalog_file(language: str) -> Path:
    return LOCALE_DIR / language.replace("-", "_") / "LC_MESSAGES" / f"{DOMAIN}.po"


def babel_locale(language: str) -> Locale:
    """The locale whose formats ``language`` uses; English is British English, as the sources are written."""
    if language == SOURCE_LANGUAGE:
        language = "en_GB"
    try:
        return Locale.parse(language.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return Locale.parse(SOURCE_LANGUAGE)


def language_name(language: str, in_language: str | None = None) -> str:
    """``language``'s name, in ``in_language`` (by default in itself): 'Deutsch', 'Englisch'."""
    try:
        name = Locale.parse(language.replace("-", "_")).get_display_name(in_language or language) or language
    except (UnknownLocaleError, ValueError):
        return language
    return name[:1].upper() + name[1:] if in_language is None else name


def has_catalog(language: str) -> bool:
    return language == SOURCE_LANGUAGE or catalog_file(language).is_file()


@functools.lru_cache(maxsize=4096)
def _decimal(value: float, language: str) -> str:
    # A portal writes the same few numbers (minutes, counts) thousands of times, and Babel's
    # formatting costs about 50 µs a call.
    return format_decimal(value, locale=babel_locale(language))


@dataclass(frozen=True)
class Translator:
    """One language's strings and formats: what every template, page title, calendar and message uses."""

    language: str = SOURCE_LANGUAGE

    @property
    def catalog(self) -> NullTranslations:
        return translations(self.language)

    @property
    def locale(self) -> Locale:
        return babel_locale(self.language)

    def gettext(self, message: str, **values: object) -> str:
        """``message`` in this language, with ``%(name)s`` placeholders filled from ``values``."""
        text = self.catalog.gettext(message)
        return text % values if values else text

    def ngettext(self, singular: str, plural: str, count: int, **values: object) -> str:
        """The form of ``singular``/``plural`` this language uses for ``count``; ``%(num)s`` is the count."""
        text = self.catalog.ngettext(singular, plural, count)
        return text % {"num": self.number(count), **values}

    def number(self, value: float) -> str:
        return _decimal(value, self.language)

    def date(self, value: datetime.date, format: str = "long") -> str:
        return format_date(value, format=format, locale=self.locale)

    def minutes(self, total: int) -> str:
        """Minutes for people: '45 min', '2 h', '1 h 30 min' (the units as the language writes them)."""
        hours, minutes = divmod(total, 60)
        if not hours:
            return self.gettext("%(minutes)s min", minutes=self.number(minutes))
        if not minutes:
            return self.gettext("%(hours)s h", hours=self.number(hours))
        return self.gettext("%(hours)s h %(minutes)s min", hours=self.number(hours), minutes=self.number(minutes))

    def strings(self, messages: Iterable[str]) -> dict[str, str]:
        """``messages`` that this language translates, by their English text (the browser's catalog)."""
        return {m: t for m in messages if (t := self.catalog.gettext(m)) != m}


ENGLISH = Translator()


@dataclass(frozen=True)
class Message:
    """A sentence made before the reader's language is known (the adoption figures' signals): its
    English template, marked with `N_`, and its values; `str` is the English, `translated` any other."""

    template: str
    values: tuple[tuple[str, str], ...] = ()

    @classmethod
    def of(cls, template: str, **values: object) -> Message:
        return cls(template, tuple((name, str(value)) for name, value in values.items()))

    def __str__(self) -> str:
        return self.template % dict(self.values) if self.values else self.template

    def translated(self, translator: Translator) -> str:
        return translator.gettext(self.template, **dict(self.values))


_messages = [ENGLISH]


def messages() -> Translator:
    """The language the check's messages are written in (`set_messages_language`)."""
    return _messages[0]


def set_messages_language(language: str) -> None:
    """Write the check's messages in ``language`` from now on: ``rolepath check --lang de``, or a
    build's theme.language."""
    _messages[0] = Translator(language)


@functools.cache
def js_strings(language: str) -> dict[str, str | list[str]]:
    """The translated strings the browser scripts use (the catalog's messages found in a .js file),
    by English text; a plural message's value is its forms, singular first."""
    catalog = read_catalog(language)
    found: dict[str, str | list[str]] = {}
    for message in catalog or ():
        if not message.id or not message.string or not any(p.endswith(".js") for p, _ in message.locations):
            continue
        if isinstance(message.id, tuple | list):
            found[str(message.id[0])] = [str(form) for form in message.string]
        else:
            found[str(message.id)] = str(message.string)
    return found


def extract(root: Path = PACKAGE.parents[1]) -> Catalog:
    """Every interface string the sources use (Python, templates, browser scripts), with where each is."""
    catalog = Catalog(locale=SOURCE_LANGUAGE, domain=DOMAIN, project="rolepath")
    for filename, line, message, comments, context in extract_from_dir(
        str(root), method_map=METHOD_MAP, options_map=OPTIONS_MAP, keywords=KEYWORDS,
    ):  # fmt: skip
        catalog.add(message, locations=[(filename, line)], auto_comments=comments, context=context)
    return catalog


METHOD_MAP = [
    ("hooks/rolepath/**.py", "python"),
    ("overrides/**.html", "jinja2"),
    ("overrides/assets/rolepath/**.js", "javascript"),
]
"""What ``babel.cfg`` says, for `extract` (``pybabel extract -F babel.cfg`` reads the file)."""
OPTIONS_MAP = {
    "overrides/**.html": {"extensions": "jinja2.ext.i18n", "trim_blocks": "true", "lstrip_blocks": "true"},
}
KEYWORDS = {**TEMPLATE_KEYWORDS, **JS_KEYWORDS}


def js_messages(catalog: Catalog) -> list[str]:
    """The msgids the browser scripts use."""
    return sorted(
        str(message.id)
        for message in catalog
        if message.id and any(path.endswith(".js") for path, _ in message.locations)
    )


def update_catalogs(languages: Iterable[str] = SHIPPED) -> list[Path]:
    """Merge the strings the sources use into each language's catalog (new ones untranslated,
    unused ones dropped), as ``pybabel update`` does; returns the files written."""
    template = extract()
    written = []
    for language in languages:
        po = catalog_file(language)
        if po.is_file():
            with po.open("rb") as handle:
                catalog = read_po(handle, locale=babel_locale(language), domain=DOMAIN)
        else:
            catalog = Catalog(locale=babel_locale(language), domain=DOMAIN, project="rolepath")
        catalog.update(template, no_fuzzy_matching=True)
        catalog.obsolete.clear()
        po.parent.mkdir(parents=True, exist_ok=True)
        with po.open("wb") as handle:
            write_po(handle, catalog, width=120, omit_header=False, sort_output=True, include_lineno=False)
        written.append(po)
    for cached in (read_catalog, translations, js_strings):
        cached.cache_clear()
    return written
