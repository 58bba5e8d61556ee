"""Titles stated next to a name ("с министром иностранных дел КНР Ван И"), put in the nominative.

A title is read backwards from the name over natasha's morphology: a run of genitive words and
abbreviations (the complement: "иностранных дел КНР") ending at a person noun (the head:
"министром"), with the head's agreeing adjectives ("генеральный секретарь"). Only the head and
those adjectives are inflected; complements stay as written. The same reading also gives
organisation and place names in the nominative (`nominative_phrase`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from bot.nlp import morph

_CASES = {"Nom": "nomn", "Gen": "gent", "Dat": "datv", "Acc": "accs", "Ins": "ablt", "Loc": "loct"}
_DASHES = {"—", "–", "-"}
_COORDINATORS = {",", "и"}
_TITLE_PREPOSITIONS = {"в", "во", "при"}


@dataclass(frozen=True, slots=True)
class Title:
    """A title phrase: token range [start, stop), its head noun and its nominative text."""

    start: int
    stop: int
    head: int
    text: str
    plural: bool = False  # "министры иностранных дел Китая Ван И, России Сергей Лавров"


@lru_cache(maxsize=100_000)
def readings_of(word: str) -> tuple[Any, ...]:
    """pymorphy's readings of a word, cached: the same names and titles recur in every article."""
    return tuple(morph().parse(word))


def _feat(token: Any, name: str) -> str | None:
    return (token.feats or {}).get(name)


def is_abbreviation(word: str) -> bool:
    return len(word) >= 2 and word.isupper() and word.isalpha()


def _is_complement(token: Any) -> bool:
    """A genitive word or an abbreviation: "иностранных", "дел", "Казахстана", "КНР"."""
    if is_abbreviation(token.text):
        return True
    if token.pos == "PROPN" and not is_title_word(token.text):
        if _feat(token, "Animacy") != "Anim":
            return True  # "Республики Казахстан": natasha often reads the name as nominative
        if _genitive_body(token.text):
            return True  # "премьером Госсовета Ли Цяном": natasha took "Госсовета" for a name
    return token.pos in ("NOUN", "PROPN", "ADJ", "DET", "NUM") and _feat(token, "Case") == "Gen"


@lru_cache(maxsize=50_000)
def _genitive_body(word: str) -> bool:
    """pymorphy reads it as the genitive of an inanimate noun that is no one person's name
    ("Алматы" is also the plural of a name, which never names one person)."""
    parses = readings_of(word)
    if any(_NAME_TAGS & set(p.tag.grammemes) and "sing" in p.tag for p in parses):
        return False
    return any(p.tag.POS == "NOUN" and "inan" in p.tag and "gent" in p.tag for p in parses)


def _is_place_complement(tokens: Sequence[Any], index: int, blocked: set[int]) -> bool:
    """ "в Казахстане", "при ООН": a preposition with a proper noun, inside a title."""
    token = tokens[index]
    if (
        index < 1
        or index - 1 in blocked
        or not (token.pos == "PROPN" or is_abbreviation(token.text))
    ):
        return False
    return tokens[index - 1].text.lower() in _TITLE_PREPOSITIONS


def _is_person_noun(token: Any) -> bool:
    """ "министром", "Президента": an animate common noun, never a name.

    natasha tags a capitalised title PROPN or even ADJ ("Председателя КНР"); pymorphy decides then.
    """
    if not token.text.replace("-", "").isalpha() or is_abbreviation(token.text):
        return False
    if token.pos == "NOUN":
        return _feat(token, "Animacy") == "Anim"
    return token.pos in ("PROPN", "ADJ") and is_title_word(token.text)


_NAME_TAGS = {"Name", "Surn", "Patr"}


# Kazakhstan's titles pymorphy knows only as first names ("Аким" is also a man's name).
_REGIONAL_TITLE = re.compile(r"(аким)(?:а|у|ом|е|ы|ов|ам|ами|ах)?", re.IGNORECASE)


def _regional_title_nominative(word: str, singular: bool) -> str | None:
    match = _REGIONAL_TITLE.fullmatch(word)
    if match is None:
        return None
    plural = not singular and word.lower().endswith(("ы", "ов", "ам", "ами", "ах"))
    return restore_case(match.group(1).lower() + ("ы" if plural else ""), word)


# Titles the dictionary does not know, so no name takes them in: «Елбасы Нурсултан Назарбаев».
_UNLISTED_TITLES = {"елбасы": "Елбасы", "хоким": "хоким", "хокима": "хоким"}  # -> nominative


