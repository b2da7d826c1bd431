"""Turning one message into the answer of the pending step, or a specific hint why not.

Each field's kind (spec.Kind) says what an answer must be. Nonsense is refused with a hint
that says what to write; an answer that is possible but odd (a meeting on a Sunday, a plan
identical to another answer) is kept with a warning, since only the contact knows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from core.dates import ImpossibleDate, UnknownDate, parse_day
from core.messages import Incoming
from core.messages import Kind as MessageKind
from core.quarters import Quarter
from core.workdays import is_working_day
from handlers import texts
from handlers.checkin import form, parsing, render
from handlers.checkin.form import Step
from handlers.checkin.spec import Field, Kind
from knowledge.models import SubIndicator

PLANNED_HORIZON = timedelta(days=366)
"""A planned day further off than this is possible but odd: kept, with a warning."""
NO_SUBSTANCE = frozenset(
    {"好", "好的", "好滴", "ok", "嗯", "收到", "是", "是的", "否", "无", "没有", "暂无", "略"}
    | {"同上", "同上季度", "见上", "如上", "同前", "待定", "不知道", "不清楚", "一样", "照旧"}
    | {"继续", "继续推进", "按计划推进", "正常推进", "无变化", "1", "2", "test", "测试"}
)
"""Answers that say nothing about the work, refused where a plan or reason is asked."""
_COUNT = re.compile(r"^(\d{1,6})\s*[个项次件篇人家份场条]?$")
_CHINESE_DIGITS = {char: n for n, char in enumerate("零一二三四五六七八九")}


@dataclass(frozen=True, slots=True)
class Accepted:
    """The value for the step; `also` answers further steps at once (是 + date in one go)."""

    value: Any
    echo: str = texts.CHECKIN_RECORDED
    also: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Rejected:
    hint: str
    unread: bool = False
    """Nothing in the text read as this kind of answer at all (not a refused value)."""


@dataclass(frozen=True, slots=True)
class StepContext:
    """What interpreting an answer needs to know besides the text."""

    today: date
    quarter: Quarter
    subs: list[SubIndicator]
    answers: dict[str, Any] = field(default_factory=dict)


def _read_day(text: str, ctx: StepContext) -> date | Rejected:
    try:
        return parse_day(text, ctx.today)
    except UnknownDate:
        return Rejected(texts.CHECKIN_DATE_HINT, unread=True)
    except ImpossibleDate:
        return Rejected(texts.CHECKIN_DATE_IMPOSSIBLE.format(text=text.strip()))


def _recorded(field_: Field, shown: str, *warnings: str) -> str:
    return "".join(
        [texts.CHECKIN_RECORDED_VALUE.format(label=field_.label, value=shown), *warnings]
    )


def _past_day(step: Step, text: str, ctx: StepContext) -> Accepted | Rejected:
    day = _read_day(text, ctx)
    if isinstance(day, Rejected):
        return day
    label = step.field.label
    if day > ctx.today:
        return Rejected(
            texts.CHECKIN_DATE_FUTURE.format(
                day=render.day(day), today=render.day(ctx.today), label=label
            )
        )
    if not ctx.quarter.contains(day):
        return Rejected(
            texts.CHECKIN_DATE_OUTSIDE.format(
                day=render.day(day),
                quarter=ctx.quarter.label,
                first=render.day(ctx.quarter.first_day),
                last=render.day(ctx.quarter.last_day),
                label=label,
            )
        )
    return Accepted(
        day.isoformat(), _recorded(step.field, render.day(day), *_day_warnings(step, day))
    )


def _day_warnings(step: Step, day: date) -> list[str]:
    if is_working_day(day):
        return []
    return [texts.CHECKIN_DAY_NOT_WORKING.format(number=step.number)]


def _future_day(step: Step, text: str, ctx: StepContext) -> Accepted | Rejected:
    day = _read_day(text, ctx)
    if isinstance(day, Rejected):
        return day
    if day < ctx.today:
        return Rejected(
            texts.CHECKIN_PLANNED_PAST.format(day=render.day(day), today=render.day(ctx.today))
        )
    warnings = _day_warnings(step, day)
    if day > ctx.today + PLANNED_HORIZON:
        warnings.append(texts.CHECKIN_PLANNED_FAR.format(day=render.day(day), number=step.number))
    return Accepted(day.isoformat(), _recorded(step.field, render.day(day), *warnings))


def _follow_up(step: Step, value: bool) -> Step | None:
    """The first field asked after answering the 是/否 `step` with `value`."""
    question = step.question
    found = {step.field.name or "": value}
    for follow in question.fields[1:]:
        if follow.when is None or follow.when(found):
            return Step(f"{question.key}.{follow.name}", step.number, question, follow)
    return None


def _with_follow_up(step: Step, value: bool, rest: str, ctx: StepContext) -> Accepted:
    """是/否 and, in the same message, the answer to what that branch asks next."""
    follow = _follow_up(step, value)
    if follow is None or not rest:
        return Accepted(value)
    outcome = _interpret_text(follow, rest, ctx)
    if isinstance(outcome, Accepted):
        return Accepted(value, outcome.echo, {follow.id: outcome.value})
    # A value that was read but refused says why; an unreadable one is just asked for.
    return Accepted(value, texts.CHECKIN_RECORDED if outcome.unread else outcome.hint)


def _yes_no(step: Step, text: str, ctx: StepContext) -> Accepted | Rejected:
    value = parsing.yes_no(text)
    if value is not None:
        return Accepted(value)
    if leading := parsing.leading_yes_no(text):
        return _with_follow_up(step, *leading, ctx)
    # A day alone, where 是 is followed by a day, means "yes, on that day".
    follow = _follow_up(step, True)
    if follow is not None and follow.field.kind in (Kind.PAST_DAY, Kind.FUTURE_DAY):
        dated = _interpret_text(follow, text, ctx)
        if isinstance(dated, Accepted):
            return Accepted(True, dated.echo, {follow.id: dated.value})
        if not dated.unread:
            return dated
    return Rejected(texts.CHECKIN_YES_NO_HINT, unread=True)


def _sub_indicators(text: str, ctx: StepContext) -> Accepted | Rejected:
    count = len(ctx.subs)
    try:
        chosen = parsing.lagging(text, ctx.subs)
    except parsing.BadNumbers as error:
        return Rejected(
            texts.CHECKIN_LAGGING_BAD.format(bad=render.joined(error.bad), count=count)
        )
    if chosen is None:
        return Rejected(texts.CHECKIN_LAGGING_HINT.format(count=count), unread=True)
    if not chosen:
        return Accepted([], texts.CHECKIN_RECORDED_NO_LAGGING)
    items = render.joined([f"{sub.number}. {sub.name}" for sub in chosen])
    return Accepted(chosen, texts.CHECKIN_RECORDED_LAGGING.format(items=items))


def _progress(text: str) -> Accepted | Rejected:
    progress = texts.PROGRESS_WORDS.get(parsing.clean(text))
    if progress is None:
        return Rejected(texts.CHECKIN_PROGRESS_HINT, unread=True)
    return Accepted(progress.value)


def _count(step: Step, text: str) -> Accepted | Rejected:
    word = parsing.clean(text)
    if len(word) == 1 and word in _CHINESE_DIGITS:
        word = str(_CHINESE_DIGITS[word])
    match = _COUNT.match(word)
    if match is None:
        return Rejected(texts.CHECKIN_COUNT_HINT.format(label=step.field.label), unread=True)
    number = int(match.group(1))
    warnings = []
    if step.field.warn_above is not None and number > step.field.warn_above:
        warnings.append(texts.CHECKIN_COUNT_ODD.format(count=number, number=step.number))
    return Accepted(number, _recorded(step.field, str(number), *warnings))


def _same_as(step: Step, value: str, ctx: StepContext) -> list[str]:
    """Another question's answer this one repeats word for word (a copy-paste slip)."""
    for other in form.steps(ctx.answers):
        kind = other.field.kind
        same = kind in (Kind.TEXT, Kind.PLAN) and form.read(ctx.answers, other) == value
        if same and other.id != step.id:
            title = other.question.title
            return [texts.CHECKIN_SAME_AS.format(title=title, number=step.number)]
    return []


