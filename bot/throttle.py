"""How many updates a second one user may make the bot work on.

Every question costs a search and a reply, so one user sending hundreds a second would slow
everyone down and flood their own chat. Each user has a token bucket: `burst` updates at once,
then `rate` a second. Past it updates are dropped, and the user is told so once (not once per
dropped update) until `notice_interval` seconds have passed.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

MAX_TRACKED_USERS = 50_000  # past this, users whose bucket is full again are forgotten


class Verdict(Enum):
    PASS = "pass"
    NOTICE = "notice"  # dropped; tell the user to slow down
    DROP = "drop"  # dropped silently: they were told already


@dataclass(slots=True)
class _Bucket:
    tokens: float
    updated: float
    noticed: float | None = None


class Throttle:
    def __init__(
        self,
        rate: float = 2.0,
        burst: int = 8,
        notice_interval: float = 30.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.rate = rate
        self.burst = burst
        self.notice_interval = notice_interval
        self.clock = clock
        self._buckets: dict[int, _Bucket] = {}

    def admit(self, user_id: int) -> Verdict:
        now = self.clock()
        bucket = self._buckets.get(user_id)
        if bucket is None:
            if len(self._buckets) >= MAX_TRACKED_USERS:
                self._forget_idle(now)
            bucket = self._buckets[user_id] = _Bucket(float(self.burst), now)
        bucket.tokens = min(self.burst, bucket.tokens + (now - bucket.updated) * self.rate)
        bucket.updated = now
        if bucket.tokens >= 1:
            bucket.tokens -= 1
            return Verdict.PASS
        if bucket.noticed is not None and now - bucket.noticed < self.notice_interval:
            return Verdict.DROP
        bucket.noticed = now
        return Verdict.NOTICE

    def _forget_idle(self, now: float) -> None:
        full_after = self.burst / self.rate if self.rate else float("inf")
        self._buckets = {
            user: bucket
            for user, bucket in self._buckets.items()
            if now - bucket.updated < max(full_after, self.notice_interval)
        }
