"""The content of a portal as typed objects, each knowing the file and line it came from."""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field

from .schema import DEFAULT_AUDIENCE, DEFAULT_MODULE_KIND, ID_PATTERN, LEVELS

_ID = ID_PATTERN.removeprefix("^").removesuffix("$")
PROGRESS_KEY_PATTERN = f"^(module:{_ID}|behaviour:{_ID}(:({'|'.join(LEVELS)}):[0-9a-f]{{8}}|/{_ID}))$"
"""Every key a reader's progress is kept under in the browser (`Module.progress_key`,
`Behaviour.key`); rolepath.js is given it, to refuse anything else from storage or an import."""


@dataclass(frozen=True)
class Source:
    """Where a value was written."""

    path: str
    """The file, relative to the repository root, with forward slashes."""
    line: int = 1
    field_lines: Mapping[str, int] = field(default_factory=dict, compare=False, hash=False)
    """The line of each top-level field, for messages about a field."""

    def line_of(self, name: str) -> int:
        return self.field_lines.get(name, self.line)


@dataclass(frozen=True)
class Ref:
    """A reference to another item by id, with the line the reference is written on."""

    id: str
    line: int


@dataclass(frozen=True)
class FromTo:
    area: str
    today: str
    in_six_months: str


@dataclass(frozen=True)
class Practice:
    hours_per_week: float
    ideas: tuple[str, ...] = ()


@dataclass(frozen=True)
class MetricAdjustment:
    metric: str
    conflict: str
    adjustment: str


@dataclass(frozen=True)
class ManagerNotes:
    before: tuple[str, ...] = ()
    after: tuple[str, ...] = ()
    prompts: tuple[str, ...] = ()


@dataclass(frozen=True)
class Behaviour:
    text: str
    key: str
    """A stable key for progress tracking: from the id where there is one, else from the wording."""
    id: str | None = None
    """The behaviour's id within its path (v2); other files refer to it as ``<path-id>/<id>``."""
    wording_key: str = ""
    """The key the wording alone gives (v1's key): a reader's progress stored under it moves to ``key``."""
    line: int = 0

    @staticmethod
    def make(path_id: str, level: str, text: str, behaviour_id: str | None = None, line: int = 0) -> Behaviour:
        """The behaviour, keyed as `PROGRESS_KEY_PATTERN` says: by its id where it has one."""
        digest = hashlib.sha1(" ".join(text.split()).encode("utf-8")).hexdigest()[:8]
        wording_key = f"behaviour:{path_id}:{level}:{digest}"
        key = f"behaviour:{path_id}/{behaviour_id}" if behaviour_id else wording_key
        return Behaviour(text, key, behaviour_id, wording_key, line)

    def ref(self, path_id: str) -> str | None:
        """How other files refer to this behaviour, or None if it has no id."""
        return f"{path_id}/{self.id}" if self.id else None


@dataclass(frozen=True)
class Level:
    name: str
    """baseline, proficient or advanced."""
    summary: str
    behaviours: tuple[Behaviour, ...]
    modules: tuple[Ref, ...]


@dataclass(frozen=True)
class Measure:
    """A business metric that should move when the role's behaviours take hold."""

    id: str
    title: str
    unit: str
    baseline: float
    target: float
    better: str
    """lower or higher."""
    behaviours: tuple[Ref, ...] = ()
    """Refs ``<path-id>/<behaviour-id>`` to behaviours of the role's paths."""
    line: int = 0

    def progress(self, value: float) -> float:
        """How far ``value`` is from the baseline toward the target: 0 at the baseline, 1 at the target."""
        gap = self.target - self.baseline
        return (value - self.baseline) / gap if gap else 0.0


@dataclass(frozen=True)
class Role:
    id: str
    source: Source
    title: str
    summary: str
    paths: tuple[Ref, ...]
    from_to: tuple[FromTo, ...]
    family: str | None = None
    owners: tuple[str, ...] = ()
    practice: Practice | None = None
    metrics_to_adjust: tuple[MetricAdjustment, ...] = ()
    payoff: tuple[str, ...] = ()
    manager: ManagerNotes = ManagerNotes()
    audience: str = DEFAULT_AUDIENCE
    measures: tuple[Measure, ...] = ()


@dataclass(frozen=True)
class SkillPath:
    id: str
    source: Source
    title: str
    summary: str
    levels: tuple[Level, ...]
    """Always baseline, proficient, advanced, in that order."""
    owners: tuple[str, ...] = ()
    manager: ManagerNotes = ManagerNotes()
    audience: str = DEFAULT_AUDIENCE

    def level(self, name: str) -> Level:
        return next(level for level in self.levels if level.name == name)

    def behaviour(self, behaviour_id: str) -> tuple[Level, Behaviour] | None:
        """The behaviour with this id, and its level."""
        for level in self.levels:
            for behaviour in level.behaviours:
                if behaviour.id == behaviour_id:
                    return level, behaviour
        return None


@dataclass(frozen=True)
class Sandbox:
    setting: str
    time_box: int
    success: tuple[str, ...]
    materials: tuple[Ref, ...] = ()
    """File names in ``content/practice/<module-id>/``, offered as downloads."""
    answer_key: Ref | None = None
    """A Markdown file there, for facilitators: never in the employees' edition."""


@dataclass(frozen=True)
class Choice:
    text: str
    why: str
    correct: bool = False


