"""Fixture portals for tests: write a content repository into a folder and build it with MkDocs.

    root = make_portal(tmp_path, **small_portal())
    site = build_site(root)                  # MkDocs' own load_config + build, like `mkdocs build`
    page = soup(site, "roles/support-agent/")

``make_portal`` takes each file's content as a dict (dumped as YAML; for modules and one-pagers
the front matter, with the Markdown under the key "body") or as a str (written verbatim, for
tests that care about exact lines). The mkdocs.yml it writes points at this repository's hook and
theme overrides, found relative to this file, so it works from any clone.
"""

from __future__ import annotations

import copy
import gzip
import logging
import os
import posixpath
import re
import shutil
import socket
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import yaml
from bs4 import BeautifulSoup
from icalendar import Calendar

REPO = Path(__file__).resolve().parents[1]
HOOK = REPO / "hooks" / "rolepath_hook.py"
OVERRIDES = REPO / "overrides"
REPO_URL = "https://github.com/acme-learning/portal"

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # Material's banner, noise in test output

Content = dict[str, Any] | str


def make_portal(
    root: Path,
    *,
    roles: dict[str, Content] | None = None,
    paths: dict[str, Content] | None = None,
    modules: dict[str, Content] | None = None,
    leaders: dict[str, Content] | None = None,
    pages: dict[str, str] | None = None,
    config: dict[str, Any] | None = None,
) -> Path:
    """Write a portal repository into ``root`` (created if missing) and return ``root``.

    ``pages`` maps paths relative to content/ to Markdown; ``config`` is merged over the
    default mkdocs.yml (top-level keys replace the defaults).
    """
    root = Path(root)
    (root / "content").mkdir(parents=True, exist_ok=True)
    for folder, items in (("roles", roles), ("paths", paths)):
        for item_id, data in (items or {}).items():
            write(root / folder / f"{item_id}.yml", data if isinstance(data, str) else _yaml(data))
    for folder, items in (("content/modules", modules), ("content/leaders", leaders)):
        for item_id, data in (items or {}).items():
            write(root / folder / f"{item_id}.md", data if isinstance(data, str) else _markdown(data))
    for page, text in (pages or {}).items():
        write(root / "content" / page, text)
    settings: dict[str, Any] = {
        "site_name": "Test portal",
        "docs_dir": "content",
        "repo_url": REPO_URL,
        "edit_uri": "edit/main/content/",
        "theme": {"name": "material", "custom_dir": str(OVERRIDES), "font": False, "features": ["content.action.edit"]},
        "hooks": [str(HOOK)],
        "plugins": ["search"],
        "markdown_extensions": ["admonition", "attr_list", "tables", {"toc": {"permalink": True}}],
    }
    settings.update(config or {})
    write(root / "mkdocs.yml", _yaml(settings))
    return root


def build_site(root: Path, strict: bool = False, site_dir: Path | None = None) -> Path:
    """Build the portal in ``root`` as `mkdocs build [--strict]` does; return the site folder.

    Raises ``mkdocs.exceptions.Abort`` when the build fails (author errors, --strict warnings).
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    site = Path(site_dir) if site_dir is not None else Path(root) / "site"
    config = load_config(config_file=str(Path(root) / "mkdocs.yml"), site_dir=str(site), strict=strict)
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    return site


def build_with(config_file: Path, site_dir: Path) -> Path:
    """``mkdocs build -f <config_file> -d <site_dir>``, through MkDocs' own API; returns the site folder."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(config_file=str(config_file), site_dir=str(site_dir))
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    return Path(site_dir)


def build_recorded(
    config_file: Path, site_dir: Path, messages: list[tuple[int, str]] | None = None
) -> list[tuple[int, str]]:
    """`build_with`, returning what was logged as (level, message), rolepath's debug lines
    included (what `mkdocs build -v` shows of them); ``messages`` gets them even if the build fails."""
    from rolepath.adapter.serve_cache import recording

    messages = [] if messages is None else messages
    rolepath = logging.getLogger("mkdocs.plugins.rolepath")
    level = rolepath.level
    rolepath.setLevel(logging.DEBUG)  # only rolepath's: MkDocs changes what it records at DEBUG
    try:
        with recording("mkdocs") as records:
            try:
                build_with(config_file, site_dir)
            finally:
                messages += [(record.levelno, record.getMessage()) for record in records]
    finally:
        rolepath.setLevel(level)
    return messages


