"""Files, directories and pasted texts into the knowledge base, one transaction per article."""

from __future__ import annotations

import logging
import os
import sqlite3
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from bot.article_header import find_date, headline, split_header
from bot.duplicates import Twin, find_twin
from bot.extraction import extract_facts
from bot.manifest import MANIFEST, Manifest, ManifestError, read_manifest
from bot.models import ArticleFacts, ArticleMeta
from bot.pubdate import find_publication_date
from bot.store import SaveResult, Store
from bot.store.connection import is_busy
from bot.textio import (
    MAX_ARTICLE_BYTES,
    BadInput,
    check_article,
    content_hash,
    prepare_text,
    too_large,
)
from bot.workers import extraction_pool

log = logging.getLogger(__name__)

ARTICLE_SUFFIXES = {".txt", ".md", ".html", ".htm"}
# Below this many articles a process pool costs more (model loading) than it saves.
PARALLEL_THRESHOLD = 16

META_FIELDS = ("published", "title", "source", "author", "url", "dateline")
SAVE_RETRY_PAUSES = (0.5, 1.0, 2.0)  # seconds, after each busy timeout
BUSY_MESSAGE = (
    "база данных занята другим процессом (например, другим ingest); статья не сохранена — "
    "запустите добавление ещё раз"
)


@dataclass(slots=True)
class Source:
    """One article waiting to be ingested: its identity, raw content and what we know of it.

    A source `refused` before it was read (a bad manifest entry, a file too large) carries the
    reason instead of content.
    """

    key: str
    raw: str | bytes
    meta: ArticleMeta | None
    note: str | None = None  # something the operator should know about an accepted article
    refused: str | None = None
    published_known: bool = True  # False: dated by a guess (mtime, a date atop the text)


@dataclass(slots=True)
class Outcome:
    key: str
    status: str  # added | replaced | unchanged | duplicate | near-duplicate | error
    article_id: int | None = None  # for (near-)duplicates: the article already in the base
    message: str = ""
    facts: ArticleFacts | None = None
    similarity: float | None = None  # for (near-)duplicates: the share of the text in common


@dataclass(slots=True)
class Prepared:
    source: Source
    text: str
    digest: str
    meta: ArticleMeta


def _refused(key: str, reason: str) -> Source:
    return Source(key, b"", None, refused=reason)


def is_article_file(name: str | None) -> bool:
    return bool(name) and Path(name).suffix.lower() in ARTICLE_SUFFIXES


def collect_sources(
    paths: Iterable[str | Path], overrides: ArticleMeta | None = None
) -> Iterator[Source]:
    """Every article file under `paths`, with metadata from a manifest, flags or the file itself.

    `overrides` (from `--published/--title/--source`) applies to files named directly. A
    directory whose manifest cannot be read yields only that refusal.
    """
    for raw_path in paths:
        path = Path(raw_path)
        if path.is_dir():
            try:
                manifest = read_manifest(path)
            except ManifestError as error:
                yield _refused(str(path / MANIFEST), str(error))
                continue
            for problem in manifest.problems if manifest else ():
                yield _refused(str(manifest.path), problem)
            for file in sorted(path.iterdir()):
                if file.suffix.lower() in ARTICLE_SUFFIXES and file.is_file():
                    yield _source(file, manifest)
        elif path.is_file():
            try:
                manifest = read_manifest(path.parent)
            except ManifestError as error:
                yield _refused(path.name, str(error))
                continue
            yield _source(path, manifest, overrides)
        else:
            yield _refused(str(path), f"{path}: файл не найден")


