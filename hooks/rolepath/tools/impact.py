"""``rolepath impact``: what a change does to the portal, for the comment on a pull request.

Both sides are loaded with the same loader as ``rolepath check`` and the models compared:
roles, paths, modules, one-pagers and ordinary pages added, removed or edited (with the fields
that changed, behaviours and modules added or removed per level). Then the change is followed
through the portal: a module edit reaches every path level that lists it and every role on
those paths; a path edit reaches every role that follows it.

The base is a git ref, materialised with ``git archive`` into a temporary folder. By default
it is compared from the merge base of BASE and HEAD, as a pull request shows its diff, so
commits that landed on the base branch after the branch point are not reported as undone.
The head is a ref too, or the working tree when it is left out.

If either side has author errors, the items of the broken files are reported as "not
compared" rather than as removed or added, and the errors are listed.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
import enum
import subprocess
import tarfile
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..content.diagnostics import Diagnostic
from ..content.git import GitError, git, git_environment
from ..content.load import Layout, Loaded
from ..content.model import Level, Portal, SkillPath
from ..content.schema import LEVELS
from ..output.site_checks import load

_LAYOUT = Layout()

MARKER = "<!-- rolepath-impact -->"
"""The hidden first line of the comment, so CI can find and update its own comment."""
MAX_ITEMS = 60
"""Items listed per section of the Markdown before 'and N more' (a PR comment holds 65,536 characters)."""
MAX_PROBLEMS = 30
MAX_COMMENT = 60_000
"""Characters of Markdown at most (GitHub refuses comments over 65,536)."""
MAX_DIFF_LINES = 40
"""+/- lines shown per path before the rest are counted."""


class Status(enum.Enum):
    ADDED = "added"
    REMOVED = "removed"
    EDITED = "edited"
    AFFECTED = "affected"
    """Not changed itself, but reached through something it uses."""
    NOT_COMPARED = "not compared"
    """Its file has errors on one side."""


_ORDER = {Status.ADDED: 0, Status.EDITED: 1, Status.REMOVED: 2, Status.NOT_COMPARED: 3, Status.AFFECTED: 4}


@dataclass
class LevelDiff:
    behaviours_added: list[str] = field(default_factory=list)
    behaviours_removed: list[str] = field(default_factory=list)
    modules_added: list[str] = field(default_factory=list)
    modules_removed: list[str] = field(default_factory=list)
    summary_changed: bool = False
    module_order_changed: bool = False

    def __bool__(self) -> bool:
        return bool(
            self.behaviours_added or self.behaviours_removed or self.modules_added or self.modules_removed
            or self.summary_changed or self.module_order_changed
        )  # fmt: skip

    def fields(self) -> list[str]:
        names = []
        if self.summary_changed:
            names.append("summary")
        if self.behaviours_added or self.behaviours_removed:
            names.append("behaviours")
        if self.modules_added or self.modules_removed:
            names.append("modules")
        elif self.module_order_changed:
            names.append("module order")
        return names


@dataclass
class ItemImpact:
    """One role, path, module, one-pager or page and what happened to it."""

    kind: str
    """role, path, module, leader or page."""
    id: str
    title: str
    status: Status
    fields: list[str] = field(default_factory=list)
    """The fields that changed, for an edited item: 'summary', 'baseline: behaviours', 'body'."""
    reasons: list[str] = field(default_factory=list)
    """How an affected item was reached: "module 'prompting-basics' (edited) in baseline"."""
    levels: dict[str, LevelDiff] = field(default_factory=dict)
    """For a path: what changed in each level."""


@dataclass
class Side:
    ref: str
    """The ref as given, or 'working tree'."""
    commit: str | None
    """The commit compared (the merge base for the base side), or None for the working tree."""
    errors: list[Diagnostic] = field(default_factory=list)
    merge_base: bool = False
    """True when ``commit`` is the merge base of ``ref`` and the head rather than ``ref`` itself."""


@dataclass
class Impact:
    base: Side
    head: Side
    roles: list[ItemImpact] = field(default_factory=list)
    paths: list[ItemImpact] = field(default_factory=list)
    modules: list[ItemImpact] = field(default_factory=list)
    leaders: list[ItemImpact] = field(default_factory=list)
    pages: list[ItemImpact] = field(default_factory=list)

    def summary(self) -> str:
        """'3 roles, 2 paths, 5 modules affected'."""
        return (
            f"{_count(len(self.roles), 'role')}, {_count(len(self.paths), 'path')}, "
            f"{_count(len(self.modules), 'module')} affected"
        )

    @property
    def empty(self) -> bool:
        return not (self.roles or self.paths or self.modules or self.leaders or self.pages)


class ImpactError(Exception):
    """A ref that does not exist, or no git: the comparison cannot start."""


# ---- the comparison --------------------------------------------------------------------------


def compare(base: Loaded, head: Loaded, base_root: Path, head_root: Path, layout: Layout = _LAYOUT) -> Impact:
    """Compare two loaded portals (with the folders they were read from, for ordinary pages)."""
    impact = Impact(Side("base", None, base.report.errors), Side("head", None, head.report.errors))
    broken = {d.path for d in base.report.errors} | {d.path for d in head.report.errors}
    old, new = base.portal, head.portal

    modules = _diff_items("module", old.modules, new.modules, broken, layout, base, head)
    leaders = _diff_items("leader", old.leaders, new.leaders, broken, layout, base, head)
    paths = _diff_items("path", old.paths, new.paths, broken, layout, base, head)
    roles = _diff_items("role", old.roles, new.roles, broken, layout, base, head)

    # Follow module changes to the path levels that list them, then path changes to roles.
    changed_modules = {item.id: item for item in modules}
    for portal in (new, old):
        for path in portal.paths.values():
            for level in path.levels:
                for ref in level.modules:
                    module = changed_modules.get(ref.id)
                    if module is not None:
                        reason = f"{level.name} lists module '{ref.id}' ({module.status.value})"
                        _reach(paths, "path", path.id, path.title, reason)
    for item in list(paths):
        for portal in (new, old):
            for role in portal.roles_on_path(item.id):
                if item.status is Status.AFFECTED:
                    reason = f"follows path '{item.id}', whose {item.reasons[0]}"
                else:
                    reason = f"follows path '{item.id}' ({item.status.value})"
                _reach(roles, "role", role.id, role.title, reason)

    impact.modules, impact.leaders = _sorted(modules), _sorted(leaders)
    impact.paths, impact.roles = _sorted(paths), _sorted(roles)
    impact.pages = _diff_pages(old, new, base_root, head_root, layout)
    return impact


def _diff_items(
    kind: str,
    old: Mapping[str, Any],
    new: Mapping[str, Any],
    broken: set[str],
    layout: Layout,
    base: Loaded,
    head: Loaded,
) -> list[ItemImpact]:
    items = []
    for item_id in sorted(set(old) | set(new)):
        before, after = old.get(item_id), new.get(item_id)
        present: Any = after if after is not None else before
        title = present.title
        if before is None or after is None:
            if _file_of(kind, item_id, layout) in broken or present.source.path in broken:
                items.append(ItemImpact(kind, item_id, title, Status.NOT_COMPARED, ["the file has errors"]))
            else:
                items.append(ItemImpact(kind, item_id, title, Status.ADDED if before is None else Status.REMOVED))
            continue
        changed = _changed_fields(before, after)
        levels: dict[str, LevelDiff] = {}
        if kind == "path":
            changed = [name for name in changed if name != "levels"]
            levels = _diff_levels(before, after)
            changed += [f"{name}: {', '.join(diff.fields())}" for name, diff in levels.items()]
        if kind in ("module", "leader"):
            old_body = base.bodies.get(before.source.path)
            new_body = head.bodies.get(after.source.path)
            if (old_body.body if old_body else None) != (new_body.body if new_body else None):
                changed.append("body")
        if changed:
            items.append(ItemImpact(kind, item_id, title, Status.EDITED, changed, levels=levels))
    return items


def _file_of(kind: str, item_id: str, layout: Layout) -> str:
    folder, suffix = {
        "role": (layout.roles, "yml"),
        "path": (layout.paths, "yml"),
        "module": (layout.modules, "md"),
        "leader": (layout.leaders, "md"),
    }[kind]
    return f"{folder}/{item_id}.{suffix}"


_IGNORED_FIELDS = {"id", "source", "body_line"}


def _changed_fields(before: Any, after: Any) -> list[str]:
    return [
        f.name
        for f in dataclasses.fields(before)
        if f.name not in _IGNORED_FIELDS and _plain(getattr(before, f.name)) != _plain(getattr(after, f.name))
    ]


def _plain(value: Any) -> Any:
    """A value without line numbers or derived keys, for comparison and JSON."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        names = [f.name for f in dataclasses.fields(value)]
        if names == ["id", "line"]:  # a Ref
            return value.id  # type: ignore[attr-defined]
        if names == ["text", "key"]:  # a Behaviour
            return _words(value.text)  # type: ignore[attr-defined]
        return {name: _plain(getattr(value, name)) for name in names if name not in _IGNORED_FIELDS}
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    if isinstance(value, Mapping):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return value


