"""Which URLs the bot may fetch: http(s) only, and never an address inside the network.

URLs come from admins and from feeds, so a link to 127.0.0.1, 10.x or a cloud metadata address
must not turn the bot into a proxy into its own network. Every address a host resolves to is
checked before the first request and after every redirect, and once more by `GuardedResolver`
when aiohttp connects, so a DNS answer that changes in between gains nothing.
FETCH_ALLOW_HOSTS names the exceptions (a local test server, an intranet mirror).
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from aiohttp.abc import AbstractResolver, ResolveResult
from aiohttp.resolver import ThreadedResolver

ALLOWED_SCHEMES = {"http": 80, "https": 443}

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

# The first rule that holds names why an address is refused; the last catches whatever else
# is not a public address (shared address space, documentation ranges, ...).
ADDRESS_RULES: tuple[tuple[str, Callable[[IPAddress], bool]], ...] = (
    ("loopback", lambda ip: ip.is_loopback),
    ("link-local", lambda ip: ip.is_link_local),
    ("private", lambda ip: ip.is_private),
    ("multicast", lambda ip: ip.is_multicast),
    ("reserved", lambda ip: ip.is_reserved or ip.is_unspecified),
    ("not public", lambda ip: not ip.is_global),
)


class FetchError(Exception):
    """A URL that could not be fetched, with a one-line message fit to show the user."""


class Refused(FetchError):
    """A URL we will not fetch at all (scheme, credentials, internal address)."""


def address_problem(address: str) -> str | None:
    """Why `address` must not be fetched ("loopback", "private", ...), or None if it is public."""
    ip: IPAddress = ipaddress.ip_address(address.split("%", 1)[0])  # drop an IPv6 zone
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped  # ::ffff:127.0.0.1 is 127.0.0.1
    return next((name for name, rule in ADDRESS_RULES if rule(ip)), None)


def is_ip_literal(host: str) -> bool:
    try:
        ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return False
    return True


@dataclass(frozen=True, slots=True)
class AllowList:
    """FETCH_ALLOW_HOSTS: `host` allows every port of it, `host:port` that port only."""

    entries: frozenset[tuple[str, int | None]] = frozenset()

    @classmethod
    def parse(cls, values: Iterable[str]) -> AllowList:
        entries = set()
        for value in values:
            value = value.strip().lower()
            if not value:
                continue
            host, port = value, None
            if value.startswith("["):  # [::1]:8080
                host, _, rest = value[1:].partition("]")
                port = int(rest[1:]) if rest.startswith(":") and rest[1:].isdigit() else None
            elif value.count(":") == 1:
                name, _, number = value.partition(":")
                if number.isdigit():
                    host, port = name, int(number)
            entries.add((host, port))
        return cls(frozenset(entries))

    def allows(self, host: str, port: int) -> bool:
        host = host.lower().strip("[]")
        return (host, None) in self.entries or (host, port) in self.entries


@dataclass(frozen=True, slots=True)
class Target:
    url: str
    host: str
    port: int


def parse_target(url: str) -> Target:
    """The host and port `url` points at; Refused for other schemes and embedded passwords."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as error:
        raise Refused(f"неправильная ссылка: {error}") from error
    scheme = parts.scheme.lower()
    if scheme not in ALLOWED_SCHEMES:
        shown = f"«{scheme}:»" if scheme else "без схемы"
        raise Refused(f"загружаются только ссылки http:// и https://, а эта {shown}")
    if parts.username is not None or parts.password is not None:
        raise Refused("ссылки с логином и паролем не загружаются")
    host = (parts.hostname or "").lower()
    if not host:
        raise Refused("в ссылке нет адреса сайта")
    return Target(url.strip(), host, port or ALLOWED_SCHEMES[scheme])


def refuse_addresses(host: str, addresses: Iterable[str]) -> None:
    """Refused if any address `host` resolved to is internal (one bad answer is enough)."""
    for address in addresses:
        problem = address_problem(address)
        if problem is not None:
            where = host if host == address else f"{host} ({address})"
            raise Refused(f"адрес {where} — внутренний ({problem}): такие адреса не загружаются")


async def resolve(host: str, port: int) -> list[str]:
    loop = asyncio.get_running_loop()
    try:
        infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as error:
        raise FetchError(f"сайт {host} не найден") from error
    return [str(info[4][0]) for info in infos]


async def check_url(url: str, allow: AllowList) -> Target:
    """The URL's target if it may be fetched; Refused (or FetchError if its host is unknown)."""
    target = parse_target(url)
    if allow.allows(target.host, target.port):
        return target
    if is_ip_literal(target.host):
        refuse_addresses(target.host, [target.host])
    else:
        refuse_addresses(target.host, await resolve(target.host, target.port))
    return target


class GuardedResolver(AbstractResolver):
    """aiohttp's resolver, refusing internal addresses at connection time too."""

    def __init__(self, allow: AllowList, inner: AbstractResolver | None = None) -> None:
        self.allow = allow
        self.inner = inner or ThreadedResolver()

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        results = await self.inner.resolve(host, port, family)
        if not self.allow.allows(host, port):
            refuse_addresses(host, [result["host"] for result in results])
        return results

    async def close(self) -> None:
        await self.inner.close()
