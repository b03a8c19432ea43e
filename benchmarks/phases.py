"""Where a cold rolepath build's wall time goes: the worker processes' steps against what stays in
the main process. Builds one portal in this process with MkDocs' own `load_config` + `build` and
times (time.perf_counter) the two worker steps and MkDocs' two page loops around them.

    python benchmarks/generate.py --roles 100 --modules 1000 --out /tmp/phases/portal
    python benchmarks/phases.py /tmp/phases/portal

It builds ``mkdocs-phases.yml``, written beside the portal's ``mkdocs.yml`` (``INHERIT`` and
``cache: false``), so every build is cold. Prints one line
per part; "in one process" is everything but the two worker steps, the interpreter's start-up not
counted (about 0.5 s more for `mkdocs build`).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "hooks"))

from mkdocs.commands import build as mkdocs_build  # noqa: E402
from mkdocs.config import load_config  # noqa: E402
from rolepath.adapter import parallel  # noqa: E402

spent: dict[str, float] = {}


def timed(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    def run(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            spent[name] = spent.get(name, 0.0) + time.perf_counter() - start

    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("portal", type=Path, help="a portal generate.py wrote")
    args = parser.parse_args()
    config_file = args.portal / "mkdocs-phases.yml"  # beside mkdocs.yml: its paths are relative to it
    config_file.write_text("INHERIT: mkdocs.yml\nextra:\n  rolepath:\n    cache: false\n", encoding="utf-8")
    with tempfile.TemporaryDirectory() as scratch:
        config = load_config(str(config_file), site_dir=str(Path(scratch) / "site"))
        config.plugins.on_startup(command="build", dirty=False)
        parallel.Workers.convert = timed("workers: convert", parallel.Workers.convert)  # type: ignore[method-assign]
        parallel.Workers.render = timed("workers: render", parallel.Workers.render)  # type: ignore[method-assign]
        mkdocs_build._populate_page = timed("MkDocs' page reading loop", mkdocs_build._populate_page)
        mkdocs_build._build_page = timed("MkDocs' page writing loop", mkdocs_build._build_page)
        start = time.perf_counter()
        mkdocs_build.build(config)
        total = time.perf_counter() - start
    reading = spent["MkDocs' page reading loop"] - spent.get("workers: convert", 0.0)  # the workers start inside it
    parts = {
        "workers: convert": spent.get("workers: convert", 0.0),
        "workers: render": spent.get("workers: render", 0.0),
        "MkDocs' page reading loop, main process": reading,
        "MkDocs' page writing loop, main process": spent["MkDocs' page writing loop"],
    }
    parts["everything else (config, content, files, nav, assets, search index)"] = total - sum(parts.values())
    for name, seconds in parts.items():
        print(f"{seconds:6.2f} s  {name}")
    workers = parts["workers: convert"] + parts["workers: render"]
    print(f"{total:6.2f} s  the build; in one process: {total - workers:.2f} s")


if __name__ == "__main__":
    main()
