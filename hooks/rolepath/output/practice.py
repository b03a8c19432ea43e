"""What an exercise page shows of its practice files: downloads with size and type, a readable
preview of text and CSV materials, and (for facilitators) the answer key's HTML."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from babel.numbers import format_decimal
from markupsafe import Markup

from ..content.i18n import ENGLISH, N_, Translator
from ..content.model import Portal
from . import urls

PREVIEW_ROWS = 12
"""Rows of a CSV, or lines of text, shown before "and N more"."""
PREVIEW_BYTES = 65_536
"""Materials larger than this are offered as downloads only."""

_TYPES = {
    ".csv": (N_("CSV table"), "text/csv"),
    ".md": (N_("Markdown text"), "text/markdown"),
    ".txt": (N_("Plain text"), "text/plain"),
    ".json": (N_("JSON data"), "application/json"),
    ".yml": (N_("YAML text"), "text/yaml"),
    ".yaml": (N_("YAML text"), "text/yaml"),
    ".pdf": (N_("PDF document"), "application/pdf"),
    ".xlsx": (N_("Excel workbook"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ".docx": (N_("Word document"), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ".png": (N_("PNG image"), "image/png"),
}


@dataclass(frozen=True)
class Preview:
    header: tuple[str, ...] = ()
    """A CSV's first row; empty for text."""
    rows: tuple[tuple[str, ...], ...] = ()
    """A CSV's next rows."""
    text: str = ""
    """A text file's first lines."""
    more: int = 0
    """Rows or lines left out."""


@dataclass(frozen=True)
class Material:
    name: str
    url: str
    """Site URL (`urls.material_url`)."""
    size: int
    kind: str
    """What the file is, in English (`N_`): the page shows it in the reader's language."""
    """What the file is, in words: 'CSV table'."""
    media_type: str
    preview: Preview | None = None


@dataclass(frozen=True)
class Practice:
    """An exercise's practice files as its page shows them."""

    materials: tuple[Material, ...] = ()
    answer_key: Markup | None = None
    """The key as HTML, only in editions with manager guides."""


@dataclass(frozen=True)
class PracticeFiles:
    """Every exercise's practice, by module id."""

    by_module: Mapping[str, Practice] = field(default_factory=dict)

    def get(self, module_id: str) -> Practice | None:
        return self.by_module.get(module_id)


def practice_files(
    portal: Portal, practice_dir: Path, answer_keys: Mapping[str, Markup] | None = None
) -> PracticeFiles:
    """The materials of every exercise in ``portal`` (files in ``practice_dir``/<module-id>/), and
    the answer keys already rendered (``answer_keys``; leave it out for the employees' edition)."""
    found: dict[str, Practice] = {}
    for module in portal.modules.values():
        if module.sandbox is None or not (module.sandbox.materials or module.sandbox.answer_key):
            continue
        materials = tuple(
            _material(module.id, ref.id, practice_dir / module.id / ref.id) for ref in module.sandbox.materials
        )
        found[module.id] = Practice(materials, (answer_keys or {}).get(module.id))
    return PracticeFiles(found)


def _material(module_id: str, name: str, path: Path) -> Material:
    suffix = Path(name).suffix.lower()
    if name.endswith(".py.txt"):
        kind, media_type = N_("Python code (as text)"), "text/plain"
    else:
        kind, media_type = _TYPES.get(suffix, (N_("File"), "application/octet-stream"))
    size = path.stat().st_size
    preview = None
    readable = media_type.startswith("text/") or media_type == "application/json"
    if readable and size <= PREVIEW_BYTES:
        preview = _preview(path.read_bytes().decode("utf-8", "replace"), suffix == ".csv")
    return Material(name, urls.material_url(module_id, name), size, kind, media_type, preview)


def _preview(text: str, is_csv: bool) -> Preview:
    if is_csv:
        rows = list(csv.reader(io.StringIO(text)))
        if rows:
            header, body = tuple(rows[0]), [tuple(row) for row in rows[1:] if row]
            return Preview(header=header, rows=tuple(body[:PREVIEW_ROWS]), more=max(len(body) - PREVIEW_ROWS, 0))
    lines = text.splitlines()
    return Preview(text="\n".join(lines[:PREVIEW_ROWS]), more=max(len(lines) - PREVIEW_ROWS, 0))


def size_text(size: int, translator: Translator = ENGLISH) -> str:
    """A file size as people read it: '812 bytes', '3.4 KB' (in the reader's language: '3,4 KB')."""
    if size < 1000:
        return translator.ngettext("%(num)s byte", "%(num)s bytes", size)
    if size < 1_000_000:
        return translator.gettext("%(size)s KB", size=format_decimal(size / 1000, "0.0", locale=translator.locale))
    return translator.gettext("%(size)s MB", size=format_decimal(size / 1_000_000, "0.0", locale=translator.locale))
