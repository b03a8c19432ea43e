"""Check a generated portal against the authoring contract, independently of the engine.

    python benchmarks/validate.py DIR [DIR-plain [DIR-plain-flat]]

Exits non-zero and prints one line per problem if the portal breaks the
contract in /work/shared/CONTENT_MODEL.md: bad ids, missing required fields,
levels not exactly baseline/proficient/advanced, unknown references,
prerequisite cycles, sandbox rules, minutes out of range, unused modules. With
more directories it also checks that the plain twins have the same pages: the
baseline (DIR-plain) with every module once in a topic folder of at most 50, its
module links pointing at the moved pages, the text otherwise byte for byte; the flat
twin (DIR-plain-flat) byte for byte.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import yaml

ID_RE = re.compile(r"^[a-z][a-z0-9-]{0,63}$")
FOLDER_LINK = re.compile(r"\]\(\.\./([a-z0-9-]+)/([a-z][a-z0-9-]*)\.md\)")
"""A module link in the topic-folder twin: ``[x](../<topic>/<id>.md)``."""
LEVELS = ["baseline", "proficient", "advanced"]
KINDS = {"lesson", "exercise", "reference"}
Doc = dict[str, Any]
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str) -> Any:
    return yaml.load(text, Loader=_LOADER)


def front_matter(path: Path) -> Doc:
    """The YAML front matter of a Markdown page (empty dict when there is none)."""
    text = path.read_text(encoding="utf-8")
    if not text.startswith("---\n"):
        return {}
    end = text.find("\n---\n", 4)
    if end < 0:
        raise ValueError("front matter is not closed by ---")
    data = load_yaml(text[4 : end + 1])
    return data if isinstance(data, dict) else {}


def is_text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def is_text_list(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(is_text(item) for item in value)


def require_text(doc: Doc, keys: list[str], where: str) -> list[str]:
    return [f"{where}: '{key}' must be non-empty text" for key in keys if not is_text(doc.get(key))]


def check_ids(paths: list[Path], kind: str) -> list[str]:
    return [f"{path}: bad {kind} id '{path.stem}'" for path in paths if not ID_RE.match(path.stem)]


def check_role(where: str, doc: Doc, path_ids: set[str]) -> list[str]:
    problems = require_text(doc, ["title", "summary"], where)
    paths = doc.get("paths")
    if not isinstance(paths, list) or not paths:
        problems.append(f"{where}: 'paths' needs at least one path id")
    else:
        problems += [f"{where}: unknown path '{p}'" for p in paths if p not in path_ids]
    from_to = doc.get("from_to")
    if not isinstance(from_to, list) or not from_to:
        problems.append(f"{where}: 'from_to' needs at least one entry")
    else:
        for entry in from_to:
            problems += require_text(entry, ["area", "today", "in_six_months"], f"{where}: from_to")
    hours = (doc.get("practice") or {}).get("hours_per_week", 1)
    if not isinstance(hours, (int, float)) or not 0 < hours <= 40:
        problems.append(f"{where}: practice.hours_per_week must be in (0, 40]")
    return problems


def check_path(where: str, doc: Doc, module_ids: set[str]) -> tuple[list[str], set[str]]:
    """Problems in one path, and the module ids its levels use."""
    problems = require_text(doc, ["title", "summary"], where)
    levels = doc.get("levels")
    used: set[str] = set()
    if not isinstance(levels, dict) or list(levels) != LEVELS:
        return [*problems, f"{where}: levels must be exactly {', '.join(LEVELS)}, in order"], used
    for name, level in levels.items():
        at = f"{where}: levels.{name}"
        problems += require_text(level, ["summary"], at)
        if not is_text_list(level.get("behaviours")):
            problems.append(f"{at}: 'behaviours' needs at least one entry")
        modules = level.get("modules")
        if not isinstance(modules, list) or not modules:
            problems.append(f"{at}: 'modules' needs at least one module id")
            continue
        problems += [f"{at}: unknown module '{m}'" for m in modules if m not in module_ids]
        used.update(modules)
    return problems, used


def check_sandbox(where: str, doc: Doc) -> list[str]:
    kind = doc.get("kind", "lesson")
    box = doc.get("sandbox")
    if kind != "exercise":
        return [f"{where}: sandbox is only allowed on exercises"] if box is not None else []
    if not isinstance(box, dict):
        return [f"{where}: an exercise needs a sandbox"]
    problems = require_text(box, ["setting"], f"{where}: sandbox")
    if not isinstance(box.get("time_box"), int) or box["time_box"] < 1:
        problems.append(f"{where}: sandbox.time_box must be a positive number of minutes")
    if not is_text_list(box.get("success")):
        problems.append(f"{where}: sandbox.success needs at least one entry")
    return problems


def check_module(where: str, doc: Doc, module_ids: set[str]) -> list[str]:
    problems = require_text(doc, ["title", "summary"], where)
    if doc.get("kind", "lesson") not in KINDS:
        problems.append(f"{where}: kind must be one of {sorted(KINDS)}")
    minutes = doc.get("minutes")
    if not isinstance(minutes, int) or isinstance(minutes, bool) or not 1 <= minutes <= 600:
        problems.append(f"{where}: minutes must be a whole number from 1 to 600")
    problems += check_sandbox(where, doc)
    problems += [f"{where}: unknown prerequisite '{p}'" for p in doc.get("prerequisites", []) if p not in module_ids]
    return problems


def check_leader(where: str, doc: Doc) -> list[str]:
    problems = require_text(doc, ["title", "summary"], where)
    phrases = doc.get("phrases")
    if not isinstance(phrases, list) or not phrases:
        return [*problems, f"{where}: 'phrases' needs at least one pair"]
    for pair in phrases:
        problems += require_text(pair, ["instead_of", "say"], f"{where}: phrases")
    return problems


def find_cycle(graph: dict[str, list[str]]) -> list[str] | None:
    """A prerequisite cycle, if any (iterative DFS with colours)."""
    state: dict[str, int] = {}
    for start in graph:
        if state.get(start):
            continue
        stack: list[tuple[str, int]] = [(start, 0)]
        state[start] = 1
        while stack:
            node, index = stack.pop()
            edges = graph.get(node, [])
            if index < len(edges):
                stack.append((node, index + 1))
                nxt = edges[index]
                if state.get(nxt) == 1:
                    return [n for n, _ in stack] + [nxt]
                if not state.get(nxt):
                    state[nxt] = 1
                    stack.append((nxt, 0))
            else:
                state[node] = 2
    return None


def load_all(files: list[Path], reader: Any) -> tuple[dict[str, Doc], list[str]]:
    docs: dict[str, Doc] = {}
    problems: list[str] = []
    for path in files:
        try:
            data = reader(path)
        except (yaml.YAMLError, ValueError) as error:
            problems.append(f"{path}: does not parse: {error}")
            continue
        if not isinstance(data, dict):
            problems.append(f"{path}: must be a mapping")
            continue
        docs[path.stem] = data
    return docs, problems


def check_twin(root: Path, plain: Path) -> list[str]:
    """The flat plain twin must hold byte-identical Markdown pages at the same paths."""
    ours = {p.relative_to(root / "content"): p for p in (root / "content").rglob("*.md")}
    theirs = {p.relative_to(plain / "content"): p for p in (plain / "content").rglob("*.md")}
    problems = [f"{plain}: page set differs from {root}"] if set(ours) != set(theirs) else []
    for rel in sorted(set(ours) & set(theirs)):
        if ours[rel].read_bytes() != theirs[rel].read_bytes():
            problems.append(f"{theirs[rel]}: differs from {ours[rel]}")
    return problems


def check_folder_twin(root: Path, plain: Path) -> list[str]:
    """The topic-folder baseline holds the same pages: each module once, in a folder of at most 50.

    Its module links point into the target's folder; with them put back as the portal writes
    them (``[x](id.md)``), every page is byte-identical to the portal's."""
    from generate import TOPIC_FOLDER_SIZE

    ours = {p.relative_to(root / "content"): p for p in (root / "content").rglob("*.md")}
    theirs = {p.relative_to(plain / "content"): p for p in (plain / "content").rglob("*.md")}
    moved = {rel: path for rel, path in theirs.items() if rel.parts[0] == "modules"}
    folder_of: dict[str, str] = {}
    problems: list[str] = []
    for rel, path in sorted(moved.items()):
        if len(rel.parts) != 3:
            problems.append(f"{path}: a module must be at modules/<topic>/<id>.md")
        elif rel.stem in folder_of:
            problems.append(f"{path}: module '{rel.stem}' is also in {folder_of[rel.stem]}/")
        else:
            folder_of[rel.stem] = rel.parts[1]
    expected = {rel.stem for rel in ours if rel.parts[0] == "modules"}
    problems += [f"{plain}: module '{m}' is missing" for m in sorted(expected - set(folder_of))]
    problems += [f"{plain}: module '{m}' is not in {root}" for m in sorted(set(folder_of) - expected)]
    sizes: dict[str, int] = {}
    for folder in folder_of.values():
        sizes[folder] = sizes.get(folder, 0) + 1
    problems += [
        f"{plain}/content/modules/{folder}: {count} modules, more than {TOPIC_FOLDER_SIZE}"
        for folder, count in sorted(sizes.items())
        if count > TOPIC_FOLDER_SIZE
    ]
    others = {rel: path for rel, path in theirs.items() if rel.parts[0] != "modules"}
    if set(others) != {rel for rel in ours if rel.parts[0] != "modules"}:
        problems.append(f"{plain}: pages outside modules/ differ from {root}")
    for rel, path in sorted(theirs.items()):
        text = path.read_text(encoding="utf-8")
        for folder, target in FOLDER_LINK.findall(text):
            if folder_of.get(target) != folder:
                problems.append(f"{path}: link to ../{folder}/{target}.md does not reach module '{target}'")
        original = Path("modules", f"{rel.stem}.md") if rel in moved else rel
        if original in ours:
            put_back = FOLDER_LINK.sub(lambda match: f"]({match.group(2)}.md)", text)
            if put_back != ours[original].read_text(encoding="utf-8"):
                problems.append(f"{path}: differs from {ours[original]} (beyond its module links)")
    return problems