@dataclass(frozen=True)
class KnowledgeCheck:
    """A question answered in the browser after the module's body."""

    question: str
    choices: tuple[Choice, ...]
    line: int = 0

    @property
    def several_correct(self) -> bool:
        return sum(choice.correct for choice in self.choices) > 1


@dataclass(frozen=True)
class Module:
    id: str
    source: Source
    title: str
    summary: str
    minutes: int
    kind: str = DEFAULT_MODULE_KIND
    objectives: tuple[str, ...] = ()
    prerequisites: tuple[Ref, ...] = ()
    review_by: datetime.date | None = None
    sandbox: Sandbox | None = None
    reflection: tuple[str, ...] = ()
    audience: str = DEFAULT_AUDIENCE
    body_line: int = 1
    """The file line the Markdown body starts on."""
    checks: tuple[KnowledgeCheck, ...] = ()

    @property
    def progress_key(self) -> str:
        """The key a reader's tick for this module is kept under (`PROGRESS_KEY_PATTERN`)."""
        return f"module:{self.id}"


@dataclass(frozen=True)
class Phrase:
    instead_of: str
    say: str
    why: str | None = None


@dataclass(frozen=True)
class LeaderPage:
    id: str
    source: Source
    title: str
    summary: str
    phrases: tuple[Phrase, ...]
    audience: str = DEFAULT_AUDIENCE


@dataclass(frozen=True)
class Cohort:
    managers_start: datetime.date | None = None
    team_start: datetime.date | None = None

    @property
    def team_before_managers(self) -> bool:
        """Whether the team starts before its managers, who should go through the programme first."""
        return bool(self.team_start and self.managers_start and self.team_start < self.managers_start)


@dataclass(frozen=True)
class Team:
    """People in one role, with a cohort plan; a role, a headcount and handles: nobody is named."""

    id: str
    source: Source
    title: str
    role: Ref
    size: int
    managers: tuple[str, ...] = ()
    cohort: Cohort = Cohort()


@dataclass(frozen=True)
class WeekRecord:
    """One team's ISO week of adoption counts. An absent count is None: not recorded, not zero."""

    team: str
    week: str
    """``YYYY-Www``, as in the file name."""
    source: Source
    people_observed: int
    observed: Mapping[str, int] = field(default_factory=dict)
    """Behaviour ref -> people seen doing it this week."""
    practice_hours: float | None = None
    development_conversations: int | None = None
    experiments: int | None = None
    process_changes: int | None = None
    barriers_removed: int | None = None
    recognitions: int | None = None
    measures: Mapping[str, float] = field(default_factory=dict)
    """Measure id -> this week's value."""

    @property
    def monday(self) -> datetime.date:
        return monday_of(self.week)


def monday_of(week: str) -> datetime.date:
    """The Monday of an ISO week written ``YYYY-Www`` (such strings sort as their weeks do)."""
    year, number = week.split("-W")
    return datetime.date.fromisocalendar(int(year), int(number), 1)


@dataclass(frozen=True)
class Use:
    """One place a module is used: a level of a path, on behalf of a role (or none)."""

    path: str
    level: str
    position: int
    """0-based position of the module in that level."""


@dataclass
class Portal:
    """Everything a repository holds, checked: references resolve, no cycles."""

    roles: dict[str, Role] = field(default_factory=dict)
    paths: dict[str, SkillPath] = field(default_factory=dict)
    modules: dict[str, Module] = field(default_factory=dict)
    leaders: dict[str, LeaderPage] = field(default_factory=dict)
    pages: list[str] = field(default_factory=list)
    """Ordinary Markdown pages under content/, as paths relative to it."""
    teams: dict[str, Team] = field(default_factory=dict)
    adoption: dict[str, list[WeekRecord]] = field(default_factory=dict)
    """Each team's weekly records, oldest first."""
    practice_files: dict[str, list[str]] = field(default_factory=dict)
    """Files in ``content/practice/<module-id>/``, by module id, as paths relative to the content folder."""
    _uses_index: dict[str, list[Use]] | None = field(default=None, init=False, repr=False, compare=False)
    _roles_by_path: dict[str, list[Role]] | None = field(default=None, init=False, repr=False, compare=False)

    def families(self) -> dict[str, list[Role]]:
        """Roles grouped by family, families and roles sorted by name; no family sorts last."""
        groups: dict[str, list[Role]] = {}
        for role in sorted(self.roles.values(), key=lambda r: r.title.casefold()):
            groups.setdefault(role.family or "Other roles", []).append(role)
        return dict(sorted(groups.items(), key=lambda item: (item[0] == "Other roles", item[0].casefold())))

    def uses(self, module_id: str) -> list[Use]:
        """Every path level that lists the module."""
        return self._uses().get(module_id, [])

    def roles_on_path(self, path_id: str) -> list[Role]:
        if self._roles_by_path is None:
            index: dict[str, list[Role]] = {}
            for role in self.roles.values():
                for path in dict.fromkeys(ref.id for ref in role.paths):
                    index.setdefault(path, []).append(role)
            self._roles_by_path = index
        return list(self._roles_by_path.get(path_id, []))

    def _uses(self) -> dict[str, list[Use]]:
        if self._uses_index is None:
            index: dict[str, list[Use]] = {}
            for path in self.paths.values():
                for level in path.levels:
                    for position, ref in enumerate(level.modules):
                        index.setdefault(ref.id, []).append(Use(path.id, level.name, position))
            self._uses_index = index
        return self._uses_index
