"""People of one article: every form of a name merged into one person, with roles and Latin names.

natasha's PER spans are the seeds. Each is cleaned (cut at a line break, title words and glued
words removed), full names become people, and surname-only or initial forms ("Токаевым",
"К.Токаев", for a Chinese name any part: "Цзиньпина") join the full-name person they inflect.
A second pass finds mentions natasha missed by matching the known names' inflected forms in the
text. Roles are read from the words around each mention (see `roles`).
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise
from typing import Any

from rapidfuzz import fuzz

from bot import geo
from bot.extraction.document import ArticleDoc
from bot.extraction.roles import (
    Title,
    is_abbreviation,
    is_place_kind,
    is_place_name,
    is_title_word,
    readings_of,
    restore_case,
    title_after,
    titles_before,
)
from bot.extraction.translit import is_chinese_name, latin_aliases
from bot.models import Person, Role

# A hyphenated initial ("К.-Ж.") is one word; so is a name with a full stop after it.
_WORD = re.compile(r"[^\W\d_]\.(?:-[^\W\d_]\.)+|[^\W\d_]+(?:-[^\W\d_]+)*\.?")
_INITIAL = re.compile(r"[^\W\d_]\.(?:-[^\W\d_]\.)*")
# natasha's span often starts after the hyphen of "К.-Ж. Токаев".
_INITIAL_HEAD = re.compile(r"(?:[^\W\d_]\.-)+$")
_TEXT_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
# Case endings a name takes in Russian ("Токаев-ым", "Лилии", "Сергея"), longest first.
_ENDINGS = ("ами", "ями", "ом", "ем", "ым", "им", "ой", "ей", "ою", "ею", "ов", "ев", "ых", "их",
            "ам", "ям", "ах", "ях", "а", "я", "у", "ю", "е", "и", "ы", "")  # fmt: skip
_SOFT_STEMS = ("а", "я", "й", "ь")  # "Лилия" -> "Лилии", "Сергей" -> "Сергея"
_GLUE_POS = {"PRCL", "CONJ", "ADVB", "PREP", "INTJ", "NPRO"}  # "Цзиньпинтакже"
_NAME_TAGS = {"Name", "Surn", "Patr"}
_MAX_NAME_WORDS = 5  # "Мухаммад Исхак Дар", "Реджеп Тайип Эрдоган", with initials to spare
_SURNAME_SUFFIX = re.compile(
    r"(?:ов|ев|ёв|ин|ын|ова|ева|ёва|ина|ына|ский|цкий|ская|цкая|енко|швили|дзе|ян|улы|кызы)"
    r"(?:а|у|ым|ой|е|ым|ых)?$"
)
_PATRONYMIC = re.compile(r"(?:вич|вна|ична|ұлы|қызы|улы|кызы)$")
# A surname already in its nominative: "Бектенов", "Жанасова", "Скляр" is not caught, "Токаевым" is.
_NOMINATIVE_SURNAME = re.compile(
    r"(?:ов|ев|ёв|ин|ын|ова|ева|ёва|ина|ына|ский|цкий|ская|цкая|енко|швили|дзе|ян|улы|кызы)$"
)


@dataclass(slots=True)
class Mention:
    """One occurrence of a name: char offsets, words as written and their nominatives."""

    start: int
    end: int
    words: list[str]
    normals: list[str]

    @property
    def surface(self) -> str:
        return " ".join(self.words).replace(". ", ".")

    @property
    def initials(self) -> list[str]:
        return [w[0] for w in self.words if _is_initial(w)]

    @property
    def name_words(self) -> list[str]:
        return [n for w, n in zip(self.words, self.normals, strict=True) if not _is_initial(w)]

    @property
    def is_full(self) -> bool:
        return len(self.name_words) >= 2


@dataclass(slots=True)
class _Candidate:
    mentions: list[Mention] = field(default_factory=list)
    keys: Counter[tuple[str, ...]] = field(default_factory=Counter)

    @property
    def words(self) -> tuple[str, ...]:
        return self.keys.most_common(1)[0][0]


def _is_initial(word: str) -> bool:
    return word[:1].isupper() and _INITIAL.fullmatch(word) is not None


@lru_cache(maxsize=100_000)
def _inflects(surface: str, base: str) -> bool:
    """Whether `surface` is `base` with a case ending ("Токаевым" of "Токаев")."""
    if surface == base:
        return True
    stems = [base] + [base[:-1] for end in _SOFT_STEMS if base.endswith(end) and len(base) > 3]
    return any(surface.startswith(s) and surface[len(s) :] in _ENDINGS for s in stems)


def _same_word(a: str, b: str) -> bool:
    return _inflects(a, b) or _inflects(b, a)


@lru_cache(maxsize=10_000)
def _is_glue(word: str) -> bool:
    """A short function word that lost its space: "также" in "Цзиньпинтакже"."""
    return any(p.tag.POS in _GLUE_POS and p.is_known for p in readings_of(word))


@lru_cache(maxsize=100_000)
def _looks_like_name(word: str) -> bool:
    """pymorphy reads it as a name, or it has a surname's suffix ("Токаев" is also "токай")."""
    if _SURNAME_SUFFIX.search(word.lower()):
        return True
    return any(_NAME_TAGS & set(p.tag.grammemes) for p in readings_of(word))


@lru_cache(maxsize=100_000)
def _is_common_word(word: str) -> bool:
    """A dictionary word with a reading that is not a name ("Школьник", "Дар")."""
    return any(p.is_known and not _NAME_TAGS & set(p.tag.grammemes) for p in readings_of(word))


_NOT_NAME_POS = {"VERB", "INFN", "PRTF", "PRTS", "GRND", "PREP", "CONJ", "PRCL", "ADVB"}


@lru_cache(maxsize=10_000)
def _shouted_word(word: str) -> bool:
    """A word of a headline set in capitals that no name is: a verb, a preposition, a
    conjunction ("ВСТРЕТИЛСЯ", "СО")."""
    if len(word) < 2 or not word.isupper():  # "Ван И" is a name
        return False
    return any(p.is_known and p.tag.POS in _NOT_NAME_POS for p in readings_of(word.lower()))


