"""`python -m bot.localapi`: the sandbox chat, or just the local Bot API server.

python -m bot.localapi --run-bot      # server + the real bot (`python -m bot`) + terminal chat
python -m bot.localapi                # server + terminal chat; start the bot yourself
python -m bot.localapi --serve --port 8081 --rate-limit 30   # server only (benchmarks)
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import sys
from pathlib import Path

from bot.localapi.chat import DEFAULT_USER_ID, run_sandbox
from bot.localapi.server import LocalBotAPI


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.serve:
            return asyncio.run(_serve(args))
        bot_command = [sys.executable, "-m", "bot"] if args.run_bot else None
        if not args.run_bot:
            print("Start the bot with TELEGRAM_API_URL=<url below> BOT_TOKEN=<token below>.")
        return asyncio.run(
            run_sandbox(
                bot_command,
                user_id=args.user_id,
                port=args.port,
                reply_timeout=args.reply_timeout,
                bot_log=args.bot_log,
            )
        )
    except KeyboardInterrupt:
        return 130


async def _serve(args: argparse.Namespace) -> int:
    server = LocalBotAPI(
        port=args.port,
        rate_limit_per_second=args.rate_limit,
        per_chat_limit_per_second=args.per_chat_limit,
    )
    async with server:
        print(f"Local Bot API at {server.url} (token {server.token})", flush=True)
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.Event().wait()
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bot.localapi",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--run-bot", action="store_true", help="also start `python -m bot`")
    parser.add_argument("--serve", action="store_true", help="only run the server")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument(
        "--user-id",
        type=int,
        default=int(os.environ.get("SANDBOX_USER_ID", DEFAULT_USER_ID)),
        help="the local user's Telegram id (made admin via ADMIN_IDS)",
    )
    parser.add_argument(
        "--reply-timeout",
        type=float,
        default=30.0,
        help="with piped input: seconds to wait for the bot's reply to a line",
    )
    parser.add_argument("--bot-log", type=Path, default=None, help="where the bot's output goes")
    parser.add_argument("--rate-limit", type=int, default=None, help="sends per second overall")
    parser.add_argument(
        "--per-chat-limit", type=int, default=None, help="sends per second per chat"
    )
    return parser


if __name__ == "__main__":
    sys.exit(main())
