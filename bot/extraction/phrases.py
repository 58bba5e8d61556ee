"""Word-level views of an article for the event and agreement patterns.

natasha's morphology tagger has already read every token in context (case, number, tense), which
is more reliable than pymorphy's out-of-context first guess, so patterns work on its tokens.
pymorphy3 is used only to inflect a phrase's head back to the nominative for titles.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from bot.extraction.document import ArticleDoc
from bot.nlp import lemma, morph

_UD_TO_OC_CASE = {
    "Nom": "nomn",
    "Gen": "gent",
    "Dat": "datv",
    "Acc": "accs",
    "Ins": "ablt",
    "Loc": "loct",
}
_QUOTES_OPEN = "«„“"
_QUOTES_CLOSE = "»”"
_ORDINAL = re.compile(r"^(\d+)-?(?:го|ому|ом|м|й|я|ю|ой|е|ее|ые|ых)$")
ORDINAL_WORDS = {
    "первый": 1, "второй": 2, "третий": 3, "четвертый": 4, "четвёртый": 4, "пятый": 5,
    "шестой": 6, "седьмой": 7, "восьмой": 8, "девятый": 9, "десятый": 10,
}  # fmt: skip


_ORDINAL_STEMS = {
    "перв": 1, "втор": 2, "трет": 3, "четверт": 4, "пят": 5, "шест": 6, "седьм": 7, "восьм": 8,
    "девят": 9, "десят": 10,
}  # fmt: skip
# An ordinal word's stem and the endings it takes ("втор-ое", "трет-ье"; not "втор-ник").
_ORDINAL_WORD = re.compile(
    r"^(перв|втор|трет|четв[её]рт|пят|шест|седьм|восьм|девят|десят)"
    r"(?:ой|ый|ий|ое|ая|ую|ые|ого|ому|ом|ых|ым|ыми|ой|ье|ья|ью|ьи|ьего|ьей|ьем|ьему|ьих)$"
)


def ordinal(text: str, lemma: str) -> int | None:
    """The number an ordinal stands for: "второй", "2-го", "5-й", "Второе" -> 2, 2, 5, 2."""
    match = _ORDINAL.match(text)
    if match:
        return int(match.group(1))
    if lemma in ORDINAL_WORDS:
        return ORDINAL_WORDS[lemma]
    word = _ORDINAL_WORD.match(text.lower())  # natasha leaves a bare "Второе" unlemmatised
    return _ORDINAL_STEMS[word.group(1).replace("ё", "е")] if word else None


@dataclass(slots=True)
class Tok:
    """One token of a sentence with natasha's contextual tags and a cached lemma."""

    text: str
    start: int
    end: int
    pos: str
    case: str | None
    number: str | None
    tense: str | None
    form: str | None  # VerbForm: Fin, Inf, Part, Conv
    aspect: str | None
    lemma: str

    @property
    def is_word(self) -> bool:
        return any(ch.isalpha() for ch in self.text)

    @property
    def capitalized(self) -> bool:
        return self.text[:1].isupper()


def sentence_tokens(adoc: ArticleDoc) -> list[list[Tok]]:
    """natasha's tokens grouped by the article's own sentences (which never cross a line)."""
    grouped: list[list[Tok]] = [[] for _ in adoc.sentences]
    if not grouped:
        return grouped
    bounds = [s.end for s in adoc.sentences]
    current = 0
    for token in adoc.doc.tokens:
        while current < len(bounds) - 1 and token.start >= bounds[current]:
            current += 1
        feats = token.feats or {}
        tok = Tok(
            text=token.text,
            start=token.start,
            end=token.stop,
            pos=token.pos or "",
            case=feats.get("Case"),
            number=feats.get("Number"),
            tense=feats.get("Tense"),
            form=feats.get("VerbForm"),
            aspect=feats.get("Aspect"),
            lemma=lemma(token.text),
        )
        grouped[current].append(tok)
    return grouped


def inside_quotes(text: str, offset: int) -> bool:
    """Is `offset` inside quotation marks? Counted from the start of its line, so a stray
    straight quote cannot leak past a paragraph."""
    line_start = text.rfind("\n", 0, offset) + 1
    depth, straight = 0, False
    for ch in text[line_start:offset]:
        if ch in _QUOTES_OPEN:
            depth += 1
        elif ch in _QUOTES_CLOSE:
            depth = max(depth - 1, 0)
        elif ch == '"':
            straight = not straight
    return depth > 0 or straight


def quoted_span_end(tokens: Sequence[Tok], i: int) -> int:
    """Index just past the quoted name that opens at token `i` («…», "…" or “…”)."""
    if tokens[i].text == "«":
        depth = 0
        for j in range(i, len(tokens)):
            if tokens[j].text == "«":
                depth += 1
            elif tokens[j].text == "»":
                depth -= 1
                if depth == 0:
                    return j + 1
        return len(tokens)
    closer = "”" if tokens[i].text == "“" else tokens[i].text
    for j in range(i + 1, len(tokens)):
        if tokens[j].text == closer:
            return j + 1
    return i + 1


