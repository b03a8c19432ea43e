"""MkDocs' events (or ProperDocs', which runs the same hooks), each handing its work to the engine.

``on_config`` reads the options, loads and checks the content; ``on_files`` adds the generated
pages, feeds, calendars and ``portal.json``; ``on_nav`` builds the small navigation;
``on_page_content`` swaps in rolepath's HTML; the build is published by `publish`. While
serving, `serve_cache` and `serve_overwrite` make rebuilds fast; `mkdocs build` uses the same
cache, kept on disk (``extra: rolepath: cache:``).
"""

from __future__ import annotations

import dataclasses
import datetime
import json
import logging
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
import markdown
from markupsafe import Markup, escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils import CountHandler
from mkdocs.utils.meta import get_data

from ..content import history
from ..content.audience import include_manager_guides
from ..content.audience_blocks import strip_blocks
from ..content.check_site_config import check_site_config, option_location
from ..content.diagnostics import Diagnostic, Severity
from ..content.i18n import SHIPPED, SOURCE_LANGUAGE, Translator, has_catalog, language_name, set_messages_language
from ..content.load import PRACTICE_FOLDER, Layout, Loaded, link_problem
from ..content.memo import file_digests, fingerprint
from ..content.model import Portal, Role
from ..content.raw_html import too_deep
from ..content.translations import Edition
from ..output import adoption, browser, catalog, editions, feeds, languages, pages, render, sanitize, urls
from ..output.adoption_data import adoption_json
from ..output.ical import practice_calendar, static_start
from ..output.practice import practice_files
from ..output.site_checks import load
from ..tools import coverage
from . import parallel, publish, serve_overwrite
from .options import OptionsError, parse_options
from .serve_cache import ServeCache

log = get_plugin_logger("rolepath")


@dataclass
class _State:
    """Everything one build knows; rebuilt from scratch in `on_config` for every build."""

    command: str = "build"
    dirty: bool = False
    """`mkdocs serve --dirty`: MkDocs rewrites only the pages whose source changed."""
    root: Path = Path()
    layout: Layout = field(default_factory=Layout)
    """Where roles, paths and content live, relative to the repository root."""
    loaded: Loaded | None = None
    renderer: render.Renderer | None = None
    specs: dict[str, pages.PageSpec] = field(default_factory=dict)
    """Generated pages by src_uri."""
    whats_new: history.WhatsNew = field(default_factory=lambda: history.WhatsNew({}, []))
    """Recent changes per role and site-wide, from one read of the git history."""
    final_site_dir: Path | None = None
    """Where the site goes once the build has succeeded; None when building in place."""
    warnings: CountHandler | None = None
    audience: str | None = None
    """The audience this build is for (extra: rolepath: audience:); None for the full build."""
    sanitize: sanitize.Policy = field(default_factory=sanitize.Policy)
    """Which Markdown bodies' HTML is sanitised (extra: rolepath: sanitize:)."""
    min_group: int = adoption.DEFAULT_MIN_GROUP
    """The fewest people a published adoption figure may describe (extra: rolepath: adoption:)."""
    adoption: adoption.Adoption | None = None
    """The published adoption figures; None in an edition without teams (the employees')."""
    dropped: set[str] = field(default_factory=set)
    """Authored Markdown files (relative to docs_dir) left out of this audience's build."""
    cache: ServeCache | None = None
    """What this build may reuse from the ones before: while serving, the process's memos; in
    `mkdocs build`, the build cache on disk (None with ``cache: false``)."""
    workers: parallel.Workers | None = None
    """The worker processes that make pages for `mkdocs build` (None: the main process alone)."""
    overwrite: serve_overwrite.Overwrite | None = None
    """While serving: this build writes over the last one's files (see `serve_overwrite`)."""
    templates_key: str = ""
    """A fingerprint of rolepath's page templates (with a cache only)."""
    model_key: str = ""
    """A fingerprint of everything the generated page bodies are made from but the adoption
    figures (with a cache only)."""
    adoption_key: str = ""
    """A fingerprint of the adoption figures, which only the adoption pages show (with a cache
    only): a new week of records makes those pages again, not every generated page."""
    object_keys: dict[int, str] = field(default_factory=dict)
    """Fingerprints of the portal's objects this build, by id (with a cache only)."""
    active_sections: list[Page] = field(default_factory=list)
    """Navigation items marked as current for the page being rendered (`on_page_context`)."""
    translator: Translator = field(default_factory=Translator)
    """The language of this build's edition (theme.language, or the edition being built)."""
    languages: languages.Languages = field(default_factory=languages.Languages)
    """The portal's editions: which language this one is, which the others are."""
    edition: Edition | None = None
    """This edition's translated content (None in the default language's)."""


_edition_language: str | None = None
"""Set while the default edition's build builds another language's edition (`_build_editions`)."""


