"""What's new: the recent changes that reached each role, read from the repository's git history.

A role is fed by its own YAML file, the YAML of every path it follows, and every module those
paths list. One ``git log --name-status`` call reads the history of the whole content tree,
newest first, and stops as soon as every role (and the site-wide list) has enough changes, so
the cost does not grow with the number of files. Without git, outside a repository, or when
git fails, the functions return nothing rather than raising: a portal builds from a tarball too.
"""

from __future__ import annotations

import datetime
import os
import subprocess
from collections.abc import Generator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .diagnostics import Report
from .git import GitError, git, git_environment
from .i18n import ENGLISH, N_, Message, Translator, messages
from .load import Layout
from .model import LeaderPage, Module, Portal, Role, SkillPath
from .translations import TRANSLATION_NAME, Edition

_LAYOUT = Layout()

_VERBS = {"A": "added", "D": "removed", "M": "edited", "T": "edited"}
_DESCRIPTIONS = {
    ("role", "added"): N_("Role '%(title)s' added"),
    ("role", "removed"): N_("Role '%(title)s' removed"),
    ("role", "edited"): N_("Role '%(title)s' edited"),
    ("path", "added"): N_("Path '%(title)s' added"),
    ("path", "removed"): N_("Path '%(title)s' removed"),
    ("path", "edited"): N_("Path '%(title)s' edited"),
    ("module", "added"): N_("Module '%(title)s' added"),
    ("module", "removed"): N_("Module '%(title)s' removed"),
    ("module", "edited"): N_("Module '%(title)s' edited"),
    ("leader", "added"): N_("One-pager '%(title)s' added"),
    ("leader", "removed"): N_("One-pager '%(title)s' removed"),
    ("leader", "edited"): N_("One-pager '%(title)s' edited"),
    ("page", "added"): N_("Page '%(title)s' added"),
    ("page", "removed"): N_("Page '%(title)s' removed"),
    ("page", "edited"): N_("Page '%(title)s' edited"),
}
"""What a change did to a file, in words, by the file's kind and what git says happened to it."""
NOTE_TRAILER = "Portal-Note"
"""The commit trailer that is a change's entry in what's new (contract v2)."""
_NOTE_FORMAT = f"%(trailers:key={NOTE_TRAILER},valueonly,unfold,separator=%x20)"
_FIELD = "\x1f"
_COMMIT = "\x1e"
MAX_FILES_NAMED = 2
"""How many files a change's summary names before it says 'and N more'."""


@dataclass(frozen=True)
class Change:
    """One commit's change to the files behind a role (or behind the site), in words."""

    date: datetime.datetime
    """When the change landed (the committer date), with its time zone."""
    note: str
    """The commit's ``Portal-Note:`` trailer, written for readers: the change's entry in what's
    new. Empty for a commit without one, which is listed by its summary; a commit's subject line
    is for developers and is never shown."""
    summary: str
    """What changed, in words: "Module 'Prompting basics' edited"."""
    file: str
    """The first file the commit changed, relative to the repository root."""
    commit: str
    """The full commit hash."""
    files: tuple[str, ...] = field(default=())
    """Every file of the role (or site) the commit changed."""
    parts: tuple[Message, ...] = field(default=())
    """The summary's parts, to be said in any language (`summary_in`); ``summary`` is their English."""

    def summary_in(self, translator: Translator) -> str:
        """What changed, in ``translator``'s language."""
        return "; ".join(part.translated(translator) for part in self.parts) if self.parts else self.summary

    @property
    def day(self) -> str:
        """The date as YYYY-MM-DD, for a <time datetime> attribute."""
        return self.date.date().isoformat()

    @property
    def display_date(self) -> str:
        """The date for people, in English: '14 March 2026' (`Translator.date` for any language)."""
        return ENGLISH.date(self.date.date())

    @property
    def short_commit(self) -> str:
        return self.commit[:7]


@dataclass(frozen=True)
class WhatsNew:
    """Both lists from one read of the history."""

    by_role: dict[str, list[Change]]
    site: list[Change]


