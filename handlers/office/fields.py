"""A report's answers (docs/reports.md) as people read them, field by field."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from handlers import texts
from handlers.checkin.form import QUESTIONS

FIELDS = QUESTIONS
"""The answer keys in the order of the check-in; labels in texts.OFFICE_FIELD_LABELS."""


def plain(answers: dict[str, Any], key: str) -> str:
    value = answers.get(key)
    return value if isinstance(value, str) and value.strip() else texts.OFFICE_NOT_ANSWERED


def meeting(answers: dict[str, Any]) -> str:
    held = answers.get("meeting")
    if not isinstance(held, dict):
        return texts.OFFICE_NOT_ANSWERED
    if held.get("held"):
        return texts.OFFICE_MEETING_HELD.format(date=held.get("date", ""))
    return texts.OFFICE_MEETING_NOT_HELD.format(
        reason=held.get("reason", ""), planned=held.get("planned", "")
    )


def lagging_item(item: dict[str, Any]) -> str:
    return texts.OFFICE_LAGGING_ITEM.format(
        no=item.get("no", ""),
        name=item.get("name", ""),
        reason=item.get("reason", ""),
        measure=item.get("measure", ""),
    )


def lagging(answers: dict[str, Any]) -> str:
    if "lagging" not in answers:
        return texts.OFFICE_NOT_ANSWERED
    items = answers["lagging"] or []
    if not items:
        return texts.OFFICE_NONE
    return "\n" + "\n".join(f"  {lagging_item(item)}" for item in items)


def case(answers: dict[str, Any]) -> str:
    value = answers.get("case")
    if not isinstance(value, dict):
        return texts.OFFICE_NOT_ANSWERED
    if value.get("formed"):
        return texts.OFFICE_CASE_FORMED.format(title=value.get("title", ""))
    return texts.OFFICE_CASE_NOT_FORMED


def case_title(answers: dict[str, Any]) -> str | None:
    """The typical case's title when the report says one was formed."""
    value = answers.get("case")
    if isinstance(value, dict) and value.get("formed"):
        return str(value.get("title") or "")
    return None


def benchmark(answers: dict[str, Any]) -> str:
    if "benchmark" in answers and answers["benchmark"] is None:
        return texts.OFFICE_SKIPPED
    return plain(answers, "benchmark")


RENDER: dict[str, Callable[[dict[str, Any]], str]] = {
    "meeting": meeting,
    "progress": partial(plain, key="progress"),
    "lagging": lagging,
    "problems": partial(plain, key="problems"),
    "next_plan": partial(plain, key="next_plan"),
    "case": case,
    "benchmark": benchmark,
}


def render(answers: dict[str, Any]) -> list[str]:
    """One line (or block) a field: 会商会议：已召开（2026-11-20）…"""
    return [f"{texts.OFFICE_FIELD_LABELS[key]}：{RENDER[key](answers)}" for key in FIELDS]


def changed(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """Labels of the fields that differ between two versions' answers."""
    return [texts.OFFICE_FIELD_LABELS[key] for key in FIELDS if before.get(key) != after.get(key)]
