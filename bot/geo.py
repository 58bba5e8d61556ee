"""Places and organisations by name: their country, their Latin or English form.

A visit to Пекин is a visit to China, and a user typing "Beijing", "Astana" or "SCO" means the
places and bodies the articles call Пекин, Астана and ШОС. Country names come from pycountry's
ISO 3166 data with its Russian translations (maintained upstream); the cities, residences and
organisations that matter for Kazakhstan–China news are a small table here.
"""

from __future__ import annotations

import gettext
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import pycountry


@dataclass(frozen=True, slots=True)
class Place:
    name: str  # as the articles write it, nominative: "Пекин"
    latin: str  # "Beijing"
    country: str | None  # the country's Russian short name: "Китай"; None for a country itself
    aliases: tuple[str, ...] = ()  # other spellings, either script


# Cities, regions and residences (name, Latin, country, other spellings).
_PLACES: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("Астана", "Astana", "Казахстан", ("Нур-Султан", "Nur-Sultan", "Акмола", "Целиноград")),
    ("Алматы", "Almaty", "Казахстан", ("Алма-Ата", "Alma-Ata")),
    ("Акорда", "Akorda", "Казахстан", ("Ак Орда", "Ak Orda", "Akorda Palace")),
    ("Шымкент", "Shymkent", "Казахстан", ()),
    ("Караганда", "Karaganda", "Казахстан", ("Qaraghandy",)),
    ("Актобе", "Aktobe", "Казахстан", ()),
    ("Атырау", "Atyrau", "Казахстан", ()),
    ("Актау", "Aktau", "Казахстан", ()),
    ("Усть-Каменогорск", "Ust-Kamenogorsk", "Казахстан", ("Oskemen", "Өскемен")),
    ("Павлодар", "Pavlodar", "Казахстан", ()),
    ("Костанай", "Kostanay", "Казахстан", ()),
    ("Туркестан", "Turkistan", "Казахстан", ("Turkestan",)),
    ("Кызылорда", "Kyzylorda", "Казахстан", ()),
    ("Тараз", "Taraz", "Казахстан", ()),
    ("Семей", "Semey", "Казахстан", ("Семипалатинск",)),
    ("Талдыкорган", "Taldykorgan", "Казахстан", ()),
    ("Жаркент", "Zharkent", "Казахстан", ()),
    ("Хоргос", "Khorgos", "Казахстан", ("Khorgas", "Horgos", "Хоргос")),
    ("Достык", "Dostyk", "Казахстан", ("Dostyk", "Дружба")),
    ("Аягоз", "Ayagoz", "Казахстан", ("Аягуз",)),
    ("Бахты", "Bakhty", "Казахстан", ()),
    ("Кашаган", "Kashagan", "Казахстан", ()),
    ("Пекин", "Beijing", "Китай", ("Peking",)),
    ("Шанхай", "Shanghai", "Китай", ()),
    ("Сиань", "Xi'an", "Китай", ("Xian",)),
    ("Тяньцзинь", "Tianjin", "Китай", ()),
    ("Чэнду", "Chengdu", "Китай", ()),
    ("Ханчжоу", "Hangzhou", "Китай", ()),
    ("Гуанчжоу", "Guangzhou", "Китай", ()),
    ("Шэньчжэнь", "Shenzhen", "Китай", ()),
    ("Ухань", "Wuhan", "Китай", ()),
    ("Циндао", "Qingdao", "Китай", ()),
    ("Сямэнь", "Xiamen", "Китай", ()),
    ("Ляньюньган", "Lianyungang", "Китай", ()),
    ("Урумчи", "Urumqi", "Китай", ()),
    ("Синьцзян", "Xinjiang", "Китай", ("Синьцзян-Уйгурский автономный район", "СУАР")),
    # provinces and regions, which sister regions and governors' visits name
    ("Шэньси", "Shaanxi", "Китай", ()),
    ("Ганьсу", "Gansu", "Китай", ()),
    ("Цинхай", "Qinghai", "Китай", ()),
    ("Нинся", "Ningxia", "Китай", ("Нинся-Хуэйский автономный район",)),
    ("Цзянсу", "Jiangsu", "Китай", ()),
    ("Чжэцзян", "Zhejiang", "Китай", ()),
    ("Шаньдун", "Shandong", "Китай", ()),
    ("Хэнань", "Henan", "Китай", ()),
    ("Хубэй", "Hubei", "Китай", ()),
    ("Хунань", "Hunan", "Китай", ()),
    ("Сычуань", "Sichuan", "Китай", ()),
    ("Юньнань", "Yunnan", "Китай", ()),
    ("Гуандун", "Guangdong", "Китай", ()),
    ("Фуцзянь", "Fujian", "Китай", ()),
    ("Аньхой", "Anhui", "Китай", ()),
    ("Цзянси", "Jiangxi", "Китай", ()),
    ("Хэбэй", "Hebei", "Китай", ()),
    ("Шаньси", "Shanxi", "Китай", ()),
    ("Ляонин", "Liaoning", "Китай", ()),
    ("Цзилинь", "Jilin", "Китай", ()),
    ("Хэйлунцзян", "Heilongjiang", "Китай", ()),
    ("Гуйчжоу", "Guizhou", "Китай", ()),
    ("Гуанси", "Guangxi", "Китай", ("Гуанси-Чжуанский автономный район",)),
    ("Внутренняя Монголия", "Inner Mongolia", "Китай", ()),
    ("Тибет", "Tibet", "Китай", ("Xizang",)),
    ("Харбин", "Harbin", "Китай", ()),
    ("Далянь", "Dalian", "Китай", ()),
    ("Нанкин", "Nanjing", "Китай", ()),
    ("Чжэнчжоу", "Zhengzhou", "Китай", ()),
    ("Цзинань", "Jinan", "Китай", ()),
    ("Хэфэй", "Hefei", "Китай", ()),
    ("Куньмин", "Kunming", "Китай", ()),
    ("Иу", "Yiwu", "Китай", ()),
    ("Синин", "Xining", "Китай", ()),
    ("Иньчуань", "Yinchuan", "Китай", ()),
    ("Кашгар", "Kashgar", "Китай", ()),
    ("Карамай", "Karamay", "Китай", ()),
    ("Кульджа", "Ghulja", "Китай", ("Инин", "Yining")),
    ("Алашанькоу", "Alashankou", "Китай", ()),
    ("Тачэн", "Tacheng", "Китай", ()),
    ("Хайнань", "Hainan", "Китай", ()),
    ("Санья", "Sanya", "Китай", ()),
    ("Боао", "Boao", "Китай", ()),
    ("Сучжоу", "Suzhou", "Китай", ()),
    ("Наньнин", "Nanning", "Китай", ()),
    ("Чунцин", "Chongqing", "Китай", ()),
    ("Ланьчжоу", "Lanzhou", "Китай", ()),
    ("Гонконг", "Hong Kong", "Китай", ()),
    ("Тайвань", "Taiwan", "Китай", ()),
    ("Москва", "Moscow", "Россия", ()),
    ("Санкт-Петербург", "Saint Petersburg", "Россия", ("St. Petersburg", "Петербург")),
    ("Казань", "Kazan", "Россия", ()),
    ("Уфа", "Ufa", "Россия", ()),
    ("Бишкек", "Bishkek", "Кыргызстан", ()),
    ("Чолпон-Ата", "Cholpon-Ata", "Кыргызстан", ()),
    ("Ташкент", "Tashkent", "Узбекистан", ()),
    ("Самарканд", "Samarkand", "Узбекистан", ()),
    ("Душанбе", "Dushanbe", "Таджикистан", ()),
    ("Ашхабад", "Ashgabat", "Туркменистан", ()),
    ("Баку", "Baku", "Азербайджан", ()),
    ("Минск", "Minsk", "Беларусь", ()),
    ("Нью-Дели", "New Delhi", "Индия", ("Дели", "Delhi")),
    ("Исламабад", "Islamabad", "Пакистан", ()),
    ("Тегеран", "Tehran", "Иран", ()),
    ("Нью-Йорк", "New York", "США", ()),
    ("Вашингтон", "Washington", "США", ()),
    ("Брюссель", "Brussels", "Бельгия", ()),
    ("Женева", "Geneva", "Швейцария", ()),
    ("Давос", "Davos", "Швейцария", ()),
)