def _words(text: str) -> str:
    return " ".join(text.split())


def _diff_levels(before: SkillPath, after: SkillPath) -> dict[str, LevelDiff]:
    diffs = {}
    for name in LEVELS:
        diff = _diff_level(before.level(name), after.level(name))
        if diff:
            diffs[name] = diff
    return diffs


def _diff_level(before: Level, after: Level) -> LevelDiff:
    old_behaviours = [_words(b.text) for b in before.behaviours]
    new_behaviours = [_words(b.text) for b in after.behaviours]
    old_modules = [ref.id for ref in before.modules]
    new_modules = [ref.id for ref in after.modules]
    old_set = set(old_modules)
    return LevelDiff(
        behaviours_added=[b for b in new_behaviours if b not in old_behaviours],
        behaviours_removed=[b for b in old_behaviours if b not in new_behaviours],
        modules_added=[m for m in new_modules if m not in old_modules],
        modules_removed=[m for m in old_modules if m not in new_modules],
        summary_changed=_words(before.summary) != _words(after.summary),
        module_order_changed=[m for m in old_modules if m in new_modules] != [m for m in new_modules if m in old_set],
    )


def _reach(items: list[ItemImpact], kind: str, item_id: str, title: str, reason: str) -> None:
    existing = next((item for item in items if item.id == item_id), None)
    if existing is None:
        items.append(ItemImpact(kind, item_id, title, Status.AFFECTED, reasons=[reason]))
    elif reason not in existing.reasons:
        existing.reasons.append(reason)


