"""One vocabulary of fact types: what the extractors produce, questions ask for, answers show.

Every kind of event and of document is defined once here, with the lemmas that name it in an
article, the stems that ask for it in a question (Russian and English) and its labels in both
languages. The extractors, the question analysis, the renderers, the digest and the calendar
read these tables; `tests/test_vocab.py` checks that every type an extractor can produce is
here with both labels and query words.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class FactType:
    key: str  # what the store holds: "visit", "меморандум о взаимопонимании"
    ru: str  # label: "визит"
    en: str  # label: "visit"
    ask: tuple[str, ...]  # stems that ask for it in a question (folded, Russian and English)
    names: frozenset[str] = frozenset()  # lemmas that name it in an article
    related: frozenset[str] = frozenset()  # types close enough to answer a question about it

    def label(self, lang: str) -> str:
        return self.en if lang == "en" else self.ru


# -- events --------------------------------------------------------------------------------------

VISIT, SUMMIT, TALKS, MEETING, CALL = "visit", "summit", "talks", "meeting", "call"
SESSION, COUNCIL, FORUM, CONFERENCE = "session", "council", "forum", "conference"
PARADE, CEREMONY, AWARD = "parade", "ceremony", "award"

EVENT_TYPES: dict[str, FactType] = {
    t.key: t
    for t in (
        FactType(
            VISIT, "визит", "visit",
            ask=("визит", "посет", "посещ", "приезд", "прибы", "прибуд", "поездк", "турне",
                 "visit", "trip", "tour"),
            # arriving is a visit's first day: "прилетел в Астану в пятницу"
            names=frozenset({"визит", "посещение", "посетить", "посещать", "побывать",
                             "прибыть", "прилететь", "приехать", "поездка",
                             "приезжать", "прилетать", "прибывать", "пребывание", "турне",
                             "поехать"}),
        ),
        FactType(SUMMIT, "саммит", "summit", ask=("саммит", "summit"),
                 names=frozenset({"саммит"}), related=frozenset({COUNCIL, SESSION})),
        FactType(
            TALKS, "переговоры", "talks", ask=("переговор", "talks", "negotiation", "negotiations"),
            names=frozenset({"переговоры"}), related=frozenset({MEETING, CALL}),
        ),
        FactType(
            MEETING, "встреча", "meeting", ask=("встреч", "встрет", "meeting", "met", "meet"),
            # a meeting held by video: "в видеоконференции участвовали министры ..."
            names=frozenset({"встреча", "встретиться", "встречаться", "видеоконференция",
                             "видеовстреча"}),
            related=frozenset({TALKS, COUNCIL, SESSION}),
        ),
        FactType(
            CALL, "телефонный разговор", "phone call",
            ask=("звон", "телефон", "созвон", "call", "phone", "видеосвяз", "videoconference"),
            names=frozenset({"позвонить", "созвониться"}), related=frozenset({TALKS}),
        ),
        FactType(
            SESSION, "заседание", "session", ask=("заседани", "совещани", "сесси", "session"),
            related=frozenset({MEETING, SUMMIT, COUNCIL}),
        ),
        FactType(
            COUNCIL, "совет", "council meeting", ask=("совет", "council", "комисси", "комитет",
                                                      "committee", "commission"),
            related=frozenset({SESSION, MEETING, SUMMIT}),
        ),
        # an exhibition is a forum of goods ("выставка импортных товаров"); «ЭКСПО» alone stays a
        # word to search, so a question about one no article names is told so
        FactType(FORUM, "форум", "forum", ask=("форум", "forum", "выставк", "expo", "ярмарк",
                                              "fair", "exhibition"),
                 names=frozenset({"форум", "выставка", "ярмарка"}),
                 related=frozenset({CONFERENCE})),
        # a briefing is a press conference: its speaker takes part in it
        FactType(CONFERENCE, "конференция", "conference",
                 ask=("конференц", "брифинг", "conference", "briefing"),
                 names=frozenset({"конференция", "брифинг"}), related=frozenset({FORUM})),
        FactType(PARADE, "парад", "parade", ask=("парад", "parade"), names=frozenset({"парад"})),
        FactType(
            CEREMONY, "церемония", "ceremony",
            ask=("церемон", "открыт", "запуск", "запуст", "ceremony", "opening", "launch"),
            names=frozenset({"церемония"}),
        ),
        FactType(
            AWARD, "награждение", "award",
            ask=("наград", "орден", "медал", "вручен", "award", "order", "medal", "prize"),
            names=frozenset({"наградить", "награждение"}),
        ),
    )
}  # fmt: skip

# -- documents -----------------------------------------------------------------------------------

PACKAGE = "пакет документов"

DOCUMENT_KINDS: dict[str, FactType] = {
    t.key: t
    for t in (
        FactType("соглашение", "соглашение", "agreement", ask=("соглашени", "agreement", "accord"),
                 names=frozenset({"соглашение"})),
        FactType("меморандум", "меморандум", "memorandum", ask=("меморандум", "memorandum", "memoranda", "mou"),
                 names=frozenset({"меморандум"})),
        FactType("меморандум о взаимопонимании", "меморандум о взаимопонимании",
                 "memorandum of understanding", ask=("меморандум", "memorandum", "memoranda", "mou")),
        FactType("протокол", "протокол", "protocol", ask=("протокол", "protocol"),
                 names=frozenset({"протокол"})),
        FactType("декларация", "декларация", "declaration", ask=("декларац", "declaration"),
                 names=frozenset({"декларация"})),
        # a "договор о границе" a user asks for may be the article's "соглашение о границе"
        FactType("договор", "договор", "treaty", ask=("договор", "treaty", "pact"),
                 names=frozenset({"договор"}), related=frozenset({"соглашение", "конвенция"})),
        FactType("контракт", "контракт", "contract", ask=("контракт", "contract"),
                 names=frozenset({"контракт"})),
        FactType("конвенция", "конвенция", "convention", ask=("конвенц", "convention"),
                 names=frozenset({"конвенция"})),
        FactType("коммюнике", "коммюнике", "communiqué", ask=("коммюнике", "communique", "communiqué"),
                 names=frozenset({"коммюнике"})),
        FactType("хартия", "хартия", "charter", ask=("хартия", "хартии", "charter"),
                 names=frozenset({"хартия"})),
        FactType("совместное заявление", "совместное заявление", "joint statement",
                 ask=("заявлени", "statement"), names=frozenset({"заявление"})),
        FactType("заявление", "заявление", "statement", ask=("заявлени", "statement")),
        FactType("дорожная карта", "дорожная карта", "roadmap",
                 ask=("дорожн", "roadmap", "road map"), names=frozenset({"карта"})),
        FactType("план", "план", "plan", ask=(), names=frozenset({"план"})),
        FactType("программа", "программа", "programme", ask=("программ", "program", "programme"),
                 names=frozenset({"программа"})),
        FactType("инициатива", "инициатива", "initiative", ask=("инициатив", "initiative"),
                 names=frozenset({"инициатива"})),
        # whole words only: "стратегическое партнёрство" asks for no strategy
        FactType("стратегия", "стратегия", "strategy",
                 ask=("стратегия", "стратегии", "стратегию", "strategy"),
                 names=frozenset({"стратегия"})),
        FactType("концепция", "концепция", "concept", ask=("концепци", "concept"),
                 names=frozenset({"концепция"})),
        FactType(PACKAGE, "пакет документов", "package of documents",
                 ask=("пакет", "package")),
    )
}  # fmt: skip

# A kind so general that asking for it asks for documents at large ("соглашения 2023 года").
GENERAL_DOCUMENT = "соглашение"
# Words that ask for documents without naming a kind ("что подписали", "signed").
DOCUMENT_ASK = ("документ", "подписа", "подписыва", "подписан", "document", "sign", "deal")
# Lemmas of a sentence about documents of no named kind ("подписали ряд документов").
SIGNING_WORDS = ("документ", "соглашение", "подписать")

STATUS_LABELS = {
    "signed": ("подписано", "signed"),
    "planned": ("планируется", "planned"),
    "past": ("состоялось", "took place"),
    "upcoming": ("анонс", "announced"),
}


def event_label(key: str | None, lang: str) -> str:
    kind = EVENT_TYPES.get(key or "")
    return kind.label(lang) if kind else (key or "")


def document_label(key: str | None, lang: str) -> str:
    kind = DOCUMENT_KINDS.get(key or "")
    return kind.label(lang) if kind else (key or "")


def status_label(key: str | None, lang: str) -> str | None:
    labels = STATUS_LABELS.get(key or "")
    return (labels[1] if lang == "en" else labels[0]) if labels else None


def related_event_types(keys: set[str]) -> set[str]:
    """The types asked for and those close to them (talks for a meeting)."""
    found = set(keys)
    for key in keys:
        found |= EVENT_TYPES[key].related if key in EVENT_TYPES else set()
    return found


def event_trigger_lemmas() -> dict[str, str]:
    """lemma -> event type, for the words that name an event on their own."""
    return {name: t.key for t in EVENT_TYPES.values() for name in t.names}


def document_trigger_lemmas() -> dict[str, str]:
    """lemma -> document kind, for the nouns that name a document."""
    return {name: t.key for t in DOCUMENT_KINDS.values() for name in t.names}
