"""Shared Russian NLP tools, loaded once per process.

natasha imports pymorphy2, whose dictionary lookup needs ``pkg_resources`` (gone from
setuptools >= 82 and from fresh Python 3.12+ venvs). Pointing ``PYMORPHY2_DICT_PATH`` at the
installed dictionary package before natasha is imported skips that lookup entirely, so this
module must be the only place natasha (and through it numpy) is imported from.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from typing import NamedTuple

import pymorphy2_dicts_ru

os.environ.setdefault("PYMORPHY2_DICT_PATH", pymorphy2_dicts_ru.get_path())
# slovnet multiplies small matrices: BLAS threads only add synchronisation (measured: one
# thread ingests ~1.8x faster), and bulk ingest parallelises with processes instead.
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import pymorphy3  # noqa: E402  (the environment above must be set first)
import pymorphy3_dicts_ru  # noqa: E402
import razdel  # noqa: E402
from natasha import (  # noqa: E402
    Doc,
    MorphVocab,
    NamesExtractor,
    NewsEmbedding,
    NewsMorphTagger,
    NewsNERTagger,
)
from natasha.doc import DocSent, DocSpan, DocToken  # noqa: E402
from natasha.norm import inflect_word, recover_shapes, recover_spaces  # noqa: E402

from bot.geo import KAZAKH_LETTERS  # noqa: E402
from bot.tagging import Embedding, MorphModel, NERModel  # noqa: E402

__all__ = ["Doc", "lemma", "lemmas", "morph", "natasha", "tokens"]

_WORD = re.compile(r"[A-Za-zА-Яа-яЁё0-9]+(?:-[A-Za-zА-Яа-яЁё0-9]+)*")


class _Word(NamedTuple):
    text: str
    pos: str
    feats: dict[str, str]


class Natasha:
    """The natasha pieces an article needs: morphology, NER, name normalisation."""

    def __init__(self) -> None:
        self.morph_vocab = MorphVocab()
        navec = NewsEmbedding()
        # natasha's own models, executed a whole article at a time (see bot.tagging)
        morph_tagger, ner_tagger = NewsMorphTagger(navec), NewsNERTagger(navec)
        self.embedding = Embedding(ner_tagger)
        self.morph_model = MorphModel(morph_tagger)
        self.ner_model = NERModel(ner_tagger)
        self.names_extractor = NamesExtractor(self.morph_vocab)
        self._nominative = lru_cache(maxsize=100_000)(self._inflect)

    def parse(self, text: str) -> Doc:
        """What Doc.segment, tag_morph and tag_ner produce, plus normalised entity spans."""
        doc = Doc(text)
        # Doc.segment, without natasha's intermediate token objects
        doc.tokens = [DocToken(t.start, t.stop, t.text) for t in razdel.tokenize(text)]
        doc.sents = (
            [DocSent(s.start, s.stop, s.text) for s in razdel.sentenize(text)] if text else []
        )
        doc.envelop_sent_tokens()
        words = self.embedding([token.text for token in doc.tokens])
        position = {token.start: i for i, token in enumerate(doc.tokens)}
        sentences = [[position[token.start] for token in sent.tokens] for sent in doc.sents]
        for sent, tags in zip(doc.sents, self.morph_model(words, sentences), strict=True):
            for token, (pos, feats) in zip(sent.tokens, tags, strict=True):
                token.pos, token.feats = pos, feats
        doc.spans = [
            DocSpan(span.start, span.stop, span.type, text[span.start : span.stop])
            for span in self.ner_model(words, doc.tokens)
        ]
        doc.envelop_span_tokens()
        doc.envelop_sent_spans()
        for span in doc.spans:
            span.normal = self._normal(span)
        return doc

    def _normal(self, span: DocSpan) -> str:
        """DocSpan.normalize, with each word's inflection cached: names recur in every article.

        Without a syntax parse natasha normalises ORG spans the same way as the others.
        """
        words = []
        for token in span.tokens:
            feats = token.feats or {}
            words.append(
                self._nominative(
                    token.text,
                    token.pos,
                    feats.get("Gender"),
                    feats.get("Number"),
                    feats.get("Case"),
                )
            )
        return recover_spaces(recover_shapes(words, span.tokens), span.tokens)

    def _inflect(
        self, text: str, pos: str, gender: str | None, number: str | None, case: str | None
    ) -> str:
        # natasha's inflect_word reads only these three features
        feats = {k: v for k, v in (("Gender", gender), ("Number", number), ("Case", case)) if v}
        return inflect_word(self.morph_vocab, _Word(text, pos, feats))


@lru_cache(maxsize=1)
def natasha() -> Natasha:
    return Natasha()


@lru_cache(maxsize=1)
def morph() -> pymorphy3.MorphAnalyzer:
    # An explicit path: pymorphy3 would otherwise follow PYMORPHY2_DICT_PATH to the old format.
    return pymorphy3.MorphAnalyzer(path=pymorphy3_dicts_ru.get_path())


def tokens(text: str) -> list[str]:
    """Words and numbers of `text`, in order, hyphenated compounds kept whole; a Kazakh word
    («Нұрлы») in the Russian letters it is searched by."""
    return _WORD.findall(text.translate(KAZAKH_LETTERS))


@lru_cache(maxsize=200_000)
def lemma(word: str) -> str:
    """Dictionary form of one word, lower-cased, ё folded to е (the cache keeps bulk ingest fast).
    An abbreviation the dictionary does not know ("МФЦА", "НПЗ") is its own lemma: a guessed
    inflection would make "МФЦА" the genitive of "мфец", which no question says."""
    abbreviation = len(word) > 1 and word.isupper()
    word = word.translate(KAZAKH_LETTERS).lower().replace("ё", "е")
    if not word.isalpha() or not any("а" <= ch <= "я" for ch in word):
        return word
    parse = morph().parse(word)[0]
    if abbreviation and not parse.is_known:
        return word
    return parse.normal_form.replace("ё", "е")


def lemmas(text: str) -> list[str]:
    return [lemma(word) for word in tokens(text)]
