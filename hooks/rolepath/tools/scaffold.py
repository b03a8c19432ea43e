"""``rolepath new``: a commented starting file for a role, path, module, exercise or one-pager.

Every file written passes ``rolepath check`` as it stands, so an author can commit it, open
a pull request and fill it in with the preview to hand:

- a new role follows an existing path (the first by id), and a new path lists existing
  modules; when there is none yet the command says which file to create first (a module,
  then a path, then a role), and writes nothing;
- a new module or one-pager is not used by any path yet, which ``rolepath check`` reports as
  a warning, never an error.

The placeholders start with TODO so a reviewer can see what is left. YAML files carry a
``yaml-language-server`` modeline pointing at the JSON Schema in ``schemas/``, so editors
with the YAML extension complete and check fields as the author types.
"""

from __future__ import annotations

import datetime
from pathlib import Path

from ..content.check_fields import suggest_id
from ..content.load import Layout
from ..content.schema import DEFAULT_MODULE_KIND, ID_RE, MODULE_KINDS
from ..output.site_checks import load

KINDS = ("role", "path", "module", "exercise", "leader")
ID_RULE = "an id is lower-case a-z, 0-9 and '-', 1 to 64 characters, starting with a letter"
EXIT_REFUSED, EXIT_USAGE = 1, 2
"""The exit status a `ScaffoldError` asks for: refused (the file exists, nothing to build on), or a bad id."""
_LAYOUT = Layout()


class ScaffoldError(Exception):
    """The file cannot be written; ``code`` is the exit status (1 refused, 2 bad id)."""

    def __init__(self, message: str, code: int = EXIT_REFUSED) -> None:
        super().__init__(message)
        self.code = code


def title_of(item_id: str) -> str:
    """'check-before-you-ship' -> 'Check before you ship'."""
    words = item_id.replace("-", " ").strip()
    return words[:1].upper() + words[1:]


def target(root: Path, kind: str, item_id: str, layout: Layout = _LAYOUT) -> Path:
    folder = {
        "role": layout.roles,
        "path": layout.paths,
        "module": layout.modules,
        "exercise": layout.modules,
        "leader": layout.leaders,
    }[kind]
    suffix = ".yml" if kind in ("role", "path") else ".md"
    return root / folder / f"{item_id}{suffix}"


def create(
    root: str | Path,
    kind: str,
    item_id: str,
    layout: Layout = _LAYOUT,
    *,
    today: datetime.date | None = None,
) -> Path:
    """Write the starting file and return its path; raises `ScaffoldError`."""
    if kind not in KINDS:
        raise ScaffoldError(f"unknown kind '{kind}': use one of {', '.join(KINDS)}", EXIT_USAGE)
    if not ID_RE.match(item_id):
        suggestion = suggest_id(item_id)
        hint = f" (try '{suggestion}')" if suggestion and ID_RE.match(suggestion) else ""
        raise ScaffoldError(f"'{item_id}' is not a valid id: {ID_RULE}{hint}", EXIT_USAGE)
    root = Path(root)
    file = target(root, kind, item_id, layout)
    for existing in (file, file.with_suffix(".yaml")) if file.suffix == ".yml" else (file,):
        if existing.exists():
            raise ScaffoldError(f"{existing.relative_to(root).as_posix()} already exists: choose another id")
    text = _text(root, kind, item_id, layout, today or datetime.date.today())
    file.parent.mkdir(parents=True, exist_ok=True)
    if kind in ("module", "exercise", "leader"):
        (root / layout.content).mkdir(parents=True, exist_ok=True)
    with open(file, "x", encoding="utf-8", newline="\n") as handle:  # "x": never overwrite, even in a race
        handle.write(text)
    return file


def _text(root: Path, kind: str, item_id: str, layout: Layout, today: datetime.date) -> str:
    title = title_of(item_id)
    if kind == "role":
        return ROLE.format(id=item_id, title=title, path=_existing_paths(root, layout)[0])
    if kind == "path":
        modules = _existing_modules(root, layout)
        picks = [modules[min(i, len(modules) - 1)] for i in range(3)]
        return PATH.format(id=item_id, title=title, baseline=picks[0], proficient=picks[1], advanced=picks[2])
    review_by = (today + datetime.timedelta(days=365)).isoformat()
    if kind == "module":
        return MODULE.format(
            id=item_id, title=title, review_by=review_by, kind=DEFAULT_MODULE_KIND, kinds=" | ".join(MODULE_KINDS)
        )
    if kind == "exercise":
        return EXERCISE.format(id=item_id, title=title, review_by=review_by)
    return LEADER.format(id=item_id, title=title)


def _existing_paths(root: Path, layout: Layout) -> list[str]:
    paths = sorted(load(root, layout).portal.paths)
    if not paths:
        raise ScaffoldError(
            "a role follows at least one skill path, and there is none yet (or none without errors): "
            "create one first with `rolepath new path ID` (a path lists modules: `rolepath new module ID`)"
        )
    return paths


