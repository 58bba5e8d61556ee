"""Subscriptions, follows and the delivery log behind digests (grown by the digests work)."""

from __future__ import annotations

from sqlite_utils import Database


class SubscriptionsMixin:
    db: Database
