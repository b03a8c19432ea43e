"""Generate a synthetic, valid rolepath portal and its plain-Material twin.

    python benchmarks/generate.py --roles 20 --modules 200 --out /tmp/portal

writes ``/tmp/portal`` (roles, paths, content, mkdocs.yml with the rolepath
hook) and two plain-Material twins with the same Markdown pages, ``navigation.prune``
and no hook: ``/tmp/portal-plain``, the baseline, with the modules in topic folders of
about 50 pages each (``content/modules/<topic>/<id>.md``, MkDocs' default navigation
from the folders), and ``/tmp/portal-plain-flat``, with every module in one folder as in
the rolepath portal. The output depends only on the arguments and ``--seed``. Follows
/work/shared/CONTENT_MODEL.md (the authoring contract).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import random
import re
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import synth_text as text
import yaml

MARKER = ".synthetic-portal.json"
SHARED_PATH = "shared-foundations"
LEVELS = ("baseline", "proficient", "advanced")
ROLES_PER_PATH = 5
TOPIC_FOLDER_SIZE = 50
"""Modules per topic folder in the plain baseline: what a careful Material user would keep together."""
MODULE_LINK = re.compile(r"\]\(([a-z][a-z0-9-]*)\.md\)")
"""A link from one module to another, as the rolepath portal writes it: ``[x](other-id.md)``."""
FAMILIES = (
    "Customer Operations",
    "Engineering",
    "Finance",
    "People",
    "Sales",
    "Marketing",
    "Legal",
    "Operations",
)
JOBS = (
    "Support Agent",
    "Support Team Lead",
    "Backend Engineer",
    "Data Analyst",
    "Financial Controller",
    "Recruiter",
    "Account Executive",
    "Content Marketer",
    "Contract Manager",
    "Operations Planner",
    "Site Reliability Engineer",
    "Payroll Specialist",
    "Product Manager",
    "QA Engineer",
    "Sales Engineer",
)
LEADER_TITLES = (
    "Language that invites learning",
    "Talking about mistakes",
    "Making room for practice",
    "Asking better questions",
    "Celebrating small experiments",
    "Naming the trade-offs",
    "Sharing what you tried",
    "Setting a humane pace",
)
PHRASES = (
    ("We can't afford mistakes.", "What did we learn from this?"),
    ("Just use the tool.", "Show me one case where it helped and one where it didn't."),
    ("Why is this taking so long?", "What would make the next one faster?"),
    ("Who approved this?", "Which check caught this, and which one missed it?"),
    ("Do it the usual way.", "Try the new flow on two cases this week."),
    ("That's not your job.", "What would you need to own this?"),
    ("We'll train everyone later.", "Who can show the team what they tried?"),
)
SANDBOX_SETTINGS = (
    "Use the synthetic ticket export in the practice workspace; nothing leaves it.",
    "Work in the sandbox copy of the reporting database; it holds no real customers.",
    "Use the fictional contract pack in the training folder.",
    "Use the anonymised incident timeline provided in the exercise repository.",
)

Doc = dict[str, Any]


@dataclass
class Portal:
    """Everything one synthetic portal holds, keyed by id."""

    roles: dict[str, Doc] = field(default_factory=dict)
    paths: dict[str, Doc] = field(default_factory=dict)
    modules: dict[str, tuple[Doc, str]] = field(default_factory=dict)
    leaders: dict[str, tuple[Doc, str]] = field(default_factory=dict)


@dataclass(frozen=True)
class Written:
    """Where a portal and its plain twins were written."""

    rolepath_dir: Path
    plain_dir: Path
    plain_flat_dir: Path


def default_repo_root() -> Path:
    """The repository that contains this benchmarks/ directory."""
    return Path(__file__).resolve().parent.parent


def path_count(roles: int) -> int:
    """Number of role-group paths (the shared path comes on top)."""
    return max(1, math.ceil(roles / ROLES_PER_PATH))


def module_chunks(module_ids: list[str], groups: int) -> list[list[str]]:
    """Split modules into ``groups`` contiguous, non-empty chunks, one per path level."""
    total = len(module_ids)
    return [module_ids[k * total // groups : (k + 1) * total // groups] for k in range(groups)]


def module_kind(index: int) -> str:
    """A fixed mix: a quarter exercises, about one in seven references."""
    if index % 4 == 1:
        return "exercise"
    if index % 7 == 3:
        return "reference"
    return "lesson"


def plan_module_ids(rng: random.Random, count: int) -> list[str]:
    """Ids like ``checking-replies-00042``; the number keeps them unique."""
    ids = []
    for index in range(1, count + 1):
        verb, noun = text.topic(rng)
        ids.append(f"{verb}-{noun}-{index:05d}")
    return ids


def plan_prerequisites(rng: random.Random, chunk: list[str]) -> dict[str, list[str]]:
    """Prerequisites only point at earlier modules of the same chunk: no cycles."""
    prereqs: dict[str, list[str]] = {}
    for position, module_id in enumerate(chunk):
        if position and rng.random() < 0.35:
            earlier = chunk[max(0, position - 10) : position]
            prereqs[module_id] = sorted(set(rng.sample(earlier, min(len(earlier), rng.randint(1, 2)))))
    return prereqs


def module_title(rng: random.Random, module_id: str) -> str:
    """A readable title from the id's topic words."""
    verb, noun = module_id.split("-")[:2]
    template = rng.choice(
        (
            "{V} {n} with an assistant",
            "{V} {n}: a first pass",
            "{V} {n} safely",
            "{V} {n} with a checklist",
            "Better {n} by {v}",
            "{V} {n} at scale",
        )
    )
    return template.format(V=verb.capitalize(), v=verb, n=noun)


