"""Rendering: a planned page (`pages.PageSpec`), a module or a one-pager to an HTML fragment with
the Jinja templates in ``overrides/rolepath/``; the host puts the fragment inside its theme's layout.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from ..content.i18n import ENGLISH, N_, Translator
from ..content.load import Layout
from ..content.model import LeaderPage, Level, Module, Portal, Role, SkillPath, Use
from . import urls
from .adoption import Adoption
from .adoption_pages import number_text, overview_context, percent_text, team_context
from .ical import practice_plan
from .pages import PageSpec
from .practice import PracticeFiles, size_text

LEVEL_TITLES = {"baseline": N_("Baseline"), "proficient": N_("Proficient"), "advanced": N_("Advanced")}
"""The levels' names for people, by id (translated where they are shown)."""
LEVEL_IN_TEXT = {"baseline": N_("baseline"), "proficient": N_("proficient"), "advanced": N_("advanced")}
"""The levels' names in running text ("2 of 4 done at baseline"), by id."""
KIND_TITLES = {"lesson": N_("Lesson"), "exercise": N_("Exercise"), "reference": N_("Reference card")}

DEFAULT_BEFORE = (
    N_("Tell the person, in your own words, why this path matters for the team's work this quarter."),
    N_("Agree on the one behaviour from the checklist you will look for first, and when you will look."),
    N_("Book the practice time in both calendars before the first module, and say what it replaces."),
)
DEFAULT_AFTER = (
    N_("In the first week, watch for one behaviour from the checklist and tell the person exactly what you saw."),
    N_("Give feedback on the work, not the tool: what the output did well and what to check next time."),
    N_("Ask what got in the way, and remove one barrier before your next one-on-one."),
)
OBSERVATION_SHEET_ROWS = 6
"""Blank rows on the printed observation sheet: about one team's week, and it keeps the guide on three A4 pages."""

DEFAULT_PROMPTS = (
    N_("What did you try with the assistant this week, and what happened?"),
    N_("Where did you stop trusting the output, and what did you check?"),
    N_("What would make it easier to practise next week?"),
)


@dataclass(frozen=True)
class Heading:
    level: int
    id: str
    title: str
    """HTML: escaped text, as MkDocs expects of table-of-contents titles."""


@dataclass
class Rendered:
    html: str
    headings: list[Heading] = field(default_factory=list)


@dataclass(frozen=True)
class RecordsRepository:
    """Where a manager's weekly adoption records go: the folder in the repository, and GitHub's
    "new file" page for it when the portal's repository is on GitHub."""

    folder: str
    """The records' folder, relative to the repository root (`Layout.adoption`)."""
    new_file_url: str | None = None
    """``https://github.com/<owner>/<repo>/new/<branch>/``; None elsewhere."""


