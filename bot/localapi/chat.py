"""The no-token sandbox: a terminal chat with the unmodified bot through the local Bot API server.

A newcomer without a Telegram token still sees the real bot work: each line typed becomes a
message from a local user, the bot's replies are printed as a client shows them (bold, links)
with their buttons numbered, and `/press N`, `/paste`, `/upload PATH`, `/inline TEXT` stand in
for what a Telegram client does. Nothing typed ends the chat but /quit: a button that is no
longer there, a line the terminal cut, a file that cannot be read each get a line saying so.
Works when stdin is a pipe too (each line waits for the bot's replies), and through a pty.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from bot.localapi.server import LocalBotAPI
from bot.localapi.terminal import (
    TERMINAL_LINE_LIMIT,
    read_lines,
    render,
    split_like_a_client,
    valid,
)

DEFAULT_USER_ID = 1000001
HELP = (
    "Type a message for the bot. Also: /press N (press button N), /paste (a long text: lines "
    "until one with only '.'), /upload PATH [caption] (send a file), /inline TEXT (inline "
    "query), /sticker, /editlast TEXT (edit your last message), /quit; /help sandbox shows this."
)
PASTE_END = "."
CUT_LINE = (
    "(that line was longer than the terminal takes, about 4 KB, and arrived cut: not sent. "
    "For a long text use /paste, or /upload PATH of a file.)"
)


class TerminalChat:
    """Renders what the bot does in one private chat and turns typed lines into user updates."""

    def __init__(
        self,
        server: LocalBotAPI,
        user_id: int = DEFAULT_USER_ID,
        first_name: str = "Sandbox",
        language_code: str = "ru",
        out: TextIO = sys.stdout,
    ) -> None:
        self.server = server
        self.user_id = user_id
        self.first_name = first_name
        self.language_code = language_code
        self.out = out
        self.buttons: list[tuple[dict[str, Any], dict[str, Any]]] = []
        self.last_user_message: dict[str, Any] | None = None
        self.pasted: list[str] | None = None  # lines of a /paste in progress
        self.ansi = out.isatty()
        self.output_count = 0
        self.last_output_at = 0.0
        server.add_listener(self._on_bot_call)

    # ------------------------------------------------------------- user side

    def handle_line(self, line: str) -> str:
        """Act on one typed line: "sent" (the bot got an update), "local" or "quit"."""
        line = line.rstrip("\r\n")
        if self.pasted is not None:
            return self._paste_line(line)
        command, _, rest = line.partition(" ")
        if command in {"/quit", "/exit"}:
            return "quit"
        if command == "/help" and rest == "sandbox":
            self._print(HELP)
            return "local"
        if command == "/press":
            return self._press(rest.strip())
        if command == "/upload":
            return self._upload(rest.strip())
        if command == "/paste":
            self.pasted = []
            self._print(f"(paste mode: paste the text; a line with only {PASTE_END!r} sends it)")
            return "local"
        if command == "/inline":
            self.server.inline_query(self.user_id, rest)
        elif command == "/sticker":
            self.server.send_sticker(self.user_id, user_id=self.user_id, **self._user())
        elif command == "/editlast" and self.last_user_message is not None:
            self.server.edit_text(self.last_user_message, rest)
        else:
            self._send(line)
        return "sent"

    def _send(self, text: str) -> None:
        """A message, or the parts a Telegram client splits a long text into."""
        for part in split_like_a_client(text):
            update = self.server.send_text(self.user_id, part, **self._user())
            self.last_user_message = update["message"]

    def _paste_line(self, line: str) -> str:
        assert self.pasted is not None
        if line.strip() != PASTE_END:
            self.pasted.append(line)
            return "local"
        text, self.pasted = "\n".join(self.pasted).strip(), None
        if not text:
            self._print("(nothing pasted; nothing sent)")
            return "local"
        self._send(text)
        return "sent"

    def _user(self) -> dict[str, Any]:
        return {"first_name": self.first_name, "language_code": self.language_code}

    def _press(self, number: str) -> str:
        if not number.isdigit() or not 1 <= int(number) <= len(self.buttons):
            self._print(f"(no button {number!r}; there are {len(self.buttons)})")
            return "local"
        message, button = self.buttons[int(number) - 1]
        if "callback_data" in button:
            if not self._still_there(message, button):
                self._print(
                    f"(button {number} is no longer there: the bot changed that message. "
                    "/press works on the buttons shown last.)"
                )
                return "local"
            self.server.press_button(message, button["callback_data"], self.user_id)
            return "sent"
        if "url" in button:
            self._print(f"(link: {button['url']})")
        else:
            self._print("(this kind of button does nothing in the sandbox)")
        return "local"

    def _still_there(self, message: dict[str, Any], button: dict[str, Any]) -> bool:
        """Is the button on the message as it looks now (after the bot's edits)?"""
        current = self.server.messages.get((message["chat"]["id"], message["message_id"]))
        keyboard = ((current or {}).get("reply_markup") or {}).get("inline_keyboard", [])
        return any(
            b.get("callback_data") == button["callback_data"] for row in keyboard for b in row
        )

    def _upload(self, argument: str) -> str:
        path_text, _, caption = argument.partition(" ")
        path = Path(path_text).expanduser()
        if not path.is_file():
            self._print(f"(no such file: {path})")
            return "local"
        try:
            content = path.read_bytes()
        except OSError as error:
            self._print(f"(cannot read {path}: {error.strerror})")
            return "local"
        self.server.send_document(
            self.user_id,
            path.name,
            content,
            caption=caption or None,
            user_id=self.user_id,
            **self._user(),
        )
        return "sent"

    # ------------------------------------------------------------- bot side

    def _on_bot_call(self, method: str, params: dict[str, Any], result: Any) -> None:
        if method == "answerCallbackQuery":
            if params.get("text"):
                self._print(f"[notice] {params['text']}")
        elif method == "answerInlineQuery":
            self._print_inline_results(params.get("results", []))
        elif isinstance(result, dict) and result.get("chat", {}).get("id") == self.user_id:
            self._print_message(result, edited=method.startswith("edit"))

    def _print_message(self, message: dict[str, Any], edited: bool) -> None:
        prefix = "bot (edited)" if edited else "bot"
        if "text" in message:
            body = render(message["text"], message.get("entities"), self.ansi)
        else:
            body = render(message.get("caption") or "", message.get("caption_entities"), self.ansi)
        lines = [f"{prefix}: {body}".rstrip()]
        if "document" in message:
            lines.append(f"  [file] {self._save_document(message['document'])}")
        keyboard = (message.get("reply_markup") or {}).get("inline_keyboard", [])
        if keyboard:
            self.buttons = []
            for row in keyboard:
                labels = []
                for button in row:
                    self.buttons.append((message, button))
                    labels.append(f"[{len(self.buttons)}] {button['text']}")
                lines.append("  " + "   ".join(labels))
        self._print("\n".join(lines))

    def _save_document(self, document: dict[str, Any]) -> Path | str:
        """Bot-sent files (e.g. the .ics calendar) land in a temp folder the user can open."""
        stored = self.server.files.get(document["file_id"])
        if stored is None:
            return document.get("file_name", "file")
        folder = Path(tempfile.gettempdir()) / "briefing-sandbox-files"
        folder.mkdir(exist_ok=True)
        target = folder / Path(stored.filename).name
        target.write_bytes(stored.content)
        return target

    def _print_inline_results(self, results: list[dict[str, Any]]) -> None:
        if not results:
            self._print("inline: (no results)")
            return
        lines = ["inline results:"]
        for number, result in enumerate(results, 1):
            title = result.get("title") or result.get("id")
            description = result.get("description")
            lines.append(f"  {number}. {title}" + (f" — {description}" if description else ""))
        self._print("\n".join(lines))

    def _print(self, text: str) -> None:
        print(text, file=self.out, flush=True)
        self.output_count += 1
        self.last_output_at = time.monotonic()

    async def wait_for_replies(self, reply_timeout: float, settle: float = 1.0) -> None:
        """Block until the bot answered (or gave up) and then went quiet for `settle` seconds."""
        before = self.output_count
        with contextlib.suppress(TimeoutError):
            await self.server.wait_for(lambda: self.output_count > before, reply_timeout)
        while self.output_count > before and time.monotonic() - self.last_output_at < settle:
            await asyncio.sleep(0.1)


async def run_sandbox(
    bot_command: Sequence[str] | None = None,
    env: dict[str, str] | None = None,
    *,
    user_id: int = DEFAULT_USER_ID,
    port: int = 0,
    stdin: TextIO = sys.stdin,
    out: TextIO = sys.stdout,
    reply_timeout: float = 30.0,
    startup_timeout: float = 120.0,
    bot_log: Path | None = None,
) -> int:
    """Serve the local API, optionally start the bot process against it, and chat until EOF.

    The bot gets TELEGRAM_API_URL, BOT_TOKEN and ADMIN_IDS (the local user) in its environment;
    it is stopped with SIGTERM on exit. Returns a process exit status.
    """
    async with LocalBotAPI(port=port) as server:
        chat = TerminalChat(server, user_id=user_id, out=out)
        print(f"Local Bot API at {server.url} (token {server.token})", file=out, flush=True)
        process = None
        log_path = bot_log or Path(tempfile.gettempdir()) / "briefing-sandbox-bot.log"
        if bot_command:
            bot_env = {**os.environ, **(env or {})}
            bot_env.pop("WEBHOOK_URL", None)
            bot_env |= {
                "TELEGRAM_API_URL": server.url,
                "BOT_TOKEN": server.token,
                "ADMIN_IDS": str(user_id),
            }
            with log_path.open("wb") as log:
                process = await asyncio.create_subprocess_exec(
                    *bot_command, env=bot_env, stdout=log, stderr=log
                )
            print(f"Bot started (pid {process.pid}), log: {log_path}", file=out, flush=True)
            if not await _wait_until_polling(server, process, startup_timeout):
                print(_bot_failure(process, log_path), file=out, flush=True)
                await _terminate(process)
                return 1
        print(HELP, file=out, flush=True)
        interactive = stdin.isatty()
        try:
            async for line, size in _lines(stdin):
                if not interactive:
                    print(f"> {line.rstrip()}", file=out, flush=True)
                if interactive and size >= TERMINAL_LINE_LIMIT:
                    print(CUT_LINE, file=out, flush=True)
                    continue
                try:
                    outcome = chat.handle_line(line)
                except Exception as error:  # a sandbox command gone wrong must not end the chat
                    print(f"(sandbox: that did not work: {error})", file=out, flush=True)
                    continue
                if outcome == "quit":
                    break
                if outcome == "sent" and not interactive:
                    await chat.wait_for_replies(reply_timeout)
                if process is not None and process.returncode is not None:
                    print(_bot_failure(process, log_path), file=out, flush=True)
                    return 1
        finally:
            if process is not None:
                await _terminate(process)
            for violation in server.violations:
                print(f"[spec violation] {violation}", file=out, flush=True)
        return 0


async def _wait_until_polling(
    server: LocalBotAPI, process: asyncio.subprocess.Process, timeout: float
) -> bool:
    """The bot is ready once it long-polls; it failed if it exits first."""
    exited = asyncio.ensure_future(process.wait())
    polling = asyncio.ensure_future(server.wait_for_poller(timeout))
    done, _ = await asyncio.wait({exited, polling}, return_when=asyncio.FIRST_COMPLETED)
    exited.cancel()
    polling.cancel()
    return polling in done and polling.exception() is None


def _bot_failure(process: asyncio.subprocess.Process, log_path: Path) -> str:
    tail = log_path.read_text(encoding="utf-8", errors="replace").splitlines()[-15:]
    state = f"exited with {process.returncode}" if process.returncode is not None else "not ready"
    return f"The bot {state}. Last lines of {log_path}:\n" + "\n".join(tail)


async def _terminate(process: asyncio.subprocess.Process, grace: float = 10.0) -> None:
    if process.returncode is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        await asyncio.wait_for(process.wait(), grace)
    except TimeoutError:
        process.kill()
        await process.wait()


async def _lines(stream: TextIO):
    """(line, its size in bytes) from a blocking stream, decoded safely (terminal.read_lines),
    without blocking the loop or interpreter exit at Ctrl-C."""
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[tuple[str, int] | None] = asyncio.Queue()
    binary = getattr(stream, "buffer", None)

    def pump() -> None:
        if binary is not None:
            lines: Any = read_lines(binary)
        else:  # an in-memory text stream (tests): already text, but maybe not valid Unicode
            lines = ((valid(line), len(valid(line).encode())) for line in stream)
        for item in lines:
            loop.call_soon_threadsafe(queue.put_nowait, item)
        loop.call_soon_threadsafe(queue.put_nowait, None)

    threading.Thread(target=pump, name="sandbox-stdin", daemon=True).start()
    while (line := await queue.get()) is not None:
        yield line
