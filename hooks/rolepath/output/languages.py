"""A portal in several languages: one edition per language, the default one at the site's root and
each other under ``/<lang>/``, so the default edition's addresses are those of a one-language portal
and nothing published before the portal spoke several languages breaks.

Every edition has the same pages at the same paths (a page without a translation shows its source,
with a note), so the language switcher links each page to the same page in the other editions, and
the reader's progress, kept in the browser by id for the whole origin, is the same in all of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from markupsafe import Markup, escape

from ..content.i18n import SOURCE_LANGUAGE, Translator, language_name
from . import urls


@dataclass(frozen=True)
class Languages:
    current: str = SOURCE_LANGUAGE
    """The language of the edition being built."""
    default: str = SOURCE_LANGUAGE
    """theme.language: the edition at the site's root, and the language the sources are written in."""
    all: tuple[str, ...] = field(default=(SOURCE_LANGUAGE,))
    """Every edition's language, in the order the switcher lists them."""

    @property
    def translated(self) -> bool:
        """Whether this edition shows translations of the sources (any edition but the default)."""
        return self.current != self.default

    @property
    def others(self) -> tuple[str, ...]:
        return tuple(language for language in self.all if language != self.current)

    def portal_url(self, url: str, language: str | None = None) -> str:
        """A page's URL from the root of the whole portal (the default edition's root)."""
        return edition_root(language or self.current, self.default) + url

    def root_link(self, language: str) -> str:
        """The link from this edition's root to ``language``'s (for Material's ``extra.alternate``)."""
        if not self.translated:
            return edition_root(language, self.default)
        return "./" if language == self.current else "../" + edition_root(language, self.default)

    def alternates(self, page_url: str) -> list[dict[str, str | bool]]:
        """The language switcher's entries for the page at ``page_url`` (relative to this edition's
        root): the same page in each edition, as a link relative to this page."""
        link = urls.linker(self.portal_url(page_url))
        return [
            {"lang": language, "name": language_name(language), "href": link(self.portal_url(page_url, language)),
             "current": language == self.current}
            for language in self.all
        ]  # fmt: skip


def edition_root(language: str, default: str) -> str:
    """The folder of ``language``'s edition, relative to the site's root: '' for the default one."""
    return "" if language == default else f"{language}/"


def fallback_note(translator: Translator, source_language: str) -> Markup:
    """The note on a page shown in the source language because it has no translation yet."""
    source_name = language_name(source_language, translator.language)
    text = translator.gettext(
        "This page has not been translated yet: it is shown in %(language)s.", language=source_name
    )
    return Markup('<p class="rp-fallback-note" role="note">{}</p>').format(escape(text))
