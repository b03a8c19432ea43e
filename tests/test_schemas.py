"""The committed JSON Schemas (schemas/*.json) are what the engine checks, and the content obeys them.

Editors validate against schemas/*.schema.json while authors type; `rolepath check` validates
against the same dicts in schema.py. These tests keep the two from drifting and check that the
sample portal and the minimal fixture portal pass a standard JSON Schema validator too.
"""

from __future__ import annotations

import dataclasses
import datetime
import json
import re
import typing
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from rolepath import load
from rolepath.cli import main
from rolepath.content.model import (
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
    Practice,
    Ref,
    Role,
    Sandbox,
    SkillPath,
    Team,
    WeekRecord,
)
from rolepath.content.schema import SCHEMAS, json_schema

REPO = Path(__file__).resolve().parents[1]
SCHEMA_DIR = REPO / "schemas"
KINDS = sorted(SCHEMAS)
FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)^(?:---|\.\.\.)[ \t]*$", re.DOTALL | re.MULTILINE)


def _validator(kind: str) -> jsonschema.Draft202012Validator:
    schema = json.loads((SCHEMA_DIR / f"{kind}.schema.json").read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def _jsonable(value: object) -> object:
    """YAML as an editor's JSON Schema validator sees it: dates are 'YYYY-MM-DD' text."""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, list):
        return [_jsonable(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _jsonable(item) for key, item in value.items()}
    return value


def _document(text: str, markdown: bool) -> object:
    if markdown:
        match = FRONT_MATTER.match(text)
        assert match, "no front matter"
        text = match[1]
    return _jsonable(yaml.safe_load(text))


def _kind_of(rel: str) -> str | None:
    if rel.startswith("roles/") and rel.endswith(".yml"):
        return "role"
    if rel.startswith("paths/") and rel.endswith(".yml"):
        return "path"
    if rel.startswith("content/modules/") and rel.endswith(".md"):
        return "module"
    if rel.startswith("content/leaders/") and rel.endswith(".md"):
        return "leader"
    if rel.startswith("teams/") and rel.endswith(".yml"):
        return "team"
    if rel.startswith("adoption/") and rel.endswith(".yml"):
        return "adoption"
    return None


def _problems(kind: str, document: object) -> list[str]:
    return [
        f"{'/'.join(map(str, error.absolute_path)) or '(top)'}: {error.message}"
        for error in _validator(kind).iter_errors(document)
    ]


# ---- the committed files -----------------------------------------------------------------


def test_schema_folder_holds_exactly_one_file_per_kind() -> None:
    assert sorted(p.name for p in SCHEMA_DIR.glob("*.json")) == sorted(f"{kind}.schema.json" for kind in KINDS)
    assert KINDS == ["adoption", "leader", "module", "path", "role", "team"]


@pytest.mark.parametrize("kind", KINDS)
def test_committed_schema_equals_the_generated_one(kind: str) -> None:
    """Run `rolepath schema --out schemas` after changing schema.py, and commit the result."""
    committed = (SCHEMA_DIR / f"{kind}.schema.json").read_text(encoding="utf-8")
    assert json.loads(committed) == json_schema(kind), (
        f"schemas/{kind}.schema.json is stale: rolepath schema --out schemas"
    )
    assert committed == json.dumps(json_schema(kind), indent=2) + "\n"


def test_schema_command_writes_the_committed_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "--out", str(tmp_path / "out")]) == 0
    written = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert written == sorted(f"{kind}.schema.json" for kind in KINDS)
    for name in written:
        assert (tmp_path / "out" / name).read_bytes() == (SCHEMA_DIR / name).read_bytes(), name
    assert len(capsys.readouterr().out.splitlines()) == len(KINDS)


