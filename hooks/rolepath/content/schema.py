"""The one definition of every content file's fields, as JSON Schema.

`check_fields` interprets these dicts to check content (with author-facing messages and
line numbers); the loader takes the default of a field left out from them; the model's
dataclasses mirror them, field for field and default for default (tests/test_schemas.py
holds the two together); and ``rolepath schema`` writes them to ``schemas/`` for editors.
The ``x-rolepath-*`` keywords carry what JSON Schema cannot say; other validators ignore them.
"""

from __future__ import annotations

import re
from typing import Any

Schema = dict[str, Any]

ID_PATTERN = "^[a-z][a-z0-9-]{0,63}$"
ID_RE = re.compile(ID_PATTERN)
LEVELS = ("baseline", "proficient", "advanced")
MODULE_KINDS = ("lesson", "exercise", "reference")
DEFAULT_MODULE_KIND = "lesson"
AUDIENCES = ("everyone", "employees", "managers", "leaders")
DEFAULT_AUDIENCE = "everyone"
SCHEMA_BASE_URL = "https://rolepath.dev/schemas/v1/"


def _text(description: str) -> Schema:
    return {"type": "string", "minLength": 1, "description": description}


def _texts(description: str, *, min_items: int = 0) -> Schema:
    schema: Schema = {"type": "array", "items": {"type": "string", "minLength": 1}, "description": description}
    if min_items:
        schema["minItems"] = min_items
    return schema


def _id(description: str) -> Schema:
    return {"type": "string", "pattern": ID_PATTERN, "description": description}


def _ids(description: str, *, min_items: int = 0) -> Schema:
    schema: Schema = {
        "type": "array",
        "items": {"type": "string", "pattern": ID_PATTERN},
        "uniqueItems": True,
        "description": description,
    }
    if min_items:
        schema["minItems"] = min_items
    return schema


def _object(properties: dict[str, Schema], required: tuple[str, ...] = (), description: str = "") -> Schema:
    schema: Schema = {"type": "object", "properties": properties, "additionalProperties": False}
    if required:
        schema["required"] = list(required)
    if description:
        schema["description"] = description
    return schema


def _manager(description: str, *, with_prompts: bool) -> Schema:
    properties = {
        "before": _texts("Before the training: set expectations, clarify outcomes."),
        "after": _texts("After the training: observe one behaviour, give feedback, remove one barrier."),
    }
    if with_prompts:
        properties["prompts"] = _texts("Questions for one-on-ones.")
    return _object(properties, description=description)


_AUDIENCE: Schema = {
    "type": "string",
    "enum": list(AUDIENCES),
    "default": DEFAULT_AUDIENCE,
    "description": "Who may see this. A build for one audience leaves out content for the others.",
}

ROLE: Schema = _object(
    {
        "title": _text("The role's name, as people in it would say it."),
        "family": _text("Groups roles in the catalog, e.g. 'Customer Operations'."),
        "summary": _text("How AI changes this role, in plain words."),
        "paths": _ids("The skill paths this role follows, by id (file names in paths/).", min_items=1),
        "owners": {
            "type": "array",
            "items": {"type": "string", "pattern": "^@[A-Za-z0-9][A-Za-z0-9_.-]*(/[A-Za-z0-9_.-]+)?$"},
            "description": "Who reviews changes to this role: GitHub users or teams, e.g. '@org/team'.",
        },
        "from_to": {
            "type": "array",
            "minItems": 1,
            "description": "Today versus six months from now, one entry per area of work.",
            "items": _object(
                {
                    "area": _text("The part of the job, e.g. 'Answering tickets'."),
                    "today": _text("What people in the role do today."),
                    "in_six_months": _text("What they will do six months from now."),
                },
                required=("area", "today", "in_six_months"),
            ),
        },
        "practice": _object(
            {
                "hours_per_week": {
                    "type": "number",
                    "exclusiveMinimum": 0,
                    "maximum": 40,
                    "description": "The practice budget agreed up front, in hours a week (0 < h <= 40).",
                },
                "ideas": _texts("Ways to spend the practice budget in this job."),
            },
            required=("hours_per_week",),
            description="The practice budget.",
        ),
        "metrics_to_adjust": {
            "type": "array",
            "description": "Metrics that punish practice, and how to adjust them.",
            "items": _object(
                {
                    "metric": _text("The metric, e.g. 'Average handle time'."),
                    "conflict": _text("How it punishes the new behaviour."),
                    "adjustment": _text("What to change, and for how long."),
                },
                required=("metric", "conflict", "adjustment"),
            ),
        },
        "payoff": _texts("What using the new skills opens up."),
        "manager": _manager("Role-specific additions to the manager guide.", with_prompts=True),
        "audience": _AUDIENCE,
    },
    required=("title", "summary", "paths", "from_to"),
    description="A role: who the portal serves (roles/<id>.yml).",
)

