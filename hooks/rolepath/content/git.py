"""Running git: the one way rolepath calls it (what's new reads the log, `tools.impact` archives
a base ref). Prompts and optional locks are off and the output is in the C locale."""

from __future__ import annotations

import os
import shutil
import subprocess


class GitError(Exception):
    """git is missing, the folder is not in a repository, or a git command failed."""


def git(root: str | os.PathLike[str], *args: str) -> str:
    """Run ``git -C root ARGS`` and return its standard output; raises `GitError` on failure."""
    if shutil.which("git") is None:
        raise GitError("git is not installed")
    try:
        done = subprocess.run(
            ["git", "-C", str(root), *args], capture_output=True, text=True, encoding="utf-8", errors="replace",
            check=False, env=git_environment(),
        )  # fmt: skip
    except OSError as error:
        raise GitError(f"could not run git: {error}") from error
    if done.returncode != 0:
        message = done.stderr.strip().splitlines()
        raise GitError(message[-1] if message else f"git {args[0]} failed with exit code {done.returncode}")
    return done.stdout


def git_environment() -> dict[str, str]:
    environment = dict(os.environ)
    environment.update(GIT_TERMINAL_PROMPT="0", GIT_OPTIONAL_LOCKS="0", LC_ALL="C")
    return environment
