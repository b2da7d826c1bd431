"""周期: a quarter's open, due and lock days by chat, with the rules of `zhuanban period set`
(core/lifecycle.change_period); a reopening asks first, and every change is announced."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from core import lifecycle
from core.dates import day_label
from core.office_commands import OfficeCommand
from core.quarters import Quarter
from handlers import texts
from handlers.context import Context
from handlers.office.args import ArgumentError, parse_day, parse_quarter
from handlers.office.common import missing
from handlers.office.deadlines import apply_window, ask_reopen
from handlers.reminders.plan import progress, states_by_period
from storage.models import Period
from storage.periods import period_or_default, window_of
from storage.repositories import Repositories

_DAY_WORDS = {"开放": "opens_on", "开始": "opens_on", "截止": "due_on", "锁定": "locks_on"}
_DAY_WORD = re.compile(r"(开放|开始|截止|锁定)(?:日期|日)?")


def parse_days(args: str, today: date) -> tuple[Quarter, dict[str, date]]:
    """周期 2027Q1 开放 3月1日 锁定 4月15日 (spaces, full-width and the years optional: Q1 is
    the nearest first quarter, past or coming; a day without one is the first such day from
    the quarter's start) → the quarter and its days."""
    text = unicodedata.normalize("NFKC", args).strip()
    words = list(_DAY_WORD.finditer(text))
    head = text[: words[0].start()] if words else text
    if not head.strip():
        raise missing(texts.OFFICE_USAGE[OfficeCommand.PERIOD])
    quarter = parse_quarter(head, today, nearest=True)
    days: dict[str, date] = {}
    ends = [word.start() for word in words[1:]] + [len(text)]
    for word, end in zip(words, ends[: len(words)], strict=True):
        value = text[word.end() : end]
        if not value.strip():
            raise missing(texts.OFFICE_USAGE[OfficeCommand.PERIOD])
        days[_DAY_WORDS[word.group(1)]] = parse_day(
            value, quarter.first_day, relative=False, onward=True
        )
    return quarter, days


@dataclass(frozen=True, slots=True)
class Summary:
    """A stored quarter as `zhuanban period list` and 周期 list it."""

    period: Period
    phase: lifecycle.Phase
    submitted: int
    total: int
    exempt: int


async def summaries(repos: Repositories, today: date) -> list[Summary]:
    """Every configured quarter with its phase today and how many have reported."""
    periods = await repos.reports.periods()
    by_period = await states_by_period(repos, (period.id for period in periods))
    found = []
    for period in periods:
        states = by_period[period.id]
        submitted, total = progress(states)
        phase = window_of(period).phase(today)
        found.append(Summary(period, phase, submitted, total, len(states) - total))
    return found


async def set_period(ctx: Context, args: str) -> None:
    today = ctx.today()
    if not args.strip():  # 周期: every configured quarter
        ctx.reply(await _listing(ctx, today))
        return
    quarter, days = parse_days(args, today)
    period = await period_or_default(ctx.repos, quarter, ctx.settings.report_due_day)
    current = window_of(period)
    if not days:  # 周期 2027Q1: the days as they stand
        ctx.reply(_days_text(texts.OFFICE_PERIOD_SHOW, quarter, current, today))
        return
    change = lifecycle.change_period(current, today, **days)
    window = change.window
    if not window.ordered:
        raise ArgumentError(
            texts.PERIOD_BAD_ORDER.format(
                opens=day_label(window.opens_on, today),
                due=day_label(window.due_on, today),
                lock=day_label(window.locks_on, today),
            )
        )
    refusal = lifecycle.check_period(current, window, today)
    if refusal is not None:
        raise ArgumentError(
            texts.LIFECYCLE_REFUSALS[refusal].format(day=day_label(window.locks_on, today))
        )
    if window == current:
        ctx.reply(_days_text(texts.OFFICE_PERIOD_UNCHANGED, quarter, current, today))
        return
    if change.due_asked is not None:
        moved = texts.PERIOD_DUE_MOVED.format(
            asked=day_label(change.due_asked, today), due=day_label(window.due_on, today)
        )
        ctx.reply(moved)
    if change.reopens:
        ask_reopen(ctx, quarter, period, change, texts.OFFICE_PERIOD_REOPEN_CONFIRM)
        return
    await apply_window(
        ctx,
        quarter,
        period,
        change,
        notice=texts.OFFICE_PERIOD_NOTICE,
        done=texts.OFFICE_PERIOD_SET,
        action="period.set",
    )


async def _listing(ctx: Context, today: date) -> str:
    lines = []
    for summary in await summaries(ctx.repos, today):
        period = summary.period
        exempt = ""
        if summary.exempt:
            exempt = texts.SCHEDULE_EXEMPT_COUNT.format(count=summary.exempt)
        lines.append(
            texts.OFFICE_PERIOD_LINE.format(
                quarter=Quarter.parse(period.id).label,
                opens=day_label(period.opens_on, today),
                due=day_label(period.due_on, today),
                locks=day_label(period.locks_on, today),
                status=texts.PERIOD_PHASES[summary.phase],
                submitted=summary.submitted,
                total=summary.total,
                exempt=exempt,
            )
        )
    return "\n".join(lines) or texts.OFFICE_PERIOD_NONE


def _days_text(template: str, quarter: Quarter, window: lifecycle.Window, today: date) -> str:
    return template.format(
        quarter=quarter.label,
        opens=day_label(window.opens_on, today),
        due=day_label(window.due_on, today),
        locks=day_label(window.locks_on, today),
    )
