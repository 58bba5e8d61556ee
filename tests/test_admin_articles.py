"""Admins adding and correcting articles, in-process against the local Bot API server: long
pastes in parts, near-duplicates, /edit and /text."""

from __future__ import annotations

from harness import ADMIN_ID, USER_ID, Harness, buttons

from bot.i18n import RU_MONTHS_GENITIVE
from handlers.keyboards import TextCB

CITIES = ["Астане", "Пекине", "Алматы", "Шанхае", "Урумчи", "Сиане", "Шымкенте"]
SUBJECTS = ["логистического центра", "зернового терминала", "газопровода", "завода", "моста"]


def long_article(chars: int = 19_000) -> str:
    """Distinct dated paragraphs until `chars`, ending with a sentence a cut would lose."""
    paragraphs = []
    n = 0
    while sum(len(p) + 1 for p in paragraphs) < chars:
        month = RU_MONTHS_GENITIVE[n % 12]
        paragraphs.append(
            f"{n % 27 + 1} {month} 2023 года министр иностранных дел Казахстана Мурат Нуртлеу "
            f"провёл переговоры в {CITIES[n % len(CITIES)]} с министром иностранных дел КНР Ван И "
            f"о строительстве {n + 1}-й очереди {SUBJECTS[n % len(SUBJECTS)]}; стороны обсудили "
            f"сроки, финансирование и участие компаний двух стран в проекте номер {n + 1}."
        )
        n += 1
    paragraphs.append("Последний абзац статьи: итоги подведут в Астане в конце года.")
    return "\n".join(paragraphs)


async def test_text_shows_the_whole_article_page_by_page(harness: Harness) -> None:
    text = long_article(9_000)
    await harness.say(ADMIN_ID, f"/add Название: Длинная\nДата: 2023-12-30\n{text}")
    article_id = max(harness.store.article_ids())
    (first,) = await harness.say(USER_ID, f"/text {article_id}")
    pages = [first["text"]]
    nxt = buttons(first)["Далее ▶"]
    while nxt:
        await harness.press(first, nxt, user_id=USER_ID)
        current = harness.current(first)
        pages.append(current["text"])
        nxt = buttons(current).get("Далее ▶")
    assert len(pages) >= 3 and all(len(p) <= 4096 for p in pages)
    body = "\n".join(p.split("\n\n", 1)[1] for p in pages)
    assert body == text
    harness.store.delete_article(article_id)
    back = buttons(current)["◀ Назад"]
    assert back == TextCB(article=article_id, page=len(pages) - 2).pack()
    answer = await harness.press(current, back, user_id=USER_ID)
    assert "больше нет" in answer["text"]
    (missing,) = await harness.say(USER_ID, "/text 99999")
    assert "нет" in missing["text"]
