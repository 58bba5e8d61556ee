"""Runtime configuration, read from the environment and `.env` (see `.env.example`)."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Annotated
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

DEFAULT_DATABASE = Path("data/briefings.db")
BUNDLED_DIR = Path(__file__).resolve().parent.parent / "data"


class Settings(BaseSettings):
    # Empty values (as in a copied .env.example) mean "use the default".
    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", env_ignore_empty=True, extra="ignore"
    )

    database_path: Path = DEFAULT_DATABASE
    bot_token: SecretStr | None = None
    admin_ids: Annotated[frozenset[int], NoDecode] = frozenset()
    timezone: str = "Asia/Almaty"
    telegram_api_url: str | None = None
    webhook_url: str | None = None
    webhook_host: str = "0.0.0.0"
    webhook_port: int = 8080
    webhook_path: str = "/telegram/webhook"
    webhook_secret: SecretStr | None = None
    bundled_dir: Path = BUNDLED_DIR
    default_language: str = "ru"
    digest_grace_hours: float = 6.0
    send_rate_per_second: float = 29.0  # Telegram allows ~30 msg/s; pacing at 29 sustains ~29
    send_max_attempts: int = 5
    log_level: str = "INFO"
    # Hosts (`host` or `host:port`) that may be fetched although they resolve to an internal
    # address: a local test server, an intranet mirror. Empty: only public addresses.
    fetch_allow_hosts: Annotated[frozenset[str], NoDecode] = frozenset()
    fetch_timeout_seconds: Annotated[float, Field(gt=0)] = 15.0  # to connect; between reads
    feed_poll_minutes: Annotated[float, Field(gt=0)] = 30.0
    # Per user: this many messages and button presses at once, then this many a second.
    throttle_burst: int = 8
    throttle_per_second: float = 2.0
    # The date the bot takes for today (2024-06-01), for demos of the bundled articles and tests;
    # empty: the real date in TIMEZONE. Digests keep the real clock.
    today: date | None = None

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        """Accept `ADMIN_IDS=1,2 3` as well as a JSON list."""
        if isinstance(value, str):
            return frozenset(int(part) for part in value.replace(",", " ").split())
        if isinstance(value, int):
            return frozenset({value})
        return value

    @field_validator("fetch_allow_hosts", mode="before")
    @classmethod
    def _split_hosts(cls, value: object) -> object:
        """`FETCH_ALLOW_HOSTS=127.0.0.1:8080, mirror.local` as well as a JSON list."""
        if isinstance(value, str):
            return frozenset(part.strip().lower() for part in value.split(",") if part.strip())
        return value

    @field_validator("telegram_api_url", "webhook_url")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        """A base URL the bot can put a path after; refused here, it cannot end up in an
        error message that quotes the request URL, token included."""
        if value is None:
            return None
        problem = url_problem(value)
        if problem:
            raise ValueError(
                f"must be an http:// or https:// URL such as http://127.0.0.1:8081 "
                f"({problem}), not {value!r}"
            )
        return value.strip()

    @property
    def uses_default_database(self) -> bool:
        return self.database_path == DEFAULT_DATABASE

    def is_admin(self, user_id: int | None) -> bool:
        return user_id is not None and user_id in self.admin_ids


def url_problem(value: str) -> str | None:
    """What is wrong with `value` as an http(s) base URL, or None when nothing is."""
    text = value.strip()
    if not text or any(ch.isspace() for ch in text):
        return "it is empty or contains spaces"
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https"):
        return "no http:// or https:// scheme"
    try:
        parts.port  # noqa: B018 - raises on a port that is not a number in range
    except ValueError:
        return "the port is not a number from 1 to 65535"
    if not parts.hostname:
        return "no host name"
    if parts.query or parts.fragment:
        return "a base URL has no ?query or #fragment"
    return None


def describe_invalid(error: ValidationError) -> str:
    """Which settings are wrong and why, one per line, without echoing secret values."""
    lines = [
        f"  {'.'.join(map(str, e['loc'])).upper()}: {e['msg'].removeprefix('Value error, ')}"
        for e in error.errors()
    ]
    return "The configuration is not valid:\n" + "\n".join(lines)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