def sandbox(rng: random.Random) -> Doc:
    """The sandbox block every exercise needs."""
    return {
        "setting": rng.choice(SANDBOX_SETTINGS),
        "time_box": rng.choice((15, 20, 30, 45, 60, 90)),
        "success": [text.clause(rng) for _ in range(rng.randint(2, 3))],
    }


def module_front_matter(rng: random.Random, index: int, module_id: str, prereqs: list[str]) -> Doc:
    """Front matter for one module, with the optional fields sometimes present."""
    kind = module_kind(index)
    doc: Doc = {"title": module_title(rng, module_id)}
    if kind != "lesson" or rng.random() < 0.7:
        doc["kind"] = kind
    doc["summary"] = text.sentence(rng)
    doc["minutes"] = {"exercise": rng.randint(30, 120), "reference": rng.randint(5, 15)}.get(kind, rng.randint(10, 45))
    if rng.random() < 0.7:
        doc["objectives"] = [text.clause(rng) for _ in range(rng.randint(2, 3))]
    if prereqs:
        doc["prerequisites"] = prereqs
    if rng.random() < 0.3:
        doc["review_by"] = dt.date(2030 + rng.randint(0, 3), rng.randint(1, 12), 28)
    if kind == "exercise":
        doc["sandbox"] = sandbox(rng)
    if rng.random() < 0.5:
        doc["reflection"] = ["What did I test?", "What would I do differently next time?"]
    return doc


def plan_modules(rng: random.Random, module_ids: list[str], chunks: list[list[str]]) -> dict[str, tuple[Doc, str]]:
    """Front matter and body for every module."""
    prereqs: dict[str, list[str]] = {}
    for chunk in chunks:
        prereqs.update(plan_prerequisites(rng, chunk))
    modules: dict[str, tuple[Doc, str]] = {}
    for index, module_id in enumerate(module_ids):
        front = module_front_matter(rng, index, module_id, prereqs.get(module_id, []))
        see_also = list(prereqs.get(module_id, []))
        if index + 1 < len(module_ids) and rng.random() < 0.5:
            see_also.append(module_ids[index + 1])
        modules[module_id] = (front, text.module_body(rng, front["title"], module_id, see_also))
    return modules


def level(rng: random.Random, modules: list[str], name: str) -> Doc:
    """One level of a path: summary, behaviours, modules."""
    return {
        "summary": f"Start here if you {rng.choice(('are new to', 'already practise', 'teach others'))} "
        f"this at the {name} level.",
        "behaviours": [text.sentence(rng) for _ in range(rng.randint(1, 3))],
        "modules": modules,
    }


