"""The portal in the reader's language: complete catalogs, single-language builds that show no English
interface string, several editions in one portal with a switcher that keeps the page, fallbacks,
and the check of translations (structure, age) in the shipped languages.

Everything is built for real from fixture repositories with MkDocs' own load_config + build.
"""

from __future__ import annotations

import datetime
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from babel.numbers import format_decimal, format_percent
from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar
from mkdocs.exceptions import Abort
from rolepath import load
from rolepath.content import i18n
from sites import (
    REPO,
    broken_links,
    build_site,
    calendar_texts,
    english_fragments,
    english_interface,
    every_file,
    git,
    make_portal,
    shown_strings,
    small_portal,
    soup,
    v2_portal,
    write,
)

sys.path.insert(0, str(REPO / "hooks"))


SHIPPED = i18n.SHIPPED


@pytest.fixture(scope="module")
def used() -> dict[str, object]:
    """Every string the sources use, freshly extracted: {msgid: message}."""
    return {_key(m.id): m for m in i18n.extract() if m.id}


def _key(message_id: object) -> str:
    return str(message_id[0]) if isinstance(message_id, tuple | list) else str(message_id)


def _catalog(language: str):  # type: ignore[no-untyped-def]
    with i18n.catalog_file(language).open("rb") as handle:
        return read_po(handle, locale=i18n.babel_locale(language), domain="rolepath")


@pytest.mark.parametrize("language", SHIPPED)
def test_every_catalog_holds_every_string_the_sources_use(used: dict[str, object], language: str) -> None:
    """Extract from Python, templates and scripts as babel.cfg says; the catalog lacks none of them
    (a new string fails here until `i18n.update_catalogs()` adds it and someone translates it)."""
    catalog = {_key(m.id) for m in _catalog(language) if m.id}
    missing = sorted(set(used) - catalog)
    assert not missing, f"{language}: {len(missing)} strings missing from the catalog, e.g. {missing[:5]}"
    unused = sorted(catalog - set(used))
    assert not unused, f"{language}: strings no source uses any more: {unused[:5]}"


@pytest.mark.parametrize("language", SHIPPED)
def test_shipped_catalogs_are_complete_and_their_placeholders_match(language: str) -> None:
    catalog = _catalog(language)
    untranslated = [m.id for m in catalog if m.id and not all(m.string if isinstance(m.string, tuple) else [m.string])]
    assert not untranslated, f"{language}: untranslated: {untranslated[:5]}"
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    assert not fuzzy, f"{language}: fuzzy (unreviewed) entries: {fuzzy[:5]}"
    problems = [(m.id, [str(e) for e in errors]) for m, errors in catalog.check()]
    assert not problems, f"{language}: placeholders differ from the English: {problems[:3]}"


def test_a_catalog_without_a_string_fails_the_completeness_test(tmp_path: Path, used: dict[str, object]) -> None:
    """The check above can fail: a catalog missing one msgid is caught."""
    catalog = _catalog("de")
    dropped = next(iter(used))
    catalog.delete(dropped)
    assert dropped in set(used) - {_key(m.id) for m in catalog if m.id}


# -- single-language portals -------------------------------------------------------------------


@pytest.fixture(scope="module", params=SHIPPED)
def single_language_site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    language = request.param
    root = tmp_path_factory.mktemp(f"portal-{language}")
    portal = small_portal()
    settings = {"theme": {"name": "material", "custom_dir": str(REPO / "overrides"), "font": False,
                          "language": language, "features": ["content.action.edit"]}}  # fmt: skip
    make_portal(root, **portal, config=settings)
    return language, build_site(root, strict=True)


def test_a_single_language_build_shows_no_english_interface_string(single_language_site: tuple[str, Path]) -> None:
    language, site = single_language_site
    english = english_interface(language)
    assert len(english) > 100  # the comparison means something only against the whole interface
    found = {}
    for file in sorted(site.rglob("*.html")):
        page = BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")
        assert page.html is not None and page.html.get("lang") == language, file
        for text in shown_strings(page):
            if text in english:
                found.setdefault(text, file.relative_to(site).as_posix())
    assert not found, f"{language}: English interface strings on the pages: {found}"


