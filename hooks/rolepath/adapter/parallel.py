"""`mkdocs build` on every core: worker processes make the pages' results before MkDocs asks for them.

MkDocs makes one page at a time, in one process. The expensive steps of a page (its Markdown
converted, rolepath's body for it, its search entries, its theme output) are memoised by
`serve_cache`, each under a fingerprint of everything it is made from. So the work can be shared
out without MkDocs knowing:

- before MkDocs reads the first page (`on_pre_page`), forked worker processes each go through a
  share of the pages as MkDocs is about to (read, convert, rolepath's body) and hand back the
  memo entries they made;
- once every page is converted (`on_env`), they render a share of the pages into the theme, with
  the search plugin's indexing, and hand back those entries.

MkDocs then runs every event of every page in the main process, as in a one-process build, and
finds each result made: the site is byte for byte the one a one-process build writes, and every
message is logged once, by the main process (a page whose making logged anything is left to it).

Running a page's events a second time, in another process, must be harmless, so this is done
only in `mkdocs build` (not serve), with ``os.fork``, and when every plugin is rolepath's hook or
a known one (`_KNOWN_PLUGINS`); the Markdown step also needs extensions that read nothing but
the page, as the serve cache does. Otherwise the build runs in one process, as it says at
debug level.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import os
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from typing import Any, TypeVar

import jinja2
from mkdocs.commands.build import get_context
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from ..content.memo import Memo
from .serve_cache import ServeCache, recording

log = get_plugin_logger("rolepath")

_KNOWN_PLUGINS = frozenset({"material.plugins.search.plugin.SearchPlugin"})
"""Plugins whose page events only read the page and add to the plugin's own state."""

_FEWEST_PER_WORKER = 4
"""Below this many items per worker, starting the workers costs more than it saves."""

_CHUNKS_PER_WORKER = 8
"""Shares per worker: pages differ in cost (a role page is many module pages' worth), so small
shares, handed out as workers finish, keep every core busy to the end."""

_Item = TypeVar("_Item")

Made = list[list[tuple[str, bytes]]]
"""The entries a share of pages made, memo by memo (in `ServeCache.memos` order)."""