# Organisations and formats: (Russian short name, English, other spellings).
_ORGS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("ШОС", "SCO", ("Шанхайская организация сотрудничества", "Shanghai Cooperation Organisation",
                    "Shanghai Cooperation Organization")),
    ("СВМДА", "CICA", ("Совещание по взаимодействию и мерам доверия в Азии",)),
    ("ЕАЭС", "EAEU", ("Евразийский экономический союз", "Eurasian Economic Union")),
    ("СНГ", "CIS", ("Содружество Независимых Государств",)),
    ("ОДКБ", "CSTO", ("Организация Договора о коллективной безопасности",)),
    ("ООН", "UN", ("Организация Объединенных Наций", "United Nations")),
    ("БРИКС", "BRICS", ()),
    ("АСЕАН", "ASEAN", ()),
    ("АБИИ", "AIIB", ("Азиатский банк инфраструктурных инвестиций",)),
    ("ЕС", "EU", ("Евросоюз", "Европейский союз", "European Union")),
    ("G20", "G20", ("Группа двадцати", "«Группа двадцати»")),
    ("Центральная Азия – Китай", "Central Asia–China", ("C5+China", "China–Central Asia",
                                                      "Китай – Центральная Азия")),
    ("Один пояс, один путь", "Belt and Road", ("Пояс и путь", "BRI", "Belt and Road Initiative")),
    ("Экономический пояс Шелкового пути", "Silk Road Economic Belt", ()),
    ("Нурлы жол", "Nurly Zhol", ()),
    ("CNPC", "CNPC", ("Китайская национальная нефтегазовая корпорация",)),
    ("КазМунайГаз", "KazMunayGas", ("КМГ", "KMG")),
    ("Синопек", "Sinopec", ("Sinopec",)),
    ("Казахстан темир жолы", "Kazakhstan Temir Zholy", ("КТЖ", "KTZ")),
    ("Назарбаев Университет", "Nazarbayev University", ()),
    ("МИД", "Ministry of Foreign Affairs", ("Министерство иностранных дел", "MFA")),
    ("Госсовет", "State Council", ("Государственный совет",)),
    ("ВСНП", "NPC", ("Всекитайское собрание народных представителей",
                     "National People's Congress")),
    ("НПКСК", "CPPCC", ("Народный политический консультативный совет Китая",
                        "Chinese People's Political Consultative Conference")),
    ("КПК", "CPC", ("Коммунистическая партия Китая", "Компартия Китая",
                    "Communist Party of China")),
    ("МФЦА", "AIFC", ("Международный финансовый центр «Астана»",
                      "Astana International Financial Centre")),
)  # fmt: skip

