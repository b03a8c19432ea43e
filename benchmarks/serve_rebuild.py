"""Time a serve-style rebuild after one edit, in one process, as ``mkdocs serve`` does it.

    python benchmarks/serve_rebuild.py -f DIR/mkdocs.yml -d SITE --edit DIR/content/modules/x.md [--change title]

Loads the config and runs the startup event like ``mkdocs serve`` (command
"serve"), builds once, edits ``--edit`` (``--change body``, the default: appends a line;
``--change title``: changes the ``title:`` in its front matter, which every page listing the
module shows), reloads the config and builds again in the same process (hooks stay loaded, so anything the engine
keeps in memory between builds counts). Between the two builds the ``serve``
event runs with a stand-in server, as it does after serve's first build. Prints one JSON object with the
seconds of the first build and of the rebuild, then restores the edited file.
Run by run.py; peak memory is measured by the parent.
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import sys
import time
from pathlib import Path
from typing import Any, cast

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig

SERVE_URL = "http://127.0.0.1:8000/"


class StubServer:
    """Stands in for MkDocs' LiveReloadServer in the ``serve`` event: records watched paths."""

    def __init__(self) -> None:
        self.watched: list[str] = []

    def watch(self, path: str, func: object = None, *, recursive: bool = True) -> None:
        self.watched.append(str(path))

    def unwatch(self, path: str) -> None:
        self.watched.remove(str(path))


def get_config(config_file: Path, site_dir: Path) -> MkDocsConfig:
    config = load_config(config_file=str(config_file), site_dir=str(site_dir))
    config.site_url = SERVE_URL
    return config


def timed_build(config: MkDocsConfig) -> float:
    start = time.perf_counter()
    build(config, serve_url=SERVE_URL, dirty=False)
    return time.perf_counter() - start


def edited(original: bytes, change: str) -> bytes:
    if change == "title":
        # A whole new value: prefixing the old one could break its quoting.
        changed = re.sub(rb"(?m)^title: .*$", b"title: Revised by the rebuild benchmark", original, count=1)
        if changed == original:
            raise SystemExit("--change title: the file has no 'title:' line in its front matter")
        return changed
    return original + b"\nOne more line, edited by the rebuild benchmark.\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-f", "--config-file", type=Path, required=True)
    parser.add_argument("-d", "--site-dir", type=Path, required=True)
    parser.add_argument("--edit", type=Path, required=True, help="Markdown file to edit")
    parser.add_argument("--change", choices=("body", "title"), default="body", help="what to change in it")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.ERROR, format="%(levelname)s %(name)s: %(message)s")
    config = get_config(args.config_file, args.site_dir)
    config.plugins.on_startup(command="serve", dirty=False)
    original = args.edit.read_bytes()
    try:
        first = timed_build(config)
        config.plugins.on_serve(cast(Any, StubServer()), config=config, builder=lambda config=None: None)
        args.edit.write_bytes(edited(original, args.change))
        rebuild = timed_build(get_config(args.config_file, args.site_dir))
    finally:
        args.edit.write_bytes(original)
        config.plugins.on_shutdown()
    json.dump({"first_build_s": first, "rebuild_s": rebuild}, sys.stdout)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
