"""Organisations and places of one article, by their nominative names.

natasha's ORG/LOC spans are the source; its own normal forms inflect every word
("Служба государственная охрана"), so the nominative is rebuilt from the head noun and its
adjectives only (see `roles.nominative_phrase`). Spans that cross a line break are split, spans
cut off mid-phrase ("Организации на правах ...") and lone generic nouns ("Организации") are
dropped, and datelines ("Чэнду. 1 декабря.", "Астана, 16 июня /Синьхуа/") add the place natasha
does not tag.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from bot import geo
from bot.extraction.document import ArticleDoc
from bot.extraction.roles import is_abbreviation, nominative_phrase, readings_of, restore_case
from bot.extraction.translit import palladius_syllables, palladius_to_pinyin
from bot.models import Entity
from bot.nlp import morph

_PART = re.compile(r"[^\n/()«»\"]+")
_MONTHS = "января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря"
_DATELINE = re.compile(
    rf"^[ \t]*([А-ЯЁ][а-яё]+(?:[- ][А-ЯЁ][а-яё]+)?)[.,][ \t]+\d{{1,2}}[ \t]+(?:{_MONTHS})\b",
    re.MULTILINE,
)
# "в казахстанской столице": the capital, as news names it the second time
_CAPITAL_DESCRIPTION = re.compile(
    rf"(?<![а-яё])({'|'.join(geo.CAPITALS_BY_ADJECTIVE)})(?:ая|ой|ую|ою)\s+столиц(?:а|е|у|ы|ей)\b",
    re.IGNORECASE,
)
_PROPER_TAGS = {"Geox", "Orgn", "Name", "Surn", "Abbr", "Trad"}
_KINDS = {"ORG": "org", "LOC": "place"}
_CASES = {"Gen": "gent", "Dat": "datv", "Acc": "accs", "Ins": "ablt", "Loc": "loct"}


def _tokens_in(tokens: Sequence[Any], starts: list[int], start: int, stop: int) -> list[Any]:
    first = bisect.bisect_left(starts, start)
    last = bisect.bisect_left(starts, stop)
    return [t for t in tokens[first:last] if t.stop <= stop]


def _token_after(tokens: Sequence[Any], starts: list[int], offset: int) -> Any | None:
    index = bisect.bisect_left(starts, offset)
    return tokens[index] if index < len(tokens) else None


@lru_cache(maxsize=50_000)
def _is_generic(word: str) -> bool:
    """A common word capitalised as a back-reference ("Организации" for the SCO), not a name."""
    if is_abbreviation(word):
        return False
    parses = readings_of(word)
    return all(p.is_known and not _PROPER_TAGS & set(p.tag.grammemes) for p in parses)


def _adjective_only(word: str) -> bool:
    """Every reading is an adjective: a name's attribute without its noun, not a name."""
    parses = readings_of(word)
    return bool(parses) and all(p.tag.POS in ("ADJF", "ADJS") for p in parses)


def _is_cut_off(part: list[Any], after: Any | None) -> bool:
    """natasha stopped mid-phrase: a preposition inside and the phrase goes on in lower case."""
    has_preposition = any(t.pos == "ADP" for t in part[1:])
    continues = after is not None and after.text[:1].islower() and after.pos in ("ADJ", "NOUN")
    return has_preposition and continues


class _Shifted:
    """A token re-based to offset 0, so a one-token phrase can be rendered from its own text."""

    def __init__(self, token: Any) -> None:
        self.text, self.pos, self.feats = token.text, token.pos, token.feats
        self.start, self.stop = 0, len(token.text)


# Endings a Chinese place name takes: soft ones follow "-нь" ("Сиане", "Сианя", "Сианем").
_CHINESE_PLACE_ENDINGS = {
    "Loc": ("е",),
    "Dat": ("у", "ю", "е"),
    "Gen": ("а", "я"),
    "Acc": ("а", "я"),
    "Ins": ("ом", "ем"),
}


def _chinese_place_nominative(word: str, case: str | None) -> str | None:
    """ "Сиане" -> "Сиань": the case ending cut from a Palladius place name, or None.

    Palladius writes pinyin -n as "-нь" and -ng as "-н"; the locative "-е" hides which, and
    "-нь" is taken (the soft "-я", "-ем" say so outright, the hard "-а", "-ом" say "-н").
    """
    for ending in _CHINESE_PLACE_ENDINGS.get(case or "", ()):
        stem = word[: -len(ending)]
        if not word.endswith(ending) or len(stem) < 3:
            continue
        hard = ending in ("а", "у", "ом")
        if stem.endswith("н") and not hard and palladius_to_pinyin(stem + "ь"):
            return stem + "ь"
        if palladius_to_pinyin(stem) and len(palladius_syllables(stem)) >= 2:
            return stem
    return None


def _is_place_name(word: str) -> bool:
    return any("Geox" in p.tag for p in readings_of(word))


