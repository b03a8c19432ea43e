"""The hook file mkdocs.yml names: it hands every MkDocs event to rolepath's adapter.

The engine lives in the `rolepath` package beside this file; the path insert lets a
fresh clone build without installing the package first.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from rolepath.adapter.events import (
    on_build_error,
    on_config,
    on_env,
    on_files,
    on_nav,
    on_page_content,
    on_page_context,
    on_page_markdown,
    on_post_build,
    on_post_page,
    on_post_template,
    on_pre_build,
    on_pre_page,
    on_pre_template,
    on_serve,
    on_shutdown,
    on_startup,
    on_template_context,
)

__all__ = [
    "on_build_error",
    "on_config",
    "on_env",
    "on_files",
    "on_nav",
    "on_page_content",
    "on_page_context",
    "on_page_markdown",
    "on_post_build",
    "on_post_page",
    "on_post_template",
    "on_pre_build",
    "on_pre_page",
    "on_pre_template",
    "on_serve",
    "on_shutdown",
    "on_startup",
    "on_template_context",
]
