"""Telegram handlers, one router per concern; `routers()` gives them in the order they must run."""

from __future__ import annotations

from aiogram import Router

from handlers import (
    add_article,
    admin,
    article_text,
    edit_article,
    errors,
    fallback,
    feeds,
    inline,
    pagination,
    questions,
    start,
    subscriptions,
)

_ORDER = [
    errors.router,
    start.router,
    admin.router,  # refusals: a non-admin never reaches the admin routers after it
    add_article.router,  # dialogues come before free text: a pasted article is not a question
    edit_article.router,
    feeds.router,
    subscriptions.router,
    questions.router,
    article_text.router,
    pagination.router,
    inline.router,
    fallback.router,  # last: whatever nobody else took
]


def routers() -> list[Router]:
    """Fresh copies of the module routers, so each Dispatcher (tests build many) gets its own.

    aiogram lets a router belong to one parent only; the handlers themselves are stateless and
    can be shared. (Our routers use no router-level filters or middlewares to copy.)
    """
    return [_copy(template) for template in _ORDER]


def _copy(template: Router) -> Router:
    router = Router(name=template.name)
    for name, observer in template.observers.items():
        router.observers[name].handlers.extend(observer.handlers)
    return router
