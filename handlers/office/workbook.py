"""The quarter's reports as an .xlsx workbook: a row per task force, a sheet of lagging items."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from io import BytesIO
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from core.clock import local
from core.quarters import Quarter
from handlers import texts
from handlers.names import person_names
from handlers.office import fields
from handlers.office.overview import Overview, Row, load_overview
from knowledge import KnowledgeBase
from storage.repositories import Repositories

Cell = Callable[[Row, dict[str, str]], Any]


def _meeting(row: Row) -> dict[str, Any]:
    value = row.answers.get("meeting")
    return value if isinstance(value, dict) else {}


def _held(row: Row) -> str:
    meeting = _meeting(row)
    if "held" not in meeting:
        return ""
    return texts.OFFICE_YES if meeting["held"] else texts.OFFICE_NO


def _when(value: datetime | None) -> str:
    return local(value).strftime("%Y-%m-%d %H:%M") if value is not None else ""


def _answer(key: str) -> Cell:
    return lambda row, _names: row.answers.get(key) or ""


def _report_attr(name: str, as_name: bool = False) -> Cell:
    def cell(row: Row, names: dict[str, str]) -> Any:
        value = getattr(row.report, name, None) if row.report is not None else None
        if value is None:
            return ""
        return names.get(value, value) if as_name else value

    return cell


def _case(row: Row, _names) -> str:
    value = row.answers.get("case")
    if not isinstance(value, dict):
        return ""
    return texts.OFFICE_YES if value.get("formed") else texts.OFFICE_NO


def _note(row: Row, _names) -> str:
    notes = []
    if row.exemption is not None:
        notes.append(texts.OFFICE_EXPORT_EXEMPT.format(reason=row.exemption.reason))
    if row.extension is not None:
        notes.append(
            texts.OFFICE_EXPORT_EXTENDED.format(
                due=row.extension.due_on.isoformat(), reason=row.extension.reason
            )
        )
    return "；".join(notes)


def _late(row: Row, _names) -> str:
    if row.latest is None:
        return ""
    return texts.OFFICE_YES if row.latest.late else texts.OFFICE_NO


def _columns(kb: KnowledgeBase) -> list[tuple[str, Cell, int]]:
    """(header key, cell, width) of the report sheet after the row number."""
    indicators = {indicator.id: indicator.name for indicator in kb.indicators}
    return [
        ("task_force", lambda row, _n: row.task_force.name, 24),
        ("indicator", lambda row, _n: indicators.get(row.task_force.indicator_id, ""), 14),
        ("lead_units", lambda row, _n: "、".join(row.task_force.lead_units), 16),
        ("state", lambda row, _n: texts.OFFICE_STATE_LABELS[row.state], 8),
        ("version", lambda row, _n: row.latest.version if row.latest else "", 6),
        ("submitted_at", lambda row, _n: _when(row.latest and row.latest.submitted_at), 17),
        ("submitted_by", lambda row, n: n[row.latest.submitted_by] if row.latest else "", 10),
        ("late", _late, 8),
        ("due_on", lambda row, _n: row.due_on.isoformat(), 11),
        ("meeting_held", lambda row, _n: _held(row), 8),
        ("meeting_date", lambda row, _n: _meeting(row).get("date", ""), 11),
        ("meeting_reason", lambda row, _n: _meeting(row).get("reason", ""), 24),
        ("meeting_planned", lambda row, _n: _meeting(row).get("planned", ""), 11),
        ("progress", _answer("progress"), 50),
        ("lagging_count", lambda row, _n: len(row.lagging) if row.latest else "", 8),
        ("problems", _answer("problems"), 40),
        ("next_plan", _answer("next_plan"), 40),
        ("case_formed", _case, 8),
        ("case_title", lambda row, _n: fields.case_title(row.answers) or "", 30),
        ("benchmark", _answer("benchmark"), 40),
        ("review_comment", _report_attr("review_comment"), 30),
        ("reviewed_by", _report_attr("reviewed_by", as_name=True), 10),
        ("reviewed_at", lambda row, _n: _when(row.report and row.report.reviewed_at), 17),
        ("note", _note, 30),
    ]


def _header(sheet: Worksheet, headers: list[str], widths: list[int]) -> None:
    sheet.append(headers)
    for index, width in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(index)].width = width
        sheet.cell(row=1, column=index).font = Font(bold=True)
    sheet.freeze_panes = "B2"


WRAP = Alignment(wrap_text=True, vertical="top")


def _wrap(sheet: Worksheet) -> None:
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = WRAP


def build_workbook(overview: Overview, kb: KnowledgeBase, names: dict[str, str]) -> bytes:
    book = Workbook()
    reports = book.active
    assert isinstance(reports, Worksheet)  # a new workbook opens on its one worksheet
    reports.title = texts.OFFICE_EXPORT_SHEET_REPORTS
    columns = _columns(kb)
    headers = [texts.OFFICE_EXPORT_NUMBER] + [texts.OFFICE_EXPORT_HEADERS[c[0]] for c in columns]
    _header(reports, headers, [6] + [c[2] for c in columns])
    for number, row in enumerate(overview.rows, 1):
        reports.append([number] + [cell(row, names) for _, cell, _ in columns])
    _wrap(reports)

    lagging = book.create_sheet(texts.OFFICE_EXPORT_SHEET_LAGGING)
    _header(lagging, texts.OFFICE_EXPORT_LAGGING_HEADERS, [24, 6, 24, 40, 40])
    for row in overview.rows:
        for item in row.lagging:
            lagging.append(
                [
                    row.task_force.name,
                    item.get("no", ""),
                    item.get("name", ""),
                    item.get("reason", ""),
                    item.get("measure", ""),
                ]
            )
    _wrap(lagging)
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def export_filename(quarter: Quarter) -> str:
    return texts.OFFICE_EXPORT_FILENAME.format(quarter=quarter.id)


async def quarter_workbook(
    repos: Repositories, kb: KnowledgeBase, quarter: Quarter, today: date, due_day: int
) -> bytes:
    """The workbook 导出 sends and `zhuanban export` writes."""
    overview = await load_overview(repos, kb, quarter, today, due_day)
    userids: list[str | None] = []
    for row in overview.rows:
        if row.latest is not None:
            userids.append(row.latest.submitted_by)
        if row.report is not None:
            userids.append(row.report.reviewed_by)
    return build_workbook(overview, kb, await person_names(repos, userids))
