"""What the build tells ``rolepath.js``: the URL scheme and the progress keys, as data attributes of
its ``<script>`` tag, so the script never keeps its own copy of a format the engine owns."""

from __future__ import annotations

from ..content.i18n import Translator, js_strings
from ..content.model import PROGRESS_KEY_PATTERN
from ..content.schema import ID_PATTERN, LEVELS
from . import urls
from .render import LEVEL_IN_TEXT, LEVEL_TITLES

_ID_PLACEHOLDER = "{id}"
"""Stands for a role id in the role URL given to the script; no id can contain a brace."""


def script_attributes(translator: Translator) -> dict[str, str]:
    """The data attributes of rolepath.js's script tag, by attribute name; the levels' names in
    running text are in ``translator``'s language, in the order of ``data-rp-levels``."""
    return {
        "data-rp-level-names": "|".join(translator.gettext(LEVEL_IN_TEXT[level]) for level in LEVELS),
        "data-rp-level-titles": "|".join(translator.gettext(LEVEL_TITLES[level]) for level in LEVELS),
        "data-rp-role-url": urls.role_url(_ID_PLACEHOLDER),
        "data-rp-id-pattern": ID_PATTERN,
        "data-rp-progress-key": PROGRESS_KEY_PATTERN,
        "data-rp-levels": " ".join(LEVELS),
    }


def strings(translator: Translator) -> dict[str, str | list[str]]:
    """The browser scripts' strings in ``translator``'s language, by their English text (plural
    messages: the forms, singular first); embedded in every page for ``t()`` in rolepath.js."""
    return js_strings(translator.language)
