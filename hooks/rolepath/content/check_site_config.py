"""Checks of a portal's ``mkdocs.yml`` that only rolepath can make, read without MkDocs.

``rolepath check`` runs them on the repository's ``mkdocs.yml``, and the build on the file it was
given: a build without rolepath's hook would make a site with no roles and say nothing (only the
check can tell), and one with ``use_directory_urls: false`` would break every generated link.
"""

from __future__ import annotations

import re
from pathlib import Path

from .diagnostics import Report
from .i18n import _
from .yamlsource import YamlProblem, YEntry, YMap, YScalar, YSeq, parse

HOOK_FILE = "rolepath_hook.py"
_PLACEHOLDER_REPOSITORY = re.compile(r"https?://(www\.)?(github|gitlab)\.com/example/", re.IGNORECASE)
"""The repository documentation examples use (github.com/example/...), never a portal's own."""
_MAX_INHERIT = 10


def check_site_config(config_file: Path, root: Path, report: Report) -> None:
    """Report what in ``config_file`` (and the files it INHERITs) keeps rolepath from working."""
    settings = _settings(config_file, root, report)
    if settings is None:
        return
    hooks = settings.get("hooks")
    listed = hooks[1].value if hooks else None
    names = [item.text for item in listed.items if isinstance(item, YScalar)] if isinstance(listed, YSeq) else []
    if not any(name.endswith(HOOK_FILE) for name in names):
        rel, line = (hooks[0], hooks[1].key_line) if hooks else (_rel(config_file, root), 1)
        report.error(
            rel, line,
            _("rolepath's hook is not loaded, so the site would have no roles, paths or checks:"
              " add  hooks: [hooks/%(file)s]", file=HOOK_FILE),
        )  # fmt: skip
    repo_url = settings.get("repo_url")
    repo = repo_url[1].value if repo_url else None
    if repo_url and isinstance(repo, YScalar) and _PLACEHOLDER_REPOSITORY.match(repo.text):
        report.warning(
            repo_url[0], repo_url[1].key_line,
            _("repo_url %(url)s is a placeholder: every page would link to it. Set your portal's"
              " own repository, or remove repo_url and edit_uri", url=repr(repo.text)),
        )  # fmt: skip
    directory_urls = settings.get("use_directory_urls")
    value = directory_urls[1].value if directory_urls else None
    if directory_urls and isinstance(value, YScalar) and value.value is False:
        report.error(
            directory_urls[0], directory_urls[1].key_line,
            _("use_directory_urls: false is not supported: rolepath's pages link to each other with"
              " directory URLs (roles/<id>/): remove the setting"),
        )  # fmt: skip


def site_language(config_file: Path, root: Path) -> str | None:
    """The portal's ``theme: language:`` (through INHERIT); None when it says none or cannot be read."""
    settings = _settings(config_file, root, Report())
    theme = settings.get("theme") if settings else None
    language = theme[1].value.entries.get("language") if theme and isinstance(theme[1].value, YMap) else None
    return language.value.text if language is not None and isinstance(language.value, YScalar) else None


def option_location(config_file: Path, root: Path, option: str | None) -> tuple[str, int]:
    """Where ``extra: rolepath: <option>:`` is set, through INHERIT: the file and the line of its
    key (without an option, of ``rolepath:``); else the first line of ``config_file``."""
    for rel, tree in _chain(config_file, root, Report()) or ():
        extra = tree.entries.get("extra")
        rolepath = extra.value.entries.get("rolepath") if extra and isinstance(extra.value, YMap) else None
        if rolepath is None:
            continue
        if option is None:
            return rel, rolepath.key_line
        entry = rolepath.value.entries.get(option) if isinstance(rolepath.value, YMap) else None
        if entry is not None:
            return rel, entry.key_line
    return _rel(config_file, root), 1


def _settings(config_file: Path, root: Path, report: Report) -> dict[str, tuple[str, YEntry]] | None:
    """Top-level settings as MkDocs merges them over INHERIT: {name: (file, entry)}."""
    chain = _chain(config_file, root, report)
    if chain is None:
        return None
    settings: dict[str, tuple[str, YEntry]] = {}
    for rel, tree in reversed(chain):
        settings.update({name: (rel, entry) for name, entry in tree.entries.items()})
    return settings


def _chain(config_file: Path, root: Path, report: Report) -> list[tuple[str, YMap]] | None:
    """``config_file`` and the files it INHERITs, in that order, each with its tree; None (and
    the problem reported) when one cannot be read."""
    chain: list[tuple[str, YMap]] = []
    current: Path | None = config_file
    while current is not None and len(chain) < _MAX_INHERIT:
        rel = _rel(current, root)
        try:
            tree, problems = parse(current.read_text(encoding="utf-8-sig"))
        except (OSError, UnicodeDecodeError):
            report.error(rel, 1, _("cannot be read: save it as a UTF-8 text file"))
            return None
        except YamlProblem as unreadable:
            report.error(rel, unreadable.line, unreadable.message)
            return None
        for problem in problems:
            report.error(rel, problem.line, problem.message)
        if not isinstance(tree, YMap):
            return None
        chain.append((rel, tree))
        parent = tree.entries.get("INHERIT")
        current = None
        if parent is not None and isinstance(parent.value, YScalar):
            current = (config_file.parent / parent.value.text).resolve()
    return chain


def _rel(path: Path, root: Path) -> str:
    resolved = path.resolve()
    return resolved.relative_to(root.resolve()).as_posix() if resolved.is_relative_to(root.resolve()) else str(path)