def _singular_name_readings(word: str) -> list[Any]:
    """Name/Surn readings of one person: pymorphy's plural guesses ("Бектенов" as the genitive
    plural of "Бектены") are never how one person is named."""
    return [
        p for p in readings_of(word) if _NAME_TAGS & set(p.tag.grammemes) and "plur" not in p.tag
    ]


def _nominative(word: str) -> str:
    """Nominative of a lone name word, through its Name/Surn reading if pymorphy has one."""
    if _NOMINATIVE_SURNAME.search(word.lower()) or _INDECLINABLE.search(word):
        return word
    parses = _singular_name_readings(word)
    if not parses:
        return word
    normal = parses[0].inflect({"nomn", "sing"})
    form = normal.word if normal else parses[0].normal_form
    return form[:1].upper() + form[1:] if _inflects(word, form[:1].upper() + form[1:]) else word


def _repair_unchanged(words: list[str]) -> list[str]:
    """natasha left an oblique name as it was ("Жээнбеком Кулубаевым"): when pymorphy reads the
    surname only in one oblique case, put every word of the name from that case to nominative."""
    if len(words) < 2 or _is_initial(words[-1]) or _NOMINATIVE_SURNAME.search(words[-1].lower()):
        return words
    surname = [p for p in _singular_name_readings(words[-1]) if "Surn" in p.tag]
    if not surname or any("nomn" in p.tag for p in surname):
        return words
    case = surname[0].tag.case
    repaired = []
    for word in words:
        parses = readings_of(word)
        if _is_initial(word) or any("nomn" in p.tag for p in parses if p.tag.POS == "NOUN"):
            repaired.append(word)
            continue
        in_case = [p for p in parses if p.tag.POS == "NOUN" and p.tag.case == case]
        named = [p for p in in_case if _NAME_TAGS & set(p.tag.grammemes)] or in_case
        nominative = named[0].inflect({"nomn", "sing"}) if named else None
        form = nominative.word if nominative else word.lower()
        repaired.append(form[:1].upper() + form[1:] if nominative else word)
    return repaired


# Russian case endings a foreign name takes, by natasha's case, with what replaces each in the
# nominative: "Хурэлсухом" -> "Хурэлсух", "Исибой" -> "Исиба", "Кулубаевым" -> "Кулубаев".
# "~" stands for the soft sign or "й" that "-ем", "-я", "-ю" hide ("Игорем", "Андреем").
_CASE_ENDINGS: dict[str, tuple[tuple[str, str], ...]] = {
    "Ins": (("ским", "ский"), ("цким", "цкий"), ("овым", "ов"), ("евым", "ев"), ("ёвым", "ёв"),
            ("иным", "ин"), ("ыным", "ын"), ("ом", ""), ("ем", "~"),
            ("ой", "а"), ("ей", "я")),
    "Gen": (("ского", "ский"), ("цкого", "цкий"), ("а", ""), ("я", "~"), ("ы", "а")),
    "Acc": (("ского", "ский"), ("цкого", "цкий"), ("а", ""), ("я", "~"), ("у", "а"), ("ю", "я")),
    "Dat": (("скому", "ский"), ("цкому", "цкий"), ("у", ""), ("ю", "~"), ("е", "а")),
    "Loc": (("ском", "ский"), ("цком", "цкий"), ("е", "")),
}  # fmt: skip
_HISSING = "жшчщц"
_VOWEL_LETTERS = "аеёиоуыэюя"


def _soft_stem(stem: str) -> str:
    """The nominative hidden by a soft ending: "Андре-" -> "Андрей", "Игор-" -> "Игорь"."""
    if stem[-1:] in _VOWEL_LETTERS:
        return stem + "й"
    return stem if stem[-1:] in _HISSING else stem + "ь"


def _nominative_by_case(word: str, case: str | None) -> str:
    """A name word pymorphy does not know, put in the nominative by the ending of natasha's case.

    Only a standard ending of that case is cut, and only when a stem of three letters or more is
    left; a word with none ("Сигэру", "Ухнагийн") is a name that does not decline.
    """
    if _INDECLINABLE.search(word):
        return word
    for ending, replacement in _CASE_ENDINGS.get(case or "", ()):
        stem = word[: -len(ending)]
        if word.endswith(ending) and len(stem) >= 3:
            return _soft_stem(stem) if replacement == "~" else stem + replacement
    return word


def _is_dictionary_name(word: str) -> bool:
    """pymorphy knows the word as a name from its dictionary, not by guessing from its ending."""
    return any(p.is_known and _NAME_TAGS & set(p.tag.grammemes) for p in readings_of(word))


# Endings that name their case whatever natasha tagged: "Шаккалиевым" is instrumental.
_TELLING_ENDINGS = {
    "Ins": ("ским", "цким", "овым", "евым", "ёвым", "иным", "ыным"),
    "Dat": ("скому", "цкому"),
}
_PYMORPHY_CASES = {"Gen": "gent", "Dat": "datv", "Acc": "accs", "Ins": "ablt", "Loc": "loct"}


def _case_of_ending(word: str, tagged: str | None) -> str | None:
    """The case the name's last word is in: natasha's tag if its ending fits, else the case its
    ending tells outright (natasha tags "с министром ... Арманом Шаккалиевым" genitive)."""
    if tagged not in (None, "Nom") and any(
        word.endswith(e) for e, _ in _CASE_ENDINGS.get(tagged, ())
    ):
        return tagged
    return next((c for c, ends in _TELLING_ENDINGS.items() if word.endswith(ends)), None)


@lru_cache(maxsize=50_000)
def _instrumental_only(word: str) -> bool:
    """pymorphy reads the name word as one person's instrumental and nothing else ("Туниязом",
    "Абдоллахияном"), while natasha took it for a nominative ("с ... Эркином Туниязом")."""
    if not any(word.endswith(e) for e, _ in _CASE_ENDINGS["Ins"]):
        return False
    singular = [p for p in readings_of(word) if "plur" not in p.tag]
    return (
        bool(singular)
        and all(p.tag.case == "ablt" for p in singular)
        and any(_NAME_TAGS & set(p.tag.grammemes) for p in singular)
    )