def editable_portal(tmp_path: Path) -> Path:
    """The small portal in ``tmp_path/portal``, with an ordinary page in the navigation and its own
    copy of the theme overrides in ``tmp_path/overrides``, so a test can edit a template."""
    overrides = tmp_path / "overrides"
    shutil.copytree(OVERRIDES, overrides)
    spec = small_portal()
    spec["pages"] = {"about.md": "# About this portal\n\nWho runs it and how to ask for a new path.\n"}
    spec["config"] = {
        "theme": {"name": "material", "custom_dir": str(overrides), "font": False, "features": ["content.action.edit"]}
    }
    return make_portal(tmp_path / "portal", **spec)


AUTHOR_EDITS = {
    "module-body": (
        "content/modules/prompting-basics.md",
        "has four parts.",
        "has four parts: a task, material, limits.",
    ),
    # A module's title appears on the role and path pages, and as "Next" on the module before it.
    "module-title": (
        "content/modules/escalation-card.md",
        "title: Escalation rules",
        "title: When a person takes over",
    ),
    "role-yaml": ("roles/support-agent.yml", "check them against policy.", "check every refund against policy."),
    "path-title": ("paths/support-basics.yml", "title: Support basics", "title: Support essentials"),
    # An ordinary page's heading is its title in the navigation of every page.
    "page-title": ("content/about.md", "# About this portal", "# Who runs this portal"),
    # The configuration and the theme's templates change every page.
    "mkdocs-yml": ("mkdocs.yml", "site_name: Test portal", "site_name: Skills portal"),
    "rolepath-template": ("overrides/rolepath/module.html", "<", "<!-- edited -->\n<"),
    "theme-override": (
        "overrides/main.html",
        "{% block extrahead %}",
        '{% block extrahead %}\n  <meta name="edited" content="1">',
    ),
}
"""Edits of `editable_portal`, one to each kind of input a page is made from, by name: (the file,
relative to the portal or, for ``overrides/``, to its parent; the text; the text it becomes)."""


def uncached(root: Path) -> Path:
    """``mkdocs-uncached.yml``: the portal's mkdocs.yml with the build cache off, for reference
    builds that must not take anything from an earlier build."""
    return edition(root, "uncached", "    cache: false\n")


def site_files(site: Path) -> dict[str, bytes]:
    files = {}
    for path in sorted(site.rglob("*")):
        rel = path.relative_to(site).as_posix()
        if path.is_file() and not rel.startswith("."):
            data = path.read_bytes()
            files[rel] = gzip.decompress(data) if rel.endswith(".gz") else data  # gzip stamps a time
    return files


def assert_same_site(built: Path, reference: Path) -> None:
    """Every file of ``built`` is byte for byte the one in ``reference`` (gzip files by their content)."""
    got, expected = site_files(built), site_files(reference)
    assert sorted(got) == sorted(expected)
    differing = [rel for rel in expected if got[rel] != expected[rel]]
    assert differing == [], f"the site differs from the reference build in {differing}"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def edition(root: Path, name: str, rolepath_options: str) -> Path:
    """Write ``mkdocs-<name>.yml`` (``INHERIT: mkdocs.yml`` with these ``extra: rolepath:`` options,
    indented YAML), the documented way to make an edition; returns its path."""
    config = Path(root) / f"mkdocs-{name}.yml"
    write(config, f"INHERIT: mkdocs.yml\nextra:\n  rolepath:\n{rolepath_options}")
    return config


