"""rolepath: role-specific learning portals from YAML roles, skill paths and Markdown modules.

Its folders are its layers, each importing only from the ones before it (tests/test_layers.py):

- ``content/``: the repository read into typed, checked objects (model, schema, loader, checks);
- ``output/``: what the build makes of them (URLs, page plan, rendering, portal.json, feeds, calendars);
- ``tools/``: the authoring tools' analyses (impact, codeowners, scaffold, coverage);
- ``cli.py``: the ``rolepath`` command line, every subcommand;
- ``adapter/``: the only code that imports MkDocs (or ProperDocs); the hook file named in
  mkdocs.yml hands it every event.

Below are the names the rest of the world may use.
"""

from __future__ import annotations

from .content.diagnostics import Diagnostic, Report, Severity
from .content.load import Layout, Loaded
from .content.model import LeaderPage, Module, Portal, Role, SkillPath
from .output.site_checks import load

__version__ = "0.1.0"

__all__ = [
    "Diagnostic",
    "Layout",
    "LeaderPage",
    "Loaded",
    "Module",
    "Portal",
    "Report",
    "Role",
    "Severity",
    "SkillPath",
    "load",
]
