"""Is a mention reported (past) or announced (upcoming)? Read from the words of its own clause.

A sentence often mixes both ("Встречи проводились в преддверии саммита, который состоится
3–4 июля"), so the tense is taken from the clause around the mention, and only when that clause
has no verb, from the nearest verb of the sentence.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Literal

from bot.extraction.phrases import Tok
from bot.nlp import morph

Tense = Literal["future", "past"]

# Words that announce: a plan, an intention, something ahead.
FUTURE_CUES = frozenset(
    {
        "предстоящий", "предстоять", "запланировать", "запланированный", "планировать",
        "планироваться", "планируемый", "намеренный", "намерен", "намереваться", "собираться",
        "ожидаться", "грядущий", "намечать", "намечаться", "наметить", "намеченный", "будущий",
        "пригласить", "приглашать", "предполагаться", "предусматривать", "предусматриваться",
    }
)  # fmt: skip
# Verbs of saying: their subject tells the news rather than takes part in what it reports.
SPEECH_VERBS = frozenset(
    {
        "сообщить", "заявить", "отметить", "сказать", "рассказать", "подчеркнуть", "пояснить",
        "добавить", "уточнить", "сообщать", "заявлять", "отмечать", "говорить", "информировать",
        "объявить", "объявлять", "изложить", "анонсировать", "рассказывать",
    }
)  # fmt: skip
# Modifiers that announce only the noun they stand before: "следующее заседание",
# "обсудили подготовку визита" (what is being prepared has not happened yet).
NEAR_FUTURE_CUES = FUTURE_CUES | {
    "следующий", "очередной", "подготовка", "подготовить", "подготавливать", "готовиться",
}  # fmt: skip
# "очередной" is "next" only when no past verb says it has happened: "на очередной
# пресс-конференции сообщил", "очередное заседание прошло в Пекине" are regular, and past.
_REGULAR_CUES = frozenset({"очередной"})
# Cues that announce the noun they stand before, not the rest of their clause.
_ATTRIBUTIVE_CUES = frozenset(
    {"предстоящий", "запланированный", "планируемый", "грядущий", "намеченный"}
)
_CLAUSE_CUES = FUTURE_CUES - _ATTRIBUTIVE_CUES
# Clause boundaries: punctuation and the words that open a subordinate clause.
_BOUNDARY_TEXT = frozenset({",", ";", ":", "—", "–", "-", "--", "(", ")", "«", "»", '"'})
_BOUNDARY_LEMMAS = frozenset({"который", "что", "чтобы", "где", "когда"})


@lru_cache(maxsize=50_000)
def _pymorphy_future(word: str) -> bool:
    parse = morph().parse(word.lower())[0]
    return parse.is_known and parse.tag.POS == "VERB" and "futr" in parse.tag


def verb_tense(tok: Tok) -> Tense | None:
    """The tense a finite verb or participle puts its clause in; present counts as reported."""
    if tok.pos not in {"VERB", "AUX"}:
        return None
    if tok.lemma == "быть" and tok.text.lower().startswith("буд"):
        return "future"
    if tok.form == "Fin":
        if tok.tense == "Fut" or _pymorphy_future(tok.text):
            return "future"
        return "past"
    if tok.form == "Part" and tok.tense == "Past":
        return "past"
    return None


def clause_bounds(tokens: Sequence[Tok], i: int) -> tuple[int, int]:
    """[start, end) of the clause holding token `i`."""
    start = i
    while start > 0 and not _is_boundary(tokens[start - 1]):
        start -= 1
    end = i + 1
    while end < len(tokens) and not _is_boundary(tokens[end]):
        end += 1
    return start, end


def _is_boundary(tok: Tok) -> bool:
    return tok.text in _BOUNDARY_TEXT or tok.lemma in _BOUNDARY_LEMMAS


def has_future_cue(tokens: Sequence[Tok], start: int, end: int) -> bool:
    """A cue announcing the clause `start`..`end`; an attributive one ("на брифинге он рассказал
    о предстоящей поездке") announces only its own noun."""
    return any(tok.lemma in _CLAUSE_CUES for tok in tokens[start:end])


def _told_as_past(clause: Sequence[Tok], tenses: list[Tense]) -> bool:
    """A past verb and nothing still to do ("договорились провести" is ahead)."""
    return "past" in tenses and "future" not in tenses and all(t.form != "Inf" for t in clause)


def mention_tense(tokens: Sequence[Tok], i: int) -> Tense | None:
    """Tense of the mention at token `i`: its own verb form, a cue word or verb in its clause,
    else the sentence's verb nearest to it."""
    own = verb_tense(tokens[i])
    if own:
        return own
    start, end = clause_bounds(tokens, i)
    tenses = [t for t in (verb_tense(tok) for tok in tokens[start:end]) if t]
    # "предстоящего саммита", "следующее заседание": a modifier just before the mention
    modifiers = {tok.lemma for tok in tokens[max(start, i - 3) : i]} & NEAR_FUTURE_CUES
    if modifiers - _REGULAR_CUES or (modifiers and not _told_as_past(tokens[start:end], tenses)):
        return "future"
    if "future" in tenses or has_future_cue(tokens, start, end):
        return "future"
    if tenses:
        return "past"
    ranked = sorted(range(len(tokens)), key=lambda j: abs(j - i))
    for j in ranked:
        tense = verb_tense(tokens[j])
        if tense:
            return tense
    return None
