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
from handlers import attachments, texts
from handlers.checkin import columns
from handlers.checkin.columns import Column
from handlers.names import person_names
from handlers.office.overview import Overview, Row, load_overview
from knowledge import KnowledgeBase
from storage.repositories import Repositories

Cell = Callable[[Row, dict[str, str]], Any]


def _when(value: datetime | None) -> str:
    return local(value).strftime("%Y-%m-%d %H:%M") if value is not None else ""


def _report_attr(name: str, as_name: bool = False) -> Cell:
    def cell(row: Row, names: dict[str, str]) -> Any:
        value = getattr(row.report, name, None) if row.report is not None else None
        if value is None:
            return ""
        return names.get(value, value) if as_name else value

    return cell


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


def _answer(column: Column) -> Cell:
    return lambda row, _names: column.cell(row.answers)


def _columns(kb: KnowledgeBase) -> list[tuple[str, Cell, int]]:
    """(header, cell, width) of the report sheet after the row number; the answers' columns
    come from the check-in's question spec."""
    indicators = {indicator.id: indicator.name for indicator in kb.indicators}
    headers = texts.OFFICE_EXPORT_HEADERS
    before: list[tuple[str, Cell, int]] = [
        ("task_force", lambda row, _n: row.task_force.name, 24),
        ("indicator", lambda row, _n: indicators.get(row.task_force.indicator_id, ""), 14),
        ("lead_units", lambda row, _n: "、".join(row.task_force.lead_units), 16),
        ("state", lambda row, _n: texts.OFFICE_STATE_LABELS[row.state], 8),
        ("version", lambda row, _n: row.latest.version if row.latest else "", 6),
        (
            "submitted_at",
            lambda row, _n: _when(row.latest.submitted_at if row.latest else None),
            17,
        ),
        ("submitted_by", lambda row, n: n[row.latest.submitted_by] if row.latest else "", 10),
        ("late", _late, 8),
        ("due_on", lambda row, _n: row.due_on.isoformat(), 11),
    ]
    after: list[tuple[str, Cell, int]] = [
        ("review_comment", _report_attr("review_comment"), 30),
        ("reviewed_by", _report_attr("reviewed_by", as_name=True), 10),
        ("reviewed_at", lambda row, _n: _when(row.report.reviewed_at if row.report else None), 17),
        ("note", _note, 30),
    ]
    answers = [(c.header, _answer(c), c.width) for c in columns.answer_columns()]
    return [
        *((headers[key], cell, width) for key, cell, width in before),
        *answers,
        *((headers[key], cell, width) for key, cell, width in after),
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


def _attachments_sheet(book: Workbook, rows: list[list[Any]]) -> None:
    sheet = book.create_sheet(texts.ATTACHMENT_EXPORT_SHEET)
    _header(sheet, list(texts.ATTACHMENT_EXPORT_HEADER), [6, 24, 8, 30, 10, 10, 14, 17, 20])
    for row in rows:
        sheet.append(row)
    _wrap(sheet)


def build_workbook(
    overview: Overview,
    kb: KnowledgeBase,
    names: dict[str, str],
    attachment_rows: list[list[Any]] | None = None,
) -> bytes:
    book = Workbook()
    reports = book.active
    assert isinstance(reports, Worksheet)  # a new workbook opens on its one worksheet
    reports.title = texts.OFFICE_EXPORT_SHEET_REPORTS
    sheet_columns = _columns(kb)
    headers = [texts.OFFICE_EXPORT_NUMBER] + [c[0] for c in sheet_columns]
    _header(reports, headers, [6] + [c[2] for c in sheet_columns])
    for number, row in enumerate(overview.rows, 1):
        reports.append([number] + [cell(row, names) for _, cell, _ in sheet_columns])
    _wrap(reports)

    lagging = book.create_sheet(texts.OFFICE_EXPORT_SHEET_LAGGING)
    item_fields = columns.item_fields()
    _header(
        lagging,
        [*texts.OFFICE_EXPORT_LAGGING_HEADERS, *(field.label for field in item_fields)],
        [24, 6, 24, *(field.width for field in item_fields)],
    )
    for row in overview.rows:
        for item in columns.items(row.answers):
            lagging.append([row.task_force.name, *item])
    _wrap(lagging)
    if attachment_rows:
        _attachments_sheet(book, attachment_rows)
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
    names = await person_names(repos, userids)
    return build_workbook(overview, kb, names, await attachment_rows(repos, kb, quarter))


async def attachment_rows(
    repos: Repositories, kb: KnowledgeBase, quarter: Quarter
) -> list[list[Any]]:
    """The quarter's attachments, oldest first, one row each for the 附件 sheet."""
    found = await repos.attachments.listing(period_id=quarter.id, limit=100_000)
    return [
        [
            item.id,
            kb.task_force(item.task_force_id).name if item.task_force_id else "",
            item.period_id or "",
            attachments.shown_name(item),
            attachments.size_text(item.size),
            attachments.status_text(item),
            item.uploader,
            attachments.shown_time(item.created_at),
            item.sha256 or "",
        ]
        for item in reversed(found)
    ]
