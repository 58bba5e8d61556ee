"""Latin spellings of names, so a user typing "Tokayev" or "Xi Jinping" finds the person.

Russian and Kazakh names go through iuliia's standard schemas (several, because people type
"Tokayev", "Tokaev" and "Kassym-Jomart" alike). Chinese names are written in Russian in the
Palladius system, which a letter-by-letter transliterator turns into "Si Tszinpin"; they are
mapped back syllable by syllable to pinyin ("Xi Jinping") through a full syllable table.
"""

from __future__ import annotations

import re
from functools import lru_cache

import iuliia

__all__ = [
    "is_chinese_name",
    "latin_aliases",
    "palladius_syllables",
    "palladius_to_pinyin",
    "to_latin",
]

# Every pinyin syllable, by initial: the finals it combines with ("v" stands for ü).
_PINYIN_FINALS: dict[str, str] = {
    "": "a o e ai ei ao ou an en ang eng er",
    "b": "a o ai ei ao an en ang eng i ie iao ian in ing u",
    "p": "a o ai ei ao ou an en ang eng i ie iao ian in ing u",
    "m": "a o e ai ei ao ou an en ang eng i ie iao iu ian in ing u",
    "f": "a o ei ou an en ang eng u",
    "d": "a e ai ei ao ou an en ang eng ong i ia ie iao iu ian ing u uo ui uan un",
    "t": "a e ai ao ou an ang eng ong i ie iao ian ing u uo ui uan un",
    "n": "a e ai ei ao ou an en ang eng ong i ie iao iu ian in iang ing u uo uan v ve",
    "l": "a e ai ei ao ou an ang eng ong i ia ie iao iu ian in iang ing u uo uan un v ve",
    "g": "a e ai ei ao ou an en ang eng ong u ua uo uai ui uan un uang",
    "k": "a e ai ei ao ou an en ang eng ong u ua uo uai ui uan un uang",
    "h": "a e ai ei ao ou an en ang eng ong u ua uo uai ui uan un uang",
    "j": "i ia ie iao iu ian in iang ing iong v ve van vn",
    "q": "i ia ie iao iu ian in iang ing iong v ve van vn",
    "x": "i ia ie iao iu ian in iang ing iong v ve van vn",
    "zh": "a e i ai ei ao ou an en ang eng ong u ua uo uai ui uan un uang",
    "ch": "a e i ai ao ou an en ang eng ong u ua uo uai ui uan un uang",
    "sh": "a e i ai ei ao ou an en ang eng u ua uo uai ui uan un uang",
    "r": "e i ao ou an en ang eng ong u ua uo ui uan un",
    "z": "a e i ai ei ao ou an en ang eng ong u uo ui uan un",
    "c": "a e i ai ao ou an en ang eng ong u uo ui uan un",
    "s": "a e i ai ao ou an en ang eng ong u uo ui uan un",
}

# Syllables written with y/w when they have no initial: pinyin spelling -> Palladius.
_ZERO_INITIAL: dict[str, str] = {
    "yi": "и", "ya": "я", "yo": "ё", "ye": "е", "yao": "яо", "you": "ю", "yan": "янь",
    "yin": "инь", "yang": "ян", "ying": "ин", "yong": "юн", "yu": "юй", "yue": "юэ",
    "yuan": "юань", "yun": "юнь", "wu": "у", "wa": "ва", "wo": "во", "wai": "вай",
    "wei": "вэй", "wan": "вань", "wen": "вэнь", "wang": "ван", "weng": "вэн",
}  # fmt: skip

_INITIALS: dict[str, str] = {
    "": "", "b": "б", "p": "п", "m": "м", "f": "ф", "d": "д", "t": "т", "n": "н", "l": "л",
    "g": "г", "k": "к", "h": "х", "j": "цз", "q": "ц", "x": "с", "zh": "чж", "ch": "ч",
    "sh": "ш", "r": "ж", "z": "цз", "c": "ц", "s": "с",
}  # fmt: skip

# Palladius spelling of each final after a consonant (and with no initial at all).
_FINALS: dict[str, str] = {
    "a": "а", "o": "о", "e": "э", "ai": "ай", "ei": "эй", "ao": "ао", "ou": "оу", "an": "ань",
    "en": "энь", "ang": "ан", "eng": "эн", "er": "эр", "ong": "ун", "i": "и", "ia": "я",
    "ie": "е", "iao": "яо", "iu": "ю", "ian": "янь", "in": "инь", "iang": "ян", "ing": "ин",
    "iong": "юн", "u": "у", "ua": "уа", "uo": "о", "uai": "уай", "ui": "уй", "uan": "уань",
    "un": "унь", "uang": "уан", "v": "юй", "ve": "юэ", "van": "юань", "vn": "юнь",
}  # fmt: skip


def _palladius(initial: str, final: str) -> str:
    if initial in ("z", "c", "s") and final == "i":
        return _INITIALS[initial] + "ы"  # zi, ci, si: цзы, цы, сы
    return _INITIALS[initial] + _FINALS[final]


def _pinyin(initial: str, final: str) -> str:
    if initial in ("j", "q", "x"):
        final = final.replace("v", "u")  # ju, que, xuan: the ü is written u
    return initial + final.replace("v", "ü")