def test_a_single_language_build_is_worded_and_formatted_in_its_language(
    single_language_site: tuple[str, Path],
) -> None:
    language, site = single_language_site
    translator = i18n.Translator(language)
    role = soup(site, "roles/support-agent/")
    assert role.select_one("h2#where-to-start").get_text(strip=True) == translator.gettext("Where to start")
    meta = role.select_one(".rp-level-meta").get_text(" ", strip=True)
    assert meta == translator.gettext(
        "%(behaviours)s and %(modules)s, about %(time)s in all",
        behaviours=translator.ngettext("%(num)s behaviour", "%(num)s behaviours", 1),
        modules=translator.ngettext("%(num)s module", "%(num)s modules", 2),
        time=translator.minutes(25),
    )
    strings = json.loads(role.select_one("script#rp-strings").string)
    assert strings["Mark as done"] == translator.gettext("Mark as done") != "Mark as done"
    module = soup(site, "modules/triage-sandbox/")
    assert translator.gettext("The sandbox") in module.select_one("h2#sandbox").get_text()
    calendar = (site / "roles/support-agent/practice.ics").read_text(encoding="utf-8")
    assert translator.gettext("AI practice: %(role)s", role="Customer Support Agent") in calendar.replace("\r\n ", "")
    search = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    assert search["config"]["lang"] == [language]


def test_the_practice_calendar_is_in_the_editions_language(single_language_site: tuple[str, Path]) -> None:
    """practice.ics, parsed back: its name, the weekly block and every reminder in the edition's
    language (the levels by their names in it), and no English word from the calendar's messages."""
    language, site = single_language_site
    translator = i18n.Translator(language)
    ics = site / "roles/support-agent/practice.ics"
    calendar = Calendar.from_ical(ics.read_bytes())
    role = "Customer Support Agent"
    assert str(calendar["X-WR-CALNAME"]) == translator.gettext("Practice: %(role)s", role=role)
    (block,) = [event for event in calendar.walk("VEVENT") if "RRULE" in event]
    assert str(block["SUMMARY"]) == translator.gettext("AI practice: %(role)s", role=role) != f"AI practice: {role}"
    assert translator.minutes(120) in str(block["DESCRIPTION"])
    reminders = {str(event["SUMMARY"]) for event in calendar.walk("VEVENT") if "RRULE" not in event}
    levels = [translator.gettext(name) for name in ("baseline", "proficient", "advanced")]
    revisit = "Revisit %(path)s, %(level)s level"
    assert reminders == {translator.gettext(revisit, path="Support basics", level=level) for level in levels}
    english = english_fragments(language, "output/ical.py")
    assert len(english) > 10
    found = {fragment for text in calendar_texts(ics.read_bytes()) for fragment in english if fragment in text}
    assert not found, f"{language}: English words in practice.ics: {sorted(found)}"


def test_minutes_and_numbers_follow_the_locale() -> None:
    german, french = i18n.Translator("de"), i18n.Translator("fr")
    assert german.minutes(90) == "1 h 30 min"
    assert german.number(1.5) == "1,5" and french.number(1.5) == "1,5"
    assert german.date(datetime.date(2026, 3, 4)) == "4. März 2026"
    assert french.date(datetime.date(2026, 3, 4)) == "4 mars 2026"
    assert i18n.ENGLISH.minutes(90) == "1 h 30 min"
    assert german.ngettext("%(num)s module", "%(num)s modules", 1) == "1 Modul"
    assert german.ngettext("%(num)s module", "%(num)s modules", 3) == "3 Module"


NUMBERS = (
    st.integers(min_value=-(10**12), max_value=10**12)
    | st.floats(min_value=-1e9, max_value=1e9, allow_nan=False)
    | st.decimals(min_value=-1000, max_value=1000, places=4, allow_nan=False).map(float)
    | st.sampled_from([0.295, 0.005, 0.015, 2.0005, -0.0004, 1e-9, 0.1 + 0.2, 1 / 3, 2 / 3, 12.5, -0.0])
)


