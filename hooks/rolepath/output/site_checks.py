"""The one `load`: the content read and checked, and checked against the site the build makes.

`content.load.read_portal` checks everything that needs no knowledge of the site; what needs
the page plan and the URL scheme is checked here: an authored file where the build writes a
generated one, and a link to a Markdown page that will not exist. `rolepath check`, the build
and the tools all call `load`.
"""

from __future__ import annotations

import datetime
import os
import posixpath
import re
from urllib.parse import unquote

from ..content.audience_blocks import code_spans, fenced_ranges, inside
from ..content.history import stale_translations
from ..content.load import Layout, Loaded, ParsedYaml, read_portal
from ..content.memo import Memo
from . import pages, urls

_LAYOUT = Layout()


def load(
    root: str | os.PathLike[str],
    layout: Layout = _LAYOUT,
    *,
    today: datetime.date | None = None,
    parsed: Memo[ParsedYaml] | None = None,
) -> Loaded:
    """Read and check everything under ``root``; never raises for anything an author wrote.

    ``parsed`` keeps YAML trees by their text between loads (a serve rebuild reparses only
    the files that changed)."""
    loaded = read_portal(root, layout, today=today, parsed=parsed)
    stale_translations(root, loaded.editions, loaded.report)
    _check_generated_outputs(layout, loaded)
    _check_page_links(layout, loaded)
    return loaded


def _check_generated_outputs(layout: Layout, loaded: Loaded) -> None:
    """An authored file where the build writes a generated one would be replaced without a word."""
    for rel, message in pages.collisions(loaded.portal, layout.content, loaded.content_files):
        loaded.report.error(rel, 0, message)


_MARKDOWN_LINK = re.compile(
    r"""\]\(\s*<?(?P<inline>[^()\s<>]+?\.md)(?:#[^()\s<>]*)?>?(?:\s+(?:"[^"]*"|'[^']*'))?\s*\)"""
    r"""|^[ ]{0,3}\[[^\]]+\]:\s*<?(?P<reference>\S+?\.md)(?:#\S*)?>?(?:\s|$)""",
    re.M,
)
"""An inline link or a reference definition whose target is a Markdown file (fragment aside)."""


def _check_page_links(layout: Layout, loaded: Loaded) -> None:
    """A link to a .md file that does not exist breaks on the site: a warning, as MkDocs' own
    (which fails `mkdocs build --strict` and `rolepath check --strict`), now seen before the build."""
    content = layout.content
    known = {rel[len(content) + 1 :] for rel in (*loaded.bodies, *loaded.page_texts)}
    known |= {spec.src_uri for spec in pages.plan(loaded.portal)}
    known |= {urls.module_source(stem) for stem in loaded.known_ids.get("module", ())}
    known |= {urls.leader_source(stem) for stem in loaded.known_ids.get("leader", ())}
    texts = [(rel, document.body, document.body_line) for rel, document in loaded.bodies.items()]
    texts += [(rel, text, 1) for rel, text in loaded.page_texts.items()]
    for rel, text, first_line in texts:
        if ".md" not in text:
            continue
        fences = fenced_ranges(text)
        code = sorted(fences + code_spans(text, fences))
        folder = posixpath.dirname(rel[len(content) + 1 :])
        for link in _MARKDOWN_LINK.finditer(text):
            target = link.group("inline") or link.group("reference")
            if inside(code, link.start()) or re.match(r"[A-Za-z][A-Za-z0-9+.-]*:|/", target):
                continue  # code, an absolute URL, or a site-absolute path (not MkDocs' to check)
            resolved = posixpath.normpath(posixpath.join(folder, unquote(target)))
            if resolved not in known:
                line = first_line + text.count("\n", 0, link.start())
                loaded.report.warning(
                    rel, line, f"link to '{target}', which is no page in {content}/: fix the link or add the page"
                )