@lru_cache(maxsize=1)
def palladius_table() -> dict[str, str]:
    """Palladius syllable (lower case) -> pinyin syllable, built from the pinyin inventory."""
    table: dict[str, str] = {}
    for initial, finals in _PINYIN_FINALS.items():
        for final in finals.split():
            table.setdefault(_palladius(initial, final), _pinyin(initial, final))
    for pinyin, cyrillic in _ZERO_INITIAL.items():
        table[cyrillic] = pinyin
    return table


@lru_cache(maxsize=100_000)
def _syllables(word: str) -> tuple[str, ...] | None:
    """Split one Cyrillic word into the fewest Palladius syllables, or None if it cannot be."""
    table = palladius_table()
    word = word.lower()
    longest = max(map(len, table))
    best: list[list[str] | None] = [[]] + [None] * len(word)
    for end in range(1, len(word) + 1):
        for size in range(1, min(longest, end) + 1):
            head = best[end - size]
            piece = word[end - size : end]
            if head is not None and piece in table:
                candidate = [*head, piece]
                if best[end] is None or len(candidate) < len(best[end]):  # type: ignore[arg-type]
                    best[end] = candidate
    found = best[len(word)]
    return tuple(found) if found is not None else None


def palladius_syllables(word: str) -> tuple[str, ...]:
    """The fewest Palladius syllables that spell `word` ("Сиань" -> си, ань), or () if none."""
    return _syllables(word) or ()


def palladius_to_pinyin(word: str) -> str | None:
    """One Palladius word -> pinyin, capitalised like the input ("Цзиньпин" -> "Jinping")."""
    syllables = _syllables(word)
    if not syllables:
        return None
    table = palladius_table()
    pinyin = "".join(table[s] for s in syllables)
    return pinyin.capitalize() if word[:1].isupper() else pinyin


_PARTS = re.compile(r"[\s-]+")


def is_chinese_name(name: str) -> bool:
    """A one-syllable family name and a given name of one or two syllables ("Ван И").

    Strict on purpose: Russian words sometimes split into Palladius syllables too ("Анна" =
    ан+на, "Иван" = и+ван), so only the shape of a Chinese name counts.
    """
    parts = name.split()
    if len(parts) != 2:
        return False
    family, given = (_syllables(part) for part in parts)
    return bool(family and given and len(family) == 1 and len(given) <= 2)


_ROMANISATIONS = (iuliia.WIKIPEDIA, iuliia.ICAO_DOC_9303, iuliia.TELEGRAM)
_VOWELS = "aeiouy"


def to_latin(text: str) -> str:
    """Generic romanisation (Wikipedia's schema: "Токаев" -> "Tokayev")."""
    return iuliia.WIKIPEDIA.translate(text)


def _french_style(latin: str) -> str:
    """The French-influenced spelling common in Kazakhstan: Zh -> J, s between vowels -> ss."""
    latin = latin.replace("Zh", "J").replace("zh", "j")
    return re.sub(rf"(?<=[{_VOWELS}])s(?=[{_VOWELS}])", "ss", latin)


# How English-language news and the officials themselves spell names that no romanisation
# schema gives ("Kassym-Jomart", "Massimov"): the form the bot writes in English.
CONVENTIONAL_LATIN = {
    "Касым-Жомарт Токаев": "Kassym-Jomart Tokayev",
    "Нурсултан Назарбаев": "Nursultan Nazarbayev",
    "Карим Масимов": "Karim Massimov",
    "Ерлан Идрисов": "Yerlan Idrissov",
    "Кайрат Абдрахманов": "Kairat Abdrakhmanov",
    "Бейбут Атамкулов": "Beibut Atamkulov",
    "Мухтар Тлеуберди": "Mukhtar Tileuberdi",
    "Ермек Кошербаев": "Yermek Kosherbayev",
    "Бакытжан Сагинтаев": "Bakytzhan Sagintayev",
    "Аскар Мамин": "Askar Mamin",
    "Алихан Смаилов": "Alikhan Smailov",
    "Олжас Бектенов": "Olzhas Bektenov",
    "Жээнбек Кулубаев": "Zheenbek Kulubaev",
    "Шавкат Мирзиёев": "Shavkat Mirziyoyev",
    "Эмомали Рахмон": "Emomali Rahmon",
    "Садыр Жапаров": "Sadyr Japarov",
    "Сердар Бердымухамедов": "Serdar Berdimuhamedov",
}


def conventional_latin(name: str) -> str | None:
    return CONVENTIONAL_LATIN.get(" ".join(name.split()))


def latin_aliases(name: str) -> set[str]:
    """Latin spellings a user might type for a canonical Russian-script name, surname included."""
    aliases = set(_latin_aliases(name.strip()))
    conventional = conventional_latin(name)
    if conventional:
        aliases |= {conventional, conventional.split()[-1]}
    return aliases


@lru_cache(maxsize=50_000)
def _latin_aliases(name: str) -> frozenset[str]:
    if not name:
        return frozenset()
    if is_chinese_name(name):
        family, given = (palladius_to_pinyin(part) or "" for part in name.split())
        return frozenset({f"{family} {given}", f"{given} {family}", family})
    aliases: set[str] = set()
    surname = name.split()[-1]
    for schema in _ROMANISATIONS:
        for text in (name, surname):
            latin = schema.translate(text)
            aliases.update({latin, _french_style(latin)})
    return frozenset(alias for alias in aliases if alias)