_state = _State()
_serve_cache = ServeCache()
"""Lives as long as the process, unlike `_state`: it is what one `mkdocs serve` rebuild
reuses from the previous ones. Only serve uses it; every entry is keyed by its inputs."""


def on_startup(command: str, dirty: bool) -> None:
    _state.command = command
    _state.dirty = dirty


@event_priority(100)  # first: the search plugin reads theme.language in its own on_config
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _state
    _detach_warning_counter()  # a previous build in this process may have ended without on_shutdown
    _state = _State(command=_state.command, dirty=_state.dirty)
    if config.strict and _state.command != "serve":
        # MkDocs counts --strict warnings only after on_post_build; count them from the start
        # (content warnings included), so a build that is about to fail never replaces the site.
        _state.warnings = CountHandler()
        _state.warnings.setLevel(logging.WARNING)
        logging.getLogger("mkdocs").addHandler(_state.warnings)
    _state.root = Path(config.config_file_path or ".").resolve().parent
    if _state.command != "serve":
        publish.restore_interrupted_swap(Path(config.site_dir).resolve())
    try:
        options = parse_options(config.extra, config.site_url)
    except OptionsError as error:
        rel, line = _option_location(config, error.option)
        log.error(f"{rel}:{line}: {error}")
        raise PluginError(f"{rel}: fix the rolepath option above and build again") from None
    _state.audience, _state.sanitize, _state.min_group = options.audience, options.sanitize, options.min_group
    _choose_language(config, options.languages)
    docs_dir = Path(config.docs_dir).resolve()
    layout = _state.layout = Layout(content=os.path.relpath(docs_dir, _state.root).replace(os.sep, "/"))
    cache = _cache(config, options.cache)
    workers = _workers(config, options.workers)
    if cache is None and workers > 1:
        cache = ServeCache()  # the workers hand their results over as memo entries; this build's alone
    if cache is not None:
        cache.start_build()
    loaded = load(_state.root, layout, parsed=cache.parsed if cache is not None else None)
    if config.config_file_path:
        check_site_config(Path(config.config_file_path), _state.root, loaded.report)
    for diagnostic in loaded.report.diagnostics:
        (log.error if diagnostic.severity is Severity.ERROR else log.warning)(str(diagnostic))
    if loaded.report.errors:
        count = len(loaded.report.errors)
        raise PluginError(
            f"{count} problem{'s' * (count != 1)} in the content (listed above): fix them and build again"
        )
    _state.edition = loaded.editions.get(_state.languages.current) if _state.languages.translated else None
    if _state.edition is not None:
        loaded.bodies.update(_state.edition.bodies)
    full = editions.in_language(loaded.portal, _state.edition)
    loaded.portal = editions.for_audience(full, _state.audience, content_dir=docs_dir)
    _state.dropped = set(editions.dropped_files(full, loaded.portal))
    _state.loaded = loaded
    manager_guides = include_manager_guides(_state.audience)
    if not manager_guides:
        # Readers of the employees' edition are not its authors: no "edit this page" links.
        config.edit_uri = config.edit_uri_template = None
    answer_keys = _answer_keys(loaded.portal, config)  # the employees' edition's portal has none
    # Adoption figures only where there are manager guides: the employees' edition's portal has no teams.
    _state.adoption = adoption.compute(loaded.portal, _state.min_group) if loaded.portal.teams else None
    _state.renderer = render.Renderer(
        loaded.portal, _template_dirs(config), manager_guides=manager_guides,
        compiled=cache.compiled if cache is not None else None,
        practice=practice_files(loaded.portal, _state.root / layout.practice, answer_keys),
        records=render.RecordsRepository(layout.adoption, _new_file_url(config)),
        adoption=_state.adoption, site_name=config.site_name, translator=_state.translator,
    )  # fmt: skip
    plan = pages.plan(
        loaded.portal, manager_guides=manager_guides, min_group=_state.min_group, translator=_state.translator
    )
    _state.specs = {spec.src_uri: spec for spec in plan}
    hidden = {f"{layout.content}/{src_uri}" for src_uri in _state.dropped}
    _state.whats_new = history.whats_new(_state.root, loaded.portal, layout=layout, hidden=hidden)
    if cache is not None:
        _state.cache = cache
        _state.workers = parallel.Workers(workers, cache) if workers > 1 else None
        _state.templates_key = fingerprint(_template_files(config), _state.sanitize, _state.translator.language)
        _state.model_key = fingerprint(
            _state.templates_key, _without_records(loaded.portal), _state.specs, _state.whats_new,
            _state.audience, datetime.date.today(), config.site_name,
        )  # fmt: skip
        _state.adoption_key = fingerprint(_state.adoption)
    _stage_site_dir(config)
    return config