@settings(max_examples=600, deadline=None)
@given(value=NUMBERS, language=st.sampled_from(["en", *SHIPPED]))
def test_the_quick_number_formats_write_what_babel_writes(value: float, language: str) -> None:
    """The adoption pages' figures are written by `NumberFormat` with string operations, not by
    Babel: for every shipped language it must write exactly what format_decimal and format_percent do."""
    formats = i18n.number_format(language)
    assert not formats.by_babel, f"{language} would be formatted by Babel, slowly"
    locale = i18n.babel_locale(language)
    assert formats.number(value) == format_decimal(value, locale=locale)
    assert formats.percent(value) == format_percent(value, locale=locale)


def test_a_locale_with_uncommon_number_patterns_is_left_to_babel() -> None:
    """Indian grouping (12,34,567) is not the common pattern, and Babel writes Swiss German's
    apostrophe group only below a million: both are formatted by Babel itself."""
    for language in ("hi", "de-CH"):
        formats = i18n.number_format(language)
        assert formats.by_babel
        assert formats.number(1234567.5) == format_decimal(1234567.5, locale=i18n.babel_locale(language))


def test_a_signals_shares_and_counts_are_written_in_the_readers_language() -> None:
    message = i18n.Message.of(
        "Only %(used)s of the practice budget was used in the last %(weeks)s weeks, in a role whose metrics punish"
        " practice (%(metrics)s): check that they were adjusted as the role says.",
        used=i18n.Percent(0.375), weeks=1234, metrics="handle time",
    )  # fmt: skip
    assert str(message).startswith("Only 38% of the practice budget was used in the last 1,234 weeks")
    assert message.translated(i18n.Translator("de")).startswith("In den letzten 1.234 Wochen wurden nur 38\u00a0%")


# -- several languages in one portal -------------------------------------------------------------

GERMAN_ROLE = """\
title: Fachkraft im Kundensupport
family: Kundenbetrieb
summary: Supportkräfte entwerfen Antworten mit einem Assistenten und prüfen sie gegen die Richtlinie.
paths: [support-basics]
from_to:
  - area: Tickets beantworten
    today: Durchsucht drei Wissensdatenbanken von Hand.
    in_six_months: Entwirft die erste Antwort mit einem Assistenten und prüft sie.
practice:
  hours_per_week: 2
  ideas: ["Einen Sprint pro Quartal mit dem neuen Triage-Ablauf arbeiten."]
"""

GERMAN_MODULE = """\
---
title: Grundlagen des Promptens
summary: Prompts mit Aufgabe, Material, Vorgaben und Format schreiben.
minutes: 20
---

## Warum kurze Prompts enttäuschen

Ein Prompt, der funktioniert, hat vier Teile.
"""


def _multilingual(root: Path, languages: list[str]) -> Path:
    portal = small_portal()
    # site_url: the 404 page's links are absolute, from it (as in any Material site).
    settings = {"site_url": "https://learning.example.com/", "extra": {"rolepath": {"languages": languages}}}
    make_portal(root, **portal, config=settings)
    write(root / "roles" / "support-agent.de.yml", GERMAN_ROLE)
    write(root / "content" / "modules" / "prompting-basics.de.md", GERMAN_MODULE)
    write(root / "content" / "index.de.md", "# Willkommen\n\nWählen Sie unten Ihre Rolle.\n")
    write(root / "content" / "faq.md", "# Questions\n\nAsk your manager.\n")
    return root


@pytest.fixture(scope="module")
def multilingual_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(_multilingual(tmp_path_factory.mktemp("multilingual"), ["en", "de"]), strict=True)


