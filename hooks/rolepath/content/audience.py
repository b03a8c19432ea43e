"""Who content is for: the four audiences and the rule for what each edition of the portal keeps.

Every role, path, module and one-pager may say who it is for (``audience: everyone``,
``employees``, ``managers`` or ``leaders``; everyone when left out). A build may be made for
one audience; it then leaves out everything meant for the other audiences, everywhere. The
full build (no audience, or ``everyone``) keeps everything. For an item written for audience X:

* it is kept in the full build and in the build for X;
* an item for ``everyone`` is kept in every build;
* it is left out of every other build.

Everything fails closed: an audience value that is not one of the four is visible only in the
full build. `front_matter` reads an ordinary page's audience, `audience_blocks` the blocks for
some audiences inside Markdown, and `output.editions` makes the portal for one audience.
"""

from __future__ import annotations

from .schema import AUDIENCES, DEFAULT_AUDIENCE

EVERYONE = DEFAULT_AUDIENCE
"""The audience of content that names none, and the build that keeps everything."""


class AudienceError(ValueError):
    """An audience setting or marker that cannot be honoured, with the line it is on."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


def is_full(audience: str | None) -> bool:
    """True for the build that keeps everything."""
    return audience is None or audience == EVERYONE


def visible(item_audience: str | None, audience: str | None) -> bool:
    """Whether content written for ``item_audience`` belongs in the build for ``audience``.

    ``item_audience`` may list several audiences separated by spaces; None means everyone.
    An unknown value is visible only in the full build.
    """
    if is_full(audience):
        return True
    wanted = (item_audience or EVERYONE).split()
    return EVERYONE in wanted or audience in wanted


def include_manager_guides(audience: str | None) -> bool:
    """Whether the build has manager guides (and managers' notes): not in the employees' edition."""
    return audience != "employees"


def unknown(value: str) -> list[str]:
    """The author mistake in an audience value (several audiences separated by spaces), if any."""
    bad = [word for word in value.split() if word not in AUDIENCES]
    if not bad and value.split():
        return []
    shown = ", ".join(repr(word) for word in bad) or repr(value)
    return [f"audience {shown} is not an audience: use one of {', '.join(AUDIENCES)}"]