def _without_records(portal: Portal) -> Portal:
    """The portal as the model key covers it: the pages show the adoption records only through the
    figures made from them (`_State.adoption`, in `_State.adoption_key`), whose text is a seventh
    of the records' with their lines."""
    return dataclasses.replace(portal, adoption={})


def _choose_language(config: MkDocsConfig, listed: tuple[str, ...]) -> None:
    """This edition's language: theme.language, or the edition the default one is building. The
    theme, the search index and rolepath's strings all follow it."""
    default = str(config.theme.get("language") or SOURCE_LANGUAGE)
    if listed and default not in listed:
        rel, line = _option_location(config, "languages")
        log.error(f"{rel}:{line}: extra: rolepath: languages: {list(listed)} leaves out theme.language '{default}'")
        raise PluginError(f"{rel}: list theme.language (the default edition) in extra: rolepath: languages")
    current = _edition_language or default
    if not has_catalog(current):
        shipped = ", ".join((SOURCE_LANGUAGE, *SHIPPED))
        log.warning(f"mkdocs.yml: rolepath has no catalog for '{current}' (it ships {shipped}): its words stay English")
    _state.languages = languages.Languages(current, default, listed or (default,))
    _state.translator = Translator(current)
    set_messages_language(current)
    if _edition_language is not None:
        config.theme["language"] = current
        if config.site_url:
            config.site_url = config.site_url.rstrip("/") + f"/{current}/"
    if len(_state.languages.all) > 1:
        config.extra["alternate"] = [
            {"name": language_name(language), "lang": language,
             "link": _state.languages.root_link(language)}
            for language in _state.languages.all
        ]  # fmt: skip


def _cache(config: MkDocsConfig, folder: str | None) -> ServeCache | None:
    """The serve process's cache, or for `mkdocs build` the build cache on disk: a folder per
    configuration file and language, so the editions of one repository do not sweep each other's entries."""
    if _state.command == "serve":
        return _serve_cache
    if folder is None:
        return None
    edition = Path(config.config_file_path or "mkdocs.yml").stem
    if _state.languages.translated:
        edition += f".{_state.languages.current}"  # each language's pages and site kept apart
    return ServeCache(_state.root / folder / edition)


def _option_location(config: MkDocsConfig, option: str | None) -> tuple[str, int]:
    """The file and line where an ``extra: rolepath:`` option is set, for its messages."""
    if not config.config_file_path:
        return "mkdocs.yml", 1
    return option_location(Path(config.config_file_path), _state.root, option)


def _workers(config: MkDocsConfig, wanted: int | None) -> int:
    """How many processes this build makes pages in: `mkdocs build` only, and only with plugins
    whose page events can safely run a second time in another process (see `parallel`)."""
    count = parallel.default_workers() if wanted is None else wanted
    if count == 1 or _state.command != "build" or _state.dirty:
        return 1  # a --dirty build makes only the pages whose source changed
    unknown = parallel.unknown_plugins(config, on_page_content)
    if unknown or not hasattr(os, "fork"):
        reason = f"plugin {unknown[0]!r} is not known to be safe there" if unknown else "no os.fork here"
        log.debug(f"pages made in one process, not {count}: {reason}")
        return 1
    return count


def _template_files(config: MkDocsConfig) -> list[object]:
    """rolepath's own templates, to notice an edit to one."""
    return [(directory.name, file_digests(directory)) for directory in _template_dirs(config)]


def _template_dirs(config: MkDocsConfig) -> list[Path]:
    dirs = [Path(d) / "rolepath" for d in config.theme.dirs]
    return [d for d in dirs if d.is_dir()]


def _stage_site_dir(config: MkDocsConfig) -> None:
    """Point MkDocs at a staging folder beside site_dir; `on_post_build` swaps it in."""
    if _state.command == "serve":
        return  # serve builds into its own temporary folder, and keeps serving the last good build
    final = _state.final_site_dir = Path(config.site_dir).resolve()
    config.site_dir = str(publish.staging_dir(final))
    kept = _kept_site()
    if kept is None:
        publish.discard_staging(final)
    elif publish.stage_over_retired(final, kept):
        _state.overwrite = serve_overwrite.Overwrite.begin(Path(config.site_dir))


def _kept_site() -> Path | None:
    """Where the build cache keeps the site this build replaces, for the next build to write over."""
    if _state.cache is None or _state.cache.directory is None:
        return None
    return _state.cache.directory / "site"


def on_pre_build(config: MkDocsConfig) -> None:
    if _state.command == "serve" and not _state.dirty:
        _state.overwrite = serve_overwrite.Overwrite.begin(Path(config.site_dir))