@lru_cache(maxsize=50_000)
def is_title_word(word: str) -> bool:
    """ "Президента": a known animate noun that no reading makes a name ("Школьник" is one)."""
    if _REGIONAL_TITLE.fullmatch(word) or word.lower() in _UNLISTED_TITLES:
        return True
    parses = readings_of(word)
    if any(_NAME_TAGS & set(p.tag.grammemes) for p in parses):
        return False
    return any(p.is_known and p.tag.POS == "NOUN" and "anim" in p.tag for p in parses)


def restore_case(word: str, original: str) -> str:
    """Capitalise `word` like `original`, hyphenated parts included ("Нур-Султан")."""
    parts, source = word.split("-"), original.split("-")
    if len(parts) != len(source):
        parts, source = [word], [original]
    return "-".join(
        p[:1].upper() + p[1:] if s[:1].isupper() else p for p, s in zip(parts, source, strict=True)
    )


def _inflect(token: Any, pos: str, grammemes: set[str]) -> tuple[str, str | None]:
    """(nominative word, gender) for one token, matching natasha's reading to a pymorphy parse."""
    case = _CASES.get(_feat(token, "Case") or "", "")
    parses = [p for p in readings_of(token.text) if pos == p.tag.POS]
    if not parses:
        return token.text, None
    best = next((p for p in parses if case and case in p.tag), parses[0])
    inflected = best.inflect(grammemes) or best.inflect({"nomn"})
    word = inflected.word if inflected else best.normal_form
    gender = (inflected or best).tag.gender
    return restore_case(word, token.text), gender


def _head_nominative(token: Any, singular: bool) -> tuple[str, str | None]:
    if token.text.lower() in _UNLISTED_TITLES:
        return _UNLISTED_TITLES[token.text.lower()], "masc"
    regional = _regional_title_nominative(token.text, singular)
    if regional:
        return regional, "masc"
    grammemes = {"nomn", "sing"} if singular else {"nomn"}
    return _inflect(token, "NOUN", grammemes)


def _adjective_nominative(token: Any, gender: str | None, singular: bool) -> str:
    grammemes = {"nomn"}
    if singular or _feat(token, "Number") != "Plur":
        grammemes |= {"sing", gender if gender in ("masc", "femn", "neut") else "masc"}
    return _inflect(token, "ADJF", grammemes)[0]


def _render(text: str, tokens: Sequence[Any], start: int, stop: int, swaps: dict[int, str]) -> str:
    """The text of tokens[start:stop] as written, with some tokens replaced."""
    parts: list[str] = []
    cursor = tokens[start].start
    for index in range(start, stop):
        token = tokens[index]
        parts.append(text[cursor : token.start])
        parts.append(swaps.get(index, token.text))
        cursor = token.stop
    return "".join(parts).strip()


def _title_ending_at(
    text: str, tokens: Sequence[Any], end: int, blocked: set[int], singular: bool = True
) -> Title | None:
    """The title whose last token is tokens[end - 1], or None.

    Walks back over complements to the first person noun not in the genitive; a genitive
    person noun ("заместитель министра") is the head only when nothing better precedes it.
    """
    index = end - 1
    genitive_heads: list[int] = []
    while index >= 0 and index not in blocked:
        if _is_place_complement(tokens, index, blocked):
            index -= 2  # "посол Китая в Казахстане": a preposition and its noun
        elif _is_complement(tokens[index]):
            if _is_person_noun(tokens[index]):
                genitive_heads.append(index)
            index -= 1
        elif _joins_complements(tokens, index, blocked):
            index -= 1  # "министр торговли и интеграции": two genitives joined by "и"
        elif (opening := _quoted_start(tokens, index, blocked)) is not None and opening > 0:
            index = opening - 1  # "председатель правления АО «НК «КазМунайГаз»"
        elif _is_place_apposition(tokens, index, blocked):
            index -= 1  # "аким области Абай": the region's name after its kind
        elif (po := _po_phrase_start(tokens, index, blocked)) is not None and po > 0:
            index = po - 1  # "директор Комиссии ЦК КПК по иностранным делам"
        else:
            break
    if index >= 0 and index not in blocked and _is_person_noun(tokens[index]):
        head = index
    elif genitive_heads:
        head = genitive_heads[-1]
    else:
        return None
    return _build(text, tokens, head, end, blocked, singular)


def _joins_complements(tokens: Sequence[Any], index: int, blocked: set[int]) -> bool:
    """An "и" between two lower-case genitive words inside one complement: "министр торговли
    и интеграции", "индустрии и инфраструктурного развития", "иностранных и внутренних дел"."""
    if tokens[index].text != "и" or index < 1 or index - 1 in blocked or index + 1 >= len(tokens):
        return False
    left, right = tokens[index - 1], tokens[index + 1]
    return all(
        t.pos in ("NOUN", "ADJ") and t.text.islower() and _feat(t, "Case") == "Gen"
        for t in (left, right)
    )


