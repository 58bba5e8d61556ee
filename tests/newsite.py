"""A local news site on 127.0.0.1 for fetching tests: pages and feeds built like real ones, and faults.

Pages carry what news sites wrap around an article (menu, breadcrumbs, cookie banner, share
buttons, "read also", comments, footer); one is in cp1251, one is dated only in JSON-LD, one
only in its URL, one not at all. Faults: 404, 500, a response slower than any timeout, a
redirect loop, a redirect into an internal address, a 50 MB body, a PDF, a malformed feed.
Feeds (RSS 0.91, 1.0, 2.0 and Atom) answer conditional GETs with 304. All texts are written for
these tests. `NewsSite.hits` counts requests per path.
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import json
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime

from aiohttp import web

SITE = "Степной вестник"
COOKIE_BANNER = (
    "Мы используем файлы cookie, чтобы сайт работал удобнее. Оставаясь на сайте, вы "
    "соглашаетесь с политикой обработки персональных данных."
)
MENU = ["Главная", "Политика", "Экономика", "Общество", "В мире", "Спорт", "Видео"]
READ_ALSO = [
    "Курс тенге за неделю укрепился на полпроцента",
    "В Шымкенте открыли новый терминал аэропорта",
    "Синоптики обещают в Астане похолодание",
]
COMMENTS = [
    ("Ерлан_87", "Давно пора расширять переходы, фуры на границе стоят по трое суток."),
    ("Гость", "А про пассажирский поезд до Урумчи что-нибудь известно? Билетов не достать."),
]
FOOTER = "© Степной вестник, 2009–2025. Все права защищены. При цитировании ссылка обязательна."

# Words in every piece of furniture above: none of them may reach an article's text.
FURNITURE = [
    "файлы cookie",
    "Курс тенге за неделю",
    "фуры на границе стоят",
    "Билетов не достать",
    "Все права защищены",
    "Поделиться",
    "Видео",
]


def news_page(
    title: str,
    paragraphs: list[str],
    *,
    published: str | None = None,
    jsonld_date: str | None = None,
    author: str | None = "Айгерим Сапарова",
    charset: str = "utf-8",
    lang: str = "ru",
    section: str = "Политика",
) -> str:
    """An article page as a Kazakh news site lays it out."""
    esc = html.escape
    head = [f'<meta charset="{charset}">', f"<title>{esc(title)} — {SITE}</title>"]
    head.append(f'<meta property="og:title" content="{esc(title)}">')
    head.append(f'<meta property="og:site_name" content="{SITE}">')
    if published:
        head.append(f'<meta property="article:published_time" content="{published}">')
    if author:
        head.append(f'<meta name="author" content="{esc(author)}">')
    if jsonld_date:
        data = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": title,
            "datePublished": jsonld_date,
            "publisher": {"@type": "Organization", "name": SITE},
        }
        head.append(
            f'<script type="application/ld+json">{json.dumps(data, ensure_ascii=False)}</script>'
        )
    menu = "".join(f'<li><a href="/{n}">{m}</a></li>' for n, m in enumerate(MENU))
    related = "".join(f'<li><a href="/related/{n}">{t}</a></li>' for n, t in enumerate(READ_ALSO))
    comments = "".join(
        f'<div class="comment"><span class="comment__author">{who}</span>'
        f'<p class="comment__text">{text}</p></div>'
        for who, text in COMMENTS
    )
    body = "".join(f"<p>{esc(p)}</p>" for p in paragraphs)
    byline = f'<div class="article__author">{esc(author)}</div>' if author else ""
    return f"""<!DOCTYPE html>
