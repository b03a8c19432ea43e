"""Results kept under a fingerprint of their inputs, so a rebuild redoes only what changed.

An author's edit changes one or two pages, but the host re-renders every page on every
`mkdocs serve` rebuild. A `Memo` keeps each expensive result under a fingerprint of everything
that result depends on (the loader keeps parsed YAML in one; the adapter's serve cache the
rest). Nothing here knows the host: the adapter decides what the inputs of each step are.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

V = TypeVar("V")


def fingerprint(*parts: object) -> str:
    """A digest of ``parts``: strings and bytes as they are, anything else by its ``repr``."""
    digest = hashlib.blake2b(digest_size=20)
    for part in parts:
        if isinstance(part, bytes):
            data = part
        elif isinstance(part, str):
            data = part.encode("utf-8", "surrogatepass")
        else:
            data = repr(part).encode("utf-8", "surrogatepass")
        # The length first, so ("ab", "c") and ("a", "bc") differ.
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
    return digest.hexdigest()


def file_stamps(directory: str | os.PathLike[str]) -> list[tuple[str, int, int]]:
    """Every file under ``directory`` with its modification time and size, in a stable order:
    enough to notice an edited, added or removed file without reading any."""
    stamps = []
    for folder, dirs, names in os.walk(directory):
        dirs.sort()
        for name in sorted(names):
            path = os.path.join(folder, name)
            stat = os.stat(path)
            stamps.append((os.path.relpath(path, directory), stat.st_mtime_ns, stat.st_size))
    return stamps


@dataclass
class Stats:
    hits: int = 0
    misses: int = 0


class Memo(Generic[V]):
    """Results by fingerprint, kept for as long as builds keep using them.

    A result survives into the next build only if the last successful build used it, so
    the memo holds about one site's worth of results however long the session runs. A failed
    build sweeps nothing: the build after it still finds what the last good build left.
    """

    def __init__(self) -> None:
        self._used: dict[str, V] = {}
        """Results the current build has used or made."""
        self._kept: dict[str, V] = {}
        """Results from earlier builds that the current build has not asked for yet."""
        self.stats = Stats()

    def get(self, key: str) -> V | None:
        value = self._used.get(key)
        if value is None:
            value = self._kept.pop(key, None)
            if value is not None:
                self._used[key] = value
        if value is None:
            self.stats.misses += 1
        else:
            self.stats.hits += 1
        return value

    def put(self, key: str, value: V) -> None:
        self._used[key] = value

    def get_or_make(self, key: str, make: Callable[[], V]) -> V:
        """The result kept under ``key``, or ``make()``'s, kept from now on."""
        value = self.get(key)
        if value is None:
            value = make()
            self.put(key, value)
        return value

    def start_build(self) -> None:
        """Count this build's hits and misses from zero."""
        self.stats = Stats()

    def end_build(self) -> None:
        """The build succeeded: forget what it did not use."""
        self._kept = self._used
        self._used = {}

    def clear(self) -> None:
        self._used.clear()
        self._kept.clear()

    def __len__(self) -> int:
        return len(self._used) + len(self._kept)