class Renderer:
    """Renders generated pages and module/one-pager enrichments with the portal's templates."""

    def __init__(
        self,
        portal: Portal,
        template_dirs: list[Path],
        *,
        manager_guides: bool = True,
        compiled: jinja2.BytecodeCache | None = None,
        practice: PracticeFiles | None = None,
        records: RecordsRepository | None = None,
        adoption: Adoption | None = None,
        site_name: str = "",
        translator: Translator = ENGLISH,
    ) -> None:
        """``manager_guides``: whether the pages may link to them; ``compiled``: where compiled
        templates are kept between builds (serve); ``practice``: the exercises' materials and keys;
        ``records``: where the observation log's weekly files go; ``adoption``: the published
        adoption figures (editions with manager guides); ``site_name``: the home page's heading;
        ``translator``: the edition's language."""
        self.portal = portal
        self.practice = practice or PracticeFiles()
        self.records = records or RecordsRepository(Layout().adoption)
        self.adoption = adoption
        self.translator = translator
        # `role_steps` by role id, made once: every module page asks for every role's.
        self._role_steps: dict[str, list[tuple[SkillPath, Level, Module]]] = {}
        self._step_positions: dict[str, dict[str, int]] = {}
        """Per role: each module's place in `role_steps`, so a module page finds it without a scan."""
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader([str(d) for d in template_dirs]),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            bytecode_cache=compiled,
            extensions=["jinja2.ext.i18n"],
        )
        self.env.install_gettext_translations(translator.catalog, newstyle=True)  # type: ignore[attr-defined]
        self.env.globals.update(
            urls=urls, manager_guides=manager_guides, minutes=translator.minutes, site_name=site_name,
            size_text=lambda size: size_text(size, translator), format_number=translator.number,
            format_date=translator.date, language=translator.language, plural_count=plural_count,
            level_in_text=lambda name: translator.gettext(LEVEL_IN_TEXT[name]),
            translated=lambda message: message.translated(translator), translator=translator,
            level_minutes=lambda path, name: level_minutes(portal, path, name),
            modules_with_checks=lambda level: modules_with_checks(portal, level),
            num=lambda value: number_text(value, translator), pct=lambda value: percent_text(value, translator),
        )  # fmt: skip

    def page(self, spec: PageSpec, **extra: Any) -> Rendered:
        """A generated page's body HTML."""
        context: dict[str, Any] = {"page_kind": spec.kind, "title": spec.title, **extra}
        if spec.kind in ("role", "manager"):
            role = self.portal.roles[spec.subject]
            context.update(role=role, role_paths=self.role_paths(role))
        if spec.kind == "role":
            plan = self.role_plan(role)
            # A new reader's next module: the first of the plan, as rolepath.js finds it for no progress.
            start = next((module for entry in plan for module in entry["modules"]), None)
            context.update(plans={role.id: plan}, calendar_plan=self.practice_plan(role), start=start)
        elif spec.kind == "home":
            context.update(plans={role.id: self.role_plan(role) for role in self.portal.roles.values()})
        if spec.kind == "manager":
            context.update(self.manager_context(self.portal.roles[spec.subject]))
        elif spec.kind == "adoption" and self.adoption is not None:
            context.update(overview_context(self.adoption, self.translator))
        elif spec.kind == "team" and self.adoption is not None:
            figures = next(f for f in self.adoption.teams if f.id == spec.subject)
            context.update(team_context(figures, self.translator), team=self.portal.teams[spec.subject])
        elif spec.kind == "path":
            path = self.portal.paths[spec.subject]
            context.update(path=path, roles=self.portal.roles_on_path(path.id))
        return self.render(f"{spec.kind}.html", spec.url, context)

    def module(self, module: Module, body_html: str) -> Rendered:
        """A module page: facts, sandbox and prerequisites around the author's body."""
        context = {**self.module_context(module), "body": Markup(body_html)}
        return self.render("module.html", urls.module_url(module.id), context, whole_portal=False)

    def module_context(self, module: Module) -> dict[str, Any]:
        """Everything from the portal a module page shows, besides its body."""
        return {
            "page_kind": "module",
            "module": module,
            "prerequisites": [self.portal.modules[r.id] for r in module.prerequisites if r.id in self.portal.modules],
            "uses": [self.use_context(use) for use in self.portal.uses(module.id)],
            "practice": self.practice.get(module.id),
            "next_steps": self.next_steps(module),
        }

    def leader(self, leader: LeaderPage, body_html: str) -> Rendered:
        context = {"page_kind": "leader", "leader": leader, "body": Markup(body_html)}
        return self.render("leader.html", urls.leader_url(leader.id), context, whole_portal=False)

    def whats_new(self, url: str, changes: Sequence[Any], feed_url: str) -> Markup:
        """The "What's new" section for a page at ``url`` (empty without changes)."""
        return Markup(self.render("_whats_new.html", url, {"changes": changes, "feed_url": feed_url}).html)

    def render(self, template: str, url: str, context: dict[str, Any], *, whole_portal: bool = True) -> Rendered:
        """Render ``template`` for the page at ``url``. Without ``whole_portal`` the template sees
        only ``context``, so what the page shows is known from it (a serve rebuild keys module and
        one-pager pages by it; a template reaching for more fails under StrictUndefined)."""
        portal = {"portal": self.portal, "modules": self.portal.modules, "paths": self.portal.paths}
        context = {"link": urls.linker(url), **(portal if whole_portal else {}), **context}
        html = self.env.get_template(template).render(context)
        return Rendered(html, headings(html))

    def manager_context(self, role: Role) -> dict[str, Any]:
        """What a manager guide shows beyond the role: the before/after items and prompts, each said
        once; the observation log's teams and behaviours; the answer keys of the role's exercises."""
        teams = [team for team in self.portal.teams.values() if team.role.id == role.id]
        paths = self.role_paths(role)
        behaviours = [
            {"ref": ref, "text": behaviour.text}
            for path in paths
            for level in path.levels
            for behaviour in level.behaviours
            if (ref := behaviour.ref(path.id)) is not None
        ]
        exercises = {
            ref.id: self.portal.modules[ref.id]
            for path in paths
            for level in path.levels
            for ref in level.modules
            if ref.id in self.portal.modules
        }
        return {
            # The built-in items are translated once chosen (authored ones are not in the catalog).
            "before": self.defaults(
                guide_items([role.manager.before, *(p.manager.before for p in paths)], DEFAULT_BEFORE)
            ),
            "after": self.defaults(
                in_timeline_order(guide_items([role.manager.after, *(p.manager.after for p in paths)], DEFAULT_AFTER))
            ),
            "prompts": self.defaults(guide_items([role.manager.prompts], DEFAULT_PROMPTS)),
            "observation_rows": OBSERVATION_SHEET_ROWS,
            "teams": [{"id": t.id, "title": t.title, "size": t.size} for t in sorted(teams, key=lambda t: t.title)],
            "log_behaviours": behaviours,
            "adoption_dir": self.records.folder,
            "new_file_url": self.records.new_file_url,
            "answer_keys": [
                module
                for module in exercises.values()
                if module.sandbox is not None and module.sandbox.answer_key is not None
            ],
        }

    def defaults(self, items: Sequence[str]) -> list[str]:
        """Guide items in the edition's language: the built-in ones translated, the authors' as written."""
        return [self.translator.gettext(item) for item in items]

    def role_paths(self, role: Role) -> list[SkillPath]:
        return [self.portal.paths[ref.id] for ref in role.paths if ref.id in self.portal.paths]

    def practice_plan(self, role: Role) -> dict[str, Any] | None:
        """The role's practice calendar apart from its start (ical.practice_plan); None without a budget."""
        paths = self.role_paths(role)
        if role.practice is None or not paths:
            return None
        return practice_plan(
            role.id,
            role.title,
            role.practice.hours_per_week,
            [(path.id, path.title) for path in paths],
            [(level.name, self.translator.gettext(LEVEL_IN_TEXT[level.name])) for level in paths[0].levels],
            role.practice.ideas,
            self.translator,
        )

    def role_steps(self, role: Role) -> list[tuple[SkillPath, Level, Module]]:
        """The role's modules in the order a reader meets them: its paths in order, each path's
        levels, each level's modules; a module met before is not met again."""
        if role.id in self._role_steps:
            return self._role_steps[role.id]
        steps = self._role_steps[role.id] = []
        seen: set[str] = set()
        for path in self.role_paths(role):
            for level in path.levels:
                for ref in level.modules:
                    module = self.portal.modules.get(ref.id)
                    if module is not None and module.id not in seen:
                        seen.add(module.id)
                        steps.append((path, level, module))
        self._step_positions[role.id] = {module.id: i for i, (_, _, module) in enumerate(steps)}
        return steps

    def role_plan(self, role: Role) -> list[dict[str, Any]]:
        """What rolepath.js needs to find a reader's next module in the role: each level of the
        role's paths with its behaviours' and modules' progress keys, in the role's order (a module
        where the role first meets it: `role_steps`)."""
        first_met = {(path.id, level.name, module.id) for path, level, module in self.role_steps(role)}
        return [
            {
                "path": path.id,
                "title": path.title,
                "level": level.name,
                "behaviours": [behaviour.key for behaviour in level.behaviours],
                "modules": [
                    {"key": module.progress_key, "title": module.title, "url": urls.module_url(module.id)}
                    for ref in level.modules
                    if (module := self.portal.modules.get(ref.id)) is not None
                    and (path.id, level.name, module.id) in first_met
                ],
            }
            for path in self.role_paths(role)
            for level in path.levels
        ]

    def next_steps(self, module: Module) -> list[dict[str, Any]]:
        """For each role whose paths hold ``module``: the module after it in that role's order (None
        after its last), the path and level it is in, and where the reader goes back to. The page
        shows the first; rolepath.js shows the reader's own role's."""
        found = []
        for role in sorted(self.portal.roles.values(), key=lambda r: r.title.casefold()):
            steps = self.role_steps(role)
            position = self._step_positions[role.id].get(module.id)
            if position is None:
                continue
            path, level, _ = steps[position]
            following = steps[position + 1][2] if position + 1 < len(steps) else None
            found.append({"role": role, "path": path, "level": level, "next": following})
        return found

    def use_context(self, use: Use) -> dict[str, Any]:
        path = self.portal.paths[use.path]
        level = path.level(use.level)
        following = level.modules[use.position + 1].id if use.position + 1 < len(level.modules) else None
        if following is None:
            later = [lv for lv in path.levels if path.levels.index(lv) > path.levels.index(level)]
            following = later[0].modules[0].id if later else None
        return {
            "path": path,
            "level": level,
            "roles": self.portal.roles_on_path(path.id),
            "next": self.portal.modules.get(following) if following else None,
        }


