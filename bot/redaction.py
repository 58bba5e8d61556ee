"""Secrets (the bot token, the webhook secret) never leave the process in its output.

The token is part of every Bot API URL, so any error about a request can carry it: a log line,
a traceback nobody caught, a library's warning. The logging filter covers log records; wrapping
stdout and stderr covers everything else written there, including Python's own report of an
uncaught exception at start-up.
"""

from __future__ import annotations

import logging
import sys
from typing import Any, TextIO

MIN_SECRET_CHARS = 8  # shorter ones would mangle ordinary text
PLACEHOLDER = "<redacted>"


class Redactor:
    def __init__(self, *secrets: str | None) -> None:
        self.secrets: list[str] = []
        self.add(*secrets)

    def add(self, *secrets: str | None) -> None:
        found = {*self.secrets, *(s for s in secrets if s and len(s) >= MIN_SECRET_CHARS)}
        self.secrets = sorted(found, key=len, reverse=True)  # a whole token before its tail

    def redact(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, PLACEHOLDER)
        return text


def token_secrets(token: str | None) -> tuple[str, ...]:
    """The token and its secret half (after "123:"), which URLs and errors may show alone."""
    if not token:
        return ()
    return (token, token.split(":", 1)[-1]) if ":" in token else (token,)


class RedactSecrets(logging.Filter):
    """Replaces secrets wherever they would appear in a log line or its traceback."""

    def __init__(self, *secrets: str | None) -> None:
        super().__init__()
        self.redactor = Redactor(*secrets)

    def redact(self, text: str) -> str:
        return self.redactor.redact(text)

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = self.redact(message)
        if redacted != message:
            record.msg, record.args = redacted, None
        if record.exc_info and record.exc_info[1] is not None:
            text = logging.Formatter().formatException(record.exc_info)
            redacted = self.redact(text)
            if redacted != text:
                record.msg = f"{record.getMessage()}\n{redacted}"
                record.args, record.exc_info, record.exc_text = None, None, None
        return True


class RedactingStream:
    """A text stream that writes whole lines with secrets replaced.

    Lines are held until their newline (or a flush), so a secret written in two pieces is still
    recognised; everything else is the wrapped stream's.
    """

    def __init__(self, stream: TextIO, redactor: Redactor) -> None:
        self._stream = stream
        self._redactor = redactor
        self._pending = ""

    def write(self, text: str) -> int:
        self._pending += text
        complete, newline, rest = self._pending.rpartition("\n")
        if newline:
            self._stream.write(self._redactor.redact(complete + newline))
            self._pending = rest
        return len(text)

    def flush(self) -> None:
        if self._pending:
            self._stream.write(self._redactor.redact(self._pending))
            self._pending = ""
        self._stream.flush()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


_PROCESS_OUTPUT = Redactor()


def redact_process_output(*secrets: str | None) -> None:
    """From now on stdout and stderr of this process never show `secrets` (nor earlier ones)."""
    _PROCESS_OUTPUT.add(*secrets)
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if stream is not None and not isinstance(stream, RedactingStream):
            setattr(sys, name, RedactingStream(stream, _PROCESS_OUTPUT))
