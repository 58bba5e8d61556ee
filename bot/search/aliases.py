"""Names in a message -> people (and places) in the base, tolerant of typos, cases and Latin.

One in-memory index per database state (keyed by `store.data_version`): every alias the store
holds plus what can be derived from canonical names (surname, lemmatised form, Latin spellings),
bucketed by length so a fuzzy lookup compares only strings that could be within the typo limit.
"""

from __future__ import annotations

import contextlib
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from bot.nlp import lemma, tokens
from bot.search.per_version import PerDataVersion

COMMON_WORD_MENTIONS = 3  # mentions a person needs before a dictionary word alone names them
FUZZY_WORD_LIMIT = 12  # words of a message searched fuzzily; later words must match exactly
KIND_RANK = {"name": 0, "form": 0, "lemma": 1, "latin": 1, "surname": 2, "part": 3}


def fold(text: str) -> str:
    return " ".join(text.lower().replace("ё", "е").split())


def allowed_typos(text: str) -> int:
    """One typo in a short name, two in a long one; none in names too short to tell apart."""
    size = len(text.replace(" ", ""))
    if size <= 4:
        return 0
    return 1 if size <= 8 else 2


def lemma_phrase(text: str) -> str:
    return " ".join(lemma(word) for word in tokens(text))


@lru_cache(maxsize=50_000)
def derived_aliases(name: str) -> tuple[tuple[str, str], ...]:
    """Aliases computed from a canonical name: lemmatised form, surname, Latin spellings."""
    from bot.extraction.translit import is_chinese_name, latin_aliases, palladius_to_pinyin

    words = tokens(name)
    found: set[tuple[str, str]] = {(fold(name), "name"), (fold(lemma_phrase(name)), "lemma")}
    chinese = is_chinese_name(name)
    if len(words) >= 2:
        if chinese:
            given = words[-1]
            if len(given) >= 5:  # "Цзиньпин" is used alone; "И" of "Ван И" cannot be
                found.add((fold(given), "part"))
                pinyin = palladius_to_pinyin(given)
                if pinyin:
                    found.add((fold(pinyin), "part"))
        elif len(words[-1]) >= 4:
            found.add((fold(words[-1]), "surname"))
            found.add((lemma(words[-1]), "surname"))
    # A name the transliterator cannot handle keeps its Cyrillic aliases.
    with contextlib.suppress(Exception):
        found |= {(fold(latin), "latin") for latin in latin_aliases(name)}
    return tuple(sorted(found))


@lru_cache(maxsize=10_000)
def latin_place(name: str) -> str:
    """A place name in Latin letters: pinyin for Chinese ones ("Чэнду" -> "Chengdu")."""
    from bot.extraction.translit import palladius_to_pinyin, to_latin

    try:
        words = name.split()
        if len(words) == 1 and (pinyin := palladius_to_pinyin(name)) and len(name) <= 12:
            return pinyin
        return to_latin(name)
    except Exception:  # a name the transliterators cannot handle
        return ""


@lru_cache(maxsize=10_000)
def latin_name(name: str) -> str | None:
    """How the name is written in English news: pinyin for Chinese names, else romanised."""
    from bot.extraction.translit import (
        conventional_latin,
        is_chinese_name,
        palladius_to_pinyin,
        to_latin,
    )

    try:
        if conventional := conventional_latin(name):
            return conventional
        if is_chinese_name(name):
            parts = [palladius_to_pinyin(part) for part in name.split()]
            return " ".join(p for p in parts if p) or None
        return to_latin(name) or None
    except Exception:  # an odd name keeps its Cyrillic form only
        return None


# A name that names a thing: "в Назарбаев Университете", "фонд имени ...": not that person.
NAMED_OBJECT_NOUNS = frozenset(
    {"университет", "центр", "фонд", "школа", "аэропорт", "музей", "библиотека", "институт",
     "академия", "проспект", "улица", "стадион", "арена", "премия"}
)  # fmt: skip
_NAMED_AFTER = frozenset({"имени", "им"})


