"""Signed and planned documents: agreements, memoranda, protocols, declarations, initiatives...

A document word counts only when the text treats it as a document: it is signed, adopted or to
be ("подписан", "будет принята", "планируется подписать"), or it is named (a quoted title, an
"о ..." / "между ..." complement) and another sentence says what happens to it. Generic words
stay out: "договоренности", "протокольная встреча", "инициативы" in the plural, "блок
документов и протоколов".

The title is the document's phrase as written, its head put into the nominative: in a list
("подписан ряд документов: соглашение ...; меморандум ...") up to the item's ";", elsewhere up
to where a purpose or circumstance begins ("в интересах", "для", "в ходе").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from bot import geo
from bot.extraction.article_context import (
    ArticleContext,
    Occurrence,
    article_view,
    publication_span,
    told_by,
)
from bot.extraction.document import ArticleDoc
from bot.extraction.events import EventMentions, find_event_mentions
from bot.extraction.packages import Package, packages_in, value_told_after
from bot.extraction.phrases import (
    Tok,
    capitalize,
    is_adjective,
    join_text,
    nominative,
    quoted_span_end,
)
from bot.extraction.tense import FUTURE_CUES, SPEECH_VERBS, clause_bounds, verb_tense
from bot.models import Agreement, AgreementStatus, DateMention, DateSpan, Entity, Person
from bot.nlp import morph
from bot.vocab import PACKAGE, document_trigger_lemmas

__all__ = ["find_agreements"]

# Nouns naming a document, and the kind each names; see bot.vocab.
_DOCUMENT_TYPES = document_trigger_lemmas()
# Words that must precede these document types to make them documents.
_REQUIRED_BEFORE = {"заявление": "совместный", "карта": "дорожный"}
# Types that are everyday words too: they need a complement and a signing word.
_WEAK_TYPES = frozenset({"план", "программа", "инициатива", "стратегия", "концепция"})
_SIGN_VERBS = frozenset(
    {
        "подписать", "подписывать", "подписание", "заключить", "заключать", "принять",
        "принимать", "утвердить", "ратифицировать", "парафировать", "одобрить", "согласовать",
        "подписанный", "заключенный", "принятый", "утвержденный", "принятие", "ратификация",
        "рассмотреть",  # "лидеры рассмотрят декларацию": to be adopted
    }
)  # fmt: skip
_PLAN_CUES = FUTURE_CUES
# Verbs of drafting a document: it is not signed yet, whatever their tense.
_DRAFT_VERBS = frozenset({"разработать", "разрабатывать", "подготовить", "подготавливать"})
# Where a document's phrase ends and the circumstances begin.
_STOP_WORDS = frozenset({"для", "с", "со", "наряду", "согласно", "при", "после", "перед"})
_STOP_PAIRS = frozenset(
    {
        ("в", "интерес"),
        ("в", "цель"),
        ("в", "ход"),
        ("в", "рамка"),
        ("на", "сумма"),
        ("с", "цель"),
        ("до", "конец"),
    }
)
_COMPLEMENT_PREPS = frozenset({"о", "об", "между", "по"})
# Compound prepositions that open a title's complement: "заявление в связи с 30-летием ...",
# "соглашение в сфере энергетики"; the words they span.
_COMPLEMENT_OPENERS = {
    ("в", "связь"): 3, ("в", "сфера"): 2, ("в", "область"): 2, ("в", "борьба"): 3,
}  # fmt: skip
# Bodies that take an "по ..." complement in their name: "Агентство по стратегическому ...".
_BODY_NOUNS = frozenset(
    {
        "агентство", "комитет", "госкомитет", "комиссия", "министерство", "управление",
        "служба", "совет", "центр", "департамент", "ведомство", "фонд", "палата", "бюро",
    }
)  # fmt: skip


@dataclass(slots=True)
class _Doc:
    type: str
    title: str
    sentence: int
    start: int
    phrase: tuple[int, int]  # character span of the title in the text
    named: bool  # has a complement or a quoted/capitalised name
    cue: AgreementStatus | None  # what the text says happens to it
    parties: list[str] = field(default_factory=list)
    when: DateSpan | None = None
    own_date: bool = False
    dated_signing: bool = False  # its date is the one a signing was reported on
    signers: list[str] = field(default_factory=list)  # "Документ подписали X и Y"
    count: int | None = None  # a package's
    value: str | None = None


def find_agreements(
    adoc: ArticleDoc,
    dates: list[DateMention],
    people: list[Person],
    entities: list[Entity],
    *,
    view: tuple[list[list[Tok]], ArticleContext] | None = None,
    events: list[EventMentions] | None = None,
) -> list[Agreement]:
    """The article's documents. `view` and `events` are the article's tokens with context and
    its event mentions, when the caller has them already (the pipeline does)."""
    view = view or article_view(adoc, dates, people, entities)
    tokens, ctx = view
    if events is None:
        events = find_event_mentions(adoc, view, people)
    found: list[_Doc] = []
    intro: Sequence[Tok] | None = None
    for index, sentence in enumerate(tokens):
        previous = tokens[index - 1] if index > 0 else []
        intro = _list_intro(sentence, previous, intro)
        documents = _sentence_documents(sentence, index, ctx, previous, intro)
        packages = _packages(adoc, sentence, index, ctx, documents)
        # "22 контракта" counted in a package is not a contract of its own
        # a count inside a document's title ("Дорожная карта по реализации 51 проекта") is
        # the title's; "22 контракта" counted in a package is not a contract of its own
        packages = [p for p in packages if not any(_within(p, d) for d in documents)]
        documents = [d for d in documents if not any(_inside(d, p) for p in packages)]
        if _lists_documents(documents, tokens[index + 1] if index + 1 < len(tokens) else []):
            # "подписан ряд документов: ..." / "... ряда документов. В их числе --": the list
            packages = [p for p in packages if p.count is not None]
        found.extend(sorted(documents + packages, key=lambda d: d.start))
    first_document: dict[int, int] = {}
    for doc in found:
        first_document.setdefault(doc.sentence, doc.start)
    merged = _merge(found)
    _name_governments(merged, entities)
    result = []
    for doc in merged:
        if doc.cue is None or not doc.named:
            # a reference, not news: never said to be signed or planned, or a bare
            # "инициатива" that names no particular document
            continue
        in_force = _in_force_date(
            tokens[doc.sentence], ctx.dates.get(doc.sentence, []), doc.start, doc.type
        )
        if in_force is not None and doc.when == in_force:
            doc.when, doc.own_date = None, False  # the day it takes effect is not its signing
        when = doc.when if doc.own_date else _event_date(doc, events, adoc)
        dated_by = "text" if doc.own_date else None
        if when is not None and dated_by is None:
            dated_by = "publication" if when == publication_span(adoc.published) else "context"
        result.append(
            Agreement(
                in_force=in_force,
                dated_by=dated_by,
                count=doc.count,
                value=doc.value,
                type=doc.type,
                title=doc.title,
                parties=doc.parties
                or doc.signers
                or _signatories(
                    doc,
                    tokens[doc.sentence],
                    ctx,
                    events,
                    first_document.get(doc.sentence, doc.start),
                ),
                when=when,
                status=doc.cue,
                sentence=doc.sentence,
            )
        )
    _in_force_told_later(result, tokens, ctx)
    return result


_ANY_DOCUMENT = frozenset({"документ"})
_KIND_WORDS = frozenset(document_trigger_lemmas()) | _ANY_DOCUMENT  # "договор", "соглашение"


def _in_force_told_later(
    agreements: list[Agreement], tokens: list[list[Tok]], ctx: ArticleContext
) -> None:
    """ "Протокол об обмене грамотами подписали 31 августа, а 30 сентября договор вступил в
    силу": the clause's own kind word says which document took effect -- the latest of that
    kind told so far (the treaty), not the protocol beside it."""
    for index, sentence in enumerate(tokens):
        for j, tok in enumerate(sentence):
            if not _enters_into_force(sentence, j):
                continue
            kind = _kind_taking_effect(sentence, j)
            start, end = clause_bounds(sentence, j)
            day = _day_in_clause(ctx.dates.get(index, []), sentence, start, end, tok.start)
            if kind is None or day is None:
                continue
            told = [a for a in agreements if a.sentence <= index and _of_kind(a.type, kind)]
            if told and told[-1].in_force is None:
                told[-1].in_force = day


def _kind_taking_effect(sentence: Sequence[Tok], j: int) -> str | None:
    """The kind word the clause of "вступил в силу" at `j` names before it ("договор")."""
    start, _ = clause_bounds(sentence, j)
    return next((t.lemma for t in reversed(sentence[start:j]) if t.lemma in _KIND_WORDS), None)


def _day_in_clause(
    dates: list[DateMention], sentence: Sequence[Tok], start: int, end: int, at: int
) -> DateSpan | None:
    """The day the clause names nearest its verb ("а 30 сентября договор вступил в силу")."""
    low, high = sentence[start].start, sentence[end - 1].end
    days = [d for d in dates if low <= d.start < high and d.span.precision == "day"]
    return min(days, key=lambda d: abs(d.start - at)).span if days else None


def _of_kind(document_type: str, kind: str) -> bool:
    return kind in _ANY_DOCUMENT or document_type.split()[0] == kind


# --- one sentence ----------------------------------------------------------------------------


def _date_spans(ctx: ArticleContext, index: int) -> list[tuple[int, int]]:
    """Where the sentence's dates stand: a title stops at one, unless it is its horizon."""
    return [(d.start, d.end) for d in ctx.dates.get(index, [])]