# Countries whose Russian news names differ from ISO 3166's short Russian names.
_COUNTRY_ALIASES = {
    "CN": ("КНР", "Китайская Народная Республика", "Поднебесная", "PRC"),
    "KZ": ("РК", "Республика Казахстан"),
    "RU": ("Россия", "РФ", "Российская Федерация", "Russia"),
    "KG": ("Кыргызстан", "Киргизия", "Кыргызская Республика", "Kyrgyzstan"),
    "US": ("США", "Соединенные Штаты", "USA", "America"),
    "GB": ("Великобритания", "Британия", "UK", "Britain"),
    "KR": ("Южная Корея", "Республика Корея", "South Korea"),
    "KP": ("КНДР", "Северная Корея", "North Korea"),
    "IR": ("Иран",),
    "BY": ("Белоруссия", "Беларусь", "Belarus"),
    "AE": ("ОАЭ", "UAE"),
    "TR": ("Турция", "Türkiye", "Turkey"),
}
# English names as news write them, where ISO's differ.
_COUNTRY_LATIN = {"RU": "Russia", "IR": "Iran", "KR": "South Korea", "KP": "North Korea",
                  "US": "United States", "VN": "Vietnam", "SY": "Syria", "LA": "Laos",
                  "TR": "Turkey", "MD": "Moldova"}  # fmt: skip
