"""Nothing an author (or a fuzzer) writes makes `load()` raise: it reports, cleanly, or loads.

Property tests overwrite one file of the minimal valid portal per example and load the
repository; the yaml-test-suite cases and the hostile documents (alias bombs, deep nesting,
huge files) do the same with fixed inputs.
"""

from __future__ import annotations

import os
import string
import time
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from rolepath import Loaded, load

ROLE = "roles/support-agent.yml"
PATH = "paths/ai-assisted-support.yml"
MODULE = "content/modules/triage-sandbox.md"
LEADER = "content/leaders/language-that-invites-learning.md"
TARGETS = {"role": ROLE, "path": PATH, "module": MODULE, "leader": LEADER}
ITEM = {ROLE: ("roles", "support-agent"), PATH: ("paths", "ai-assisted-support"),
        MODULE: ("modules", "triage-sandbox"), LEADER: ("leaders", "language-that-invites-learning")}  # fmt: skip

YAML_TEST_SUITE = Path(__file__).resolve().parents[1].parent / "shared" / "yaml-test-suite"
IN_CI = os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")

FUZZ = settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=IN_CI,  # CI is reproducible; local runs explore
)


class Repo:
    """The minimal valid portal on disk, one file of which each example replaces."""

    def __init__(self, root: Path, files: dict[str, str]) -> None:
        self.root = root
        self.files = files

    def load_with(self, rel: str, content: str | bytes) -> Loaded:
        target = self.root / rel
        target.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8", "surrogatepass"))
        try:
            return load(self.root)
        finally:
            target.write_bytes(self.files[rel].encode("utf-8"))


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory, portal_texts: Mapping[str, str]) -> Iterator[Repo]:
    root = tmp_path_factory.mktemp("portal")
    for rel, text in portal_texts.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(text.encode("utf-8"))
    yield Repo(root, dict(portal_texts))


def assert_clean(loaded: Loaded, repo: Repo, rel: str) -> None:
    """Clean load or clean error: every diagnostic is located and readable, and the file
    that was changed made it into the portal or has an error saying why not."""
    for diagnostic in loaded.report.diagnostics:
        assert isinstance(diagnostic.path, str) and diagnostic.path, diagnostic
        assert (repo.root / diagnostic.path).exists() or diagnostic.path == "content", diagnostic
        assert "\\" not in diagnostic.path and not diagnostic.path.startswith("/"), diagnostic
        assert isinstance(diagnostic.line, int) and diagnostic.line >= 0, diagnostic
        assert isinstance(diagnostic.message, str) and diagnostic.message.strip(), diagnostic
        assert "Traceback" not in diagnostic.message
    errors_here = [d for d in loaded.report.errors if d.path == rel]
    kind, item_id = ITEM[rel]
    in_portal = item_id in getattr(loaded.portal, kind)
    # Left out of the portal only with a reason; kept, it may still have cross-reference errors.
    assert in_portal or errors_here, f"{rel} was dropped without an error"


# ---- (a) arbitrary bytes ---------------------------------------------------------------------

HEADS = st.sampled_from([b"---\n", b"title: ", b"- ", b"{", b"\xef\xbb\xbf---\n"])
BYTES = st.one_of(
    st.binary(max_size=600),
    # Bytes that start like a real file get further into the parser than noise does.
    st.builds(lambda head, tail: head + tail, HEADS, st.binary(max_size=400)),
)


@pytest.mark.parametrize("kind", TARGETS)
@FUZZ
@given(data=BYTES)
def test_arbitrary_bytes_never_raise(kind: str, data: bytes, repo: Repo) -> None:
    rel = TARGETS[kind]
    assert_clean(repo.load_with(rel, data), repo, rel)


# ---- (b) arbitrary YAML documents ------------------------------------------------------------

FIELD_NAMES = [
    "title", "summary", "family", "paths", "owners", "from_to", "area", "today", "in_six_months", "practice",
    "hours_per_week", "ideas", "levels", "baseline", "proficient", "advanced", "behaviours", "modules", "kind",
    "minutes", "prerequisites", "review_by", "sandbox", "setting", "time_box", "success", "phrases",
    "instead_of", "say", "why", "audience", "manager", "before", "after", "prompts", "payoff",
]  # fmt: skip
KEYS = st.one_of(st.sampled_from(FIELD_NAMES), st.text(max_size=12))
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.sampled_from(["exercise", "lesson", "2027-06-30", "2027-02-30", "@team", "prompting-basics",
                     "triage-sandbox", "ai-assisted-support", "No", "~", "0x1F", "1:30", ".nan", "*a", "&a"]),
    st.dates().map(str),
)  # fmt: skip
DOCUMENTS = st.recursive(
    SCALARS,
    lambda children: st.one_of(st.lists(children, max_size=4), st.dictionaries(KEYS, children, max_size=6)),
    max_leaves=25,
)
TEXT = st.text(alphabet=string.printable + "äé—\u00a0\u2028\ufeff\t", max_size=300)