_BULLETS = frozenset({"–", "—", "-", "•", "*", "·"})


def _list_intro(
    sentence: Sequence[Tok], previous: Sequence[Tok], intro: Sequence[Tok] | None
) -> Sequence[Tok] | None:
    """The sentence a bulleted line goes on from: "В рамках визита подписано около 30
    документов, в том числе:" for each "– соглашение о ...;" line after it; else None."""
    if not sentence or sentence[0].text not in _BULLETS:
        return None
    if previous and previous[-1].text == ":":
        return previous
    return intro  # the list's next item


def _sentence_documents(
    tokens: list[Tok],
    index: int,
    ctx: ArticleContext,
    previous: Sequence[Tok],
    intro: Sequence[Tok] | None = None,
) -> list[_Doc]:
    found = []
    bounds: list[tuple[int, int]] = []  # token range of each document found
    list_start = _list_start(tokens)
    dated = _date_spans(ctx, index)
    for i, tok in enumerate(tokens):
        doc_type = _document_type(tokens, i)
        if doc_type is None:
            if _is_anaphor(tokens, i):
                found.append(_anaphor(tokens, i, index, ctx))
            continue
        if bounds and i < bounds[-1][1]:
            continue  # "протокол о внесении изменений в Соглашение ...": what it amends
        in_list = list_start is not None and i >= list_start
        first = _phrase_start(tokens, i)
        last = _item_end(tokens, i) if in_list else _phrase_end(tokens, i, dated)
        cue = _status_cue(tokens, i, list_start if in_list else None)
        if cue is None and in_list and list_start and _refers_back(tokens, list_start - 1):
            # "Подписан ряд документов. Среди них – ...": what the sentence before said
            cue = _status_cue(previous, 0, len(previous)) if previous else None
        if cue is None and intro:
            cue = _status_cue(intro, 0, len(intro))  # an item of the list it introduced
        if i > 0 and tokens[i - 1].lemma == "проект":
            cue = "planned"  # "проект соглашения": drafted, not signed
        if cue is None and bounds and _coordinated(tokens, bounds[-1][1], first):
            cue = found[-1].cue  # "приняли заявление о ..., а также Заявление о ..."
        if cue is None and not in_list:
            cue = _governing_cue(tokens, first)
        named = (
            last > i + 1
            or tok.lemma in _REQUIRED_BEFORE  # "совместное заявление", "дорожная карта"
            or (cue is not None and tok.lemma not in _WEAK_TYPES)  # "подписали соглашение"
            or (tok.capitalized and i > 0)
            or any(t.capitalized for t in tokens[max(first, 1) : i])  # "Астанинская декларация"
        )
        if tok.lemma in _WEAK_TYPES and not named and cue is None:
            continue  # "у нас есть план"
        if tok.lemma in _WEAK_TYPES and cue is None and not _has_quoted_name(tokens, i, last):
            continue
        words = nominative(tokens, i, first) + [t.text for t in tokens[i + 1 : last]]
        title = capitalize(join_text(words)).rstrip(" .,;")
        if last <= i + 1 and (gist := _gist(tokens, last)):
            title = f"{title} — {gist}"  # "Совместное заявление, в котором ..."
        doc = _Doc(
            type=_full_type(tokens, i, doc_type, last),
            title=title,
            sentence=index,
            start=tok.start,
            phrase=(tokens[first].start, tokens[last - 1].end),
            named=named,
            cue=cue,
        )
        doc.parties = _parties(tokens, i, last, index, ctx, list_start if in_list else None)
        found.append(doc)
        bounds.append((first, last))
    _assign_dates(found, ctx.dates.get(index, []))
    return found