def test_each_language_is_an_edition_with_the_same_pages(multilingual_site: Path) -> None:
    site = multilingual_site
    english = {p.relative_to(site).as_posix() for p in site.rglob("*.html") if not p.is_relative_to(site / "de")}
    german = {p.relative_to(site / "de").as_posix() for p in (site / "de").rglob("*.html")}
    assert english == german
    assert soup(site, "roles/support-agent/").html.get("lang") == "en"  # type: ignore[union-attr]
    assert soup(site, "de/roles/support-agent/").html.get("lang") == "de"  # type: ignore[union-attr]
    assert not list(site.rglob("*.de/index.html")), "a translation was published as a page of its own"
    assert soup(site, "de/roles/support-agent/").h1.get_text(strip=True) == "Fachkraft im Kundensupport"  # type: ignore[union-attr]
    assert soup(site, "roles/support-agent/").h1.get_text(strip=True) == "Customer Support Agent"  # type: ignore[union-attr]
    german_search = json.loads((site / "de/search/search_index.json").read_text(encoding="utf-8"))
    assert german_search["config"]["lang"] == ["de"]
    assert any("Warum kurze Prompts" in doc["title"] + doc["text"] for doc in german_search["docs"])


def test_every_link_resolves_across_the_editions(multilingual_site: Path) -> None:
    broken = broken_links(multilingual_site)
    assert not broken, f"{len(broken)} broken links, e.g. {broken[:5]}"


@pytest.mark.parametrize("url", ["", "roles/support-agent/", "modules/triage-sandbox/", "paths/support-basics/"])
def test_the_language_switcher_keeps_the_page(multilingual_site: Path, url: str) -> None:
    site = multilingual_site
    for edition, other in (("", "de/"), ("de/", "")):
        page = soup(site, edition + url)
        links = {a["hreflang"]: a["href"] for a in page.select("a.md-select__link[hreflang]")}
        assert set(links) == {"en", "de"}
        target = (site / edition / url / links["en" if other == "" else "de"]).resolve()
        assert target == (site / other / url).resolve(), f"{edition}{url}: {links}"


def test_an_untranslated_page_falls_back_with_a_note_in_the_readers_language(multilingual_site: Path) -> None:
    german = i18n.Translator("de")
    note = german.gettext("This page has not been translated yet: it is shown in %(language)s.", language="Englisch")
    fallback = soup(multilingual_site, "de/modules/triage-sandbox/")
    assert fallback.select_one(".rp-fallback-note").get_text(strip=True) == note  # type: ignore[union-attr]
    assert fallback.h1.get_text(strip=True) == "Triage sandbox"  # type: ignore[union-attr]
    assert fallback.select_one("h2#sandbox").get_text(strip=True).startswith("Die Sandbox")  # type: ignore[union-attr]
    translated = soup(multilingual_site, "de/modules/prompting-basics/")
    assert translated.select_one(".rp-fallback-note") is None
    assert soup(multilingual_site, "modules/triage-sandbox/").select_one(".rp-fallback-note") is None


def test_ordinary_pages_are_translated_beside_their_sources_or_fall_back(multilingual_site: Path) -> None:
    german_home = soup(multilingual_site, "de/")
    assert "Wählen Sie unten Ihre Rolle." in german_home.get_text()
    assert german_home.select_one(".rp-fallback-note") is None
    assert "Pick your role below." in soup(multilingual_site, "").get_text()
    faq = soup(multilingual_site, "de/faq/")
    assert faq.select_one(".rp-fallback-note") is not None and "Ask your manager." in faq.get_text()
    assert not (multilingual_site / "index.de").exists() and not (multilingual_site / "de/index.de").exists()


def test_progress_keys_are_the_same_in_every_edition(multilingual_site: Path) -> None:
    """The browser keeps progress by these keys for the whole origin: each edition must use the same ones."""

    def keys(url: str) -> list[str]:
        return [str(e["data-rp-key"]) for e in soup(multilingual_site, url).select("[data-rp-key]")]

    for url in ("roles/support-agent/", "modules/prompting-basics/", "modules/triage-sandbox/"):
        assert keys(url) == keys("de/" + url) != []


