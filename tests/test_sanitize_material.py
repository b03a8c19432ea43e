"""The sanitiser keeps what Material's own Markdown extensions write.

A real corpus: pages of Material for MkDocs' own documentation (tests/corpus/material-docs/,
see its README), rendered with the Markdown extensions Material's own mkdocs.yml uses. Every
page must come out of `sanitize_html` the same as it went in (compared as parsed trees), but
for what the sanitiser is there to remove, listed page by page in `EXPECTED_REMOVALS`: those
pages show off scripts, styles and remote images as examples.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import markdown
import material
import pymdownx.slugs
import pymdownx.superfences
import pytest
from bs4 import BeautifulSoup, Comment, NavigableString, Tag
from material.extensions import emoji
from rolepath.output.sanitize import sanitize_html

CORPUS = Path(__file__).parent / "corpus" / "material-docs"
PAGES = sorted(path.relative_to(CORPUS).as_posix() for path in CORPUS.rglob("*.md") if path.name != "README.md")

SITE = "https://squidfunk.github.io/mkdocs-material/"

EXTENSIONS: list[str] = [
    "abbr", "admonition", "attr_list", "def_list", "footnotes", "md_in_html", "toc",
    "pymdownx.arithmatex", "pymdownx.betterem", "pymdownx.caret", "pymdownx.details", "pymdownx.emoji",
    "pymdownx.highlight", "pymdownx.inlinehilite", "pymdownx.keys", "pymdownx.magiclink", "pymdownx.mark",
    "pymdownx.smartsymbols", "pymdownx.superfences", "pymdownx.tabbed", "pymdownx.tasklist", "pymdownx.tilde",
]  # fmt: skip
"""Material's own `markdown_extensions`, but pymdownx.snippets (its auto-appended file is not here)."""

EXTENSION_CONFIGS = {
    "toc": {"permalink": True},
    "pymdownx.arithmatex": {"generic": True},
    "pymdownx.betterem": {"smart_enable": "all"},
    "pymdownx.emoji": {"emoji_generator": emoji.to_svg, "emoji_index": emoji.twemoji},
    "pymdownx.highlight": {"anchor_linenums": True, "line_spans": "__span", "pygments_lang_class": True},
    "pymdownx.magiclink": {
        "normalize_issue_symbols": True, "repo_url_shorthand": True, "user": "squidfunk", "repo": "mkdocs-material",
    },
    "pymdownx.superfences": {
        "custom_fences": [{"name": "mermaid", "class": "mermaid", "format": pymdownx.superfences.fence_code_format}]
    },
    "pymdownx.tabbed": {
        "alternate_style": True, "combine_header_slug": True, "slugify": pymdownx.slugs.slugify(case="lower"),
    },
    "pymdownx.tasklist": {"custom_checkbox": True},
}  # fmt: skip

Removal = Callable[[BeautifulSoup], int]
"""Takes out of the unsanitised tree what the sanitiser must remove; returns how much it found."""


def elements(selector: str) -> Removal:
    def remove(tree: BeautifulSoup) -> int:
        found = tree.select(selector)
        for element in found:
            element.decompose()
        return len(found)

    return remove


def attribute(selector: str, name: str) -> Removal:
    def remove(tree: BeautifulSoup) -> int:
        found = tree.select(selector)
        for element in found:
            del element[name]
        return len(found)

    return remove


def unwrapped(selector: str) -> Removal:
    def remove(tree: BeautifulSoup) -> int:
        found = tree.select(selector)
        for element in found:
            element.unwrap()
        return len(found)

    return remove


REMOTE_EMOJI = attribute('img.twemoji[src^="https://cdn.jsdelivr.net/"]', "src")
"""Twemoji's emoji (``:smile:``) are images on a CDN: a page must not load from another host."""

