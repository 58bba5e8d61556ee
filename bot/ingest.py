"""Files, directories and pasted texts into the knowledge base, one transaction per article."""

from __future__ import annotations

import json
import logging
import os
import re
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from bot.article_header import find_date, headline, split_header
from bot.duplicates import Twin, find_twin
from bot.extraction import extract_facts
from bot.models import ArticleFacts, ArticleMeta
from bot.store import Store
from bot.textio import BadInput, check_article, content_hash, prepare_text

log = logging.getLogger(__name__)

ARTICLE_SUFFIXES = {".txt", ".md", ".html", ".htm"}
MANIFEST = "manifest.json"
# Below this many articles a process pool costs more (model loading) than it saves.
PARALLEL_THRESHOLD = 16

_ISO_STAMP = re.compile(r"\b(20\d\d|19\d\d)-(\d\d)-(\d\d)\b")


@dataclass(slots=True)
class Source:
    """One article waiting to be ingested: its identity, raw content and what we know of it."""

    key: str
    raw: str | bytes
    meta: ArticleMeta
    published_known: bool = True


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


def _parse_date(value: object) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def is_article_file(name: str | None) -> bool:
    return bool(name) and Path(name).suffix.lower() in ARTICLE_SUFFIXES


def _read_manifest(directory: Path) -> dict[str, dict]:
    path = directory / MANIFEST
    if not path.exists():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    entries = data.get("articles", data) if isinstance(data, dict) else data
    return {
        entry["file"]: entry for entry in entries if isinstance(entry, dict) and "file" in entry
    }


def _meta_from_manifest(entry: dict, file_name: str) -> ArticleMeta | None:
    published = _parse_date(entry.get("published"))
    if published is None:
        return None
    return ArticleMeta(
        published=published,
        title=entry.get("title"),
        source=entry.get("source"),
        author=entry.get("author"),
        url=entry.get("url"),
        dateline=entry.get("dateline"),
        file=file_name,
    )


def collect_sources(
    paths: Iterable[str | Path], overrides: ArticleMeta | None = None
) -> Iterator[Source]:
    """Every article file under `paths`, with metadata from a manifest, flags or the file itself.

    `overrides` (from `--published/--title/--source`) applies to files named directly.
    """
    for raw_path in paths:
        path = Path(raw_path)
        if path.is_dir():
            manifest = _read_manifest(path)
            for file in sorted(path.iterdir()):
                if file.suffix.lower() not in ARTICLE_SUFFIXES or not file.is_file():
                    continue
                entry = manifest.get(file.name)
                meta = _meta_from_manifest(entry, file.name) if entry else None
                yield _source(file, meta)
        elif path.is_file():
            entry = _read_manifest(path.parent).get(path.name)
            meta = _meta_from_manifest(entry, path.name) if entry else None
            if overrides is not None:
                base = meta or ArticleMeta(published=overrides.published, file=path.name)
                meta = replace(
                    base,
                    published=overrides.published or base.published,
                    title=overrides.title or base.title,
                    source=overrides.source or base.source,
                    author=overrides.author or base.author,
                    url=overrides.url or base.url,
                )
            yield _source(path, meta)
        else:
            yield Source(str(path), b"", ArticleMeta(published=date.today(), file=path.name), False)


def _source(file: Path, meta: ArticleMeta | None) -> Source:
    raw = file.read_bytes()
    if meta is not None and meta.published is not None:
        return Source(file.name, raw, meta)
    # No date given: a timestamp in the text beats the file's modification time.
    head = raw[:2000].decode("utf-8", "ignore")
    stamp = _ISO_STAMP.search(head)
    published = _parse_date(stamp.group(0)) if stamp else None
    if published is None:
        published = date.fromtimestamp(file.stat().st_mtime)
    base = meta or ArticleMeta(published=published)
    return Source(file.name, raw, replace(base, published=published, file=file.name), False)


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
    if not source.raw:
        raise BadInput(f"{source.key}: файл не найден или пуст")
    text, html_title = prepare_text(source.raw)
    header, text = split_header(text)
    if header:
        check_article(text)
    meta = with_header(source.meta, header, source.published_known)
    text = _drop_byline(text, meta.author)
    if not meta.title:
        meta = replace(meta, title=html_title or headline(text))
    return Prepared(source, text, content_hash(text), meta)


def _extract(item: tuple[str, date, str | None]) -> ArticleFacts:
    return extract_facts(*item)


def _init_worker() -> None:
    """Load the models once per worker, before the first article arrives."""
    from bot.nlp import natasha

    natasha()


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
        with ProcessPoolExecutor(workers, initializer=_init_worker) as pool:
            facts_iter: Iterable[ArticleFacts] = pool.map(_extract, items, chunksize=4)
            outcomes += _save_all(store, todo, facts_iter, added_by)
    else:
        outcomes += _save_all(store, todo, map(_extract, items), added_by)
    return outcomes


def _save_all(
    store: Store, todo: list[Prepared], facts_iter: Iterable[ArticleFacts], added_by: int | None
) -> list[Outcome]:
    outcomes = []
    for prepared, facts in zip(todo, facts_iter, strict=True):
        try:
            result = store.save_article(
                prepared.source.key,
                prepared.text,
                prepared.digest,
                prepared.meta,
                facts,
                added_by=added_by,
            )
        except Exception as error:  # one broken article must not stop a bulk ingest
            log.exception("could not save %s", prepared.source.key)
            outcomes.append(Outcome(prepared.source.key, "error", message=str(error)))
            continue
        outcomes.append(Outcome(prepared.source.key, result.status, result.article_id, facts=facts))
    return outcomes


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
    outcomes = _save_all(
        store,
        [prepared],
        [extract_facts(prepared.text, prepared.meta.published, prepared.meta.dateline)],
        added_by,
    )
    return outcomes[0]


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
    ids = store.article_ids()
    for article_id in ids:
        reextract(store, article_id)
    return len(ids)


def ensure_bundled(store: Store, bundled_dir: Path) -> list[Outcome]:
    """Index the articles the product ships with when the base is empty."""
    if not store.is_empty() or not (bundled_dir / MANIFEST).exists():
        return []
    log.info("empty knowledge base: indexing the bundled articles from %s", bundled_dir)
    return ingest_paths(store, [bundled_dir])
