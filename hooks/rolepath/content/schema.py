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

from .i18n import N_

Schema = dict[str, Any]

ID_PATTERN = "^[a-z][a-z0-9-]{0,63}$"
ID_RE = re.compile(ID_PATTERN)
LEVELS = ("baseline", "proficient", "advanced")
MODULE_KINDS = ("lesson", "exercise", "reference")
DEFAULT_MODULE_KIND = "lesson"
AUDIENCES = ("everyone", "employees", "managers", "leaders")
DEFAULT_AUDIENCE = "everyone"
SCHEMA_BASE_URL = "https://rolepath.dev/schemas/v1/"
BEHAVIOUR_REF_PATTERN = "^[a-z][a-z0-9-]{0,63}/[a-z][a-z0-9-]{0,63}$"
"""A behaviour referred to from another file: ``<path-id>/<behaviour-id>``."""
WEEK_FILE_PATTERN = "^[0-9]{4}-W[0-9]{2}$"
"""A weekly adoption record's file name (without .yml): an ISO year and week, ``2026-W40``."""
HANDLE_PATTERN = "^@[A-Za-z0-9][A-Za-z0-9_.-]*(/[A-Za-z0-9_.-]+)?$"
"""A GitHub user or team: ``@dana``, ``@org/team``."""
MEASURE_DIRECTIONS = ("lower", "higher")
PRACTICE_FILE_PATTERN = r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$"
"""A practice material's file name: no folders, no leading dot."""
PRACTICE_KEY_PATTERN = r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,124}\.md$"
"""An answer key: a Markdown file beside the materials."""


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


def _count(description: str, maximum: int | None = None) -> Schema:
    schema: Schema = {"type": "integer", "minimum": 0, "description": description}
    if maximum is not None:
        schema["maximum"] = maximum
    return schema


def _handles(description: str) -> Schema:
    return {"type": "array", "items": {"type": "string", "pattern": HANDLE_PATTERN}, "description": description}


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
        "title": _text(N_("The role's name, as people in it would say it.")),
        "family": _text("Groups roles in the catalog, e.g. 'Customer Operations'."),
        "summary": _text(N_("How AI changes this role, in plain words.")),
        "paths": _ids(N_("The skill paths this role follows, by id (file names in paths/)."), min_items=1),
        "owners": _handles("Who reviews changes to this role: GitHub users or teams, e.g. '@org/team'."),
        "from_to": {
            "type": "array",
            "minItems": 1,
            "description": N_("Today versus six months from now, one entry per area of work."),
            "items": _object(
                {
                    "area": _text(N_("The part of the job, e.g. 'Answering tickets'.")),
                    "today": _text(N_("What people in the role do today.")),
                    "in_six_months": _text(N_("What they will do six months from now.")),
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
                    "description": N_("The practice budget agreed up front, in hours a week (0 < h <= 40)."),
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
                    "metric": _text(N_("The metric, e.g. 'Average handle time'.")),
                    "conflict": _text(N_("How it punishes the new behaviour.")),
                    "adjustment": _text(N_("What to change, and for how long.")),
                },
                required=("metric", "conflict", "adjustment"),
            ),
        },
        "payoff": _texts("What using the new skills opens up."),
        "manager": _manager("Role-specific additions to the manager guide.", with_prompts=True),
        "measures": {
            "type": "array",
            "description": "Business metrics that should move when the behaviours take hold (v2).",
            "items": _object(
                {
                    "id": _id(N_("The measure's id, unique within the role.")),
                    "title": _text(N_("What is measured, e.g. 'Time to first reply'.")),
                    "unit": _text(N_("The unit, in free text: 'minutes', '%'.")),
                    "baseline": {"type": "number", "description": N_("Where the team starts.")},
                    "target": {"type": "number", "description": N_("Where it should be in six months.")},
                    "better": {
                        "type": "string",
                        "enum": list(MEASURE_DIRECTIONS),
                        "description": N_("Which way is better: lower or higher."),
                    },
                    "behaviours": {
                        "type": "array",
                        "items": {"type": "string", "pattern": BEHAVIOUR_REF_PATTERN},
                        "uniqueItems": True,
                        "description": "The behaviours it depends on, as <path-id>/<behaviour-id> of the role's paths.",
                    },
                },
                required=("id", "title", "unit", "baseline", "target", "better"),
            ),
        },
        "audience": _AUDIENCE,
    },
    required=("title", "summary", "paths", "from_to"),
    description="A role: who the portal serves (roles/<id>.yml).",
)

BEHAVIOUR_WITH_ID: Schema = _object(
    {
        "id": _id(N_("The behaviour's id, unique within the path; other files refer to <path-id>/<id>.")),
        "text": _text(N_("An observable activity or output: what a person does and produces.")),
    },
    required=("id", "text"),
    description="A behaviour with an id (v2): rewording its text keeps progress and adoption history.",
)

_BEHAVIOUR: Schema = {
    "oneOf": [
        _text("An observable activity or output (v1: no id, so nothing else can refer to it)."),
        BEHAVIOUR_WITH_ID,
    ],
    "description": "Text, or a mapping with 'id' and 'text'.",
}

_LEVEL: Schema = _object(
    {
        "summary": _text(N_("Who starts at this level: 'Start here if ...'.")),
        "behaviours": {
            "type": "array",
            "minItems": 1,
            "items": _BEHAVIOUR,
            "description": N_("Observable activities and outputs: what a person does and produces."),
        },
        "modules": _ids(N_("The modules of this level, in order, by id."), min_items=1),
    },
    required=("summary", "behaviours", "modules"),
)

