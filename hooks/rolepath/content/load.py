"""Reads a content repository into a `Portal`, reporting every author mistake with its line."""

from __future__ import annotations

import datetime
import os
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .audience_blocks import block_problems
from .check_fields import as_date, check_fields, foreign_characters, suggest_id
from .check_references import check_references, check_v2_references
from .diagnostics import Report
from .front_matter import page_problems
from .i18n import N_, _, messages
from .memo import Memo, fingerprint
from .model import (
    Behaviour,
    Choice,
    Cohort,
    FromTo,
    KnowledgeCheck,
    LeaderPage,
    Level,
    ManagerNotes,
    Measure,
    MetricAdjustment,
    Module,
    Phrase,
    Portal,
    Practice,
    Ref,
    Role,
    Sandbox,
    SkillPath,
    Source,
    Team,
    WeekRecord,
)
from .plain_records import PlainValue, read_plain_record
from .raw_html import too_deep
from .schema import BEHAVIOUR_WITH_ID, ID_RE, LEVELS, SCHEMAS, WEEK_FILE_PATTERN, Schema, default
from .translations import Edition, TranslationFile, compare, translation_file
from .yamlsource import YamlProblem, YMap, YScalar, YSeq, YValue, parse, split_lines

ParsedYaml = tuple[YValue | None, list[YamlProblem], YamlProblem | None]
"""A YAML text's tree, its problems, and the problem that stopped its parsing, if any."""

MAX_MARKDOWN_BYTES = 5 * 1_048_576
"""The largest Markdown file read; a module is prose, not a data dump."""

MARKDOWN_SUFFIXES = (".markdown", ".mdown", ".mkdn", ".mkd", ".md")
"""Every name ending MkDocs renders as a page (``mkdocs.utils.markdown_extensions``); rolepath
reads ``.md`` only and refuses the others, which MkDocs would publish unchecked."""

_Builder = Callable[[str, Source, "_Fields"], None]
"""Turns a file's checked fields into a model object and adds it to the portal."""

_FRONT_MATTER_OPEN = re.compile(r"-{3}[ \t]*")
_FRONT_MATTER_CLOSE = re.compile(r"(?:-{3}|\.{3})[ \t]*")


PRACTICE_FOLDER = "practice"
"""In the content folder: sandbox materials and answer keys, in a folder per exercise."""


@dataclass(frozen=True)
class Layout:
    """Where each kind of file lives, relative to the repository root."""

    content: str = "content"
    roles: str = "roles"
    paths: str = "paths"
    teams: str = "teams"
    adoption: str = "adoption"

    @property
    def modules(self) -> str:
        return f"{self.content}/modules"

    @property
    def leaders(self) -> str:
        return f"{self.content}/leaders"

    @property
    def practice(self) -> str:
        """Sandbox materials and answer keys, one folder per exercise: never pages of their own."""
        return f"{self.content}/{PRACTICE_FOLDER}"


@dataclass(frozen=True)
class Document:
    """A Markdown file split into its front matter and body."""

    front_matter: YValue | None
    body: str
    body_line: int


@dataclass
class Loaded:
    """The result of reading a repository: the portal (what was valid) and the report."""

    portal: Portal
    report: Report
    bodies: dict[str, Document]
    """Module and one-pager Markdown, keyed by path relative to the repository root."""
    owners_complete: bool = True
    """Whether every role, path and module file found was loaded: what owns what (CODEOWNERS)
    can be told only then."""
    page_texts: dict[str, str] = field(default_factory=dict)
    """Ordinary pages' text, by path relative to the repository root."""
    content_files: list[str] = field(default_factory=list)
    """Every file MkDocs will publish from the content folder, relative to it."""
    known_ids: dict[str, set[str]] = field(default_factory=dict)
    """The ids of every file found by kind, valid or not."""
    editions: dict[str, Edition] = field(default_factory=dict)
    """The translations, by language: ``roles/<id>.<lang>.yml`` and the like, checked against their sources."""


def read_portal(
    root: str | os.PathLike[str],
    layout: Layout = Layout(),
    *,
    today: datetime.date | None = None,
    parsed: Memo[ParsedYaml] | None = None,
) -> Loaded:
    """Read and check everything under ``root`` that needs no knowledge of the site (which
    `output.site_checks.load`, what everyone calls, adds); never raises for anything an author
    wrote. ``parsed`` keeps YAML trees by their text between loads (a serve rebuild reparses only
    the files that changed)."""
    reader = _Reader(Path(root), layout, parsed)
    portal = reader.read()
    check_references(portal, reader.known_ids, reader.report, today or datetime.date.today())
    check_v2_references(portal, reader.known_ids, reader.report, layout.practice)
    _check_audience_markers(Path(root), layout, portal, reader)
    for rel, document in reader.bodies.items():
        # Refused whether the portal sanitises or not, so the check and every build agree.
        deep = too_deep(document.body, document.body_line)
        if deep is not None:
            reader.report.error(rel, *deep)
    loaded_ids = {"role": set(portal.roles), "path": set(portal.paths), "module": set(portal.modules)}
    complete = all(reader.known_ids[kind] <= ids for kind, ids in loaded_ids.items())
    return Loaded(
        portal, reader.report, reader.bodies, complete, reader.page_texts, reader.content_files, reader.known_ids,
        reader.editions(),
    )  # fmt: skip