def _source(file: Path, manifest: Manifest | None, overrides: ArticleMeta | None = None) -> Source:
    if manifest is not None and file.name in manifest.refused:
        return _refused(file.name, manifest.refused[file.name])
    given = dict(manifest.entries.get(file.name, {})) if manifest is not None else {}
    if overrides is not None:
        given |= {key: getattr(overrides, key) for key in META_FIELDS if getattr(overrides, key)}
    try:
        size = file.stat().st_size
        if size > MAX_ARTICLE_BYTES:  # refused before reading: it must not fill the memory
            return _refused(file.name, too_large(size))
        raw = file.read_bytes()
    except OSError as error:
        return _refused(file.name, f"{file}: не удалось прочитать ({error.strerror or error})")
    note = None
    if given.get("published") is None:
        # No date given: a date written at the top of the text, else the file's modification
        # time; a guess either way, said out loud since every relative date is read against it.
        given["published"] = find_publication_date(raw[:2000].decode("utf-8", "ignore"))
        basis = "a date at the top of the text"
        if given["published"] is None:
            given["published"] = date.fromtimestamp(file.stat().st_mtime)
            basis = "the file's modification time"
        note = (
            f"no publication date given: dated {given['published'].isoformat()} by {basis}; "
            f"check it (pass --published or add it to {MANIFEST})"
        )
    meta = ArticleMeta(**given, file=file.name)
    return Source(file.name, raw, meta, note=note, published_known=note is None)


def _drop_byline(text: str, author: str | None) -> str:
    """A short line naming the author is a byline, not article text."""
    if not author:
        return text
    kept = [
        line for line in text.split("\n") if not (author in line and len(line) <= len(author) + 60)
    ]
    return "\n".join(kept).strip()


def with_header(meta: ArticleMeta, header: dict[str, str], date_known: bool) -> ArticleMeta:
    """Metadata from the text's header lines, where nothing more explicit gave it.

    A header date beats a guessed one (a timestamp in the text, the file's mtime), never one
    given by a manifest, a flag or the admin.
    """
    published = find_date(header.get("published", "")) if not date_known else None
    return replace(
        meta,
        published=published or meta.published,
        title=meta.title or header.get("title"),
        source=meta.source or header.get("source"),
        author=meta.author or header.get("author"),
        url=meta.url or header.get("url"),
    )


def prepare(source: Source) -> Prepared:
    if source.refused is not None:
        raise BadInput(source.refused)
    if not source.raw or source.meta is None:
        raise BadInput(f"{source.key}: файл пуст")
    text, html_title = prepare_text(source.raw)
    header, text = split_header(text)
    if header:
        check_article(text)
    meta = with_header(source.meta, header, source.published_known)
    text = _drop_byline(text, meta.author)
    if not meta.title:
        meta = replace(meta, title=html_title or headline(text))
    return Prepared(source, text, content_hash(text), meta)


def _extract(item: tuple[str, date, str | None]) -> ArticleFacts | str:
    """The article's facts, or why extraction failed: one article's bad luck (a date at the
    end of the calendar, a bug) is that article's error, not the end of the batch."""
    try:
        return extract_facts(*item)
    except Exception as error:
        log.exception("extraction failed")
        return f"не удалось извлечь факты ({type(error).__name__}: {error})"


def ingest_sources(
    store: Store,
    sources: Iterable[Source],
    *,
    workers: int | None = None,
    added_by: int | None = None,
) -> list[Outcome]:
    """Extract and save each source; bad inputs are reported, never fatal to the others."""
    outcomes: list[Outcome] = []
    todo: list[Prepared] = []
    for source in sources:
        try:
            prepared = prepare(source)
        except BadInput as error:
            outcomes.append(Outcome(source.key, "error", message=str(error)))
            continue
        existing = store.find_article(prepared.source.key)
        if existing and existing["content_hash"] == prepared.digest:
            outcomes.append(Outcome(source.key, "unchanged", existing["id"]))
            continue
        todo.append(prepared)

    items = [(p.text, p.meta.published, p.meta.dateline) for p in todo]
    workers = workers if workers is not None else min(os.cpu_count() or 1, 4)
    if workers > 1 and len(items) >= PARALLEL_THRESHOLD:
        with extraction_pool(workers) as pool:
            facts_iter: Iterable[ArticleFacts] = pool.map(_extract, items, chunksize=4)
            outcomes += _save_all(store, todo, facts_iter, added_by)
    else:
        outcomes += _save_all(store, todo, map(_extract, items), added_by)
    return outcomes