def test_the_practice_calendar_updates_the_same_events_in_every_edition(multilingual_site: Path) -> None:
    """Its UIDs are made of ids: a reader who imports the German calendar after the English one
    updates their events; the German one speaks of the German role and its working days."""

    def events(edition: str) -> dict[str, str]:
        ics = multilingual_site / edition / "roles/support-agent/practice.ics"
        return {str(e["UID"]): str(e["SUMMARY"]) for e in Calendar.from_ical(ics.read_bytes()).walk("VEVENT")}

    english, german = events(""), events("de")
    assert german.keys() == english.keys() and len(german) == 13
    assert german["practice-support-agent@rolepath"] == "KI-Übung: Fachkraft im Kundensupport"
    maker = soup(multilingual_site, "de/roles/support-agent/").select_one("form.rp-calendar-maker")
    assert maker is not None and maker["data-rp-working-day-names"] == "Montag|Dienstag|Mittwoch|Donnerstag|Freitag"
    page_plan = {str(li["data-rp-uid"]): str(li["data-rp-summary"]) for li in maker.select("li")}
    assert page_plan.items() <= german.items(), "the browser's calendar says what practice.ics says"


def test_theme_language_must_be_one_of_the_languages(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    root = _multilingual(tmp_path, ["de", "fr"])
    lines = (root / "mkdocs.yml").read_text(encoding="utf-8").splitlines()
    line = next(number for number, text in enumerate(lines, 1) if text.strip().startswith("languages:"))
    with pytest.raises(Abort):
        build_site(root)
    assert f"mkdocs.yml:{line}: extra: rolepath: languages: ['de', 'fr'] leaves out theme.language 'en'" in caplog.text


# -- the check ------------------------------------------------------------------------------------


def test_a_translation_that_changes_structure_is_an_error_at_its_line(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    root = _multilingual(tmp_path, ["en", "de"])
    write(root / "content/modules/prompting-basics.de.md", GERMAN_MODULE.replace("minutes: 20", "minutes: 25"))
    added = GERMAN_ROLE.replace("paths: [support-basics]", "paths: [support-basics]\nowners: ['@x']")
    write(root / "roles/support-agent.de.yml", added)
    site = root / "site"
    with pytest.raises(Abort):
        build_site(root, site_dir=site)
    assert "content/modules/prompting-basics.de.md:4: 'minutes' is '25', the source's is '20'" in caplog.text
    assert "roles/support-agent.de.yml:5: field 'owners' is not in the source" in caplog.text
    assert not site.exists()


def _check(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "rolepath.cli", "check", str(root), *args],
        capture_output=True, text=True, cwd=REPO / "hooks", check=False,
    )  # fmt: skip


def test_the_check_speaks_the_shipped_languages(tmp_path: Path) -> None:
    root = _multilingual(tmp_path, ["en", "de"])
    write(root / "content/modules/prompting-basics.de.md", GERMAN_MODULE.replace("minutes: 20", "minutes: 25"))
    german = _check(root, "--lang", "de")
    assert "content/modules/prompting-basics.de.md:4: 'minutes' ist „25“, in der Quelle „20“" in german.stdout
    assert german.stderr.strip() == "1 Fehler, 0 Warnungen (geprüft: 1 Rolle, 1 Pfad, 3 Module, 0 Einseiter)"
    assert "the source's is '20'" in _check(root).stdout


def test_a_translation_older_than_its_source_warns_with_both_dates(tmp_path: Path) -> None:
    root = _multilingual(tmp_path, ["en", "de"])
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Portal and German translation", date="2026-03-02T09:00:00+00:00")
    source = root / "content/modules/prompting-basics.md"
    source.write_text(source.read_text(encoding="utf-8") + "\nA new paragraph.\n", encoding="utf-8")
    git(root, "commit", "-q", "-am", "Prompting basics: a new paragraph", date="2026-04-15T09:00:00+00:00")
    done = _check(root)
    assert (
        "content/modules/prompting-basics.de.md:1: warning: translation last changed on 2026-03-02, its source"
        " content/modules/prompting-basics.md on 2026-04-15" in done.stdout
    ), done.stdout
    assert "roles/support-agent.de.yml" not in done.stdout  # its source has not changed since


def test_whats_new_and_the_feeds_are_in_the_editions_language(tmp_path: Path) -> None:
    root = _multilingual(tmp_path, ["en", "de"])
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "The portal", date="2026-03-02T09:00:00+00:00")
    site = build_site(root)
    german_home = soup(site, "de/").select_one(".rp-whats-new")
    assert german_home is not None and german_home.h2.get_text(strip=True) == "Neuigkeiten"  # type: ignore[union-attr]
    assert "Rolle „Fachkraft im Kundensupport“ hinzugefügt" in german_home.get_text()
    assert "support-agent.de" not in german_home.get_text()
    assert german_home.time.get_text(strip=True) == "2. März 2026"  # type: ignore[union-attr]
    assert "Role 'Customer Support Agent' added" in soup(site, "").select_one(".rp-whats-new").get_text()  # type: ignore[union-attr]
    feed = (site / "de/roles/support-agent/feed.xml").read_text(encoding="utf-8")
    assert "<title>Test portal: Neuigkeiten für Fachkraft im Kundensupport</title>" in feed