_GIST_OPENERS = frozenset({"который", "где"})
_GIST_WORDS = 12  # a document's gist, when the text names it by its kind alone


def _gist(tokens: Sequence[Tok], last: int) -> str | None:
    """What a document named only by its kind says, from the clause after it: "приняли
    Совместное заявление, в котором отношения обозначены как вечное партнёрство", "...
    совместное заявление: оно закрепило курс на ...". None when no such clause follows."""
    k = last
    colon = next((n for n in range(k, len(tokens)) if tokens[n].text == ":"), None)
    if k < len(tokens) and tokens[k].text == ",":
        opener = [t.lemma for t in tokens[k + 1 : k + 3]]
        if _GIST_OPENERS & set(opener):
            k += 1 + next(n for n, lem in enumerate(opener) if lem in _GIST_OPENERS) + 1
        elif (
            colon is not None
            and tokens[colon + 1 : colon + 2]
            and (tokens[colon + 1].lemma in {"он", "она", "оно", "документ"})
        ):
            k = colon + 2  # "..., подписанное в сентябре ...: оно закрепило курс на ..."
        else:
            return None
    elif colon == k:
        k += 1
    else:
        return None
    words = []
    for tok in tokens[k:]:
        if tok.text in {".", ";", "(", ")"} or len(words) >= _GIST_WORDS:
            break
        words.append(tok.text)
    text = join_text(words).strip(" ,–—-")
    return text if len(words) >= 3 else None


def _packages(
    adoc: ArticleDoc,
    tokens: list[Tok],
    index: int,
    ctx: ArticleContext,
    documents: Sequence[_Doc] = (),
) -> list[_Doc]:
    """ "подписано 33 документа на сумму 23,6 млрд долларов": one package, counted."""
    sentence = adoc.sentences[index]
    found = []
    for package in packages_in(sentence.text):
        start, end = sentence.start + package.start, sentence.start + package.end
        i = next((k for k, t in enumerate(tokens) if t.start >= start), 0)
        title = _package_title(tokens, i, end, package)
        if package.value is None:
            title += _package_subject(tokens, end, _date_spans(ctx, index))
        following = adoc.sentences[index + 1].text if index + 1 < len(adoc.sentences) else ""
        doc = _Doc(
            type=PACKAGE,
            title=capitalize(title),
            sentence=index,
            start=start,
            phrase=(start, end),
            named=True,
            cue=_status_cue(tokens, i, None) or "signed",
            count=package.count,
            value=package.value or value_told_after(following),
        )
        found.append(doc)
    _assign_dates(found, ctx.dates.get(index, []), documents)
    return found


_PACKAGE_HEADS = ("пакет", "ряд", "документ")  # the word an uncounted package is named by


def _package_title(tokens: Sequence[Tok], i: int, end: int, package: Package) -> str:
    """As written, but an uncounted package is named in the nominative: "при подписании
    двусторонних документов" -> "Двусторонние документы", "ряда документов" -> "Ряд
    документов" (its head alone changes, the documents it holds stay in the genitive)."""
    if package.count is not None:
        return package.title
    reach = range(i, min(i + 4, len(tokens)))
    head = next((k for k in reach if tokens[k].lemma in _PACKAGE_HEADS), None)
    if head is None:
        return package.title
    rest = [t.text for t in tokens[head + 1 :] if t.end <= end]
    return join_text(nominative(tokens, head, i) + rest)


def _package_subject(tokens: Sequence[Tok], end: int, dated: list[tuple[int, int]]) -> str:
    """What the package is about, when the sentence says: "семь меморандумов о
    взаимопонимании", "ряд документов о сотрудничестве в торговле, финансовой сфере и
    энергетике". Read as a document's complement is, up to the circumstances."""
    head = next((k for k, t in enumerate(tokens) if t.start >= end), None)
    if head is None or head == 0 or tokens[head].text.lower() not in _COMPLEMENT_PREPS:
        return ""
    last = _phrase_end(tokens, head - 1, dated)
    return " " + join_text([t.text for t in tokens[head:last]]) if last > head else ""


def _inside(doc: _Doc, package: _Doc) -> bool:
    return package.phrase[0] <= doc.start < package.phrase[1]


def _within(package: _Doc, doc: _Doc) -> bool:
    return bool(doc.type) and doc.phrase[0] <= package.start < doc.phrase[1]


def _lists_documents(documents: list[_Doc], following: Sequence[Tok]) -> bool:
    """The sentence names its documents, or the next one lists them ("В их числе -- ...")."""
    if any(d.type for d in documents):
        return True
    start = _list_start(following) if following else None
    return start is not None and _refers_back(following, start - 1)


def _is_anaphor(tokens: Sequence[Tok], i: int) -> bool:
    """A bare singular "документ" ("Документ был подписан 17 мая") stands for the document
    the text has just named."""
    tok = tokens[i]
    if tok.lemma != "документ" or tok.number != "Sing" or tok.pos != "NOUN":
        return False
    following = tokens[i + 1] if i + 1 < len(tokens) else None
    if following is not None and (
        following.lemma in _COMPLEMENT_PREPS or following.text in {"«", '"', "“"}
    ):
        return False
    return i == 0 or tokens[i - 1].pos in {"DET", "PUNCT"} or tokens[i - 1].is_word is False


