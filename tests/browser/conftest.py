"""Browser test fixtures.

The sample portal is built ONCE per session (mkdocs build of the repo's own
mkdocs.yml into a temp dir), served by http.server on 127.0.0.1, and driven by
the system's Debian chromium through Playwright (never a downloaded browser).
axe-core and the Nu HTML checker come from npm into .cache/npm (see .ci/run).

Outside CI a missing chromium/axe/vnu skips these tests; under CI=true it fails
them, so a broken install can never pass as "nothing to test".
Helpers live in browserkit.py: pytest may load another conftest module first.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pytest
from browserkit import CHROMIUM, CHROMIUM_ARGS, REPO, require, serving

# Preferred sample ids; any other built role/module works if these are renamed.
PREFERRED_ROLE = "support-agent"
PREFERRED_MODULE = "prompting-basics"

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # Material's banner, noise in test output


# ---- the site -----------------------------------------------------------------


@pytest.fixture(scope="session")
def _served(tmp_path_factory):
    """An empty site folder, already served on 127.0.0.1 on a free port: (folder, base URL)."""
    folder = tmp_path_factory.mktemp("site")
    with serving(folder) as url:
        yield folder, url


@pytest.fixture(scope="session")
def site_dir(_served) -> Path:
    """The sample portal, built once. ROLEPATH_BROWSER_CONFIG may point at another mkdocs.yml.

    site_url is set to the test server's URL, as a deployment sets it to its own:
    Material's instant navigation only takes over links listed in sitemap.xml,
    which needs site_url, and its sitemap matching ignores the port.
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    folder, url = _served
    config_file = Path(os.environ.get("ROLEPATH_BROWSER_CONFIG", REPO / "mkdocs.yml"))
    cfg = load_config(config_file=str(config_file), site_dir=str(folder), site_url=url)
    # The same start/build/shutdown sequence as `mkdocs build`, so hooks see a normal build.
    cfg.plugins.on_startup(command="build", dirty=False)
    try:
        build(cfg)
    finally:
        cfg.plugins.on_shutdown()
    assert (folder / "index.html").is_file(), "the build wrote no home page"
    return folder


@pytest.fixture(scope="session")
def server(_served, site_dir) -> str:
    """Base URL (ending in /) of the built site."""
    return _served[1]


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
    """Factory: a fresh page in its own context (own localStorage). kwargs go to new_context.

    Any uncaught script error on any page fails the test that opened it.
    """
    contexts, errors = [], []

    def make(**context_options):
        options = {"base_url": server, "service_workers": "block", "viewport": {"width": 1280, "height": 900}}
        options.update(context_options)
        context = browser.new_context(**options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(f"{page.url}: {error}"))
        return page

    yield make
    for context in contexts:
        context.close()
    assert not errors, "script errors:\n" + "\n".join(errors)


@pytest.fixture
def page(new_page):
    return new_page()
