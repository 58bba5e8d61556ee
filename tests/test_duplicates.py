"""The same article again, and a near-duplicate of one."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from bot.duplicates import compare, find_twin
from bot.ingest import ingest_text
from bot.models import ArticleMeta
from bot.store import open_store

DATA = Path(__file__).resolve().parent.parent / "data"
WIRE = (DATA / "003_04ae095c1d503094.txt").read_text(encoding="utf-8")
META = ArticleMeta(published=date(2025, 6, 17), title="Си Цзиньпин в Астане")


def retyped(text: str) -> str:
    """What a copy from another page or editor looks like: other quotes, dashes, spacing."""
    return (
        "  "
        + text.replace("«", '"').replace("»", '"').replace(" — ", " - ").replace("\n", "\n\n   ")
        + "\n"
    )


def with_boilerplate(text: str) -> str:
    return (
        "Подписывайтесь на наш канал в Telegram, чтобы первыми узнавать новости!\n"
        + text
        + " Все права защищены, при перепечатке ссылка на сайт обязательна.\n"
        + "Нашли ошибку? Выделите её и нажмите Ctrl+Enter"
    )


def test_the_same_text_is_recognised_however_it_is_typed() -> None:
    assert compare(WIRE, retyped(WIRE)) == (True, 1.0)
    same, similarity = compare(WIRE, with_boilerplate(WIRE))
    assert same and similarity == 1.0


def test_an_edited_reprint_is_near_but_not_the_same() -> None:
    paragraphs = WIRE.split("\n")
    reprint = "\n".join(
        [*paragraphs[: len(paragraphs) * 2 // 3], "Своё мнение о визите высказал наш эксперт."]
    ).replace("16 июня", "в понедельник")
    same, similarity = compare(WIRE, reprint)
    assert not same and 0.6 <= similarity < 1.0
    other = (DATA / "000_e83415887aa56941.txt").read_text(encoding="utf-8")
    assert compare(WIRE, other)[1] < 0.2


def test_twins_are_found_in_the_base(tmp_path: Path) -> None:
    store = open_store(tmp_path / "kb.db")
    first = ingest_text(store, WIRE, META)
    for copy in (retyped(WIRE), with_boilerplate(WIRE)):
        again = ingest_text(store, copy, META)
        assert (again.status, again.article_id) == ("duplicate", first.article_id)
    half = "\n".join(WIRE.split("\n")[:-2]) + "\nПо данным агентства, визит продлится два дня."
    twin = find_twin(store, half)
    assert twin is not None and not twin.same and twin.article_id == first.article_id
    assert ingest_text(store, half, META).status == "near-duplicate"
    kept = ingest_text(store, half, META, keep_near=True)
    assert kept.status == "added" and kept.article_id != first.article_id
    assert store.count("articles") == 2
