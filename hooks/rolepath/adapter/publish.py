"""Publishing a build atomically: it is staged beside ``site_dir`` and swapped in only when it
succeeded, so a failed build never takes the published site down and readers never see half
a site. The staging and retired folders are hidden siblings of ``site_dir``, so the swap is a
rename on one file system.
"""

from __future__ import annotations

import shutil
from pathlib import Path


def staging_dir(final: Path) -> Path:
    """Where the build of ``final`` (the site_dir) is written until it has succeeded."""
    return _beside(final, "staging")


def restore_interrupted_swap(final: Path) -> None:
    """A build killed between retiring the old site and moving the new one in left no site:
    put the last good one back before anything else can fail."""
    retired = _beside(final, "previous")
    if not final.exists() and retired.is_dir():
        retired.rename(final)
    discard_staging(final)


def discard_staging(final: Path) -> None:
    shutil.rmtree(staging_dir(final), ignore_errors=True)


def stage_over_retired(final: Path, kept: Path) -> bool:
    """Make ``kept``, a site `swap_into_place` kept, the staging folder, for the build to write
    over (see `serve_overwrite`: writing over a file is much cheaper than making it on some file
    systems); False when there is none, and the build starts from an empty folder."""
    discard_staging(final)
    if not kept.is_dir():
        return False
    try:
        kept.rename(staging_dir(final))
    except OSError:  # on another file system
        shutil.rmtree(kept, ignore_errors=True)
        return False
    return True


def swap_into_place(staging: Path, final: Path, keep_retired: Path | None = None) -> None:
    """Replace ``final`` with ``staging`` using renames, so readers never see half a site;
    the replaced site is moved to ``keep_retired`` if given, for `stage_over_retired`."""
    retired = _beside(final, "previous")
    shutil.rmtree(retired, ignore_errors=True)
    if final.exists():
        final.rename(retired)
    staging.rename(final)
    if keep_retired is not None and retired.is_dir():
        shutil.rmtree(keep_retired, ignore_errors=True)
        try:
            keep_retired.parent.mkdir(parents=True, exist_ok=True)
            retired.rename(keep_retired)
        except OSError:  # on another file system
            pass
    shutil.rmtree(retired, ignore_errors=True)


def _beside(final: Path, role: str) -> Path:
    """The hidden sibling of site_dir a build stages into ('staging') or retires the old site to
    ('previous')."""
    return final.with_name(f".{final.name}.rolepath-{role}")