def _sorted(items: list[ItemImpact]) -> list[ItemImpact]:
    return sorted(items, key=lambda item: (_ORDER[item.status], item.id))


def _diff_pages(old: Portal, new: Portal, base_root: Path, head_root: Path, layout: Layout) -> list[ItemImpact]:
    items = []
    before, after = set(old.pages), set(new.pages)
    for page in sorted(before | after):
        if page not in before:
            items.append(ItemImpact("page", page, page, Status.ADDED))
        elif page not in after:
            items.append(ItemImpact("page", page, page, Status.REMOVED))
        elif _read(base_root / layout.content / page) != _read(head_root / layout.content / page):
            items.append(ItemImpact("page", page, page, Status.EDITED, ["text"]))
    return _sorted(items)


def _read(file: Path) -> bytes | None:
    try:
        return file.read_bytes()
    except OSError:
        return None


# ---- git ---------------------------------------------------------------------------------------


def impact(
    repo: str | Path, base_ref: str, head_ref: str | None = None, *, layout: Layout = _LAYOUT, merge_base: bool = True
) -> Impact:
    """Compare ``base_ref`` (by default: its merge base with the head) with ``head_ref`` or the working tree."""
    repo = Path(repo)
    try:
        git(repo, "rev-parse", "--git-dir")
    except GitError as error:
        raise ImpactError(f"{repo} is not in a git repository ({error})") from error
    head_commit = _commit(repo, head_ref) if head_ref is not None else None
    base_commit = base_tip = _commit(repo, base_ref)
    if merge_base:
        # Unrelated histories (or no HEAD yet): compare with the base as it is.
        with contextlib.suppress(GitError):
            base_commit = git(repo, "merge-base", base_commit, head_commit or "HEAD").strip() or base_commit
    with tempfile.TemporaryDirectory(prefix="rolepath-impact-") as temp:
        base_root = Path(temp, "base")
        materialise(repo, base_commit, base_root, layout)
        if head_commit is None:
            head_root = repo
        else:
            head_root = Path(temp, "head")
            materialise(repo, head_commit, head_root, layout)
        base_loaded = load(base_root, layout)
        head_loaded = load(head_root, layout)
        result = compare(base_loaded, head_loaded, base_root, head_root, layout)
    result.base = Side(base_ref, base_commit, base_loaded.report.errors, base_commit != base_tip)
    result.head = Side(head_ref or "working tree", head_commit, head_loaded.report.errors)
    return result