def check_built_pages(plain: Path, site: Path) -> list[str]:
    """Every Markdown page of a plain twin has its HTML page in the built ``site`` (directory URLs)."""
    problems = []
    for page in sorted((plain / "content").rglob("*.md")):
        rel = page.relative_to(plain / "content").with_suffix("")
        html = site / (rel.parent if rel.name == "index" else rel) / "index.html"
        if not html.is_file():
            problems.append(f"{site}: no page for {page} (expected {html})")
    return problems


def validate(root: Path, plain: Path | None = None, plain_flat: Path | None = None) -> list[str]:
    """Every contract problem in the portal at ``root`` (and its twins)."""
    role_files = sorted((root / "roles").glob("*.yml"))
    path_files = sorted((root / "paths").glob("*.yml"))
    module_files = sorted((root / "content" / "modules").glob("*.md"))
    leader_files = sorted((root / "content" / "leaders").glob("*.md"))
    problems: list[str] = []
    for files, kind in ((role_files, "role"), (path_files, "path"), (module_files, "module"), (leader_files, "leader")):
        problems += check_ids(files, kind)
    roles, bad = load_all(role_files, lambda p: load_yaml(p.read_text(encoding="utf-8")))
    paths, bad2 = load_all(path_files, lambda p: load_yaml(p.read_text(encoding="utf-8")))
    modules, bad3 = load_all(module_files, front_matter)
    leaders, bad4 = load_all(leader_files, front_matter)
    problems += bad + bad2 + bad3 + bad4
    if not roles:
        problems.append(f"{root}: no roles")
    for role_id, doc in roles.items():
        problems += check_role(f"roles/{role_id}.yml", doc, set(paths))
    used: set[str] = set()
    for path_id, doc in paths.items():
        found, path_used = check_path(f"paths/{path_id}.yml", doc, set(modules))
        problems += found
        used |= path_used
    for module_id, doc in modules.items():
        problems += check_module(f"content/modules/{module_id}.md", doc, set(modules))
    problems += [f"content/modules/{m}.md: no path level uses it" for m in sorted(set(modules) - used)]
    cycle = find_cycle({m: list(doc.get("prerequisites", [])) for m, doc in modules.items()})
    if cycle:
        problems.append(f"prerequisite cycle: {' -> '.join(cycle)}")
    for leader_id, doc in leaders.items():
        problems += check_leader(f"content/leaders/{leader_id}.md", doc)
    if plain is not None:
        problems += check_folder_twin(root, plain)
    if plain_flat is not None:
        problems += check_twin(root, plain_flat)
    return problems


def main(argv: list[str]) -> int:
    if not 1 <= len(argv) <= 3:
        print(__doc__, file=sys.stderr)
        return 2
    problems = validate(*(Path(arg) for arg in argv))
    for problem in problems:
        print(problem)
    print(f"{len(problems)} problem(s)", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
