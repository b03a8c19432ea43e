"""Helpers and settings for the browser tests (import these; never import conftest).

Shared by tests/browser/conftest.py (fixtures) and the test modules.
"""

from __future__ import annotations

import functools
import gzip
import io
import json
import os
import re
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar
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
BEST_PRACTICE_TAGS = [*WCAG_AA_TAGS, "best-practice"]
"""WCAG 2.1 AA and axe's best practices (landmarks, headings, named dialogs, focusable scroll regions)."""
IN_CI = os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def require(ok: bool, what: str) -> None:
    """Skip locally when a tool is missing, but fail under CI: CI must run every test."""
    if ok:
        return
    if IN_CI:
        pytest.fail(f"{what} is missing; .ci/run should have installed it", pytrace=False)
    pytest.skip(f"{what} is missing (bash .ci/run installs it)")


class QuietHandler(SimpleHTTPRequestHandler):
    """A static file server that keeps pytest's output clean, with the types a portal serves."""

    extensions_map: ClassVar[dict[str, str]] = {
        **SimpleHTTPRequestHandler.extensions_map,
        ".ics": "text/calendar",
        ".json": "application/json",
        ".js": "text/javascript",
    }

    def log_message(self, *args) -> None:
        pass


@contextmanager
def serving(folder: Path, handler: type[SimpleHTTPRequestHandler] = QuietHandler) -> Iterator[str]:
    """``folder`` served on 127.0.0.1 on a free port, for as long as the block runs: its base URL.
    ``handler``: QuietHandler serves files as they are; CompressedHandler as a real host does."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(folder)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()


def wait_for_rolepath(page) -> None:
    """rolepath.js marks <html> once it has initialised the page."""
    page.wait_for_function("document.documentElement.classList.contains('rp-js')")


def open_page(page, url: str):
    """A full page load (not instant navigation) of a site-relative URL, ready for tests."""
    page.goto(url)
    wait_for_rolepath(page)
    return page


def stored(page) -> dict | None:
    """rolepath's saved state for this origin."""
    return page.evaluate("JSON.parse(localStorage.getItem('rolepath:v1') || 'null')")


# ---- helpers: requests, axe, Nu, PDF ----------------------------------------------


@dataclass
class RequestLog:
    """Every URL a page (and its workers) asked for, including ones that failed."""

    urls: list[str] = field(default_factory=list)

    def hosts(self) -> set[str]:
        return {urlsplit(u).hostname for u in self.urls if urlsplit(u).scheme in ("http", "https", "ws", "wss")}

    def foreign(self, allowed: str = "127.0.0.1") -> list[str]:
        # Anything with a network scheme that is not our server. data:/blob: never leave the browser.
        return [
            u
            for u in self.urls
            if urlsplit(u).scheme not in ("data", "blob", "about") and urlsplit(u).hostname != allowed
        ]


def record_requests(page) -> RequestLog:
    log = RequestLog()
    page.context.on("request", lambda request: log.urls.append(request.url))
    page.on("websocket", lambda ws: log.urls.append(ws.url))
    return log


def axe_violations(page, exclude: list[str] | None = None, tags: list[str] = WCAG_AA_TAGS) -> list[dict]:
    """Run axe-core (by default its WCAG 2.0/2.1 A and AA rules) on the page as it is now."""
    require(AXE_JS.is_file(), f"axe-core ({AXE_JS})")
    if not page.evaluate("typeof window.axe === 'object'"):
        # Injected inline from disk: no request, works on any page.
        page.add_script_tag(content=AXE_JS.read_text(encoding="utf-8"))
    return page.evaluate(
        """async ({tags, exclude}) => {
            // Colours are judged at rest: let CSS transitions (Material fades buttons
            // and links over 125-250 ms) finish first, but never wait for long.
            const settled = Promise.all(document.getAnimations().map(a => a.finished.catch(() => null)));
            await Promise.race([settled, new Promise(resolve => setTimeout(resolve, 2000))]);
            const context = exclude.length ? {exclude: exclude.map(s => [s])} : document;
            const result = await axe.run(context, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => ({
                    target: n.target.join(' '), html: n.html.slice(0, 200), summary: n.failureSummary
                }))
            }));
        }""",
        {"tags": tags, "exclude": exclude or []},
    )


