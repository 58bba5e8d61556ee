"""Who the article's descriptions stand for: «китайский лидер», «высокий гость», «стороны».

News names a person in full once and then by role: «председатель КНР», «глава государства»,
«глава МИД Китая», «два премьера». The cast is the article's people with the office and the
country their roles give them; each description in DESCRIPTIONS picks its members from the
cast, so an event's participants include the people the article only describes.

A description next to the name it describes («председатель КНР Си Цзиньпин») adds nothing; the
name is already there.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from bot import geo
from bot.extraction.translit import is_chinese_name
from bot.models import Person

KZ, CN = "Казахстан", "Китай"
HEAD_OF_STATE, HEAD_OF_GOVERNMENT = "head_of_state", "head_of_government"
FOREIGN_MINISTER, DEPUTY_PM, MINISTER = "foreign_minister", "deputy_pm", "minister"
COLLEAGUE = "colleague"  # "казахстанский коллега": the office of whoever the sentence names
AMBASSADOR, GOVERNOR, SECRETARY = "ambassador", "governor", "secretary_general"
DEPUTY, SPEAKER, SPOKESPERSON = "deputy", "speaker", "spokesperson"

# An office from a role's wording (folded), first match wins: a deputy is not the premier.
OFFICES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (office, re.compile(pattern))
    for office, pattern in (
        # "официальный представитель МИД", "пресс-секретарь президента": tells the news
        (SPOKESPERSON, r"пресс-секретар|официальн\w* представител|представител\w* мид\b"),
        (DEPUTY_PM, r"заместител\w* премьер|вице-премьер"),
        (DEPUTY, r"заместител\w*|вице-|замминистр"),
        (SPEAKER, r"спикер|председател\w* (?:сената|мажилиса|парламента|постоянного комитета"
                  r"|пк вснп|вснп|всекитайского собрания)"),
        (FOREIGN_MINISTER, r"министр\w* иностранных дел|глав\w* мид\b"),
        (HEAD_OF_GOVERNMENT, r"премьер|глав\w* правительства|председател\w* правительства"
                             r"|глав\w* госсовета"),
        (HEAD_OF_STATE, r"президент|председател\w* (?:кнр|китайской народной|китая|си\b)"
                        r"|глав\w* государства|председател\w* республики"),
        (AMBASSADOR, r"\bпосол|\bпосл[а-я]+ "),
        (GOVERNOR, r"\bаким\b|губернатор|председател\w* народного правительства"),
        (SECRETARY, r"генеральн\w* секретар|генсек"),
        (MINISTER, r"\bминистр"),
    )
)  # fmt: skip
# A country from a role's wording (folded).
_COUNTRY_WORDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (CN, re.compile(r"\bкнр\b|китай|китая|китайск|госсовета|си цзиньпин|\bкпк\b|синьцзян")),
    (KZ, re.compile(r"казахстан|\bрк\b|казахстанск|акорд|сенат|мажилис")),
)


@dataclass(frozen=True, slots=True)
class Member:
    person: Person
    office: str | None
    country: str | None
    mentions: int


def office_of(title: str) -> str | None:
    folded = geo.fold(title)
    return next((office for office, pattern in OFFICES if pattern.search(folded)), None)


@lru_cache(maxsize=10_000)
def country_of_title(title: str) -> str | None:
    folded = geo.fold(title)
    for country, pattern in _COUNTRY_WORDS:
        if pattern.search(folded):
            return country
    for word in re.findall(r"[а-я-]{4,}", folded):
        for form in (word, word[:-1], word[:-1] + "я", word[:-1] + "а", word[:-1] + "ь",
                     word[:-2] + "ия"):  # fmt: skip
            found = geo.place(form)
            if found is not None and found.country is None:
                return found.name
    return None


def cast_of(people: list[Person], home: str = KZ) -> list[Member]:
    """The article's people with their office and country. A head's title with no country
    ("Президент") is China's for a Chinese name, else Kazakhstan's, wherever the dateline."""
    members = []
    for person in people:
        titles = [role.title for role in person.roles]
        office = next((o for o in map(office_of, titles) if o), None)
        country = next((c for c in map(country_of_title, titles) if c), None)
        if country is None and is_chinese_name(person.name):
            country = CN
        elif country is None and office in (HEAD_OF_STATE, HEAD_OF_GOVERNMENT):
            country = KZ  # "президента Нурсултана Назарбаева" in a story from Beijing too
        members.append(Member(person, office, country, len(set(person.sentences))))
    return members


# -- descriptions ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Description:
    """A phrase that stands for people of the cast: one (office, country), or the two sides."""

    name: str
    pattern: re.Pattern[str]
    office: str | None
    country: str | None  # None: the home country of the article ("глава государства")
    pair: bool = False  # "лидеры двух стран": one of each side
    sole: bool = False  # an office many may hold ("министр обороны КНР"): only if one does


def _d(
    name: str,
    pattern: str,
    office: str | None,
    country: str | None,
    pair: bool = False,
    sole: bool = False,
) -> Description:
    return Description(name, re.compile(pattern), office, country, pair, sole)


W = r"\w*"


def _of_each_side(
    name: str, head: str, office: str, between: str = "", cn_between: str | None = None
) -> tuple[Description, Description]:
    """ "министр обороны КНР", "казахстанский министр": an office said with its country, of
    either side, standing for its one holder (`between`: words between office and country)."""
    cn = cn_between if cn_between is not None else between
    return (
        _d(f"китайский {name}", rf"{head} {cn}(?:кнр|китая)\b|китайск{W} {head}", office, CN,
           sole=True),
        _d(f"казахстанский {name}", rf"{head} {between}(?:рк|казахстана)\b"
           rf"|казахстанск{W} {head}", office, KZ, sole=True),
    )  # fmt: skip


DESCRIPTIONS: tuple[Description, ...] = (
    _d("китайский лидер", rf"председател{W} (?:кнр|китайской народной республики|китая)"
       rf"|китайск{W} (?:лидер|президент|руководител){W}|лидер{W} (?:кнр|китая)"
       rf"|глав{W} (?:кнр|китая|китайского государства)", HEAD_OF_STATE, CN),
    _d("казахстанский президент", rf"президент{W} (?:казахстана|рк|республики казахстан)"
       rf"|казахстанск{W} (?:президент|лидер){W}|глав{W} (?:казахстана|рк)\b|елбасы"
       rf"|лидер{W} нации", HEAD_OF_STATE, KZ),
    _d("глава государства", rf"глав{W} государства\b|главой государства", HEAD_OF_STATE, None),
    _d("китайский премьер", rf"китайск{W} премьер{W}|(?<![\w-])премьер{W} (?:госсовета|кнр)"
       rf"|глав{W} (?:госсовета|китайского правительства|правительства кнр|правительства китая)",
       HEAD_OF_GOVERNMENT, CN),
    _d("казахстанский премьер", rf"казахстанск{W} премьер{W}"
       rf"|(?<![\w-])премьер-министр{W} (?:казахстана|рк)"
       rf"|глав{W} (?:казахстанского )?правительства (?:казахстана|рк)"
       rf"|глав{W} казахстанского правительства", HEAD_OF_GOVERNMENT, KZ),
    _d("глава МИД КНР", rf"глав{W} мид (?:кнр|китая)|министр{W} иностранных дел (?:кнр|китая)"
       rf"|глав{W} китайского (?:мид|внешнеполитического ведомства)|глав{W} китайской дипломатии"
       rf"|китайск{W} министр{W} иностранных дел", FOREIGN_MINISTER, CN),
    _d("глава МИД РК", rf"глав{W} мид (?:рк|казахстана)|казахстанск{W} министр{W} иностранных"
       rf" дел|глав{W} казахстанского (?:мид|внешнеполитического ведомства)",
       FOREIGN_MINISTER, KZ),
    _d("высокий гость", rf"высок{W} гост{W}|почетн{W} гост{W}|(?<![\w-])гост(?:ь|я|ю|ем)\b",
       "visitor", None),
    _d("лидеры двух стран", rf"(?:лидер|глав|президент){W} (?:двух|обеих) (?:стран|государств)"
       rf"|(?:два|двух|оба|обоих) (?:лидер|президент){W}|главы государств\b|глав государств\b"
       rf"|лидеры стран\b", HEAD_OF_STATE, None, pair=True),
    _d("два премьера", rf"(?:два|двух|оба|обоих) премьер{W}|(?:премьер{W}|глав{W} правительств)"
       rf" (?:двух|обеих) (?:стран|государств)|главы правительств\b|глав правительств\b",
       HEAD_OF_GOVERNMENT, None, pair=True),
    _d("министры двух стран", rf"(?:министр{W}|глав{W} мид) (?:двух|обеих) (?:стран|государств)"
       rf"|(?:два|двух|оба|обоих) министр{W}", FOREIGN_MINISTER, None, pair=True),
    # an office and a country, for the one person of the article who holds it
    *_of_each_side("вице-премьер", rf"вице-премьер{W}", DEPUTY_PM, cn_between="(?:госсовета )?"),
    *_of_each_side("министр", rf"(?<![\w-])министр{W}", MINISTER, between=r"(?:[а-я]+ ){0,3}"),
    *_of_each_side("посол", rf"(?<![\w-])(?:посол|посл{W})", AMBASSADOR),
    _d("казахстанский спикер", rf"казахстанск{W} спикер{W}|(?<![\w-])спикер{W} (?:сената|мажилиса)"
       rf"|(?<![\w-])председател{W} (?:сената|мажилиса)\b", SPEAKER, KZ, sole=True),
    _d("китайский законодатель", rf"китайск{W} (?:спикер|законодател){W}"
       rf"|(?<![\w-])председател{W} (?:пк вснп|постоянного комитета вснп)"
       rf"|китайск{W} парламентск{W} (?:лидер|руководител){W}|глав{W} (?:вснп|китайского парламента)",
       SPEAKER, CN, sole=True),
    _d("казахстанская сторона", rf"казахстанск{W} сторон{W}", None, KZ),
    _d("китайская сторона", rf"китайск{W} сторон{W}", None, CN),
    _d("стороны", r"(?<![\w-])(?<!со )сторон(?:ы|ам|ами|ах)?\b", None, None, pair=True),
    # last: a colleague holds the office of the other side's person the sentence names
    _d("казахстанский коллега", rf"казахстанск{W} коллег{W}", COLLEAGUE, KZ),
    _d("китайский коллега", rf"китайск{W} коллег{W}", COLLEAGUE, CN),
)  # fmt: skip


# Agencies whose name at the top of a story tells whose side it is told from ("ТЯНЬЦЗИНЬ, 31
# августа. /Корр. КазТАГ/." is Kazakh: its "глава государства" is Kazakhstan's).
_AGENCIES = (
    (KZ, re.compile(r"казтаг|kaztag|казинформ|kazinform|tengrinews|inbusiness|курсив|kursiv"
                    r"|zakon\.kz|informburo|хабар|khabar|akorda\.kz|primeminister\.kz")),
    (CN, re.compile(r"синьхуа|xinhua|жэньминь|people's daily|cgtn|russian\.news\.cn|china\.org")),
)  # fmt: skip
_TOP = 300  # characters at the top of a story where its agency signs it


def home_country(dateline: str | None, text: str = "") -> str:
    """The side the story is told from: its agency's country, else the dateline's, else
    Kazakhstan."""
    top = text[:_TOP].lower()
    agency = next((country for country, pattern in _AGENCIES if pattern.search(top)), None)
    if agency is not None:
        return agency
    country = geo.country_of(dateline) if dateline else None
    return CN if country == CN else KZ


def _top(members: list[Member], office: str | None, country: str | None) -> Member | None:
    found = [
        m
        for m in members
        if (office is None or m.office == office) and (country is None or m.country == country)
    ]
    return max(found, key=lambda m: m.mentions) if found else None


_RANK = (HEAD_OF_STATE, HEAD_OF_GOVERNMENT, FOREIGN_MINISTER, DEPUTY_PM, MINISTER, AMBASSADOR)


def _highest(members: list[Member], country: str | None) -> Member | None:
    for office in _RANK:
        found = _top(members, office, country)
        if found is not None:
            return found
    return None


def _pair(members: list[Member], office: str | None) -> list[Member]:
    """One of each side: the most mentioned Kazakh and Chinese holders of the office (for
    "стороны": of the highest office both sides have)."""
    offices = [office] if office else [HEAD_OF_STATE, HEAD_OF_GOVERNMENT, FOREIGN_MINISTER, None]
    for wanted in offices:
        sides = [_top(members, wanted, KZ), _top(members, wanted, CN)]
        if all(sides):
            return [m for m in sides if m]
    return []


def resolve(
    description: Description, members: list[Member], home: str, beside: Sequence[Member] = ()
) -> list[Member]:
    """The members a description stands for; `beside`: the people its sentence names."""
    if description.office == COLLEAGUE:
        offices = {m.office for m in beside if m.country != description.country}
        office = next((o for o in _RANK if o in offices), FOREIGN_MINISTER)
        found = _top(members, office, description.country)
        return [found] if found else []
    if description.sole:
        holders = [
            m
            for m in members
            if m.office == description.office and m.country == description.country
        ]
        return holders if len(holders) == 1 else []
    if description.pair:
        return _pair(members, description.office)
    if description.office == "visitor":
        guest = CN if home == KZ else KZ
        # the guest side's highest office holder: a visiting defence minister is the guest
        # the head of state receives when no head of the guest's side is in the story
        found = _highest(members, guest) or _unplaced(members, guest)
        return [found] if found else []
    country = description.country
    if description.office is None:  # "китайская сторона": its highest office holder
        found = _highest(members, country)
        return [found] if found else []
    if country is None:  # "глава государства": the home side's, else the other's
        found = _top(members, description.office, home) or _top(members, description.office, None)
        return [found] if found else []
    found = _top(members, description.office, country) or _unplaced(members, country)
    return [found] if found else []


def _unplaced(members: list[Member], country: str | None) -> Member | None:
    """No one of that side has a known office: the most mentioned person who could be theirs
    (a Chinese name for China, any other for Kazakhstan)."""
    if country not in (KZ, CN) or any(m.office and m.country == country for m in members):
        return None
    chinese = country == CN
    found = [m for m in members if m.office is None and is_chinese_name(m.person.name) == chinese]
    return max(found, key=lambda m: m.mentions) if found else None


_DEPUTY_BEFORE = re.compile(r"(?:заместител\w*|вице-)\s*$")
_BODY_BEFORE = re.compile(r"(?:совет|комитет|комисси)\w*\s+$")


def _names_a_body(folded: str, start: int) -> bool:
    """ "Совет глав государств", "встреча глав правительств": a body's name, not its members
    taking part here."""
    return bool(_BODY_BEFORE.search(folded[max(0, start - 20) : start]))


def described(text: str, members: list[Member], home: str) -> list[tuple[Member, int, int]]:
    """(member, start, end) for each description in a sentence, without overlaps."""
    folded = text.lower().replace("ё", "е")
    found: list[tuple[Member, int, int]] = []
    taken: list[tuple[int, int]] = []
    for description in DESCRIPTIONS:
        for match in description.pattern.finditer(folded):
            start, end = match.span()
            if any(s < end and start < e for s, e in taken) or _names_a_body(folded, start):
                continue
            if _DEPUTY_BEFORE.search(folded[max(0, start - 25) : start]):
                continue  # "заместителем председателя ПК ВСНП": the deputy, not the chairman
            taken.append((start, end))
            beside = (
                [m for m, _, _ in found] + _named_in(folded, members)
                if description.office == COLLEAGUE
                else []
            )
            found += [(m, start, end) for m in resolve(description, members, home, beside)]
    return sorted(found, key=lambda item: item[1])


def _named_in(folded: str, members: list[Member]) -> list[Member]:
    """The members a sentence names by any form of their name."""
    return [
        m
        for m in members
        if any(form.lower().replace("ё", "е") in folded for form in m.person.forms)
    ]
