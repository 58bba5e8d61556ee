"""An article prepared once for every extractor: sentences plus natasha's parse."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from datetime import date

from razdel import sentenize

from bot.extraction.translit import is_chinese_name
from bot.nlp import Doc, natasha

_LINE = re.compile(r"[^\n]+")


@dataclass(frozen=True, slots=True)
class Sentence:
    index: int
    start: int  # offsets into ArticleDoc.text
    end: int
    text: str


@dataclass(slots=True)
class ArticleDoc:
    """Sentences never cross a line break: headlines and captions stand on lines of their own."""

    text: str
    published: date
    sentences: list[Sentence]
    doc: Doc
    dateline: str | None = None  # the place the metadata gives when the text names none
    _starts: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._starts = [s.start for s in self.sentences]

    def sentence_at(self, offset: int) -> int:
        """Index of the sentence holding character `offset`."""
        return max(bisect.bisect_right(self._starts, offset) - 1, 0)


# "переговоры с Ван И. В тот же день": razdel reads "И." as an initial, but an initial stands
# before a surname, not after a name; a Chinese name's one-letter syllable ends the sentence.
# "Премьер-Министр Республики Казахстан А. Мамин" is an initial all the same.
_NAME_ENDS_SENTENCE = re.compile(r"\b([А-ЯЁ][а-яё]+ [А-ЯЁ])\.(\s+)(?=[А-ЯЁ«\"„])")


def _parts(line: str) -> list[tuple[int, str]]:
    """The line's sentences with their offsets in it."""
    found = []
    for part in sentenize(line):
        cut = part.start
        for gap in _NAME_ENDS_SENTENCE.finditer(part.text):
            if not is_chinese_name(gap.group(1)):
                continue
            found.append((cut, line[cut : part.start + gap.start(2)]))
            cut = part.start + gap.end(2)
        found.append((cut, line[cut : part.stop]))
    return found


def split_sentences(text: str) -> list[Sentence]:
    sentences: list[Sentence] = []
    for line in _LINE.finditer(text):
        for offset, part in _parts(line.group()):
            chunk = part.strip()
            if chunk:
                start = line.start() + offset
                sentences.append(Sentence(len(sentences), start, start + len(part), chunk))
    return sentences


# Xinhua's Russian service brackets glosses with slashes: "председатель Мажилиса /нижней
# палаты/ парламента", "/ПК ВСНП/". Read as brackets (same length: offsets hold), a role or a
# name runs on past them. Slashes inside words, numbers and links stay.
_SLASH_GLOSS = re.compile(r"(?<![\w/:.])/([^/\n]{1,80}?)/(?![\w/])")


def slashes_as_brackets(text: str) -> str:
    return _SLASH_GLOSS.sub(r"(\1)", text)


def prepare(text: str, published: date, dateline: str | None = None) -> ArticleDoc:
    text = slashes_as_brackets(text)
    return ArticleDoc(text, published, split_sentences(text), natasha().parse(text), dateline)