def _commit(repo: Path, ref: str) -> str:
    if ref.startswith("-"):
        raise ImpactError(f"not a revision: {ref!r}")
    try:
        return git(repo, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}").strip()
    except GitError:
        raise ImpactError(
            f"unknown revision '{ref}': fetch it first (in GitHub Actions, check out with fetch-depth: 0)"
        ) from None


def materialise(repo: Path, commit: str, dest: Path, layout: Layout = _LAYOUT) -> None:
    """Write the content folders of ``commit`` (as seen from ``repo``, which may be a subfolder) into ``dest``."""
    dest.mkdir(parents=True, exist_ok=True)
    prefix = git(repo, "rev-parse", "--show-prefix").strip()
    toplevel = git(repo, "rev-parse", "--show-toplevel").strip()
    tree = f"{commit}:{prefix}" if prefix else commit
    try:
        top = set(git(toplevel, "ls-tree", "--name-only", tree).splitlines())
    except GitError:
        return  # the folder did not exist in that commit: an empty portal
    wanted = sorted({folder.split("/", 1)[0] for folder in (layout.roles, layout.paths, layout.content)} & top)
    if not wanted:
        return
    command = ["git", "-C", toplevel, "archive", "--format=tar", tree, "--", *wanted]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=git_environment()) as process:
        assert process.stdout is not None and process.stderr is not None
        with tarfile.open(fileobj=process.stdout, mode="r|") as archive:
            if hasattr(tarfile, "data_filter"):
                archive.extractall(dest, filter=_safe_member)
            else:  # pragma: no cover - Python before 3.11.4 has no extraction filters
                for member in archive:
                    if (member.isfile() or member.isdir()) and _inside(member.name):
                        archive.extract(member, dest)
        error = process.stderr.read().decode("utf-8", "replace").strip()
    if process.returncode != 0:
        raise ImpactError(f"git archive {tree} failed: {error}")


def _inside(name: str) -> bool:
    parts = Path(name).parts
    return bool(parts) and not Path(name).is_absolute() and ".." not in parts


def _safe_member(member: tarfile.TarInfo, path: str) -> tarfile.TarInfo | None:
    """Tar's 'data' filter, skipping (not failing on) links that point outside the folder."""
    try:
        return tarfile.data_filter(member, path)
    except tarfile.FilterError:
        return None


# ---- output ------------------------------------------------------------------------------------


def to_json(result: Impact) -> dict[str, Any]:
    def side(s: Side) -> dict[str, Any]:
        return {
            "ref": s.ref,
            "commit": s.commit,
            "merge_base": s.merge_base,
            "errors": [{"path": d.path, "line": d.line, "message": d.message} for d in s.errors],
        }

    def item(i: ItemImpact) -> dict[str, Any]:
        data: dict[str, Any] = {"id": i.id, "title": i.title, "status": i.status.value}
        if i.fields:
            data["fields"] = i.fields
        if i.reasons:
            data["reasons"] = i.reasons
        if i.levels:
            data["levels"] = {name: dataclasses.asdict(diff) for name, diff in i.levels.items()}
        return data

    return {
        "format": 1,
        "base": side(result.base),
        "head": side(result.head),
        "summary": result.summary(),
        "counts": {kind: len(getattr(result, kind)) for kind in ("roles", "paths", "modules", "leaders", "pages")},
        "roles": [item(i) for i in result.roles],
        "paths": [item(i) for i in result.paths],
        "modules": [item(i) for i in result.modules],
        "leaders": [item(i) for i in result.leaders],
        "pages": [item(i) for i in result.pages],
    }