def test_the_checks_reference_messages_are_translated(tmp_path: Path) -> None:
    root = make_portal(tmp_path, **small_portal())
    path = root / "paths/support-basics.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("- prompting-basics", "- prompting-basic"), "utf-8")
    english, french = _check(root).stdout, _check(root, "--lang", "fr").stdout
    assert "unknown module 'prompting-basic' — did you mean 'prompting-basics'?" in english
    assert "module inconnu « prompting-basic » — vouliez-vous dire « prompting-basics » ?" in french
    assert french.split(":", 2)[:2] == english.split(":", 2)[:2]  # the same path:line


def test_the_checks_field_and_file_messages_are_translated(tmp_path: Path) -> None:
    """A portal with many kinds of author mistake: `rolepath check --lang de` reports each of them
    at the same path:line as in English, and in German, with no English word of the schema's and
    the reader's messages."""
    portal = small_portal()
    role = portal["roles"]["support-agent"]
    role["titel"] = role.pop("title")  # unknown field, and a required one missing
    role["practice"]["hours_per_week"] = 99  # out of bounds
    role["paths"] = "support-basics"  # not a list
    modules = portal["modules"]
    modules["prompting-basics"]["minutes"] = "20"  # quoted number
    modules["escalation-card"]["kind"] = "referense"  # not one of the kinds
    modules["triage-sandbox"]["sandbox"]["time_box"] = "010"  # quoted, and octal
    root = make_portal(tmp_path, **portal)
    write(root / "content/modules/no-front-matter.md", "# Just a heading\n")
    write(root / "content/modules/never-closed.md", "---\ntitle: Open\n")
    write(root / "roles/empty.yml", "\n")
    write(root / "roles/Team_Lead.yml", "title: Lead\n")
    english, german = _check(root), _check(root, "--lang", "de")
    lines = english.stdout.splitlines()
    assert len(lines) >= 10 and len(german.stdout.splitlines()) == len(lines), english.stdout
    assert [line.split(": ", 1)[0] for line in german.stdout.splitlines()] == [line.split(": ", 1)[0] for line in lines]
    for expected in ("unknown field 'titel'", "missing front matter", "file is empty", "must be a list",
                     "which is not one of", "remove the quotes", "is not a valid id"):  # fmt: skip
        assert expected in english.stdout, expected
    english_words = {
        fragment
        for source in ("content/check_fields.py", "content/load.py", "content/diagnostics.py", "content/schema.py")
        for fragment in english_fragments("de", source)
        if " " in fragment  # a phrase: one word could be a field's name
    }
    found = sorted(fragment for fragment in english_words if fragment in german.stdout)
    assert not found, f"English in the German check: {found}\n{german.stdout}"
    assert "unbekanntes Feld „titel“" in german.stdout and "die Datei ist leer" in german.stdout
    assert "Pflichtfeld „title“ fehlt (Der Name der Rolle, wie die Menschen in ihr ihn sagen würden)" in german.stdout


