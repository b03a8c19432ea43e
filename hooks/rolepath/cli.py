"""The `rolepath` command line: ``rolepath check`` and the authoring tools around it."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from . import __version__, authoring_cli
from .content.diagnostics import Severity
from .content.load import Layout, load
from .content.schema import SCHEMAS, json_schema
from .tools import codeowners

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2

Command = Callable[[argparse.Namespace], int]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (0 clean, 1 problems, 2 usage)."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:  # argparse exits 2 on usage errors, 0 on --help
        return int(exit_.code or 0)
    command: Command = args.command
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    try:
        return command(args)
    except KeyboardInterrupt:
        return 130
    except OSError as error:
        print(f"rolepath: {error.strerror or error}: {error.filename or ''}".rstrip(": "), file=sys.stderr)
        return EXIT_PROBLEMS


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="rolepath", description="Role-specific learning portals from YAML and Markdown."
    )
    parser.add_argument("--version", action="version", version=f"rolepath {__version__}")
    commands = parser.add_subparsers(title="commands", required=True, metavar="COMMAND")

    check = commands.add_parser("check", help="check every file of a portal repository and report all problems")
    check.add_argument("directory", nargs="?", default=".", help="the repository root (default: .)")
    check.add_argument("--strict", action="store_true", help="fail on warnings too")
    check.add_argument(
        "--format", choices=("text", "github"), default="text", help="github: annotations for pull requests"
    )
    _layout_arguments(check)
    check.set_defaults(command=_check)

    schema = commands.add_parser("schema", help="write the JSON Schemas for editors")
    schema.add_argument("--out", default="schemas", help="the folder to write into (default: schemas)")
    schema.set_defaults(command=_schema)

    for register in _EXTRA_COMMANDS:
        register(commands)
    return parser


def _layout_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--content", default="content", help="the Markdown folder (default: content)")


def _check(args: argparse.Namespace) -> int:
    root = Path(args.directory)
    if not root.is_dir():
        print(f"rolepath check: no such directory: {root}", file=sys.stderr)
        return EXIT_USAGE
    loaded = load(root, Layout(content=args.content))
    stale = codeowners.stale_codeowners(root, loaded.portal, Layout(content=args.content))
    if stale is not None and codeowners.location(root).exists():
        # Only a CODEOWNERS file that exists can be stale; not every repository wants one.
        loaded.report.add(stale)
    diagnostics = loaded.report.diagnostics
    for diagnostic in diagnostics:
        print(diagnostic.github() if args.format == "github" else str(diagnostic))
    errors = sum(d.severity is Severity.ERROR for d in diagnostics)
    warnings = len(diagnostics) - errors
    portal = loaded.portal
    summary = (
        f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)} in "
        f"{len(portal.roles)} roles, {len(portal.paths)} paths, {len(portal.modules)} modules, "
        f"{len(portal.leaders)} one-pagers"
    )
    print(summary, file=sys.stderr)
    return EXIT_PROBLEMS if errors or (args.strict and warnings) else EXIT_OK


def _schema(args: argparse.Namespace) -> int:
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for kind in SCHEMAS:
        (out / f"{kind}.schema.json").write_text(json.dumps(json_schema(kind), indent=2) + "\n", encoding="utf-8")
        print(out / f"{kind}.schema.json")
    return EXIT_OK


_EXTRA_COMMANDS: list[Callable[[argparse._SubParsersAction[argparse.ArgumentParser]], None]] = []
"""Registration functions of the authoring tools that live in their own modules."""
_EXTRA_COMMANDS.append(authoring_cli.register)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