@lru_cache(maxsize=50_000)
def _inflect_word(
    word: str,
    case: str,
    number: str | None,
    gender: str | None = None,
    now: str | None = None,
    modifier: bool = False,
) -> str:
    """`word` put into `case` (OpenCorpora name), keeping its number and capitalisation; an
    adjective also takes the `gender` of its noun ("главным управлением" -> "главное")."""
    match = _ORDINAL.match(word)
    if match:
        ending = {"femn": "я", "neut": "е"}.get(gender or "", "й")
        return f"{match.group(1)}-{ending}"
    if "-" in word and not word.split("-")[0].isdigit():
        head, _, tail = word.rpartition("-")
        return f"{head}-{_inflect_word(tail, case, number, gender, now, modifier)}"
    wanted = "plur" if number == "Plur" else "sing" if number == "Sing" else None
    parses = [p for p in morph().parse(word) if p.tag.POS in {"NOUN", "ADJF", "PRTF", "NUMR"}]
    # the reading natasha chose in context first: its case, then its number (which it
    # sometimes misreads: "акиматом" tagged plural), then anything
    # a word before its noun is an adjective ("Сианьская", which natasha took for a name)
    parses.sort(
        key=lambda p: (
            modifier and p.tag.POS not in {"ADJF", "PRTF", "NUMR"},
            bool(now) and now not in p.tag,
            bool(wanted) and wanted not in p.tag,
        )
    )
    for parse in parses:
        target = {case, parse.tag.number or "sing"}
        if gender and parse.tag.POS in {"ADJF", "PRTF"} and "sing" in target:
            target.add(gender)
        inflected = parse.inflect(target)
        if inflected:
            return _same_case(inflected.word, word)
    return word


@lru_cache(maxsize=50_000)
def _noun_gender(word: str, number: str | None) -> str | None:
    wanted = "plur" if number == "Plur" else "sing"
    for parse in morph().parse(word):
        if parse.tag.POS == "NOUN" and wanted in parse.tag:
            return parse.tag.gender
    return None


def _same_case(new: str, old: str) -> str:
    if old.isupper() and len(old) > 1:
        return new.upper()
    if old[:1].isupper():
        return new[:1].upper() + new[1:]
    return new


def nominative(tokens: Sequence[Tok], head: int, first: int) -> list[str]:
    """Words `first`..`head` (adjectives, ordinals and the head noun) in the nominative; the
    words before the head agree with it, so they change together."""
    gender = _noun_gender(tokens[head].text, tokens[head].number)
    words = []
    for k in range(first, head + 1):
        tok = tokens[k]
        if tok.case and tok.case != "Nom" and tok.pos in {"NOUN", "PROPN", "ADJ", "NUM", "DET"}:
            modifier = k < head
            words.append(
                _inflect_word(tok.text, "nomn", tok.number, gender, case_of(tok), modifier)
            )
        else:
            words.append(tok.text)
    return words


def inflect_name(words: Iterable[str], case: str) -> str:
    """A person's nominative name in another case, declining only words pymorphy knows as
    names or surnames, or Russian-pattern surnames ("Токаев" -> "Токаева"); foreign names it
    has never seen stay as they are."""
    return " ".join(_inflect_name_word(word, case) for word in words)


@lru_cache(maxsize=10_000)
def _inflect_name_word(word: str, case: str) -> str:
    head, _, tail = word.rpartition("-")
    prefix = f"{head}-" if head else ""
    for parse in morph().parse(tail):
        tags = parse.tag.grammemes
        if parse.tag.POS != "NOUN" or "nomn" not in tags or "Fixd" in tags:
            continue
        if tags & {"Name", "Surn", "Patr"}:
            result = parse.inflect({case})
            if result:
                return prefix + _same_case(result.word, tail)
    if case == "gent" and _RUSSIAN_SURNAME.search(tail):
        return prefix + tail + "а"
    return word


_RUSSIAN_SURNAME = re.compile(r"(?:ов|ев|ёв|ин|ын)$")


def join_text(words: Sequence[str]) -> str:
    """Words back into text: no space before punctuation or after an opening quote."""
    text = ""
    for word in words:
        if not text:
            text = word
        elif word in {",", ".", ";", ":", "»", ")", "”"} or text.endswith(("«", "(", "„", "“")):
            text += word
        else:
            text += " " + word
    text = re.sub(r'"\s+([^"]*?)\s*"', r'"\1"', text)
    text = re.sub(r'"([^"]*)"', r"«\1»", text)
    return re.sub(r"\s+-{1,2}\s+|\s+–\s+", " — ", text)


def capitalize(text: str) -> str:
    return text[:1].upper() + text[1:]


def is_adjective(tok: Tok) -> bool:
    """natasha's ADJ, or a capitalised word it took for a name that is an adjective by form
    ("Сианьская декларация")."""
    if tok.pos == "ADJ":
        return tok.is_word
    return tok.pos in {"PROPN", "NOUN"} and tok.capitalized and _adjective_form(tok.text.lower())


@lru_cache(maxsize=20_000)
def _adjective_form(word: str) -> bool:
    """Most of the word's readings are adjectives (pymorphy splits "бишкекской" across cases)."""
    return sum(p.score for p in morph().parse(word) if p.tag.POS == "ADJF") >= 0.3


def case_of(tok: Tok) -> str | None:
    return _UD_TO_OC_CASE.get(tok.case or "")
