"""``rolepath codeowners``: a CODEOWNERS file generated from the ``owners:`` of roles and paths.

GitHub asks a file's code owners to review every pull request that changes it. The rules:

1. A role's file (``roles/<id>.yml``) is owned by the role's ``owners:``.
2. A path's file (``paths/<id>.yml``) is owned by the path's own ``owners:`` when it lists
   any; otherwise by the union of the owners of every role that follows the path. A path
   shared by several roles can then be approved by any of their owners.
3. A module (``content/modules/<id>.md``) is owned by the union of the owners (rule 2) of
   every path that lists it. A module used only by one role's paths belongs to that role's
   owners; a module shared across roles can be approved by any of theirs.
4. A file that ends up with no owners gets no line, so the repository's own default rule
   (a ``*`` line written by hand above the generated block), if any, applies to it.
5. Owners keep the order they are first written in (roles, paths and modules sorted by id),
   each once (GitHub handles are case-insensitive).

The generated lines sit between ``# rolepath: begin`` and ``# rolepath: end``; everything
outside that block is kept as written, so hand-written rules can sit around it (in
CODEOWNERS the last matching line wins: a rule below the block overrides it). GitHub reads
the first of ``.github/CODEOWNERS``, ``CODEOWNERS`` and ``docs/CODEOWNERS`` that exists; the
command updates that one, or creates ``.github/CODEOWNERS``.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ..content.diagnostics import Diagnostic, Severity
from ..content.i18n import _
from ..content.load import Layout
from ..content.model import Portal

BEGIN = "# rolepath: begin (generated from owners: in roles/ and paths/ by `rolepath codeowners --write`)"
END = "# rolepath: end"
LOCATIONS = (".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS")
"""Where GitHub looks, in the order it looks."""
_LAYOUT = Layout()


def rules(portal: Portal, layout: Layout = _LAYOUT) -> list[tuple[str, tuple[str, ...]]]:
    """(pattern, owners) for every file that has owners, in file order: roles, paths, modules."""
    role_owners = {role_id: _unique(portal.roles[role_id].owners) for role_id in sorted(portal.roles)}
    path_owners: dict[str, tuple[str, ...]] = {}
    for path_id in sorted(portal.paths):
        path = portal.paths[path_id]
        if path.owners:
            path_owners[path_id] = _unique(path.owners)
        else:
            followers = sorted(role.id for role in portal.roles_on_path(path_id))
            path_owners[path_id] = _unique(owner for role_id in followers for owner in role_owners[role_id])
    module_owners: dict[str, tuple[str, ...]] = {}
    for module_id in sorted(portal.modules):
        users = sorted({use.path for use in portal.uses(module_id)})
        module_owners[module_id] = _unique(owner for path_id in users for owner in path_owners.get(path_id, ()))

    found: list[tuple[str, tuple[str, ...]]] = []
    for role_id, owners in role_owners.items():
        found.append((_pattern(portal.roles[role_id].source.path), owners))
    for path_id, owners in path_owners.items():
        found.append((_pattern(portal.paths[path_id].source.path), owners))
    for module_id, owners in module_owners.items():
        found.append((_pattern(portal.modules[module_id].source.path), owners))
    return [(pattern, owners) for pattern, owners in found if owners]


def block(portal: Portal, layout: Layout = _LAYOUT) -> str:
    """The generated block, markers included, ending in a newline."""
    lines = [BEGIN]
    found = rules(portal, layout)
    width = max((len(pattern) for pattern, _ in found), default=0)
    lines += [f"{pattern.ljust(width)} {' '.join(owners)}" for pattern, owners in found]
    lines.append(END)
    return "\n".join(lines) + "\n"


def merge(existing: str | None, portal: Portal, layout: Layout = _LAYOUT) -> str:
    """The whole file: ``existing`` with its generated block replaced (or the block appended)."""
    generated = block(portal, layout)
    if not existing:
        return (
            "# Code owners review every pull request that changes their files.\n"
            "# Lines outside the rolepath block are kept; the last matching line wins.\n\n" + generated
        )
    lines = existing.splitlines(keepends=True)
    begin = next((i for i, line in enumerate(lines) if line.startswith("# rolepath: begin")), None)
    end = next((i for i, line in enumerate(lines) if line.rstrip("\r\n") == END), None)
    if begin is None or end is None or end < begin:
        separator = "" if existing.endswith("\n\n") else ("\n" if existing.endswith("\n") else "\n\n")
        return existing + separator + generated
    return "".join(lines[:begin]) + generated + "".join(lines[end + 1 :])


def location(root: Path) -> Path:
    """The CODEOWNERS file GitHub would read, or where to create one."""
    for rel in LOCATIONS:
        if (root / rel).is_file():
            return root / rel
    return root / LOCATIONS[0]


def stale_codeowners(root: str | Path, portal: Portal, layout: Layout = _LAYOUT) -> Diagnostic | None:
    """A warning when the CODEOWNERS file does not match the owners in the content, else None.

    No warning when nothing has owners and the file has no generated block: a repository
    that does not use ``owners:`` is not asked to keep a CODEOWNERS file.
    """
    root = Path(root)
    file = location(root)
    rel = file.relative_to(root).as_posix()
    existing = read(file)
    has_block = existing is not None and END in existing
    if not rules(portal, layout) and not has_block:
        return None
    fix = _("run `rolepath codeowners --write` and commit the result")
    if existing is None:
        missing = _("roles name owners but there is no CODEOWNERS file: %(fix)s", fix=fix)
        return Diagnostic(rel, 0, missing, Severity.WARNING)
    expected = merge(existing, portal, layout)
    if expected == existing:
        return None
    line = _first_difference(existing, expected)
    stale = _("CODEOWNERS is out of date with the owners: in roles/ and paths/: %(fix)s", fix=fix)
    return Diagnostic(rel, line, stale, Severity.WARNING)


def _first_difference(old: str, new: str) -> int:
    for number, (a, b) in enumerate(zip(old.splitlines(), new.splitlines(), strict=False), start=1):
        if a != b:
            return number
    return min(len(old.splitlines()), len(new.splitlines())) + 1


def _unique(owners: Iterable[str]) -> tuple[str, ...]:
    seen: set[str] = set()
    result = []
    for owner in owners:
        if owner.casefold() not in seen:
            seen.add(owner.casefold())
            result.append(owner)
    return tuple(result)


def _pattern(rel: str) -> str:
    """An anchored CODEOWNERS pattern for one file; spaces are escaped."""
    return "/" + rel.replace(" ", "\\ ")


def read(file: Path) -> str | None:
    try:
        return file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