@pytest.mark.parametrize("kind", KINDS)
def test_schema_is_valid_draft_2020_12(kind: str) -> None:
    schema = json.loads((SCHEMA_DIR / f"{kind}.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"].endswith(f"/{kind}.schema.json")
    assert schema["type"] == "object" and schema["additionalProperties"] is False


@pytest.mark.parametrize("kind", KINDS)
def test_every_field_has_a_description(kind: str) -> None:
    """Editors show descriptions as hover help: every top-level field needs one."""
    properties: Mapping[str, Mapping[str, object]] = json_schema(kind)["properties"]
    assert [name for name, prop in properties.items() if not prop.get("description")] == []


# ---- the content validates ---------------------------------------------------------------


def _sample_files() -> list[str]:
    globs = ("roles/*.yml", "paths/*.yml", "content/modules/*.md", "content/leaders/*.md")
    return sorted(p.relative_to(REPO).as_posix() for pattern in globs for p in REPO.glob(pattern))


def test_the_sample_portal_is_complete() -> None:
    files = _sample_files()
    counts = {kind: sum(_kind_of(rel) == kind for rel in files) for kind in KINDS}
    assert counts["role"] >= 11 and counts["path"] >= 7 and counts["module"] >= 48 and counts["leader"] >= 3, counts


@pytest.mark.parametrize("rel", _sample_files())
def test_sample_file_validates_against_its_schema(rel: str) -> None:
    kind = _kind_of(rel)
    assert kind is not None
    document = _document((REPO / rel).read_text(encoding="utf-8"), rel.endswith(".md"))
    assert _problems(kind, document) == []


def test_the_sample_portal_passes_the_engine_too() -> None:
    assert [str(d) for d in load(REPO).report.errors] == []


def test_the_fixture_portal_validates(portal_texts: Mapping[str, str]) -> None:
    checked = 0
    for rel, text in portal_texts.items():
        kind = _kind_of(rel)
        if kind:
            assert _problems(kind, _document(text, rel.endswith(".md"))) == [], rel
            checked += 1
    assert checked == 6


# ---- the schema and the engine agree on mistakes -----------------------------------------

ROLE = "roles/support-agent.yml"
PATH = "paths/ai-assisted-support.yml"
BASICS = "content/modules/prompting-basics.md"
SANDBOX = "content/modules/triage-sandbox.md"
LEADER = "content/leaders/language-that-invites-learning.md"

SHARED_MISTAKES = [
    pytest.param(ROLE, "title: Customer Support Agent\n", "", id="role-missing-title"),
    pytest.param(ROLE, "summary: How", "summay: How", id="role-unknown-field"),
    pytest.param(ROLE, "paths: [ai-assisted-support]", "paths: []", id="role-empty-paths"),
    pytest.param(ROLE, "paths: [ai-assisted-support]", "paths: [AI_Support]", id="role-bad-id"),
    pytest.param(ROLE, "hours_per_week: 2", "hours_per_week: 0", id="role-hours-zero"),
    pytest.param(ROLE, "hours_per_week: 2", "hours_per_week: 41", id="role-hours-41"),
    pytest.param(ROLE, '"@support-enablement"', '"support-enablement"', id="role-owner-without-at"),
    pytest.param(ROLE, "family: Customer Operations", "audience: staff", id="role-bad-audience"),
    pytest.param(PATH, "  advanced:", "  expert:", id="path-unknown-level"),
    pytest.param(PATH, "modules: [triage-sandbox]", "modules: []", id="path-level-without-modules"),
    pytest.param(PATH, "modules: [triage-sandbox]", "modules: [triage-sandbox, triage-sandbox]", id="path-dup-module"),
    pytest.param(BASICS, "minutes: 20", "minutes: 0", id="module-minutes-zero"),
    pytest.param(BASICS, "minutes: 20", "minutes: 601", id="module-minutes-601"),
    pytest.param(BASICS, "minutes: 20", "minutes: twenty", id="module-minutes-text"),
    pytest.param(BASICS, "review_by: 2099-12-31", "review_by: '2099-02-30'", id="module-impossible-date"),
    pytest.param(BASICS, "kind: lesson", "kind: excercise", id="module-bad-kind"),
    pytest.param(BASICS, "kind: lesson", "kind: lesson\nsandbox: {setting: s, time_box: 5, success: [x]}",
                 id="lesson-with-sandbox"),
    pytest.param(SANDBOX, "  success:\n    - Every ticket has a priority and a one-line reason.\n", "",
                 id="sandbox-without-success"),
    pytest.param(SANDBOX, "time_box: 45", "time_box: 0", id="sandbox-time-box-zero"),
    pytest.param(LEADER, "    say: What did we learn from this?\n", "", id="phrase-without-say"),
]  # fmt: skip


@pytest.mark.parametrize(("rel", "old", "new"), SHARED_MISTAKES)
def test_the_schema_and_the_engine_both_reject(
    rel: str, old: str, new: str, valid_portal: dict[str, str], write_repo: object
) -> None:
    text = valid_portal[rel]
    assert old in text
    valid_portal[rel] = text.replace(old, new, 1)
    kind = _kind_of(rel)
    assert kind is not None
    assert _problems(kind, _document(valid_portal[rel], rel.endswith(".md"))), "the JSON Schema accepts it"
    loaded = load(write_repo(valid_portal), today=datetime.date(2026, 1, 1))  # type: ignore[operator]
    assert [d.path for d in loaded.report.errors] == [rel] * len(loaded.report.errors) != [], "the engine accepts it"


def test_exercise_without_sandbox_is_rejected_by_the_schema(portal_texts: Mapping[str, str]) -> None:
    document = _document(portal_texts[SANDBOX], markdown=True)
    assert isinstance(document, dict)
    del document["sandbox"]
    assert _problems("module", document)


# ---- the model mirrors the schema ----------------------------------------------------------------

_MODEL = {
    "role": Role, "path": SkillPath, "module": Module, "leader": LeaderPage, "team": Team, "adoption": WeekRecord,
}  # fmt: skip
_NESTED = {
    ("role", "from_to"): FromTo, ("role", "practice"): Practice, ("role", "metrics_to_adjust"): MetricAdjustment,
    ("role", "manager"): ManagerNotes, ("path", "manager"): ManagerNotes, ("path", "levels.baseline"): Level,
    ("module", "sandbox"): Sandbox, ("leader", "phrases"): Phrase, ("role", "measures"): Measure,
    ("module", "checks"): KnowledgeCheck, ("module", "checks.choices"): Choice, ("team", "cohort"): Cohort,
}  # fmt: skip
_NOT_FIELDS = {"id", "source", "body_line", "name", "line", "team", "week"}
"""What the loader fills in from elsewhere: the file name, the file, the body's line, a level's key,
the line of an item in a list, and an adoption record's team and week (its folder and file name).
A field of that name that the schema has is compared all the same (a measure's id)."""
_ONLY_IN_THE_MODEL = {"path.manager": {"prompts"}}
"""A path's manager notes have no prompts; the dataclass is the one roles use, so it has them (empty)."""
_TYPES = {"string": str, "integer": int, "number": float, "boolean": bool}


def _object_schemas() -> list[tuple[str, dict[str, object], type]]:
    found = [(kind, SCHEMAS[kind], model) for kind, model in _MODEL.items()]
    for (kind, dotted), model in _NESTED.items():
        schema = SCHEMAS[kind]
        for name in dotted.split("."):
            schema = schema["properties"][name]
            schema = schema.get("items", schema)
        found.append((f"{kind}.{dotted}", schema, model))
    return found


@pytest.mark.parametrize(("where", "schema", "model"), _object_schemas(), ids=lambda value: str(value)[:30])
def test_the_model_has_each_field_of_the_schema_with_its_type_and_default(
    where: str, schema: dict[str, Any], model: type
) -> None:
    fields = {
        field.name: field
        for field in dataclasses.fields(model)
        if field.name not in _NOT_FIELDS or field.name in schema["properties"]
    }
    fields = {name: field for name, field in fields.items() if not name.startswith("_")}
    for name in _ONLY_IN_THE_MODEL.get(where, ()):
        assert fields.pop(name).default == (), f"{where}.{name}: not in the schema, so it must default to empty"
    assert set(fields) == set(schema["properties"]), where
    hints = typing.get_type_hints(model)
    for name, field in fields.items():
        prop = schema["properties"][name]
        has_default = field.default is not dataclasses.MISSING or field.default_factory is not dataclasses.MISSING
        assert has_default == (name not in schema.get("required", [])), f"{where}.{name}: required in one only"
        if "default" in prop:
            assert field.default == prop["default"], f"{where}.{name}: the model's default is not the schema's"
        written = hints[name]
        args = [arg for arg in typing.get_args(written) if arg is not type(None)]
        if prop.get("type") == "array":
            assert typing.get_origin(written) is tuple, f"{where}.{name}: a list in the schema, {written} in the model"
        elif prop.get("type") == "object" and isinstance(prop.get("additionalProperties"), dict):
            assert typing.get_origin(written) is Mapping, f"{where}.{name}: a map in the schema, {written} in the model"
        elif prop.get("type") == "object":
            assert dataclasses.is_dataclass(args[0] if args else written), f"{where}.{name}: {written}"
        elif "pattern" in prop and Ref in (args or [written]):  # an id or file name, kept with its line
            assert prop["type"] == "string", f"{where}.{name}"
        elif prop.get("format") == "date":  # written as a string, read as a date
            assert datetime.date in args, f"{where}.{name}: a date in the schema, {written} in the model"
        else:
            expected = _TYPES[prop["type"]]
            assert written is expected or expected in args, f"{where}.{name}: {prop['type']} in the schema, {written}"