def _anaphor(tokens: Sequence[Tok], i: int, index: int, ctx: ArticleContext) -> _Doc:
    doc = _Doc(
        type="",
        title="",
        sentence=index,
        start=tokens[i].start,
        phrase=(tokens[i].start, tokens[i].end),
        named=False,
        cue=_status_cue(tokens, i, None),
    )
    if doc.cue == "signed":
        orgs = list(dict.fromkeys(o.name for o in _orgs(tokens, ctx, index)))
        people = list(dict.fromkeys(person.name for person, _ in ctx.people.get(index, [])))
        doc.signers = orgs if len(orgs) >= 2 else people
    return doc


def _coordinated(tokens: Sequence[Tok], end: int, first: int) -> bool:
    """Only "и", "а также" or a comma between two documents: one verb governs both."""
    between = tokens[end:first]
    return bool(between) and all(t.text == "," or t.lemma in {"и", "а", "также"} for t in between)


_JOINERS = frozenset({"и", "также", ","})


def _governing_cue(tokens: Sequence[Tok], first: int) -> AgreementStatus | None:
    """A document joined on after others is governed by the verb before them all: "были
    подписаны документы о сотрудничестве в сельском хозяйстве, ..., а также план сотрудничества
    по сопряжению"; "предложил разработать пятилетний план ..., а также трёхлетнюю программу"."""
    if first == 0 or tokens[first - 1].lemma not in _JOINERS:
        return None
    verb = next((j for j in range(first - 1, -1, -1) if _predicate(tokens[j])), None)
    if verb is None:
        return None
    if tokens[verb].lemma in _SIGN_VERBS or _signed_participle(tokens[verb]):
        return _status_cue(tokens, verb, None)
    return "planned" if tokens[verb].lemma in _DRAFT_VERBS else None


def _predicate(tok: Tok) -> bool:
    """A verb that can govern an object: finite, infinitive or short participle ("подписаны"),
    not a full participle agreeing with some other noun ("Договора, подписанного в 2007 году")."""
    return tok.pos in {"VERB", "AUX"} and (tok.form != "Part" or tok.case is None)


def _document_type(tokens: Sequence[Tok], i: int) -> str | None:
    tok = tokens[i]
    if tok.pos not in {"NOUN", "PROPN"} or tok.lemma not in _DOCUMENT_TYPES:
        return None
    if tok.number == "Plur" and tok.lemma != "коммюнике" and not _plural_named(tokens, i):
        return None  # "инициативы", "блок документов и протоколов": not one document
    required = _REQUIRED_BEFORE.get(tok.lemma)
    if required and (i == 0 or tokens[i - 1].lemma != required):
        if tok.lemma == "заявление" and _titled(tokens, i):
            return "заявление"  # "Астанинское заявление", "принят Заявление о ..."
        return None
    return _DOCUMENT_TYPES[tok.lemma]


def _plural_named(tokens: Sequence[Tok], i: int) -> bool:
    """ "меморандумы о сотрудничестве в сфере туризма": documents of one kind on a named
    subject, told as one fact."""
    following = tokens[i + 1] if i + 1 < len(tokens) else None
    weak = tokens[i].lemma in _WEAK_TYPES
    return following is not None and following.lemma in {"о", "об", "между"} and not weak


def _titled(tokens: Sequence[Tok], i: int) -> bool:
    """Written as a title: capitalised inside the sentence, or after a capitalised adjective
    ("Астанинское заявление")."""
    if i == 0:
        return False
    return tokens[i].capitalized or (tokens[i - 1].capitalized and is_adjective(tokens[i - 1]))


def _full_type(tokens: Sequence[Tok], i: int, doc_type: str, last: int) -> str:
    """ "меморандум о взаимопонимании" is a type of its own."""
    following = [t.lemma for t in tokens[i + 1 : min(last, i + 3)]]
    if doc_type == "меморандум" and following[:2] == ["о", "взаимопонимание"]:
        return "меморандум о взаимопонимании"
    return doc_type


def _list_start(tokens: Sequence[Tok]) -> int | None:
    """Index after "документов:" when the sentence lists documents, or after "Среди них –",
    "В их числе --" when it lists those the sentence before spoke of."""
    for i, tok in enumerate(tokens):
        if tok.text == ":" and i > 0 and _introduces_list(tokens, i):
            return i + 1
        if tok.text in _DASHES and _refers_back(tokens, i):
            return i + 1
    return None


_LIST_REACH = 4  # words before a colon, or after it, that show it opens a list of documents


def _introduces_list(tokens: Sequence[Tok], colon: int) -> bool:
    """ "подписаны документы: ...", "Среди подписанных: Соглашение ..." open a list; the
    colon of "соберется Совет ШОС: лидеры рассмотрят ..." opens a clause."""
    before = tokens[max(0, colon - _LIST_REACH) : colon]
    after = tokens[colon + 1 : colon + 1 + _LIST_REACH]
    if any(t.pos in {"VERB", "AUX"} for t in after):
        return False
    return any(t.lemma in _DOCUMENT_TYPES for t in after) or any(
        t.lemma in _DOCUMENT_TYPES
        or t.lemma in _SIGN_VERBS
        or t.lemma == "документ"
        or _signed_participle(t)
        for t in before
    )


_DASHES = frozenset({"—", "–", "-", "--"})


def _refers_back(tokens: Sequence[Tok], dash: int) -> bool:
    """A short opening with "они" ("Среди них", "В их числе") before a dash."""
    return 0 < dash <= 4 and any(
        t.pos in {"PRON", "DET"} and t.lemma == "они" for t in tokens[:dash]
    )


def _phrase_start(tokens: Sequence[Tok], i: int) -> int:
    first = i
    while first > 0 and is_adjective(tokens[first - 1]):
        first -= 1
    return first


def _item_end(tokens: Sequence[Tok], i: int) -> int:
    last = i + 1
    while last < len(tokens) and tokens[last].text not in {";", "."}:
        if tokens[last].text.lower() in {"и", ","} and _document_follows(tokens, last + 1):
            break
        last += 1
    return last