# Short names for the countries whose ISO Russian name is the long one.
_COUNTRY_SHORT = {"RU": "Россия", "KG": "Кыргызстан", "US": "США", "GB": "Великобритания",
                  "KR": "Южная Корея", "KP": "КНДР", "IR": "Иран", "TR": "Турция"}  # fmt: skip


# Kazakh letters in Russian text («Нұрлы жол», «Қазақстан»), read as the Russian letters the
# same words are spelt with in Russian («Нурлы жол»). One for one: offsets do not move.
KAZAKH_LETTERS = str.maketrans("әғқңөұүһіӘҒҚҢӨҰҮҺІ", "агкноуухиАГКНОУУХИ")


def fold(text: str) -> str:
    """Lower case, ё as е, Kazakh letters as Russian ones, stress marks and dashes made plain:
    how names are compared."""
    text = _plain(text.translate(KAZAKH_LETTERS).lower().replace("ё", "е"))
    for dash in "‐‑‒–—―−":
        text = text.replace(dash, "-")
    return " ".join(text.replace("’", "'").split())


@lru_cache(maxsize=1)
def _russian() -> gettext.NullTranslations:
    try:
        return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ru"])
    except OSError:  # a pycountry without its locales: English names only
        return gettext.NullTranslations()


def _plain(text: str) -> str:
    """Without stress marks (ISO's Russian names carry some: "Респу́блика")."""
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if c != "\u0301"))


@lru_cache(maxsize=1)
def places() -> dict[str, Place]:
    """Every known spelling (folded) -> its place; countries included, with country None."""
    found: dict[str, Place] = {}
    russian = _russian()
    for country in pycountry.countries:
        code = country.alpha_2
        short = _plain(russian.gettext(country.name))
        name = _COUNTRY_SHORT.get(code, short)
        spellings = {short, country.name, getattr(country, "common_name", country.name)}
        official = getattr(country, "official_name", None)
        if official:
            spellings |= {official, _plain(russian.gettext(official))}
        spellings |= set(_COUNTRY_ALIASES.get(code, ()))
        latin = _COUNTRY_LATIN.get(code) or getattr(country, "common_name", None) or country.name
        place = Place(name, latin, None, tuple(sorted(s for s in spellings if s)))
        for spelling in (name, *place.aliases):
            found.setdefault(fold(spelling), place)
    for name, latin, country, aliases in _PLACES:
        place = Place(name, latin, country, aliases)
        for spelling in (name, latin, *aliases):
            found[fold(spelling)] = place
    return found


@lru_cache(maxsize=1)
def organisations() -> dict[str, tuple[str, str]]:
    """Every known spelling (folded) -> (Russian short name, English name)."""
    found: dict[str, tuple[str, str]] = {}
    for name, english, aliases in _ORGS:
        for spelling in (name, english, *aliases):
            found[fold(spelling)] = (name, english)
    return found


def _stem(word: str) -> str:
    """A word with its case ending cut off: "совещания" and "совещание" share "совещани"."""
    return word if len(word) <= 4 else word[:-2] if len(word) > 6 else word[:-1]


@lru_cache(maxsize=1)
def _long_bodies() -> tuple[tuple[tuple[str, ...], str], ...]:
    """Known bodies with an abbreviation and a name of several Russian words, longest first."""
    found = {
        (tuple(_stem(w) for w in fold(alias).split()), name)
        for name, _, aliases in _ORGS
        if name.isupper()
        for alias in aliases
        if len(alias.split()) > 1 and not alias.isascii()
    }
    return tuple(sorted(found, key=lambda item: -len(item[0])))