<html lang="{lang}"><head>{"".join(head)}</head>
<body>
<div class="cookie-notice" id="cookie">{COOKIE_BANNER} <button>Хорошо</button></div>
<header class="site-header"><a class="logo" href="/">{SITE}</a>
<nav class="main-menu"><ul>{menu}</ul></nav>
<form class="search"><input name="q" placeholder="Поиск по сайту"></form></header>
<div class="breadcrumbs"><a href="/">Главная</a> › <a href="/politics">{section}</a> › Новости</div>
<main class="content">
<article class="article">
<h1 class="article__title">{esc(title)}</h1>
{byline}
<div class="article__body">{body}</div>
<div class="share">Поделиться: <a href="#">ВКонтакте</a> · <a href="#">Telegram</a> · <a href="#">WhatsApp</a></div>
</article>
<section class="read-also"><h2>Читайте также</h2><ul>{related}</ul></section>
<section class="comments"><h2>Комментарии (2)</h2>{comments}
<form><textarea placeholder="Ваш комментарий"></textarea><button>Отправить</button></form>
</section>
</main>
<aside class="sidebar"><h3>Популярное</h3><ul>{related}</ul></aside>
<footer class="site-footer"><p>{FOOTER}</p><p>Реклама на сайте · Контакты · Вакансии</p></footer>
</body></html>"""


# -- the articles ------------------------------------------------------------------------------

TRANSIT = [
    "Министр транспорта Казахстана Марат Карабаев провёл в Астане переговоры с заместителем "
    "министра транспорта КНР Ли Яном. Стороны обсудили, как увеличить объём транзитных "
    "перевозок через пункты пропуска Достык и Хоргос.",
    "По словам министра, в прошлом году через казахстанско-китайскую границу прошло более 28 "
    "миллионов тонн грузов. В ближайшие три года стороны рассчитывают нарастить этот "
    "показатель на четверть.",
    "Отдельно речь шла о строительстве второго пути на участке Достык — Мойынты и о переводе "
    "таможенных процедур в электронный вид. Следующую встречу рабочей группы назначили на "
    "осень в Урумчи.",
]
CP1251_VISIT = [
    "Аким Алматинской области Марат Султангазиев встретился с делегацией Синьцзян-Уйгурского "
    "автономного района во главе с вице-председателем правительства района Чжан Чуньлинем.",
    "Гости побывали на индустриальной зоне «Хоргос — Восточные ворота» и осмотрели склады "
    "сухого порта. Стороны договорились открыть в Жаркенте совместный центр подготовки "
    "водителей-международников.",
    "Как отметил аким, товарооборот области с соседним районом Китая за год вырос почти "
    "на треть, а число совместных предприятий превысило сорок.",
]
JSONLD_FORUM = [
    "В Сиане завершился казахстанско-китайский деловой форум, в котором приняли участие более "
    "трёхсот предпринимателей двух стран. Делегацию Казахстана возглавил министр торговли и "
    "интеграции Арман Шаккалиев.",
    "По итогам форума подписаны коммерческие соглашения о поставках зерна, мёда и "
    "растительного масла на общую сумму около 400 миллионов долларов.",
    "Участники обсудили запуск контейнерного поезда из Сианя в Алматы по фиксированному "
    "расписанию и упрощение фитосанитарного контроля для казахстанской сельхозпродукции.",
]
NO_DATE_NOTE = [
    "Посольство Казахстана в Пекине напоминает гражданам о правилах безвизового въезда в "
    "Китайскую Народную Республику. Находиться в стране без визы можно до тридцати дней "
    "подряд.",
    "Безвизовый режим не распространяется на работу, учёбу и журналистскую деятельность: для "
    "них по-прежнему нужна виза соответствующей категории.",
    "Подробности можно узнать в консульском отделе посольства или на его официальной странице.",
]
URL_DATED_RAIL = [
    "Казахстанские и китайские железнодорожники договорились увеличить число контейнерных "
    "поездов, следующих через станцию Алтынколь. Об этом сообщил председатель правления "
    "национальной компании Талгат Алиев после встречи с руководством China Railway.",
    "Стороны намерены довести число поездов до восьми в сутки и ввести единый электронный "
    "документ на перевозку груза.",
]
WANG_YI = [
    "Министр иностранных дел Казахстана Мурат Нуртлеу провёл телефонный разговор с министром "
    "иностранных дел КНР Ван И. Собеседники обсудили подготовку предстоящего заседания "
    "Казахстанско-китайского комитета по сотрудничеству.",
    "Ван И подтвердил, что китайская сторона готова принять казахстанскую делегацию в Пекине "
    "и рассмотреть новые проекты в сфере энергетики и цифровой экономики.",
]
FOOTBALL = [
    "Футбольный клуб «Кайрат» обыграл на своём поле «Тобол» со счётом 2:1 и поднялся на "
    "второе место в турнирной таблице чемпионата.",
    "Решающий мяч на последних минутах встречи забил полузащитник команды, вышедший на замену "
    "во втором тайме. Следующий матч алматинцы проведут в Караганде.",
]
ENTRY_DATED_ONLY = [
    "Правительство Казахстана одобрило проект соглашения с Китаем о совместной охране и "
    "рациональном использовании трансграничных рек Или и Иртыш.",
    "Документ предусматривает обмен данными гидрологических постов в режиме реального "
    "времени и ежегодные встречи совместной комиссии.",
]

PAGES: dict[str, dict] = {
    "/politics/kz-cn-transit": {
        "title": "Казахстан и Китай обсудили рост транзита через Достык и Хоргос",
        "paragraphs": TRANSIT,
        "published": "2024-05-22T10:15:00+05:00",
    },
    "/regions/almaty-xinjiang": {
        "title": "Алматинская область и Синьцзян откроют центр подготовки водителей",
        "paragraphs": CP1251_VISIT,
        "published": "2024-04-03T09:00:00+05:00",
        "charset": "windows-1251",
    },
    "/economy/xian-forum": {
        "title": "Казахстанские предприниматели подписали в Сиане контракты на $400 млн",
        "paragraphs": JSONLD_FORUM,
        "jsonld_date": "2024-06-14T18:30:00+08:00",
    },
    "/society/visa-free": {
        "title": "Посольство напомнило о правилах безвизового въезда в Китай",
        "paragraphs": NO_DATE_NOTE,
        "author": None,
    },
    "/news/2024/03/14/altynkol-trains": {
        "title": "Через Алтынколь пойдёт больше контейнерных поездов",
        "paragraphs": URL_DATED_RAIL,
    },
    "/politics/nurtleu-wang-yi-call": {
        "title": "Нуртлеу и Ван И обсудили заседание комитета по сотрудничеству",
        "paragraphs": WANG_YI,
        "published": "2024-07-01T12:00:00+05:00",
    },
    "/sport/kairat-tobol": {
        "title": "«Кайрат» обыграл «Тобол» и поднялся на второе место",
        "paragraphs": FOOTBALL,
        "published": "2024-07-01T21:40:00+05:00",
        "section": "Спорт",
    },
    "/politics/rivers-agreement": {
        "title": "Правительство одобрило соглашение с Китаем о трансграничных реках",
        "paragraphs": ENTRY_DATED_ONLY,
        "author": None,
    },
}
# The same article as /politics/nurtleu-wang-yi-call, republished under another address.
PAGES["/amp/nurtleu-wang-yi-call"] = PAGES["/politics/nurtleu-wang-yi-call"]


@dataclass(frozen=True, slots=True)
class Item:
    """A feed entry: `path` on this site (or an absolute link), its GUID, date and summary."""

    path: str
    title: str
    guid: str | None = None
    date: str | None = "Mon, 01 Jul 2024 12:00:00 +0500"
    summary: str = ""
    lang: str | None = None


MAIN_FEED = [
    Item("/politics/nurtleu-wang-yi-call", "Нуртлеу и Ван И обсудили заседание комитета", "n-101"),
    Item("/politics/kz-cn-transit", "Казахстан и Китай обсудили транзит", "n-102"),
    Item("/politics/kz-cn-transit", "Казахстан и Китай обсудили транзит", "n-102"),  # doubled
    Item("/amp/nurtleu-wang-yi-call", "Нуртлеу и Ван И: подробности", "n-103"),  # republished
    Item(
        "/sport/kairat-tobol",
        "«Кайрат» обыграл «Тобол»",
        "n-104",
        summary="Футбол: чемпионат Казахстана, 17-й тур.",
    ),
    Item(
        "/en/kazakhstan-china-trade",
        "Kazakhstan and China discuss trade corridors",
        "n-105",
        summary="Officials of the two countries met in Astana to discuss new railway links.",
    ),
    # its page shows no date: the entry's is used
    Item(
        "/politics/rivers-agreement",
        "Соглашение о трансграничных реках",
        "n-106",
        date="Tue, 02 Jul 2024 08:30:00 +0500",
    ),
    Item("/missing-article", "Статья, которой больше нет", "n-107"),
]


def rss2(items: list[Item], base: str, title: str = f"{SITE}: Политика") -> str:
    esc = html.escape
    entries = []
    for item in items:
        link = item.path if "://" in item.path else base + item.path
        parts = [f"<title>{esc(item.title)}</title>", f"<link>{esc(link)}</link>"]
        if item.guid:
            parts.append(f'<guid isPermaLink="false">{esc(item.guid)}</guid>')
        if item.date:
            parts.append(f"<pubDate>{item.date}</pubDate>")
        if item.summary:
            parts.append(f"<description>{esc(item.summary)}</description>")
        entries.append(f"<item>{''.join(parts)}</item>")
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
        f"<title>{esc(title)}</title><link>{base}/</link><language>ru</language>"
        f"<description>Новости</description>{''.join(entries)}</channel></rss>"
    )


def atom(items: list[Item], base: str, title: str = f"{SITE}: Экономика") -> str:
    esc = html.escape
    entries = []
    for item in items:
        link = item.path if "://" in item.path else base + item.path
        stamp = parsedate_to_datetime(item.date).isoformat() if item.date else "2024-06-14T18:30:00"
        lang = f' xml:lang="{item.lang}"' if item.lang else ""
        entries.append(
            f"<entry{lang}><title>{esc(item.title)}</title>"
            f'<link rel="alternate" href="{esc(link)}"/><id>{esc(item.guid or link)}</id>'
            f"<updated>{stamp}</updated><published>{stamp}</published>"
            f"<summary>{esc(item.summary or item.title)}</summary></entry>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" '
        f'xml:lang="ru"><title>{esc(title)}</title><id>{base}/atom</id>'
        f"<updated>2024-06-14T18:30:00+08:00</updated>{''.join(entries)}</feed>"
    )


def rss1(items: list[Item], base: str) -> str:
    esc = html.escape
    links = [item.path if "://" in item.path else base + item.path for item in items]
    seq = "".join(f'<rdf:li rdf:resource="{esc(link)}"/>' for link in links)
    entries = "".join(
        f'<item rdf:about="{esc(link)}"><title>{esc(item.title)}</title><link>{esc(link)}</link>'
        f"<dc:date>{parsedate_to_datetime(item.date).isoformat() if item.date else ''}</dc:date>"
        "</item>"
        for item, link in zip(items, links, strict=True)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f'<channel rdf:about="{base}/rdf"><title>{SITE}: Регионы</title><link>{base}/</link>'
        f"<description>Регионы</description><items><rdf:Seq>{seq}</rdf:Seq></items></channel>"
        f"{entries}</rdf:RDF>"
    )


def rss091(items: list[Item], base: str) -> str:
    esc = html.escape
    entries = "".join(
        f"<item><title>{esc(i.title)}</title><link>{esc(base + i.path)}</link></item>"
        for i in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="0.91"><channel>'
        f"<title>{SITE}: Архив</title><link>{base}/</link><description>Архив</description>"
        f"<language>ru</language>{entries}</channel></rss>"
    )


MALFORMED_FEED = (
    '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><title>Сломанная'
    "</titl><item><title>Без конца & без начала <link>http://"
)


@dataclass
class NewsSite:
    """The site; `async with NewsSite() as site:` serves it on 127.0.0.1 at `site.url`."""

    slow_seconds: float = 5.0
    hits: Counter = field(default_factory=Counter)
    user_agents: set[str] = field(default_factory=set)
    extra_pages: dict[str, str] = field(default_factory=dict)  # path → full HTML
    extra_feeds: dict[str, str] = field(default_factory=dict)  # path → feed XML
    url: str = ""
    port: int = 0
    _runner: web.AppRunner | None = None

    @property
    def host(self) -> str:
        return f"127.0.0.1:{self.port}"

    async def __aenter__(self) -> NewsSite:
        app = web.Application()
        app.router.add_route("GET", "/{tail:.*}", self._dispatch)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.5)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = self._runner.addresses[0][1]
        self.url = f"http://127.0.0.1:{self.port}"
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    def feed_xml(self, path: str) -> str | None:
        feeds: dict[str, Callable[[], str]] = {
            "/feeds/main.xml": lambda: rss2(MAIN_FEED, self.url),
            "/feeds/economy.atom": lambda: atom(
                [
                    Item("/economy/xian-forum", "Контракты в Сиане", "tag:forum-1"),
                    Item(
                        "/kk/forum",
                        "Сиан форумы",
                        "tag:forum-kk",
                        lang="kk",
                        summary="Қазақстандық кәсіпкерлер Сиан қаласында келісімшарттарға қол қойды.",
                    ),
                ],
                self.url,
            ),
            "/feeds/regions.rdf": lambda: rss1(
                [Item("/regions/almaty-xinjiang", "Алматинская область и Синьцзян")], self.url
            ),
            "/feeds/archive.xml": lambda: rss091(
                [Item("/news/2024/03/14/altynkol-trains", "Алтынколь")], self.url
            ),
            "/feeds/broken.xml": lambda: MALFORMED_FEED,
            "/feeds/redirect-to-private.xml": lambda: rss2(
                [Item("/to-private", "Перенаправление внутрь")], self.url
            ),
        }
        if path in self.extra_feeds:
            return self.extra_feeds[path]
        make = feeds.get(path)
        return make() if make else None

    async def _dispatch(self, request: web.Request) -> web.StreamResponse:
        path = request.path
        self.hits[path] += 1
        self.user_agents.add(request.headers.get("User-Agent", ""))
        if path in self.extra_pages:
            return web.Response(text=self.extra_pages[path], content_type="text/html")
        if path in PAGES:
            spec = dict(PAGES[path])
            charset = spec.get("charset", "utf-8")
            page = news_page(**spec)
            # The cp1251 page declares its charset only in a meta tag, as old sites do.
            return web.Response(body=page.encode(charset), headers={"Content-Type": "text/html"})
        if (xml := self.feed_xml(path)) is not None:
            etag = f'"{abs(hash(xml)) % 10**8}"'
            if request.headers.get("If-None-Match") == etag:
                return web.Response(status=304, headers={"ETag": etag})
            return web.Response(
                text=xml, content_type="application/rss+xml", headers={"ETag": etag}
            )
        return await self._fault(request, path)

    async def _fault(self, request: web.Request, path: str) -> web.StreamResponse:
        if path == "/broken":
            return web.Response(status=500, text="Internal Server Error")
        if path == "/slow":
            with contextlib.suppress(asyncio.CancelledError):
                await asyncio.sleep(self.slow_seconds)
            return web.Response(
                text="<html><body><p>поздно</p></body></html>", content_type="text/html"
            )
        if path == "/loop":
            raise web.HTTPFound("/loop")
        if path.startswith("/hop/"):  # /hop/3 → /hop/2 → /hop/1 → the transit article
            left = int(path.rsplit("/", 1)[1])
            raise web.HTTPMovedPermanently(
                f"/hop/{left - 1}" if left > 1 else "/politics/kz-cn-transit"
            )
        if path == "/to-private":
            # localhost is this machine too: not allowed unless named in FETCH_ALLOW_HOSTS.
            raise web.HTTPFound(f"http://localhost:{self.port}/politics/kz-cn-transit")
        if path == "/to-metadata":
            raise web.HTTPFound("http://169.254.169.254/latest/meta-data/")
        if path == "/to-ftp":
            raise web.HTTPFound("ftp://127.0.0.1/pub/file.txt")
        if path == "/report.pdf":
            return web.Response(body=b"%PDF-1.4\n%...", content_type="application/pdf")
        if path in ("/huge", "/huge-declared"):
            return await self._huge(request, declared=path == "/huge-declared")
        return web.Response(status=404, text="Страница не найдена", content_type="text/html")

    async def _huge(self, request: web.Request, declared: bool) -> web.StreamResponse:
        """50 MB of HTML, streamed (with or without a Content-Length saying so)."""
        size = 50 * 1024 * 1024
        response = web.StreamResponse(headers={"Content-Type": "text/html; charset=utf-8"})
        if declared:
            response.content_length = size
        await response.prepare(request)
        chunk = b"<p>" + "очень длинная страница ".encode() * 2800 + b"</p>\n"
        sent = 0
        with contextlib.suppress(ConnectionError, asyncio.CancelledError):
            while sent < size:
                await response.write(chunk)
                sent += len(chunk)
        return response


@contextlib.contextmanager
def site_in_thread(**options: object) -> Iterator[NewsSite]:
    """The site served from its own thread and event loop, for code that runs `asyncio.run`."""
    loop = asyncio.new_event_loop()
    site = NewsSite(**options)  # type: ignore[arg-type]
    ready = threading.Event()
    stop = asyncio.Event()

    async def serve() -> None:
        async with site:
            ready.set()
            await stop.wait()

    thread = threading.Thread(target=loop.run_until_complete, args=(serve(),), daemon=True)
    thread.start()
    ready.wait(10)
    try:
        yield site
    finally:
        loop.call_soon_threadsafe(stop.set)
        thread.join(10)
        loop.close()