def _phrase_end(tokens: Sequence[Tok], i: int, dated: list[tuple[int, int]]) -> int:
    """The document's own phrase: its complement and name, up to the circumstances."""
    last = i + 1
    while last < len(tokens):
        tok = tokens[last]
        word = tok.text.lower()
        after = last + 1
        while after + 1 < len(tokens) and tokens[after].pos == "ADJ":
            after += 1  # "на общую сумму"
        following = tokens[after].lemma if after < len(tokens) else ""
        if tok.text in {"«", '"', "“"}:
            last = quoted_span_end(tokens, last)
            continue
        if tok.text == "," and _list_goes_on(tokens, last):
            last += 1  # "о вечном добрососедстве, дружбе и сотрудничестве"
            continue
        if tok.text in _DASHES and _dash_joins(tokens, last):
            last += 1  # "газопровода Казахстан – Китай", "глав государств – членов ШОС"
            continue
        if tok.text in {",", ";", ":", ".", "!", "?", "(", ")", "—", "–"}:
            break
        if last == i + 1 and (subject := _subject_after_party(tokens, last)):
            last = subject  # "соглашение с университетом об открытии филиала"
            continue
        if tok.pos in {"VERB", "AUX"} or word in _STOP_WORDS or (word, following) in _STOP_PAIRS:
            break
        if word == "и" and _document_follows(tokens, last + 1):
            break  # "соглашение о ... и меморандум о ...": two documents
        date_end = next((e for s, e in dated if s <= tok.start < e), None)
        if date_end is None and _YEAR.match(tok.text):
            date_end = tok.end  # a year the date finder left alone; "51 проекта" is a count
        horizon = {word, tokens[last - 1].text.lower()} & {"на", "до"}
        if date_end is not None and horizon:
            while last < len(tokens) and tokens[last].start < date_end:
                last += 1  # "на 2025–2030 годы", "до 2030 года": its term belongs to its title
            continue
        if date_end is not None:
            break  # "в марте": when it is signed, not what it is
        opener = _COMPLEMENT_OPENERS.get(
            (word, tokens[last + 1].lemma if last + 1 < len(tokens) else "")
        )
        if opener is not None:
            last += opener
            continue
        if last == i + 1 and tok.pos == "ADP" and word not in _COMPLEMENT_PREPS:
            break
        ordinal = _ORDINAL.match(tok.text) is not None
        if last == i + 1 and tok.pos not in {"ADP", "NOUN", "PROPN", "ADJ"} and not ordinal:
            break
        if last == i + 1 and tok.pos in {"NOUN", "ADJ"} and tok.case != "Gen":
            break
        if last > i + 1 and _subject_begins(tokens, last):
            break  # "Соглашение о валютном свопе Национальный банк ... подписали в 2011 году"
        last += 1
    while last > i + 1 and tokens[last - 1].pos in {"ADP", "CCONJ"}:
        last -= 1
    return last


def _subject_begins(tokens: Sequence[Tok], j: int) -> bool:
    """The sentence's subject, put after a document that opens it, starts at `j`: a noun
    phrase in the nominative running on to the verb ("Соглашение о валютном свопе
    Национальный банк Казахстана и Народный банк Китая подписали в 2011 году"). A
    nominative inside a title runs on to no verb ("Республики Казахстан и Правительством")."""
    before = tokens[j - 1]
    if tokens[j].case != "Nom" or before.pos in {"ADP", "CCONJ"} or not before.is_word:
        return False  # "дороги Аягоз – Тачэн подписали": a dash joins the name
    for tok in tokens[j:]:
        if tok.pos in {"VERB", "AUX"}:
            return tok.form == "Fin" or (tok.form == "Part" and tok.case is None)
        if tok.lemma != "и" and not (
            tok.pos in {"NOUN", "PROPN", "ADJ"} and tok.case in {"Nom", "Gen"}
        ):
            return False
    return False


_PARTY_REACH = 8  # words of a "с ..." party between a document and its subject


def _subject_after_party(tokens: Sequence[Tok], j: int) -> int | None:
    """Where "о/об ..." starts after a party named first ("соглашение с Северо-Западным
    политехническим университетом об открытии филиала"), else None."""
    if tokens[j].text.lower() not in {"с", "со"}:
        return None
    for k in range(j + 1, min(len(tokens), j + 1 + _PARTY_REACH)):
        if tokens[k].text.lower() in {"о", "об"}:
            return k if k > j + 1 else None
        if tokens[k].pos in {"VERB", "AUX"} or tokens[k].text in {",", ";", ":", ".", "(", ")"}:
            return None
    return None


_ORDINAL = re.compile(r"^\d+-[а-я]{1,3}$")  # "12-го заседания": a number, not a date
_YEAR = re.compile(r"^(?:1[89]|20)\d\d$")


def _dash_joins(tokens: Sequence[Tok], dash: int) -> bool:
    """A dash inside a name: two nouns in the same case around it ("Западная Европа –
    Западный Китай", "государств – членов"), not a clause that follows the title."""
    if dash == 0 or dash + 1 >= len(tokens):
        return False
    before = tokens[dash - 1]
    j = dash + 1
    while j + 1 < len(tokens) and tokens[j].pos == "ADJ":
        j += 1
    after = tokens[j]
    return (
        before.pos in {"NOUN", "PROPN"}
        and after.pos in {"NOUN", "PROPN"}
        and before.case is not None
        and after.case == before.case
        and _document_type(tokens, j) is None
    )


def _list_goes_on(tokens: Sequence[Tok], comma: int) -> bool:
    """After a comma, a noun in the case of the word before it continues the complement."""
    if comma + 1 >= len(tokens) or comma == 0:
        return False
    before, after = tokens[comma - 1], tokens[comma + 1]
    # "о вечном добрососедстве, дружбе ..."; "по инспекционным, карантинным ... требованиям"
    return (
        {after.pos, before.pos} <= {"NOUN", "ADJ"}
        and after.case is not None
        and after.case == before.case
        and not after.capitalized
        and _document_type(tokens, comma + 1) is None
    )


def _document_follows(tokens: Sequence[Tok], j: int) -> bool:
    while j < len(tokens) and tokens[j].lemma in {"а", "также", "и"}:
        j += 1  # ", а также соглашение"
    while j < len(tokens) and is_adjective(tokens[j]):
        j += 1
    return j < len(tokens) and _document_type(tokens, j) is not None


def _has_quoted_name(tokens: Sequence[Tok], i: int, last: int) -> bool:
    return any(t.text in {"«", '"', "“"} for t in tokens[i + 1 : last])