def test_the_checks_v2_and_file_kind_messages_are_translated(
    portal_texts: dict[str, str], write_repo: Callable[..., Path]
) -> None:
    """The checks between files (behaviours, measures, teams, adoption records, practice files) and
    the file-kind messages: in German at the same path:line as in English, with no English phrase."""
    files = v2_portal(portal_texts)
    path, role = "paths/ai-assisted-support.yml", "roles/support-agent.yml"
    basics = "content/modules/prompting-basics.md"
    files[path] = str(files[path]).replace("      - id: fixes-articles", "      - id: checks-policy", 1)
    files[role] = str(files[role]) + str(files[role]).split("measures:\n", 1)[1]  # the measure once more
    files[basics] = str(files[basics]).replace("        correct: true\n", "", 1)
    files["adoption/support-leds/2026-W48.yml"] = files.pop("adoption/support-leeds/2026-W48.yml")
    files["adoption/support-leeds/2026-W47.yml"] = str(files["adoption/support-leeds/2026-W47.yml"]).replace(
        "people_observed: 6", "people_observed: 10"
    )
    files["roles/team-lead.yaml"] = "title: Team lead\n"
    files["content/modules/index.md"] = str(files[basics])
    files["content/modules/drafts/old.md"] = "# Old\n"
    files["content/modules/notes.markdown"] = "# Notes\n"
    files["content/practice/no-such-exercise/a.txt"] = "a\n"
    files["content/practice/triage-sandbox/unlisted.txt"] = "b\n"
    files["content/practice/stray.txt"] = "c\n"
    files["adoption/notes.txt"] = "d\n"
    root = write_repo(files)
    (root / "content/modules/broken.md").symlink_to("missing.md")
    english, german = _check(root), _check(root, "--lang", "de")
    lines = english.stdout.splitlines()
    assert len(german.stdout.splitlines()) == len(lines), english.stdout
    assert [line.split(": ", 1)[0] for line in german.stdout.splitlines()] == [line.split(": ", 1)[0] for line in lines]
    for expected in ("behaviour id 'checks-policy' is used twice", "measure id 'first-reply-minutes' is used twice",
                     "unknown team 'support-leds'", "more than the team's size", "role files end in .yml",
                     "'index' cannot be a module id", "holds module files (<id>.md) only",
                     "practice folder for unknown exercise", "no exercise lists this file",
                     "check 1 has no right answer", "practice files go in a folder per exercise",
                     "adoption records go in a folder per team", "symbolic link cannot be followed"):  # fmt: skip
        assert expected in english.stdout, expected
    english_words = {
        fragment
        for source in ("content/check_references.py", "content/load.py", "content/diagnostics.py")
        for fragment in english_fragments("de", source)
        if " " in fragment
    }
    found = sorted(fragment for fragment in english_words if fragment in german.stdout)
    assert not found, f"English in the German check: {found}\n{german.stdout}"
    assert "die Verhaltensweisen-ID „checks-policy“ kommt in diesem Pfad zweimal vor" in german.stdout
    assert "Rollendateien enden auf .yml: Benennen Sie die Datei in team-lead.yml um" in german.stdout