_LEVEL: Schema = _object(
    {
        "summary": _text("Who starts at this level: 'Start here if ...'."),
        "behaviours": _texts("Observable activities and outputs: what a person does and produces.", min_items=1),
        "modules": _ids("The modules of this level, in order, by id.", min_items=1),
    },
    required=("summary", "behaviours", "modules"),
)

PATH: Schema = _object(
    {
        "title": _text("The skill path's name."),
        "summary": _text("What the path builds, in a sentence or two."),
        "levels": {
            **_object({level: _LEVEL for level in LEVELS}, required=LEVELS),
            "description": "Exactly baseline, proficient and advanced, in that order.",
            "x-rolepath-ordered": True,
        },
        "owners": ROLE["properties"]["owners"],
        "manager": _manager("The program's before/after playbook for managers.", with_prompts=False),
        "audience": _AUDIENCE,
    },
    required=("title", "summary", "levels"),
    description="A skill path: three levels of observable behaviour (paths/<id>.yml).",
)

MODULE: Schema = {
    **_object(
        {
            "title": _text("The module's title."),
            "kind": {
                "type": "string",
                "enum": list(MODULE_KINDS),
                "default": DEFAULT_MODULE_KIND,
                "description": "lesson (default), exercise (a sandbox task) or reference (a card).",
            },
            "summary": _text("One sentence for listings."),
            "minutes": {"type": "integer", "minimum": 1, "maximum": 600, "description": "Time it takes, 1 to 600."},
            "objectives": _texts("What a person can do afterwards."),
            "prerequisites": _ids("Modules to do first, by id; no cycles."),
            "review_by": {
                "type": "string",
                "format": "date",
                "description": "YYYY-MM-DD; past it, the check warns that the module is stale.",
            },
            "sandbox": _object(
                {
                    "setting": _text("Where to practise safely, and what must not leave it."),
                    "time_box": {"type": "integer", "minimum": 1, "maximum": 600, "description": "Minutes."},
                    "success": _texts("What good looks like, observable.", min_items=1),
                },
                required=("setting", "time_box", "success"),
                description="Required for exercises, refused for other kinds.",
            ),
            "reflection": _texts("Prompts: what did I test, what did I learn."),
            "audience": _AUDIENCE,
        },
        required=("title", "summary", "minutes"),
        description="Front matter of a module (content/modules/<id>.md).",
    ),
    "if": {"properties": {"kind": {"const": "exercise"}}, "required": ["kind"]},
    "then": {"required": ["sandbox"]},
    "else": {"not": {"required": ["sandbox"]}},
}

LEADER: Schema = _object(
    {
        "title": _text("The one-pager's title."),
        "summary": _text("What the page is for, in a sentence."),
        "phrases": {
            "type": "array",
            "minItems": 1,
            "description": "Language that shuts learning down, and what to say instead.",
            "items": _object(
                {
                    "instead_of": _text("What leaders often say."),
                    "say": _text("What to say instead."),
                    "why": _text("Optional: why it works, in one line."),
                },
                required=("instead_of", "say"),
            ),
        },
        "audience": _AUDIENCE,
    },
    required=("title", "summary", "phrases"),
    description="Front matter of a leader one-pager (content/leaders/<id>.md).",
)

SCHEMAS: dict[str, Schema] = {"role": ROLE, "path": PATH, "module": MODULE, "leader": LEADER}
"""Every content kind's schema, by the name used in messages and schema file names."""


def default(schema: Schema, name: str) -> object:
    """The default of an object schema's field ``name`` (KeyError when it has none: a required field)."""
    return schema["properties"][name]["default"]


def json_schema(kind: str) -> Schema:
    """The schema of one content kind as a standalone JSON Schema document."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{SCHEMA_BASE_URL}{kind}.schema.json",
        "title": f"rolepath {kind}",
        **SCHEMAS[kind],
    }