def _status_cue(tokens: Sequence[Tok], i: int, list_start: int | None) -> AgreementStatus | None:
    """ "подписан", "подписали" -> signed; "будет принята", "планируется подписать" -> planned."""
    scope = range(len(tokens)) if list_start is None else range(list_start)
    if list_start is None:
        start, end = clause_bounds(tokens, i)
        scope = range(max(0, start - 8), min(len(tokens), end + 8))
    signing = [j for j in scope if _signs(tokens[j], tokens[i])]
    if not signing and list_start is None and _opens_sentence(tokens, i):
        # "Протокол по требованиям к говядине, экспортируемой ..., министерства подписали 7
        # июня": a document put first is the object of the sentence's verb, however far
        scope = range(len(tokens))
        signing = [j for j in scope if tokens[j].lemma in _SIGN_VERBS]
    if not signing:
        # "вступило в силу", "начнёт действовать": in force or about to be, so signed already
        if any(_enters_into_force(tokens, j) for j in scope):
            return "signed"
        # "договорились разработать дорожную карту": drafted first, so still to be adopted
        drafting = any(tokens[j].lemma in _DRAFT_VERBS and tokens[j].pos == "VERB" for j in scope)
        return "planned" if drafting else None
    planned = any(
        tokens[j].lemma in _PLAN_CUES or verb_tense(tokens[j]) == "future"
        for j in scope
        if tokens[j].pos in {"VERB", "AUX", "ADJ"} or tokens[j].lemma in _PLAN_CUES
    )
    infinitive = any(tokens[j].form == "Inf" or _prepared_for(tokens, j) for j in signing)
    if planned or infinitive:
        return "planned"
    return "signed"


def _opens_sentence(tokens: Sequence[Tok], i: int) -> bool:
    """The document's phrase is the sentence's first ("Протокол ...", "Совместное заявление
    ..."), with only its own adjectives before it."""
    return all(t.pos == "ADJ" for t in tokens[:i])


def _enters_into_force(tokens: Sequence[Tok], j: int) -> bool:
    """ "вступает в силу", "вступило в силу", "начнёт действовать", "вводится в действие"."""
    lemma = tokens[j].lemma
    following = [t.lemma for t in tokens[j + 1 : j + 3]]
    if lemma in {"вступить", "вступать"}:
        return following == ["в", "сила"]
    if lemma in {"ввести", "вводить", "вводиться"}:
        return following == ["в", "действие"]
    if lemma == "действовать" and j > 0:
        return tokens[j - 1].lemma in {"начать", "стать"}
    return False


def _in_force_date(
    tokens: Sequence[Tok], dates: list[DateMention], doc_start: int, doc_type: str
) -> DateSpan | None:
    """The day a document enters into force, when its sentence gives it after the words
    that say so ("начнёт действовать с 10 ноября 2023 года"), unless the clause names another
    kind of document as the one taking effect ("протокол подписали ..., а договор вступил")."""
    for j, tok in enumerate(tokens):
        if tok.start < doc_start or not _enters_into_force(tokens, j):
            continue
        kind = _kind_taking_effect(tokens, j)
        if kind is not None and not _of_kind(doc_type, kind):
            continue
        after = [d for d in dates if d.start > tok.start and d.span.precision == "day"]
        if after:
            return min(after, key=lambda d: d.start).span
    return None


def _prepared_for(tokens: Sequence[Tok], j: int) -> bool:
    """ "подготовить к подписанию", "подготовка к подписанию": the signing is ahead, unless a
    past finite verb says it has begun ("приступили к подписанию")."""
    if tokens[j].pos != "NOUN" or j == 0 or tokens[j - 1].lemma != "к":
        return False
    return j < 2 or verb_tense(tokens[j - 2]) != "past" or tokens[j - 2].form != "Fin"


def _signs(tok: Tok, document: Tok) -> bool:
    """A verb of signing said of this document; a full participle only when it agrees with
    the document ("план по реализации Договора, подписанного в 2007 году" signs the treaty)."""
    cases = {tok.case, document.case}
    if tok.form == "Part" and None not in cases and cases - {"Nom", "Acc"} and len(cases) > 1:
        return False  # Nom and Acc count as one: natasha tells them apart least surely
    return tok.lemma in _SIGN_VERBS or _signed_participle(tok)


def _signed_participle(tok: Tok) -> bool:
    return tok.form == "Part" and tok.lemma.startswith(("подпис", "заключ", "принят", "утвержд"))


# --- parties ---------------------------------------------------------------------------------


def _parties(
    tokens: Sequence[Tok],
    i: int,
    last: int,
    index: int,
    ctx: ArticleContext,
    list_start: int | None,
) -> list[str]:
    """Bodies named "между A и B", else organisations named in the title; else, for a list of
    documents, the people under whom they were signed ("по завершении переговоров X и Y").
    Leaders whose talks produced documents signed by ministries are not their parties: the
    documents stay findable by those leaders through the article and the event they close."""
    parties = _between(tokens, i, last)
    if not parties:
        # a "с ..." party before the subject is one of the signatories, found with the others
        subject = _subject_after_party(tokens, i + 1) if i + 1 < last else None
        lo, hi = tokens[subject or i].start, tokens[last - 1].end
        parties = [o.name for o in _orgs(tokens, ctx, index) if lo <= o.start < hi]
        parties += [
            t.text
            for k, t in enumerate(tokens[i + 1 : last], start=i + 1)
            if t.text.isupper() and len(t.text) > 1 and not _before_quote(tokens, k)
        ]
    if list_start is not None and not parties:
        intro_end = tokens[list_start - 1].start
        for person, occurrence in ctx.people.get(index, []):
            if occurrence is None or occurrence.start < intro_end:
                parties.append(person.name)
    return list(dict.fromkeys(parties))