def _dictionary_nominative(word: str, case: str) -> str:
    """A name pymorphy knows ("Арманом"), inflected from that case to the nominative."""
    grammeme = _PYMORPHY_CASES[case]
    for parse in _singular_name_readings(word):
        if parse.is_known and grammeme in parse.tag:
            nominative = parse.inflect({"nomn", "sing"})
            if nominative:
                return restore_case(nominative.word, word)
    return word


def _repair_by_case(surfaces: list[str], fixed: list[str], tags: list[str | None]) -> list[str]:
    """Words natasha left as written ("с Сигэру Исибой", "с послом Ямадой Дзюном"), put in the
    nominative by their case ending: natasha's tag if the ending fits it, else the surname's.
    Dictionary names go through pymorphy, other words through the ending table."""
    name_case = _case_of_ending(surfaces[-1], tags[-1])
    if name_case is None and _instrumental_only(surfaces[-1]):
        name_case = "Ins"
    repaired = []
    for word, normal, tag in zip(surfaces, fixed, tags, strict=True):
        case = _case_of_ending(word, tag) or name_case
        if (
            normal != word
            or case is None
            or _is_initial(word)
            or _NOMINATIVE_SURNAME.search(word.lower())
        ):
            repaired.append(normal)
        elif _is_dictionary_name(word):
            repaired.append(_dictionary_nominative(word, case))
        else:
            repaired.append(_nominative_by_case(word, case))
    return repaired


# A name ending in a vowel and "у" does not decline ("Нуртлеу", "Чжоу"): natasha reads the "у"
# as an accusative ending ("Мурата Нуртлеу" -> "Нуртлеа").
_INDECLINABLE = re.compile(r"[аеёиоуыэюя]у$")


# A man's surname never ends so in the nominative: "Сагинтаева", "Расулзоды" are his genitive.
_FEMININE_OR_OBLIQUE = re.compile(r"(?:ова|ева|ёва|ина|ына|зоды|ды)$")


def _masculine_in_oblique(surfaces: list[str], gender: str | None) -> bool:
    """natasha reads the man's name ("Бакытжана Сагинтаева", Masc) but leaves it in the case
    it was written in, which for a man's surname ending so can only be oblique."""
    if gender != "Masc" or len(surfaces) < 2 or is_chinese_name(" ".join(surfaces)):
        return False
    # his first name is oblique too ("Бакытжана"); "Асель Жанасова" is a woman's nominative
    first_oblique = surfaces[0].lower().endswith(("а", "я", "у", "ю", "ом", "ем"))
    return first_oblique and bool(_FEMININE_OR_OBLIQUE.search(surfaces[-1].lower()))


# A woman's surname in any case but the nominative and accusative ends in "-ой": "Дариги
# Назарбаевой", "с Гульшарой Абдыкаликовой". Her first name's endings in those cases.
_FEMININE_SURNAME_OBLIQUE = re.compile(r"(?:ов|ев|ёв|ин|ын|ск|цк)ой$")
_FEMININE_FIRST_NAME_ENDINGS = (
    ("ии", "ия"), ("ие", "ия"), ("ьи", "ья"), ("ье", "ья"),  # "Марии", "Натальи": -ия, -ья
    ("ой", "а"), ("ей", "я"), ("ы", "а"), ("и", "а"), ("е", "а"),
)  # fmt: skip


def _feminine_nominative(surfaces: list[str]) -> list[str] | None:
    """A woman's first name and surname, both in an oblique case, in the nominative:
    "Дариги Назарбаевой" -> "Дарига Назарбаева" (natasha mends the surname alone, or reads
    the pair as a man's)."""
    if len(surfaces) != 2 or not _FEMININE_SURNAME_OBLIQUE.search(surfaces[1].lower()):
        return None
    first, last = surfaces
    surname = last[:-2] + ("ая" if last.lower().endswith(("ской", "цкой")) else "а")
    for ending, nominative in _FEMININE_FIRST_NAME_ENDINGS:
        if first.lower().endswith(ending) and len(first) > len(ending) + 2:
            return [first[: -len(ending)] + nominative, surname]
    return [first, surname]  # "Асель", "Айгерим": a first name that does not decline


_WORDS_BEFORE_NAME = re.compile(r"((?:[а-яё-]+\s+){1,4})$", re.IGNORECASE)


def _after_nominative_title(text: str, start: int) -> bool:
    """ "министр труда Гульшара Абдыкаликова": the title before the name (over its complement)
    is in the nominative, so the name is too -- a woman's, not a man's genitive ("министра
    Бакытжана Сагинтаева")."""
    before = _WORDS_BEFORE_NAME.search(text, max(0, start - 60), start)
    words = before.group(1).lower().split() if before else []
    title = next((w for w in reversed(words) if is_title_word(w)), None)
    if title is None:
        return False
    cases = {p.tag.case for p in readings_of(title) if p.tag.POS == "NOUN"}
    return "nomn" in cases and "gent" not in cases


def _mans_genitive(word: str) -> bool:
    """The dictionary knows the word as a man's name in the genitive ("Бакытжана", "Нурсултана")."""
    return any(
        p.is_known and {"Name", "masc", "gent"} <= set(p.tag.grammemes) for p in readings_of(word)
    )


def _restore_yo(normal: str, surface: str) -> str:
    """natasha folds "ё" in its normal form ("Мирзиёева" -> "Мирзиеев"): put it back."""
    if "ё" not in surface.lower() or "ё" in normal.lower():
        return normal
    return "".join(
        "ё" if letter == "е" and surface[i : i + 1] == "ё" else letter
        for i, letter in enumerate(normal)
    )


def _cut_at_chinese_sentence_end(
    words: list[tuple[int, int, str]],
) -> list[tuple[int, int, str]]:
    """ "с Ван И. Казыханов и ...", "... КНР Ван И.": natasha reads "И." as an initial (of the next
    name, or after a surname), but it is the end of a Chinese name closing the sentence; the span
    stops there."""
    for position in range(1, len(words)):
        start, end, word = words[position]
        family = [w for _, _, w in words[:position]]
        if _is_initial(word) and is_chinese_name(" ".join([*family, word[0]])):
            return [*words[:position], (start, end - 1, word[0])]
    return words


