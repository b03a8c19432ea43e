"""Browser test fixtures.

The sample portal is built ONCE per session (mkdocs build of the repo's own
mkdocs.yml into a temp dir), served by http.server on 127.0.0.1, and driven by
the system's Debian chromium through Playwright (never a downloaded browser).
axe-core and the Nu HTML checker come from npm into .cache/npm (see .ci/run).

Outside CI a missing chromium/axe/vnu skips these tests; under CI=true it fails
them, so a broken install can never pass as "nothing to test".
"""

from __future__ import annotations

import functools
import json
import os
import re
import subprocess
import threading
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("ROLEPATH_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",  # CI runs as root
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # Keep the browser itself quiet, so the privacy test only sees the pages' own traffic.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
NPM = REPO / ".cache" / "npm" / "node_modules"
AXE_JS = Path(os.environ.get("ROLEPATH_AXE_JS", NPM / "axe-core" / "axe.min.js"))
VNU_JAR = Path(os.environ.get("ROLEPATH_VNU_JAR", NPM / "vnu-jar" / "build" / "dist" / "vnu.jar"))
WCAG_AA_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
IN_CI = os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")
# Preferred sample ids; any other built role/module works if these are renamed.
PREFERRED_ROLE = "support-agent"
PREFERRED_MODULE = "prompting-basics"

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # Material's banner, noise in test output


def require(ok: bool, what: str) -> None:
    """Skip locally when a tool is missing, but fail under CI: CI must run every test."""
    if ok:
        return
    if IN_CI:
        pytest.fail(f"{what} is missing; .ci/run should have installed it", pytrace=False)
    pytest.skip(f"{what} is missing (bash .ci/run installs it)")


# ---- the site -----------------------------------------------------------------


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory) -> Path:
    """The sample portal, built once. ROLEPATH_BROWSER_CONFIG may point at another mkdocs.yml."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config_file = Path(os.environ.get("ROLEPATH_BROWSER_CONFIG", REPO / "mkdocs.yml"))
    out = tmp_path_factory.mktemp("site")
    cfg = load_config(config_file=str(config_file), site_dir=str(out))
    # The same start/build/shutdown sequence as `mkdocs build`, so hooks see a normal build.
    cfg.plugins.on_startup(command="build", dirty=False)
    try:
        build(cfg)
    finally:
        cfg.plugins.on_shutdown()
    assert (out / "index.html").is_file(), "the build wrote no home page"
    return out


class _QuietHandler(SimpleHTTPRequestHandler):
    extensions_map = {
        **SimpleHTTPRequestHandler.extensions_map,
        ".ics": "text/calendar",
        ".json": "application/json",
        ".js": "text/javascript",
    }

    def log_message(self, *args) -> None:  # keep pytest output clean
        pass


@pytest.fixture(scope="session")
def server(site_dir: Path):
    """Base URL (ending in /) of the built site on 127.0.0.1, on a free port."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(site_dir)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


@dataclass
class Portal:
    """Where the interesting pages of the built portal are (site-relative URLs)."""

    site: Path
    role: str
    roles: list[str]
    module: str
    leaders: list[str]
    has_diagnostic: bool

    @property
    def role_url(self) -> str:
        return f"roles/{self.role}/"

    @property
    def manager_url(self) -> str:
        return f"roles/{self.role}/manager/"

    @property
    def module_url(self) -> str:
        return f"modules/{self.module}/"

    def html(self, url: str) -> str:
        return (self.site / url / "index.html").read_text(encoding="utf-8")


def _ids(site: Path, pattern: str) -> list[str]:
    return sorted(p.parent.name for p in site.glob(pattern))