def every_file(site: Path) -> Iterator[tuple[str, bytes]]:
    """Every file of a built site as (relative path, bytes), gzip files also decompressed."""
    for path in sorted(Path(site).rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            rel = path.relative_to(site).as_posix()
            yield rel, data
            if path.suffix == ".gz":
                yield f"{rel} (decompressed)", gzip.decompress(data)


def where(site: Path, canary: str) -> list[str]:
    """The files of ``site`` a canary appears in (case-insensitive: search indexes lower-case)."""
    needle = canary.lower().encode("utf-8")
    return [rel for rel, data in every_file(site) if needle in data.lower()]


def soup(site: Path, url: str) -> BeautifulSoup:
    """The built page at a site URL ('' for home, 'roles/x/' for a directory URL, or a file)."""
    target = Path(site) / url
    if url == "" or url.endswith("/"):
        target = target / "index.html"
    return BeautifulSoup(target.read_text(encoding="utf-8"), "html.parser")


def small_portal() -> dict[str, Any]:
    """A small valid portal (1 role, 1 path, a lesson, an exercise and a reference card) as
    keyword arguments for `make_portal`; change a copy to make the case a test needs."""
    return copy.deepcopy(_SMALL)


GIT_IDENTITY = {
    "GIT_AUTHOR_NAME": "Ada Author",
    "GIT_AUTHOR_EMAIL": "ada@example.com",
    "GIT_COMMITTER_NAME": "Ada Author",
    "GIT_COMMITTER_EMAIL": "ada@example.com",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_SYSTEM": os.devnull,
}
"""A fixed author and no user or system git config, so history-based tests are repeatable."""


def git(root: Path, *args: str, date: str = "2026-01-05T09:00:00+00:00") -> str:
    """Run git in ``root`` as a fixed author at ``date``; return its standard output."""
    env = {**os.environ, **GIT_IDENTITY, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    done = subprocess.run(["git", "-C", str(root), *args], env=env, capture_output=True, text=True, check=True)
    return done.stdout.strip()


def broken_links(site: Path) -> list[str]:
    """Internal href/src values in the site's HTML (every edition of it) that point at no file."""
    broken = []
    for page in sorted(site.rglob("*.html")):
        base = page.parent.relative_to(site).as_posix()
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for element in soup.find_all(["a", "link", "script", "img", "source"]):
            target = element.get("href") if element.name in ("a", "link") else element.get("src")
            if not isinstance(target, str) or not target:
                continue
            parts = urlsplit(target)
            if parts.scheme or parts.netloc or not parts.path:
                continue
            path = unquote(parts.path)
            file = site / posixpath.normpath(path.lstrip("/") if path.startswith("/") else posixpath.join(base, path))
            if file.is_dir():
                file = file / "index.html"
            if not file.is_file():
                broken.append(f"{page.relative_to(site).as_posix()}: {target}")
    return broken


SHOWN_ATTRIBUTES = ("aria-label", "title", "data-rp-label", "alt", "placeholder")


def english_interface(language: str) -> set[str]:
    """English interface strings (msgids without placeholders) that ``language`` translates differently."""
    from rolepath.content import i18n

    translator = i18n.Translator(language)
    english = set()
    for message in i18n.extract():
        if not message.id or isinstance(message.id, tuple | list) or "%(" in str(message.id):
            continue
        if translator.gettext(str(message.id)) != str(message.id):
            english.add(str(message.id).strip())
    return english


def english_fragments(language: str, source: str) -> set[str]:
    """The words of the English messages a source file ending in ``source`` uses, between their
    placeholders, that ``language``'s translation of each does not keep ("Revisit", "level")."""
    from rolepath.content import i18n

    translator = i18n.Translator(language)
    fragments = set()
    for message in i18n.extract():
        if not message.id or not any(path.endswith(source) for path, _ in message.locations):
            continue
        if isinstance(message.id, tuple | list):
            forms = [str(form) for form in message.id]
            translated = " ".join(translator.catalog.ngettext(forms[0], forms[-1], n) for n in (1, 5))
        else:
            forms, translated = [str(message.id)], translator.catalog.gettext(str(message.id))
        for form in forms:
            for fragment in re.split(r"%\(\w+\)s", form):
                if re.search(r"[A-Za-z]{3}", fragment) and fragment.strip() not in translated:
                    fragments.add(fragment.strip())
    return fragments


def calendar_texts(data: bytes) -> list[str]:
    """Every text a reader sees of an iCalendar file: its name and description, each event's and alarm's."""
    calendar = Calendar.from_ical(data)
    texts = [calendar["X-WR-CALNAME"].to_ical().decode(), calendar["X-WR-CALDESC"].to_ical().decode()]
    for component in calendar.walk():
        texts += [str(component[name]) for name in ("SUMMARY", "DESCRIPTION") if name in component]
    return texts


def shown_strings(page: BeautifulSoup) -> list[str]:
    """Every text a reader sees or hears on a page: its text nodes and the attributes read out."""
    for hidden in page.select("script, style, code, pre"):
        hidden.decompose()
    texts = [" ".join(text.split()) for text in page.find_all(string=True)]
    attributes = [
        " ".join(str(element[name]).split())
        for element in page.find_all(True)
        for name in SHOWN_ATTRIBUTES
        if element.has_attr(name)
    ]
    return [text for text in texts + attributes if text]


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _yaml(data: Any) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=10_000)


def _markdown(data: dict[str, Any]) -> str:
    front = {key: value for key, value in data.items() if key != "body"}
    return f"---\n{_yaml(front)}---\n\n{data.get('body', '')}\n"


_SMALL: dict[str, Any] = {
    "roles": {
        "support-agent": {
            "title": "Customer Support Agent",
            "family": "Customer Operations",
            "summary": "Support agents draft replies with an assistant and check them against policy.",
            "paths": ["support-basics"],
            "from_to": [
                {
                    "area": "Answering tickets",
                    "today": "Searches three knowledge bases by hand.",
                    "in_six_months": "Drafts the first reply with an assistant and checks it.",
                }
            ],
            "practice": {"hours_per_week": 2, "ideas": ["Use the new triage flow one sprint a quarter."]},
        }
    },
    "paths": {
        "support-basics": {
            "title": "Support basics",
            "summary": "Summarise, draft and check replies.",
            "levels": {
                "baseline": {
                    "summary": "Start here if you have not used the assistant yet.",
                    "behaviours": ["Summarises a ticket thread before replying."],
                    "modules": ["prompting-basics", "escalation-card"],
                },
                "proficient": {
                    "summary": "Start here if you already draft replies with it.",
                    "behaviours": ["Checks every refund amount in a drafted reply against policy."],
                    "modules": ["triage-sandbox"],
                },
                "advanced": {
                    "summary": "Start here if you want to fix the causes of bad drafts.",
                    "behaviours": ["Turns a recurring drafting error into a corrected help article."],
                    "modules": ["triage-sandbox"],
                },
            },
        }
    },
    "modules": {
        "prompting-basics": {
            "title": "Prompting basics",
            "summary": "Write prompts with a task, material, constraints and a format.",
            "minutes": 20,
            "body": "## Why short prompts disappoint\n\nA prompt that works has four parts.",
        },
        "escalation-card": {
            "title": "Escalation rules",
            "kind": "reference",
            "summary": "Which tickets always go to a person.",
            "minutes": 5,
            "body": "- Legal threats\n- Safety issues",
        },
        "triage-sandbox": {
            "title": "Triage sandbox",
            "kind": "exercise",
            "summary": "Triage 20 synthetic tickets with the assistant's help.",
            "minutes": 45,
            "prerequisites": ["prompting-basics"],
            "sandbox": {
                "setting": "The practice helpdesk with synthetic tickets; nothing leaves it.",
                "time_box": 40,
                "success": ["Every ticket has a priority and a reason."],
            },
            "reflection": ["Where did you overrule the assistant, and why?"],
            "body": "## The scenario\n\nTwenty tickets are waiting.",
        },
    },
    "pages": {"index.md": "# Welcome\n\nPick your role below.\n"},
}


class ServeProcess:
    """A real `mkdocs serve` child on a free port on 127.0.0.1, and everything it has printed."""

    def __init__(self, root: Path, *options: str, request_timeout: float = 5) -> None:
        self.root = root
        self.request_timeout = request_timeout
        """Seconds one HTTP request may take."""
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = int(probe.getsockname()[1])
        address = f"127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-f", str(root / "mkdocs.yml"), "-a", address, *options],
            cwd=root,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONUNBUFFERED": "1"},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.lines: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    @property
    def output(self) -> str:
        return "\n".join(self.lines)

    def output_since(self, mark: int) -> str:
        return "\n".join(self.lines[mark:])

    def alive(self) -> bool:
        return self.process.poll() is None

    def get(self, url: str) -> tuple[int, str]:
        """(HTTP status, body) of a site URL; status 0 when the server does not answer."""
        try:
            with urllib.request.urlopen(
                f"http://127.0.0.1:{self.port}/{url}", timeout=self.request_timeout
            ) as response:
                return response.status, response.read().decode("utf-8")
        except urllib.error.HTTPError as error:
            return error.code, ""
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            return 0, ""

    def fetch(self, url: str) -> BeautifulSoup | None:
        """The page at a site URL, or None when it cannot be had."""
        status, text = self.get(url)
        return BeautifulSoup(text, "html.parser") if status == 200 else None

    def stop(self) -> None:
        if self.alive():
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        self._reader.join(timeout=5)


