"""Fast rebuilds in `mkdocs serve`: each page's work is redone only when its inputs changed.

MkDocs 1.6 rebuilds the whole site after every edit: it converts every page's Markdown,
indexes every page for search and renders every page into the theme. This module, part of
the MkDocs adapter, memoises those three steps for the life of one `mkdocs serve` process:

- **Markdown to HTML**, keyed by the page's Markdown, its place in the site, the set of files
  (links are resolved against it) and the configuration. Warnings the conversion logged are
  logged again when its result is reused. Only done when every Markdown extension is known
  to read nothing but the page (``pymdownx.snippets``, for one, reads other files).
- **The search index entries** of a page, keyed by exactly what the search plugin reads.
- **The theme's output**, keyed by the page's final content, title, metadata and table of
  contents, its neighbours, the navigation, the set of files, the configuration and the files
  of the theme's ``custom_dir``. Taken once every page is ready (`on_env`), so the titles of
  other pages are final; a reused page is written through a one-line template. The theme's
  own pages (``404.html``, ``sitemap.xml``) likewise.

It also keeps compiled Jinja templates (`CompiledTemplates`) and, through the adapter, parsed
YAML, rolepath's page bodies and the practice calendars.

Whenever something it does not know about takes part (another plugin's template variables, a
navigation replaced after rolepath's), the page is rendered as usual.

`mkdocs build` uses the same memos, each with a `DiskStore` behind it (``ServeCache(directory)``):
the build cache in ``.cache/rolepath/``, which makes a build after a small edit cheap. Its
entries are keyed by the same fingerprints, salted with what made them (see `build_salt`);
templates are fingerprinted by content, so a fresh checkout finds them.
"""

from __future__ import annotations

import datetime
import functools
import importlib.metadata
import logging
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure import StructureItem
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, TableOfContents
from mkdocs.theme import Theme

from ..content.load import ParsedYaml
from ..content.memo import DiskStore, Memo, file_digests, fingerprint

log = get_plugin_logger("rolepath")

CACHED_TEMPLATE = "rolepath/cached-page.html"
"""Writes a reused page as it was, or renders its usual template when reuse is off after all."""
_CACHED_TEMPLATE_SOURCE = (
    "{%- if rolepath_cached_page is defined -%}{{ rolepath_cached_page }}"
    "{%- else -%}{% include rolepath_template %}{%- endif -%}"
)

_THEME_PAGES = frozenset({"404.html", "sitemap.xml"})
"""The theme's own pages: they show the navigation and the list of pages, nothing of their content
(unlike an ``extra_templates`` page, which may show anything)."""

_CONTEXT_KEYS = frozenset(
    {"nav", "pages", "base_url", "extra_css", "extra_javascript", "mkdocs_version", "build_date_utc", "config", "page"}
)
"""The template variables MkDocs provides; any other comes from a plugin whose inputs are unknown."""

_PURE_EXTENSIONS = frozenset(
    (
        "abbr",
        "admonition",
        "attr_list",
        "codehilite",
        "def_list",
        "extra",
        "fenced_code",
        "footnotes",
        "legacy_attrs",
        "legacy_em",
        "md_in_html",
        "meta",
        "nl2br",
        "sane_lists",
        "smarty",
        "tables",
        "toc",
        "wikilinks",
        "pymdownx.arithmatex",
        "pymdownx.betterem",
        "pymdownx.caret",
        "pymdownx.critic",
        "pymdownx.details",
        "pymdownx.emoji",
        "pymdownx.escapeall",
        "pymdownx.extra",
        "pymdownx.fancylists",
        "pymdownx.highlight",
        "pymdownx.inlinehilite",
        "pymdownx.keys",
        "pymdownx.magiclink",
        "pymdownx.mark",
        "pymdownx.progressbar",
        "pymdownx.quotes",
        "pymdownx.saneheaders",
        "pymdownx.smartsymbols",
        "pymdownx.striphtml",
        "pymdownx.superfences",
        "pymdownx.tabbed",
        "pymdownx.tasklist",
        "pymdownx.tilde",
        "pymdownx.blocks.admonition",
        "pymdownx.blocks.details",
        "pymdownx.blocks.html",
        "pymdownx.blocks.tab",
        "pymdownx.blocks.caption",
        "material.extensions.emoji",
    )
)
"""Markdown extensions whose output depends on nothing but the page's Markdown and their options."""