def describe_violations(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']}")
        for n in v["nodes"][:5]:
            lines.append(f"    {n['target']}: {n['html']}\n      {n['summary']}".replace("\n", "\n      "))
    return "\n".join(lines)


class NuJob:
    """The Nu HTML checker (vnu.jar) on a set of HTML files, run in the background.

    Java takes seconds to check a whole portal; started early, it works while the
    browser tests run. `errors()` waits for it and returns its error messages.
    """

    def __init__(self, files: list[Path]):
        self.files = files
        self.proc = None
        if VNU_JAR.is_file() and files:
            self.proc = subprocess.Popen(
                ["java", "-jar", str(VNU_JAR), "--format", "json", "--errors-only", *map(str, files)],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )

    def errors(self) -> list[dict]:
        require(self.proc is not None, f"the Nu HTML checker ({VNU_JAR})")
        stdout, stderr = self.proc.communicate(timeout=300)
        # vnu writes its JSON report to stderr and exits 1 when it found errors.
        report = json.loads(stderr or stdout)
        return [m for m in report.get("messages", []) if m.get("type") in ("error", "non-document-error")]

    def cancel(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


_PAGE_OBJECT = re.compile(rb"/Type\s*/Page(?![A-Za-z])")


def pdf_page_count(pdf: bytes) -> int:
    """Pages in a PDF from Chromium: it writes each page object's dictionary uncompressed."""
    assert pdf.startswith(b"%PDF-"), "not a PDF"
    return len(_PAGE_OBJECT.findall(pdf))


_PDF_OBJECT = re.compile(rb"(\d+) 0 obj\s*<<(.*?)>>\s*endobj", re.S)
_OUTLINE_ITEM = re.compile(rb"/Title \((.*?)(?<!\\)\)\s*/Dest \[(\d+) 0 R /XYZ [\d.]+ ([\d.]+)", re.S)


@dataclass(frozen=True)
class PdfHeading:
    title: str
    page: int
    """1-based."""
    top: float
    """The heading's top edge, in points up from the page's bottom edge."""


def pdf_headings(pdf: bytes) -> list[PdfHeading]:
    """Where each heading landed in a PDF that Chromium wrote with ``page.pdf(outline=True, tagged=True)``: its
    outline items (uncompressed, like the page objects) name the page and height of each heading."""
    assert pdf.startswith(b"%PDF-"), "not a PDF"
    objects = {int(number): body for number, body in _PDF_OBJECT.findall(pdf)}
    (kids,) = [re.search(rb"/Kids \[([^\]]*)\]", body) for body in objects.values() if b"/Type /Pages" in body]
    assert kids is not None
    pages = [int(ref) for ref in re.findall(rb"(\d+) 0 R", kids[1])]
    found = []
    for body in objects.values():
        item = _OUTLINE_ITEM.search(body)
        if item is not None and b"/Parent" in body:
            title = item[1].decode("latin-1").replace("\\(", "(").replace("\\)", ")")
            found.append(PdfHeading(title, pages.index(int(item[2])) + 1, float(item[3])))
    return sorted(found, key=lambda h: (h.page, -h.top))


# ---- a static host as real ones serve a site: compressed, with cache headers ------------------

COMPRESSIBLE = {".html", ".css", ".js", ".json", ".svg", ".xml", ".ics", ".txt", ".map", ".webmanifest"}
_HASHED_ASSET = re.compile(r"\.[0-9a-f]{8}\.min\.(css|js)$")


class CompressedHandler(QuietHandler):
    """Serves a built site as GitHub Pages, Netlify or nginx with ``gzip on`` do: text files gzipped
    when the browser accepts it, Material's content-hashed assets cached for a year, everything else
    revalidated after ten minutes (what GitHub Pages sends). docs/hosting.md describes the same setup."""

    _gzipped: ClassVar[dict[tuple[str, float], bytes]] = {}

    def send_head(self):  # type: ignore[no-untyped-def]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not urlsplit(self.path).path.endswith("/"):
                return super().send_head()  # its redirect to the folder's URL with a slash
            path = path / "index.html"
        if not (path.is_file() and path.suffix in COMPRESSIBLE and "gzip" in self.headers.get("Accept-Encoding", "")):
            return super().send_head()
        key = (str(path), path.stat().st_mtime)
        if key not in self._gzipped:
            self._gzipped[key] = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        body = self._gzipped[key]
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        return io.BytesIO(body)

    def end_headers(self) -> None:
        hashed = _HASHED_ASSET.search(self.path.split("?")[0])
        self.send_header("Cache-Control", "public, max-age=31536000, immutable" if hashed else "public, max-age=600")
        super().end_headers()