_HEADING = re.compile(r'<h([23])\b[^>]*\bid="([^"]+)"[^>]*>(.*?)</h\1>', re.S)
_TAG = re.compile(r"<[^>]+>")
_PERMALINK = re.compile(r'<a class="headerlink".*?</a>', re.S)


def headings(html: str) -> list[Heading]:
    """The h2 and h3 headings with ids, for the host's table of contents."""
    return [
        Heading(int(level), anchor, _TAG.sub("", _PERMALINK.sub("", inner)).strip())
        for level, anchor, inner in _HEADING.findall(html)
    ]


def guide_items(written: Sequence[Sequence[str]], defaults: Sequence[str]) -> list[str]:
    """A manager guide's list: the role's items, then its paths', each said once (by its words, case
    and spacing aside); the built-in ones only where the role and its paths say nothing."""
    items: dict[str, str] = {}
    for group in written:
        for item in group:
            items.setdefault(" ".join(item.casefold().split()), item)
    return list(items.values()) or list(defaults)


TIMELINE = ("in the first week", "in the first month")
"""The manager guide's one timeline after the training, in order; an item says when by its opening words."""


def in_timeline_order(items: list[str]) -> list[str]:
    """The items that say when, first week before first month; the others after them, each group as written."""

    def when(item: str) -> int:
        opening = item.casefold()
        return next((index for index, words in enumerate(TIMELINE) if opening.startswith(words)), len(TIMELINE))

    return sorted(items, key=when)


def modules_with_checks(portal: Portal, level: Level) -> list[Module]:
    """The modules of a level that have knowledge checks, in the level's order."""
    found = (portal.modules.get(ref.id) for ref in level.modules)
    return [module for module in found if module is not None and module.checks]


def level_minutes(portal: Portal, path: SkillPath, level_name: str) -> int:
    level = path.level(level_name)
    return sum(portal.modules[ref.id].minutes for ref in level.modules if ref.id in portal.modules)


def plural_count(value: float) -> int:
    """A count for ngettext: ``value`` if whole; a fraction takes the plural ('1.5 hours'), as 2 does."""
    return int(value) if float(value).is_integer() else 2


def minutes_text(total: int) -> str:
    """Minutes for people, in English: '45 min', '2 h', '1 h 30 min' (`Translator.minutes` for others)."""
    return ENGLISH.minutes(total)