def _parse_yaml(text: str, first_line: int) -> ParsedYaml:
    try:
        return (*parse(text, first_line), None)
    except YamlProblem as unreadable:
        return None, [], unreadable


def _check_audience_markers(root: Path, layout: Layout, portal: Portal, reader: _Reader) -> None:
    """Audience markers in Markdown are checked in every build, so a typo fails the full build too."""
    for rel, document in reader.bodies.items():
        for line, message in block_problems(document.body, document.body_line):
            reader.report.error(rel, line, message)
    for rel, text in reader.page_texts.items():
        for line, message in page_problems(text):
            reader.report.error(rel, line, message)


_FILE_UNREADABLE = N_("file cannot be read (%(error)s): give it read permission, or move it out of the repository")
_FOLDER_UNREADABLE = N_("folder cannot be read (%(error)s): give it read permission, or move it out of the repository")
# One message per kind of file, rather than a kind word put into a sentence: a translation can
# then give each kind its own grammar (gender, case, articles).
_YML_ONLY = {
    "role": N_("role files end in .yml: rename it to %(stem)s.yml"),
    "path": N_("path files end in .yml: rename it to %(stem)s.yml"),
    "team": N_("team files end in .yml: rename it to %(stem)s.yml"),
}
_NO_INDEX = {
    "module": N_(
        "'index' cannot be a module id: MkDocs publishes index.md as its folder's own page,"
        " so links to it break: rename it to another id"
    ),
    "leader": N_(
        "'index' cannot be a leader id: MkDocs publishes index.md as its folder's own page,"
        " so links to it break: rename it to another id"
    ),
}
_FOLDER_IN_MARKDOWN_ONLY = {
    "module": N_("%(folder)s/ holds module files (<id>.md) only: move the folder out of it"),
    "one-pager": N_("%(folder)s/ holds one-pager files (<id>.md) only: move the folder out of it"),
}
_RENAME_IN_MARKDOWN_ONLY = {
    "module": N_("%(folder)s/ holds module files (<id>.md) only: rename it to %(stem)s.md"),
    "one-pager": N_("%(folder)s/ holds one-pager files (<id>.md) only: rename it to %(stem)s.md"),
}
_FILE_IN_MARKDOWN_ONLY = {
    "module": N_("%(folder)s/ holds module files (<id>.md) only: move it out of %(folder)s/"),
    "one-pager": N_("%(folder)s/ holds one-pager files (<id>.md) only: move it out of %(folder)s/"),
}


def link_problem(entry: Path, real_root: Path, linkless_folders: set[str] | None = None) -> str | None:
    """Why the file or folder at ``entry`` must not be read or published, if it is (or sits
    under) a symbolic link that leaves the repository, breaks, or leads into a hidden folder
    such as .git/ (which can hold a CI job's token); None when it may be. ``linkless_folders``
    keeps the folders found to be reached through no link, so a folder of many files (a team's
    adoption records) is resolved once, not once a file."""
    if not entry.is_symlink() and _reached_through_no_link(entry.parent, linkless_folders):
        return None
    try:
        target = entry.resolve(strict=True)
    except (OSError, RuntimeError):
        return _("symbolic link cannot be followed (it is broken or loops): replace it")
    if not target.is_relative_to(real_root):
        return _("symbolic link points outside the repository: copy the file in instead")
    hidden = next((part for part in target.relative_to(real_root).parts if part.startswith(".")), None)
    if hidden is not None:
        return _(
            "symbolic link points into '%(folder)s', which is never published (.git/ can hold secrets): remove it",
            folder=hidden,
        )
    return None


def _reached_through_no_link(folder: Path, linkless_folders: set[str] | None) -> bool:
    if linkless_folders is not None and str(folder) in linkless_folders:
        return True
    linkless = folder.resolve() == folder.absolute()
    if linkless and linkless_folders is not None:
        linkless_folders.add(str(folder))
    return linkless


def _name(entry: os.DirEntry[str]) -> str:
    return entry.name


def _links_to_its_own_folder(folder: Path) -> bool:
    if not folder.is_symlink():
        return False
    return folder.parent.resolve().is_relative_to(folder.resolve())


