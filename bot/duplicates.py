"""Is this text already in the base? The same article again, or a near-duplicate of one.

The same text: the same words in the same order once whitespace, case, quotes and dashes are
set aside, or one text is the other plus a little boilerplate (a «Подписывайтесь…» line, a
photo credit, a site's tagline glued to the last paragraph). A near-duplicate shares most of
its wording with a stored article without being it — the same wire story on two sites, a
lightly edited reprint; an admin decides whether to keep both.

Candidates come from the full-text index: a few word runs from the new text's longest
sentences, looked up as phrases; only the articles they hit are compared word by word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any

from bot.nlp import lemmas

_WORDS = re.compile(r"\w+")
_SENTENCES = re.compile(r"(?<=[.!?…])\s+")

BOILERPLATE_WORDS = 60  # one run of added words longer than this is not boilerplate
BOILERPLATE_SHARE = 0.3  # nor may added words be more than this share of the longer text
NEAR_DUPLICATE = 0.6  # share of the shorter text's words found, in order, in the other
PROBES = 6  # sentences looked up in the index
PROBE_WORDS = 8  # words of each
MIN_PROBE_WORDS = 5
CANDIDATES = 5


@dataclass(frozen=True, slots=True)
class Twin:
    """A stored article the new text duplicates (`same`) or nearly duplicates."""

    article_id: int
    same: bool
    similarity: float  # 0..1: the shorter text's share found in the other


def words(text: str) -> list[str]:
    """The text as words only: case, ё, whitespace, quotes, dashes and punctuation set aside."""
    return _WORDS.findall(text.lower().replace("ё", "е"))


def compare(a: str, b: str) -> tuple[bool, float]:
    """(same text, similarity) of two article texts."""
    first, second = words(a), words(b)
    if first == second:
        return True, 1.0
    short, long = sorted((first, second), key=len)
    if not short:
        return False, 0.0
    matcher = SequenceMatcher(None, short, long, autojunk=False)
    blocks = [block for block in matcher.get_matching_blocks() if block.size]
    matched = sum(block.size for block in blocks)
    similarity = matched / len(short)
    return matched == len(short) and _only_boilerplate_added(blocks, len(long)), similarity


def _only_boilerplate_added(blocks: list[Any], long_size: int) -> bool:
    """The longer text's words outside the matched runs are short runs, few in all."""
    gaps, position = [], 0
    for block in blocks:
        gaps.append(block.b - position)
        position = block.b + block.size
    gaps.append(long_size - position)
    return max(gaps) <= BOILERPLATE_WORDS and sum(gaps) <= long_size * BOILERPLATE_SHARE


def probe_phrases(text: str) -> list[list[str]]:
    """Runs of lemmas from the longest sentences: phrases a stored copy must contain too."""
    sentences = sorted(_SENTENCES.split(text), key=lambda s: len(s.split()), reverse=True)
    phrases = []
    for sentence in sentences[:PROBES]:
        lemmatised = lemmas(sentence)
        if len(lemmatised) < MIN_PROBE_WORDS:
            break
        middle = max(0, (len(lemmatised) - PROBE_WORDS) // 2)
        phrases.append(lemmatised[middle : middle + PROBE_WORDS])
    return phrases


def find_twin(store: Any, text: str, exclude: int | None = None) -> Twin | None:
    """The stored article `text` duplicates, else the one it nearly duplicates, else None."""
    hits = store.articles_with_phrases(probe_phrases(text), limit=CANDIDATES)
    best: Twin | None = None
    for article_id in hits:
        row = store.article(article_id)
        if row is None or article_id == exclude:
            continue
        same, similarity = compare(row["text"], text)
        if same:
            return Twin(article_id, True, similarity)
        if similarity >= NEAR_DUPLICATE and (best is None or similarity > best.similarity):
            best = Twin(article_id, False, similarity)
    return best
