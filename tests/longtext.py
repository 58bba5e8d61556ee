"""A long article and the parts a Telegram client sends it in, for the paste tests."""

from __future__ import annotations

from bot.i18n import RU_MONTHS_GENITIVE
from bot.localapi.terminal import split_like_a_client
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
    """What a Telegram client sends for a long paste (the sandbox sends the same)."""
    return split_like_a_client(text, limit)


def another_long_article(chars: int = 19_800) -> str:
    """As long, worded unlike long_article(): not its near-duplicate."""
    months = ("январе", "феврале", "марте", "апреле", "мае", "июне")
    cities = ("Астане", "Пекине", "Алматы", "Урумчи")
    goods = ("зерна", "газа", "угля", "меди", "стали", "хлопка")
    paragraphs: list[str] = []
    n = 0
    while sum(len(p) + 1 for p in paragraphs) < chars:
        paragraphs.append(
            f"В {months[n % 6]} {2010 + n // 144} года премьер-министр Казахстана Алихан Смаилов "
            f"обсудил в {cities[n // 6 % 4]} с вице-премьером Госсовета КНР Дин Сюэсяном поставки "
            f"{goods[n // 24 % 6]} и открытие {n + 1}-го пункта пропуска на границе."
        )
        n += 1
    return "\n".join(paragraphs)