# Case endings after a Chinese name's closing "н"/"нь": "Сяохуном", "Хоуляна", "Цзиньпину".
_CHINESE_ENDINGS = ("ом", "ем", "ым", "а", "я", "у", "ю", "е")
_SOFT_CHINESE_ENDINGS = {"ем", "я", "ю"}


def _chinese_nominative(normals: list[str]) -> list[str]:
    """Strip a Russian case ending natasha left on a Chinese name ("Ван Сяохуном")."""
    if len(normals) != 2 or any(_is_initial(w) for w in normals):
        return normals
    family_stems, given_stems = (_chinese_stems(w) for w in normals)
    for family in family_stems:
        for given in given_stems:
            if is_chinese_name(f"{family} {given}"):
                return [family, given]
    return normals


def _chinese_stems(word: str) -> list[str]:
    """Stems ending in "н"/"нь" once a case ending is cut, then the word as written: "Цяна"
    splits into syllables too ("ця-на"), but the inflected "Цян" is far the likelier."""
    stems = []
    for ending in _CHINESE_ENDINGS:
        stem = word[: -len(ending)]
        if word.endswith(ending) and len(stem) >= 2:
            # "Фуханем", "Фуханя": a soft ending means the stem ends in "нь".
            pair = (stem + "ь", stem) if ending in _SOFT_CHINESE_ENDINGS else (stem, stem + "ь")
            stems += [s for s in pair if s.endswith(("н", "нь"))]
            if ending in _SOFT_CHINESE_ENDINGS and stem[-1:] in _VOWEL_LETTERS:
                stems.append(stem + "й")  # "Цзяньюем", "Дая": "Цзяньюй", "Дай"
    return [*stems, word]


@lru_cache(maxsize=50_000)
def _is_name_free_noun(word: str) -> bool:
    """An abbreviation or a known inanimate noun no reading makes a name: "Мажилиса", "КНР"."""
    if is_abbreviation(word):
        return True
    parses = readings_of(word)
    if any(_NAME_TAGS & set(p.tag.grammemes) for p in parses):
        return False
    return any(p.is_known and p.tag.POS == "NOUN" and "inan" in p.tag for p in parses)


def _is_name_prefix(words: list[tuple[int, int, str]]) -> bool:
    """The span's first word belongs to the title before the name: a title word ("Президента")
    or, with a full name still after it, the title's complement ("Председатель Мажилиса Ерлан
    Кошанов", "Посол КНР Хань Чуньлинь")."""
    first = words[0][2]
    return is_title_word(first) or (len(words) > 2 and _is_name_free_noun(first))


def _place_before_chinese_name(words: list[tuple[int, int, str]]) -> bool:
    """ "Секретарь парткома Цинхая У Сяоцзюнь": a known place in the genitive, then a Chinese
    name; natasha's span takes both."""
    return (
        len(words) == 3
        and geo.place_of_form(words[0][2]) is not None
        and is_chinese_name(f"{words[1][2]} {words[2][2]}")
    )


_WORD_BEFORE = re.compile(r"([^\W\d_]+)\s+$")


def _opens_with_place_name(text: str, start: int, words: list[tuple[int, int, str]]) -> bool:
    """ "Аким области Абай Нурлан Уранхаев": the span opens with the name of the place the
    genitive before it names ("области"), and a first name and a surname follow."""
    if len(words) != 3 or not is_place_name(words[0][2]):
        return False
    before = _WORD_BEFORE.search(text, max(start + words[0][0] - 40, 0), start + words[0][0])
    return (
        before is not None
        and is_place_kind(before.group(1))
        and _is_first_name(words[1][2])
        and _is_surname_shaped(words[2][2])
    )


_PARTICLE_LENGTH = 3


@lru_cache(maxsize=10_000)
def _is_particle_word(word: str) -> bool:
    parses = readings_of(word)
    return any(p.tag.POS == "PRCL" for p in parses) and not any(
        p.tag.POS in ("CONJ", "PREP") for p in parses
    )


def _is_name_particle(word: str, rest: Sequence[re.Match[str]]) -> bool:
    """ "Тамим бин Хамад Аль Тани": a short lower-case particle pymorphy knows, inside a name
    natasha tagged, with a capitalised name word right after it."""
    return (
        word.islower()
        and len(word) <= _PARTICLE_LENGTH
        and bool(rest)
        and rest[0].group()[:1].isupper()
        and _is_particle_word(word)
    )


def _mention_from_span(text: str, span: Any) -> Mention | None:
    """Clean one PER span: cut at a line break or non-name glue, drop leading title words."""
    head = _INITIAL_HEAD.search(text, max(span.start - 8, 0), span.start)
    start = head.start() if head else span.start
    raw = text[start : span.stop].split("\n", 1)[0]
    normals = [m.group() for m in _WORD.finditer(span.normal)]
    words: list[tuple[int, int, str]] = []
    last_end = 0
    matches = list(_WORD.finditer(raw))
    for position, match in enumerate(matches):
        gap = raw[last_end : match.start()]
        if (words and gap.strip()) or not (
            match.group()[0].isupper()
            or (words and _is_name_particle(match.group(), matches[position + 1 :]))
        ):
            break
        if _shouted_word(match.group()):
            break  # a headline in capitals: "ЕРЛАН КОШАНОВ ВСТРЕТИЛСЯ С ..."
        words.append((match.start(), match.end(), match.group()))
        last_end = match.end()
    words = _cut_at_chinese_sentence_end(words)
    dropped = 0
    while len(words) > 1 and not _is_initial(words[0][2]) and _is_name_prefix(words):
        words.pop(0)
        dropped += 1
    if _opens_with_place_name(text, start, words) or _place_before_chinese_name(words):
        words.pop(0)
        dropped += 1
    if not words or len(words) > _MAX_NAME_WORDS:
        return None  # nothing left, or a run of capitalised words no name is that long
    surfaces = [w for _, _, w in words]
    aligned = normals[dropped : dropped + len(surfaces)]
    if len(aligned) != len(surfaces):
        aligned = [_nominative(w) for w in surfaces]
    aligned = [_restore_yo(n, w) for n, w in zip(aligned, surfaces, strict=True)]
    fixed = [
        w
        if _INDECLINABLE.search(w)
        else n
        if _is_initial(w) or _same_word(w.lower(), n.lower())
        else _nominative(w)
        for w, n in zip(surfaces, aligned, strict=True)
    ]
    cases = {t.start: (t.feats or {}).get("Case") for t in getattr(span, "tokens", [])}
    genders = {t.start: (t.feats or {}).get("Gender") for t in getattr(span, "tokens", [])}
    tags = [cases.get(start + s) for s, _, _ in words]
    if _masculine_in_oblique(surfaces, genders.get(start + words[-1][0])) and not (
        _WOMANS_SURNAME.search(surfaces[-1])
        and _after_nominative_title(text, start + words[0][0])
        and not _mans_genitive(surfaces[0])
    ):
        fixed = [w if _is_initial(w) else _nominative_by_case(w, "Gen") for w in surfaces]
    else:
        fixed = _repair_by_case(surfaces, fixed, tags)
    if fixed == surfaces:
        fixed = _repair_unchanged(surfaces)
    fixed = _chinese_nominative(fixed)
    fixed = _feminine_nominative(surfaces) or fixed
    return Mention(start + words[0][0], start + words[-1][1], surfaces, fixed)


