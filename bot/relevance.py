"""Which feed entries deserve a place in the base: Russian ones that name one of the feed's keywords.

Pure. Keywords match by lemma, so "Китай" finds "Китая" and "Китаем", and "Си Цзиньпин" finds
"Си Цзиньпином" (the words of a keyword in a row). The language is read from the letters: the
declared language of a feed is often one value for every entry, so it decides only when an entry
has too little text to judge.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from bot.nlp import lemmas

MIN_LETTERS = 40  # fewer letters than this and the text alone cannot tell the language
MIN_CYRILLIC_SHARE = 0.6

# Letters of other Cyrillic alphabets that Russian never uses, by the language they betray.
FOREIGN_LETTERS: tuple[tuple[str, str], ...] = (
    ("казахский", "әғқңөұүһ"),
    ("украинский", "єїґ"),
    ("белорусский", "ў"),
    ("не русский", "іј"),
)


def keyword_phrases(keywords: Iterable[str]) -> list[tuple[str, ...]]:
    """Each keyword as its lemmas ("Си Цзиньпин" → ("си", "цзиньпин")); empty ones dropped."""
    phrases = [tuple(lemmas(keyword)) for keyword in keywords]
    return [phrase for phrase in phrases if phrase]


def named_keyword(text: str, phrases: list[tuple[str, ...]]) -> tuple[str, ...] | None:
    """The first keyword whose words occur in `text` in a row, or None."""
    words = lemmas(text)
    for phrase in phrases:
        size = len(phrase)
        if any(tuple(words[i : i + size]) == phrase for i in range(len(words) - size + 1)):
            return phrase
    return None


@dataclass(frozen=True, slots=True)
class Letters:
    letters: int
    cyrillic: int
    text: str

    @classmethod
    def count(cls, text: str) -> Letters:
        letters = [ch for ch in text.lower() if ch.isalpha()]
        cyrillic = sum("\u0400" <= ch <= "\u04ff" for ch in letters)
        return cls(len(letters), cyrillic, "".join(letters))


def language_problem(text: str, declared: str | None = None) -> str | None:
    """Why `text` is not Russian ("казахский", "не кириллица"...), None if it is.

    "?" when there is too little text to tell and nothing is declared: the caller looks further.
    """
    counts = Letters.count(text)
    if counts.letters < MIN_LETTERS:
        if declared:
            return None if declared.lower().startswith("ru") else f"язык ленты: {declared}"
        return "?"
    for language, letters in FOREIGN_LETTERS:
        # A Kazakh name in a Russian text is a letter or two; a Kazakh text has them everywhere.
        if sum(counts.text.count(letter) for letter in letters) >= max(3, counts.letters // 60):
            return language
    if counts.cyrillic < counts.letters * MIN_CYRILLIC_SHARE:
        return "не кириллица"
    return None