def body_at(words: Sequence[str]) -> tuple[int, str] | None:
    """(how many words, abbreviation) when `words` open a known body's full name in any case
    ("Совещания по взаимодействию и мерам доверия в Азии" -> 9, "СВМДА")."""
    if not words:
        return None
    first = fold(words[0])
    candidates = [(stems, name) for stems, name in _long_bodies() if first.startswith(stems[0])]
    if not candidates:  # most capitalised words open no body: fold only the first
        return None
    folded = [first, *(fold(w) for w in words[1:])]
    for stems, name in candidates:
        if len(folded) >= len(stems) and all(
            w.startswith(stem) for w, stem in zip(folded, stems, strict=False)
        ):
            return len(stems), name
    return None


# The two countries every article is about: naming them narrows nothing, except where a visit
# goes ("визит в Китай").
HOME_COUNTRIES = frozenset({"Казахстан", "Китай"})


@lru_cache(maxsize=8192)
def place(name: str) -> Place | None:
    return places().get(fold(name))


# Case endings of a one-word place name and the nominative endings they may stand for:
# "Астану" -> "Астана", "Пекине" -> "Пекин", "Шанхае" -> "Шанхай", "Сианя" -> "Сиань".
_PLACE_ENDINGS = (
    ("ой", ("а", "я")), ("ей", ("я", "ь")), ("ом", ("",)), ("ем", ("й", "ь")),
    ("ае", ("ай",)), ("ее", ("ей",)), ("у", ("а", "")), ("ю", ("я", "ь")), ("е", ("", "а", "я")),
    ("и", ("а", "я", "ь")), ("а", ("",)), ("я", ("ь", "й")),
)  # fmt: skip


@lru_cache(maxsize=8192)
def place_of_form(word: str) -> Place | None:
    """A known place from an inflected one-word form of its name the index has never seen."""
    folded = fold(word)
    found = places().get(folded)
    if found is not None or " " in folded or len(folded) < 4:
        return found
    for ending, nominatives in _PLACE_ENDINGS:
        if folded.endswith(ending):
            for nominative in nominatives:
                found = places().get(folded[: -len(ending)] + nominative)
                if found is not None:
                    return found
    return None


def spellings(name: str) -> tuple[str, ...]:
    """Every spelling of a known place or organisation, the articles' own first; else the name."""
    found = place(name)
    if found is not None:
        return (found.name, found.latin, *found.aliases)
    org = organisations().get(fold(name))
    if org is None:
        return (name,)
    return tuple(dict.fromkeys([org[0], *(s for n, _, a in _ORGS if n == org[0] for s in (n, *a))]))


def country_of(name: str) -> str | None:
    """The country a place is in ("Пекин" -> "Китай"); a country is its own."""
    found = place(name)
    if found is None:
        return None
    return found.country or found.name


def latin(name: str) -> str | None:
    """The English form of a place or organisation the table knows ("Пекин" -> "Beijing")."""
    found = place(name)
    if found is not None:
        return found.latin
    org = organisations().get(fold(name))
    return org[1] if org else None


def canonical(name: str) -> str:
    """The articles' spelling of a known place or organisation, else the name as given."""
    found = place(name)
    if found is not None:
        return found.name
    org = organisations().get(fold(name))
    return org[0] if org else name


# "в казахстанской столице", "китайская столица": the capital a country's adjective names.
CAPITALS_BY_ADJECTIVE = {
    "казахстанск": "Астана", "китайск": "Пекин", "российск": "Москва", "белорусск": "Минск",
    "узбекск": "Ташкент", "узбекистанск": "Ташкент", "кыргызск": "Бишкек", "киргизск": "Бишкек",
    "таджикск": "Душанбе", "туркменск": "Ашхабад",
}  # fmt: skip
