"""manifest.json: what a directory of articles says about each file, read so that no shape of it
crashes an ingest.

A manifest that cannot be used as a whole (not a file, not UTF-8, not JSON, nested beyond reason,
not a list of entries) is a ManifestError: nothing from its directory is ingested, since its
files would get no titles and wrong dates. A single bad entry (not an object, no file name, a
field of the wrong type, a date that is no date) refuses only the file it names, with the reason.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from bot.pubdate import BadDate, parse_publication_date

MANIFEST = "manifest.json"
MAX_MANIFEST_BYTES = 16 * 1024 * 1024
# Entry fields we read, all text (or null for "not given"); others (id, notes) are ignored.
TEXT_FIELDS = ("title", "source", "author", "url", "dateline", "published")


class ManifestError(ValueError):
    """The manifest cannot be used at all; the message names it and what is wrong."""


@dataclass
class Manifest:
    path: Path
    entries: dict[str, dict[str, Any]] = field(default_factory=dict)  # file -> fields
    refused: dict[str, str] = field(default_factory=dict)  # file -> why its entry is refused
    problems: list[str] = field(default_factory=list)  # entries that name no file at all

    def published(self, file_name: str) -> date | None:
        return self.entries.get(file_name, {}).get("published")


def read_manifest(directory: Path) -> Manifest | None:
    """The directory's manifest, None when it has none; ManifestError when it is unusable."""
    path = directory / MANIFEST
    if not path.exists() and not path.is_symlink():
        return None
    manifest = Manifest(path)
    for number, entry in enumerate(_entries(path, _load(path)), start=1):
        _add_entry(manifest, number, entry)
    return manifest


def json_kind(value: Any) -> str:
    """How JSON calls the value's type, for messages ("a list", "true")."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return f"a number ({value})"
    if isinstance(value, str):
        return "text"
    return "a list" if isinstance(value, list) else "an object"


def _unusable(path: Path, problem: str) -> ManifestError:
    return ManifestError(f"{path}: {problem}; nothing in {path.parent} was ingested")


def _load(path: Path) -> Any:
    def fail(problem: str) -> ManifestError:
        return _unusable(path, problem)

    if not path.is_file():
        raise fail("not a readable file")
    try:
        size = path.stat().st_size
        if size > MAX_MANIFEST_BYTES:
            raise fail(f"{size:,} bytes, more than a manifest can be ({MAX_MANIFEST_BYTES:,})")
        raw = path.read_bytes()
    except OSError as error:
        raise fail(f"cannot be read ({error.strerror or error})") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise fail(f"not UTF-8 (byte {raw[error.start]:#04x} at offset {error.start})") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        problem = f"not valid JSON ({error.msg} at line {error.lineno}, column {error.colno})"
        raise fail(problem) from None
    except RecursionError:
        raise fail("nested too deeply to be a manifest") from None


def _entries(path: Path, data: Any) -> list[Any]:
    entries = data.get("articles") if isinstance(data, dict) else data
    if isinstance(entries, list):
        return entries
    if not isinstance(data, dict):
        shape = f"it is {json_kind(data)}"
    elif "articles" not in data:
        shape = 'it is an object without "articles"'
    else:
        shape = f'its "articles" is {json_kind(entries)}'
    raise _unusable(path, f'not a list of entries or an object with an "articles" list: {shape}')


def _add_entry(manifest: Manifest, number: int, entry: Any) -> None:
    where = f"{manifest.path}: entry {number}"
    if not isinstance(entry, dict):
        manifest.problems.append(f"{where} is {json_kind(entry)}, not an object")
        return
    name = entry.get("file")
    if not isinstance(name, str) or not name.strip():
        manifest.problems.append(f'{where} has no "file" name (it is {json_kind(name)})')
        return
    where = f"{where} ({name})"
    if name in manifest.entries or name in manifest.refused:
        manifest.entries.pop(name, None)
        manifest.refused[name] = f"{where}: the file is described by more than one entry"
        return
    fields: dict[str, Any] = {}
    for key in TEXT_FIELDS:
        value = entry.get(key)
        if value is not None and not isinstance(value, str):
            manifest.refused[name] = f'{where}: "{key}" must be text, not {json_kind(value)}'
            return
        fields[key] = (value.strip() or None) if isinstance(value, str) else None
    if "published" in entry and entry["published"] is not None:
        try:
            fields["published"] = parse_publication_date(entry["published"])
        except BadDate as error:
            manifest.refused[name] = f'{where}: "published": {error}'
            return
    manifest.entries[name] = fields