def _dump(document: object, flow: bool) -> str:
    return yaml.safe_dump(document, default_flow_style=flow, allow_unicode=True, sort_keys=False)


def _as_file(rel: str, yaml_text: str) -> str:
    return f"---\n{yaml_text}---\nBody.\n" if rel.endswith(".md") else yaml_text


@pytest.mark.parametrize("kind", TARGETS)
@FUZZ
@given(document=DOCUMENTS, flow=st.booleans())
def test_arbitrary_yaml_documents_load_or_fail_cleanly(kind: str, document: object, flow: bool, repo: Repo) -> None:
    rel = TARGETS[kind]
    assert_clean(repo.load_with(rel, _as_file(rel, _dump(document, flow))), repo, rel)


@pytest.mark.parametrize("kind", TARGETS)
@FUZZ
@given(text=TEXT)
def test_arbitrary_text_loads_or_fails_cleanly(kind: str, text: str, repo: Repo) -> None:
    rel = TARGETS[kind]
    assert_clean(repo.load_with(rel, _as_file(rel, text)), repo, rel)


YAML_TOKENS = [
    "title", "summary", "minutes", "kind", "sandbox", "levels", "baseline", "paths", "x", "1", "0", "-1", "2.5",
    ": ", ":", "- ", "-", "? ", "[", "]", "{", "}", ",", " ", "  ", "\n", "\n  ", "\n    ", "\t", "'", '"', "#",
    "|", ">-", "&a ", "*a", "!!str ", "!!int ", "!!float ", "!!bool ", "!!null ", "!!timestamp ", "!!binary ",
    "!!set ", "!!omap ", "!!seq ", "!!map ", "!local ", "<<", "---", "...", "%YAML 1.1\n", "%TAG ! tag:x,2000:\n",
    "\\", "\\u00e9", "\\x", "é", "\u2028", "\ufeff", "\x85", "~", "null", "No", "2027-06-30", "2027-13-45",
]  # fmt: skip
TOKEN_SOUP = st.lists(st.sampled_from(YAML_TOKENS), max_size=40).map("".join)


@pytest.mark.parametrize("kind", TARGETS)
@FUZZ
@given(text=TOKEN_SOUP)
@example(text="title: !!int ''\n")
@example(text="title: !!bool perhaps\n")
@example(text="title: !!timestamp soon\n")
def test_yaml_token_soup_loads_or_fails_cleanly(kind: str, text: str, repo: Repo) -> None:
    """Text built from YAML's own syntax (indicators, tags, anchors, directives) reaches the
    corners of the parser and the constructors that random text never does."""
    rel = TARGETS[kind]
    assert_clean(repo.load_with(rel, _as_file(rel, text)), repo, rel)


@FUZZ
@given(
    field=st.sampled_from(["title", "summary", "family", "paths", "owners", "from_to", "practice", "payoff"]),
    value=DOCUMENTS,
)
def test_any_value_in_a_valid_role_loads_or_fails_cleanly(field: str, value: object, repo: Repo) -> None:
    """A valid role with one field's value replaced: the deepest the fuzzer gets into the checks."""
    document = yaml.safe_load(repo.files[ROLE])
    document[field] = value
    assert_clean(repo.load_with(ROLE, _dump(document, False)), repo, ROLE)


# ---- (c) the YAML test suite -----------------------------------------------------------------


def _suite_cases() -> list[Path]:
    if not YAML_TEST_SUITE.is_dir():
        message = f"the YAML test suite is missing: expected it at {YAML_TEST_SUITE}"
        if IN_CI:
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    cases = sorted(YAML_TEST_SUITE.rglob("in.yaml"))
    assert len(cases) >= 300, f"only {len(cases)} cases under {YAML_TEST_SUITE}: is the suite complete?"
    return cases