def _unglue(mentions: list[Mention]) -> None:
    """Split "Цзиньпинтакже" into a known name word plus a function word lost in typing."""
    known = {n for m in mentions if m.is_full for n in m.name_words}
    for mention in mentions:
        last = mention.words[-1]
        if _is_initial(last):
            continue
        for base in sorted(known, key=len, reverse=True):
            rest = last[len(base) :]
            if rest in _ENDINGS:
                continue  # "Назарбаев|ой" is a woman's name inflected, not "Назарбаев" + "ой"
            if last.startswith(base) and len(rest) >= 2 and rest.islower() and _is_glue(rest):
                mention.words[-1] = base
                mention.normals[-1] = base
                mention.end -= len(rest)
                break


def _family_first(words: Sequence[str]) -> bool:
    return is_chinese_name(" ".join(words))


def _surname(words: Sequence[str]) -> str:
    return words[0] if _family_first(words) else words[-1]


def _refers_to(mention: Mention, words: Sequence[str]) -> bool:
    """Whether a partial mention ("Токаевым", "К.Токаев", "Цзиньпина") names this full name."""
    parts = [w for w in mention.words if not _is_initial(w)]
    if not parts:
        return False
    targets = list(words) if _family_first(words) else [words[-1]]
    if not all(any(_same_word(p, t) and _same_sex(p, t) for t in targets) for p in parts):
        return False
    initials = mention.initials
    return not initials or all(i == words[0][0] for i in initials[:1])


_WOMANS_SURNAME = re.compile(r"(?:ов|ев|ёв|ин|ын)а$")
_MANS_SURNAME = re.compile(r"(?:ов|ев|ёв|ин|ын)$")


def _same_sex(form: str, surname: str) -> bool:
    """ "Назарбаевым" is a man's surname, never "Дарига Назарбаева"'s; "Назарбаевой" is a
    woman's, never Нурсултан Назарбаев's."""
    if _WOMANS_SURNAME.search(surname):
        stem = surname[:-1]
        return form == surname or form in (stem + "ой", stem + "ою", stem + "у")
    if _MANS_SURNAME.search(surname):
        return not form.endswith(("ой", "ою"))
    return True


def _same_person(a: Sequence[str], b: Sequence[str]) -> bool:
    """Two full names of one person: same words, or same first name and surname with a
    patronymic or middle name written in one of them ("Касым-Жомарт Кемелевич Токаев")."""
    if _first_name_and_patronymic(a) != _first_name_and_patronymic(b):
        return _same_word(a[0], b[0]) and not (_family_first(a) or _family_first(b))
    if len(a) == len(b):
        return all(_same_word(x, y) for x, y in zip(a, b, strict=True))
    if _family_first(a) or _family_first(b):
        return False
    return _same_word(a[0], b[0]) and _same_word(a[-1], b[-1])


def _first_name_and_patronymic(words: Sequence[str]) -> bool:
    """ "Шахрат Шаяхметович": first name and patronymic, as an interviewer addresses the person
    the article names in full."""
    return len(words) == 2 and bool(_PATRONYMIC.search(words[1].lower()))


def _group(
    mentions: list[Mention], other_entities: set[str], titled: frozenset[int] = frozenset()
) -> list[_Candidate]:
    people: list[_Candidate] = []
    for mention in (m for m in mentions if m.is_full):
        key = tuple(mention.name_words)
        match = next((p for p in people if _same_person(p.words, key)), None)
        if match is None:
            match = _Candidate()
            people.append(match)
        match.mentions.append(mention)
        match.keys[key] += 1
    for mention in (m for m in mentions if not m.is_full):
        owner = next((p for p in people if _refers_to(mention, p.words)), None)
        if owner is None and mention.start in titled and len(mention.name_words) == 1:
            owner = _Candidate()  # "Папа Римский Франциск": the one name is the whole name
            owner.keys[tuple(mention.name_words)] += 1
            people.append(owner)
        if owner is None:
            owner = _lone_surname(mention, people, other_entities)
            if owner is None:
                continue
        owner.mentions.append(mention)
    return people


# Titles of those named by one name: "Папа Римский Франциск", "король Карл", "эмир Тамим".
_SOVEREIGN_TITLE = re.compile(
    r"(?<![а-яё])(?:папа(?:\s+римский)?|понтифик|король|королева|принц|принцесса|эмир|шейх"
    r"|султан|патриарх)\s+$"
)


def _after_sovereign_title(text: str, start: int) -> bool:
    return bool(_SOVEREIGN_TITLE.search(text[max(0, start - 25) : start].lower()))


@lru_cache(maxsize=100_000)
def _is_given_name_only(word: str) -> bool:
    """pymorphy knows it only as a first name ("Аким", also the governor's title): news never
    names a person by the first name alone, so it is no one's lone surname."""
    if _SURNAME_SUFFIX.search(word.lower()):
        return False
    tags = [set(p.tag.grammemes) for p in readings_of(word)]
    return any("Name" in t for t in tags) and not any("Surn" in t for t in tags)


