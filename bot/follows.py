"""What a user follows ("Ван И", "Tokayev", "железная дорога"), resolved once, matched cheaply.

A term is first tried as a name: rapidfuzz over every person alias (inflected forms, surnames,
Latin spellings) and organisation/place, tolerating a typo or two. A term that names nobody is
matched as words: every significant lemma must occur, so "железной дороги" finds "железная
дорога" in any case.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from bot.nlp import lemmas
from bot.store import Store, fold

MIN_WORD = 3  # shorter words ("и", "в", "ШОС" is 3) carry no meaning on their own


@dataclass(frozen=True, slots=True)
class FollowTarget:
    term: str
    person_ids: frozenset[int]
    entity_ids: frozenset[int]
    words: tuple[str, ...]  # lemmas that must all occur, when the term names no one

    def matches_people(self, person_ids: Iterable[int]) -> bool:
        return bool(self.person_ids.intersection(person_ids))

    def matches_text(self, text: str | None) -> bool:
        if not self.words or not text:
            return False
        return set(self.words) <= set(lemmas(text))


def name_cutoff(norm: str) -> float:
    """Short names must match exactly ("Си", "Ван И"); longer ones may carry a typo or two."""
    letters = len(norm.replace(" ", ""))
    if letters <= 4:
        return 100.0
    return 80.0 if letters >= 8 else 82.0


def significant_words(term: str) -> tuple[str, ...]:
    words = [word for word in lemmas(term) if len(word) >= MIN_WORD or word.isdigit()]
    return tuple(dict.fromkeys(words or lemmas(term)))


def resolve_follow(term: str, aliases: list[tuple[str, str, int]]) -> FollowTarget:
    """Match `term` against (kind, folded alias, id) rows from `Store.alias_table`."""
    norm = fold(term)
    lemma_form = " ".join(lemmas(term))
    cutoff = name_cutoff(norm)
    choices = [alias for _, alias, _ in aliases]
    people: set[int] = set()
    entities: set[int] = set()
    for query in {norm, lemma_form}:
        if not query:
            continue
        for _, _, index in process.extract(
            query, choices, scorer=fuzz.ratio, score_cutoff=cutoff, limit=20
        ):
            kind, _, row_id = aliases[index]
            (people if kind == "person" else entities).add(row_id)
    words = () if people else significant_words(term)
    return FollowTarget(term, frozenset(people), frozenset(entities), words)


def resolve_follows(store: Store, terms: Iterable[str]) -> list[FollowTarget]:
    terms = list(terms)
    if not terms:
        return []
    aliases = store.alias_table()
    return [resolve_follow(term, aliases) for term in terms]


def article_matches(store: Store, target: FollowTarget, article: dict) -> bool:
    """Does the article mention the followed person/organisation, or all of its words?"""
    article_id = article["id"]
    if target.person_ids and target.matches_people(store.article_people(article_id)):
        return True
    if target.entity_ids and target.entity_ids & store.article_entities(article_id):
        return True
    if target.matches_text(article.get("title")):
        return True
    return bool(target.words) and bool(store.articles_with_lemmas([article_id], target.words))
