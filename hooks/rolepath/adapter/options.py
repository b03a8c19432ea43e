"""rolepath's options in mkdocs.yml (``extra: rolepath:``), read once into `Options`.

Every option is checked here, with one rule: a value rolepath cannot honour stops the build
with a message naming the option (`OptionsError`), so a typo never builds a different portal
from the one meant (the full site where the employees' edition was meant, say).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from ..content.audience import EVERYONE
from ..content.i18n import LANGUAGE_PATTERN
from ..content.schema import AUDIENCES
from ..output.adoption import DEFAULT_MIN_GROUP
from ..output.sanitize import Policy

DEFAULT_CACHE = ".cache/rolepath"


_OPTIONS = ("audience", "sanitize", "adoption", "cache", "languages", "workers")


class OptionsError(ValueError):
    """An ``extra: rolepath:`` option that cannot be honoured: ``option`` names it (None: the
    ``rolepath:`` mapping itself), for the message to give the line it is set on."""

    def __init__(self, message: str, option: str | None = None) -> None:
        super().__init__(message)
        self.option = option


T = TypeVar("T")


@dataclass(frozen=True)
class Options:
    audience: str | None = None
    """The audience this build is for (``audience:``); None for the full build (also ``everyone``)."""
    sanitize: Policy = field(default_factory=Policy)
    """Which Markdown bodies' HTML is sanitised (``sanitize:``; see `output.sanitize`)."""
    min_group: int = DEFAULT_MIN_GROUP
    """The fewest people an adoption figure may describe (``adoption: min_group:``)."""
    languages: tuple[str, ...] = ()
    """The portal's editions, one per language (``languages: [en, de]``); empty: theme.language alone."""
    cache: str | None = DEFAULT_CACHE
    """Where `mkdocs build` keeps its build cache, relative to the repository (``cache:``, a
    folder, or ``false`` for none); None to build without one."""
    workers: int | None = None
    """How many processes `mkdocs build` makes pages in (``workers:``; 1: the main process alone);
    None for one per core."""


def parse_options(extra: Mapping[str, Any] | None, site_url: str | None = None) -> Options:
    """The options under mkdocs.yml's ``extra: rolepath:``; raises `OptionsError`. ``site_url``
    is the one host besides the portal's own pages that sanitised images may load from."""
    options = (extra or {}).get("rolepath") or {}
    if not isinstance(options, Mapping):
        raise OptionsError("extra: rolepath: must be a mapping of rolepath's options")
    unknown = sorted(str(key) for key in options if key not in _OPTIONS)
    if unknown:
        raise OptionsError(
            f"extra: rolepath: unknown option {unknown[0]!r}: the options are {', '.join(_OPTIONS[:-1])}"
            f" and {_OPTIONS[-1]}",
            unknown[0],
        )
    return Options(
        audience=_named("audience", lambda: _audience(options.get("audience"))),
        sanitize=_named("sanitize", lambda: _sanitize(options.get("sanitize", True), site_url or "")),
        min_group=_named("adoption", lambda: _min_group(options.get("adoption", {}))),
        languages=_named("languages", lambda: _languages(options.get("languages", []))),
        cache=_named("cache", lambda: _cache(options.get("cache", True))),
        workers=_named("workers", lambda: _workers(options.get("workers"))),
    )


def _named(option: str, parse: Callable[[], T]) -> T:
    """``parse()``, whose `OptionsError` is then known to be about ``option``."""
    try:
        return parse()
    except OptionsError as error:
        error.option = option
        raise


def _workers(value: object) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise OptionsError(
            f"extra: rolepath: workers: {value!r} must be a whole number of processes, 1 or more"
            " (1 builds in one process; leave it out for one per core)"
        )
    return value


def _cache(value: object) -> str | None:
    if value is True:
        return DEFAULT_CACHE
    if value is False:
        return None
    if not isinstance(value, str) or not value.strip() or value.startswith("/") or ".." in value.split("/"):
        raise OptionsError(
            f"extra: rolepath: cache: {value!r} must be true, false or a folder inside the repository,"
            f" e.g. {DEFAULT_CACHE}"
        )
    return value


def _languages(value: object) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise OptionsError(f"extra: rolepath: languages: {value!r} must be a list of language codes, e.g. [en, de]")
    for language in value:
        if not LANGUAGE_PATTERN.match(language):
            raise OptionsError(
                f"extra: rolepath: languages: {language!r} is not a language code: write it as theme.language"
                " takes it, e.g. de or pt-BR"
            )
        if value.count(language) > 1:
            raise OptionsError(f"extra: rolepath: languages: {language!r} is listed twice: list each language once")
    return tuple(value)


def _one_option(value: object, section: str, option: str, must_be: str) -> Mapping[str, object]:
    """``value`` as the mapping of ``section``, whose one option is ``option``."""
    if not isinstance(value, Mapping):
        raise OptionsError(f"extra: rolepath: {section}: {value!r} must be {must_be}")
    unknown = sorted(str(key) for key in value if key != option)
    if unknown:
        raise OptionsError(f"extra: rolepath: {section}: unknown option {unknown[0]!r}: the one option is {option!r}")
    return value


def _min_group(value: object) -> int:
    adoption = _one_option(value, "adoption", "min_group", "a mapping, e.g. {min_group: 5}")
    group = adoption.get("min_group", DEFAULT_MIN_GROUP)
    if isinstance(group, bool) or not isinstance(group, int) or group < 1:
        raise OptionsError(
            f"extra: rolepath: adoption: min_group: {group!r} must be a whole number of people, 1 or more"
        )
    return group


def _audience(value: object) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or value not in AUDIENCES:
        choices = ", ".join(AUDIENCES)
        raise OptionsError(f"extra: rolepath: audience: {value!r} is not an audience: use one of {choices}")
    return None if value == EVERYONE else value


def _sanitize(value: object, site: str) -> Policy:
    if isinstance(value, bool):
        return Policy(rolepath_pages=value, site=site)
    pages = _one_option(value, "sanitize", "pages", "true, false or {pages: true}").get("pages", False)
    if not isinstance(pages, bool):
        raise OptionsError(f"extra: rolepath: sanitize: pages: {pages!r} must be true or false")
    return Policy(rolepath_pages=True, ordinary_pages=pages, site=site)
