"""What the check-in says: questions with their choices, the preview, days and times."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from core.clock import local
from core.dates import WEEKDAY_NAMES
from core.messages import Button
from handlers import texts
from handlers.checkin import form
from knowledge.models import SubIndicator

YES_NO_BUTTONS = (Button("是", "是"), Button("否", "否"))
SKIP_BUTTONS = (Button("跳过", "跳过"),)
NO_LAGGING_BUTTONS = (Button("无滞后", "无"),)
PREVIEW_BUTTONS = (Button("确认提交", "确认提交"), Button("取消", "取消"))
TAKE_OVER_BUTTONS = (Button("接管", "接管"), Button("预览", "预览"), Button("取消", "取消"))

_BUTTONS = {
    "meeting": YES_NO_BUTTONS,
    "case": YES_NO_BUTTONS,
    "lagging": NO_LAGGING_BUTTONS,
    "case.file": SKIP_BUTTONS,
    "benchmark": SKIP_BUTTONS,
    form.PREVIEW: PREVIEW_BUTTONS,
}


def day(value: date | str) -> str:
    """2026年11月20日（周五）."""
    if isinstance(value, str):
        value = date.fromisoformat(value)
    return texts.CHECKIN_DAY.format(
        year=value.year, month=value.month, day=value.day, weekday=WEEKDAY_NAMES[value.weekday()]
    )


def time(value: datetime) -> str:
    """2026年11月25日 10:07, in Asia/Shanghai."""
    shown = local(value)
    return texts.CHECKIN_TIME.format(
        year=shown.year,
        month=shown.month,
        day=shown.day,
        hour=shown.hour,
        minute=shown.minute,
    )


def joined(items: Iterable[str]) -> str:
    return texts.CHECKIN_LIST_SEPARATOR.join(items)


def _sub(subs: list[SubIndicator], step: str) -> SubIndicator:
    number = form.lagging_number(step)
    return next(sub for sub in subs if sub.number == number)


def prompt(
    step: str,
    answers: dict[str, Any],
    *,
    task_force: str,
    subs: list[SubIndicator],
    last_plan: str | None,
) -> str:
    """The question for `step`, with its header; the current answer when it has one."""
    kind = form.kind_of(step)
    number = form.question_of(step)
    title = texts.CHECKIN_TITLES[form.QUESTIONS[number - 1]]
    header = texts.CHECKIN_QUESTION_HEADER.format(
        number=number, total=len(form.QUESTIONS), title=title
    )
    if kind == "lagging":
        items = "\n".join(f"{sub.number}. {sub.name}" for sub in subs)
        body = texts.CHECKIN_PROMPTS[kind].format(task_force=task_force, items=items)
    elif kind in ("lagging.reason", "lagging.measure"):
        sub = _sub(subs, step)
        body = texts.CHECKIN_PROMPTS[kind].format(no=sub.number, name=sub.name)
    else:
        body = texts.CHECKIN_PROMPTS[kind]
    if kind == "progress" and last_plan:
        body = texts.CHECKIN_LAST_PLAN.format(plan=last_plan) + body
    text = f"{header}\n{body}"
    if form.is_answered(answers, step):
        current = answer_text(step, answers)
        text += "\n" + texts.CHECKIN_CURRENT.format(value=current)
    return text


def buttons(step: str) -> tuple[Button, ...]:
    return _BUTTONS.get(form.kind_of(step), ())


def answer_text(step: str, answers: dict[str, Any]) -> str:
    """One stored answer as the contact would read it."""
    value = form.read(answers, step)
    if value is None:
        return texts.CHECKIN_SKIPPED_VALUE
    if step in ("meeting", "case"):
        return "是" if value else "否"
    if step in ("meeting.date", "meeting.planned"):
        return day(value)
    if step == "lagging":
        return joined([f"{item['no']}. {item['name']}" for item in value]) or "无"
    if step == "case.file":
        return texts.CHECKIN_CASE_WITH_FILE
    return str(value)


def _or_unanswered(answers: dict[str, Any], step: str) -> str:
    if not form.is_answered(answers, step):
        return texts.CHECKIN_UNANSWERED
    return answer_text(step, answers)


def _meeting(answers: dict[str, Any]) -> str:
    held = (answers.get("meeting") or {}).get("held")
    if held is True:
        return texts.CHECKIN_MEETING_HELD.format(day=_or_unanswered(answers, "meeting.date"))
    if held is False:
        return texts.CHECKIN_MEETING_NOT_HELD.format(
            reason=_or_unanswered(answers, "meeting.reason"),
            planned=_or_unanswered(answers, "meeting.planned"),
        )
    return texts.CHECKIN_UNANSWERED


def _lagging(answers: dict[str, Any]) -> str:
    if "lagging" not in answers:
        return texts.CHECKIN_UNANSWERED
    items = answers["lagging"]
    if not items:
        return texts.CHECKIN_NO_LAGGING
    lines = [texts.CHECKIN_LAGGING_SUMMARY.format(count=len(items))]
    for item in items:
        lines.append(
            texts.CHECKIN_LAGGING_ITEM.format(
                no=item["no"],
                name=item["name"],
                reason=item.get("reason", texts.CHECKIN_UNANSWERED),
                measure=item.get("measure", texts.CHECKIN_UNANSWERED),
            )
        )
    return "\n".join(lines)


def _case(answers: dict[str, Any]) -> str:
    case = answers.get("case") or {}
    if case.get("formed") is True:
        return texts.CHECKIN_CASE_FORMED.format(
            title=case.get("title", texts.CHECKIN_UNANSWERED),
            file=texts.CHECKIN_CASE_WITH_FILE if case.get("media_id") else "",
        )
    if case.get("formed") is False:
        return texts.CHECKIN_CASE_NOT_FORMED
    return texts.CHECKIN_UNANSWERED


def question_texts(answers: dict[str, Any]) -> dict[str, str]:
    """Each of the seven questions' answer as the preview shows it, by question key."""
    return {
        "meeting": _meeting(answers),
        "progress": _or_unanswered(answers, "progress"),
        "lagging": _lagging(answers),
        "problems": _or_unanswered(answers, "problems"),
        "next_plan": _or_unanswered(answers, "next_plan"),
        "case": _case(answers),
        "benchmark": _or_unanswered(answers, "benchmark"),
    }


def preview(answers: dict[str, Any], *, header: str) -> str:
    """The whole report, numbered as 修改N counts."""
    values = question_texts(answers)
    lines = [header]
    for number, question in enumerate(form.QUESTIONS, start=1):
        lines.append(f"{number}. {texts.CHECKIN_TITLES[question]}：{values[question]}")
    return "\n".join(lines)