def test_every_yaml_test_suite_case_as_a_role_loads_or_fails_cleanly(repo: Repo) -> None:
    failures = []
    for case in _suite_cases():
        name = case.parent.relative_to(YAML_TEST_SUITE).as_posix()
        try:
            assert_clean(repo.load_with(ROLE, case.read_bytes()), repo, ROLE)
        except Exception as error:  # collect them all: one report names every failing case
            failures.append(f"{name}: {type(error).__name__}: {error}")
    assert not failures, "\n".join(failures)


def test_yaml_test_suite_error_cases_are_errors(repo: Repo) -> None:
    """Cases the suite marks invalid (an `error` file beside in.yaml) must never load as a role."""
    loaded_anyway = []
    for case in _suite_cases():
        if (case.parent / "error").exists():
            loaded = repo.load_with(ROLE, case.read_bytes())
            if "support-agent" in loaded.portal.roles:
                loaded_anyway.append(case.parent.relative_to(YAML_TEST_SUITE).as_posix())
    assert not loaded_anyway, loaded_anyway


# ---- (d) hostile documents -------------------------------------------------------------------


def _billion_laughs() -> str:
    lines = ['lol0: &lol0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for n in range(1, 10):
        lines.append(f"lol{n}: &lol{n} [{', '.join([f'*lol{n - 1}'] * 9)}]")
    return "title: Laughs\n" + "\n".join(lines) + "\n"


def _deep_block(depth: int) -> str:
    return "".join(f"{'  ' * i}k{i}:\n" for i in range(depth)) + f"{'  ' * depth}leaf: 1\n"


HOSTILE = [
    pytest.param(ROLE, _billion_laughs(), -1, "alias bomb", id="billion-laughs"),
    pytest.param(MODULE, "---\n" + _billion_laughs() + "---\n", -1, "alias bomb", id="billion-laughs-front-matter"),
    pytest.param(ROLE, "title: &a [x, *a]\n", 1, "deeper than", id="recursive-alias-list"),
    pytest.param(PATH, "title: x\nlevels: &l {baseline: *l}\n", 2, "deeper than", id="recursive-alias-mapping"),
    pytest.param(ROLE, "title: " + "[" * 200 + "]" * 200 + "\n", 1, "deeper than", id="200-deep-flow"),
    pytest.param(ROLE, "payoff: " + "{a: " * 200 + "x" + "}" * 200 + "\n", 1, "deeper than", id="200-deep-flow-map"),
    pytest.param(ROLE, _deep_block(200), 66, "deeper than", id="200-deep-block"),
    pytest.param(ROLE, "summary: " + "x" * (2 * 1024 * 1024) + "\n", 0, "limit is 1024 KiB", id="2MiB-role"),
    pytest.param(PATH, "levels:\n" + "  - behaviour\n" * (180_000), 0, "limit is 1024 KiB", id="2MiB-path-lines"),
    pytest.param(MODULE, "---\nsummary: " + "x" * (2 * 1024 * 1024) + "\n---\n", 2, "larger than 1024 KiB",
                 id="2MiB-front-matter"),
    pytest.param(LEADER, "---\ntitle: t\n---\n" + "x" * (6 * 1024 * 1024), 0, "KiB", id="6MiB-markdown"),
    pytest.param(ROLE, "payoff: [" + ", ".join(["x"] * 60_000) + "]\n", 1, "more than 50000 values",
                 id="60000-values"),
]  # fmt: skip


@pytest.mark.parametrize(("rel", "content", "line", "words"), HOSTILE)
def test_hostile_documents_are_a_clean_error_quickly(rel: str, content: str, line: int, words: str, repo: Repo) -> None:
    start = time.perf_counter()
    loaded = repo.load_with(rel, content)
    elapsed = time.perf_counter() - start
    errors = [d for d in loaded.report.errors if d.path == rel]
    assert len(errors) == 1 and words in errors[0].message, errors
    if line < 0:  # an alias bomb: somewhere in the file
        assert 1 <= errors[0].line <= content.count("\n"), errors
    else:
        assert errors[0].line == line, errors
    assert elapsed < 3, f"took {elapsed:.1f}s"
    assert_clean(loaded, repo, rel)


def test_deep_nesting_within_the_limit_is_only_a_schema_error(repo: Repo) -> None:
    loaded = repo.load_with(ROLE, repo.files[ROLE] + "payoff: " + "[" * 40 + "]" * 40 + "\n")
    [error] = loaded.report.errors
    assert (error.path, error.line) == (ROLE, 13)
    assert "'payoff[1]' must be text, not a list" in error.message
