"""Configuration as an operator writes it: `.env.example` copied, lists as plain text."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from bot.settings import BUNDLED_DIR, DEFAULT_DATABASE, Settings

EXAMPLE = Path(__file__).resolve().parent.parent / ".env.example"


def test_a_copied_env_example_runs_with_the_defaults(monkeypatch) -> None:
    for name in ("BOT_TOKEN", "ADMIN_IDS", "BUNDLED_DIR", "TELEGRAM_API_URL", "DATABASE_PATH"):
        monkeypatch.delenv(name, raising=False)
    settings = Settings(_env_file=EXAMPLE)
    assert settings.bot_token is None  # so `make run` starts the sandbox
    assert settings.bundled_dir == BUNDLED_DIR
    assert settings.database_path == DEFAULT_DATABASE
    assert settings.telegram_api_url is None
    assert settings.admin_ids == frozenset()


def test_admin_ids_and_a_secret_token(monkeypatch) -> None:
    monkeypatch.setenv("ADMIN_IDS", "12, 34 56")
    monkeypatch.setenv("BOT_TOKEN", "123:secret-token")
    settings = Settings(_env_file=None)
    assert settings.is_admin(34) and not settings.is_admin(35)
    assert "secret-token" not in repr(settings)
    assert settings.bot_token.get_secret_value() == "123:secret-token"


def test_fetching_settings_as_written_in_env(monkeypatch) -> None:
    monkeypatch.delenv("FETCH_ALLOW_HOSTS", raising=False)
    assert Settings(_env_file=EXAMPLE).fetch_allow_hosts == frozenset()  # none by default
    monkeypatch.setenv("FETCH_ALLOW_HOSTS", "127.0.0.1:8080, Mirror.Local ,")
    monkeypatch.setenv("FEED_POLL_MINUTES", "15")
    settings = Settings(_env_file=None)
    assert settings.fetch_allow_hosts == frozenset({"127.0.0.1:8080", "mirror.local"})
    assert settings.feed_poll_minutes == 15
    monkeypatch.setenv("FEED_POLL_MINUTES", "0")
    with pytest.raises(ValidationError, match="feed_poll_minutes"):
        Settings(_env_file=None)
