"""Telegram handlers, one router per concern; `routers()` gives them in the order they must run."""

from __future__ import annotations

from aiogram import Router

from handlers import admin, errors, fallback, inline, pagination, questions, start


def routers() -> list[Router]:
    """Admin dialogues before free text (a pasted article is not a question); fallback last."""
    return [
        errors.router,
        start.router,
        admin.router,
        questions.router,
        pagination.router,
        inline.router,
        fallback.router,
    ]