def _lone_surname(
    mention: Mention, people: list[_Candidate], other_entities: set[str]
) -> _Candidate | None:
    """A surname with no full name in the article: kept only when it reads as a name."""
    words = mention.name_words
    if (
        len(words) != 1
        or words[0] in other_entities
        or not _looks_like_name(mention.words[-1])
        or _is_given_name_only(mention.words[-1])
    ):
        return None
    for person in people:
        if len(person.words) == 1 and _same_word(person.words[0], words[0]):
            return person
    person = _Candidate()
    person.keys[(words[0],)] += 1
    people.append(person)
    return person


def _canonical(candidate: _Candidate) -> tuple[str, ...]:
    """The most written full form; a nominative seen verbatim in the text beats natasha's guess."""
    named = [k for k in candidate.keys if not _first_name_and_patronymic(k)] or list(candidate.keys)
    longest = max(len(k) for k in named)
    keys = [k for k in named if len(k) == longest]
    written = {tuple(w for w in m.words if not _is_initial(w)) for m in candidate.mentions}
    pool = [k for k in keys if k in written] or keys
    return max(pool, key=lambda k: candidate.keys[k])


def _opens_sentence(adoc: ArticleDoc, mention: Mention) -> bool:
    return adoc.sentences[adoc.sentence_at(mention.start)].start == mention.start


def _second_pass(adoc: ArticleDoc, people: list[_Candidate], taken: list[Mention]) -> list[Mention]:
    """Mentions natasha missed: known full names, surnames and initials in any case form."""
    text = adoc.text
    words = [(m.start(), m.end(), m.group()) for m in _TEXT_WORD.finditer(text)]
    by_prefix: dict[str, list[int]] = {}
    for index, (_, _, word) in enumerate(words):
        by_prefix.setdefault(word[:2], []).append(index)
    occupied = [(m.start, m.end) for m in taken]
    found: list[Mention] = []
    for person in people:
        name = _canonical(person)
        for pattern in _patterns(name):
            for index in by_prefix.get(pattern[0].rstrip(".")[:2], []):
                window = words[index : index + len(pattern)]
                if len(window) < len(pattern):
                    continue
                mention = _match(text, window, pattern)
                if mention is None or any(
                    s < mention.end and mention.start < e for s, e in occupied
                ):
                    continue
                if _names_a_thing(text, mention):
                    continue  # "в Назарбаев Университете"
                if (
                    len(pattern) == 1
                    and _opens_sentence(adoc, mention)
                    and _is_common_word(mention.words[0])
                    and not _SURNAME_SUFFIX.search(mention.words[0].lower())
                ):
                    continue  # "Школьник" opening a sentence is more likely the common noun
                found.append(mention)
                occupied.append((mention.start, mention.end))
                person.mentions.append(mention)
    return found


_COORDINATION = {",", "и"}
_MIN_SURNAME_SCORE = 0.3


@lru_cache(maxsize=100_000)
def _is_surname_shaped(word: str) -> bool:
    """A surname's suffix ("Токаев", which pymorphy reads as "токай"), or a confident Surn reading."""
    if len(word) < 4 or is_abbreviation(word) or is_title_word(word):
        return False
    if _SURNAME_SUFFIX.search(word.lower()):
        return True
    return any(
        p.score >= _MIN_SURNAME_SCORE for p in _singular_name_readings(word) if "Surn" in p.tag
    )


def _surname_context(tokens: Sequence[Any], index: int, person_edges: set[tuple[str, int]]) -> bool:
    """Next to a found name in a coordination ("Токаев и Си Цзиньпин", "Мирзиёев, Жапаров") or
    right after a title ("президент Токаев"): the places natasha drops a lone surname."""
    before = tokens[index - 1] if index >= 1 else None
    after = tokens[index + 1] if index + 1 < len(tokens) else None
    if before is not None and before.text.isalpha() and is_title_word(before.text):
        return True
    if after is not None and after.text in _COORDINATION and ("start", index + 2) in person_edges:
        return True
    return (
        before is not None and before.text in _COORDINATION and ("stop", index - 2) in person_edges
    )


def _missed_surnames(
    adoc: ArticleDoc, people: list[_Candidate], taken: list[Mention], other_entities: set[str]
) -> list[Mention]:
    """Lone surnames natasha missed, found only where the context vouches for a person."""
    tokens = adoc.doc.tokens
    entity_spans = [(s.start, s.stop) for s in adoc.doc.spans if s.type != "PER"]
    found: list[Mention] = []
    while True:
        occupied = [(m.start, m.end) for m in taken + found]
        starts = {start for start, _ in occupied}
        stops = {stop for _, stop in occupied}
        edges = {("start", i) for i, t in enumerate(tokens) if t.start in starts}
        edges |= {("stop", i) for i, t in enumerate(tokens) if t.stop in stops}
        added = False
        for index, token in enumerate(tokens):
            word = token.text
            if (
                not word[:1].isupper()
                or not word.replace("-", "").isalpha()
                or not _is_surname_shaped(word)
                or not _surname_context(tokens, index, edges)
                or any(s < token.stop and token.start < e for s, e in occupied + entity_spans)
            ):
                continue
            mention = Mention(token.start, token.stop, [word], [_nominative(word)])
            if _names_a_thing(adoc.text, mention) or _epithet(adoc.text, tokens, index):
                continue
            owner = next((p for p in people if _refers_to(mention, p.words)), None)
            owner = owner or _lone_surname(mention, people, other_entities)
            if owner is None:
                continue
            owner.mentions.append(mention)
            found.append(mention)
            added = True
            break  # the edges changed: "Мирзиёев, Жапаров и Путин" chains leftwards
        if not added:
            return found


def _epithet(text: str, tokens: Sequence[Any], index: int) -> bool:
    """ "Папа Римский Франциск": the word between a title and the name is the title's."""
    following = tokens[index + 1] if index + 1 < len(tokens) else None
    return (
        following is not None
        and following.text[:1].isupper()
        and _after_sovereign_title(text, tokens[index].start)
    )


