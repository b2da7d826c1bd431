"""The export's answer columns, read from the question spec: one a field, in asking order."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from core.lights import Progress
from handlers import texts
from handlers.checkin import form
from handlers.checkin.spec import Field, Kind, Question


@dataclass(frozen=True, slots=True)
class Column:
    header: str
    width: int
    cell: Callable[[dict[str, Any]], Any]
    """The cell's value from a report's answers ("" when not answered)."""


def cell_value(field: Field, value: Any) -> Any:
    """A stored value as a spreadsheet cell: 是/否, ISO days, counts, text."""
    if value is None:
        return ""
    match field.kind:
        case Kind.YES_NO:
            return texts.OFFICE_YES if value else texts.OFFICE_NO
        case Kind.SUB_INDICATORS:
            return len(value)
        case Kind.PROGRESS:
            return texts.PROGRESS_LABELS[Progress(value)]
    return value


def _reader(question: Question, field: Field) -> Callable[[dict[str, Any]], Any]:
    def cell(answers: dict[str, Any]) -> Any:
        found = answers.get(question.key)
        if question.is_object:
            found = question.stored(found).get(field.name or "")
        return cell_value(field, found)

    return cell


def answer_columns() -> list[Column]:
    return [
        Column(field.label, field.width, _reader(question, field))
        for question in form.questions()
        for field in question.fields
        if field.export
    ]


def _chosen_item_questions() -> list[Question]:
    """The questions whose items the contact chooses (the lagging sub-indicators); the
    targets, planned by the office, have their own sheet (handlers/office/workbook.py)."""
    return [q for q in form.questions() if q.item_fields and not q.seeded]


def item_fields() -> list[Field]:
    """What each item row of the items sheet carries after its task force, number and name."""
    return [
        field
        for question in _chosen_item_questions()
        for field in question.item_fields
        if field.export
    ]


def items(answers: dict[str, Any]) -> Iterator[list[Any]]:
    """The items of every chosen-item question: [number, name, field values…] each."""
    fields = item_fields()
    for question in _chosen_item_questions():
        for item in answers.get(question.key) or ():
            values = [cell_value(field, item.get(field.name or "")) for field in fields]
            yield [item.get("no", ""), item.get("name", ""), *values]
