"""rolepath: role-specific learning portals from YAML roles, skill paths and Markdown modules.

The engine knows nothing of its host: MkDocs (or ProperDocs) is reached only through
`rolepath.mkdocs_adapter` (with `rolepath.mkdocs_serve_cache`, its part for `mkdocs serve`),
which the hook file named in mkdocs.yml loads.
"""

from __future__ import annotations

from .content.diagnostics import Diagnostic, Report, Severity
from .content.load import Layout, Loaded, load
from .content.model import LeaderPage, Module, Portal, Role, SkillPath

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