def to_markdown(result: Impact) -> str:
    """The pull-request comment: marker, heading, summary line, a section per kind, problems."""
    out = [MARKER, "## Portal impact", ""]
    extra = []
    if result.leaders:
        extra.append(_count(len(result.leaders), "one-pager"))
    if result.pages:
        extra.append(_count(len(result.pages), "page"))
    out.append(f"**{result.summary()}**" + (f" ({' and '.join(extra)} changed)" if extra else ""))
    out.append("")
    out.append(f"Compared {_side_name(result.base)} with {_side_name(result.head)}.")
    out.append("")
    if result.empty:
        out += ["No role, path, module, one-pager or page changes.", ""]
    sections = (
        ("Roles", result.roles), ("Paths", result.paths), ("Modules", result.modules),
        ("One-pagers", result.leaders), ("Pages", result.pages),
    )  # fmt: skip
    for heading, items in sections:
        if not items:
            continue
        out += [f"### {heading}", ""]
        for entry in items[:MAX_ITEMS]:
            out += _markdown_item(entry)
        if len(items) > MAX_ITEMS:
            out.append(f"- …and {len(items) - MAX_ITEMS} more")
        out.append("")
    out += _markdown_problems(result)
    text = "\n".join(out).rstrip() + "\n"
    if len(text) > MAX_COMMENT:
        cut = text.rfind("\n", 0, MAX_COMMENT - 200)
        text = text[:cut]
        if text.count("```") % 2:  # cut inside a diff block: close it
            text += "\n  ```"
        text += "\n\n…the rest is cut to fit a comment: run `rolepath impact` for all of it.\n"
    return text


def _side_name(side: Side) -> str:
    if side.commit is None:
        return "the working tree"
    if side.merge_base:
        return f"`{side.commit[:7]}` (the merge base with {_inline(side.ref)})"
    if side.commit.startswith(side.ref):
        return f"`{side.commit[:7]}`"
    return f"`{side.commit[:7]}` ({_inline(side.ref)})"


def _markdown_item(item: ItemImpact) -> list[str]:
    name = f"`{item.id}`" if item.kind == "page" else f"**{_inline(item.title)}** `{item.id}`"
    if item.status is Status.EDITED:
        detail = "edited: " + ", ".join(item.fields)
    elif item.status is Status.AFFECTED:
        more = len(item.reasons) - 5
        detail = "affected: " + "; ".join(item.reasons[:5]) + (f"; and {more} more" if more > 0 else "")
    elif item.status is Status.NOT_COMPARED:
        detail = "not compared: its file has errors (listed below)"
    else:
        detail = item.status.value
    lines = [f"- {name}: {_inline(detail)}"]
    diff = _diff_lines(item)
    if diff:
        lines += ["", "  ```diff", *(f"  {line}" for line in diff), "  ```", ""]
    return lines


def _diff_lines(item: ItemImpact) -> list[str]:
    lines: list[str] = []
    for name, diff in item.levels.items():
        if not (diff.behaviours_added or diff.behaviours_removed or diff.modules_added or diff.modules_removed):
            continue
        lines.append(f"@@ {name} @@")
        lines += [f"- {text}" for text in diff.behaviours_removed]
        lines += [f"+ {text}" for text in diff.behaviours_added]
        lines += [f"- module {module_id}" for module_id in diff.modules_removed]
        lines += [f"+ module {module_id}" for module_id in diff.modules_added]
    if len(lines) > MAX_DIFF_LINES:
        hidden = len(lines) - MAX_DIFF_LINES
        lines = [*lines[:MAX_DIFF_LINES], f"@@ …and {hidden} more lines @@"]
    return [_shorten(line).replace("```", "'''") for line in lines]


def _shorten(line: str, limit: int = 300) -> str:
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def _markdown_problems(result: Impact) -> list[str]:
    out: list[str] = []
    for side, label in ((result.head, "this change"), (result.base, "the base")):
        if not side.errors:
            continue
        count = len(side.errors)
        out += [f"### {_count(count, 'problem')} in {label}", ""]
        if side is result.base:
            out += ["These were there before this change; items in broken files were not compared.", ""]
        out += [f"- `{_code(str(d))}`" for d in side.errors[:MAX_PROBLEMS]]
        if count > MAX_PROBLEMS:
            out.append(f"- …and {count - MAX_PROBLEMS} more: run `rolepath check`")
        out.append("")
    return out


_MARKDOWN_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_[]<>|~#"} | {"@": "@\u200b"})


def _inline(text: str) -> str:
    """Author text made safe for one line of Markdown: no formatting, links, HTML or @mentions."""
    return _words(text).translate(_MARKDOWN_SPECIAL)


def _code(text: str) -> str:
    return _words(text).replace("`", "'")


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'s' * (number != 1)}"


# ---- command line ------------------------------------------------------------------------------
