"""Property tests: any valid portal builds into a site with no broken link, and no mangled
repository makes the loader raise.

* Random VALID portals (1-6 roles, 1-4 paths shared at random, 3-20 modules with random
  prerequisites that never form a cycle, titles in any script with emoji, right-to-left text,
  CJK, quotes and ampersands) are built with MkDocs: the build succeeds, every internal link
  and asset of every page resolves to a file, and every id is in ``portal.json``.
* Random MUTATIONS of a valid portal (a required key deleted, a value of the wrong type, an
  unknown key, corrupted bytes, a reference to an id that does not exist) go through
  ``rolepath.load``: it reports problems as ``path:line: message`` or loads cleanly, and
  never raises.
"""

from __future__ import annotations

import copy
import json
import random
import tempfile
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rolepath import load
from sites import broken_links, build_site, make_portal

LEVELS = ("baseline", "proficient", "advanced")

# -- generating valid portals ----------------------------------------------------------------

SPICE = [
    "😀",
    "👩🏽‍💻",
    "مرحبا",
    "שלום",
    "\u202eabc",
    "中文",
    "日本語",
    "한국어",
    '"',
    "'",
    "&",
    "&amp;",
    "<b>",
    "Ünïcødé",
    "ß",
]
"""Pieces every kind of title may be made of: emoji (with ZWJ), right-to-left, CJK, markup."""

words = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Co", "Cn", "Zl", "Zp")),
    min_size=1,
    max_size=12,
)
text = st.lists(st.one_of(words, st.sampled_from(SPICE)), min_size=1, max_size=4).map(" ".join).filter(str.strip)
ids = st.from_regex(r"[a-z][a-z0-9]{0,7}(-[a-z0-9]{1,6})?", fullmatch=True)


_MARKDOWN_ACTIVE = str.maketrans({c: "\\" + c for c in "\\`*_{}[]()>#+-.!<|&"})


def _inert(value: str) -> str:
    """Random text as Markdown that stays text: no accidental link (with a target that does
    not exist) or raw HTML in a module body."""
    return value.translate(_MARKDOWN_ACTIVE).replace("\\<", "&lt;").replace("\\&", "&amp;")


@st.composite
def portals(draw: st.DrawFn) -> dict[str, Any]:
    """Keyword arguments for `sites.make_portal`: a portal that loads with no error."""
    all_ids = draw(st.lists(ids, min_size=3 + 1 + 1, max_size=20 + 4 + 6, unique=True))
    n_modules = draw(st.integers(3, min(20, len(all_ids) - 2)))
    rest = all_ids[n_modules:]
    n_paths = draw(st.integers(1, min(4, len(rest) - 1)))
    module_ids, path_ids = all_ids[:n_modules], rest[:n_paths]
    role_ids = rest[n_paths : n_paths + 6]
    modules: dict[str, Any] = {}
    for index, module_id in enumerate(module_ids):
        earlier = module_ids[:index]  # prerequisites only point back: never a cycle
        kind = draw(st.sampled_from(["lesson", "exercise", "reference"]))
        module: dict[str, Any] = {
            "title": draw(text),
            "kind": kind,
            "summary": draw(text),
            "minutes": draw(st.integers(1, 600)),
            "prerequisites": draw(st.lists(st.sampled_from(earlier), unique=True, max_size=3)) if earlier else [],
            "body": f"## {_inert(draw(text))}\n\n{_inert(draw(text))}\n",
        }
        if kind == "exercise":
            module["sandbox"] = {"setting": draw(text), "time_box": draw(st.integers(1, 600)), "success": [draw(text)]}
        if draw(st.booleans()):
            module["objectives"] = draw(st.lists(text, min_size=1, max_size=2))
        modules[module_id] = module
    paths: dict[str, Any] = {}
    for path_id in path_ids:
        levels = {
            name: {
                "summary": draw(text),
                "behaviours": draw(st.lists(text, min_size=1, max_size=3)),
                "modules": draw(st.lists(st.sampled_from(module_ids), min_size=1, max_size=4, unique=True)),
            }
            for name in LEVELS
        }
        paths[path_id] = {"title": draw(text), "summary": draw(text), "levels": levels}
    roles: dict[str, Any] = {}
    for role_id in role_ids:
        role: dict[str, Any] = {
            "title": draw(text),
            "summary": draw(text),
            "paths": draw(st.lists(st.sampled_from(path_ids), min_size=1, max_size=len(path_ids), unique=True)),
            "from_to": [{"area": draw(text), "today": draw(text), "in_six_months": draw(text)}],
        }
        if draw(st.booleans()):
            role["family"] = draw(st.sampled_from(["Operations", "Sales & Service", "管理", "فريق"]))
        if draw(st.booleans()):
            role["practice"] = {"hours_per_week": draw(st.integers(1, 40)), "ideas": [draw(text)]}
        roles[role_id] = role
    leaders = {"speak-up": {"title": draw(text), "summary": draw(text), "phrases": [{"instead_of": "x", "say": "y"}]}}
    return {"roles": roles, "paths": paths, "modules": modules, "leaders": leaders, "pages": {"index.md": "# Home\n"}}


