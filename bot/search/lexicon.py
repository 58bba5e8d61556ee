"""English and Latin-letter words of a question -> the Russian words the articles use.

Questions come in English ("rapeseed export protocol", "trade turnover with China") and in
Russian typed in Latin letters ("zheleznaya doroga"). English domain words map to Russian
lemmas through the table below; English function words mean nothing; any other Latin word is
read back into Cyrillic letter by letter, and the search keeps it only if the corpus has it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

# English word (or its stem: "agricultur") -> Russian lemmas it stands for in the articles.
EN_TERMS: dict[str, tuple[str, ...]] = {
    "trade": ("торговля", "товарооборот", "торговый", "оборот"),
    "turnover": ("товарооборот", "оборот"),
    "vote": ("голос", "голосование"), "votes": ("голос", "голосование"), "bid": ("заявка",),
    "election": ("выборы",), "referendum": ("референдум",), "host": ("принять", "хозяин"),
    "renewable": ("возобновляемый",), "hydro": ("гидроэлектростанция", "гэс"),
    "electricity": ("электроэнергия",), "grid": ("сеть",), "battery": ("аккумулятор",),
    "ai": ("искусственный", "интеллект"), "artificial": ("искусственный",),
    "intelligence": ("интеллект",), "satellite": ("спутник",), "internet": ("интернет",),
    "telecom": ("телекоммуникация", "связь"), "data": ("данные",), "copper": ("медь",),
    "gold": ("золото",), "steel": ("сталь",), "aluminium": ("алюминий",), "zinc": ("цинк",),
    "chemical": ("химический",), "fertilizer": ("удобрение",), "cotton": ("хлопок",),
    "rice": ("рис",), "soy": ("соя",), "soybean": ("соя",), "sheep": ("баранина", "овца"),
    "horse": ("конина", "лошадь"), "lamb": ("баранина",), "poultry": ("птица",),
    "dairy": ("молочный",), "milk": ("молоко",), "fish": ("рыба",), "fruit": ("фрукт",),
    "vegetable": ("овощ",), "sugar": ("сахар",), "oilseed": ("масличный",),
    "sunflower": ("подсолнечник", "подсолнечный"), "flax": ("лен",), "alfalfa": ("люцерна",),
    "quota": ("квота",), "tariff": ("тариф", "пошлина"), "duty": ("пошлина",),
    "sanctions": ("санкция",), "debt": ("долг",), "credit": ("кредит",), "grant": ("грант",),
    "aid": ("помощь",), "assistance": ("помощь",), "humanitarian": ("гуманитарный",),
    "donation": ("пожертвование", "помощь"), "doctors": ("врач",), "doctor": ("врач",),
    "medical": ("медицинский",), "hospital": ("больница",), "masks": ("маска",),
    "scholarship": ("стипендия", "грант"), "scholarships": ("стипендия", "грант"),
    "students": ("студент",), "confucius": ("конфуций",),
    "institute": ("институт",), "museum": ("музей",), "film": ("фильм", "кино"),
    "tv": ("телевидение",), "sport": ("спорт",), "olympiad": ("олимпиада",),
    "flights": ("рейс", "авиасообщение"), "flight": ("рейс", "авиасообщение"),
    "airline": ("авиакомпания",), "airport": ("аэропорт",), "air": ("авиа", "воздушный"),
    "train": ("поезд",), "trains": ("поезд",), "passenger": ("пассажирский", "пассажир"),
    "truck": ("грузовик", "автомобильный"), "trucks": ("грузовик",), "lorry": ("грузовик",),
    "warehouse": ("склад",), "e-commerce": ("электронный", "торговля"),
    "tourists": ("турист",), "travel": ("путешествие", "поездка"), "stay": ("пребывание",),
    "days": ("день",), "free": ("безвизовый", "бесплатный"), "waiver": ("освобождение",),
    "ambassadors": ("посол",), "envoy": ("посланник", "посол"),
    "spokesman": ("представитель",), "spokesperson": ("представитель",),
    "premiers": ("премьер",), "presidents": ("президент",), "leaders": ("лидер", "глава"),
    "leader": ("лидер", "глава"), "ministers": ("министр",), "deputy": ("заместитель",),
    "governors": ("губернатор", "аким"), "province": ("провинция",), "county": ("уезд",),
    "akim": ("аким",), "akimat": ("акимат",),
    "export": ("экспорт",), "exports": ("экспорт",), "import": ("импорт",),
    "rapeseed": ("рапс",), "wheat": ("пшеница",), "grain": ("зерно",), "barley": ("ячмень",),
    "beef": ("говядина",), "meat": ("мясо",), "honey": ("мед",), "flour": ("мука",),
    "agricultur": ("сельский", "сельскохозяйственный", "агропромышленный"),
    "farm": ("сельский", "фермер"), "food": ("продовольствие", "продукция"),
    "railway": ("железный", "железнодорожный"), "railroad": ("железный", "железнодорожный"),
    "rail": ("железнодорожный", "железный"), "road": ("дорога", "автомобильный"),
    "highway": ("автомагистраль", "трасса"), "bridge": ("мост",), "port": ("порт",),
    "dry": ("сухой",), "transit": ("транзит",), "transport": ("транспорт", "транспортный"),
    "logistic": ("логистика", "логистический"), "corridor": ("коридор",),
    "route": ("маршрут",), "container": ("контейнер",), "freight": ("груз", "перевозка"),
    "cargo": ("груз",), "border": ("граница", "пограничный"), "crossing": ("переход", "пункт"),
    "checkpoint": ("пункт", "переход"), "customs": ("таможня", "таможенный"),
    "gas": ("газ",), "oil": ("нефть",), "pipeline": ("трубопровод", "газопровод", "нефтепровод"),
    "refinery": ("нефтеперерабатывающий", "нпз"), "energy": ("энергетика", "энергия"),
    "nuclear": ("атомный", "аэс"), "power": ("электростанция", "энергетика", "мощность"),
    "plant": ("завод", "станция", "электростанция"), "solar": ("солнечный",),
    "wind": ("ветровой", "ветер", "вэс"), "coal": ("уголь",), "uranium": ("уран",),
    "mining": ("горнодобывающий", "добыча"), "metal": ("металлургия", "металл"),
    "investment": ("инвестиция", "инвестиционный", "вложение", "вложить"),
    "invest": ("инвестировать", "вложить", "инвестиция"), "investor": ("инвестор",),
    "project": ("проект",), "projects": ("проект",), "fund": ("фонд",), "loan": ("кредит", "заем"),
    "bank": ("банк",), "finance": ("финансы", "финансовый"), "currency": ("валюта",),
    "yuan": ("юань",), "dollar": ("доллар",), "billion": ("млрд", "миллиард"),
    "million": ("млн", "миллион"), "percent": ("процент",), "share": ("доля",),
    "growth": ("рост",), "grew": ("рост", "вырасти"), "increase": ("рост", "увеличение"),
    "visa": ("виза", "безвизовый"), "visa-free": ("безвизовый",), "tourism": ("туризм",),
    "tourist": ("турист", "туризм"), "culture": ("культура", "культурный"),
    "cultural": ("культурный",), "education": ("образование",), "student": ("студент",),
    "university": ("университет",), "school": ("школа",), "language": ("язык",),
    "media": ("сми",), "health": ("здравоохранение",), "medicine": ("медицина",),
    "vaccine": ("вакцина",), "pandemic": ("пандемия",), "covid": ("коронавирус", "covid"),
    "security": ("безопасность",), "terrorism": ("терроризм",), "defence": ("оборона",),
    "defense": ("оборона",), "military": ("военный",), "water": ("вода", "водный"),
    "river": ("река",), "ecology": ("экология",), "climate": ("климат",),
    "digital": ("цифровой",), "technology": ("технология",), "innovation": ("инновация",),
    "space": ("космос", "космический"), "car": ("автомобиль",), "electric": ("электромобиль",),
    "industrial": ("индустриальный", "промышленный"), "industry": ("промышленность",),
    "factory": ("завод",), "cooperation": ("сотрудничество",), "partnership": ("партнерство",),
    "strategic": ("стратегический",), "comprehensive": ("всесторонний",),
    "friendship": ("дружба",), "neighbourliness": ("добрососедство",),
    "neighborliness": ("добрососедство",), "anniversary": ("годовщина", "летие"),
    "diplomatic": ("дипломатический",), "relations": ("отношение",), "embassy": ("посольство",),
    "consulate": ("консульство",), "ambassador": ("посол",), "minister": ("министр",),
    "ministry": ("министерство",), "president": ("президент", "председатель"),
    "premier": ("премьер",), "prime": ("премьер",), "governor": ("губернатор", "аким"),
    "mayor": ("аким", "мэр"), "parliament": ("парламент", "мажилис"),
    "committee": ("комитет",), "commission": ("комиссия",), "council": ("совет",),
    "intergovernmental": ("межправительственный",), "declaration": ("декларация",),
    "initiative": ("инициатива",), "programme": ("программа",), "program": ("программа",),
    "plan": ("план", "планировать", "собираться", "намерен"), "roadmap": ("дорожный", "карта"), "statement": ("заявление",),
    "treaty": ("договор",), "memorandum": ("меморандум",), "protocol": ("протокол",),
    "contract": ("контракт",), "deal": ("соглашение", "контракт"), "parade": ("парад",),
    "olympic": ("олимпийский", "олимпиада"), "games": ("игры", "олимпиада"),
    "expo": ("экспо", "выставка"), "exhibition": ("выставка",), "fair": ("ярмарка",),
    "speech": ("выступление", "речь"), "award": ("награда", "орден"), "order": ("орден",),
    "opening": ("открытие",), "ceremony": ("церемония",), "centre": ("центр",),
    "center": ("центр",), "terminal": ("терминал",), "hub": ("хаб",), "zone": ("зона",),
    "park": ("парк",), "silk": ("шелковый",), "belt": ("пояс",), "economic": ("экономический",),
    "economy": ("экономика",), "caspian": ("каспийский",), "trans-caspian": ("транскаспийский",),
    "transcaspian": ("транскаспийский",), "middle": ("средний",),
    "international": ("международный",), "joint": ("совместный",), "venture": ("предприятие",),
    "company": ("компания", "предприятие"), "companies": ("компания", "предприятие"), "business": ("бизнес", "деловой"),
    "exchange": ("обмен",), "supply": ("поставка",), "supplies": ("поставка",),
    "delivery": ("поставка",), "phytosanitary": ("фитосанитарный",), "veterinary": ("ветеринарный",),
    "requirements": ("требование",), "ties": ("связь", "отношение"),
    "unity": ("единство",), "results": ("итог", "результат"), "result": ("итог", "результат"),
    "outcome": ("итог",), "talk": ("переговоры",), "world": ("мировой", "мир"), "peace": ("мир",),
    "harmony": ("согласие",), "justice": ("справедливый",), "development": ("развитие",),
    "global": ("глобальный",), "green": ("зеленый",), "region": ("регион", "область"),
    "regional": ("региональный",), "city": ("город",), "capital": ("столица",),
    # industry, transport, money, science and people-to-people words of English questions
    "fuel": ("топливо", "топливный"), "smelter": ("завод", "плавильный"),
    "capacity": ("мощность", "пропускной"), "branch": ("филиал",),
    "launch": ("запуск", "запустить", "открытие"), "launched": ("запустить", "запуск"),
    "opened": ("открыть", "открытие"), "modernisation": ("модернизация",),
    "modernization": ("модернизация",), "station": ("станция",), "senate": ("сенат",),
    "speaker": ("спикер", "председатель"), "teacher": ("преподаватель", "учитель"),
    "journalist": ("журналист",), "athlete": ("спортсмен",), "festival": ("фестиваль",),
    "concert": ("концерт",), "heritage": ("наследие",), "irrigation": ("орошение", "полив"),
    "queue": ("очередь",), "queues": ("очередь",), "wagon": ("вагон",),
    "construction": ("строительство",), "swap": ("своп",), "payment": ("расчет", "платеж"),
    "settlement": ("расчет",), "stock": ("биржа",), "bond": ("облигация",),
    "rocket": ("ракета",), "cosmodrome": ("космодром",), "research": ("исследование",),
    "science": ("наука", "научный"), "hydrogen": ("водород",),
    "deposit": ("месторождение",), "field": ("месторождение",),
    "shareholder": ("акционер",), "aifc": ("мфца",), "video": ("видеосвязь", "видео"),
    "videoconference": ("видеосвязь", "видеоконференция"),
    # what figures measure: speed, size, cost, people, and how reports compare them
    "faster": ("ускорить", "сократиться", "быстрый"), "speed": ("скорость", "ускорение"),
    "clearance": ("оформление", "прохождение"), "hours": ("час",), "delay": ("задержка", "простой"),
    "volume": ("объем",), "tons": ("тонна",), "tonnes": ("тонна",), "jobs": ("рабочий", "место"),
    "workers": ("работник", "рабочий"), "cost": ("стоимость", "стоить", "обойтись"),
    "costs": ("стоимость", "стоить"), "worth": ("стоимость",), "price": ("цена", "стоимость"),
    "value": ("стоимость", "объем"), "length": ("длина", "протяженность"),
    "kilometres": ("километр", "км"), "kilometers": ("километр", "км"), "km": ("км",),
    "target": ("цель", "задача"), "goal": ("цель",), "record": ("рекорд", "рекордный"),
    "flow": ("поток", "турпоток"), "visitors": ("посетитель", "турист"),
    "differ": ("расходиться", "разница", "разрыв"), "difference": ("разница", "разрыв"),
    "gap": ("разрыв", "разница"), "ore": ("руда",), "ores": ("руда",), "bus": ("автобус",),
    "buses": ("автобус",), "cars": ("автомобиль",), "daily": ("сутки", "ежедневно"),
    "weekly": ("еженедельно", "неделя"), "pavilion": ("павильон",), "glacier": ("ледник",),
    "extradition": ("выдача", "экстрадиция"), "exercises": ("учение",), "drills": ("учение",),
    "army": ("армия",), "study": ("изучать", "обучение", "учиться"),
    "learn": ("изучать", "обучение"), "mine": ("рудник", "шахта"), "jointly": ("совместный",),
    "urea": ("карбамид",), "ammonia": ("аммиак",), "polypropylene": ("полипропилен",),
    "polyethylene": ("полиэтилен",), "methanol": ("метанол",), "gasoline": ("бензин",),
    "petrol": ("бензин",), "diesel": ("дизельный",), "petrochemical": ("нефтехимический",),
}  # fmt: skip

# English words that carry no meaning for the search.
EN_STOP = frozenset(
    {
     "a", "about", "after", "agree", "agreed", "all", "also", "an", "and", "any", "are", "at",
     "be", "been", "before", "being", "between", "bio", "biography", "by", "can", "chinese",
     "coming", "could", "date", "day", "days", "details", "did", "do", "does", "done", "dossier",
     "down", "during", "every", "find", "for", "from", "give", "had", "happen", "happened",
     "happening", "has", "have", "he", "held", "her", "here", "his", "hold", "how", "in", "info",
     "information", "into", "is", "it", "its", "just", "kazakh", "know", "known", "last",
     "latest", "list", "many", "may", "me", "meet", "meeting", "met", "might", "month", "months",
     "more", "most", "much", "must", "my", "new", "news", "next", "no", "not", "now", "of", "on",
     "only", "or", "our", "out", "over", "overview", "place", "please", "position", "post",
     "profile", "recent", "role", "s", "shall", "she", "should", "show", "sign",
     "signed", "signing", "since", "some", "soon", "summary", "take", "tell", "than", "that",
     "the", "their", "them", "then", "there", "these", "they", "this", "those", "time", "title",
     "to", "took", "until", "up", "upcoming", "very", "visit", "visited", "was", "we", "week",
     "weeks", "were", "what", "what's", "whats", "when", "where", "which", "who", "whom",
     "whose", "why", "will", "with", "would", "year", "years", "you", "your",
    }
)  # fmt: skip

_LATIN = re.compile(r"^[a-z][a-z'-]*$")
_VOWELS = frozenset("aeiouy")
# Latin letters back to Cyrillic; digraphs first. A "y" is read by what surrounds it.
_DIGRAPHS = (
    ("shch", "щ"), ("sch", "щ"), ("zh", "ж"), ("kh", "х"), ("ts", "ц"), ("tz", "ц"),
    ("ch", "ч"), ("sh", "ш"),
)  # fmt: skip
_LETTERS = {
    "a": "а", "b": "б", "v": "в", "w": "в", "g": "г", "d": "д", "e": "е", "z": "з", "i": "и",
    "j": "дж", "k": "к", "q": "к", "l": "л", "m": "м", "n": "н", "o": "о", "p": "п", "r": "р",
    "s": "с", "t": "т", "u": "у", "f": "ф", "h": "х", "c": "ц", "x": "кс", "'": "ь",
}  # fmt: skip
_Y_VOWELS = {"a": "я", "u": "ю", "o": "ё", "i": "ый"}


def is_latin(word: str) -> bool:
    return bool(_LATIN.match(word.lower()))


# Russian words news writes in more than one way: a question's word also finds the others
# ("безвизовый режим" is "освобождение от визовых требований" in the agreement's own name).
RU_SYNONYMS: dict[str, tuple[str, ...]] = {
    "безвизовый": ("виза", "визовый"),
    "виза": ("визовый", "безвизовый"),
    "инвестиция": ("вложение", "инвестировать"),
    "железнодорожный": ("железный", "дорога"),
    # trade as people say it and as reports count it
    "продать": ("экспорт", "поставка", "отгрузка"), "продавать": ("экспорт", "поставка"),
    "купить": ("импорт", "закупка"), "покупать": ("импорт", "закупка"),
    "закупать": ("импорт", "закупка"),
    # when a plant starts, as reports put it: «ввод в эксплуатацию», «заработает»
    "запустить": ("запуск", "ввод", "эксплуатация"), "запускать": ("запуск", "ввод"),
    "заработать": ("запуск", "ввод", "эксплуатация"), "ввести": ("ввод", "эксплуатация"),
    # what a project cost, as reports put it
    "обойтись": ("стоимость", "вложение", "стоить"), "стоить": ("стоимость", "вложение"),
    "стоимость": ("стоить", "вложение", "оцениваться"),
    # who takes part, as reports count them: «1000 предприятий», «200 компаний»
    "компания": ("предприятие", "фирма"), "предприятие": ("компания", "завод"),
    # what a pipe or a plant can carry: «пропускная способность», «производительность»
    "мощность": ("способность", "производительность"),
    # a road or a line "opens" as reports say it is commissioned: «сдать», «ввести в эксплуатацию»
    "открыться": ("открытие", "ввод", "эксплуатация", "сдать"),
}  # fmt: skip

# A verb a question uses for what the articles name by its noun: "экспортировал" is "экспорт".
VERB_NOUN_SUFFIXES = ("ировать", "ироваться")


# A compound a question writes as one word and an article in two ("автозавод" is "автомобильный
# завод"): its first part's adjective and its rest are searched instead.
COMPOUND_PARTS: dict[str, tuple[str, ...]] = {
    "авто": ("автомобильный",),
    "агро": ("сельскохозяйственный", "аграрный"),
    "энерго": ("энергетический",),
    "нефте": ("нефтяной",),
    "газо": ("газовый",),
    "электро": ("электрический",),
    "гидро": ("гидроэнергетический",),
    "турист": ("туристический",),
    "погран": ("пограничный",),
    "спец": ("специальный",),
}


# Clipped words of speech that the articles spell out: "безвиз" is "безвизовый режим".
CLIPPED: dict[str, tuple[str, ...]] = {
    # each by its most telling word: a term's words are alternatives, not all required
    "безвиз": ("безвизовый",), "дипотношение": ("дипломатический",),
    "госвизит": ("государственный",), "нацмузей": ("музей",), "нацбанк": ("нацбанк", "банк"),
    "нацвалюта": ("валюта",), "погранпереход": ("пограничный", "погранпереход"),
    "минсельхоз": ("минсельхоз", "сельский"), "минобороны": ("минобороны", "оборона"),
}  # fmt: skip


def clipped_terms(word_lemma: str, folded: str) -> tuple[str, ...]:
    """ "безвиз", "дипотношений", "госвизитом": the words the articles write in full."""
    for key in (word_lemma, folded):
        for clipped, full in CLIPPED.items():
            if key.startswith(clipped) and len(key) - len(clipped) <= 3:
                return full
    return ()


def compound_terms(word_lemma: str) -> tuple[str, ...]:
    """The parts of a compound ("автозавод" -> "завод", "автомобильный"); () for any other."""
    for prefix, adjectives in COMPOUND_PARTS.items():
        rest = word_lemma.removeprefix(prefix)
        if rest != word_lemma and len(rest) >= 4:
            return (rest, *adjectives)
    return ()


def named_by_adjective(word_lemma: str) -> tuple[str, ...]:
    """ "кашаганский" -> "кашаган", "шымкентский" -> "шымкент", "астанинский" -> "астана":
    the name an adjective is made from, which the articles may write instead."""
    if not word_lemma.endswith("ский") or len(word_lemma) < 8:
        return ()
    stem = word_lemma.removesuffix("ский")
    names = [stem]
    if stem.endswith("ин"):
        names.append(stem.removesuffix("ин") + "а")  # "астанинский", "алматинский"
    return tuple(names)


def russian_terms(word_lemma: str) -> tuple[str, ...]:
    """The lemma, its noun when it is a borrowed verb ("экспортировать": "экспорт"), and the
    other words that say the same (RU_SYNONYMS)."""
    nouns = [
        word_lemma.removesuffix(suffix)
        for suffix in VERB_NOUN_SUFFIXES
        if word_lemma.endswith(suffix) and len(word_lemma) - len(suffix) >= 5
    ]
    return tuple(dict.fromkeys((word_lemma, *nouns, *RU_SYNONYMS.get(word_lemma, ()))))


def english_terms(word: str) -> tuple[str, ...] | None:
    """The Russian lemmas an English word stands for; () for a function word; None if unknown."""
    word = word.lower().replace("’", "'")
    if word in EN_STOP:
        return ()
    for key in (word, word.removesuffix("s"), word.removesuffix("es"), word.removesuffix("ed")):
        if key in EN_TERMS:
            return EN_TERMS[key]
    for stem, lemmas in EN_TERMS.items():
        if len(stem) >= 6 and word.startswith(stem):
            return lemmas
    return None


def _read_y(word: str, i: int) -> tuple[str, int]:
    """ "ya" -> "я"; "ye" -> "е", or "ые" after a consonant ("voennye"); a lone "y" is "й"
    after a vowel ("takoy") and "ы" after a consonant ("Nurly")."""
    after_vowel = i == 0 or word[i - 1] in _VOWELS
    following = word[i + 1] if i + 1 < len(word) else ""
    if following == "e":
        return ("е" if after_vowel else "ые"), 2
    if following in _Y_VOWELS and not (following == "i" and after_vowel):
        return _Y_VOWELS[following], 2
    return ("й" if after_vowel and i > 0 else "ы"), 1


@lru_cache(maxsize=10_000)
def to_cyrillic(word: str) -> str:
    """ "zheleznaya" -> "железная", "sobytiya" -> "события": a best reading. Typed Latin
    drops the soft sign and writes «й» as "i" ("neft", "Kitai"): a reading the dictionary
    does not know gives way to one with them that it does ("нефть", "китай")."""
    from bot.nlp import morph

    plain = _letter_by_letter(word.lower())
    if morph().word_is_known(plain):
        return plain
    return next((v for v in _typed_variants(plain) if morph().word_is_known(v)), plain)


_CONSONANTS = frozenset("бвгджзклмнпрстфхцчшщ")
_CYRILLIC_VOWELS = frozenset("аеёиоуыэюя")


def _typed_variants(cyrillic: str) -> list[str]:
    """Readings with what Latin typing leaves out: a soft sign at the end or between two
    consonants, «й» written as "i" at the end."""
    variants = []
    if cyrillic[-1:] in _CONSONANTS:
        variants.append(cyrillic + "ь")  # "neft", "svyaz"
    if cyrillic.endswith("и") and cyrillic[-2:-1] in _CYRILLIC_VOWELS:
        variants.append(cyrillic[:-1] + "й")  # "Kitai", "novoi"
    variants += [  # "skolko", "tolko", "pismo"
        f"{cyrillic[: i + 1]}ь{cyrillic[i + 1 :]}"
        for i in range(1, len(cyrillic) - 2)
        if cyrillic[i] in _CONSONANTS and cyrillic[i + 1] in _CONSONANTS
    ]
    return variants


def _letter_by_letter(word: str) -> str:
    """Digraphs first ("zh", "sh", "ch"), then "y" by its neighbours, then single letters."""
    out, i = [], 0
    while i < len(word):
        digraph = next((d for d in _DIGRAPHS if word.startswith(d[0], i)), None)
        if digraph is not None:
            out.append(digraph[1])
            i += len(digraph[0])
        elif word[i] == "y":
            text, size = _read_y(word, i)
            out.append(text)
            i += size
        else:
            out.append(_LETTERS.get(word[i], word[i]))
            i += 1
    return "".join(out)


_TOKEN = re.compile(r"[A-Za-z][A-Za-z'’-]*")


def reads_as_russian(word: str) -> bool:
    """A Russian common word in Latin letters ("kto", "vstrechalsya"); names say nothing."""
    from bot.nlp import morph

    lowered = word.lower()
    if _reads_as_english(lowered) or len(lowered) < 2:
        return False
    cyrillic = to_cyrillic(lowered)
    if not morph().word_is_known(cyrillic):
        # "kashaganskaya", "khorgosskiy": an adjective made from a name is Russian all the same
        return cyrillic.endswith(_ADJECTIVE_ENDINGS)
    tags = morph().parse(cyrillic)[0].tag
    return not ({"Geox", "Name", "Surn", "Patr", "Orgn"} & set(tags.grammemes))


_ADJECTIVE_ENDINGS = ("ская", "ский", "ское", "ской", "скую", "ского", "ских", "ские", "скому")


def _reads_as_english(word: str) -> bool:
    from bot.vocab import DOCUMENT_ASK, DOCUMENT_KINDS, EVENT_TYPES

    lowered = word.lower()
    if lowered in EN_STOP or english_terms(lowered) is not None:
        return True
    stems = [s for t in (*EVENT_TYPES.values(), *DOCUMENT_KINDS.values()) for s in t.ask]
    return any(lowered.startswith(s) for s in [*stems, *DOCUMENT_ASK] if s.isascii())


def transliterated_to_cyrillic(text: str, keep: Callable[[str], bool] = lambda _: False) -> str:
    """A question typed in Latin letters but in Russian ("kto takoy Rashid Meredov",
    "blizhayshie sobytiya") back in Cyrillic; English questions stay as they are.

    The question is Russian when more of its Latin words read as Russian words than as
    English ones. Abbreviations ("CNPC", "SCO") and the words `keep` says are names the base
    knows in Latin letters ("Li Zhanshu", not "Ли Жаншу") are kept.
    """
    words = [w for w in _TOKEN.findall(text) if (not w.isupper() or len(w) == 1) and not keep(w)]
    russian = sum(1 for w in words if reads_as_russian(w))
    english = sum(1 for w in words if _reads_as_english(w))
    if russian <= english or russian * 2 < len(words):
        return text

    def replace(word: str) -> str:
        if (word.isupper() and len(word) > 1) or keep(word):
            return word
        cyrillic = to_cyrillic(word.replace("’", "'"))
        return cyrillic.capitalize() if word[:1].isupper() else cyrillic

    # each part of "Ulba-TVS" on its own: the abbreviation stays as typed
    return _TOKEN.sub(lambda m: "-".join(map(replace, m.group().split("-"))), text)