def manager_block(rng: random.Random, prompts: bool) -> Doc:
    """A manager before/after playbook, optionally with one-on-one prompts."""
    block: Doc = {
        "before": [text.clause(rng) for _ in range(2)],
        "after": [text.clause(rng) for _ in range(2)],
    }
    if prompts:
        block["prompts"] = ["What did you try this week?", "What got in the way of practice?"]
    return block


def reuse(rng: random.Random, own: list[str], chunks: list[list[str]]) -> list[str]:
    """A level's own modules, sometimes plus one module borrowed from another chunk."""
    modules = list(own)
    if rng.random() < 0.3:
        borrowed = rng.choice(rng.choice(chunks))
        if borrowed not in modules:
            modules.append(borrowed)
    return modules


def plan_paths(rng: random.Random, count: int, chunks: list[list[str]], module_ids: list[str]) -> dict[str, Doc]:
    """One path per role group (three chunks each), plus the shared path."""
    paths: dict[str, Doc] = {}
    for number in range(count):
        verb, noun = text.topic(rng)
        levels = {name: level(rng, reuse(rng, chunks[number * 3 + j], chunks), name) for j, name in enumerate(LEVELS)}
        doc: Doc = {"title": f"AI-assisted {noun}: {verb}", "summary": text.paragraph(rng, 1, 2), "levels": levels}
        if rng.random() < 0.5:
            doc["manager"] = manager_block(rng, prompts=False)
        paths[f"{verb}-{noun}-{number + 1:03d}"] = doc
    shared_levels = {name: level(rng, rng.sample(module_ids, min(4, len(module_ids))), name) for name in LEVELS}
    paths[SHARED_PATH] = {
        "title": "Shared foundations",
        "summary": "What every role needs before the role-specific paths.",
        "levels": shared_levels,
        "manager": manager_block(rng, prompts=False),
    }
    return paths


def role_title(index: int) -> str:
    """A job title; a number is added once the job list wraps around."""
    job = JOBS[index % len(JOBS)]
    lap = index // len(JOBS)
    return job if lap == 0 else f"{job} {lap + 1}"


def role_doc(rng: random.Random, index: int, path_id: str) -> Doc:
    """A role with its required fields and most optional ones."""
    family = FAMILIES[index % len(FAMILIES)]
    doc: Doc = {
        "title": role_title(index),
        "family": family,
        "summary": text.paragraph(rng, 2, 3),
        "paths": [path_id, SHARED_PATH],
        "owners": [f"@{text.slug(family)}-enablement"],
        "from_to": [
            {
                "area": " ".join(text.topic(rng)).capitalize(),
                "today": text.sentence(rng),
                "in_six_months": text.sentence(rng),
            }
            for _ in range(rng.randint(1, 3))
        ],
        "practice": {"hours_per_week": rng.choice((1, 1.5, 2, 3, 4)), "ideas": [text.sentence(rng)]},
    }
    if rng.random() < 0.6:
        doc["metrics_to_adjust"] = [
            {
                "metric": rng.choice(("Average handle time", "Tickets closed per day", "Story points")),
                "conflict": text.sentence(rng),
                "adjustment": text.sentence(rng),
            }
        ]
    if rng.random() < 0.7:
        doc["payoff"] = [text.sentence(rng)]
    if rng.random() < 0.5:
        doc["manager"] = manager_block(rng, prompts=True)
    return doc