@lru_cache(maxsize=100_000)
def _is_first_name(word: str) -> bool:
    """pymorphy is confident it is a first name ("Ерболат") and knows no common noun of it."""
    if len(word) < 3 or is_abbreviation(word) or _is_common_word(word):
        return False
    return any(
        p.score >= _MIN_SURNAME_SCORE for p in _singular_name_readings(word) if "Name" in p.tag
    )


def _missed_full_names(adoc: ArticleDoc, taken: list[Mention]) -> list[Mention]:
    """ "Аким Алматы Ерболат Досаев": a first name then a surname that natasha did not tag."""
    text = adoc.text
    tokens = adoc.doc.tokens
    blocked = [(m.start, m.end) for m in taken]
    blocked += [(s.start, s.stop) for s in adoc.doc.spans if s.type != "PER"]
    found: list[Mention] = []
    for first, last in pairwise(tokens):
        if (
            not last.text[:1].isupper()
            or text[first.stop : last.start] != " "
            or not _is_first_name(first.text)
            or not _is_surname_shaped(last.text)
            or any(s < last.stop and first.start < e for s, e in blocked)
        ):
            continue
        words = [first.text, last.text]
        normals = _repair_unchanged([_nominative(w) for w in words])
        found.append(Mention(first.start, last.stop, words, normals))
        blocked.append((first.start, last.stop))
    return found


def _patterns(name: tuple[str, ...]) -> list[tuple[str, ...]]:
    """Word sequences that name this person: the full name, then safe shorter forms."""
    patterns = [name]
    if len(name) < 2:
        return patterns
    if _family_first(name):
        # The given name alone ("Токаева и Цзиньпина"); family names alone are too common.
        patterns += [(name[1],)] if len(name[1]) >= 4 else []
    else:
        surname = name[-1]
        if len(surname) >= 4:
            patterns += [(name[0][0] + ".", surname), (surname,)]
    return patterns


def _match(
    text: str, window: list[tuple[int, int, str]], pattern: tuple[str, ...]
) -> Mention | None:
    """The words of `window` as an inflected form of `pattern`, on one line, or None."""
    surfaces: list[str] = []
    for position, ((start, _, word), part) in enumerate(zip(window, pattern, strict=True)):
        if position:
            gap = text[window[position - 1][1] : start]
            allowed = (".", ". ") if _is_initial(pattern[position - 1]) else (" ", "\t")
            if gap not in allowed:
                return None
        if _is_initial(part):
            if word != part[0]:
                return None
            surfaces.append(part)
        elif word[:1].isupper() and _inflects(word, part):
            surfaces.append(word)
        else:
            return None
    return Mention(window[0][0], window[-1][1], surfaces, list(pattern))


def _titles_of(adoc: ArticleDoc, mentions: list[Mention]) -> dict[int, list[Role]]:
    """Roles per mention (keyed by id), enumerations inheriting the title that opened them."""
    text = adoc.text
    tokens = adoc.doc.tokens
    starts = [t.start for t in tokens]
    roles: dict[int, list[Role]] = {}
    templates: dict[int, str] = {}  # mention id -> plural title without its country
    by_sentence: dict[int, list[Mention]] = {}
    for mention in mentions:
        by_sentence.setdefault(adoc.sentence_at(mention.start), []).append(mention)
    for index, group in by_sentence.items():
        sentence = adoc.sentences[index]
        first_token = bisect.bisect_left(starts, sentence.start)
        last_token = bisect.bisect_left(starts, sentence.end)
        local = [t for t in tokens[first_token:last_token] if t.stop <= sentence.end]
        spans = {id(m): _token_range(local, m) for m in group}
        owner = {i: id(m) for m in group for i in range(*spans[id(m)])}
        before: dict[int, list[Title]] = {}
        for mention in group:
            first, stop = spans[id(mention)]
            blocked = set(owner) - set(range(first, stop))
            before[id(mention)] = titles_before(text, local, first, blocked) if first < stop else []
        # "…КПК Ли Кэцян, член Политбюро ЦК КПК, директор … Ян Цзечи": a title that opens the
        # next name's list of titles is that name's, not an apposition to the name before.
        claimed = {i for titles in before.values() for t in titles for i in range(t.start, t.stop)}
        for mention in sorted(group, key=lambda m: m.start):
            first, stop = spans[id(mention)]
            if first >= stop:
                continue
            blocked = set(owner) - set(range(first, stop))
            found = before[id(mention)]
            after = title_after(text, local, stop, blocked)
            titles: list[str] = [_as_stated(t, sentence.start, local) for t in found]
            if after and not claimed & set(range(after.start, after.stop)):
                titles.append(after.text)
            if found and found[0].plural:
                templates[id(mention)] = _template(text, local, found[0])
            elif not found:
                inherited = _enumerated(text, local, first, owner, templates)
                if inherited:
                    titles.append(inherited[0])
                    templates[id(mention)] = inherited[1]
            roles[id(mention)] = [Role(t, index) for t in titles if t]
    return roles


def _token_range(tokens: Sequence[Any], mention: Mention) -> tuple[int, int]:
    first = next((i for i, t in enumerate(tokens) if t.start >= mention.start), len(tokens))
    stop = next((i for i, t in enumerate(tokens) if t.start >= mention.end), len(tokens))
    return first, stop


def _is_name_like(token: Any) -> bool:
    return token.pos == "PROPN" or is_abbreviation(token.text)


def _template(text: str, tokens: Sequence[Any], title: Title) -> str:
    """The plural title minus its trailing country: "министр иностранных дел" of "... Китая"."""
    cut = title.stop
    while cut > title.head + 1 and _is_name_like(tokens[cut - 1]):
        cut -= 1
    if cut == title.stop:
        return title.text
    tail = text[tokens[cut].start : tokens[title.stop - 1].stop]
    return title.text[: len(title.text) - len(tail)].strip()


def _enumerated(
    text: str, tokens: Sequence[Any], first: int, owner: dict[int, int], templates: dict[int, str]
) -> tuple[str, str] | None:
    """ "…Китая Ван И, России Сергей Лавров": the previous item's title with this country."""
    index = first
    while index > 0 and index - 1 not in owner and _is_name_like(tokens[index - 1]):
        index -= 1
    if index < 2 or tokens[index - 1].text != "," or index - 2 not in owner:
        return None
    template = templates.get(owner[index - 2])
    if not template:
        return None
    tail = text[tokens[index].start : tokens[first - 1].stop] if index < first else ""
    return f"{template} {tail}".strip(), template