def _signatories(
    doc: _Doc,
    tokens: Sequence[Tok],
    ctx: ArticleContext,
    events: list[EventMentions],
    first_document: int,
) -> list[str]:
    """No body named: the countries or bodies that sign or plan to ("Казахстан и Китай
    планируют подписать"), the people of its sentence, else of the event it was signed at."""
    # the subjects stand before the documents, or after them when a document opens the
    # sentence ("Пакет из 22 соглашений ... согласовали в субботу Казахстан и Китай")
    fronted = all(t.text in _BULLETS for t in tokens if t.start < doc.phrase[0])
    subjects = [
        o.name
        for o in [*ctx.places.get(doc.sentence, []), *_orgs(tokens, ctx, doc.sentence)]
        if (o.case in {"Nom", "Acc"} and o.prep is None and (o.start < first_document or fronted))
        or (o.case == "Ins" and o.prep in {"с", "со"})  # "Китай готов подписать с Казахстаном"
    ]
    if len(subjects) >= 2:
        return list(dict.fromkeys(subjects))
    offices = _countries_of_signers(tokens, ctx.places.get(doc.sentence, []))
    if len(offices) >= 2:  # "подписали президенты Казахстана, Кыргызстана ... и председатель КНР"
        return offices
    people = ctx.people.get(doc.sentence, [])
    speakers = _speakers(tokens, people) | told_by(tokens, people)
    named = [person.name for person, _ in people if person.name not in speakers]
    if named:
        return named
    same = [e.event for e in events if doc.sentence in e.sentences]
    if same:  # signed at the event of its own sentence, whoever it names
        return list(same[0].participants)
    if doc.cue == "signed":
        before = [
            e
            for e in events
            if e.event.status == "past"
            and e.event.participants
            and min(e.sentences) <= doc.sentence
        ]
        if before:
            latest = max(before, key=lambda e: max(s for s in e.sentences if s <= doc.sentence))
            return list(latest.event.participants)
    return []


_OFFICE_LEMMAS = frozenset(
    {"президент", "председатель", "глава", "лидер", "премьер-министр", "премьер", "министр",
     "руководитель", "представитель", "делегация"}
)  # fmt: skip


def _countries_of_signers(tokens: Sequence[Tok], places: list[Occurrence]) -> list[str]:
    """Every country whose leader signs: the countries in the genitive after "президенты",
    "главы", "председатель", in the order the sentence lists them."""
    starts = {t.start: k for k, t in enumerate(tokens)}
    found = []
    for place in places:
        k = starts.get(place.start)
        if k is None or place.case != "Gen" or geo.place(place.name) is None:
            continue
        window = tokens[max(0, k - 8) : k]
        if any(t.lemma in _OFFICE_LEMMAS for t in window):
            found.append(geo.canonical(place.name))
    return list(dict.fromkeys(found))


def _speakers(tokens: Sequence[Tok], people: list[tuple[Person, Occurrence | None]]) -> set[str]:
    """People who only tell the news: named in the clause of a speech verb ("X сообщил, что
    ...", "Как сообщил X, ...")."""
    found = set()
    for v, tok in enumerate(tokens):
        if tok.lemma not in SPEECH_VERBS or tok.pos != "VERB":
            continue
        start, end = clause_bounds(tokens, v)
        lo, hi = tokens[start].start, tokens[end - 1].end
        found.update(p.name for p, occ in people if occ is not None and lo <= occ.start < hi)
    return found


def _orgs(tokens: Sequence[Tok], ctx: ArticleContext, index: int) -> list[Occurrence]:
    """The sentence's organisations, less legal forms standing before a quoted name ("АО",
    "НК" in "АО «НК «ҚТЖ»"): the name in quotes is the organisation."""
    found = []
    for occurrence in ctx.orgs.get(index, []):
        k = next((k for k, t in enumerate(tokens) if t.start >= occurrence.end), None)
        if k is None or tokens[k].text not in _QUOTES:
            found.append(occurrence)
    return found


def _before_quote(tokens: Sequence[Tok], k: int) -> bool:
    return k + 1 < len(tokens) and tokens[k + 1].text in _QUOTES


_QUOTES = frozenset({"«", '"', "“", "„"})


def _name_governments(docs: list[_Doc], entities: list[Entity]) -> None:
    """ "соглашение между правительствами": the governments of the two countries the other
    documents' signatories belong to ("министерство транспорта Казахстана", "... КНР")."""
    unnamed = [d for d in docs if any(_is_bare_governments(p) for p in d.parties)]
    if not unnamed:
        return
    countries = _signatory_countries(docs, entities)
    if len(countries) != 2:
        return
    governments = [f"правительство {country}" for country in countries]
    for doc in unnamed:
        doc.parties = [
            *(p for p in doc.parties if not _is_bare_governments(p)),
            *governments,
        ]


def _is_bare_governments(party: str) -> bool:
    return party.lower() in {"правительства", "правительство"}


def _signatory_countries(docs: list[_Doc], entities: list[Entity]) -> list[str]:
    """Places ending other parties' names, as written there (already genitive), most named
    first; one place per entity."""
    counts: dict[str, int] = {}
    for doc in docs:
        for party in doc.parties:
            words = party.split()
            if len(words) < 2:
                continue
            for entity in entities:
                if entity.kind != "place":
                    continue
                form = next(
                    (
                        f
                        for f in sorted(entity.forms, key=len, reverse=True)
                        if party.endswith(" " + f)
                    ),
                    None,
                )
                if form:
                    counts[entity.name] = counts.get(entity.name, 0) + 1
                    break
    ranked = sorted(counts, key=lambda name: -counts[name])
    return [_genitive_place(name) for name in ranked[:2]] if len(ranked) >= 2 else []


def _genitive_place(name: str) -> str:
    """ "Казахстан" -> "Казахстана"; abbreviations ("КНР") and unknown words stay."""
    if name.isupper():
        return name
    words = name.split()
    for parse in morph().parse(words[-1]):
        if "Geox" in parse.tag and "nomn" in parse.tag:
            inflected = parse.inflect({"gent"})
            if inflected:
                words[-1] = words[-1][0] + inflected.word[1:]
            break
    return " ".join(words)