def whats_new(
    root: str | os.PathLike[str],
    portal: Portal,
    *,
    role_limit: int = 10,
    site_limit: int = 20,
    layout: Layout = _LAYOUT,
    hidden: frozenset[str] | set[str] = frozenset(),
) -> WhatsNew:
    """Per-role and site-wide changes from a single ``git log`` run (what a build should call).

    A commit that touched any of the ``hidden`` files is left out: its note may tell of them."""
    feeds = _files_feeding_roles(portal)
    by_role: dict[str, list[Change]] = {role_id: [] for role_id in portal.roles} if role_limit > 0 else {}
    site: list[Change] = []
    titles = _Titles(portal, layout)
    pathspecs = [layout.roles, layout.paths, layout.content]
    try:
        commits = _log(Path(root), pathspecs)
        for commit, date, note, files in commits:
            if any(path in hidden for _, path in files):
                continue
            _add_site_change(site, site_limit, titles, commit, date, note, files)
            if role_limit > 0:
                _add_role_changes(by_role, role_limit, feeds, titles, commit, date, note, files)
            roles_full = all(len(changes) >= role_limit for changes in by_role.values())
            if roles_full and len(site) >= site_limit:
                commits.close()
                break
    except GitError:
        return WhatsNew({}, [])
    return WhatsNew(by_role, site)


def _add_site_change(
    site: list[Change],
    limit: int,
    titles: _Titles,
    commit: str,
    date: datetime.datetime,
    note: str,
    files: list[tuple[str, str]],
) -> None:
    if len(site) >= limit:
        return
    named = [(status, path) for status, path in files if titles.describe(status, path)]
    if named:
        site.append(_change(titles, commit, date, note, named))


def _add_role_changes(
    by_role: dict[str, list[Change]],
    limit: int,
    feeds: dict[str, set[str]],
    titles: _Titles,
    commit: str,
    date: datetime.datetime,
    note: str,
    files: list[tuple[str, str]],
) -> None:
    per_role: dict[str, list[tuple[str, str]]] = {}
    for status, path in files:
        for role_id in feeds.get(path, ()):
            per_role.setdefault(role_id, []).append((status, path))
    for role_id, role_files in per_role.items():
        changes = by_role.get(role_id)
        if changes is not None and len(changes) < limit:
            changes.append(_change(titles, commit, date, note, role_files))


def _change(titles: _Titles, commit: str, date: datetime.datetime, note: str, files: list[tuple[str, str]]) -> Change:
    files = sorted(files, key=lambda item: (titles.rank(item[1]), item[1]))
    words = [titles.describe(status, path) or Message(path) for status, path in files]
    parts = words[:MAX_FILES_NAMED]
    if len(words) > MAX_FILES_NAMED:
        more = len(words) - MAX_FILES_NAMED
        parts.append(Message.of(N_("and 1 more change") if more == 1 else N_("and %(more)s more changes"), more=more))
    summary = "; ".join(str(part) for part in parts)
    return Change(date, note, summary, files[0][1], commit, tuple(path for _, path in files), tuple(parts))


def _files_feeding_roles(portal: Portal) -> dict[str, set[str]]:
    """Repository-relative file -> the roles it feeds."""
    feeds: dict[str, set[str]] = {}
    for role in portal.roles.values():
        feeds.setdefault(role.source.path, set()).add(role.id)
        for ref in role.paths:
            path = portal.paths.get(ref.id)
            if path is None:
                continue
            feeds.setdefault(path.source.path, set()).add(role.id)
            for level in path.levels:
                for module_ref in level.modules:
                    module = portal.modules.get(module_ref.id)
                    if module is not None:
                        feeds.setdefault(module.source.path, set()).add(role.id)
    return feeds