def on_files(files: Files, config: MkDocsConfig) -> Files:
    if _state.overwrite is not None:
        _state.overwrite.bring_back()
    loaded, _ = _loaded()
    content_dir = Path(config.docs_dir).resolve()
    _refuse_links_outside(files, content_dir)
    _publish_materials_only(files, config, loaded.portal)
    if not include_manager_guides(_state.audience):
        log_script = files.get_file_from_path(urls.OBSERVATION_LOG_SCRIPT)
        if log_script is not None:
            files.remove(log_script)  # the managers' tool: not shipped where there are no manager guides
    _edit_translations(files, content_dir)
    for src_uri in sorted(_state.dropped | _translation_files(loaded, content_dir)):
        dropped = files.get_file_from_path(src_uri)
        if dropped is not None:
            files.remove(dropped)
    for spec in _state.specs.values():
        existing = files.get_file_from_path(spec.src_uri)
        if existing is not None:
            if spec.kind == "home":
                continue  # the authored home page keeps its text; the catalog is added below it
            files.remove(existing)
        generated = File.generated(config, spec.src_uri, content="")
        if spec.source:
            generated.edit_uri = os.path.relpath(_state.root / spec.source, content_dir).replace(os.sep, "/")
        files.append(generated)
    catalog_inputs = ("portal.json", _state.model_key, config.site_name, config.site_url)
    portal_json = _memoised(lambda: catalog_inputs, lambda: _portal_json(config))
    files.append(File.generated(config, urls.CATALOG_DATA, content=portal_json))
    if _state.adoption is not None:
        files.append(File.generated(config, urls.ADOPTION_DATA, content=adoption_json(_state.adoption)))
    for path, feed in _feeds(config):
        files.append(File.generated(config, path, content=feed))
    site_root = _site_root(config)
    calendars = [
        (role.id, inputs)
        for role in loaded.portal.roles.values()
        if (inputs := _calendar_inputs(role, site_root)) is not None
    ]
    if _state.workers is not None and _state.cache is not None:
        _state.workers.share_missing(
            "calendars", _state.cache.results, calendars,
            lambda calendar: fingerprint(calendar[1]), lambda calendar: _practice_calendar(*calendar),
        )  # fmt: skip
    for role_id, inputs in calendars:
        files.append(File.generated(config, urls.calendar_url(role_id), content=_practice_calendar(role_id, inputs)))
    return files


def _translation_files(loaded: Loaded, content_dir: Path) -> set[str]:
    """The content folder's translations (``modules/<id>.<lang>.md``), relative to it: each edition
    shows its own language's in place of its source's page, none is a page of its own."""
    found = set()
    for edition in loaded.editions.values():
        for translation in edition.files.values():
            path = _state.root / translation.path
            if path.is_relative_to(content_dir):
                found.add(path.relative_to(content_dir).as_posix())
    return found


def _edit_translations(files: Files, content_dir: Path) -> None:
    """A translated page's "edit" button opens its translation, not the source it replaces."""
    for source, translation in (_state.edition.files.items() if _state.edition else ()):
        page_file = files.get_file_from_path(os.path.relpath(_state.root / source, content_dir).replace(os.sep, "/"))
        if page_file is not None:
            page_file.edit_uri = os.path.relpath(_state.root / translation.path, content_dir).replace(os.sep, "/")


_GITHUB_REPOSITORY = re.compile(r"https://github\.com/([A-Za-z0-9_.-]+)/([A-Za-z0-9_.-]+?)(?:\.git)?/?")


def _new_file_url(config: MkDocsConfig) -> str | None:
    """GitHub's "new file" page of the portal's repository (on the branch edit_uri names), where a
    manager proposes a week's adoption record as a pull request; None for a repository elsewhere."""
    match = _GITHUB_REPOSITORY.fullmatch(config.repo_url or "")
    if match is None:
        return None
    parts = (config.edit_uri or "").strip("/").split("/")
    branch = parts[1] if len(parts) > 1 and parts[0] in ("edit", "blob", "tree") else "main"
    return f"https://github.com/{match[1]}/{match[2]}/new/{branch}/"


class _Download(File):
    """A practice material, published as the file itself: a ``.md`` material is a download, not a page."""

    def is_documentation_page(self) -> bool:
        return False


def _publish_materials_only(files: Files, config: MkDocsConfig, portal: Portal) -> None:
    """Practice files are never published as they are: answer keys and unlisted files stay out, and
    each listed material of an exercise in this edition becomes a download beside its exercise."""
    for file in list(files):
        if file.src_uri.startswith(PRACTICE_FOLDER + "/"):
            files.remove(file)
    docs_dir = Path(config.docs_dir)
    for module in portal.modules.values():
        for ref in module.sandbox.materials if module.sandbox else ():
            source = docs_dir / urls.practice_source(module.id, ref.id)
            files.append(_Download.generated(config, urls.material_url(module.id, ref.id), abs_src_path=str(source)))


_KEY_HEADING = re.compile(r"<(/?)h([1-6])\b")