def _names_an_object(words: list[str], start: int, end: int) -> bool:
    after = lemma(words[end]) if end < len(words) else ""
    before = words[start - 1].lower().rstrip(".") if start else ""
    return after in NAMED_OBJECT_NOUNS or before in _NAMED_AFTER


@dataclass
class NameMatch:
    """A name found in a message and the people it may mean, best first."""

    text: str  # as typed
    person_ids: list[int]
    names: list[str]
    distance: int

    @property
    def best_id(self) -> int:
        return self.person_ids[0]

    @property
    def best_name(self) -> str:
        return self.names[0]


@dataclass
class AliasIndex:
    """People and places of one database state, ready for exact and fuzzy lookup."""

    people: dict[int, tuple[str, int]] = field(default_factory=dict)  # id -> (name, mentions)
    exact: dict[str, dict[int, int]] = field(default_factory=dict)  # alias -> {id: kind rank}
    by_length: dict[int, list[str]] = field(default_factory=dict)
    places: dict[str, tuple[str, str]] = field(default_factory=dict)  # form -> (kind, name)
    place_by_length: dict[int, list[str]] = field(default_factory=dict)

    @classmethod
    def build(
        cls, alias_rows: list[dict[str, Any]], entity_rows: list[dict[str, Any]]
    ) -> AliasIndex:
        index = cls()
        exact: dict[str, dict[int, int]] = defaultdict(dict)

        def add(alias: str, person_id: int, kind: str) -> None:
            if len(alias) < 2:
                return
            rank = KIND_RANK.get(kind, 2)
            current = exact[alias].get(person_id)
            if current is None or rank < current:
                exact[alias][person_id] = rank

        for row in alias_rows:
            person_id = row["person_id"]
            index.people[person_id] = (row["name"], row["mentions"] or 0)
            if row["norm"]:
                kind = row["kind"] or "form"
                add(row["norm"], person_id, kind)
                if kind == "form":
                    add(fold(lemma_phrase(row["alias"])), person_id, "lemma")
        for person_id, (name, _) in index.people.items():
            for alias, kind in derived_aliases(name):
                add(alias, person_id, kind)
        index.exact = dict(exact)
        index.by_length = _buckets(index.exact)

        for row in entity_rows:
            kind, name = row["kind"], row["name"]
            forms = {row["norm"] or fold(name), fold(name), lemma_phrase(name)}
            forms.add(
                fold(latin_place(name))
            )  # "Astana", "Chengdu"-like spellings typed in English
            forms |= {fold(form) for form in (row["forms"] or "").split(",") if form}
            for form in forms:
                if len(form) >= 2:
                    index.places.setdefault(form, (kind, name))
        index.place_by_length = _buckets(index.places)
        return index

    # -- people ----------------------------------------------------------------------------------

    def knows_latin(self, word: str) -> bool:
        """A word in Latin letters some person's alias holds ("Zhanshu", "Tokayev")."""
        return word.isascii() and word.isalpha() and fold(word) in self.exact

    def _rank_people(self, hits: dict[int, int]) -> list[int]:
        """Best kind of alias first, then the person the corpus mentions most."""
        return sorted(hits, key=lambda pid: (hits[pid], -self.people.get(pid, ("", 0))[1], pid))

    def lookup(self, text: str, *, fuzzy: bool = True) -> tuple[list[int], int] | None:
        """People whose alias is `text` (folded), or within the typo limit; with the distance."""
        key = fold(text)
        if not key:
            return None
        keys = [key]
        if any("а" <= ch <= "я" for ch in key):
            keys.append(fold(lemma_phrase(key)))
        for candidate in keys:
            if candidate in self.exact:
                return self._rank_people(self.exact[candidate]), 0
        if not fuzzy:
            return None
        limit = allowed_typos(key)
        if limit == 0:
            return None
        best: tuple[int, dict[int, int]] | None = None
        for candidate in keys:
            for size in range(len(candidate) - limit, len(candidate) + limit + 1):
                choices = self.by_length.get(size)
                if not choices:
                    continue
                for alias, distance, _ in process.extract(
                    candidate,
                    choices,
                    scorer=Levenshtein.distance,
                    score_cutoff=limit,
                    limit=5,
                ):
                    if _first_letters_differ(candidate, alias):
                        continue
                    if best is None or distance < best[0]:
                        best = (distance, dict(self.exact[alias]))
                    elif distance == best[0]:
                        for pid, rank in self.exact[alias].items():
                            best[1][pid] = min(rank, best[1].get(pid, rank))
        if best is None:
            return None
        return self._rank_people(best[1]), best[0]

    def find_people_in(self, words: list[str]) -> tuple[list[NameMatch], set[int]]:
        """Names among the words of a message (up to three words each), without overlaps.

        Exact aliases are looked up first; only words left over, that could be a misspelt name
        (not ordinary dictionary words), are compared fuzzily.
        """
        candidates: list[tuple[int, int, int, list[int]]] = []  # distance, -size, start, ids
        exact_words: set[int] = set()
        single_words: set[int] = set()  # words an exact one-word alias took ("Ван")
        for size in (3, 2, 1):
            for start in range(len(words) - size + 1):
                piece = words[start : start + size]
                if size == 1 and not _could_be_name(piece[0]):
                    continue
                found = self.lookup(" ".join(piece), fuzzy=False)
                if found and size == 1 and self._a_common_word(piece[0], found[0]):
                    continue
                if found:
                    candidates.append((0, -size, start, found[0]))
                    exact_words |= set(range(start, start + size))
                    if size == 1:
                        single_words.add(start)
        fuzzy_limit = min(len(words), FUZZY_WORD_LIMIT)
        for size in (3, 2, 1):
            for start in range(fuzzy_limit - size + 1):
                span = range(start, start + size)
                # "Ван Цзянцзюнь": a full name one letter off outweighs the bare surname "Ван"
                if exact_words & set(span) and not (
                    size > 1 and exact_words & set(span) <= single_words
                ):
                    continue
                piece = words[start : start + size]
                if not all(_could_be_misspelt_name(word) for word in piece):
                    continue
                found = self.lookup(" ".join(piece))
                if found and found[1] > 0:
                    candidates.append((found[1], -size, start, found[0]))
        # a misspelt full name ranks with the exact names, before a bare surname inside it
        candidates.sort(key=lambda c: (0 if c[1] < -1 else c[0], c[1], c[0], c[2]))
        used: set[int] = set()
        matches: list[tuple[int, NameMatch]] = []
        for distance, negative_size, start, ids in candidates:
            span = set(range(start, start - negative_size))
            if span & used or _names_an_object(words, start, start - negative_size):
                continue
            end = start - negative_size
            end, distance = self._absorb_typo(words, start, end, ids, used | span, distance)
            used |= set(range(start, end))
            text = " ".join(words[start:end])
            names = [self.people[pid][0] for pid in ids]
            matches.append((start, NameMatch(text, ids, names, distance)))
        matches.sort(key=lambda pair: pair[0])
        # The same person named twice ("Токаев ... Токаевым") is one name.
        unique: list[NameMatch] = []
        for _, match in matches:
            if not any(match.best_id == other.best_id for other in unique):
                unique.append(match)
        return unique, used

    def _a_common_word(self, word: str, ids: list[int]) -> bool:
        """ "своп юань/тенге": a lowercase dictionary word is the surname of someone the
        articles barely mention (the sculptor Юань Сикунь) only when written with a capital;
        "токаев", "мамин", dictionary words too, name people the articles name often."""
        if word[:1].isupper() or _could_be_misspelt_name(word):
            return False
        return all(self.people[pid][1] < COMMON_WORD_MENTIONS for pid in ids if pid in self.people)

    def _absorb_typo(
        self, words: list[str], start: int, end: int, ids: list[int], used: set[int], distance: int
    ) -> tuple[int, int]:
        """A name followed by a stray word that makes it the same name with a typo ("Ван Ии"
        for "Ван И") takes that word in, instead of leaving it over as a second name."""
        if end >= len(words) or end in used or not _could_be_misspelt_name(words[end]):
            return end, distance
        found = self.lookup(" ".join(words[start : end + 1]))
        if found and found[0][:1] == ids[:1]:
            return end + 1, max(distance, found[1])
        return end, distance

    # -- places ----------------------------------------------------------------------------------

    def match_place(self, word: str, word_lemma: str) -> tuple[str, str] | None:
        """("place"|"org", name) for a word naming a known place or organisation."""
        for key in (word, word_lemma):
            if key in self.places:
                return self.places[key]
        if len(word) < 6:
            return None
        for size in (len(word) - 1, len(word), len(word) + 1):
            choices = self.place_by_length.get(size)
            if not choices:
                continue
            hit = process.extractOne(word, choices, scorer=Levenshtein.distance, score_cutoff=1)
            if hit and not _first_letters_differ(word, hit[0]):
                return self.places[hit[0]]
        return None

    # -- suggestions -----------------------------------------------------------------------------

    def closest_names(self, text: str, limit: int = 5) -> list[str]:
        """People whose names look most like `text`, for "did you mean" (a looser bar)."""
        key = fold(text)
        if len(key) < 3:
            return []
        choices = [alias for alias in self.exact if len(alias) >= 4]
        scored: dict[int, float] = {}
        for alias, score, _ in process.extract(
            key, choices, scorer=fuzz.ratio, score_cutoff=70, limit=limit * 4
        ):
            for pid in self.exact[alias]:
                scored[pid] = max(scored.get(pid, 0), score)
        ranked = sorted(scored, key=lambda pid: (-scored[pid], -self.people[pid][1]))
        return list(dict.fromkeys(self.people[pid][0] for pid in ranked))[:limit]

    def prefix_people(self, text: str, limit: int = 10) -> list[int]:
        """People an alias of whom starts with `text` (what inline mode has typed so far)."""
        key = fold(text)
        if not key:
            return []
        hits: dict[int, int] = {}
        for alias, people in self.exact.items():
            if alias.startswith(key) or any(part.startswith(key) for part in alias.split()):
                for pid, rank in people.items():
                    hits[pid] = min(rank, hits.get(pid, rank))
        return self._rank_people(hits)[:limit]


