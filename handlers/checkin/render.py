"""What the check-in says: questions with their choices, answers and summaries, days and times.

Everything here follows the question spec: a question's prompt, header and buttons, how its
answer reads in the preview, the receipt and the office's 查看.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from core.clock import local
from core.dates import WEEKDAY_NAMES
from core.lights import Progress
from core.messages import Button
from handlers import texts
from handlers.checkin import form
from handlers.checkin.form import Step
from handlers.checkin.spec import Field, Kind, Question
from knowledge.models import SubIndicator

PREVIEW_BUTTONS = (Button("确认提交", "确认提交"), Button("取消", "取消"))
TAKE_OVER_BUTTONS = (Button("接管", "接管"), Button("预览", "预览"), Button("取消", "取消"))


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


def prompt(
    step: Step,
    answers: dict[str, Any],
    *,
    task_force: str,
    subs: list[SubIndicator],
    last: str | None,
) -> str:
    """The question for `step`, with its header; the current answer when it has one.
    `last` is last quarter's answer the question recalls, if any."""
    header = texts.CHECKIN_QUESTION_HEADER.format(
        number=step.number, total=len(form.questions(answers)), title=step.question.title
    )
    items = "\n".join(f"{sub.number}. {sub.name}" for sub in subs)
    item = step.item or {}
    body = step.field.prompt.format(
        task_force=task_force, items=items, no=item.get("no", ""), name=item.get("name", "")
    )
    if last:
        body = texts.CHECKIN_LAST_PLAN.format(plan=last) + body
    text = f"{header}\n{body}"
    if form.is_answered(answers, step):
        text += "\n" + texts.CHECKIN_CURRENT.format(value=answer_text(step, answers))
    return text


def buttons(step_id: str, answers: dict[str, Any]) -> tuple[Button, ...]:
    if step_id == form.PREVIEW:
        return PREVIEW_BUTTONS
    step = form.find(answers, step_id)
    return step.field.buttons if step is not None else ()


def help_text(step_id: str, answers: dict[str, Any]) -> str:
    step = form.find(answers, step_id)
    return step.field.help if step is not None else texts.CHECKIN_PREVIEW_HELP


def value_text(field: Field, value: Any) -> str:
    """One stored value as the contact reads it (never None: see `answer_text`)."""
    match field.kind:
        case Kind.YES_NO:
            return texts.CHECKIN_YES if value else texts.CHECKIN_NO
        case Kind.PAST_DAY | Kind.FUTURE_DAY:
            return day(value)
        case Kind.SUB_INDICATORS:
            return (
                joined([f"{item['no']}. {item['name']}" for item in value]) or texts.CHECKIN_NONE
            )
        case Kind.FILE:
            return texts.CHECKIN_CASE_WITH_FILE
        case Kind.PROGRESS:
            return texts.PROGRESS_LABELS[Progress(value)]
    return str(value)


def answer_text(step: Step, answers: dict[str, Any]) -> str:
    """One stored answer as the contact would read it."""
    value = form.read(answers, step)
    if value is None:
        return texts.CHECKIN_SKIPPED_VALUE
    return value_text(step.field, value)


def _field_text(field: Field, found: dict[str, Any]) -> str:
    if field.name not in found:
        return texts.CHECKIN_UNANSWERED
    value = found[field.name]
    if field.kind is Kind.FILE:  # part of a sentence: "《…》（附材料）" or nothing
        return texts.CHECKIN_CASE_WITH_FILE if value else ""
    return texts.CHECKIN_SKIPPED_VALUE if value is None else value_text(field, value)


def _object_summary(question: Question, found: dict[str, Any]) -> str:
    head, *rest = question.fields
    if head.name not in found:
        return texts.CHECKIN_UNANSWERED
    asked = [field for field in rest if field.when is None or field.when(found)]
    values = {field.name or "": _field_text(field, found) for field in asked}
    if question.summary is not None:
        template = question.summary[0 if found[head.name] else 1]
        return template.format(**values)
    parts = [value_text(head, found[head.name])]
    parts += [f"{field.label}：{values[field.name or '']}" for field in asked]
    return texts.CHECKIN_PARTS_SEPARATOR.join(parts)


def _items_summary(question: Question, items: list[dict[str, Any]]) -> str:
    if not items:
        return texts.CHECKIN_NO_LAGGING
    if question.seeded:
        done = sum(1 for item in items if item.get("progress") == Progress.DONE)
        head = texts.CHECKIN_TARGETS_SUMMARY.format(count=len(items), done=done)
    else:
        head = texts.CHECKIN_LAGGING_SUMMARY.format(count=len(items))
    lines = [head]
    for item in items:
        said = texts.CHECKIN_PARTS_SEPARATOR.join(
            f"{field.label}：{_field_text(field, item)}" for field in question.item_fields
        )
        lines.append(
            texts.CHECKIN_LAGGING_ITEM.format(no=item["no"], name=item["name"], said=said)
        )
    return "\n".join(lines)


def summary(question: Question, answers: dict[str, Any]) -> str:
    """A question's answer as a line (or block) of the preview and of 查看."""
    if question.key not in answers:
        return texts.CHECKIN_UNANSWERED
    value = answers[question.key]
    if question.is_object:
        return _object_summary(question, question.stored(value))
    if question.item_fields:
        return _items_summary(question, list(value or ()))
    return texts.CHECKIN_SKIPPED_VALUE if value is None else value_text(question.fields[0], value)


def summary_lines(answers: dict[str, Any], *, numbered: bool) -> list[str]:
    """Every question's summary, numbered as 修改N counts (the preview) or by label (查看)."""
    lines = []
    for number, question in enumerate(form.questions(answers), start=1):
        text = summary(question, answers)
        if numbered:
            lines.append(f"{number}. {question.title}：{text}")
        else:
            lines.append(f"{question.label}：{text}")
    return lines


def preview(answers: dict[str, Any], *, header: str) -> str:
    """The whole report, numbered as 修改N counts."""
    return "\n".join([header, *summary_lines(answers, numbered=True)])


def missing_labels(answers: dict[str, Any]) -> list[str]:
    """The labels of the questions a draft still lacks (the reminders' "what is missing")."""
    return [question.label for question in form.open_questions(answers)]


def question_texts(answers: dict[str, Any]) -> dict[str, str]:
    """Each question's answer as the preview shows it, by question key."""
    return {question.key: summary(question, answers) for question in form.questions(answers)}


def titles() -> dict[str, str]:
    """Each question's title by key (the web form's and the console's headings)."""
    return {question.key: question.title for question in form.questions()}
