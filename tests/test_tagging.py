"""The whole-article executor must tag exactly as natasha's own slovnet runtime does."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pytest
from natasha import NewsEmbedding, NewsMorphTagger, NewsNERTagger, Segmenter

from bot.nlp import Doc, natasha

ROOT = Path(__file__).resolve().parent.parent
TEXTS = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "data").glob("*.txt"))] + [
    "",
    " \n\t",
    ".",
    "Астана",
    "Си Цзиньпин\nВан И\n\nТокаев",
    "Ли Цян прибыл в Астану. " * 400,  # one long sequence through the CRF
]


@lru_cache(maxsize=1)
def slovnet_taggers() -> tuple[NewsMorphTagger, NewsNERTagger]:
    embedding = NewsEmbedding()
    return NewsMorphTagger(embedding), NewsNERTagger(embedding)


def reference(text: str) -> Doc:
    """natasha's documented pipeline, with slovnet executing the models."""
    morph_tagger, ner_tagger = slovnet_taggers()
    doc = Doc(text)
    doc.segment(Segmenter())
    doc.tag_morph(morph_tagger)
    doc.tag_ner(ner_tagger)
    for span in doc.spans:
        span.normalize(natasha().morph_vocab)
    return doc


@pytest.mark.parametrize("text", TEXTS, ids=range(len(TEXTS)))
def test_same_tags_and_spans_as_slovnet(text: str) -> None:
    expected, actual = reference(text), natasha().parse(text)
    assert [(t.text, t.pos, t.feats) for t in actual.tokens] == [
        (t.text, t.pos, t.feats) for t in expected.tokens
    ]
    assert [(s.start, s.stop, s.type, s.normal) for s in actual.spans] == [
        (s.start, s.stop, s.type, s.normal) for s in expected.spans
    ]
    assert [[t.start for t in s.tokens] for s in actual.spans] == [
        [t.start for t in s.tokens] for s in expected.spans
    ]