def _free_text(step: Step, text: str, ctx: StepContext) -> Accepted | Rejected:
    minimum = step.field.min_chars
    count = parsing.text_length(text)
    title = step.question.title
    if step.field.kind is Kind.PLAN and parsing.clean(text) in NO_SUBSTANCE:
        return Rejected(
            texts.CHECKIN_NO_SUBSTANCE.format(
                text=text.strip(), label=step.field.label, minimum=minimum
            )
        )
    if count < minimum:
        return Rejected(texts.CHECKIN_TOO_SHORT.format(title=title, minimum=minimum, count=count))
    value = text.strip()
    warnings = _same_as(step, value, ctx) if minimum > 1 else []
    return Accepted(value, "".join([texts.CHECKIN_RECORDED, *warnings]))


def _too_long(step: Step, text: str) -> Rejected | None:
    count = len(text.strip())
    maximum = step.field.max_chars
    if count <= maximum:
        return None
    title = step.question.title
    return Rejected(texts.CHECKIN_TOO_LONG.format(title=title, count=count, maximum=maximum))


def _interpret_text(step: Step, text: str, ctx: StepContext) -> Accepted | Rejected:
    if too_long := _too_long(step, text):
        return too_long
    match step.field.kind:
        case Kind.YES_NO:
            return _yes_no(step, text, ctx)
        case Kind.PAST_DAY:
            return _past_day(step, text, ctx)
        case Kind.FUTURE_DAY:
            return _future_day(step, text, ctx)
        case Kind.SUB_INDICATORS:
            return _sub_indicators(text, ctx)
        case Kind.COUNT:
            return _count(step, text)
        case Kind.PROGRESS:
            return _progress(text)
        case Kind.FILE:
            return Rejected(texts.CHECKIN_FILE_HINT, unread=True)
    return _free_text(step, text, ctx)


def interpret(step: Step, message: Incoming, ctx: StepContext) -> Accepted | Rejected:
    """The answer `message` gives to `step` (never the preview or a control word)."""
    if message.kind == MessageKind.FILE:
        if step.field.kind is Kind.FILE:
            echo = texts.CHECKIN_RECORDED_EVIDENCE if step.item else texts.CHECKIN_RECORDED_FILE
            return Accepted(message.text, echo)
        return Rejected(texts.CHECKIN_FILE_NOT_EXPECTED)
    return _interpret_text(step, message.text, ctx)