# -- checking a built site -------------------------------------------------------------------


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(portal=portals())
def test_any_valid_portal_builds_with_every_link_resolving(portal: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory(prefix="rolepath-property-") as folder:
        root = make_portal(Path(folder), **portal)
        loaded = load(root)
        assert not loaded.report.errors, [str(d) for d in loaded.report.errors]
        site = build_site(root)
        broken = broken_links(site)
        assert not broken, f"{len(broken)} broken links, e.g. {broken[:5]}"
        data = json.loads((site / "portal.json").read_text(encoding="utf-8"))
        assert {role["id"] for role in data["roles"]} == set(portal["roles"])
        assert {path["id"] for path in data["paths"]} == set(portal["paths"])
        assert {module["id"] for module in data["modules"]} == set(portal["modules"])
        assert {leader["id"] for leader in data["leaders"]} == set(portal["leaders"])
        titles = {role["id"]: role["title"] for role in data["roles"]}
        assert titles == {role_id: role["title"] for role_id, role in portal["roles"].items()}
        for role_id in portal["roles"]:
            assert (site / "roles" / role_id / "index.html").is_file()
            assert (site / "roles" / role_id / "manager" / "index.html").is_file()
        for module_id in portal["modules"]:
            assert (site / "modules" / module_id / "index.html").is_file()


# -- mutating a valid portal -----------------------------------------------------------------

BASE: dict[str, Any] = {
    "roles": {
        "agent": {
            "title": "Agent",
            "summary": "Answers tickets.",
            "paths": ["support"],
            "from_to": [{"area": "Tickets", "today": "By hand.", "in_six_months": "Drafted."}],
            "practice": {"hours_per_week": 2, "ideas": ["Triage."]},
            "manager": {"before": ["Say why."], "after": ["Watch."], "prompts": ["How?"]},
        }
    },
    "paths": {
        "support": {
            "title": "Support",
            "summary": "Draft and check.",
            "levels": {
                name: {"summary": "Start here.", "behaviours": ["Summarises."], "modules": ["basics", "sandbox"]}
                for name in LEVELS
            },
        }
    },
    "modules": {
        "basics": {"title": "Basics", "summary": "Prompts.", "minutes": 20, "body": "Body."},
        "sandbox": {
            "title": "Sandbox",
            "kind": "exercise",
            "summary": "Practise.",
            "minutes": 30,
            "prerequisites": ["basics"],
            "review_by": "2099-01-01",
            "sandbox": {"setting": "Synthetic.", "time_box": 20, "success": ["Done."]},
            "body": "Body.",
        },
    },
    "leaders": {
        "speak": {"title": "Speak", "summary": "Say.", "phrases": [{"instead_of": "No.", "say": "Yes.", "why": "W"}]}
    },
}

WRONG_TYPES: list[Any] = [None, 0, -1, 3.5, True, "", "text", [], ["a"], {}, {"k": "v"}, [[1]], "2027-13-45"]


def _containers(value: Any, trail: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path to a value inside a nested dict/list structure."""
    found = [trail] if trail else []
    if isinstance(value, dict):
        for key, item in value.items():
            found += _containers(item, (*trail, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _containers(item, (*trail, index))
    return found


def _parent(data: Any, trail: tuple[Any, ...]) -> Any:
    for step in trail[:-1]:
        data = data[step]
    return data


@st.composite
def mutations(draw: st.DrawFn) -> tuple[dict[str, Any], list[tuple[str, bytes]], str]:
    """A mutated copy of BASE, byte-level corruptions to apply after writing it, and a label."""
    data = copy.deepcopy(BASE)
    corruptions: list[tuple[str, bytes]] = []
    labels = []
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["delete", "retype", "unknown key", "missing id", "corrupt", "truncate"]))
        group = draw(st.sampled_from(sorted(data)))
        item_id = draw(st.sampled_from(sorted(data[group])))
        item = data[group][item_id]
        trails = [t for t in _containers(item) if t != ("body",)]
        labels.append(f"{kind} in {group}/{item_id}")
        # Wrong values go in as copies: a later mutation may edit what an earlier one put in, and
        # WRONG_TYPES must stay as it is (a shared [] put inside itself made `_containers` recurse for ever).
        if kind in ("delete", "retype", "unknown key", "missing id") and trails:
            trail = draw(st.sampled_from(trails))
            parent = _parent(item, trail)
            if kind == "delete":
                del parent[trail[-1]]
            elif kind == "retype":
                parent[trail[-1]] = copy.deepcopy(draw(st.sampled_from(WRONG_TYPES)))
            elif kind == "unknown key" and isinstance(parent, dict):
                parent[draw(st.sampled_from(["titel", "extra", "levels", "audience", "<x>", "1"]))] = copy.deepcopy(
                    draw(st.sampled_from(WRONG_TYPES))
                )
            elif kind == "missing id":
                parent[trail[-1]] = draw(st.sampled_from(["nope", "basic", "Basics", "../etc", "a" * 80]))
        elif kind in ("corrupt", "truncate"):
            noise = draw(st.binary(min_size=1, max_size=16))
            corruptions.append((f"{kind}:{group}/{item_id}:{draw(st.integers(0, 400))}", noise))
    return data, corruptions, "; ".join(labels)


def _file_of(root: Path, group: str, item_id: str) -> Path:
    folder = {"roles": "roles", "paths": "paths", "modules": "content/modules", "leaders": "content/leaders"}[group]
    return root / folder / f"{item_id}.{'yml' if group in ('roles', 'paths') else 'md'}"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutation=mutations())
def test_mangled_portal_gives_problems_never_an_exception(mutation: tuple[Any, list[tuple[str, bytes]], str]) -> None:
    data, corruptions, label = mutation
    with tempfile.TemporaryDirectory(prefix="rolepath-mutation-") as folder:
        root = Path(folder)
        try:
            make_portal(root, **data, pages={"index.md": "# Home\n"})
        except yaml.YAMLError:  # pragma: no cover - safe_dump writes anything BASE can hold
            return
        for spec, noise in corruptions:
            kind, target, offset = spec.split(":")
            group, item_id = target.split("/")
            file = _file_of(root, group, item_id)
            if not file.exists():
                continue
            content = file.read_bytes()
            at = int(offset) % (len(content) + 1)
            file.write_bytes(content[:at] + noise + content[at:] if kind == "corrupt" else content[:at])
        loaded = load(root)  # must not raise, whatever the label says
        files = {p.relative_to(root).as_posix() for p in root.rglob("*")} | {"content", "roles", "paths"}
        for diagnostic in loaded.report.diagnostics:
            assert diagnostic.path in files, f"{label}: {diagnostic} names no file of the repository"
            assert diagnostic.line >= 0 and diagnostic.message.strip(), f"{label}: {diagnostic!r}"
            assert "Traceback" not in diagnostic.message
            assert "\n" not in diagnostic.message, f"{label}: a message is one line: {diagnostic.message!r}"


def test_random_ids_never_crash_the_loader() -> None:
    """Ids are file names: any file name in the content folders gives a problem, not a crash."""
    rng = random.Random(20240607)
    alphabet = "abcXYZ019-_. ~%é中😀'\"&<>|:;,=+@!#$^(){}[]"
    with tempfile.TemporaryDirectory(prefix="rolepath-names-") as folder:
        root = make_portal(Path(folder), **copy.deepcopy(BASE), pages={"index.md": "# Home\n"})
        for _ in range(60):
            name = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 20))).strip() or "x"
            for sub in ("roles", "paths", "content/modules", "content/leaders"):
                target = root / sub / f"{name}.{'yml' if sub in ('roles', 'paths') else 'md'}"
                try:
                    target.write_text("title: x\n", encoding="utf-8")
                except OSError:
                    continue
        loaded = load(root)
        assert loaded.report.errors, "invalid names are reported"
        assert all(d.path.startswith(("roles/", "paths/", "content/")) for d in loaded.report.diagnostics)