class _Titles:
    """Turns a changed file into words, with the item's current title where it still exists."""

    def __init__(self, portal: Portal, layout: Layout) -> None:
        self.portal = portal
        self.layout = layout

    def rank(self, path: str) -> int:
        """Roles first, then paths, modules, one-pagers and pages: the order a summary names them."""
        folder = path.rpartition("/")[0]
        order = [self.layout.roles, self.layout.paths, self.layout.modules, self.layout.leaders]
        return order.index(folder) if folder in order else len(order)

    def describe(self, status: str, path: str) -> Message | None:
        verb = _VERBS.get(status[:1], "edited")
        folder, _, name = path.rpartition("/")
        stem, dot, suffix = name.rpartition(".")
        if not dot or TRANSLATION_NAME.match(name):
            return None  # a translation's changes are its source's, which what's new names
        title: str | None = None
        item: Role | SkillPath | Module | LeaderPage | None
        if folder == self.layout.roles and suffix == "yml":
            kind, item = "role", self.portal.roles.get(stem)
        elif folder == self.layout.paths and suffix == "yml":
            kind, item = "path", self.portal.paths.get(stem)
        elif folder == self.layout.modules and suffix == "md":
            kind, item = "module", self.portal.modules.get(stem)
        elif folder == self.layout.leaders and suffix == "md":
            kind, item = "leader", self.portal.leaders.get(stem)
        elif path.startswith(self.layout.content + "/") and suffix == "md":
            kind, item, title = "page", None, path[len(self.layout.content) + 1 :]
        else:
            return None
        return Message.of(_DESCRIPTIONS[kind, verb], title=title or (item.title if item else stem))


_Commit = tuple[str, datetime.datetime, str, list[tuple[str, str]]]


def _log(root: Path, pathspecs: Sequence[str]) -> Generator[_Commit, None, None]:
    """Commits touching ``pathspecs``, newest first: (hash, date, Portal-Note, [(status, path)]).

    Paths are relative to ``root``. Closing the generator ends the git process early.
    """
    if not root.is_dir():
        raise GitError(f"no such directory: {root}")
    git(root, "rev-parse", "--git-dir")  # raises outside a repository, before the stream starts
    shallow = _shallow_boundary(root)
    command = [
        "git", "-C", str(root), "-c", "core.quotePath=false", "log", "--no-renames", "--name-status",
        "--relative", f"--format={_COMMIT}%H{_FIELD}%cI{_FIELD}{_NOTE_FORMAT}", "--", *pathspecs,
    ]  # fmt: skip
    try:
        process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, encoding="utf-8",
            errors="replace", env=git_environment(),
        )  # fmt: skip
    except OSError as error:
        raise GitError(f"could not run git: {error}") from error
    assert process.stdout is not None
    try:
        current: _Commit | None = None
        for line in process.stdout:
            line = line.rstrip("\n")
            if line.startswith(_COMMIT):
                if current is not None and current[0] not in shallow:
                    yield current
                commit, date, note = [*line[1:].split(_FIELD, 2), "", ""][:3]
                current = (commit, _date(date), note.strip(), [])
            elif "\t" in line and current is not None:
                status, _, path = line.partition("\t")
                current[3].append((status, path))
        if current is not None and current[0] not in shallow:
            yield current
    finally:
        if process.poll() is None:
            process.kill()
        process.stdout.close()
        process.wait()
    if process.returncode not in (0, -9, None) and current is None:
        raise GitError("git log failed")


def _shallow_boundary(root: Path) -> set[str]:
    """The commits a shallow clone was cut at: their diffs list every file as added, so they are skipped."""
    shallow_file = Path(root, git(root, "rev-parse", "--git-path", "shallow").strip())
    try:
        return set(shallow_file.read_text(encoding="ascii").split())
    except OSError:
        return set()


def _date(text: str) -> datetime.datetime:
    try:
        return datetime.datetime.fromisoformat(text)
    except ValueError:
        return datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


def stale_translations(root: str | os.PathLike[str], editions: Mapping[str, Edition], report: Report) -> None:
    """Warn about each translation whose source changed after it did (by their last commits): the
    translation may say what the source no longer does. Outside a repository there is nothing to say."""
    files = [translation for edition in editions.values() for translation in edition.files.values()]
    if not files:
        return
    wanted = {path for translation in files for path in (translation.path, translation.source)}
    last: dict[str, datetime.datetime] = {}
    try:
        for _commit, date, _note, changed in _log(Path(root), sorted(wanted)):
            for _status, path in changed:
                last.setdefault(path, date)
            if len(last) >= len(wanted):
                break
    except GitError:
        return
    for translation in sorted(files, key=lambda t: t.path):
        source, translated = last.get(translation.source), last.get(translation.path)
        if source is not None and translated is not None and translated < source:
            report.warning(translation.path, 1, messages().gettext(
                "translation last changed on %(translated)s, its source %(source)s on %(changed)s:"
                " bring the translation up to date with the source",
                translated=translated.date().isoformat(), source=translation.source, changed=source.date().isoformat(),
            ))  # fmt: skip