EXPECTED_REMOVALS: dict[str, list[Removal]] = {
    "reference/buttons.md": [attribute('a[href^="javascript:"]', "href")],
    "reference/math.md": [elements("script")],
    "embedding/jing.md": [elements("iframe"), elements("video > source"), unwrapped("video"), REMOTE_EMOJI],
    "embedding/github.md": [elements("script"), attribute("div#github", "style")],
    "blog/posts/chinese-search-support.md": [attribute("p[style]", "style")],
    "contributing/reporting-a-docs-issue.md": [attribute("span.twemoji[style]", "style")],
    "blog/posts/adding-a-badge-to-your-project.md": [attribute('img[src^="https://img.shields.io/"]', "src")],
    "setup/adding-social-links.md": [attribute("span.twemoji[style]", "style")],
    "reference/code-blocks.md": [REMOTE_EMOJI, attribute("span.twemoji[style]", "style")],
    "reference/data-tables.md": [elements("script"), attribute('img[src^="https://i.stack.imgur.com/"]', "src")],
    "reference/icons-emojis.md": [elements("input#icon-search"), elements("style"), REMOTE_EMOJI],
}
"""What the sanitiser takes out of each page, and nothing else: scripts, styles, inline ``style``,
``javascript:`` links, images from other hosts, a search field."""


def render(page: str) -> str:
    text = (CORPUS / page).read_text(encoding="utf-8")
    body = re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.DOTALL)  # front matter, as MkDocs strips it
    return str(markdown.markdown(body, extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS))


def tree(html: str) -> list[object]:
    """The parsed document as nested lists: elements with their attributes, text and comments."""
    return _nodes(BeautifulSoup(html, "html.parser"))


def _nodes(parent: Tag) -> list[object]:
    nodes: list[object] = []
    for child in parent.children:
        if isinstance(child, Comment):
            nodes.append(("comment", str(child)))
        elif isinstance(child, NavigableString):
            if nodes and isinstance(nodes[-1], str):
                nodes[-1] += str(child)
            else:
                nodes.append(str(child))
        elif isinstance(child, Tag) and child.name == "tbody":
            nodes.extend(_nodes(child))  # a browser adds it to a <table><tr>, as the sanitiser's parser does
        elif isinstance(child, Tag):
            attributes = {name: " ".join(v) if isinstance(v, list) else v for name, v in child.attrs.items()}
            inside = _nodes(child)
            block = next((i for i, node in enumerate(inside) if isinstance(node, tuple) and node[0] in _BLOCKS), None)
            if child.name == "p" and block is not None:
                # A browser ends a <p> where a block starts, and makes the stray </p> an empty <p>:
                # what a fence right after a line of text gives (the sanitiser's parser does the same).
                nodes += [("p", sorted(attributes.items()), inside[:block]), *inside[block:], ("p", [], [])]
            else:
                nodes.append((child.name.lower(), sorted(attributes.items()), inside))
    return [node for node in nodes if node != ""]


_BLOCKS = frozenset(["div", "pre", "table", "ul", "ol", "dl", "blockquote", "details", "figure", "hr", "p"])


def test_the_corpus_is_real_and_big_enough() -> None:
    assert len(PAGES) >= 40, PAGES
    readme = (CORPUS / "README.md").read_text(encoding="utf-8")
    assert "MIT" in readme and "Permission is hereby granted" in readme
    assert not [page for page in EXPECTED_REMOVALS if page not in PAGES]


@pytest.mark.parametrize("page", PAGES)
def test_material_docs_page_survives_the_sanitiser(page: str) -> None:
    raw = render(page)
    clean = sanitize_html(raw, SITE)
    expected = BeautifulSoup(raw, "html.parser")
    for remove in EXPECTED_REMOVALS.get(page, []):
        assert remove(expected), f"{page}: an expected removal found nothing: keep the list honest"
    assert tree(clean) == tree(str(expected))