def plan_roles(rng: random.Random, count: int, path_ids: list[str]) -> dict[str, Doc]:
    """Roles in groups of five, each group on its own path plus the shared one."""
    roles: dict[str, Doc] = {}
    for index in range(count):
        doc = role_doc(rng, index, path_ids[index // ROLES_PER_PATH])
        roles[f"{text.slug(JOBS[index % len(JOBS)])}-{index + 1:03d}"] = doc
    return roles


def plan_leaders(rng: random.Random, roles: int) -> dict[str, tuple[Doc, str]]:
    """A few leader one-pagers: three, up to eight for large portals."""
    leaders: dict[str, tuple[Doc, str]] = {}
    for title in LEADER_TITLES[: min(len(LEADER_TITLES), max(3, roles // 40))]:
        pairs = rng.sample(PHRASES, rng.randint(3, 5))
        phrases = [{"instead_of": a, "say": b, "why": text.sentence(rng)} for a, b in pairs]
        doc: Doc = {"title": title, "summary": text.sentence(rng), "phrases": phrases}
        leaders[text.slug(title)] = (doc, text.leader_body(rng))
    return leaders


def plan_portal(roles: int, modules: int, seed: int) -> Portal:
    """The whole synthetic portal, in memory."""
    groups = path_count(roles) * len(LEVELS)
    if modules < groups:
        raise ValueError(f"need at least {groups} modules for {roles} roles (one per path level)")
    rng = random.Random(seed)
    module_ids = plan_module_ids(rng, modules)
    chunks = module_chunks(module_ids, groups)
    paths = plan_paths(rng, path_count(roles), chunks, module_ids)
    return Portal(
        roles=plan_roles(rng, roles, list(paths)),
        paths=paths,
        modules=plan_modules(rng, module_ids, chunks),
        leaders=plan_leaders(rng, roles),
    )


def dump_yaml(data: Doc) -> str:
    """YAML as an author would write it: keys in order, no line folding."""
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return yaml.dump(data, Dumper=dumper, sort_keys=False, allow_unicode=True, width=100_000)


def markdown_page(front: Doc, body: str) -> str:
    """A Markdown page with YAML front matter."""
    return f"---\n{dump_yaml(front)}---\n\n{body}"


def index_page(portal: Portal) -> str:
    """The portal's content/index.md."""
    return (
        "# Synthetic portal\n\n"
        f"A generated portal with {len(portal.roles)} roles, {len(portal.paths)} paths "
        f"and {len(portal.modules)} modules, used to benchmark the build.\n"
    )


def pages(portal: Portal) -> dict[str, str]:
    """Every Markdown page under content/, keyed by path relative to content/."""
    result = {"index.md": index_page(portal)}
    for module_id, (front, body) in portal.modules.items():
        result[f"modules/{module_id}.md"] = markdown_page(front, body)
    for leader_id, (front, body) in portal.leaders.items():
        result[f"leaders/{leader_id}.md"] = markdown_page(front, body)
    return result


def topic_folders(module_ids: list[str]) -> dict[str, str]:
    """Each module's topic folder in the plain baseline: contiguous runs of about 50 modules.

    Modules next to each other were planned for the same path, so a run is one topic."""
    runs = module_chunks(module_ids, max(1, math.ceil(len(module_ids) / TOPIC_FOLDER_SIZE)))
    return {module_id: f"topic-{number:03d}" for number, run in enumerate(runs, 1) for module_id in run}


def in_topic_folders(content: dict[str, str], folders: dict[str, str]) -> dict[str, str]:
    """The pages with every module moved to ``modules/<topic>/`` and module links pointing there."""

    def relink(match: re.Match[str]) -> str:
        target = match.group(1)
        return f"](../{folders[target]}/{target}.md)" if target in folders else match.group(0)

    moved: dict[str, str] = {}
    for relative, page in content.items():
        module_id = relative.removeprefix("modules/").removesuffix(".md")
        if relative.startswith("modules/") and module_id in folders:
            moved[f"modules/{folders[module_id]}/{module_id}.md"] = MODULE_LINK.sub(relink, page)
        else:
            moved[relative] = page
    return moved


def rolepath_config(repo_root: Path) -> Doc:
    """mkdocs.yml for the rolepath build."""
    return {
        "site_name": "Synthetic portal",
        "docs_dir": "content",
        "theme": {
            "name": "material",
            "custom_dir": str(repo_root / "overrides"),
            "font": False,
            "features": ["navigation.prune"],
        },
        "hooks": [str(repo_root / "hooks" / "rolepath_hook.py")],
    }


def plain_config() -> Doc:
    """mkdocs.yml for both plain-Material twins: same pages, no hook, no ``nav`` (the default from folders)."""
    return {
        "site_name": "Synthetic portal",
        "docs_dir": "content",
        "theme": {"name": "material", "font": False, "features": ["navigation.prune"]},
    }


def prepare_dir(directory: Path, force: bool) -> None:
    """Empty ``directory``, refusing to wipe anything this script did not write."""
    if directory.exists() and any(directory.iterdir()):
        if not (directory / MARKER).exists() and not force:
            raise SystemExit(f"{directory} exists and was not written by generate.py; use --force")
        shutil.rmtree(directory)
    directory.mkdir(parents=True, exist_ok=True)


def write_files(root: Path, files: dict[str, str]) -> None:
    """Write text files under ``root``, creating directories as needed."""
    for relative, content in files.items():
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, encoding="utf-8")


def plain_dir_for(out: Path) -> Path:
    """The plain baseline (modules in topic folders) sits beside the portal: DIR-plain."""
    return out.with_name(out.name + "-plain")


def plain_flat_dir_for(out: Path) -> Path:
    """The plain twin with every module in one folder sits beside the portal: DIR-plain-flat."""
    return out.with_name(out.name + "-plain-flat")


def generate(
    roles: int, modules: int, out: Path, seed: int = 1, repo_root: Path | None = None, force: bool = False
) -> Written:
    """Write the portal to ``out`` and the plain twins to ``out``-plain and ``out``-plain-flat."""
    repo_root = (repo_root or default_repo_root()).resolve()
    out = out.resolve()
    portal = plan_portal(roles, modules, seed)
    flat_pages = pages(portal)
    content = {f"content/{rel}": page for rel, page in flat_pages.items()}
    folders = topic_folders(list(portal.modules))
    folder_content = {f"content/{rel}": page for rel, page in in_topic_folders(flat_pages, folders).items()}
    marker = json.dumps({"roles": roles, "modules": modules, "seed": seed}) + "\n"
    plain, plain_flat = plain_dir_for(out), plain_flat_dir_for(out)
    for directory in (out, plain, plain_flat):
        prepare_dir(directory, force)
    write_files(
        out,
        {
            **{f"roles/{rid}.yml": dump_yaml(doc) for rid, doc in portal.roles.items()},
            **{f"paths/{pid}.yml": dump_yaml(doc) for pid, doc in portal.paths.items()},
            **content,
            "mkdocs.yml": dump_yaml(rolepath_config(repo_root)),
            MARKER: marker,
        },
    )
    write_files(plain, {**folder_content, "mkdocs.yml": dump_yaml(plain_config()), MARKER: marker})
    write_files(plain_flat, {**content, "mkdocs.yml": dump_yaml(plain_config()), MARKER: marker})
    return Written(out, plain, plain_flat)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--roles", type=int, required=True, help="number of roles")
    parser.add_argument("--modules", type=int, required=True, help="number of modules")
    parser.add_argument(
        "--out", type=Path, required=True, help="portal directory (twins go to OUT-plain and OUT-plain-flat)"
    )
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument(
        "--repo-root",
        type=Path,
        default=None,
        help="rolepath checkout whose hooks/ and overrides/ mkdocs.yml points at "
        "(default: the repo containing benchmarks/)",
    )
    parser.add_argument("--force", action="store_true", help="overwrite OUT even if not generated here")
    parser.add_argument("--validate", action="store_true", help="check the result against the contract")
    args = parser.parse_args(argv)
    if args.roles < 1 or args.modules < 1:
        parser.error("--roles and --modules must be at least 1")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        written = generate(args.roles, args.modules, args.out, args.seed, args.repo_root, args.force)
    except ValueError as error:
        print(f"generate.py: {error}", file=sys.stderr)
        return 2
    print(f"wrote {written.rolepath_dir}, {written.plain_dir} and {written.plain_flat_dir}")
    if args.validate:
        import validate

        problems = validate.validate(written.rolepath_dir, written.plain_dir, written.plain_flat_dir)
        for problem in problems:
            print(problem, file=sys.stderr)
        print(f"validate: {len(problems)} problem(s)")
        return 1 if problems else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
