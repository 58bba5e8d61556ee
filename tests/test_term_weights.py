"""A query word weighs by the sentences its own search finds, not by every word sharing its
first letters: "мед" (honey) is rare even where "медицина" and "медь" are common."""

from __future__ import annotations

from bot.search.fts import Vocabulary, idf


def test_a_short_words_frequency_counts_only_the_words_it_is_searched_by() -> None:
    words = Vocabulary(
        ["мед", "медицина", "медицинский", "медь", "экспорт", "экспортировать"],
        [3, 40, 30, 20, 5, 2],
    )
    assert words.frequency("мед") == 3
    assert words.frequency("экспорт") == 7  # "экспортируемый" is the same word, found too
    assert idf(words.frequency("мед"), 500) > idf(words.frequency("экспорт"), 500)


def test_a_word_the_corpus_lacks_has_no_frequency() -> None:
    assert Vocabulary(["мед"], [3]).frequency("рапс") == 0
