"""Results kept under a fingerprint of their inputs, so a rebuild redoes only what changed.

An author's edit changes one or two pages, but the host re-renders every page on every
`mkdocs serve` rebuild, and every `mkdocs build` starts from nothing. A `Memo` keeps each
expensive result under a fingerprint of everything that result depends on (the loader keeps
parsed YAML in one; the adapter's serve cache the rest); a `DiskStore` behind it keeps the
results between processes. Nothing here knows the host: the adapter decides what the inputs of
each step are.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

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


def file_digests(directory: str | os.PathLike[str]) -> list[tuple[str, str]]:
    """Every file under ``directory`` with a digest of its content, in a stable order. By content,
    not modification time: a fresh checkout (a CI run) gives the same digests as the last one.
    Meant for small folders of templates or code; Python's bytecode folders are left out."""
    digests = []
    for folder, dirs, names in os.walk(directory):
        dirs[:] = sorted(name for name in dirs if name != "__pycache__")
        for name in sorted(names):
            path = os.path.join(folder, name)
            with open(path, "rb") as file:
                digest = hashlib.file_digest(file, "blake2b").hexdigest()
            digests.append((os.path.relpath(path, directory), digest))
    return digests


_CHECKSUM_SIZE = 32


class DiskStore:
    """Results on disk, one file per fingerprint, kept between processes.

    Each entry starts with a checksum of its fingerprint and its bytes, so an entry that is
    truncated, corrupt or under another entry's name is noticed (``report`` is told) and counts
    as missing: it is made again, never used. Entries are written to a temporary file and
    renamed into place, so a build that is killed leaves whole entries or none. ``salt`` goes
    into every checksum and file name: what the results are made by (the code, the installed
    libraries), which the fingerprints of their inputs do not cover.
    """

    def __init__(self, directory: Path, salt: str, report: Callable[[str], None]) -> None:
        self.directory = directory
        self._salt = salt.encode("ascii")
        self._report = report

    def _name(self, key: str) -> str:
        return hashlib.blake2b(self._salt + key.encode("ascii"), digest_size=20).hexdigest()

    def _path(self, key: str) -> str:
        name = self._name(key)
        return os.path.join(self.directory, name[:2], name)

    def _checksum(self, key: str, data: bytes) -> bytes:
        digest = hashlib.blake2b(self._name(key).encode("ascii"), digest_size=_CHECKSUM_SIZE)
        digest.update(data)
        return digest.digest()

    def load(self, key: str) -> Any:
        """The result stored under ``key``, or None when there is none or it is damaged."""
        path = self._path(key)
        try:
            with open(path, "rb") as file:
                entry = file.read()
        except OSError:
            return None
        checksum, data = entry[:_CHECKSUM_SIZE], entry[_CHECKSUM_SIZE:]
        if checksum != self._checksum(key, data):
            self._report(f"cache entry {path} is damaged: making it again")
            return None
        return pickle.loads(data)

    def save(self, key: str, value: object) -> None:
        """Store ``value`` under ``key``; a failed write is reported and costs only the entry. (Not by
        a thread: writing small files from a thread held up the build on the interpreter's lock.)"""
        path = self._path(key)
        data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        shard = os.path.dirname(path)
        try:
            os.makedirs(shard, exist_ok=True)
            descriptor, temporary = tempfile.mkstemp(dir=shard, prefix=".tmp-")
        except OSError as error:
            self._report(f"cache entry {path} not written: {error}")
            return
        try:
            with os.fdopen(descriptor, "wb") as file:
                file.write(self._checksum(key, data))
                file.write(data)
            os.replace(temporary, path)
        except OSError as error:
            os.unlink(temporary)
            self._report(f"cache entry {path} not written: {error}")

    def keep_only(self, keys: set[str]) -> None:
        """Remove every entry but those under ``keys`` (and any half-written file): the store
        holds what the last build used, not everything ever built."""
        kept = {self._name(key) for key in keys}
        if not self.directory.is_dir():
            return
        for shard in os.scandir(self.directory):
            if not shard.is_dir():
                continue
            for entry in os.scandir(shard.path):
                if entry.name not in kept:
                    os.unlink(entry.path)


@dataclass
class Stats:
    hits: int = 0
    misses: int = 0


class Memo(Generic[V]):
    """Results by fingerprint, kept for as long as builds keep using them.

    A result survives into the next build only if the last successful build used it, so
    the memo holds about one site's worth of results however long the session runs. A failed
    build sweeps nothing: the build after it still finds what the last good build left.
    With a ``store``, results are also looked up in and written to it, and a successful build
    leaves in it only what it used (unless told not to ``sweep`` it).
    """

    def __init__(self, store: DiskStore | None = None, sweep: bool = True) -> None:
        self._store = store
        self._sweep = sweep
        self._used: dict[str, V] = {}
        """Results the current build has used or made."""
        self._kept: dict[str, V] = {}
        """Results from earlier builds that the current build has not asked for yet."""
        self.stats = Stats()

    def get(self, key: str) -> V | None:
        value = self._used.get(key)
        if value is None:
            value = self._kept.pop(key, None)
            if value is None and self._store is not None:
                value = self._store.load(key)
            if value is not None:
                self._used[key] = value
        if value is None:
            self.stats.misses += 1
        else:
            self.stats.hits += 1
        return value

    def put(self, key: str, value: V) -> None:
        self._used[key] = value
        if self._store is not None:
            self._store.save(key, value)

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
        if self._store is not None and self._sweep:
            self._store.keep_only(set(self._used))
        self._kept = self._used
        self._used = {}

    def clear(self) -> None:
        self._used.clear()
        self._kept.clear()

    def __len__(self) -> int:
        return len(self._used) + len(self._kept)