def test_the_checks_yaml_and_site_config_messages_are_translated(
    valid_portal: dict[str, str | bytes], write_repo: Callable[..., Path]
) -> None:
    """What the YAML reader and the mkdocs.yml check say: in German at the same path:line as in
    English, with no English phrase of rolepath's (PyYAML's own description of a syntax error stays)."""
    files = valid_portal
    files["roles/support-agent.yml"] = str(files["roles/support-agent.yml"]) + "title: Again\n"
    files["paths/ai-assisted-support.yml"] = "title: Path\nlevels:\n\t- name: baseline\n"
    files["roles/second-doc.yml"] = "title: One\n---\ntitle: Two\n"
    files["roles/quoted.yml"] = 'title: "never closed\nsummary: x\n'
    files["roles/merged.yml"] = "base: &b {title: x}\n<<: *b\n"
    files["mkdocs.yml"] = (
        "site_name: Portal\nrepo_url: https://github.com/example/portal\nuse_directory_urls: false\n"
    )
    root = write_repo(files)
    english, german = _check(root), _check(root, "--lang", "de")
    lines = english.stdout.splitlines()
    assert [line.split(": ", 1)[0] for line in german.stdout.splitlines()] == [line.split(": ", 1)[0] for line in lines]
    for expected in ("duplicate field 'title'", "tab used for indentation", "a second YAML document starts here",
                     "YAML syntax error", "close the quote", "merge keys ('<<') are not supported",
                     "rolepath's hook is not loaded", "is a placeholder", "use_directory_urls: false"):  # fmt: skip
        assert expected in english.stdout, (expected, english.stdout)
    english_words = {
        fragment
        for source in ("content/yamlsource.py", "content/check_site_config.py")
        for fragment in english_fragments("de", source)
        if " " in fragment
    }
    found = sorted(fragment for fragment in english_words if fragment in german.stdout)
    assert not found, f"English in the German check: {found}\n{german.stdout}"
    assert "Tabulator zur Einrückung verwendet: YAML rückt nur mit Leerzeichen ein" in german.stdout


def test_a_language_without_a_catalog_is_a_warning(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    theme = {"name": "material", "custom_dir": str(REPO / "overrides"), "font": False, "language": "it"}
    root = make_portal(tmp_path, **small_portal(), config={"theme": theme})
    with pytest.raises(Abort):
        build_site(root, strict=True)
    assert "rolepath has no catalog for 'it' (it ships en, de, es, fr)" in caplog.text


def test_each_edition_is_published_under_the_builds_site_url(tmp_path: Path) -> None:
    """`mkdocs build` given another site_url (as a preview deployment is): every edition follows it."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    root = _multilingual(tmp_path, ["en", "de"])
    config = load_config(
        config_file=str(root / "mkdocs.yml"), site_dir=str(tmp_path / "site"), site_url="https://preview.example/"
    )
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    german = (tmp_path / "site/de/sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://preview.example/de/roles/support-agent/</loc>" in german
    assert "learning.example.com" not in german


def test_an_editions_language_does_not_stay_with_the_next_check(tmp_path: Path) -> None:
    """A build in German (or with a German edition) leaves the check's messages as they were."""
    build_site(_multilingual(tmp_path / "portal", ["en", "de"]))
    root = make_portal(tmp_path / "other", **small_portal())
    (root / "content/modules/orphan.md").write_text("---\ntitle: Orphan\nsummary: S.\nminutes: 5\n---\n", "utf-8")
    warnings = [str(d) for d in load(root).report.warnings]
    assert any("no path uses this module" in w for w in warnings), warnings


def test_a_warm_build_keeps_every_edition_in_its_own_language(tmp_path: Path) -> None:
    """The build cache keeps each language's entries apart: a second build, served from it, writes
    the same bytes as the first in every edition."""
    root = _multilingual(tmp_path, ["en", "de"])
    cold_site = build_site(root, site_dir=tmp_path / "cold")
    cold = {rel: data for rel, data in every_file(cold_site) if rel.endswith(".html")}
    warm_site = build_site(root, site_dir=tmp_path / "warm")
    warm = {rel: data for rel, data in every_file(warm_site) if rel.endswith(".html")}
    assert (root / ".cache/rolepath/mkdocs.de").is_dir() and (root / ".cache/rolepath/mkdocs").is_dir()
    assert warm.keys() == cold.keys() and [rel for rel in cold if warm[rel] != cold[rel]] == []
    for url, heading in (("de/modules/triage-sandbox/", "Die Sandbox"), ("modules/triage-sandbox/", "The sandbox")):
        assert soup(warm_site, url).select_one("h2#sandbox").get_text(strip=True) == heading  # type: ignore[union-attr]
