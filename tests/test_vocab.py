"""One vocabulary: every type an extractor produces on real-style text has labels in both
languages and words a question can ask it by."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from bot.extraction import extract_facts
from bot.ingest import Source, prepare
from bot.models import ArticleMeta
from bot.vocab import DOCUMENT_KINDS, EVENT_TYPES, FactType

EVAL = Path(__file__).parent / "eval"


def produced_types() -> tuple[set[str], set[str]]:
    events, documents = set(), set()
    for manifest in sorted(EVAL.glob("dev/*/manifest.json")):
        for entry in json.loads(manifest.read_text("utf-8"))["articles"]:
            path = manifest.parent / entry["file"]
            meta = ArticleMeta(published=date.fromisoformat(entry["published"]))
            prepared = prepare(Source(path.name, path.read_bytes(), meta))
            facts = extract_facts(prepared.text, meta.published, entry.get("dateline"))
            events |= {e.type for e in facts.events}
            documents |= {a.type for a in facts.agreements}
    return events, documents


def described(kind: FactType) -> bool:
    """Labels in both languages, and a question finds it by a stem or by a name's lemma."""
    return bool(kind.ru and kind.en and (kind.ask or kind.names))


def test_every_type_extracted_is_in_the_vocabulary_with_labels_and_question_words() -> None:
    events, documents = produced_types()
    assert events and documents
    assert events <= set(EVENT_TYPES), events - set(EVENT_TYPES)
    assert documents <= set(DOCUMENT_KINDS), documents - set(DOCUMENT_KINDS)
    assert all(described(EVENT_TYPES[t]) for t in events)
    assert all(described(DOCUMENT_KINDS[t]) for t in documents)