def _unknown_word_nominative(token: Any) -> str:
    """A word pymorphy does not know, put in the nominative only where the ending tells.

    "Тяньцзине": Palladius writes pinyin -n as "-нь" and -ng as "-н", and the locative hides
    which; a stem that is a Chinese name and ends in "н" is read as "-нь" ("Тяньцзинь",
    "Сиань"). Otherwise pymorphy's guess for natasha's case is taken ("Акорды" -> "Акорда"),
    and a word already in the nominative, or with no guess, is kept as written.
    """
    word = token.text
    feats = token.feats or {}
    case = feats.get("Case")
    if case in (None, "Nom") or len(word) <= 3:
        return word
    chinese = _chinese_place_nominative(word, case)
    if chinese:
        return chinese
    grammemes = {_CASES[case], "plur" if feats.get("Number") == "Plur" else "sing"}
    for parse in readings_of(word):
        tags = set(parse.tag.grammemes)
        if parse.tag.POS == "NOUN" and grammemes <= tags and not {"Name", "Surn", "Patr"} & tags:
            return restore_case(parse.normal_form, word)
    return word


def _name_of(text: str, part: list[Any]) -> str:
    """The nominative of a span's words (cached: "Казахстана", "КНР" come back in every
    article of a bulk ingest, and the nominative depends only on the words and their tags)."""
    base = part[0].start
    words = tuple(
        (t.text, t.pos, tuple(sorted((t.feats or {}).items())), t.start - base, t.stop - base)
        for t in part
    )
    return _cached_name(text[base : part[-1].stop], words)


@lru_cache(maxsize=20_000)
def _cached_name(span: str, words: tuple[tuple[Any, ...], ...]) -> str:
    part = [_Token(text, pos, dict(feats), start, stop) for text, pos, feats, start, stop in words]
    return _uncached_name(span, part)


@dataclass(slots=True)
class _Token:
    text: str
    pos: str | None
    feats: dict[str, str]
    start: int
    stop: int


def _uncached_name(text: str, part: list[Any]) -> str:
    """The nominative of a span's words; abbreviations and unknown single words handled apart."""
    if len(part) == 1:
        word = part[0].text
        if is_abbreviation(word):
            return word
        known = geo.place_of_form(word)
        if known is not None and known.name[:3].lower() == word[:3].lower():
            return known.name  # "в Акорде": the residence, not "Акорд"; "Нур-Султан" stays
        if not _is_place_name(word):
            # "Сиане" is pymorphy's "Сиана" (a woman's name) before it is a Chinese city.
            chinese = _chinese_place_nominative(word, (part[0].feats or {}).get("Case"))
            if chinese:
                return chinese
        if not morph().word_is_known(word.lower()):
            return _unknown_word_nominative(part[0])
    base = part[0].start
    shifted = [_Shifted(t) for t in part]
    for original, token in zip(part, shifted, strict=True):
        token.start, token.stop = original.start - base, original.stop - base
    return nominative_phrase(text[base : part[-1].stop], shifted)


def find_entities(adoc: ArticleDoc) -> list[Entity]:
    text = adoc.text
    tokens = adoc.doc.tokens
    starts = [t.start for t in tokens]
    found: dict[tuple[str, str], Entity] = {}
    names: dict[tuple[str, tuple[Any, ...]], str] = {}

    def add(kind: str, name: str, form: str, offset: int) -> None:
        entity = found.setdefault((kind, name), Entity(kind=kind, name=name))  # type: ignore[arg-type]
        entity.forms.add(form)
        sentence = adoc.sentence_at(offset)
        if sentence not in entity.sentences:
            entity.sentences.append(sentence)

    for span in adoc.doc.spans:
        kind = _KINDS.get(span.type)
        if kind is None:
            continue
        for piece in _PART.finditer(text[span.start : span.stop]):
            start, stop = span.start + piece.start(), span.start + piece.end()
            part = [t for t in _tokens_in(tokens, starts, start, stop) if t.pos != "PUNCT"]
            if not part or not part[0].text[:1].isupper():
                continue
            following = _token_after(tokens, starts, stop)
            if _is_cut_off(part, following):
                continue
            if len(part) == 1 and (_is_generic(part[0].text) or _adjective_only(part[0].text)):
                continue  # "Организации"; "Казахстанско-китайского" (a committee's adjective)
            form = text[part[0].start : part[-1].stop]
            key = (form, tuple((t.pos, tuple(sorted((t.feats or {}).items()))) for t in part))
            if key not in names:  # the same form recurs with the same reading: inflect once
                names[key] = _name_of(text, part)
            add(kind, names[key], form, part[0].start)

    for match in _DATELINE.finditer(text):
        place = match.group(1)
        if not _is_generic(place):
            add("place", place, place, match.start(1))
    for match in _CAPITAL_DESCRIPTION.finditer(text):
        add(
            "place", geo.CAPITALS_BY_ADJECTIVE[match.group(1).lower()], match.group(), match.start()
        )
    entities = _merge_guessed_softness(list(found.values()))
    for entity in entities:
        entity.sentences.sort()
    return entities


def _merge_guessed_softness(entities: list[Entity]) -> list[Entity]:
    """ "в Тачэне" guessed "Тачэнь", but the article also writes "Тачэн": the written
    nominative wins and takes the guessed entity's forms and sentences."""
    written = {(e.kind, e.name): e for e in entities if e.name in e.forms}
    kept: list[Entity] = []
    for entity in entities:
        if entity.name not in entity.forms and entity.name.endswith(("н", "нь")):
            twin = entity.name[:-1] if entity.name.endswith("ь") else entity.name + "ь"
            target = written.get((entity.kind, twin))
            if target is not None:
                target.forms |= entity.forms
                target.sentences += [i for i in entity.sentences if i not in target.sentences]
                continue
        kept.append(entity)
    return kept