@lru_cache(maxsize=50_000)
def is_place_name(word: str) -> bool:
    """pymorphy knows a place of this name ("Абай" is a region as well as a first name)."""
    return word[:1].isupper() and any("Geox" in p.tag for p in readings_of(word))


def is_place_kind(word: str) -> bool:
    """A lower-case inanimate noun in the genitive a place's name follows: "области", "города"."""
    return (
        word.isalpha()
        and word.islower()
        and any(
            p.tag.POS == "NOUN" and "inan" in p.tag and "gent" in p.tag for p in readings_of(word)
        )
    )


def _is_place_apposition(tokens: Sequence[Any], index: int, blocked: set[int]) -> bool:
    """ "области Абай", "района Жетысу": a place's name after the genitive noun of its kind."""
    if index < 1 or index - 1 in blocked or not is_place_name(tokens[index].text):
        return False
    kind = tokens[index - 1]
    return kind.pos == "NOUN" and _feat(kind, "Case") == "Gen" and is_place_kind(kind.text)


def _po_phrase_start(tokens: Sequence[Any], index: int, blocked: set[int]) -> int | None:
    """Where "по" opens a dative phrase ending at tokens[index], inside a title: "Комиссии по
    иностранным делам", "министр по чрезвычайным ситуациям", "Агентства по делам ..."."""
    cursor = index
    while (
        cursor >= 0
        and cursor not in blocked
        and tokens[cursor].pos in ("NOUN", "ADJ", "PROPN")
        and _feat(tokens[cursor], "Case") == "Dat"
        and not _is_person_noun(tokens[cursor])
    ):
        cursor -= 1
    if cursor == index or cursor < 0 or cursor in blocked or tokens[cursor].text.lower() != "по":
        return None
    return cursor


_OPENING_QUOTES = {"«", "„", "“"}
_CLOSING_QUOTES = {"»", "“", "”"}
_MAX_QUOTED_TOKENS = 12
_MAX_OUTER_QUOTE_WORDS = 3


def _quoted_start(tokens: Sequence[Any], index: int, blocked: set[int]) -> int | None:
    """Where the quoted name or parenthesis closing at tokens[index] opens, or None.

    «НК «КазМунайГаз»: a nested name whose closing quotes ran together opens at the outer
    quote; "(KazakhInvest)" after a company name is skipped the same way.
    """
    closing = tokens[index].text
    if closing == ")":
        openers, closers = {"("}, {")"}
    elif closing in _CLOSING_QUOTES or closing == '"':
        openers, closers = _OPENING_QUOTES | {'"'}, _CLOSING_QUOTES
    else:
        return None
    depth, cursor = 1, index - 1
    while cursor >= 0 and index - cursor <= _MAX_QUOTED_TOKENS and cursor not in blocked:
        text = tokens[cursor].text
        if text in openers:
            depth -= 1
            if depth == 0:
                break
        elif text in closers:
            depth += 1
        cursor -= 1
    else:
        return None
    if closing == ")":
        return cursor
    while True:  # an outer quote left open: «Национальная компания «КазМунайГаз»
        words = 0
        outer = cursor - 1
        while outer >= 0 and outer not in blocked and tokens[outer].text.isalnum():
            outer -= 1
            words += 1
        if not 1 <= words <= _MAX_OUTER_QUOTE_WORDS or outer < 0:
            return cursor
        if tokens[outer].text not in _OPENING_QUOTES or outer in blocked:
            return cursor
        cursor = outer


def _coordinated_adjective(
    tokens: Sequence[Any], start: int, blocked: set[int], case: str | None
) -> bool:
    """An adjective joined by "и" to the one at `start`, in the same case."""
    if start < 2 or start - 2 in blocked or tokens[start - 1].text != "и":
        return False
    left = tokens[start - 2]
    return left.pos == "ADJ" and _feat(left, "Case") == case


def _build(
    text: str, tokens: Sequence[Any], head: int, end: int, blocked: set[int], singular: bool
) -> Title:
    head_token = tokens[head]
    word, gender = _head_nominative(head_token, singular)
    swaps = {head: word}
    start = head
    head_case = _feat(head_token, "Case")
    while (
        start - 1 >= 0
        and start - 1 not in blocked
        and tokens[start - 1].pos == "ADJ"
        and _feat(tokens[start - 1], "Case") == head_case
    ):
        start -= 1
        swaps[start] = _adjective_nominative(tokens[start], gender, singular)
        plural_head = _feat(head_token, "Number") == "Plur"  # "российский и китайский министры"
        if not plural_head and _coordinated_adjective(tokens, start, blocked, head_case):
            # "Чрезвычайный и полномочный посол": the adjectives' own "и" stays in the title.
            start -= 2
            swaps[start] = _adjective_nominative(tokens[start], gender, singular)
    rendered = _render(text, tokens, start, end, swaps)
    plural = _feat(head_token, "Number") == "Plur"
    return Title(start, end, head, rendered, plural=plural)


