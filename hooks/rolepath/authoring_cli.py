"""The authoring tools' subcommands: ``impact``, ``codeowners``, ``new`` and ``coverage``.

`register` is appended to ``cli._EXTRA_COMMANDS``; each tool keeps its parser and its
``run`` next to its logic.
"""

from __future__ import annotations

import argparse

from .tools import codeowners, coverage, impact, scaffold

SUBCOMMANDS = ("impact", "codeowners", "new", "coverage")


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the authoring subcommands to the ``rolepath`` parser."""
    impact.add_parser(commands)
    codeowners.add_parser(commands)
    scaffold.add_parser(commands)
    coverage.add_parser(commands)
