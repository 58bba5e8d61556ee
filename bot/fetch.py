"""Fetching one web page or feed within limits: time, size, redirects, content type, addresses.

Every failure becomes a `FetchError` with a one-line message (the URL is the caller's to show);
nothing here raises a traceback at a user. Redirects are followed by hand so that each new
location passes `check_url` before anything is sent to it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin

import aiohttp

from bot.urlsafety import AllowList, FetchError, GuardedResolver, Refused, check_url

USER_AGENT = "kzcn-briefing/0.1 (a news briefing bot that indexes Russian-language articles)"
MAX_BYTES = 5 * 1024 * 1024
MAX_REDIRECTS = 5
CHUNK = 64 * 1024

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
# Feeds are often served under a generic XML type, sometimes as text/html or text/plain;
# feedparser tells a feed from a page.
FEED_TYPES = frozenset(
    {
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/xml",
        "text/xml",
        "text/html",
        "text/plain",
    }
)
REDIRECTS = frozenset({301, 302, 303, 307, 308})

# What an HTTP error status means to someone who pasted a link.
STATUS_MEANING = {
    400: "сервер не понял запрос",
    401: "нужен вход на сайт",
    403: "доступ запрещён",
    404: "страница не найдена",
    410: "страница удалена",
    429: "сайт просит подождать (слишком много запросов)",
    451: "страница недоступна по юридическим причинам",
}


def status_message(status: int, reason: str | None = None) -> str:
    meaning = STATUS_MEANING.get(status) or (
        "ошибка на стороне сайта" if status >= 500 else (reason or "ошибка")
    )
    return f"HTTP {status}: {meaning}"


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} МБ"


@dataclass(frozen=True, slots=True)
class Fetched:
    """A response worth reading, or a 304 (`not_modified`) to a conditional request."""

    url: str  # after redirects
    status: int
    content_type: str
    charset: str | None
    body: bytes
    etag: str | None = None
    last_modified: str | None = None

    @property
    def not_modified(self) -> bool:
        return self.status == 304


class Fetcher:
    """One aiohttp session with the limits above; use as `async with Fetcher(...) as fetcher`."""

    def __init__(
        self,
        allow: AllowList | None = None,
        *,
        timeout: float = 15.0,
        max_bytes: int = MAX_BYTES,
        max_redirects: int = MAX_REDIRECTS,
        connections: int = 16,
    ) -> None:
        self.allow = allow or AllowList()
        self.timeout = timeout
        self.max_bytes = max_bytes
        self.max_redirects = max_redirects
        self.connections = connections
        self._session: aiohttp.ClientSession | None = None

    @classmethod
    def from_settings(cls, settings: Any, **kwargs: Any) -> Fetcher:
        return cls(
            AllowList.parse(getattr(settings, "fetch_allow_hosts", ())),
            timeout=getattr(settings, "fetch_timeout_seconds", 15.0),
            **kwargs,
        )

    async def __aenter__(self) -> Fetcher:
        connector = aiohttp.TCPConnector(
            resolver=GuardedResolver(self.allow), limit=self.connections, limit_per_host=8
        )
        self._session = aiohttp.ClientSession(
            connector=connector,
            headers={"User-Agent": USER_AGENT, "Accept-Language": "ru, en;q=0.5"},
            timeout=aiohttp.ClientTimeout(
                total=self.timeout * 4, sock_connect=self.timeout, sock_read=self.timeout
            ),
            trust_env=False,  # no proxy from the environment: it would bypass the checks
        )
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def get(
        self,
        url: str,
        accept: frozenset[str] = HTML_TYPES,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
    ) -> Fetched:
        """The body at `url` (following up to `max_redirects`), or FetchError saying why not."""
        if self._session is None:
            raise RuntimeError("use `async with Fetcher(...)`")
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        current = url.strip()
        try:
            for _ in range(self.max_redirects + 1):
                await check_url(current, self.allow)
                async with self._session.get(
                    current, headers=headers, allow_redirects=False
                ) as response:
                    if response.status in REDIRECTS:
                        location = response.headers.get("Location")
                        if not location:
                            raise FetchError(f"HTTP {response.status} без адреса перехода")
                        current = urljoin(str(response.url), location)
                        continue
                    return await self._read(response, accept)
        except FetchError:
            raise
        except TimeoutError as error:
            raise FetchError(f"сайт не ответил за {self.timeout:g} с") from error
        except aiohttp.ClientConnectorDNSError as error:
            raise FetchError(f"сайт {error.host} не найден") from error
        except aiohttp.ClientConnectorError as error:
            raise FetchError(f"не удалось подключиться к {error.host}") from error
        except aiohttp.InvalidURL as error:
            raise Refused(f"неправильная ссылка: {error}") from error
        except (aiohttp.ClientError, UnicodeError, ValueError) as error:
            raise FetchError(f"ошибка при загрузке: {type(error).__name__}") from error
        raise FetchError(f"слишком много перенаправлений (больше {self.max_redirects})")

    async def _read(self, response: aiohttp.ClientResponse, accept: frozenset[str]) -> Fetched:
        etag = response.headers.get("ETag")
        last_modified = response.headers.get("Last-Modified")
        if response.status == 304:
            return Fetched(str(response.url), 304, "", None, b"", etag, last_modified)
        if response.status >= 400:
            raise FetchError(status_message(response.status, response.reason))
        if response.status != 200:
            raise FetchError(f"HTTP {response.status}: неожиданный ответ")
        content_type = response.content_type.lower()
        if content_type not in accept:
            kind = "HTML-страница" if accept == HTML_TYPES else "RSS/Atom-лента"
            raise FetchError(f"это не {kind}, а {content_type or 'неизвестный тип'}")
        declared = response.content_length
        if declared is not None and declared > self.max_bytes:
            raise FetchError(
                f"слишком большой ответ ({_megabytes(declared)}, предел {_megabytes(self.max_bytes)})"
            )
        body = bytearray()
        async for chunk in response.content.iter_chunked(CHUNK):
            body += chunk
            if len(body) > self.max_bytes:
                raise FetchError(f"слишком большой ответ (больше {_megabytes(self.max_bytes)})")
        return Fetched(
            str(response.url),
            200,
            content_type,
            response.charset,
            bytes(body),
            etag,
            last_modified,
        )


__all__ = [
    "FEED_TYPES",
    "HTML_TYPES",
    "FetchError",
    "Fetched",
    "Fetcher",
    "Refused",
]
