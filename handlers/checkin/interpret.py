"""Turning one message into the answer of the pending step, or a specific hint why not."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from core.dates import ImpossibleDate, UnknownDate, parse_day
from core.messages import Incoming, Kind
from core.quarters import Quarter
from handlers import texts
from handlers.checkin import form, parsing, render
from knowledge.models import SubIndicator

MIN_CHARS = {"progress": 20, "problems": 1}
"""Minimum content characters of a free-text answer; 2 where not listed."""
DEFAULT_MIN_CHARS = 2
PLANNED_HORIZON = timedelta(days=366)


@dataclass(frozen=True, slots=True)
class Accepted:
    """The value for the step; `also` answers further steps at once (是 + date in one go)."""

    value: Any
    echo: str = texts.CHECKIN_RECORDED
    also: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Rejected:
    hint: str


@dataclass(frozen=True, slots=True)
class StepContext:
    """What interpreting an answer needs to know besides the text."""

    today: date
    quarter: Quarter
    subs: list[SubIndicator]


def _read_day(text: str, ctx: StepContext) -> date | Rejected:
    try:
        return parse_day(text, ctx.today)
    except UnknownDate:
        return Rejected(texts.CHECKIN_DATE_HINT)
    except ImpossibleDate:
        return Rejected(texts.CHECKIN_DATE_IMPOSSIBLE.format(text=text.strip()))


def _meeting_day(text: str, ctx: StepContext) -> Accepted | Rejected:
    day = _read_day(text, ctx)
    if isinstance(day, Rejected):
        return day
    if day > ctx.today:
        return Rejected(
            texts.CHECKIN_DATE_FUTURE.format(day=render.day(day), today=render.day(ctx.today))
        )
    if not ctx.quarter.contains(day):
        return Rejected(
            texts.CHECKIN_DATE_OUTSIDE.format(
                day=render.day(day),
                quarter=ctx.quarter.label,
                first=render.day(ctx.quarter.first_day),
                last=render.day(ctx.quarter.last_day),
            )
        )
    return Accepted(day.isoformat(), texts.CHECKIN_RECORDED_DATE.format(day=render.day(day)))


def _planned_day(text: str, ctx: StepContext) -> Accepted | Rejected:
    day = _read_day(text, ctx)
    if isinstance(day, Rejected):
        return day
    if day < ctx.today:
        return Rejected(
            texts.CHECKIN_PLANNED_PAST.format(day=render.day(day), today=render.day(ctx.today))
        )
    if day > ctx.today + PLANNED_HORIZON:
        return Rejected(texts.CHECKIN_PLANNED_FAR.format(day=render.day(day)))
    return Accepted(day.isoformat(), texts.CHECKIN_RECORDED_PLANNED.format(day=render.day(day)))


def _meeting(text: str, ctx: StepContext) -> Accepted | Rejected:
    held = parsing.yes_no(text)
    if held is not None:
        return Accepted(held)
    if leading := parsing.leading_yes_no(text):
        held, rest = leading
        if held:  # "是，11月20日": the date too, when it is a good one
            dated = _meeting_day(rest, ctx)
            if isinstance(dated, Accepted):
                return Accepted(True, dated.echo, {"meeting.date": dated.value})
            # A day that was read but refused says why; no day at all just asks for it.
            unread = dated.hint == texts.CHECKIN_DATE_HINT
            return Accepted(True, texts.CHECKIN_RECORDED if unread else dated.hint)
        reason = _free_text("meeting.reason", rest)  # "否，人员外出学习": the reason too
        also = {"meeting.reason": reason.value} if isinstance(reason, Accepted) else {}
        return Accepted(False, texts.CHECKIN_RECORDED, also)
    # A date alone means "yes, on that day": one message instead of two.
    dated = _meeting_day(text, ctx)
    if isinstance(dated, Accepted):
        return Accepted(True, dated.echo, {"meeting.date": dated.value})
    if dated.hint == texts.CHECKIN_DATE_HINT:
        return Rejected(texts.CHECKIN_YES_NO_HINT)
    return dated


def _lagging(text: str, ctx: StepContext) -> Accepted | Rejected:
    count = len(ctx.subs)
    try:
        chosen = parsing.lagging(text, ctx.subs)
    except parsing.BadNumbers as error:
        return Rejected(
            texts.CHECKIN_LAGGING_BAD.format(bad=render.joined(error.bad), count=count)
        )
    if chosen is None:
        return Rejected(texts.CHECKIN_LAGGING_HINT.format(count=count))
    if not chosen:
        return Accepted([], texts.CHECKIN_RECORDED_NO_LAGGING)
    items = render.joined([f"{sub.number}. {sub.name}" for sub in chosen])
    return Accepted(chosen, texts.CHECKIN_RECORDED_LAGGING.format(items=items))


def _case(text: str) -> Accepted | Rejected:
    formed = parsing.yes_no(text)
    if formed is not None:
        return Accepted(formed)
    leading = parsing.leading_yes_no(text)
    if leading is None:
        return Rejected(texts.CHECKIN_YES_NO_HINT)
    formed, rest = leading
    title = _free_text("case.title", rest) if formed else None
    also = {"case.title": title.value} if isinstance(title, Accepted) else {}
    return Accepted(formed, texts.CHECKIN_RECORDED, also)


def _free_text(step: str, text: str) -> Accepted | Rejected:
    kind = form.kind_of(step)
    minimum = MIN_CHARS.get(kind, DEFAULT_MIN_CHARS)
    count = parsing.text_length(text)
    if count < minimum:
        title = texts.CHECKIN_TITLES[form.QUESTIONS[form.question_of(step) - 1]]
        return Rejected(texts.CHECKIN_TOO_SHORT.format(title=title, minimum=minimum, count=count))
    return Accepted(text.strip())


def interpret(step: str, message: Incoming, ctx: StepContext) -> Accepted | Rejected:
    """The answer `message` gives to `step` (never the preview or a control word)."""
    kind = form.kind_of(step)
    if message.kind == Kind.FILE:
        if kind == "case.file":
            return Accepted(message.text, texts.CHECKIN_RECORDED_FILE)
        return Rejected(texts.CHECKIN_FILE_NOT_EXPECTED)
    text = message.text
    if kind == "meeting":
        return _meeting(text, ctx)
    if kind == "meeting.date":
        return _meeting_day(text, ctx)
    if kind == "meeting.planned":
        return _planned_day(text, ctx)
    if kind == "lagging":
        return _lagging(text, ctx)
    if kind == "case":
        return _case(text)
    if kind == "case.file":
        return Rejected(texts.CHECKIN_FILE_HINT)
    return _free_text(step, text)