def _below_the_key_heading(match: re.Match[str]) -> str:
    """An answer key's headings sit under the page's "Answer key" heading (an h2)."""
    return f"<{match[1]}h{min(int(match[2]) + 2, 6)}"


def _answer_keys(portal: Portal, config: MkDocsConfig) -> dict[str, Markup]:
    """Each exercise's answer key as HTML, converted as the portal converts its pages (and sanitised
    as its modules are). `editions.for_audience` has taken them out of an edition without manager
    guides, so that no page, search entry or portal.json of one can hold a key."""
    keys: dict[str, Markup] = {}
    # Without toc: a key's headings get no ids, so they cannot clash with the exercise page's.
    extensions = [name for name in config.markdown_extensions if name != "toc"]
    converter = markdown.Markdown(extensions=extensions, extension_configs=config.mdx_configs)
    for module in portal.modules.values():
        key = module.sandbox.answer_key if module.sandbox else None
        if key is None:
            continue
        text = (Path(config.docs_dir) / urls.practice_source(module.id, key.id)).read_text(encoding="utf-8")
        html = _KEY_HEADING.sub(_below_the_key_heading, converter.reset().convert(text))
        if _state.sanitize.rolepath_pages:
            try:
                html = sanitize.sanitize_html(html, _state.sanitize.site)
            except sanitize.SanitizeError as error:
                source = f"{_state.layout.practice}/{module.id}/{key.id}"
                log.error(f"{source}:1: {error}")
                raise PluginError(f"{source}: HTML too deeply nested (listed above)") from None
        keys[module.id] = Markup(html)
    return keys


def _feeds(config: MkDocsConfig) -> list[tuple[str, bytes]]:
    """The site-wide Atom feed and one per role, each listing what changed and where."""
    loaded, _ = _loaded()
    site_url, name, news = _site_root(config), config.site_name, _state.whats_new
    language = _state.translator
    result = [(urls.SITE_FEED, feeds.site_feed(news.site, site_url=site_url, site_name=name, translator=language))]
    for role in loaded.portal.roles.values():
        changes = news.by_role.get(role.id, [])
        feed = feeds.role_feed(role, changes, site_url=site_url, site_name=name, translator=language)
        result.append((urls.role_feed_url(role.id), feed))
    return result


def _site_root(config: MkDocsConfig) -> str:
    """The site's absolute URL ending in '/', or '' when site_url is not set."""
    return config.site_url.rstrip("/") + "/" if config.site_url else ""


_CalendarInputs = tuple[str, dict[str, Any], str, datetime.date]


def _calendar_inputs(role: Role, site_url: str) -> _CalendarInputs | None:
    """What a role's static calendar is made from (its memo key); None for a role without a practice plan."""
    plan = _loaded()[1].practice_plan(role)
    return None if plan is None else ("calendar", plan, site_url, datetime.date.today())


def _practice_calendar(role_id: str, inputs: _CalendarInputs) -> bytes:
    """The static calendar, for readers without JavaScript: it starts on ical.static_start of the build day."""
    _, plan, site_url, today = inputs
    made: bytes = _memoised(
        lambda: inputs,
        lambda: practice_calendar(plan, site_url + urls.role_url(role_id), static_start(today)),
    )
    return made


def _refuse_links_outside(files: Files, content_dir: Path) -> None:
    """MkDocs follows symbolic links and would publish whatever they point at. The check refuses
    such links already; this is the same rule on the files MkDocs actually found."""
    refused = []
    for file in files:
        if file.abs_src_path is None or not Path(file.abs_src_path).is_relative_to(content_dir):
            continue  # generated, or a theme file
        problem = link_problem(Path(file.abs_src_path), _state.root)
        if problem is not None:
            rel = os.path.relpath(file.abs_src_path, _state.root).replace(os.sep, "/")
            refused.append(rel)
            log.error(str(Diagnostic(rel, 1, problem)))
    if refused:
        raise PluginError(f"{len(refused)} file(s) in the content are links that cannot be published (listed above)")


