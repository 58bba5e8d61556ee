"""What a user follows ("Ван И", "Tokayev", "железная дорога"), resolved once, matched cheaply.

A term is first tried as a name. People are found exactly as the question «term» finds them
(the search's alias index: inflected forms, surnames, Latin spellings, a typo or two), so
/follow accepts whoever the question would answer about; organisations and places by rapidfuzz
over their names. A term that names nobody is matched as words: every significant lemma must
occur, so "железной дороги" finds "железная дорога" in any case.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from bot.nlp import lemmas
from bot.search.aliases import FUZZY_WORD_LIMIT, AliasIndex, alias_index
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


def question_people(index: AliasIndex, term: str) -> set[int]:
    """The people the question «term» is about: the names the search finds among its words."""
    matches, _ = index.find_people_in(term.split()[:FUZZY_WORD_LIMIT])
    return {person_id for match in matches for person_id in match.person_ids[:3]}


def resolve_follow(
    term: str, aliases: list[tuple[str, str, int]], index: AliasIndex | None = None
) -> FollowTarget:
    """Match `term` against (kind, folded alias, id) rows from `Store.alias_table`; people, when
    the search's alias `index` is given, as a question finds them."""
    norm = fold(term)
    lemma_form = " ".join(lemmas(term))
    cutoff = name_cutoff(norm)
    choices = [alias for _, alias, _ in aliases]
    people: set[int] = question_people(index, term) if index is not None else set()
    entities: set[int] = set()
    for query in {norm, lemma_form}:
        if not query:
            continue
        for _, _, position in process.extract(
            query, choices, scorer=fuzz.ratio, score_cutoff=cutoff, limit=20
        ):
            kind, _, row_id = aliases[position]
            if kind != "person":
                entities.add(row_id)
            elif index is None:
                people.add(row_id)
    words = () if people else significant_words(term)
    return FollowTarget(term, frozenset(people), frozenset(entities), words)


def resolve_follows(store: Store, terms: Iterable[str]) -> list[FollowTarget]:
    terms = list(terms)
    if not terms:
        return []
    aliases = store.alias_table()
    index = alias_index(store)
    return [resolve_follow(term, aliases, index) for term in terms]


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
