"""The `rolepath` command line: ``rolepath check`` and the authoring tools around it.

Every subcommand is defined here, over the analyses in `rolepath.tools`; the arguments they
share (the repository folder, ``--content``) and the answer to a folder that does not exist
are written once.
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from . import __version__
from .content.check_site_config import check_site_config, site_language
from .content.diagnostics import Severity
from .content.git import GitError
from .content.i18n import SHIPPED, has_catalog, messages, set_messages_language
from .content.load import Layout
from .content.schema import SCHEMAS, WEEK_FILE_PATTERN, json_schema
from .output import adoption
from .output.adoption import DEFAULT_MIN_GROUP
from .output.adoption_data import adoption_csv, adoption_json, adoption_text
from .output.site_checks import load
from .tools import codeowners, coverage, impact, scaffold

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2

Command = Callable[[argparse.Namespace], int]


class _UsageError(Exception):
    """A command cannot start (a folder that does not exist, ...): exit status 2."""


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
    except _UsageError as error:
        print(f"rolepath {args.command_name}: {error}", file=sys.stderr)
        return EXIT_USAGE
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

    def command(name: str, run: Command, help: str, description: str | None = None) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help, description=description)
        sub.set_defaults(command=run, command_name=name)
        return sub

    check = command("check", _check, help="check every file of a portal repository and report all problems")
    _repository_argument(check)
    check.add_argument("--strict", action="store_true", help="fail on warnings too")
    check.add_argument(
        "--lang", metavar="LANGUAGE",
        help=f"the language of the messages: en, {', '.join(SHIPPED)} (default: the portal's theme.language)",
    )  # fmt: skip
    check.add_argument(
        "--format", choices=("text", "github"), default="text", help="github: annotations for pull requests"
    )
    _content_argument(check)

    schema = command("schema", _schema, help="write the JSON Schemas for editors")
    schema.add_argument("--out", default="schemas", help="the folder to write into (default: schemas)")

    compare = command(
        "impact", _impact,
        help="what a change does to the portal: roles, paths and modules affected (for pull requests)",
        description="Compare the portal at BASE (from its merge base with HEAD) with HEAD, or with the "
        "working tree when HEAD is left out, and list what is affected.",
    )  # fmt: skip
    compare.add_argument("base", metavar="BASE", help="the git ref to compare from, e.g. origin/main")
    compare.add_argument(
        "head", metavar="HEAD", nargs="?", help="the git ref to compare to (default: the working tree)"
    )
    compare.add_argument("--format", choices=("markdown", "json"), default="markdown")
    compare.add_argument("--repo", dest="directory", default=".", help="the portal repository (default: .)")
    _content_argument(compare)
    compare.add_argument(
        "--no-merge-base", dest="merge_base", action="store_false",
        help="compare with BASE itself, not with its merge base with HEAD",
    )  # fmt: skip

    owners = command(
        "codeowners", _codeowners,
        help="generate CODEOWNERS from the owners: of roles and paths",
        description="Print, write (--write) or verify (--check) the CODEOWNERS file generated from the "
        "owners: of roles and paths. A path without owners: is owned by its roles' owners; a module by "
        "the owners of the paths that list it.",
    )  # fmt: skip
    _repository_argument(owners)
    action = owners.add_mutually_exclusive_group()
    action.add_argument("--write", action="store_true", help="write the file (.github/CODEOWNERS unless one exists)")
    action.add_argument("--check", action="store_true", help="exit 1 when the committed file is out of date")
    _content_argument(owners)

    new = command(
        "new", _new,
        help="write a commented starting file: role, path, module, exercise or leader",
        description="Write a starting file that passes `rolepath check`, with every field explained. "
        "Never overwrites a file.",
    )  # fmt: skip
    new.add_argument("kind", choices=scaffold.KINDS, help="what to create")
    new.add_argument("id", metavar="ID", help="the id, which becomes the file name (" + scaffold.ID_RULE + ")")
    new.add_argument("--dir", dest="directory", default=".", help="the repository root (default: .)")
    _content_argument(new)

    matrix = command(
        "coverage", _coverage,
        help="role x level matrix, levels without an exercise, modules due for review",
        description="Show what each role meets per level (modules, exercises, minutes), the path levels "
        f"with no sandbox exercise, and modules whose review_by is past or within {coverage.DUE_SOON_DAYS} days.",
    )  # fmt: skip
    _repository_argument(matrix)
    matrix.add_argument("--format", choices=("text", "markdown", "json"), default="text")
    _content_argument(matrix)

    records = command(
        "adoption", _adoption,
        help="the adoption figures from teams/ and adoption/, for HR scorecards and spreadsheets",
        description="Print the published adoption figures: per team and role, week by week, with what "
        "blocks adoption, and each manager's development scorecard. Figures that would describe fewer "
        "than --min-group people are left out, as on the portal's pages.",
    )  # fmt: skip
    _repository_argument(records)
    records.add_argument("--format", choices=("text", "csv", "json"), default="text")
    records.add_argument("--since", metavar="YYYY-Www", type=_iso_week, help="only weeks from this one on")
    records.add_argument(
        "--min-group", type=int, default=DEFAULT_MIN_GROUP,
        help=f"the fewest people a figure may describe; use the portal's own (default {DEFAULT_MIN_GROUP})",
    )  # fmt: skip
    _content_argument(records)
    return parser


def _iso_week(text: str) -> str:
    if not re.fullmatch(WEEK_FILE_PATTERN, text):
        raise argparse.ArgumentTypeError(f"{text!r} is not an ISO week: write it YYYY-Www, e.g. 2026-W40")
    return text


def _repository_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("directory", nargs="?", default=".", help="the repository root (default: .)")


def _content_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--content", default="content", help="the Markdown folder (default: content)")


def _repository(args: argparse.Namespace) -> tuple[Path, Layout]:
    """The repository folder the command works on, and where its content is."""
    root = Path(args.directory)
    if not root.is_dir():
        raise _UsageError(f"no such directory: {root}")
    return root, Layout(content=args.content)


def _check(args: argparse.Namespace) -> int:
    root, layout = _repository(args)
    config_file = root / "mkdocs.yml"
    language = args.lang or (site_language(config_file, root) if config_file.is_file() else None) or "en"
    if not has_catalog(language):
        print(f"rolepath: no messages in {language!r} yet: writing them in English", file=sys.stderr)
    set_messages_language(language)
    loaded = load(root, layout)
    if (root / "mkdocs.yml").is_file():
        check_site_config(root / "mkdocs.yml", root, loaded.report)
    if loaded.owners_complete:  # with a file left out, the owners it names would look missing
        stale = codeowners.stale_codeowners(root, loaded.portal, layout)
        if stale is not None and codeowners.location(root).exists():
            # Only a CODEOWNERS file that exists can be stale; not every repository wants one.
            loaded.report.add(stale)
    diagnostics = loaded.report.diagnostics
    for diagnostic in diagnostics:
        print(diagnostic.github() if args.format == "github" else str(diagnostic))
    errors = sum(d.severity is Severity.ERROR for d in diagnostics)
    warnings = len(diagnostics) - errors
    portal = loaded.portal
    _ = messages()
    # Each count with its own plural form, and after "checked:" so that every language can name them as it lists things.
    summary = _.gettext(
        "%(errors)s, %(warnings)s (checked: %(roles)s, %(paths)s, %(modules)s, %(leaders)s)",
        errors=_.ngettext("%(num)s error", "%(num)s errors", errors),
        warnings=_.ngettext("%(num)s warning", "%(num)s warnings", warnings),
        roles=_.ngettext("%(num)s role", "%(num)s roles", len(portal.roles)),
        paths=_.ngettext("%(num)s path", "%(num)s paths", len(portal.paths)),
        modules=_.ngettext("%(num)s module", "%(num)s modules", len(portal.modules)),
        leaders=_.ngettext("%(num)s one-pager", "%(num)s one-pagers", len(portal.leaders)),
    )  # fmt: skip
    print(summary, file=sys.stderr)
    return EXIT_PROBLEMS if errors or (args.strict and warnings) else EXIT_OK


def _adoption(args: argparse.Namespace) -> int:
    root, layout = _repository(args)
    if args.min_group < 1:
        raise _UsageError("--min-group must be 1 or more")
    loaded = load(root, layout)
    if loaded.report.errors:
        for diagnostic in loaded.report.errors:
            print(str(diagnostic), file=sys.stderr)
        print("fix the problems above first (rolepath check lists them all)", file=sys.stderr)
        return EXIT_PROBLEMS
    figures = adoption.compute(loaded.portal, args.min_group)
    if args.format == "json":
        sys.stdout.write(adoption_json(figures, args.since))
    elif args.format == "csv":
        sys.stdout.write(adoption_csv(figures, args.since))
    else:
        sys.stdout.write(adoption_text(figures, args.since))
    return EXIT_OK


def _schema(args: argparse.Namespace) -> int:
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for kind in SCHEMAS:
        (out / f"{kind}.schema.json").write_text(json.dumps(json_schema(kind), indent=2) + "\n", encoding="utf-8")
        print(out / f"{kind}.schema.json")
    return EXIT_OK


def _impact(args: argparse.Namespace) -> int:
    repo, layout = _repository(args)
    try:
        result = impact.impact(repo, args.base, args.head, layout=layout, merge_base=args.merge_base)
    except (impact.ImpactError, GitError) as error:
        raise _UsageError(str(error)) from None
    if args.format == "json":
        print(json.dumps(impact.to_json(result), indent=2, ensure_ascii=False))
    else:
        sys.stdout.write(impact.to_markdown(result))
    print(result.summary(), file=sys.stderr)
    return EXIT_OK


def _codeowners(args: argparse.Namespace) -> int:
    root, layout = _repository(args)
    loaded = load(root, layout)
    if not loaded.owners_complete:  # errors elsewhere (a page, say) do not change who owns what
        for diagnostic in loaded.report.errors:
            print(diagnostic, file=sys.stderr)
        count = len(loaded.report.errors)
        print(f"rolepath codeowners: fix the {count} error{'s' * (count != 1)} above first", file=sys.stderr)
        return EXIT_PROBLEMS
    file = codeowners.location(root)
    rel = file.relative_to(root).as_posix()
    existing = codeowners.read(file)
    expected = codeowners.merge(existing, loaded.portal, layout)
    if args.check:
        if codeowners.stale_codeowners(root, loaded.portal, layout) is None:
            print(f"{rel} is up to date", file=sys.stderr)
            return EXIT_OK
        diff = difflib.unified_diff(
            (existing or "").splitlines(keepends=True), expected.splitlines(keepends=True), rel, f"{rel} (expected)"
        )
        sys.stdout.writelines(diff)
        print(f"{rel} is out of date: run `rolepath codeowners --write` and commit it", file=sys.stderr)
        return EXIT_PROBLEMS
    if args.write:
        if existing == expected:
            print(f"{rel} is up to date", file=sys.stderr)
            return EXIT_OK
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(expected, encoding="utf-8", newline="\n")
        print(f"wrote {rel} ({len(codeowners.rules(loaded.portal, layout))} rules)", file=sys.stderr)
        return EXIT_OK
    sys.stdout.write(expected)
    return EXIT_OK


def _new(args: argparse.Namespace) -> int:
    root, layout = _repository(args)
    try:
        file = scaffold.create(root, args.kind, args.id, layout)
    except scaffold.ScaffoldError as error:
        print(f"rolepath new: {error}", file=sys.stderr)
        return error.code
    except FileExistsError:
        print(f"rolepath new: {args.id} already exists: choose another id", file=sys.stderr)
        return EXIT_PROBLEMS
    rel = file.relative_to(root).as_posix()
    print(rel)
    print(f"wrote {rel}: fill in the TODOs, then run `rolepath check`. {_NEXT_STEP[args.kind]}", file=sys.stderr)
    return EXIT_OK


_NEXT_STEP = {
    "role": "Pick its paths in `paths:`.",
    "path": "Add it to a role's `paths:` and list this path's modules per level.",
    "module": "List it in a level of a path (paths/*.yml) so people find it.",
    "exercise": "List it in a level of a path (paths/*.yml) so people find it.",
    "leader": "It appears under 'For leaders' on the home page.",
}


def _coverage(args: argparse.Namespace) -> int:
    root, layout = _repository(args)
    loaded = load(root, layout)
    if loaded.report.errors:
        count = len(loaded.report.errors)
        print(
            f"rolepath coverage: {count} error{'s' * (count != 1)} in the content (run `rolepath check`); "
            "the files with errors are left out",
            file=sys.stderr,
        )
    matrix = coverage.analyse(loaded.portal)
    if args.format == "json":
        print(json.dumps(coverage.to_json(matrix), indent=2, ensure_ascii=False))
    elif args.format == "markdown":
        sys.stdout.write(coverage.to_markdown(matrix))
    else:
        sys.stdout.write(coverage.to_text(matrix))
    return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