# ---- contract v2: the minimal portal of conftest.py with every v2 section ------------------------

PATH_V2 = """\
title: AI-assisted support
summary: Summarise, draft and check replies with an assistant.
levels:
  baseline:
    summary: Start here if you have not used the assistant yet.
    behaviours:
      - id: summarises-thread
        text: Summarises a ticket thread with the assistant before replying.
      - Reads the whole thread when the summary mentions money.
    modules: [prompting-basics]
  proficient:
    summary: Start here if you already draft replies with the assistant.
    behaviours:
      - id: checks-policy
        text: Checks every drafted reply against the current policy before sending.
    modules: [check-before-you-ship]
  advanced:
    summary: Start here if you want to fix the cause of bad drafts, not the reply.
    behaviours:
      - id: fixes-articles
        text: Turns recurring drafting errors into corrected help-centre articles.
    modules: [triage-sandbox]
"""

MEASURES = """\
measures:
  - id: first-reply-minutes
    title: Time to first reply
    unit: minutes
    baseline: 55
    target: 40
    better: lower
    behaviours: [ai-assisted-support/summarises-thread, ai-assisted-support/checks-policy]
"""

TEAM = """\
title: Support, Leeds queue
role: support-agent
size: 9
managers: ["@dana"]
cohort:
  managers_start: 2026-09-07
  team_start: 2026-09-21
"""