def _portal_json(config: MkDocsConfig) -> str:
    loaded, _ = _loaded()
    data = catalog.catalog_data(
        loaded.portal, site_name=config.site_name, site_url=config.site_url or "",
        manager_guides=include_manager_guides(_state.audience),
    )  # fmt: skip
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    """A small navigation for every page: rendering every role and module into every page is
    what makes large MkDocs sites slow, and it buries a reader's own role."""
    loaded, _ = _loaded()
    portal = loaded.portal
    by_uri = {file.src_uri: file for file in files.documentation_pages()}
    items: list[Any] = []
    for src_uri in (urls.HOME_SOURCE, urls.CATALOG_SOURCE):
        file = by_uri.get(src_uri)
        if file is not None:
            items.append(file.page or Page(None, file, config))
    leaders = [by_uri[urls.leader_source(key)] for key in portal.leaders if urls.leader_source(key) in by_uri]
    if leaders:
        leader_pages: list[Any] = [f.page or Page(None, f, config) for f in leaders]
        items.append(Section(_state.translator.gettext("For leaders"), leader_pages))
    for src_uri in sorted(portal.pages):
        if src_uri != urls.HOME_SOURCE and src_uri in by_uri:
            file = by_uri[src_uri]
            items.append(file.page or Page(None, file, config))
    adoption_file = by_uri.get(urls.ADOPTION_SOURCE)
    if adoption_file is not None:
        items.append(adoption_file.page or Page(None, adoption_file, config))
    coverage_file = by_uri.get(urls.COVERAGE_SOURCE)
    if coverage_file is not None:
        items.append(coverage_file.page or Page(None, coverage_file, config))
    flat = _walk(items)
    for section in flat:
        if isinstance(section, Section):
            for child in section.children:
                child.parent = section  # so that a leader page marks "For leaders" as active
    pages = [item for item in flat if isinstance(item, Page)]
    navigation = Navigation(items, pages)
    if _state.cache is not None:
        _state.cache.note_site(config, files, navigation)
    return navigation


def _walk(items: list[Any]) -> list[Any]:
    flat: list[Any] = []
    for item in items:
        flat.append(item)
        if isinstance(item, Section):
            flat.extend(_walk(item.children))
    return flat


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    loaded, _ = _loaded()
    spec = _state.specs.get(page.file.src_uri)
    if spec is not None and not (spec.kind == "home" and page.file.generated_by is None):
        page.meta["title"] = escape(spec.title)
        if spec.kind in pages.ADOPTION_KINDS:
            # Dashboards of figures: the search index would grow by every table cell and find nothing to read.
            page.meta["search"] = {"exclude": True}
        return ""
    document = loaded.bodies.get(_repo_path(page.file.src_uri))
    if document is not None:
        kind, item_id = urls.authored_kind(page.file.src_uri)
        item = loaded.portal.modules.get(item_id) if kind == "module" else loaded.portal.leaders.get(item_id)
        if item is not None:
            page.meta["title"] = escape(item.title)
        return strip_blocks(document.body, _state.audience)
    translated = _state.edition.pages.get(_repo_path(page.file.src_uri)) if _state.edition else None
    if translated is not None:
        markdown, meta = get_data((_state.root / translated).read_text(encoding="utf-8-sig"))
        page.meta.update(meta)
    if _state.sanitize.rolepath_pages:
        sanitize.escape_meta(page.meta)
    return strip_blocks(markdown, _state.audience)


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    src_uri = page.file.src_uri
    body: str
    headings: list[render.Heading] | None
    body, headings = _memoised(
        lambda: ("body", _body_inputs(src_uri), src_uri, html), lambda: _page_body(src_uri, html)
    )
    if headings is not None:
        page.toc = get_toc(_toc_tokens(headings))  # type: ignore[arg-type]  # TypedDict-shaped dicts
    return body


def _page_body(src_uri: str, html: str) -> tuple[str, list[render.Heading] | None]:
    """A page's body HTML, and the headings of its table of contents if rolepath made it."""
    loaded, renderer = _loaded()
    kind, item_id = urls.authored_kind(src_uri)
    policy = _state.sanitize
    if policy.rolepath_pages if kind else policy.ordinary_pages:
        try:
            html = sanitize.sanitize_html(html, policy.site)
        except sanitize.SanitizeError as error:
            _refuse_deep_html(src_uri, str(error))
    spec = _state.specs.get(src_uri)
    if spec is not None:
        if spec.kind == "role":
            whats_new = renderer.whats_new(
                spec.url, _state.whats_new.by_role.get(spec.subject, []), urls.role_feed_url(spec.subject)
            )
        elif spec.kind == "home":
            whats_new = renderer.whats_new(spec.url, _state.whats_new.site, urls.SITE_FEED)
        else:
            whats_new = Markup("")
        shown = coverage.page_context(loaded.portal) if spec.kind == "coverage" else {}
        rendered = renderer.page(spec, intro=Markup(html), whats_new=whats_new, **shown)
    else:
        if kind == "module" and item_id in loaded.portal.modules:
            rendered = renderer.module(loaded.portal.modules[item_id], html)
        elif kind == "leader" and item_id in loaded.portal.leaders:
            rendered = renderer.leader(loaded.portal.leaders[item_id], html)
        else:
            return _with_note(html, _fallback_note("page", _repo_path(src_uri))), None
    if spec is not None and spec.kind == "home" and _repo_path(src_uri) in loaded.page_texts:
        subject = ("page", _repo_path(src_uri))  # the authored home page's text
    else:
        subject = (kind or (spec.kind if spec else ""), item_id or (spec.subject if spec else ""))
    return _with_note(rendered.html, _fallback_note(*subject)), rendered.headings


