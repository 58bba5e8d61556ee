"""The lines of a news page that are not the article: timestamps, counters, breadcrumbs, bylines.

Copied from a site, an article carries the site's furniture with it: «17.10.2023 14:05»,
«2025-06-17 04:05:45丨Russian.News.Cn», «Просмотров: 1 234», «Главная / Пресс-центр /
Новости», «© 2014 ...», «Ответственный редактор: ...», and the site's name glued to the
headline («…_Russian.news.cn», «… | Kazinform»). None of it is a fact, so it never reaches
the extractors. Each kind of line is a named pattern in FURNITURE, tested on its example.
"""

from __future__ import annotations

import re

# (name, example, pattern): a line matching the pattern is furniture.
FURNITURE: tuple[tuple[str, str, re.Pattern[str]], ...] = tuple(
    (name, example, re.compile(pattern, re.IGNORECASE))
    for name, example, pattern in (
        ("timestamp", "17.10.2023 14:05",
         r"^\d{1,2}[./]\d{1,2}[./]\d{2,4}(?:,?\s+\d{1,2}:\d{2}(?::\d{2})?)?$"),
        ("ISO timestamp with a site", "2025-06-17 04:05:45丨Russian.News.Cn",
         r"^\d{4}-\d{2}-\d{2}(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?\s*(?:[丨|·•-]\s*\S.{0,40})?$"),
        ("site and timestamp", "Russian.news.cn | 2023-04-27 20:36:15",
         r"^(?:[\w-]+\.)+[a-z]{2,6}\s*[|丨·•-]\s*\d{4}-\d{2}-\d{2}.*$"),
        ("time and date", "14:05, 17 октября 2023",
         r"^\d{1,2}:\d{2}(?:,?\s+\d{1,2}\s+[а-яё]+(?:\s+\d{4})?)?(?:\s*г\.)?$"),
        ("date and time", "17 октября 2023, 14:05",
         r"^\d{1,2}\s+[а-яё]+\s+\d{4}(?:\s*г\.)?,?\s+\d{1,2}:\d{2}$"),
        ("counter", "Просмотров: 1 234",
         r"^(?:просмотр\w*|комментари\w*|views|поделились|лайк\w*)\s*[:—-]?\s*[\d\s]+$"),
        ("breadcrumbs", "Главная / Пресс-центр / Новости",
         r"^(?:главная|home|новости)\s*[/›»>|]\s*\S.{0,80}$"),
        ("copyright", "© 2014 Официальный информационный ресурс",
         r"^(?:©|\(c\)|copyright\b|все права защищены).*$"),
        ("staff line", "Ответственный редактор: Ли Цзин",
         r"^(?:ответственный\s+)?(?:редактор|автор|корреспондент|текст|перевод|фото|видео"
         r"|editor|author)\s*[:—–-]\s*.{1,60}$"),
        ("interviewer's byline", "Беседовал Ерлан САПАРОВ",
         r"^(?:беседовал[аи]?|беседу\s+вел[аи]?|записал[аи]?|подготовил[аи]?|интервьюировал[аи]?)"
         r"\s+(?:(?:[А-ЯЁ][а-яёА-ЯЁ-]+\s*){1,3}\.?|корреспондент\s.{1,50})$"),
        ("keywords", "Ключевые слова: Китай, Казахстан",
         r"^(?:ключевые слова|теги|tags|keywords|рубрика)\s*:.*$"),
        ("column byline", "Колонка обозревателя Марата Ержанова",
         r"^(?:колонка|авторская колонка|мнение|блог)(?:\s+(?:обозревателя|автора|эксперта))?"
         r"\s+[А-ЯЁ][а-яё]+(?:\s+[А-ЯЁ][а-яё]+)?$"),
        ("share prompt", "Поделиться в соцсетях",
         r"^(?:поделиться|share|подписаться|подпишитесь|версия для печати|распечатать).{0,40}$"),
    )
)  # fmt: skip
# A site's name glued to the headline: "_Russian.news.cn", "| Kazinform", " - Tengrinews.kz".
_SITE_SUFFIX = re.compile(
    r"\s*(?:[_|丨]\s*|\s[-–—]\s+)(?=[\w.\- ]{3,40}$)"
    r"(?P<site>(?:[\w-]+\.)+[a-z]{2,6}|[A-Z][\w]+(?:\.[\w]+)*(?:\s[A-Z][\w]+)?)\s*$"
)


def is_furniture(line: str) -> bool:
    line = line.strip().strip("[]()").strip()
    return bool(line) and any(pattern.match(line) for _, _, pattern in FURNITURE)


def without_site_name(line: str) -> str:
    """The headline without the site's name glued to it; other lines as they are."""
    match = _SITE_SUFFIX.search(line)
    if match is None or len(line) - len(match.group(0)) < 15:
        return line
    return line[: match.start()].rstrip()
