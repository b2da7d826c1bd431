"""One log line per kind of failure per interval, with a count: no traceback flood.

While the database is away every message and every worker tick fails the same way; a full
traceback each time buried the log (≈ 13 KB/s under light traffic). The first failure of a
kind is logged with its traceback, repeats within the interval are only counted, and the
count is logged when the interval is over or the failures stop.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from core.clock import Clock

INTERVAL = timedelta(minutes=1)


@dataclass
class _Spell:
    first_at: datetime
    reported_at: datetime
    count: int = 1
    unreported: int = 0


class FailureLog:
    def __init__(self, log: logging.Logger, clock: Clock, interval: timedelta = INTERVAL) -> None:
        self._log = log
        self._clock = clock
        self._interval = interval
        self._spells: dict[tuple[str, str], _Spell] = {}

    def record(self, what: str, error: BaseException, **extra: object) -> None:
        """`what` failed with `error`: logged with its traceback the first time, counted
        afterwards, one line with the count per interval."""
        key = (what, type(error).__name__)
        now = self._clock.now()
        spell = self._spells.get(key)
        if spell is None:
            self._spells[key] = _Spell(now, now)
            self._log.error(
                f"{what} failed",
                exc_info=error,
                extra={"error": _short(error), "count": 1, **extra},
            )
            return
        spell.count += 1
        spell.unreported += 1
        if now - spell.reported_at >= self._interval:
            self._log.error(
                f"{what} still failing",
                extra={"error": _short(error), "count": spell.unreported, "since": spell.first_at},
            )
            spell.reported_at, spell.unreported = now, 0

    def recovered(self, what: str) -> None:
        """`what` worked again: one line with how many times it had failed."""
        for key in [key for key in self._spells if key[0] == what]:
            spell = self._spells.pop(key)
            self._log.warning(
                f"{what} works again",
                extra={"error_kind": key[1], "failures": spell.count, "since": spell.first_at},
            )

    @property
    def failing(self) -> bool:
        return bool(self._spells)


def _short(error: BaseException) -> str:
    text = f"{type(error).__name__}: {error}"
    return text if len(text) <= 300 else text[:297] + "..."