def _save_all(
    store: Store,
    todo: list[Prepared],
    facts_iter: Iterable[ArticleFacts | str],
    added_by: int | None,
) -> list[Outcome]:
    outcomes = []
    for prepared, facts in zip(todo, facts_iter, strict=True):
        if isinstance(facts, str):
            outcomes.append(Outcome(prepared.source.key, "error", message=facts))
            continue
        try:
            result = _save_when_free(store, prepared, facts, added_by)
        except Exception as error:  # one broken article must not stop a bulk ingest
            if is_busy(error):
                log.warning("could not save %s: the database stayed busy", prepared.source.key)
                message = BUSY_MESSAGE
            else:
                log.exception("could not save %s", prepared.source.key)
                message = str(error)
            outcomes.append(Outcome(prepared.source.key, "error", message=message))
            continue
        outcomes.append(
            Outcome(
                prepared.source.key,
                result.status,
                result.article_id,
                message=prepared.source.note or "",
                facts=facts,
            )
        )
    return outcomes


def _save_when_free(
    store: Store, prepared: Prepared, facts: ArticleFacts, added_by: int | None
) -> SaveResult:
    """Save, waiting out another process's writes: the busy timeout on each try, then a few
    tries more with pauses (a long transaction elsewhere, a checkpoint)."""
    pauses = iter(SAVE_RETRY_PAUSES)
    while True:
        try:
            return store.save_article(
                prepared.source.key,
                prepared.text,
                prepared.digest,
                prepared.meta,
                facts,
                added_by=added_by,
            )
        except sqlite3.OperationalError as error:
            pause = next(pauses, None)
            if pause is None or not is_busy(error):
                raise
            log.info("the database is busy; saving %s again in %s s", prepared.source.key, pause)
            time.sleep(pause)


def ingest_paths(
    store: Store, paths: Iterable[str | Path], overrides: ArticleMeta | None = None, **kwargs
) -> list[Outcome]:
    return ingest_sources(store, collect_sources(paths, overrides), **kwargs)


def _twin(store: Store, prepared: Prepared) -> Twin | None:
    if row := store.find_by_hash(prepared.digest):
        return Twin(row["id"], True, 1.0)
    return find_twin(store, prepared.text)


def find_duplicate(store: Store, raw: str | bytes) -> Twin | None:
    """The stored article an admin's text duplicates or nearly duplicates (BadInput if unusable),
    checked before the admin is asked anything else about it."""
    return _twin(store, prepare(Source("", raw, ArticleMeta(published=date.today()))))


def ingest_text(
    store: Store,
    raw: str | bytes,
    meta: ArticleMeta,
    *,
    added_by: int | None = None,
    keep_near: bool = False,
) -> Outcome:
    """An article pasted or uploaded by an admin, known by its text: the same text again is a
    duplicate; a near-duplicate is added only with `keep_near` (the admin chose to keep both)."""
    source = Source("", raw, meta)
    try:
        prepared = prepare(source)
    except BadInput as error:
        return Outcome("", "error", message=str(error))
    twin = _twin(store, prepared)
    if twin is not None and (twin.same or not keep_near):
        status = "duplicate" if twin.same else "near-duplicate"
        return Outcome("", status, twin.article_id, similarity=twin.similarity)
    prepared.source.key = f"text:{prepared.digest[:16]}"
    item = (prepared.text, prepared.meta.published, prepared.meta.dateline)
    return _save_all(store, [prepared], [_extract(item)], added_by)[0]


def reextract(store: Store, article_id: int, published: date | None = None) -> ArticleFacts | None:
    """Extract an article again from its stored text (after a better extractor or a date fix)."""
    row = store.article(article_id)
    if row is None:
        return None
    when = published or date.fromisoformat(row["published"])
    facts = extract_facts(row["text"], when, row["dateline"])
    store.replace_facts(article_id, facts, published=when.isoformat())
    return facts


def reindex_all(store: Store) -> int:
    """Extract every article again; returns how many were. One that fails keeps its old facts."""
    done = 0
    for article_id in store.article_ids():
        try:
            reextract(store, article_id)
        except Exception:
            log.exception("could not reindex article #%s; its old facts stay", article_id)
            continue
        done += 1
    return done


def ensure_bundled(store: Store, bundled_dir: Path) -> list[Outcome]:
    """Index the articles the product ships with when the base is empty."""
    if not store.is_empty() or not (bundled_dir / MANIFEST).exists():
        return []
    log.info("empty knowledge base: indexing the bundled articles from %s", bundled_dir)
    return ingest_paths(store, [bundled_dir])