@dataclass
class _Rendered:
    """What `Page.render` sets on a page, and what it logged on the way."""

    content: str
    toc: TableOfContents
    title: str | None
    present_anchor_ids: set[str] | None
    links_to_anchors: dict[str, dict[str, str]] | None
    """By the src_uri of the linked file: File objects belong to one build."""
    records: list[Any]


@dataclass
class _Build:
    """What the cache knows about the build in progress."""

    config_key: str = ""
    files_key: str = ""
    site_key: str = ""
    """Everything every page's theme output depends on."""
    pure_markdown: bool = False
    nav: Navigation | None = None
    """The navigation rolepath made; if the pages are built with another, nothing is reused."""
    outputs: dict[str, str] = field(default_factory=dict)
    """Reused theme output by target (a page's src_uri, or a theme template's `_template_target`)."""
    templates: dict[str, str] = field(default_factory=dict)
    """The template a reused page would have had, by src_uri."""
    keys: dict[str, str] = field(default_factory=dict)
    """The output key of each target rendered in full, to keep its output under."""
    keep: set[str] = field(default_factory=set)
    """Targets rendered in full whose output may be kept (their context held no surprises)."""
    to_render: list[Page] = field(default_factory=list)
    """The pages whose theme output no earlier build left."""


class ServeCache:
    """Memos that outlive the rebuilds of one `mkdocs serve` process."""

    def __init__(self, directory: Path | None = None) -> None:
        """With a ``directory``, the results are kept there between processes too."""
        self.directory = directory

        def memo(name: str, sweep: bool = True) -> Memo[Any]:
            if directory is None:
                return Memo()
            return Memo(DiskStore(directory / f"{name}.pack", build_salt(), log.debug), sweep=sweep)

        self.renders: Memo[_Rendered] = memo("markdown")
        self.search_entries: Memo[list[dict[str, Any]]] = memo("search")
        self.outputs: Memo[str] = memo("theme")
        self.results: Memo[Any] = memo("bodies")
        """Anything else the adapter memoises (rolepath's page bodies, calendars)."""
        self.parsed: Memo[ParsedYaml] = memo("yaml")
        """YAML trees by their text, for the loader."""
        # Not swept: a build that reuses every page compiles no template, and the next one needs
        # them; there is one entry per template file, so they cannot pile up.
        self.compiled = CompiledTemplates(memo("templates", sweep=False))
        self._build = _Build()

    @property
    def memos(self) -> dict[str, Memo[Any]]:
        return {
            "Markdown": self.renders, "search": self.search_entries, "theme": self.outputs,
            "bodies": self.results, "YAML": self.parsed, "templates": self.compiled.code,
        }  # fmt: skip

    def start_build(self) -> None:
        self._build = _Build()
        for memo in self.memos.values():
            memo.start_build()

    def end_build(self) -> None:
        for memo in self.memos.values():
            memo.end_build()
        log.debug(
            "reused from earlier rebuilds: "
            + ", ".join(
                f"{name} {memo.stats.hits}/{memo.stats.hits + memo.stats.misses}" for name, memo in self.memos.items()
            )
        )

    # --- on_nav: what every page's output depends on -------------------------------------

    def note_site(self, config: MkDocsConfig, files: Files, nav: Navigation) -> None:
        build = self._build
        build.config_key = fingerprint(*_config_parts(config))
        build.files_key = fingerprint([(f.src_uri, f.dest_uri, f.url, f.inclusion.name, f.generated_by) for f in files])
        build.pure_markdown = all(_extension_name(ext) in _PURE_EXTENSIONS for ext in config.markdown_extensions)
        build.nav = nav

    @property
    def converts_pages(self) -> bool:
        """Whether each page's Markdown to HTML is memoised (its extensions read only the page)."""
        return self._build.pure_markdown

    @property
    def nav(self) -> Navigation | None:
        return self._build.nav

    def converted_this_site_before(self) -> bool:
        """Whether the last build converted the pages of this configuration and set of files
        (from `note_site`): then only a page whose Markdown changed is converted again, where any
        other change (an option, a page added, rolepath upgraded) converts every page again."""
        key = fingerprint("pages converted", self._build.config_key, self._build.files_key)
        before = self.results.has(key)
        self.results.put(key, True)
        return before

    # --- on_pre_page: Markdown to HTML -------------------------------------------------

    def wrap_render(self, page: Page) -> None:
        if self._build.pure_markdown:
            setattr(page, "render", functools.partial(self._render, page, page.render))  # noqa: B010

    def _render(
        self, page: Page, render: Callable[[MkDocsConfig, Files], None], config: MkDocsConfig, files: Files
    ) -> None:
        build = self._build
        key = fingerprint(build.config_key, build.files_key, page.file.src_uri, page.markdown)
        done = self.renders.get(key)
        if done is None:
            with recording("mkdocs", "") as records:
                render(config, files)
            assert page.content is not None
            links = page.links_to_anchors
            done = _Rendered(
                page.content, page.toc, page._title_from_render, page.present_anchor_ids,
                None if links is None else {to.src_uri: dict(anchors) for to, anchors in links.items()},
                [_portable(record) for record in records],
            )  # fmt: skip
            self.renders.put(key, done)
            return
        replay(done.records)
        page.content = done.content
        page.toc = done.toc
        page._title_from_render = done.title
        page.present_anchor_ids = done.present_anchor_ids
        if done.links_to_anchors is not None:
            page.links_to_anchors = {
                linked: dict(anchors)
                for src_uri, anchors in done.links_to_anchors.items()
                if (linked := files.get_file_from_path(src_uri)) is not None
            }

    # --- on_env: the theme's output of each page ---------------------------------------

    def prepare(self, env: jinja2.Environment, config: MkDocsConfig, files: Files) -> None:
        """Every page is converted: find the pages whose theme output can be reused."""
        env.bytecode_cache = self.compiled
        build = self._build
        if build.nav is None:
            return
        loader = env.loader
        assert loader is not None
        env.loader = jinja2.ChoiceLoader([jinja2.DictLoader({CACHED_TEMPLATE: _CACHED_TEMPLATE_SOURCE}), loader])
        self._memoise_search(config)
        build.site_key = fingerprint(
            build.config_key, build.files_key, _nav_parts(build.nav), _custom_dir_parts(config),
            # The sitemap's dates, and any template that shows the build's date.
            datetime.date.today(),
        )  # fmt: skip
        build.to_render = self.reuse_outputs(files)

    @property
    def pages_to_render(self) -> list[Page]:
        """The pages whose theme output no earlier build left (known from `prepare` on)."""
        return self._build.to_render

    def reuse_outputs(self, files: Files) -> list[Page]:
        """Have each page whose theme output is kept written from it; return the others, which
        are rendered in full. Called again once worker processes have rendered those (`parallel`)."""
        build = self._build
        if not build.site_key:
            return []
        rendered = []
        for file in files.documentation_pages():
            page = file.page
            if page is None or page.content is None or file.src_uri in build.outputs:
                continue
            key = build.keys.get(file.src_uri) or fingerprint(build.site_key, *_page_parts(page))
            if self._reusable(file.src_uri, key) is None:
                rendered.append(page)
            else:
                build.templates[file.src_uri] = page.meta.get("template", "main.html")
                page.meta["template"] = CACHED_TEMPLATE
        return rendered

    def _reusable(self, target: str, key: str) -> str | None:
        build = self._build
        output = self.outputs.get(key)
        if output is None:
            build.keys[target] = key
        else:
            build.outputs[target] = output
        return output

    def _memoise_search(self, config: MkDocsConfig) -> None:
        """Wrap the search plugin's indexing of a page, if it is one whose inputs are known."""
        for plugin in config.plugins.values():
            index = getattr(plugin, "search_index", None)
            entries = getattr(index, "entries", None)
            if isinstance(entries, list) and callable(getattr(index, "add_entry_from_context", None)):
                settings = repr(getattr(index, "config", None))
                original = index.add_entry_from_context  # type: ignore[union-attr]
                index.add_entry_from_context = functools.partial(  # type: ignore[union-attr]
                    self._index_page, index, original, settings
                )

    def _index_page(self, index: Any, add: Callable[[Page], None], settings: str, page: Page) -> None:
        meta = page.meta
        key = fingerprint(
            settings, page.url, page.title, meta.get("title"), meta.get("tags"), meta.get("search"),
            page.content, _toc_parts(page.toc),
        )  # fmt: skip
        added = self.search_entries.get(key)
        if added is None:
            before = len(index.entries)
            add(page)
            self.search_entries.put(key, [dict(entry) for entry in index.entries[before:]])
        else:
            index.entries.extend(dict(entry) for entry in added)

    # --- on_page_context / on_post_page -------------------------------------------------

    def page_context(self, context: dict[str, Any], page: Page, nav: Navigation) -> None:
        target = page.file.src_uri
        self._context(target, context, nav is self._build.nav, lambda: self._build.templates[target])

    def post_page(self, output: str, page: Page) -> None:
        self._keep(page.file.src_uri, output)

    # --- on_pre_template / on_template_context / on_post_template: 404.html, sitemap.xml --

    def pre_template(self, template: jinja2.Template, name: str) -> jinja2.Template:
        if name not in _THEME_PAGES or self._build.nav is None or not self._build.site_key:
            return template
        if self._reusable(_template_target(name), fingerprint(self._build.site_key, name)) is None:
            return template
        return template.environment.get_template(CACHED_TEMPLATE)

    def template_context(self, context: dict[str, Any], name: str) -> None:
        if name not in _THEME_PAGES:
            return
        self._context(_template_target(name), context, True, lambda: name)

    def post_template(self, output: str, name: str) -> None:
        if name not in _THEME_PAGES:
            return
        self._keep(_template_target(name), output)

    def _context(self, target: str, context: dict[str, Any], known: bool, template: Callable[[], str]) -> None:
        """Give a reused target its output or, if the context holds the unknown after all, the
        name of its usual template; note whether a target rendered in full may be kept."""
        build = self._build
        known = known and set(context) <= _CONTEXT_KEYS
        if target in build.outputs:
            if known:
                context["rolepath_cached_page"] = Markup(build.outputs[target])
            else:
                context["rolepath_template"] = template()
        elif known and target in build.keys:
            build.keep.add(target)

    def _keep(self, target: str, output: str) -> None:
        build = self._build
        if target in build.keep:
            self.outputs.put(build.keys[target], output)