def _with_note(html: str, note: str) -> str:
    """``note`` under the page's heading (rolepath's pages put their own h1 first), else at the top."""
    end = html.find("</h1>")
    return html[: end + 5] + note + html[end + 5 :] if end != -1 else note + html


def _fallback_note(kind: str, item_id: str) -> str:
    """The note for a page this edition shows in the source language, or '' when it is translated."""
    if not _untranslated(kind, item_id):
        return ""
    return str(languages.fallback_note(_state.translator, _state.languages.default))


def _untranslated(kind: str, item_id: str) -> bool:
    """Whether this edition shows the item in the source language, for want of a translation."""
    edition = _state.edition
    if not _state.languages.translated:
        return False
    found = {"module": "modules", "leader": "leaders", "role": "roles", "path": "paths", "page": "pages"}.get(kind)
    if found is None:
        return False
    return edition is None or item_id not in getattr(edition, found)


def _refuse_deep_html(src_uri: str, message: str) -> None:
    """A page whose HTML nests too deep for the sanitiser, as ``path:line: message``: the line
    where its source's raw HTML goes too deep, else the first line of its body (Markdown's own
    nesting, or HTML that only goes too deep once rendered)."""
    loaded, _ = _loaded()
    path = _repo_path(src_uri)
    document = loaded.bodies.get(path)
    if document is not None:
        text, first_line = document.body, document.body_line
    else:
        text, first_line = (_state.root / path).read_text(encoding="utf-8"), 1
    line, message = too_deep(text, first_line) or (first_line, message)
    log.error(f"{path}:{line}: {message}")
    raise PluginError(f"{path}: HTML too deeply nested (listed above)")


def _body_inputs(src_uri: str) -> object:
    """What rolepath makes a page's body from, besides the page's own HTML."""
    loaded, renderer = _loaded()
    spec = _state.specs.get(src_uri)
    if spec is not None:  # a generated page shows the whole portal, and an adoption page its figures
        return (_state.model_key, _state.adoption_key) if spec.kind in pages.ADOPTION_KINDS else _state.model_key
    kind, item_id = urls.authored_kind(src_uri)
    if kind == "module" and item_id in loaded.portal.modules:
        return _state.templates_key, _shown(renderer.module_context(loaded.portal.modules[item_id]))
    if kind == "leader" and item_id in loaded.portal.leaders:
        return _state.templates_key, _shown(loaded.portal.leaders[item_id])
    return _state.templates_key


def _shown(value: object) -> object:
    """``value`` with each portal object replaced by its fingerprint, made once per build:
    modules, paths and roles appear on many pages."""
    if isinstance(value, dict):
        return [(key, _shown(item)) for key, item in value.items()]
    if isinstance(value, list | tuple):
        return [_shown(item) for item in value]
    if dataclasses.is_dataclass(value):
        key = _state.object_keys.get(id(value))
        if key is None:
            key = _state.object_keys[id(value)] = fingerprint(value)
        return key
    return value


def _memoised(inputs: Callable[[], object], make: Callable[[], Any]) -> Any:
    """``make()``, or its result from an earlier build with the same ``inputs()``."""
    if _state.cache is None:
        return make()
    return _state.cache.results.get_or_make(fingerprint(inputs()), make)


def _toc_tokens(headings: list[render.Heading]) -> list[dict[str, Any]]:
    tokens: list[dict[str, Any]] = []
    for heading in headings:
        token = {"level": heading.level, "id": heading.id, "name": heading.title, "html": heading.title, "children": []}
        if heading.level == 3 and tokens:
            tokens[-1]["children"].append(token)
        else:
            tokens.append(token)
    return tokens


def on_serve(server: Any, config: MkDocsConfig, builder: Any) -> Any:
    """Rebuild when roles or paths change too, not only the docs folder."""
    for folder in (_state.layout.roles, _state.layout.paths):
        directory = _state.root / folder
        if directory.is_dir():
            server.watch(str(directory))
    return server


def on_pre_page(page: Page, config: MkDocsConfig, files: Files) -> Page:
    if _state.workers is not None:
        _state.workers.convert(config, files)
    if _state.cache is not None:
        _state.cache.wrap_render(page)
    return page


@event_priority(-100)  # last: the workers render with the environment every plugin has finished
def on_env(env: jinja2.Environment, config: MkDocsConfig, files: Files) -> jinja2.Environment:
    # Read by overrides/main.html.
    env.globals["rolepath_script_attributes"] = browser.script_attributes(_state.translator)
    # rolepath's strings in Material's own templates (overrides/main.html) come from the same catalog.
    env.add_extension("jinja2.ext.i18n")
    env.install_gettext_translations(_state.translator.catalog, newstyle=True)  # type: ignore[attr-defined]
    env.globals["rolepath_strings"] = browser.strings(_state.translator)
    env.globals["rolepath_alternates"] = _state.languages.alternates
    if _state.cache is not None:
        _state.cache.prepare(env, config, files)
    if _state.workers is not None:
        _state.workers.render(config, files, env)
    return env