PATH: Schema = _object(
    {
        "title": _text(N_("The skill path's name.")),
        "summary": _text(N_("What the path builds, in a sentence or two.")),
        "levels": {
            **_object({level: _LEVEL for level in LEVELS}, required=LEVELS),
            "description": N_("Exactly baseline, proficient and advanced, in that order."),
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
            "title": _text(N_("The module's title.")),
            "kind": {
                "type": "string",
                "enum": list(MODULE_KINDS),
                "default": DEFAULT_MODULE_KIND,
                "description": "lesson (default), exercise (a sandbox task) or reference (a card).",
            },
            "summary": _text(N_("One sentence for listings.")),
            "minutes": {"type": "integer", "minimum": 1, "maximum": 600, "description": N_("Time it takes, 1 to 600.")},
            "objectives": _texts("What a person can do afterwards."),
            "prerequisites": _ids("Modules to do first, by id; no cycles."),
            "review_by": {
                "type": "string",
                "format": "date",
                "description": "YYYY-MM-DD; past it, the check warns that the module is stale.",
            },
            "sandbox": _object(
                {
                    "setting": _text(N_("Where to practise safely, and what must not leave it.")),
                    "time_box": {"type": "integer", "minimum": 1, "maximum": 600, "description": N_("Minutes.")},
                    "success": _texts(N_("What good looks like, observable."), min_items=1),
                    "materials": {
                        "type": "array",
                        "items": {"type": "string", "pattern": PRACTICE_FILE_PATTERN},
                        "uniqueItems": True,
                        "description": "Files in content/practice/<module-id>/, offered as downloads (v2).",
                    },
                    "answer_key": {
                        "type": "string",
                        "pattern": PRACTICE_KEY_PATTERN,
                        "description": "A Markdown file in content/practice/<module-id>/, for facilitators only (v2).",
                    },
                },
                required=("setting", "time_box", "success"),
                description="Required for exercises, refused for other kinds.",
            ),
            "reflection": _texts("Prompts: what did I test, what did I learn."),
            "checks": {
                "type": "array",
                "description": "Knowledge checks shown after the body, answered in the browser (v2).",
                "items": _object(
                    {
                        "question": _text(N_("A realistic situation and the question it raises.")),
                        "choices": {
                            "type": "array",
                            "minItems": 2,
                            "maxItems": 8,
                            "description": N_("2 to 8 answers; at least one is correct."),
                            "items": _object(
                                {
                                    "text": _text(N_("The answer.")),
                                    "correct": {"type": "boolean", "default": False, "description": "A right answer."},
                                    "why": _text(N_("The feedback shown when this answer is picked.")),
                                },
                                required=("text", "why"),
                            ),
                        },
                    },
                    required=("question", "choices"),
                ),
            },
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
        "title": _text(N_("The one-pager's title.")),
        "summary": _text(N_("What the page is for, in a sentence.")),
        "phrases": {
            "type": "array",
            "minItems": 1,
            "description": N_("Language that shuts learning down, and what to say instead."),
            "items": _object(
                {
                    "instead_of": _text(N_("What leaders often say.")),
                    "say": _text(N_("What to say instead.")),
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

TEAM: Schema = _object(
    {
        "title": _text(N_("The team's name, e.g. 'Support, Leeds queue'. No person is named.")),
        "role": _id(N_("The role everyone in the team has, by id (a file name in roles/).")),
        "size": {"type": "integer", "minimum": 1, "maximum": 10_000, "description": N_("Headcount, 1 to 10,000.")},
        "managers": _handles("The managers' handles, e.g. '@dana'."),
        "cohort": _object(
            {
                "managers_start": {
                    "type": "string",
                    "format": "date",
                    "description": "When the managers start the programme (they go first).",
                },
                "team_start": {"type": "string", "format": "date", "description": "When the team starts."},
            },
            description="The cohort plan.",
        ),
    },
    required=("title", "role", "size"),
    description="A team: a role, a headcount and its managers (teams/<id>.yml, v2).",
)

ADOPTION: Schema = _object(
    {
        "people_observed": _count(N_("People the manager watched at work this week, 0 to the team's size.")),
        "observed": {
            "type": "object",
            "propertyNames": {"pattern": BEHAVIOUR_REF_PATTERN},
            "additionalProperties": _count("People seen doing it this week, 0 to people_observed."),
            "description": "Behaviour ref (<path-id>/<behaviour-id>) -> people seen doing it this week.",
        },
        "practice_hours": {"type": "number", "minimum": 0, "description": "Hours the team spent practising."},
        "development_conversations": _count("One-on-ones that discussed the new skills."),
        "experiments": _count("Experiments run: tried something new and shared the result."),
        "process_changes": _count("Workflow, template or approval changes shipped."),
        "barriers_removed": _count("Blockers a manager removed."),
        "recognitions": _count("Shout-outs, awards or promotion cases that cited a new skill."),
        "measures": {
            "type": "object",
            "propertyNames": {"pattern": ID_PATTERN},
            "additionalProperties": {"type": "number", "description": "This week's value."},
            "description": "This week's value of the role's measures, by id.",
        },
    },
    required=("people_observed",),
    description="One team's week, counts only, never names (adoption/<team-id>/<YYYY>-W<ww>.yml, v2).",
)

SCHEMAS: dict[str, Schema] = {
    "role": ROLE,
    "path": PATH,
    "module": MODULE,
    "leader": LEADER,
    "team": TEAM,
    "adoption": ADOPTION,
}
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