def _existing_modules(root: Path, layout: Layout) -> list[str]:
    modules = sorted(load(root, layout).portal.modules)
    if not modules:
        raise ScaffoldError(
            "each level of a path lists at least one module, and there is none yet (or none without errors): "
            "create one first with `rolepath new module ID` or `rolepath new exercise ID`"
        )
    return modules


ROLE = """\
# yaml-language-server: $schema=../schemas/role.schema.json
# A role: who the portal serves. Its id is the file name: {id}.
# Every field is explained in docs/authoring.md. Run `rolepath check` to find mistakes.

title: {title}                      # the role's name, as people in it would say it
# family: Customer Operations       # optional: groups roles in the catalog
summary: >-
  TODO say how AI changes this role, in plain words, for the people in it.
paths: [{path}]                     # TODO the skill paths this role follows (ids from paths/)
# owners: ["@your-org/your-team"]   # optional: who reviews changes (rolepath codeowners)
from_to:                            # today versus six months from now, one entry per area of work
  - area: TODO an area of work
    today: TODO what people in the role do today.
    in_six_months: TODO what they will do six months from now.
# practice:                         # optional: the practice budget, agreed up front
#   hours_per_week: 2               # 0 < hours <= 40
#   ideas:
#     - TODO one way to practise on real work, safely.
# metrics_to_adjust:                # optional: metrics that punish practice, and the fix
#   - metric: TODO the metric
#     conflict: TODO how it punishes practice.
#     adjustment: TODO what to change, and for how long.
# payoff:                           # optional: what using the new skills opens up
#   - TODO an opportunity.
# manager:                          # optional: additions to this role's manager guide
#   before: [TODO set expectations]
#   after: [TODO observe one behaviour and give feedback]
#   prompts: [TODO a one-on-one question]
"""

PATH = """\
# yaml-language-server: $schema=../schemas/path.schema.json
# A skill path: three levels of observable behaviour, each with its modules. Its id is the
# file name: {id}. Every field is explained in docs/authoring.md.

title: {title}
summary: >-
  TODO say what the path builds, in a sentence or two.
# owners: ["@your-org/your-team"]   # optional: who reviews changes (rolepath codeowners)
levels:                             # exactly baseline, proficient and advanced, in this order
  baseline:
    summary: Start here if TODO.
    behaviours:                     # what a person does and produces, observably
      - TODO an observable behaviour.
    modules: [{baseline}]           # TODO this level's modules, in order (ids from content/modules/)
  proficient:
    summary: Start here if TODO.
    behaviours:
      - TODO an observable behaviour.
    modules: [{proficient}]         # TODO
  advanced:
    summary: Start here if TODO.
    behaviours:
      - TODO an observable behaviour.
    modules: [{advanced}]           # TODO
# manager:                          # optional: the program's before/after playbook for managers
#   before: [TODO set expectations]
#   after: [TODO observe one behaviour and give feedback]
"""

MODULE = """\
---
# A module (a lesson). Its id is the file name: {id}. Fields: docs/authoring.md.
# Until a path lists it, `rolepath check` warns that no path uses it.
title: {title}
kind: {kind}                        # {kinds}
summary: TODO one sentence for listings.
minutes: 20                         # how long it takes, 1 to 600
objectives:
  - TODO what a person can do afterwards.
# prerequisites: [prompting-basics] # optional: modules to do first, by id
review_by: {review_by}              # past this date, `rolepath check` warns that the module is stale
---

## Why this matters

TODO the lesson, in Markdown.
"""

EXERCISE = """\
---
# An exercise: practice in a safe sandbox. Its id is the file name: {id}. Fields: docs/authoring.md.
# Until a path lists it, `rolepath check` warns that no path uses it.
title: {title}
kind: exercise
summary: TODO one sentence for listings.
minutes: 45                         # how long it takes, 1 to 600
objectives:
  - TODO what a person can do afterwards.
review_by: {review_by}              # past this date, `rolepath check` warns that the module is stale
sandbox:                            # required for an exercise
  setting: >-
    TODO where to practise safely, with what data, and what must never leave it.
  time_box: 30                      # minutes
  success:                          # what good looks like, observably
    - TODO an observable result.
reflection:                         # optional prompts for afterwards
  - What did I test, and what did I learn?
---

## The scenario

TODO the situation and the task.

## Steps

1. TODO
"""

LEADER = """\
---
# A leader one-pager. Its id is the file name: {id}. Fields: docs/authoring.md.
title: {title}
summary: TODO what the page is for, in a sentence.
phrases:                            # language that shuts learning down, and what to say instead
  - instead_of: TODO what leaders often say.
    say: TODO what to say instead.
    why: TODO optional, why it works, in one line.
---

TODO optional text printed below the phrases.
"""