WEEK = """\
people_observed: 6
observed:
  ai-assisted-support/summarises-thread: 4
  ai-assisted-support/checks-policy: 2
practice_hours: 11
development_conversations: 5
experiments: 3
process_changes: 1
barriers_removed: 1
recognitions: 0
measures:
  first-reply-minutes: 47
"""

CHECKS = """\
checks:
  - question: The summary says the customer was promised a refund. What do you do first?
    choices:
      - text: Issue the refund the summary mentions.
        why: The summary can be wrong; the promise has to be found in the thread.
      - text: Find the promise in the thread itself.
        correct: true
        why: The thread is the source; the summary is a lead.
"""


def v2_portal(portal_texts: Mapping[str, str]) -> dict[str, str | bytes]:
    files: dict[str, str | bytes] = dict(portal_texts)
    files["paths/ai-assisted-support.yml"] = PATH_V2
    files["roles/support-agent.yml"] = portal_texts["roles/support-agent.yml"] + MEASURES
    files["teams/support-leeds.yml"] = TEAM
    for week in range(46, 49):
        files[f"adoption/support-leeds/2026-W{week}.yml"] = WEEK
    triage = portal_texts["content/modules/triage-sandbox.md"]
    files["content/modules/triage-sandbox.md"] = triage.replace(
        "    - Every ticket has a priority and a one-line reason.\n",
        "    - Every ticket has a priority and a one-line reason.\n"
        "  materials: [tickets.csv, refund-policy.md]\n"
        "  answer_key: answer-key.md\n",
    )
    files["content/practice/triage-sandbox/tickets.csv"] = "id,subject\n1,Refund please\n"
    files["content/practice/triage-sandbox/refund-policy.md"] = "# Refund policy\n\nThirty days.\n"
    files["content/practice/triage-sandbox/answer-key.md"] = "# Answer key\n\nTicket 1 is a refund.\n"
    basics = portal_texts["content/modules/prompting-basics.md"]
    files["content/modules/prompting-basics.md"] = basics.replace("---\n", "---\n" + CHECKS, 1)
    return files