def default_workers() -> int:
    """One worker per core this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def unknown_plugins(config: MkDocsConfig, rolepath_event: Callable[..., Any]) -> list[str]:
    """The plugins whose page events are not known to be safe to run twice, by name; rolepath's
    hook is the one whose events include ``rolepath_event``."""
    unknown = []
    for name, plugin in config.plugins.items():
        kind = type(plugin)
        ours = getattr(plugin, rolepath_event.__name__, None) is rolepath_event
        if not ours and f"{kind.__module__}.{kind.__qualname__}" not in _KNOWN_PLUGINS:
            unknown.append(name)
    return unknown


class Workers:
    """The worker processes of one build, started for each step they share out."""

    def __init__(self, count: int, cache: ServeCache) -> None:
        self.count = count
        self._cache = cache
        self._converted = False
        self.made: dict[str, int] = {}
        """How many items' results the workers made, by step (for the debug line at the end of the build)."""

    def summary(self) -> str:
        """What the workers made, by step, and what the main process took from them, by memo."""
        made = ", ".join(f"{count} {step}" for step, count in self.made.items()) or "nothing"
        memos = self._cache.memos.items()
        taken = ", ".join(f"{name} {memo.stats.taken}" for name, memo in memos if memo.stats.taken) or "nothing"
        return f"made in {self.count} worker processes: {made}; taken from them: {taken}"

    def convert(self, config: MkDocsConfig, files: Files) -> None:
        """Before the first page is read: workers read and convert every page (once per build)."""
        if self._converted or not self._cache.converts_pages:
            return
        self._converted = True
        if self._cache.converted_this_site_before():
            return  # then only the pages whose Markdown changed are converted again: too few to share

        def convert(file: File) -> None:
            page = file.page or Page(None, file, config)  # pages outside the navigation are made as MkDocs reads them
            config._current_page = page
            try:
                page = config.plugins.on_pre_page(page, config=config, files=files)
                page.read_source(config)
                assert page.markdown is not None
                page.markdown = config.plugins.on_page_markdown(page.markdown, page=page, config=config, files=files)
                page.render(config, files)
                assert page.content is not None
                page.content = config.plugins.on_page_content(page.content, page=page, config=config, files=files)
            finally:
                config._current_page = None

        self.share("converted", files.documentation_pages(), convert)

    def render(self, config: MkDocsConfig, files: Files, env: jinja2.Environment) -> None:
        """Once every page is converted: workers render the pages whose theme output no earlier
        build left, with their search entries; the main process then writes them from those."""
        nav, pages = self._cache.nav, self._cache.pages_to_render
        if nav is None or not pages:
            return
        documents = files.documentation_pages()

        def render(page: Page) -> None:
            # As MkDocs' own page build does, but for writing the file, which the main process does.
            config._current_page = page
            page.active = True
            try:
                context = get_context(nav, documents, config, page)
                template = env.get_template(page.meta.get("template", "main.html"))
                context = config.plugins.on_page_context(context, page=page, config=config, nav=nav)
                output = template.render(context)
                config.plugins.on_post_page(output, page=page, config=config)
                # Its folder too: making a thousand folders is slow on some file systems, writing into them is not.
                os.makedirs(os.path.dirname(page.file.abs_dest_path), exist_ok=True)
            finally:
                page.active = False
                config._current_page = None

        if self.share("rendered", pages, render):
            self._cache.reuse_outputs(files)

    def share_missing(
        self,
        step: str,
        memo: Memo[Any],
        items: Sequence[_Item],
        key: Callable[[_Item], str],
        make: Callable[[_Item], object],
    ) -> None:
        """`share` the items whose result (under ``key``) is not in ``memo`` already."""
        self.share(step, [item for item in items if not memo.has(key(item))], make)

    def share(self, step: str, items: Sequence[_Item], make: Callable[[_Item], object]) -> int:
        """``make`` each item in the workers, and take in the memo entries they made; returns
        for how many items they made them."""
        if len(items) < self.count * _FEWEST_PER_WORKER:
            return 0
        # A lock another thread holds at the fork stays held in the workers for ever. A worker runs
        # only page-making code, and the logging module makes its locks anew in a forked child, so
        # a background (daemon) thread, such as a test's HTTP server, is left to its own business;
        # a thread the process waits for is doing work that might be holding a lock the pages need.
        this = threading.current_thread()
        working = [thread.name for thread in threading.enumerate() if not thread.daemon and thread is not this]
        if working:
            log.debug(f"{step}: made in one process, as this process runs other threads ({', '.join(working)})")
            return 0
        memos = list(self._cache.memos.values())
        chunks = min(len(items), self.count * _CHUNKS_PER_WORKER)

        def made_by_chunk(chunk: int) -> tuple[int, Made]:
            for memo in memos:
                memo.forget_made()
            made: Made = [[] for _ in memos]
            done = 0
            for item in items[chunk::chunks]:
                failed = False
                with recording("", "mkdocs") as records:
                    try:
                        make(item)
                    except Exception:  # the main process makes it again, and reports what went wrong
                        failed = True
                entries = [memo.take_made() for memo in memos]
                if not failed and not any(record.levelno >= logging.INFO for record in records):
                    done += 1
                    for kept, new in zip(made, entries, strict=True):
                        kept.extend(new)
            return done, made

        done = 0
        try:
            for count, made in _in_workers(self.count, chunks, made_by_chunk):
                done += count
                for memo, entries in zip(memos, made, strict=True):
                    memo.add_made(entries)
        except Exception as error:  # the workers failed as a whole: the main process makes what is missing
            log.debug(f"worker processes stopped ({error!r}): the build goes on in one process")
        self.made[step] = done
        return done


_job: Callable[[int], tuple[int, Made]] | None = None
"""What each forked worker runs, set before the fork (a closure cannot be pickled, a fork copies it)."""


def _run(chunk: int) -> tuple[int, Made]:
    assert _job is not None
    return _job(chunk)


def _in_workers(count: int, chunks: int, job: Callable[[int], tuple[int, Made]]) -> Iterator[tuple[int, Made]]:
    global _job
    _job = job
    # What the main process has made so far is left out of the collector's sweeps, which would
    # touch every object and so copy into each worker the memory it shares with the main process.
    gc.freeze()
    try:
        # Not multiprocessing.Pool, which waits for ever for the share of a worker that died.
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(count, mp_context=context, initializer=_quiet) as pool:
            for done in as_completed([pool.submit(_run, chunk) for chunk in range(chunks)]):
                yield done.result()
    finally:
        gc.unfreeze()
        _job = None


def _quiet() -> None:
    """A worker says nothing: what it logs is recorded (`serve_cache.recording`), and the main process says it."""
    for name in (None, "mkdocs"):
        logger = logging.getLogger(name)
        for handler in list(logger.handlers):
            logger.removeHandler(handler)
