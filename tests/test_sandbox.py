"""The no-token sandbox (`make run`), a newcomer's first impression: messages drawn as Telegram
draws them, stale buttons, long lines and long pastes — through a pty with the real bot."""

from __future__ import annotations

import asyncio
import io
import os
import pty
import re
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest
from longtext import another_long_article, long_article

from bot.localapi import LocalBotAPI
from bot.localapi.chat import TerminalChat
from bot.localapi.entities import parse_html
from bot.localapi.terminal import render, split_like_a_client, valid

ROOT = Path(__file__).resolve().parent.parent


def test_bold_italic_and_links_are_drawn_as_in_telegram() -> None:
    parsed = parse_html('👍 <b>Ван И</b> и <i>Wang Yi</i>: <a href="https://e.kz/1">статья</a>')
    shown = render(parsed.text, parsed.entities, ansi=True)
    assert "\x1b[1mВан И\x1b[22m" in shown and "\x1b[3mWang Yi\x1b[23m" in shown
    assert "\x1b]8;;https://e.kz/1\x1b\\" in shown and "(https://e.kz/1)" in shown
    plain = render(parsed.text, parsed.entities, ansi=False)
    assert plain == "👍 Ван И и Wang Yi: статья (https://e.kz/1)"


def test_long_texts_go_as_a_client_sends_them_and_broken_text_is_repaired() -> None:
    text = long_article()
    parts = split_like_a_client(text)
    assert len(parts) == 5 and all(len(part) <= 4096 for part in parts)
    assert "\n".join(parts) == text  # every cut fell on a paragraph break
    cut = ("ы" * 2048).encode()[:4095].decode("utf-8", errors="surrogateescape")
    assert valid(cut) == "ы" * 2047 + "\ufffd"


async def test_a_button_that_is_no_longer_there_is_said_so() -> None:
    async with LocalBotAPI() as server:
        out = io.StringIO()
        chat = TerminalChat(server, user_id=42, out=out)
        keyboard = '{"inline_keyboard": [[{"text": "Да", "callback_data": "yes"}]]}'
        status, sent = await server.call(
            "sendMessage", {"chat_id": 42, "text": "Удалить?", "reply_markup": keyboard}
        )
        assert status == 200 and "[1] Да" in out.getvalue()
        await server.call(
            "editMessageText",
            {"chat_id": 42, "message_id": sent["result"]["message_id"], "text": "Удалено."},
        )
        assert chat.handle_line("/press 1") == "local"
        assert "button 1 is no longer there" in out.getvalue()
        assert not [u for u in server.updates if "callback_query" in u]


async def test_paste_mode_sends_the_lines_as_one_text() -> None:
    async with LocalBotAPI() as server:
        chat = TerminalChat(server, user_id=42, out=io.StringIO())
        text = long_article(9_000)
        assert chat.handle_line("/paste") == "local"
        for line in text.split("\n"):
            assert chat.handle_line(line) == "local"
        assert chat.handle_line(".") == "sent"
        sent = [u["message"]["text"] for u in server.updates]
        assert len(sent) == 3 and "\n".join(sent) == text


# -- through a pty, with the real bot ----------------------------------------------------------


class Terminal:
    """`python -m bot.localapi --run-bot` on a pseudo-terminal, as a newcomer runs it."""

    def __init__(self, tmp: Path) -> None:
        self.master, slave = pty.openpty()
        env = {k: v for k, v in os.environ.items() if k not in ("BOT_TOKEN", "WEBHOOK_URL")}
        env |= {"DATABASE_PATH": str(tmp / "sandbox.db"), "PYTHONPATH": str(ROOT)}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bot.localapi", "--run-bot", "--bot-log", str(tmp / "bot.log")],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            cwd=tmp,
            env=env,
            close_fds=True,
        )
        os.close(slave)
        self.output = ""
        self.seen = 0

    def type(self, line: str) -> None:
        os.write(self.master, (line + "\n").encode())

    def read(self) -> None:
        while select.select([self.master], [], [], 0)[0]:
            try:
                chunk = os.read(self.master, 65536)
            except OSError:
                return
            if not chunk:
                return
            self.output += chunk.decode("utf-8", errors="replace")

    async def expect(self, pattern: str, timeout: float = 60.0) -> str:
        """The output after the last expectation up to `pattern` (a regex)."""
        deadline = time.monotonic() + timeout
        while True:
            self.read()
            found = re.search(pattern, self.output[self.seen :])
            if found:
                text = self.output[self.seen : self.seen + found.end()]
                self.seen += found.end()
                return text
            if time.monotonic() > deadline or self.process.poll() is not None:
                raise AssertionError(f"no {pattern!r} in:\n{self.output[self.seen :][-3000:]}")
            await asyncio.sleep(0.1)

    def close(self) -> int:
        self.type("/quit")
        try:
            return self.process.wait(60)
        finally:
            if self.process.poll() is None:
                self.process.kill()
            os.close(self.master)


@pytest.fixture
def terminal(tmp_path: Path):
    terminal = Terminal(tmp_path)
    yield terminal
    if terminal.process.poll() is None:
        terminal.process.kill()


@pytest.mark.slow
async def test_the_sandbox_through_a_pty_survives_what_a_newcomer_does(
    terminal: Terminal, tmp_path: Path
) -> None:
    await terminal.expect(r"/help sandbox", timeout=120)
    # Bold as in Telegram.
    terminal.type("/start")
    assert "\x1b[1m" in await terminal.expect(r"/help — подсказка")
    # A button whose message the bot changed (after /lang), then a forged press of one a
    # confirmed delete took away: each said, and the chat goes on.
    terminal.type("/lang")
    await terminal.expect(r"\[2\] 🇬🇧 English")
    terminal.type("/press 1")
    await terminal.expect(r"отвечаю по-русски")
    terminal.type("/press 2")
    await terminal.expect(r"button 2 is no longer there")
    terminal.type("/delete 5")
    await terminal.expect(r"\[2\] Отмена")
    terminal.type("/press 1")
    await terminal.expect(r"Статья #5 удалена")
    terminal.type("/press 1")
    await terminal.expect(r"button 1 is no longer there")
    # A line longer than the terminal takes, cut inside a letter: said, not sent, and every
    # later poll still works.
    terminal.type("ы" * 5000)
    await terminal.expect(r"longer than the terminal takes")
    terminal.type("Ван И")
    await terminal.expect(r"bot: (\x1b\[1m)?Ван И \(Wang Yi\)")
    # A long article: pasted line by line (sent in parts, one article), and as a file.
    text = long_article(12_000)
    terminal.type("/add")
    await terminal.expect(r"Пришлите текст статьи")
    terminal.type("/paste")
    await terminal.expect(r"paste mode")
    for line in ["Название: Вставлено в песочнице", "Дата: 2023-12-30", "", *text.split("\n")]:
        terminal.type(line)
    terminal.type(".")
    await terminal.expect(r"Статья добавлена[\s\S]*Вставлено в песочнице")
    article = tmp_path / "article.txt"
    article.write_text("Название: Из файла\nДата: 2023-12-31\n\n" + another_long_article(), "utf-8")
    terminal.type(f"/upload {article}")
    await terminal.expect(r"Статья добавлена[\s\S]*Из файла")
    terminal.read()
    assert terminal.output.count("Статья добавлена") == 2
    assert "Traceback" not in terminal.output and "spec violation" not in terminal.output
    assert terminal.close() == 0