def _between(tokens: Sequence[Tok], i: int, last: int) -> list[str]:
    """ "между министерством транспорта Казахстана и Госкомитетом по развитию и реформам КНР"
    -> the two bodies in the nominative. A new party starts at "и" + an instrumental word; a
    body's own "по ..." stays with it, while "по" after the party's last word ends the list."""
    start = next(
        (j for j in range(i + 1, last) if tokens[j].lemma == "между" and tokens[j].pos == "ADP"),
        None,
    )
    if start is None:
        return []
    parties: list[list[int]] = [[]]
    j = start + 1
    while j < last:
        tok = tokens[j]
        current = parties[-1]
        if (
            tok.text.lower() == "и"
            and j + 1 < last
            and _party_starts(tokens, j + 1, last)
            and current
        ):
            parties.append([])
        elif tok.pos == "ADP" and tok.text.lower() in {"по", "о", "об"}:
            head = next((k for k in current if tokens[k].pos in {"NOUN", "PROPN"}), None)
            if head is None or current[-1] != head or tokens[head].lemma not in _BODY_NOUNS:
                break
            current.append(j)
        elif tok.text in {",", ";"} or tok.pos == "ADP":
            break
        else:
            current.append(j)
        j += 1
    return [_party_name(tokens, words) for words in parties if words]


def _party_starts(tokens: Sequence[Tok], j: int, last: int) -> bool:
    """After "и": a body in the instrumental (read on its noun: natasha may tag a leading
    adjective otherwise), or a foreign name it leaves untagged ("между АО «Самрук-Энерго» и
    China Power International Holding")."""
    tok = tokens[j]
    if tok.pos == "X" and tok.text[:1].isupper():
        return True
    while j < last - 1 and tokens[j].pos == "ADJ":
        j += 1
    return tokens[j].case == "Ins"


def _party_name(tokens: Sequence[Tok], words: list[int]) -> str:
    if len(words) == 1 and (known := geo.place_of_form(tokens[words[0]].text)) is not None:
        return known.name  # "между Шымкентом и Сианем": pymorphy does not know Сиань
    head = next((k for k in words if tokens[k].pos in {"NOUN", "PROPN"}), words[0])
    named = nominative(tokens, head, words[0]) + [tokens[k].text for k in words if k > head]
    return join_text(named)


# --- dates and merging -----------------------------------------------------------------------


def _assign_dates(found: list[_Doc], dates: list[DateMention], others: Sequence[_Doc] = ()) -> None:
    if not found or not dates:
        return
    titles = [doc.phrase for doc in [*found, *others]]
    for doc in found:
        # a date inside a title ("на 2025–2030 годы", "до 2035 года") is that document's term,
        # no one's date
        outside = [d for d in dates if not any(a <= d.start < b for a, b in titles)]
        if not outside:
            continue
        nearest = min(outside, key=lambda d: abs(d.start - doc.start))
        if nearest.span.precision in {"day", "month"} or len(found) == 1:
            doc.when, doc.own_date = nearest.span, True


def _event_date(doc: _Doc, events: list[EventMentions], adoc: ArticleDoc) -> DateSpan | None:
    """A document without its own date was signed at the event its sentence is about, else
    at the last reported event before it; a signed one at the latest on publication."""
    same = [e.event for e in events if doc.sentence in e.sentences and e.event.when]
    wanted = "upcoming" if doc.cue == "planned" else "past"
    same = [e for e in same if e.status == wanted] or same
    if same:
        return same[0].when
    if doc.cue != "signed":
        return None
    before = [
        e
        for e in events
        if e.event.when and e.event.status == "past" and min(e.sentences) <= doc.sentence
    ]
    if before:
        latest = max(before, key=lambda e: max(s for s in e.sentences if s <= doc.sentence))
        return latest.event.when
    return publication_span(adoc.published)


def _merge(found: list[_Doc]) -> list[_Doc]:
    """ "Инициатива будет официально принята" is the initiative named a sentence before."""
    merged: list[_Doc] = []
    for doc in found:
        if not doc.type:
            _resolve_anaphor(doc, merged)
            continue
        target = None
        for earlier in reversed(merged):
            if earlier.type != doc.type:
                continue
            if doc.type == PACKAGE:  # counted twice (headline, text): the same count or value
                if _same_package(earlier, doc):
                    target = earlier
                    break
                continue
            bare = not _has_complement(doc) or not _has_complement(earlier)
            shortened = earlier.sentence != doc.sentence and _one_starts_other(earlier, doc)
            if bare or shortened or earlier.title.lower() == doc.title.lower():
                target = earlier
                break
        if target is None:
            merged.append(doc)
            continue
        fuller = len(doc.title.split()) > len(target.title.split()) and _has_complement(doc)
        if fuller and _has_complement(target) and doc.parties:
            target.parties = []  # the headline's "Область Абай и Синьцзян подписали меморандум"
        elif _has_complement(target) and _has_complement(doc) and target.parties:
            doc.parties = []
        if fuller:
            target.title, target.sentence, target.start = doc.title, doc.sentence, doc.start
        target.named = target.named or doc.named
        target.count, target.value = target.count or doc.count, target.value or doc.value
        target.cue = target.cue or doc.cue
        if doc.cue == "signed":
            target.cue = "signed"
        if doc.own_date and not target.own_date:
            target.when, target.own_date = doc.when, True
        target.parties = list(dict.fromkeys([*target.parties, *doc.parties]))
    return merged


def _same_package(a: _Doc, b: _Doc) -> bool:
    if a.count is not None and b.count is not None:
        return a.count == b.count
    return a.value is not None and a.value == b.value


def _resolve_anaphor(doc: _Doc, merged: list[_Doc]) -> None:
    """ "Документ был подписан 17 мая в Сиане": what happened to the document of the sentence
    or two before, and when it was signed."""
    earlier = [d for d in merged if doc.sentence - 2 <= d.sentence <= doc.sentence]
    if not earlier or doc.cue is None:
        return
    target = earlier[-1]
    if doc.cue == "signed" or target.cue is None:
        target.cue = doc.cue
    if doc.own_date and (not target.own_date or (doc.cue == "signed" and not target.dated_signing)):
        target.when, target.own_date = doc.when, True
        target.dated_signing = doc.cue == "signed"
    if doc.signers and not target.parties:
        target.signers = doc.signers


def _one_starts_other(a: _Doc, b: _Doc) -> bool:
    """ "Меморандум о сотрудничестве" in a headline, "Меморандум о сотрудничестве между ..." in
    the text: one document, named shorter once."""
    first, second = a.title.lower().split(), b.title.lower().split()
    shorter, longer = sorted((first, second), key=len)
    return len(shorter) > 1 and longer[: len(shorter)] == shorter


def _has_complement(doc: _Doc) -> bool:
    return len(doc.title.split()) > 1