def _template_target(name: str) -> str:
    return f"\0template:{name}"


def _extension_name(extension: object) -> str:
    if isinstance(extension, str):
        return extension.removeprefix("markdown.extensions.")
    return type(extension).__module__  # an Extension instance: unknown unless its module is listed


def _config_parts(config: MkDocsConfig) -> Iterable[object]:
    """The configuration as plugins left it; plugins by their settings, not their identity."""
    for name, value in config.items():
        if name not in ("plugins", "hooks"):
            yield name, _stable(value)
    for name, plugin in config.plugins.items():
        settings = getattr(plugin, "config", None)
        yield name, _stable(dict(settings) if isinstance(settings, dict) else settings)


def _stable(value: object) -> object:
    """``value`` in a form whose repr is the same in every process: a set's repr follows string
    hashing, which differs between processes (the theme's ``static_templates`` is one)."""
    if isinstance(value, Theme):
        return "theme", value.name, value.dirs, _stable(value.static_templates), _stable(dict(value))
    if isinstance(value, dict):
        return [(repr(key), _stable(item)) for key, item in value.items()]
    if isinstance(value, set | frozenset):
        return sorted(repr(_stable(item)) for item in value)
    if isinstance(value, list | tuple):
        return [_stable(item) for item in value]
    return repr(value)


