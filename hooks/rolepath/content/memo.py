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


_MAGIC = b"rolepath cache 1\n"
_NAME_SIZE = 20
_CHECKSUM_SIZE = 32
_LENGTH_SIZE = 8
_HEADER_SIZE = _NAME_SIZE + _CHECKSUM_SIZE + _LENGTH_SIZE


class DiskStore:
    """Results on disk, kept between processes: one file (a pack) of entries, each under a digest
    of its fingerprint. One file, not one per entry: making thousands of small files is slow on
    some file systems (several seconds for a cold build of 1,000 modules here).

    Each entry carries a checksum of its name and its bytes, so an entry that is truncated,
    corrupt or under another entry's name is noticed (``report`` is told) and counts as
    missing: it is made again, never used. A successful build writes the pack anew, to a
    temporary file renamed into place, with only the entries it used (`keep_only`), so a
    build that is killed or fails leaves the last pack whole. ``salt`` goes into every name:
    what the results are made by (the code, the installed libraries), which the fingerprints of
    their inputs do not cover.
    """

    def __init__(self, path: Path, salt: str, report: Callable[[str], None]) -> None:
        self.path = path
        self._salt = salt.encode("ascii")
        self._report = report
        self._on_disk: dict[bytes, memoryview] | None = None
        """The pack's entries by name, each its checksum and bytes; read at the first lookup."""
        self._made: dict[bytes, bytes] = {}
        """Entries made by this build, checksum and bytes, by name."""

    def _name(self, key: str) -> bytes:
        return hashlib.blake2b(self._salt + key.encode("ascii"), digest_size=_NAME_SIZE).digest()

    @staticmethod
    def _checksum(name: bytes, data: bytes | memoryview) -> bytes:
        digest = hashlib.blake2b(name, digest_size=_CHECKSUM_SIZE)
        digest.update(data)
        return digest.digest()

    def _entries(self) -> dict[bytes, memoryview]:
        if self._on_disk is None:
            self._on_disk = {}
            try:
                with open(self.path, "rb") as file:
                    pack = memoryview(file.read())
            except OSError:
                return self._on_disk
            if pack[: len(_MAGIC)] != _MAGIC:
                self._report(f"cache file {self.path} is not one rolepath wrote: making its entries again")
                return self._on_disk
            offset = len(_MAGIC)
            while offset + _HEADER_SIZE <= len(pack):
                name = bytes(pack[offset : offset + _NAME_SIZE])
                length = int.from_bytes(pack[offset + _NAME_SIZE : offset + _NAME_SIZE + _LENGTH_SIZE], "little")
                end = offset + _HEADER_SIZE + length
                if end > len(pack):
                    break
                self._on_disk[name] = pack[offset + _NAME_SIZE + _LENGTH_SIZE : end]
                offset = end
            if offset != len(pack):
                self._report(f"cache file {self.path} is truncated: making its last entries again")
        return self._on_disk

    def load(self, key: str) -> Any:
        """The result stored under ``key``, or None when there is none or it is damaged."""
        name = self._name(key)
        entry = self._entries().get(name)
        if entry is None:
            return None
        checksum, data = entry[:_CHECKSUM_SIZE], entry[_CHECKSUM_SIZE:]
        if checksum != self._checksum(name, data):
            self._report(f"cache entry {name.hex()} in {self.path} is damaged: making it again")
            return None
        return pickle.loads(data)

    def save(self, key: str, value: object) -> None:
        self.save_pickled(key, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))

    def save_pickled(self, key: str, data: bytes) -> None:
        name = self._name(key)
        self._made[name] = self._checksum(name, data) + data

    def has(self, key: str) -> bool:
        """Whether the pack or this build holds an entry under ``key`` (not whether it is whole)."""
        name = self._name(key)
        return name in self._made or name in self._entries()

    def pickled(self, key: str) -> bytes | None:
        """The bytes this build saved under ``key``, or None."""
        entry = self._made.get(self._name(key))
        return None if entry is None else entry[_CHECKSUM_SIZE:]

    def keep_only(self, keys: set[str] | None) -> None:
        """Write the pack anew with the entries under ``keys`` (None: every entry, old and new), so
        it holds what the last build used, not everything ever built. A failed write is reported
        and costs only the cache."""
        entries = self._entries()
        names = set(entries) | set(self._made) if keys is None else {self._name(key) for key in keys}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        for stale in self.path.parent.glob(f".{self.path.name}.*"):
            stale.unlink(missing_ok=True)  # left by a build that was killed while writing
        descriptor, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=f".{self.path.name}.")
        try:
            with os.fdopen(descriptor, "wb") as file:
                file.write(_MAGIC)
                for name in sorted(names):
                    entry = self._made.get(name) or entries.get(name)
                    if entry is not None:
                        file.write(name + (len(entry) - _CHECKSUM_SIZE).to_bytes(_LENGTH_SIZE, "little"))
                        file.write(entry)
            os.replace(temporary, self.path)
        except OSError as error:
            os.unlink(temporary)
            self._report(f"cache file {self.path} not written: {error}")

    def __len__(self) -> int:
        return len(self._entries())


@dataclass
class Stats:
    hits: int = 0
    """Results found that an earlier build made."""
    misses: int = 0
    """Results this build had to make (here or, see ``taken``, in another process)."""
    taken: int = 0
    """Results found that another process made for this build (`Memo.add_made`)."""


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
        self._made: dict[str, V] = {}
        """Results made since the last `take_made`."""
        self._fresh: set[str] = set()
        """Results another process made for this build (`add_made`): found, but not reused."""
        self.stats = Stats()

    def get(self, key: str) -> V | None:
        value = self._used.get(key)
        if value is None:
            value = self._kept.pop(key, None)
            if value is None and self._store is not None:
                value = self._store.load(key)
            if value is not None:
                self._used[key] = value
        if value is not None and key in self._fresh:
            self._fresh.discard(key)
            self.stats.taken += 1
            self.stats.misses += 1
        elif value is None:
            self.stats.misses += 1
        else:
            self.stats.hits += 1
        return value

    def put(self, key: str, value: V) -> None:
        self._used[key] = value
        self._made[key] = value
        if self._store is not None:
            self._store.save(key, value)

    def take_made(self) -> list[tuple[str, bytes]]:
        """The results made since the last call, pickled: what a worker process hands back."""
        made, self._made = self._made, {}
        store = self._store
        return [
            (key, (store.pickled(key) if store is not None else None) or pickle.dumps(value, pickle.HIGHEST_PROTOCOL))
            for key, value in made.items()
        ]

    def forget_made(self) -> None:
        """Forget which results were made so far (a worker: the process it was forked from has them)."""
        self._made = {}

    def add_made(self, made: list[tuple[str, bytes]]) -> None:
        """Results another process made (`take_made`), as if made here."""
        for key, data in made:
            self._used[key] = pickle.loads(data)
            self._fresh.add(key)
            if self._store is not None:
                self._store.save_pickled(key, data)

    def has(self, key: str) -> bool:
        """Whether a result is kept under ``key``, without counting a hit or a miss."""
        return key in self._used or key in self._kept or (self._store is not None and self._store.has(key))

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
        self._made = {}
        self._fresh = set()

    def end_build(self) -> None:
        """The build succeeded: forget what it did not use."""
        if self._store is not None:
            self._store.keep_only(set(self._used) if self._sweep else None)
        self._kept = self._used
        self._used = {}
        self._made = {}

    def clear(self) -> None:
        self._used.clear()
        self._kept.clear()

    def __len__(self) -> int:
        return len(self._used) + len(self._kept)