_NAV_SECTION = dict.fromkeys(("role", "manager", "path", "module"), urls.CATALOG_SOURCE)
"""The navigation item a page outside the navigation belongs under, by the kind of page."""


def _section_item(page: Page, nav: Navigation) -> Page | None:
    """The item of the navigation to mark as current for ``page``, which is not in it itself:
    the role catalog for role, manager guide, path and module pages."""
    spec = _state.specs.get(page.file.src_uri)
    kind = spec.kind if spec is not None else urls.authored_kind(page.file.src_uri)[0]
    section = _NAV_SECTION.get(kind)
    return next((item for item in nav.pages if item.file.src_uri == section and item is not page), None)


def on_page_context(context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Navigation) -> dict[str, Any]:
    section = _section_item(page, nav)
    if section is not None:
        section.active = True  # Material highlights the active item; on_post_page clears it
        _state.active_sections.append(section)
    if _state.cache is not None:
        _state.cache.page_context(context, page, nav)
    return context


def on_pre_template(template: jinja2.Template, template_name: str, config: MkDocsConfig) -> jinja2.Template:
    if _state.cache is not None:
        return _state.cache.pre_template(template, template_name)
    return template


def on_template_context(context: dict[str, Any], template_name: str, config: MkDocsConfig) -> dict[str, Any]:
    if _state.cache is not None:
        _state.cache.template_context(context, template_name)
    return context


@event_priority(100)  # first: keep the theme's output before any plugin changes it
def on_post_template(output_content: str, template_name: str, config: MkDocsConfig) -> str:
    if _state.cache is not None:
        _state.cache.post_template(output_content, template_name)
    return output_content


@event_priority(100)  # first: keep the theme's output before any plugin changes it
def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    for item in _state.active_sections:
        item.active = False
    _state.active_sections.clear()
    if _state.cache is not None:
        _state.cache.post_page(output, page)
    return output


@event_priority(-100)  # last: after every other plugin has written its files
def on_post_build(config: MkDocsConfig) -> None:
    if _state.cache is not None:
        _state.cache.end_build()
    if _state.workers is not None:
        log.debug(_state.workers.summary())
    if _state.overwrite is not None:
        _state.overwrite.remove_unwritten()
    final = _state.final_site_dir
    if final is None:
        return
    if _state.warnings is not None and _state.warnings.get_counts():
        return  # MkDocs is about to abort this --strict build; on_build_error discards the staging
    _build_editions(config)
    publish.swap_into_place(Path(config.site_dir), final, keep_retired=_kept_site())


def _build_editions(config: MkDocsConfig) -> None:
    """The other languages' editions, each a build of the same mkdocs.yml in its language, into
    ``<lang>/`` of this (the default edition's) staging folder: published together, or not at all."""
    global _state, _edition_language
    others = _state.languages.others if not _state.languages.translated else ()
    if not others:
        return
    if not config.config_file_path:
        raise PluginError("rolepath: a portal in several languages is built from its mkdocs.yml file")
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    default_state = _state
    try:
        for language in others:
            _edition_language = language
            site_dir = Path(config.site_dir) / language
            # The default edition's own site_url (`mkdocs build` may have been given another): on_config adds <lang>/.
            edition = load_config(
                config_file=config.config_file_path, site_dir=str(site_dir), strict=config.strict,
                site_url=config.site_url,
            )  # fmt: skip
            edition.plugins.on_startup(command="build", dirty=False)
            try:
                build(edition)
            finally:
                edition.plugins.on_shutdown()
    finally:
        _edition_language = None
        _state = default_state
        set_messages_language(default_state.languages.current)


def on_build_error(error: Exception) -> None:
    if _state.overwrite is not None:
        _state.overwrite.bring_back()  # the last good build's pages, while the author fixes this one
    if _state.final_site_dir is not None:
        publish.discard_staging(_state.final_site_dir)


def on_shutdown() -> None:
    _detach_warning_counter()
    set_messages_language(SOURCE_LANGUAGE)  # this build's language is not the next load's (tests, serve)


def _detach_warning_counter() -> None:
    if _state.warnings is not None:
        logging.getLogger("mkdocs").removeHandler(_state.warnings)
        _state.warnings = None


def _loaded() -> tuple[Loaded, render.Renderer]:
    if _state.loaded is None or _state.renderer is None:  # pragma: no cover - MkDocs always calls on_config first
        raise PluginError("rolepath: on_config did not run; is the hook listed under 'hooks:' in mkdocs.yml?")
    return _state.loaded, _state.renderer


def _repo_path(src_uri: str) -> str:
    return f"{_state.layout.content}/{src_uri}"