def _nav_parts(nav: Navigation) -> list[object]:
    def item_parts(item: StructureItem) -> object:
        if isinstance(item, Section):
            return ("section", item.title, [item_parts(child) for child in item.children])
        if isinstance(item, Page):
            return ("page", item.title, item.url, item.file.src_uri)
        if isinstance(item, Link):
            return ("link", item.title, item.url)
        return repr(item)

    return [item_parts(item) for item in nav.items]


def _toc_parts(toc: Iterable[AnchorLink]) -> list[object]:
    return [(item.id, item.title, item.level, _toc_parts(item.children)) for item in toc]


def _page_parts(page: Page) -> Iterable[object]:
    """Everything about the page itself that the theme may show."""
    yield page.file.src_uri, page.file.dest_uri, page.url, page.canonical_url, page.edit_url
    yield page.title, page.is_homepage, page.content, _toc_parts(page.toc)
    yield sorted((str(name), repr(value)) for name, value in page.meta.items())
    for neighbour in (page.previous_page, page.next_page):
        yield None if neighbour is None else (neighbour.title, neighbour.url)


def _custom_dir_parts(config: MkDocsConfig) -> list[tuple[str, str]]:
    """The theme overrides: an edited template or stylesheet changes every page."""
    custom_dir = config.theme.custom_dir
    return file_digests(custom_dir) if custom_dir else []