def test_every_icon_material_ships_survives_the_sanitiser() -> None:
    """What ``:material-...:``, ``:octicons-...:``, ``:fontawesome-...:`` and ``:simple-...:``
    turn into: each bundled SVG is kept whole, but two (Material's logo, an Octicon) whose
    ``style`` or ``aria-hidden`` is off the list."""
    icons = Path(material.__file__).parent / "templates" / ".icons"
    changed = []
    for path in sorted(icons.rglob("*.svg")):
        svg = path.read_text(encoding="utf-8")
        html = f'<span class="twemoji">{svg}</span>'
        if tree(sanitize_html(html)) != tree(html):
            changed.append(path.relative_to(icons).as_posix())
    assert len(list(icons.rglob("*.svg"))) > 10_000
    assert len(changed) <= 2, changed


HOSTILE_LOOKALIKES = [
    # icons: an <svg> may carry only the namespace, a viewBox and paths with path data
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" onload="alert(1)"><path d="M0 0z"'
    ' onclick="alert(2)" style="fill:url(https://tracker.example/a)"/><script>alert(3)</script>'
    '<foreignObject><img src=x onerror=alert(4)></foreignObject><use href="https://tracker.example/s.svg#a"/>'
    '<animate attributeName="href" to="javascript:alert(5)"/><set attributeName="onmouseover" to="alert(6)"/>'
    '<image href="https://tracker.example/p.png"/><style>@import url(https://tracker.example/c.css)</style></svg>',
    '<svg xmlns="javascript:alert(7)" viewBox="expression(alert(8))"><path d="url(javascript:alert(9))"/></svg>',
    '<svg><a href="javascript:alert(10)" xlink:href="javascript:alert(11)">x</a></svg>',
    # content tabs: radios and labels, nothing else a form is made of
    '<input type="text" name="__tabbed_1"><input type="password" value="x"><input><input type="image" src="x">',
    '<input type="radio" name="__tabbed_2" onclick="alert(12)" formaction="javascript:alert(13)" form="f">',
    '<label for="__tabbed_2_1" onclick="alert(14)">t</label><div class="tabbed-set" data-tabs="alert(15)">',
    '<form action="https://tracker.example/"><button formaction="javascript:alert(16)">go</button></form>',
    # code-line anchors: a name, never a script
    '<a name="__codelineno-0-1" href="javascript:alert(17)">1</a><a name="x&quot; onclick=&quot;alert(18)">2</a>',
    '<a href="&#106;avascript:alert(19)">3</a><a href="java&#x0A;script:alert(20)">4</a>',
    '<img src="data:image/svg+xml,&lt;svg onload=alert(21)&gt;"><img src="&#100;ata:text/html,alert(22)">',
    # comments stay comments
    "<!--><img src=x onerror=alert(23)>--><!-- <script>alert(24)</script> -->",
    "<!--[if IE]><script>alert(25)</script><![endif]-->",
    '<div markdown="1" style="background:url(https://tracker.example/b)" onmouseover="alert(26)">m</div>',
]


@pytest.mark.parametrize("html", HOSTILE_LOOKALIKES)
def test_what_is_kept_for_material_cannot_carry_hostile_markup(html: str) -> None:
    clean = sanitize_html(html, SITE)
    tree_ = BeautifulSoup(clean, "html.parser")
    problems = []
    for element in tree_.find_all(True):
        if element.name in ("script", "style", "foreignobject", "use", "animate", "set", "image", "form", "button"):
            problems.append(f"<{element.name}> kept")
        for name, value in element.attrs.items():
            text = " ".join(value) if isinstance(value, list) else str(value)
            if name.startswith("on") or (name in ("style", "formaction", "form", "src") and "tracker" in text):
                problems.append(f"{element.name}[{name}] kept")
            if re.search(r"javascript|data:|alert|expression|url\(", text, re.IGNORECASE):
                problems.append(f"{element.name}[{name}={text!r}] kept")
        if element.name == "svg" and set(element.attrs) - {"xmlns", "viewbox"}:
            problems.append(f"<svg {sorted(element.attrs)}>")
        if element.name == "input" and element.get("type") not in ("checkbox", "radio"):
            problems.append(f"<input type={element.get('type')!r}> kept")
    comments = tree_.find_all(string=lambda text: isinstance(text, Comment))
    if len(comments) != clean.count("<!--"):
        problems.append("a comment's text became markup")
    assert not problems, (problems, clean)
