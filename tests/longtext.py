"""A long article and the parts a Telegram client sends it in, for the paste tests."""

from __future__ import annotations

from bot.i18n import RU_MONTHS_GENITIVE
from bot.pastes import TELEGRAM_LIMIT

CITIES = ["Астане", "Пекине", "Алматы", "Шанхае", "Урумчи", "Сиане", "Шымкенте"]
SUBJECTS = ["логистического центра", "зернового терминала", "газопровода", "завода", "моста"]


def long_article(chars: int = 19_800) -> str:
    """Distinct dated paragraphs until `chars` (the default: 20,000 characters in all, five
    parts), ending with a sentence a cut would lose."""
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


def telegram_parts(text: str, limit: int = TELEGRAM_LIMIT) -> list[str]:
    """What a Telegram client sends for a long paste: parts cut at a paragraph break (else a
    space), which is dropped."""
    parts = []
    while len(text) > limit:
        cut = text.rfind("\n", 0, limit)
        cut = cut if cut > limit // 2 else text.rfind(" ", 0, limit)
        parts.append(text[:cut])
        text = text[cut + 1 :]
    return [*parts, text]