class _Reader:
    def __init__(self, root: Path, layout: Layout, parsed: Memo[ParsedYaml] | None = None) -> None:
        self.root = root
        self.parsed = parsed
        self.real_root = root.resolve()
        self.layout = layout
        self.report = Report()
        self.portal = Portal()
        self.bodies: dict[str, Document] = {}
        self.page_texts: dict[str, str] = {}
        """Ordinary pages' text, by path relative to the repository root: read once."""
        self.content_files: list[str] = []
        """Every file MkDocs will publish from the content folder, relative to it."""
        self.translation_files: list[TranslationFile] = []
        self.trees: dict[str, YValue] = {}
        """Each valid source's fields, by path: what its translations are compared with."""
        self.known_ids: dict[str, set[str]] = {
            "role": set(), "path": set(), "module": set(), "leader": set(), "team": set(),
        }  # fmt: skip
        """Ids of every file found, valid or not, so a broken file doesn't cause 'unknown id' noise."""
        self.linkless_folders: set[str] = set()
        """Folders this read found to be reached through no symbolic link (see `link_problem`)."""

    def read(self) -> Portal:
        for rel in self.sources(self.layout.roles, (".yml", ".yaml"), "role"):
            self.yaml_file(rel, "role", self.role)
        for rel in self.sources(self.layout.paths, (".yml", ".yaml"), "path"):
            self.yaml_file(rel, "path", self.path)
        for rel in self.sources(self.layout.modules, (".md",), "module"):
            self.markdown_file(rel, "module", self.module)
        for rel in self.sources(self.layout.leaders, (".md",), "leader"):
            self.markdown_file(rel, "leader", self.leader)
        for rel in self.files(self.layout.teams, (".yml", ".yaml")):
            self.yaml_file(rel, "team", self.team)
        self.adoption_records()
        self.practice_files()
        self.ordinary_pages()
        return self.portal

    def adoption_records(self) -> None:
        """``adoption/<team-id>/<YYYY>-W<ww>.yml``: one file per team and ISO week."""
        misplaced = N_("adoption records go in a folder per team: move it to %(folder)s/<team-id>/")
        for team_id, rel_dir in self.subfolders(self.layout.adoption, misplaced):
            for rel in self.files(rel_dir, (), every_file=True):
                self.week_file(rel, team_id)

    def subfolders(self, folder: str, misplaced: str) -> list[tuple[str, str]]:
        """(name, path) of each folder in ``folder``, links checked; a file there is reported with
        the message ``misplaced`` (a README.md, notes for the people who keep the folder, is allowed)."""
        directory = self.root / folder
        if not directory.is_dir():
            return []
        found = []
        for entry in self.entries(directory, folder):
            rel = f"{folder}/{entry.name}"
            if entry.name.startswith(".") or not self.inside_repository(entry, rel):
                continue
            if entry.is_dir():
                found.append((entry.name, rel))
            elif entry.name.lower() != "readme.md":
                self.report.error(rel, 0, _(misplaced, folder=folder))
        return found

    def week_file(self, rel: str, team_id: str) -> None:
        stem, _dot, suffix = rel.rsplit("/", 1)[1].rpartition(".")
        if suffix != "yml" or not re.fullmatch(WEEK_FILE_PATTERN, stem):
            self.report.error(rel, 0, _("an adoption record is named <YYYY>-W<ww>.yml, e.g. 2026-W40.yml: rename it"))
            return
        year, week = (int(part) for part in stem.split("-W"))
        try:
            datetime.date.fromisocalendar(year, week, 1)
        except ValueError:
            weeks = datetime.date(year, 12, 28).isocalendar().week
            message = _("%(year)s has no ISO week %(week)s (it has %(weeks)s): rename the file",
                        year=year, week=week, weeks=weeks)  # fmt: skip
            self.report.error(rel, 0, message)
            return
        text = self.read_text(rel, 65_536)
        if text is None:
            return
        plain = read_plain_record(text)
        if plain is not None:
            self.add_week_record(team_id, stem, Source(rel, plain.line, plain.lines), plain.values)
            return
        tree = self.parse(rel, text, 1)
        self.checked(rel, "adoption", f"{team_id}/{stem}", tree, 1, self.week_record)

    def practice_files(self) -> None:
        """Every file in ``content/practice/<module-id>/``; the check ties each to an exercise."""
        misplaced = N_("practice files go in a folder per exercise: move it to %(folder)s/<module-id>/")
        for module_id, rel_dir in self.subfolders(self.layout.practice, misplaced):
            names = []
            for rel in self.files(rel_dir, (), every_file=True):
                opened = self.open_regular(rel)  # published as a download: it must be readable
                if opened is not None:
                    os.close(opened[0])
                    names.append(rel.rsplit("/", 1)[1])
            self.portal.practice_files[module_id] = names

    def sources(self, folder: str, suffixes: tuple[str, ...], kind: str) -> list[str]:
        """The files in ``folder``, translations (``<id>.<lang>.yml``) set aside for `editions`."""
        found = []
        for rel in self.files(folder, suffixes):
            translation = translation_file(rel, kind)
            if translation is None:
                found.append(rel)
            else:
                self.translation_files.append(translation)
        return found

    def editions(self) -> dict[str, Edition]:
        """Each language's translations, each read and checked as its source is, and compared with it."""
        editions: dict[str, Edition] = {}
        builders = {"role": "role", "path": "path", "module": "module", "leader": "leader"}
        for translation in sorted(self.translation_files, key=lambda t: t.path):
            if translation.kind == "page":
                edition = editions.setdefault(translation.language, Edition(translation.language))
                edition.files[translation.source] = translation
                edition.pages[translation.source] = translation.path
                continue
            source = self.trees.get(translation.source)
            if source is None:
                if not (self.root / translation.source).is_file():
                    self.report.error(translation.path, 0, messages().gettext(
                        "translates %(source)s, which does not exist: rename it after its source",
                        source=translation.source,
                    ))  # fmt: skip
                continue  # the source has errors of its own
            reader = _Reader(self.root, self.layout, self.parsed)
            rel = translation.path
            text = reader.read_text(rel, MAX_MARKDOWN_BYTES)
            if text is None:
                self.report.extend(reader.report)
                continue
            if rel.endswith(".md"):
                document = reader.split(rel, text)
                tree, line = (document.front_matter, 2) if document else (None, 2)
                if document is not None:
                    reader.bodies[rel] = document
            else:
                tree, line = reader.parse(rel, text, 1), 1
            build = getattr(reader, builders[translation.kind])
            if tree is not None:
                compare(source, tree, SCHEMAS[translation.kind], rel, reader.report)
            if not reader.report.errors:
                reader.checked(rel, translation.kind, translation.item_id, tree, line, build)
            self.report.extend(reader.report)
            if reader.report.errors:
                continue
            edition = editions.setdefault(translation.language, Edition(translation.language))
            found: dict[str, Any] = getattr(reader.portal, translation.kind + "s")
            translated: dict[str, Any] = getattr(edition, translation.kind + "s")
            translated[translation.item_id] = found[translation.item_id]
            edition.files[translation.source] = translation
            if rel in reader.bodies:
                edition.bodies[translation.source] = reader.bodies[rel]
        return editions

    def files(self, folder: str, suffixes: tuple[str, ...], *, every_file: bool = False) -> list[str]:
        """The files in ``folder`` with these suffixes (``every_file``: all of them), links checked."""
        directory = self.root / folder
        if not directory.is_dir():
            return []
        if not directory.resolve().is_relative_to(self.real_root):
            self.report.error(folder, 0, _("folder is a link to outside the repository: copy the files in instead"))
            return []
        found = []
        for entry in self.entries(directory, folder):
            rel = f"{folder}/{entry.name}"
            wanted = every_file or os.path.splitext(entry.name)[1] in suffixes
            if entry.name.startswith(".") or not wanted or not self.inside_repository(entry, rel):
                continue
            if entry.is_dir():
                message = _("'%(name)s' is a folder, not a file: rename or remove the folder", name=entry.name)
                self.report.error(rel, 0, message)
            else:
                found.append(rel)  # read_text refuses what is not a readable regular file
        return found

    def entries(self, directory: Path, rel: str) -> list[os.DirEntry[str]]:
        """The folder's entries by name; each knows from the listing whether it is a link or a
        folder, so a folder of many files costs no call to the system a file."""
        try:
            with os.scandir(directory) as found:
                return sorted(found, key=_name)
        except OSError as error:
            self.report.error(rel, 0, _(_FOLDER_UNREADABLE, error=error.strerror))
            return []

    def inside_repository(self, entry: Path | os.DirEntry[str], rel: str) -> bool:
        if isinstance(entry, os.DirEntry):
            if not entry.is_symlink() and os.path.dirname(entry.path) in self.linkless_folders:
                return True  # not a link, in a folder reached through none
            entry = Path(entry.path)
        problem = link_problem(entry, self.real_root, self.linkless_folders)
        if problem is not None:
            self.report.error(rel, 0, problem)
        return problem is None

    def read_text(self, rel: str, limit: int) -> str | None:
        data = self.read_bytes(rel, limit)
        if data is None:
            return None
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            line = len(split_lines(data[: error.start].decode("utf-8") + "."))
            byte = format(data[error.start], "02X")
            message = _("file is not UTF-8 (byte 0x%(byte)s): save it with UTF-8 encoding", byte=byte)
            self.report.error(rel, line, message)
            return None
        text = text.removeprefix("\ufeff")
        if not text.strip():
            self.report.error(rel, 0, _("file is empty"))
            return None
        return text

    def read_bytes(self, rel: str, limit: int) -> bytes | None:
        """The file's bytes, or None (reported) when it is not a readable regular file or is larger
        than ``limit``: the size is known before anything is read, so a huge file costs no memory."""
        opened = self.open_regular(rel)
        if opened is None:
            return None
        descriptor, size = opened
        try:
            if size > limit:
                message = _("file is %(size)s KiB; the limit is %(limit)s KiB", size=size // 1024, limit=limit // 1024)
                self.report.error(rel, 0, message)
                return None
            # A regular file's read returns less than asked only at its end, so one read of a byte
            # more than its size reads it all, or finds that it grew since its size was taken.
            data = os.read(descriptor, size + 1)
            if len(data) > size:  # read on, to a byte over the limit
                chunks, wanted = [data], limit + 1 - len(data)
                while wanted > 0 and (chunk := os.read(descriptor, wanted)):
                    chunks.append(chunk)
                    wanted -= len(chunk)
                data = b"".join(chunks)
        except OSError as error:
            self.report.error(rel, 0, _(_FILE_UNREADABLE, error=error.strerror))
            return None
        finally:
            os.close(descriptor)
        if len(data) > limit:  # it grew after its size was taken
            self.report.error(rel, 0, _("file is over %(limit)s KiB, the limit", limit=limit // 1024))
            return None
        return data

    def open_regular(self, rel: str) -> tuple[int, int] | None:
        """The file opened for reading, as its descriptor and its size; None (reported) when it
        cannot be opened, or is no regular file."""
        try:
            # O_NONBLOCK: opening a named pipe must not wait for a writer (regular files ignore it).
            descriptor = os.open(f"{self.root}/{rel}", os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        except OSError as error:
            self.report.error(rel, 0, _(_FILE_UNREADABLE, error=error.strerror))
            return None
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            os.close(descriptor)
            message = _("not a regular file (a folder, pipe, device or socket): replace it with a file")
            self.report.error(rel, 0, message)
            return None
        return descriptor, status.st_size

    def file_id(self, rel: str, kind: str) -> str | None:
        name = rel.rsplit("/", 1)[1]
        stem, suffix = os.path.splitext(name)
        self.known_ids[kind].add(stem)
        if suffix == ".yaml":
            self.report.error(rel, 0, _(_YML_ONLY[kind], stem=stem))
            return None
        if not ID_RE.match(stem):
            foreign = foreign_characters(stem)
            contains = _("; it contains %(characters)s", characters=foreign) if foreign else ""
            message = _(
                "file name '%(name)s' is not a valid id (lower-case a-z, 0-9 and '-', starting with a letter,"
                " at most 64 characters)",
                name=stem,
            )
            self.report.error(rel, 0, message + contains + self.rename_hint(rel, stem, suffix))
            return None
        if stem == "index" and kind in ("module", "leader"):
            self.report.error(rel, 0, _(_NO_INDEX[kind]))
            return None
        return stem

    def rename_hint(self, rel: str, stem: str, suffix: str) -> str:
        """': rename it to <a valid id>', never to a file that exists already."""
        suggestion = suggest_id(stem)
        if not suggestion:
            return _(": rename it with the letters a-z, digits and '-'")
        folder = (self.root / rel).parent
        taken = ""
        candidate, number = suggestion, 1
        while (folder / f"{candidate}{suffix}").exists():
            taken = taken or _(" (%(file)s exists already: or merge the two files)", file=suggestion + suffix)
            number += 1
            candidate = f"{suggestion}-{number}"
        return _(": rename it to %(file)s", file=candidate + suffix) + taken

    def parse(self, rel: str, text: str, first_line: int) -> YValue | None:
        if self.parsed is None:
            done = _parse_yaml(text, first_line)
        else:
            done = self.parsed.get_or_make(fingerprint(text, first_line), lambda: _parse_yaml(text, first_line))
        tree, problems, fatal = done
        if fatal is not None:
            self.report.error(rel, fatal.line, fatal.message)
            return None
        for problem in problems:
            self.report.error(rel, problem.line, problem.message)
        return tree if not problems else None

    def yaml_file(self, rel: str, kind: str, build: _Builder) -> None:
        item_id = self.file_id(rel, kind)
        text = self.read_text(rel, 1_048_576)
        if item_id is None or text is None:
            return
        self.checked(rel, kind, item_id, self.parse(rel, text, 1), 1, build)

    def markdown_file(self, rel: str, kind: str, build: _Builder) -> None:
        item_id = self.file_id(rel, kind)
        text = self.read_text(rel, MAX_MARKDOWN_BYTES)
        if item_id is None or text is None:
            return
        document = self.split(rel, text)
        if document is None:
            return
        self.bodies[rel] = document
        self.checked(rel, kind, item_id, document.front_matter, 2, build)

    def checked(self, rel: str, kind: str, item_id: str, tree: YValue | None, line: int, build: _Builder) -> None:
        if tree is None and self.report_has(rel):
            return
        before = len(self.report.errors)
        check_fields(tree, SCHEMAS[kind], self.report, rel, line)
        if len(self.report.errors) == before and isinstance(tree, YMap):
            lines = {key: entry.key_line for key, entry in tree.entries.items()}
            self.trees[rel] = tree
            build(item_id, Source(rel, tree.line, lines), _Fields(tree, SCHEMAS[kind]))

    def report_has(self, rel: str) -> bool:
        return any(d.path == rel for d in self.report.errors)

    def split(self, rel: str, text: str) -> Document | None:
        lines = split_lines(text)
        if not _FRONT_MATTER_OPEN.fullmatch(lines[0].rstrip("\r\n")):
            message = _("missing front matter: start the file with a '---' line, the fields, then '---'")
            self.report.error(rel, 1, message)
            return None
        for index in range(1, len(lines)):
            if _FRONT_MATTER_CLOSE.fullmatch(lines[index].rstrip("\r\n")):
                front_matter = self.parse(rel, "".join(lines[1:index]), 2)
                if front_matter is None and not self.report_has(rel):
                    message = _("front matter is empty: add the required fields between the '---' lines")
                    self.report.error(rel, 1, message)
                    return None
                return Document(front_matter, "".join(lines[index + 1 :]), index + 2)
        self.report.error(rel, 1, _("front matter opened here is never closed: add a '---' line after the last field"))
        return None

    def ordinary_pages(self) -> None:
        """Every file under the content folder, as MkDocs will find them (following links): pages
        are read, every other file is checked, since MkDocs publishes whatever it finds."""
        content = self.root / self.layout.content
        if not content.is_dir():
            message = _("the content folder is missing: create it, with modules/ inside")
            self.report.error(self.layout.content, 0, message)
            return
        special = {self.layout.modules: "module", self.layout.leaders: "one-pager"}

        def unreadable(error: OSError) -> None:
            rel = Path(error.filename).relative_to(self.root).as_posix() if error.filename else self.layout.content
            self.report.error(rel, 0, _(_FOLDER_UNREADABLE, error=error.strerror))

        for directory, folders, names in os.walk(content, followlinks=True, onerror=unreadable):
            base = Path(directory)
            rel_dir = base.relative_to(self.root).as_posix()
            kind = special.get(rel_dir)
            walked = []
            for name in sorted(folders):
                rel = f"{rel_dir}/{name}"
                if name.startswith(".") or not self.inside_repository(base / name, rel):
                    continue
                if rel == self.layout.practice:
                    continue  # read by practice_files: published only as an exercise's materials
                if kind is not None:
                    self.report.error(rel, 0, _(_FOLDER_IN_MARKDOWN_ONLY[kind], folder=rel_dir))
                elif _links_to_its_own_folder(base / name):
                    self.report.error(rel, 0, _("symbolic link to a folder that holds it (a loop): remove the link"))
                else:
                    walked.append(name)
            folders[:] = walked
            for name in sorted(names):
                rel = f"{rel_dir}/{name}"
                if name.startswith(".") or (kind is not None and name.endswith(".md")):
                    continue  # hidden (MkDocs skips it too), or a module or one-pager, read on its own
                if not self.inside_repository(base / name, rel):
                    continue
                stem, suffix = os.path.splitext(name)
                if kind is not None:
                    wrong_file = _RENAME_IN_MARKDOWN_ONLY if suffix in MARKDOWN_SUFFIXES else _FILE_IN_MARKDOWN_ONLY
                    self.report.error(rel, 0, _(wrong_file[kind], folder=rel_dir, stem=stem))
                elif name.endswith(MARKDOWN_SUFFIXES) and suffix != ".md":
                    message = _(
                        "MkDocs publishes '%(suffix)s' files as pages, but rolepath checks only .md ones"
                        " (audience and all): rename it to %(stem)s.md",
                        suffix=suffix, stem=stem,
                    )  # fmt: skip
                    self.report.error(rel, 0, message)
                elif suffix != ".md":
                    opened = self.open_regular(rel)  # MkDocs copies it: it must be readable
                    if opened is not None:
                        os.close(opened[0])
                        self.content_files.append(rel[len(self.layout.content) + 1 :])
                elif (page := translation_file(rel, "page")) is not None and (self.root / page.source).is_file():
                    self.translation_files.append(page)  # index.de.md: the German edition's index.md
                else:
                    text = self.read_text(rel, MAX_MARKDOWN_BYTES)
                    if text is not None:
                        self.page_texts[rel] = text
                        self.portal.pages.append(rel[len(self.layout.content) + 1 :])
                        self.content_files.append(self.portal.pages[-1])

    def role(self, item_id: str, source: Source, fields: _Fields) -> None:
        practice = fields.map("practice")
        manager = fields.map("manager")
        self.portal.roles[item_id] = Role(
            id=item_id,
            source=source,
            title=fields.text("title"),
            summary=fields.text("summary"),
            family=fields.optional_text("family"),
            paths=fields.refs("paths"),
            owners=fields.texts("owners"),
            from_to=tuple(
                FromTo(f.text("area"), f.text("today"), f.text("in_six_months")) for f in fields.maps("from_to")
            ),
            practice=Practice(practice.number("hours_per_week"), practice.texts("ideas")) if practice else None,
            metrics_to_adjust=tuple(
                MetricAdjustment(m.text("metric"), m.text("conflict"), m.text("adjustment"))
                for m in fields.maps("metrics_to_adjust")
            ),
            payoff=fields.texts("payoff"),
            manager=_manager(manager),
            audience=fields.text_or_default("audience"),
            measures=tuple(_measure(m) for m in fields.maps("measures")),
        )

    def path(self, item_id: str, source: Source, fields: _Fields) -> None:
        levels = fields.map("levels")
        assert levels is not None
        self.portal.paths[item_id] = SkillPath(
            id=item_id,
            source=source,
            title=fields.text("title"),
            summary=fields.text("summary"),
            levels=tuple(_level(item_id, name, levels.map(name)) for name in LEVELS),
            owners=fields.texts("owners"),
            manager=_manager(fields.map("manager")),
            audience=fields.text_or_default("audience"),
        )

    def module(self, item_id: str, source: Source, fields: _Fields) -> None:
        sandbox = fields.map("sandbox")
        review_by = fields.scalar("review_by")
        self.portal.modules[item_id] = Module(
            id=item_id,
            source=source,
            title=fields.text("title"),
            summary=fields.text("summary"),
            minutes=int(fields.number("minutes")),
            kind=fields.text_or_default("kind"),
            objectives=fields.texts("objectives"),
            prerequisites=fields.refs("prerequisites"),
            review_by=as_date(review_by) if review_by else None,
            sandbox=_sandbox(sandbox) if sandbox else None,
            reflection=fields.texts("reflection"),
            audience=fields.text_or_default("audience"),
            body_line=self.bodies[source.path].body_line,
            checks=tuple(_knowledge_check(c) for c in fields.maps("checks")),
        )

    def leader(self, item_id: str, source: Source, fields: _Fields) -> None:
        self.portal.leaders[item_id] = LeaderPage(
            id=item_id,
            source=source,
            title=fields.text("title"),
            summary=fields.text("summary"),
            phrases=tuple(
                Phrase(p.text("instead_of"), p.text("say"), p.optional_text("why")) for p in fields.maps("phrases")
            ),
            audience=fields.text_or_default("audience"),
        )

    def team(self, item_id: str, source: Source, fields: _Fields) -> None:
        cohort = fields.map("cohort")
        role = fields.scalar("role")
        assert role is not None
        self.portal.teams[item_id] = Team(
            id=item_id,
            source=source,
            title=fields.text("title"),
            role=Ref(role.text, role.line),
            size=int(fields.number("size")),
            managers=fields.texts("managers"),
            cohort=Cohort(cohort.date("managers_start"), cohort.date("team_start")) if cohort else Cohort(),
        )

    def week_record(self, item_id: str, source: Source, fields: _Fields) -> None:
        """A record the full reader read: its checked tree as the plain values `add_week_record` takes."""
        team_id, week = item_id.split("/")
        lines = dict(source.field_lines)
        values: dict[str, PlainValue] = {}
        for name, entry in fields.mapping.entries.items():
            if isinstance(entry.value, YMap):
                lines.update({f"{name}/{key}": item.key_line for key, item in entry.value.entries.items()})
                values[name] = fields.numbers(name)
            else:
                values[name] = fields.number(name)
        self.add_week_record(team_id, week, Source(source.path, source.line, lines), values)

    def add_week_record(self, team_id: str, week: str, source: Source, values: dict[str, PlainValue]) -> None:
        """One team's week, from its checked values (read either way: see `plain_records`); a field
        left out takes the model's default (not recorded). The schema has checked each value, and
        tests/test_schemas.py holds WeekRecord's fields to the schema's."""
        fields: dict[str, Any] = values
        record = WeekRecord(team=team_id, week=week, source=source, **fields)
        self.portal.adoption.setdefault(team_id, []).append(record)


class _Fields:
    """Typed reads from a mapping that has already passed its schema."""

    def __init__(self, mapping: YMap, schema: Schema) -> None:
        self.mapping = mapping
        self.schema = schema
        """The mapping's schema: where the defaults of the fields left out are written."""

    def get(self, key: str) -> YValue | None:
        entry = self.mapping.entries.get(key)
        return entry.value if entry else None

    def scalar(self, key: str) -> YScalar | None:
        value = self.get(key)
        return value if isinstance(value, YScalar) else None

    def text(self, key: str) -> str:
        value = self.scalar(key)
        assert value is not None, key
        return value.text

    def optional_text(self, key: str) -> str | None:
        value = self.scalar(key)
        return value.text if value is not None else None

    def text_or_default(self, key: str) -> str:
        """The field's text, or the schema's default for it when it is left out."""
        value = self.optional_text(key)
        return value if value is not None else str(default(self.schema, key))

    def number(self, key: str) -> float:
        value = self.scalar(key)
        assert value is not None and isinstance(value.value, (int, float)), key
        return value.value

    def items(self, key: str) -> list[YValue]:
        value = self.get(key)
        return value.items if isinstance(value, YSeq) else []

    def texts(self, key: str) -> tuple[str, ...]:
        return tuple(item.text for item in self.items(key) if isinstance(item, YScalar))

    def refs(self, key: str) -> tuple[Ref, ...]:
        return tuple(Ref(item.text, item.line) for item in self.items(key) if isinstance(item, YScalar))

    def map(self, key: str) -> _Fields | None:
        value = self.get(key)
        return _Fields(value, self.schema["properties"][key]) if isinstance(value, YMap) else None

    def maps(self, key: str) -> list[_Fields]:
        schema = self.schema["properties"][key]["items"]
        return [_Fields(item, schema) for item in self.items(key) if isinstance(item, YMap)]

    def flag(self, key: str) -> bool:
        value = self.scalar(key)
        return value is not None and value.value is True

    def date(self, key: str) -> datetime.date | None:
        value = self.scalar(key)
        return as_date(value) if value is not None else None

    def numbers(self, key: str) -> dict[str, float]:
        """A mapping of names to numbers (``observed:``, ``measures:`` in an adoption record)."""
        value = self.get(key)
        if not isinstance(value, YMap):
            return {}
        return {
            name: entry.value.value
            for name, entry in value.entries.items()
            if isinstance(entry.value, YScalar) and isinstance(entry.value.value, (int, float))
        }

    def ref(self, key: str) -> Ref | None:
        value = self.scalar(key)
        return Ref(value.text, value.line) if value is not None else None


def _manager(fields: _Fields | None) -> ManagerNotes:
    if fields is None:
        return ManagerNotes()
    return ManagerNotes(fields.texts("before"), fields.texts("after"), fields.texts("prompts"))


def _level(path_id: str, name: str, fields: _Fields | None) -> Level:
    assert fields is not None
    return Level(
        name=name,
        summary=fields.text("summary"),
        behaviours=tuple(_behaviour(path_id, name, item) for item in fields.items("behaviours")),
        modules=fields.refs("modules"),
    )


def _behaviour(path_id: str, level: str, item: YValue) -> Behaviour:
    if isinstance(item, YMap):
        fields = _Fields(item, BEHAVIOUR_WITH_ID)
        return Behaviour.make(path_id, level, fields.text("text"), fields.text("id"), item.line)
    assert isinstance(item, YScalar)
    return Behaviour.make(path_id, level, item.text, line=item.line)


def _measure(fields: _Fields) -> Measure:
    return Measure(
        id=fields.text("id"),
        title=fields.text("title"),
        unit=fields.text("unit"),
        baseline=fields.number("baseline"),
        target=fields.number("target"),
        better=fields.text("better"),
        behaviours=fields.refs("behaviours"),
        line=fields.mapping.line,
    )


def _sandbox(fields: _Fields) -> Sandbox:
    return Sandbox(
        setting=fields.text("setting"),
        time_box=int(fields.number("time_box")),
        success=fields.texts("success"),
        materials=fields.refs("materials"),
        answer_key=fields.ref("answer_key"),
    )


def _knowledge_check(fields: _Fields) -> KnowledgeCheck:
    return KnowledgeCheck(
        question=fields.text("question"),
        choices=tuple(Choice(c.text("text"), c.text("why"), c.flag("correct")) for c in fields.maps("choices")),
        line=fields.mapping.line,
    )