def _as_stated(title: Title, sentence_start: int, tokens: Sequence[Any]) -> str:
    """Lower-case a capital that is only there because the title opens the sentence."""
    opens = tokens[title.start].start == sentence_start
    text = title.text
    if opens and text[:1].isupper() and text[1:2].islower():
        first, rest = [*text.split(" ", 1), ""][:2]
        if "-" in first and all(part[:1].isupper() for part in first.split("-")):
            first = first.lower()  # "Премьер-Министр" in officialese: "премьер-министр"
        else:
            first = first[0].lower() + first[1:]
        return f"{first} {rest}".strip()
    return text


def _person(candidate: _Candidate, roles: dict[int, list[Role]], adoc: ArticleDoc) -> Person:
    words = _canonical(candidate)
    patronymic = None
    if len(words) == 3 and _PATRONYMIC.search(words[1]):
        # "Касым-Жомарт Кемелевич Токаев" is "Касым-Жомарт Токаев" in every other article.
        patronymic = words[1]
        words = (words[0], words[2])
    name = " ".join(words)
    person = Person(name=name, patronymic=patronymic)
    if len(words) == 1:
        person.last = words[0]
    elif _family_first(words):
        person.last, person.first = words[0], words[1]
    else:
        person.first, person.last = words[0], words[-1]
    person.latin = latin_aliases(name)
    if not _family_first(words):
        person.latin |= latin_aliases(person.last)
    seen_titles: set[str] = set()
    for mention in sorted(candidate.mentions, key=lambda m: m.start):
        person.forms.add(mention.surface)
        person.sentences.append(adoc.sentence_at(mention.start))
        for role in roles.get(id(mention), []):
            if role.title.lower() not in seen_titles:
                seen_titles.add(role.title.lower())
                person.roles.append(role)
    person.sentences = sorted(set(person.sentences))
    return person


# A name in a thing's name is not the person: "Назарбаев Университет", "школа имени Абая".
_NAMED_THING_AFTER = re.compile(
    r"^\s+(?:Университет|Интеллектуальн|Фонд|Центр|Аэропорт|Назарбаев|Школ|Библиотек|Музе|Проспект"
    r"|Улиц|Площад|Мемориал|Колледж|Институт|Академи|Стадион|Арен|Парк"
    # a plant named for its town: "Жанатасская ВЭС", "Шымкентский НПЗ"
    r"|(?:ВЭС|СЭС|ГЭС|АЭС|ТЭЦ|ТЭС|НПЗ|ГПЗ|ГОК)\b|ветропарк|электростанц|месторожден|комбинат)",
)
_NAMED_THING_BEFORE = re.compile(
    r"(?:имени|им\.|названн\w+ в честь|носящ\w+ имя)\s*$", re.IGNORECASE
)


def _names_a_thing(text: str, mention: Mention) -> bool:
    """The name is part of a university's, a school's, a fund's name, not a person there."""
    after = text[mention.end : mention.end + 30]
    before = text[max(0, mention.start - 30) : mention.start]
    return bool(_NAMED_THING_AFTER.match(after) or _NAMED_THING_BEFORE.search(before))


def find_people(adoc: ArticleDoc) -> list[Person]:
    text = adoc.text
    mentions = [
        m
        for span in adoc.doc.spans
        if span.type == "PER"
        and (m := _mention_from_span(text, span)) is not None
        and not _names_a_thing(text, m)
    ]
    _unglue(mentions)
    mentions += _missed_full_names(adoc, mentions)
    other_entities = {span.normal for span in adoc.doc.spans if span.type != "PER"}
    titled = frozenset(m.start for m in mentions if _after_sovereign_title(text, m.start))
    candidates = _group(mentions, other_entities, titled)
    kept = [m for c in candidates for m in c.mentions]
    kept += _missed_surnames(adoc, candidates, kept, other_entities)
    extra = _second_pass(adoc, candidates, kept)
    roles = _titles_of(adoc, kept + extra)
    return _merge_misspelt([_person(c, roles, adoc) for c in candidates if c.mentions])


def _merge_misspelt(people: list[Person]) -> list[Person]:
    """A source's typo ("Касыма-Жомартам Токаев" beside "Касым-Жомарт Токаев") is the same
    person: one surname, first names a letter or two apart. The better-attested name wins."""
    kept: list[Person] = []
    for person in sorted(people, key=lambda p: (-len(p.sentences), len(p.name), p.name)):
        twin = next((k for k in kept if _misspelt_twin(k, person)), None)
        if twin is None:
            kept.append(person)
            continue
        twin.forms |= person.forms
        twin.latin |= person.latin
        twin.sentences = sorted(set(twin.sentences) | set(person.sentences))
        titles = {role.title.lower() for role in twin.roles}
        twin.roles += [r for r in person.roles if r.title.lower() not in titles]
    order = {id(p): i for i, p in enumerate(people)}
    return sorted(kept, key=lambda p: order[id(p)])


def _left_inflected(a: list[str], b: list[str]) -> bool:
    """ "Дая Хоуляна" beside "Дай Хоулян": every word of one name is the other's, inflected,
    in the same order (a form the nominative could not be recovered from)."""
    return len(a) == len(b) > 1 and all(_same_or_soft(x, y) for x, y in zip(a, b, strict=True))


def _same_or_soft(a: str, b: str) -> bool:
    """One word, inflected; a short soft stem too ("Дай", "Дая", "Даем")."""
    if _same_word(a, b):
        return True
    short = min(len(a), len(b)) >= 3
    return short and a.rstrip("йяюеи") == b.rstrip("йяюеи") != ""


def _misspelt_twin(a: Person, b: Person) -> bool:
    if _left_inflected(a.name.split(), b.name.split()):
        return True
    if not (a.first and b.first and a.last and b.last) or a.first == b.first:
        return False
    same_last = a.last == b.last
    close_first = fuzz.ratio(a.first.lower(), b.first.lower()) >= 80
    return same_last and close_first and a.first[:1] == b.first[:1]