def titles_before(
    text: str, tokens: Sequence[Any], name_start: int, blocked: set[int]
) -> list[Title]:
    """Titles written right before the name starting at token `name_start`.

    Follows a dash to a compound title ("заместитель премьер-министра — министр ...") and a
    comma or "и" to a coordinated one ("членом политбюро ЦК КПК, министром ..."); `blocked`
    marks tokens of other names, which a title never crosses.
    """
    title = _title_ending_at(text, tokens, name_start, blocked)
    if title is None:
        return []
    found = [title]
    stacked = _stacked_title(text, tokens, title, blocked)
    if stacked is not None:
        found.append(stacked)
    while title.start >= 2 and tokens[title.start - 1].text in _DASHES | _COORDINATORS:
        joiner = tokens[title.start - 1].text
        left = _title_ending_at(text, tokens, title.start - 1, blocked)
        if left is None:
            break
        if joiner in _DASHES:
            merged = f"{left.text} {joiner} {title.text}"
            title = Title(left.start, title.stop, left.head, merged, plural=left.plural)
            found[-1] = title
            continue
        if _feat(tokens[left.head], "Case") != _feat(tokens[title.head], "Case"):
            break
        found.append(left)
        title = left
    return found


def _stacked_title(
    text: str, tokens: Sequence[Any], title: Title, blocked: set[int]
) -> Title | None:
    """ "директор Центра казахстанских исследований Пекинского университета профессор Сунь
    Фан": a title with complements standing right before another, in its case, is a second
    title of the same person."""
    if title.start < 2 or title.start != title.head or not _is_complement(tokens[title.start - 1]):
        return None
    left = _title_ending_at(text, tokens, title.start, blocked)
    if left is None or left.head >= title.start - 1:
        return None
    if _feat(tokens[left.head], "Case") != _feat(tokens[title.head], "Case"):
        return None
    return left


def title_after(
    text: str, tokens: Sequence[Any], name_stop: int, blocked: set[int]
) -> Title | None:
    """An appositive title after the name: "Ван И, министр иностранных дел КНР, заявил"."""
    index = name_stop
    if index >= len(tokens) or tokens[index].text != ",":
        return None
    index += 1
    while index < len(tokens) and tokens[index].pos == "ADJ":
        index += 1
    if index >= len(tokens) or index in blocked or not _is_person_noun(tokens[index]):
        return None
    if _feat(tokens[index], "Case") != "Nom":
        return None
    head = index
    index += 1
    while index < len(tokens) and index not in blocked and _is_complement(tokens[index]):
        index += 1
    if index < len(tokens) and (index in blocked or tokens[index].pos != "PUNCT"):
        return None  # the phrase runs into another name or a verb: not an apposition
    return _build(text, tokens, head, index, blocked, singular=True)


def nominative_phrase(text: str, tokens: Sequence[Any]) -> str:
    """An organisation or place name in the nominative: head noun and adjectives before it."""
    head = next((i for i, t in enumerate(tokens) if t.pos in ("NOUN", "PROPN")), None)
    if head is None or is_abbreviation(tokens[head].text):
        return _render(text, tokens, 0, len(tokens), {})
    word, gender = _inflect_name(tokens[head])
    swaps = {head: word}
    for index in range(head):
        if tokens[index].pos == "ADJ":
            swaps[index] = _adjective_nominative(tokens[index], gender, singular=False)
    return _render(text, tokens, 0, len(tokens), swaps)


def _inflect_name(token: Any) -> tuple[str, str | None]:
    """A proper or common noun in the nominative of its own number; Geox readings preferred."""
    case = _CASES.get(_feat(token, "Case") or "", "")
    number = "plur" if _feat(token, "Number") == "Plur" else "sing"
    parses = [p for p in readings_of(token.text) if p.tag.POS == "NOUN"]
    if not parses:
        return token.text, None
    matching = [p for p in parses if case and case in p.tag and number in p.tag] or parses
    best = next((p for p in matching if "Geox" in p.tag), matching[0])
    inflected = best.inflect({"nomn", number}) or best.inflect({"nomn"})
    word = inflected.word if inflected else best.normal_form
    return restore_case(word, token.text), (inflected or best).tag.gender
