"""Fetching pages from a real HTTP server on 127.0.0.1: limits, faults and the address guard."""

from __future__ import annotations

import pytest
from newsite import NewsSite

from bot.fetch import FEED_TYPES, USER_AGENT, Fetcher
from bot.urlsafety import (
    AllowList,
    FetchError,
    GuardedResolver,
    Refused,
    address_problem,
    check_url,
    parse_target,
)


@pytest.mark.parametrize(
    ("address", "problem"),
    [
        ("127.0.0.1", "loopback"),
        ("127.3.2.1", "loopback"),
        ("::1", "loopback"),
        ("::ffff:127.0.0.1", "loopback"),
        ("10.20.30.40", "private"),
        ("172.16.5.4", "private"),
        ("192.168.1.1", "private"),
        ("fd00::1", "private"),
        ("169.254.169.254", "link-local"),
        ("fe80::1%eth0", "link-local"),
        ("224.0.0.251", "multicast"),
        ("0.0.0.0", "private"),
        ("240.0.0.1", "private"),
        ("100.64.0.1", "not public"),
        ("8.8.8.8", None),
        ("2a00:1450:4001:81c::200e", None),
    ],
)
def test_internal_addresses_are_named_and_public_ones_pass(
    address: str, problem: str | None
) -> None:
    assert address_problem(address) == problem


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("ftp://example.com/file.txt", "«ftp:»"),
        ("file:///etc/passwd", "«file:»"),
        ("javascript:alert(1)", "«javascript:»"),
        ("gopher://example.com/", "«gopher:»"),
        ("example.com/news", "без схемы"),
        ("http://user:secret@example.com/", "логином и паролем"),
        ("http:///news", "нет адреса"),
        ("http://example.com:99999/", "неправильная ссылка"),
    ],
)
def test_only_plain_http_urls_are_accepted(url: str, message: str) -> None:
    with pytest.raises(Refused, match=message) as caught:
        parse_target(url)
    assert "secret" not in str(caught.value)


def test_allow_list_names_hosts_with_or_without_a_port() -> None:
    allow = AllowList.parse(["127.0.0.1:8080", "Mirror.Local", "[::1]:9000", " "])
    assert allow.allows("127.0.0.1", 8080)
    assert not allow.allows("127.0.0.1", 8081)
    assert allow.allows("mirror.local", 443) and allow.allows("MIRROR.local", 80)
    assert allow.allows("::1", 9000) and not allow.allows("::1", 80)
    assert not AllowList().allows("127.0.0.1", 8080)


async def test_loopback_is_refused_unless_allowed_by_host_and_port() -> None:
    with pytest.raises(Refused, match="внутренний"):
        await check_url("http://127.0.0.1:8080/news", AllowList())
    with pytest.raises(Refused, match=r"169\.254\.169\.254"):
        await check_url("http://169.254.169.254/latest/", AllowList.parse(["127.0.0.1"]))
    target = await check_url("http://127.0.0.1:8080/news", AllowList.parse(["127.0.0.1:8080"]))
    assert (target.host, target.port) == ("127.0.0.1", 8080)


async def test_a_host_name_resolving_inside_is_refused() -> None:
    with pytest.raises(Refused, match=r"localhost \((127\.0\.0\.1|::1)\)"):
        await check_url("http://localhost/", AllowList())


async def test_the_resolver_refuses_internal_answers_at_connection_time() -> None:
    """Protects against a DNS answer that changes between the check and the connection."""
    resolver = GuardedResolver(AllowList())
    with pytest.raises(Refused):
        await resolver.resolve("localhost", 80)
    allowed = GuardedResolver(AllowList.parse(["localhost"]))
    assert await allowed.resolve("localhost", 80)
    await resolver.close()
    await allowed.close()


# -- against the local news site -----------------------------------------------------------------


def fetcher_for(site: NewsSite, **kwargs: object) -> Fetcher:
    return Fetcher(AllowList.parse([site.host]), **kwargs)  # type: ignore[arg-type]


async def test_the_local_server_is_refused_without_the_setting_and_fetched_with_it(
    site: NewsSite,
) -> None:
    url = f"{site.url}/politics/kz-cn-transit"
    async with Fetcher(AllowList()) as fetcher:
        with pytest.raises(Refused, match=r"127\.0\.0\.1"):
            await fetcher.get(url)
    assert site.hits[url.removeprefix(site.url)] == 0  # nothing was sent
    async with fetcher_for(site) as fetcher:
        fetched = await fetcher.get(url)
    assert fetched.status == 200 and b"<article" in fetched.body
    assert site.user_agents == {USER_AGENT}


async def test_redirects_are_followed_to_the_final_url(site: NewsSite) -> None:
    async with fetcher_for(site) as fetcher:
        fetched = await fetcher.get(f"{site.url}/hop/3")
    assert fetched.url == f"{site.url}/politics/kz-cn-transit"


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/missing", "HTTP 404: страница не найдена"),
        ("/broken", "HTTP 500: ошибка на стороне сайта"),
        ("/loop", "слишком много перенаправлений (больше 5)"),
        ("/report.pdf", "это не HTML-страница, а application/pdf"),
        ("/huge", "слишком большой ответ (больше 5 МБ)"),
        ("/huge-declared", "слишком большой ответ (50 МБ, предел 5 МБ)"),
        ("/to-private", "адрес localhost"),
        ("/to-metadata", "169.254.169.254"),
        ("/to-ftp", "«ftp:»"),
    ],
)
async def test_each_fault_is_one_clear_line(site: NewsSite, path: str, message: str) -> None:
    async with fetcher_for(site) as fetcher:
        with pytest.raises(FetchError) as caught:
            await fetcher.get(site.url + path)
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


async def test_a_redirect_loop_stops_after_five_redirects(site: NewsSite) -> None:
    async with fetcher_for(site) as fetcher:
        with pytest.raises(FetchError):
            await fetcher.get(f"{site.url}/loop")
    assert site.hits["/loop"] == 6  # the first request and five redirects


async def test_a_redirect_into_the_machine_sends_nothing_there(site: NewsSite) -> None:
    async with fetcher_for(site) as fetcher:
        with pytest.raises(Refused):
            await fetcher.get(f"{site.url}/to-private")
    assert site.hits["/politics/kz-cn-transit"] == 0


async def test_a_silent_server_times_out(site: NewsSite) -> None:
    async with fetcher_for(site, timeout=0.5) as fetcher:
        with pytest.raises(FetchError, match=r"не ответил за 0\.5 с"):
            await fetcher.get(f"{site.url}/slow")


async def test_a_feed_is_fetched_conditionally(site: NewsSite) -> None:
    url = f"{site.url}/feeds/main.xml"
    async with fetcher_for(site) as fetcher:
        first = await fetcher.get(url, FEED_TYPES)
        assert first.etag and not first.not_modified and b"<rss" in first.body
        again = await fetcher.get(url, FEED_TYPES, etag=first.etag)
    assert again.not_modified and again.body == b""