@pytest.fixture(scope="session")
def portal(site_dir: Path) -> Portal:
    roles = [r for r in _ids(site_dir, "roles/*/index.html")]
    modules = _ids(site_dir, "modules/*/index.html")
    assert roles, "the sample portal has no role pages"
    assert modules, "the sample portal has no module pages"
    role = PREFERRED_ROLE if PREFERRED_ROLE in roles else roles[0]
    module = PREFERRED_MODULE if PREFERRED_MODULE in modules else modules[0]
    return Portal(
        site=site_dir,
        role=role,
        roles=roles,
        module=module,
        leaders=_ids(site_dir, "leaders/*/index.html"),
        has_diagnostic=(site_dir / "diagnostic" / "index.html").is_file(),
    )


# ---- the browser ----------------------------------------------------------------


@pytest.fixture(scope="session")
def browser():
    require(CHROMIUM.exists(), f"chromium ({CHROMIUM})")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def new_page(browser, server):
    """Factory: a fresh page in its own context (own localStorage). kwargs go to new_context."""
    contexts = []

    def make(**context_options):
        options = {"base_url": server, "service_workers": "block", "viewport": {"width": 1280, "height": 900}}
        options.update(context_options)
        context = browser.new_context(**options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()


def wait_for_rolepath(page) -> None:
    """rolepath.js marks <html> once it has initialised the page."""
    page.wait_for_function("document.documentElement.classList.contains('rp-js')")


# ---- helpers: requests, axe, Nu, PDF ----------------------------------------------


@dataclass
class RequestLog:
    """Every URL a page (and its workers) asked for, including ones that failed."""

    urls: list[str] = field(default_factory=list)

    def hosts(self) -> set[str]:
        return {urlsplit(u).hostname for u in self.urls if urlsplit(u).scheme in ("http", "https", "ws", "wss")}

    def foreign(self, allowed: str = "127.0.0.1") -> list[str]:
        # Anything with a network scheme that is not our server. data:/blob: never leave the browser.
        return [u for u in self.urls if urlsplit(u).scheme not in ("data", "blob", "about") and urlsplit(u).hostname != allowed]


def record_requests(page) -> RequestLog:
    log = RequestLog()
    page.context.on("request", lambda request: log.urls.append(request.url))
    page.on("websocket", lambda ws: log.urls.append(ws.url))
    return log


def axe_violations(page, exclude: list[str] | None = None) -> list[dict]:
    """Run axe-core (WCAG 2.0/2.1 A and AA rules) on the page as it is now."""
    require(AXE_JS.is_file(), f"axe-core ({AXE_JS})")
    if not page.evaluate("typeof window.axe === 'object'"):
        # Injected inline from disk: no request, works on any page.
        page.add_script_tag(content=AXE_JS.read_text(encoding="utf-8"))
    return page.evaluate(
        """async ({tags, exclude}) => {
            const context = exclude.length ? {exclude: exclude.map(s => [s])} : document;
            const result = await axe.run(context, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => ({target: n.target.join(' '), html: n.html.slice(0, 200), summary: n.failureSummary}))
            }));
        }""",
        {"tags": WCAG_AA_TAGS, "exclude": exclude or []},
    )


def describe_violations(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']}")
        for n in v["nodes"][:5]:
            lines.append(f"    {n['target']}: {n['html']}\n      {n['summary']}".replace("\n", "\n      "))
    return "\n".join(lines)


def nu_check(files: list[Path]) -> list[dict]:
    """Errors from the Nu HTML checker (vnu.jar) for the given HTML files."""
    require(VNU_JAR.is_file(), f"the Nu HTML checker ({VNU_JAR})")
    proc = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--format", "json", "--errors-only", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    # vnu writes its JSON report to stderr and exits 1 when it found errors.
    report = json.loads(proc.stderr or proc.stdout)
    return [m for m in report.get("messages", []) if m.get("type") in ("error", "non-document-error")]


_PAGE_OBJECT = re.compile(rb"/Type\s*/Page(?![A-Za-z])")


def pdf_page_count(pdf: bytes) -> int:
    """Pages in a PDF from Chromium: it writes each page object's dictionary uncompressed."""
    assert pdf.startswith(b"%PDF-"), "not a PDF"
    return len(_PAGE_OBJECT.findall(pdf))
