"""A report's answers (docs/reports.md) as the office reads them, question by question.

The questions, their labels and how each answer reads come from the check-in's spec.
"""

from __future__ import annotations

from typing import Any

from handlers.checkin import form, render


def case_title(answers: dict[str, Any]) -> str | None:
    """The typical case's title when the report says one was formed."""
    value = answers.get("case")
    if isinstance(value, dict) and value.get("formed"):
        return str(value.get("title") or "")
    return None


def render_answers(answers: dict[str, Any]) -> list[str]:
    """One line (or block) a question: 会商会议：已召开，2026年11月20日（周五）…"""
    return render.summary_lines(answers, numbered=False)


def changed(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """Labels of the questions whose answers differ between two versions."""
    return [q.label for q in form.questions() if before.get(q.key) != after.get(q.key)]
