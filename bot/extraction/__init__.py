"""Turning article text into facts: pure functions, no I/O, no Telegram."""

from bot.extraction.pipeline import extract_facts

__all__ = ["extract_facts"]