@functools.cache
def build_salt() -> str:
    """What the cached results are made by besides their inputs: rolepath's own code, the
    Python and every installed distribution's version (MkDocs, the theme, Markdown extensions)."""
    package = Path(__file__).resolve().parents[1]
    distributions = sorted((str(dist.metadata["Name"]), dist.version) for dist in importlib.metadata.distributions())
    return fingerprint(sys.version, distributions, file_digests(package))


class CompiledTemplates(jinja2.BytecodeCache):
    """Compiled Jinja templates, shared by the template environments of successive builds.

    Every build makes new environments, which would otherwise compile every template again.
    Jinja checks each entry against the template's source, so an edited template is compiled
    afresh."""

    def __init__(self, code: Memo[bytes]) -> None:
        self.code = code

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self.code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.code.put(bucket.key, bucket.bytecode_to_string())

    def clear(self) -> None:
        self.code.clear()


class _Recorder(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.NOTSET)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        # A record reaches this handler once per logger it is attached to ("mkdocs" and the root).
        if not self.records or self.records[-1] is not record:
            self.records.append(record)


@contextmanager
def recording(*logger_names: str) -> Iterator[list[logging.LogRecord]]:
    """Collect what is logged to ``logger_names`` inside the block, so that a result taken
    from a memo can say again what making it said (a broken link warns on every rebuild)."""
    recorder = _Recorder()
    loggers = [logging.getLogger(name) for name in logger_names]
    for logger in loggers:
        logger.addHandler(recorder)
    try:
        yield recorder.records
    finally:
        for logger in loggers:
            logger.removeHandler(recorder)


def _portable(record: logging.LogRecord) -> logging.LogRecord:
    """The record with its message made final, so it can be kept on disk and said again."""
    portable = logging.makeLogRecord(record.__dict__)
    portable.msg, portable.args, portable.exc_info, portable.exc_text = record.getMessage(), None, None, None
    return portable


def replay(records: list[logging.LogRecord]) -> None:
    for record in records:
        logging.getLogger(record.name).handle(record)