def _buckets(keys) -> dict[int, list[str]]:
    buckets: dict[int, list[str]] = defaultdict(list)
    for key in keys:
        buckets[len(key)].append(key)
    return dict(buckets)


def _first_letters_differ(a: str, b: str) -> bool:
    """Typos rarely hit the first letter; requiring it keeps "Павлов" from becoming "Лавров"."""
    return a[:1] != b[:1]


def _could_be_name(word: str) -> bool:
    return len(word) >= 4 or (len(word) >= 2 and word[:1].isupper())


@lru_cache(maxsize=20_000)
def _could_be_misspelt_name(word: str) -> bool:
    """Not an ordinary Russian word ("встречался", "документы"): those are never fuzzy names.
    Short parts of Chinese names ("си", "и") pass, since a two-word name is judged whole."""
    if not any("а" <= ch <= "я" for ch in word.lower()):
        return True  # Latin: transliterations and their typos
    from bot.nlp import morph

    if len(word) <= 3:
        return True
    parses = morph().parse(word.lower())
    if not morph().word_is_known(word.lower()):
        return True
    return any(
        {"Name", "Surn", "Patr", "Geox"} & set(str(p.tag).replace(" ", ",").split(","))
        for p in parses[:3]
    )


_indexes: PerDataVersion[AliasIndex] = PerDataVersion(
    lambda store: AliasIndex.build(store.alias_rows(), store.entity_rows())
)


def alias_index(store: Any) -> AliasIndex:
    """The index for the store's current data, rebuilt only when the data changed."""
    return _indexes(store)
