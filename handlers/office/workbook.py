"""The quarter's reports as an .xlsx workbook: a row per task force, a sheet of lagging items."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from io import BytesIO
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from core.clock import local
from core.problems import Rate
from core.quarters import Quarter
from handlers import attachments, targets, texts
from handlers.checkin import columns
from handlers.checkin.columns import Column
from handlers.names import person_names, short_name
from handlers.office.overview import Overview, Row, load_overview
from handlers.problems import rates as problem_rates
from handlers.problems import texts as ptexts
from handlers.problems.common import problem_light
from knowledge import KnowledgeBase
from storage.repositories import Repositories

Cell = Callable[[Row, dict[str, str]], Any]


def _when(value: datetime | None) -> str:
    return local(value).strftime("%Y-%m-%d %H:%M") if value is not None else ""


def _current_review(row: Row) -> bool:
    """The report's last review is of its latest version (not of one since resubmitted)."""
    report, latest = row.report, row.latest
    if report is None or latest is None or report.reviewed_at is None:
        return False
    return report.reviewed_at >= latest.submitted_at


def _review(name: str, as_name: bool = False) -> Cell:
    """A field of the review, only when it is the current version's."""

    def cell(row: Row, names: dict[str, str]) -> Any:
        value = getattr(row.report, name, None) if _current_review(row) else None
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
        ("review_comment", _review("review_comment"), 30),
        ("reviewed_by", _review("reviewed_by", as_name=True), 10),
        ("reviewed_at", lambda row, n: _when(_review("reviewed_at")(row, n) or None), 17),
        ("note", _note, 30),
    ]
    answers = [(c.header, _answer(c), c.width) for c in columns.answer_columns()]
    return [
        *((headers[key], cell, width) for key, cell, width in before),
        *answers,
        *((headers[key], cell, width) for key, cell, width in after),
    ]


TITLE_ROWS = 2
"""The title and the generated-at line above each sheet's header row."""
HEADER_ROW = TITLE_ROWS + 1
WRAP = Alignment(wrap_text=True, vertical="top")
THIN = Side(style="thin")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def _sheet_title(book: Workbook, text: str) -> str:
    """An Excel sheet name (≤ 31 characters, none of []:*?/\\), unique in the book."""
    name = "".join(ch for ch in text if ch not in "[]:*?/\\")[:31]
    taken, stem, n = set(book.sheetnames), name, 2
    while name in taken:
        suffix = f"({n})"
        name, n = stem[: 31 - len(suffix)] + suffix, n + 1
    return name


def _printable(
    sheet: Worksheet, title: str, generated: str, headers: list[str], widths: list[int]
) -> None:
    """Title and generated-at rows, a bold header that repeats on every printed page and
    stays in view, column widths, A4 landscape fitted to the page width."""
    columns = len(headers)
    sheet.append([title])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=columns)
    sheet["A1"].font = Font(size=14, bold=True)
    sheet["A1"].alignment = Alignment(horizontal="center")
    sheet.append([generated])
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=columns)
    sheet.append(headers)
    for index, width in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(index)].width = width
        cell = sheet.cell(row=HEADER_ROW, column=index)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
    # A coordinate, not a cell: creating the cell would make the next append skip a row.
    sheet.freeze_panes = f"{'B' if columns > 2 else 'A'}{HEADER_ROW + 1}"
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    sheet.page_setup.orientation = sheet.ORIENTATION_LANDSCAPE
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.print_options.horizontalCentered = True


def _finish(sheet: Worksheet) -> None:
    """Borders and wrapped text on the header and every data cell."""
    for index, row in enumerate(sheet.iter_rows(min_row=HEADER_ROW)):
        for cell in row:
            cell.border = BORDER
            if index:  # below the header
                cell.alignment = WRAP


HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")


def _table_sheet(
    sheet: Worksheet,
    title: str,
    generated: str,
    headers: list[str],
    widths: list[int],
    rows: list[list[Any]],
) -> Worksheet:
    """A printable sheet of one table (targets, attachments, problems)."""
    _printable(sheet, title, generated, headers, widths)
    for row in rows:
        sheet.append(row)
    _finish(sheet)
    return sheet


def build_workbook(
    overview: Overview,
    kb: KnowledgeBase,
    names: dict[str, str],
    generated_at: datetime,
    attachment_rows: list[list[Any]] | None = None,
    problems: ProblemSheet | None = None,
    target_rows: list[list[Any]] | None = None,
) -> bytes:
    """A summary sheet, the lagging items, the quarter's targets (plan against actual), then
    one sheet per task force, each printable."""
    book = Workbook()
    quarter = overview.quarter.label
    generated = texts.OFFICE_EXPORT_GENERATED.format(at=_when(generated_at))
    reports = book.active
    assert isinstance(reports, Worksheet)  # a new workbook opens on its one worksheet
    reports.title = texts.OFFICE_EXPORT_SHEET_REPORTS
    sheet_columns = _columns(kb)
    headers = [texts.OFFICE_EXPORT_NUMBER] + [c[0] for c in sheet_columns]
    title = texts.OFFICE_EXPORT_TITLE.format(quarter=quarter)
    _printable(reports, title, generated, headers, [6] + [c[2] for c in sheet_columns])
    for number, row in enumerate(overview.rows, 1):
        reports.append([number] + [cell(row, names) for _, cell, _ in sheet_columns])
    _finish(reports)

    lagging = book.create_sheet(texts.OFFICE_EXPORT_SHEET_LAGGING)
    item_fields = columns.item_fields()
    _printable(
        lagging,
        texts.OFFICE_EXPORT_LAGGING_TITLE.format(quarter=quarter),
        generated,
        [*texts.OFFICE_EXPORT_LAGGING_HEADERS, *(field.label for field in item_fields)],
        [24, 6, 24, *(field.width for field in item_fields)],
    )
    for row in overview.rows:
        for item in columns.items(row.answers):
            lagging.append([row.task_force.name, *item])
    _finish(lagging)

    if target_rows:
        _table_sheet(
            book.create_sheet(texts.TARGETS_EXPORT_SHEET),
            texts.TARGETS_EXPORT_TITLE.format(quarter=quarter),
            generated,
            list(texts.TARGETS_EXPORT_HEADER),
            [24, 24, 36, 16, 12, 10, 40, 17, 8, 8],
            target_rows,
        )

    for row in overview.rows:
        sheet = book.create_sheet(_sheet_title(book, short_name(row.task_force)))
        title = texts.OFFICE_EXPORT_TASK_FORCE_TITLE.format(
            task_force=row.task_force.name, quarter=quarter
        )
        _printable(sheet, title, generated, texts.OFFICE_EXPORT_FIELD_HEADERS, [22, 90])
        for header, cell, _ in sheet_columns[1:]:  # the task force is the sheet's title
            sheet.append([header, cell(row, names)])
        for item in columns.items(row.answers):
            label = texts.OFFICE_EXPORT_LAGGING_ITEM.format(no=item[0])
            sheet.append([label, "　".join(str(value) for value in item[1:] if value)])
        _finish(sheet)

    if attachment_rows:
        _table_sheet(
            book.create_sheet(texts.ATTACHMENT_EXPORT_SHEET),
            texts.ATTACHMENT_EXPORT_SHEET,
            generated,
            list(texts.ATTACHMENT_EXPORT_HEADER),
            [6, 24, 8, 30, 10, 10, 14, 17, 20],
            attachment_rows,
        )
    if problems is not None and problems.rows:
        sheet = _table_sheet(
            book.create_sheet(ptexts.EXPORT_SHEET),
            ptexts.EXPORT_TITLE.format(quarter=quarter),
            generated,
            list(ptexts.EXPORT_HEADERS),
            [6, 12, 16, 40, 10, 11, 11, 17, 12, 6, 11, 8],
            problems.rows,
        )
        sheet.append([ptexts.EXPORT_RATE, problem_rates.rate_line(problems.rate)])
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def export_filename(quarter: Quarter) -> str:
    return texts.OFFICE_EXPORT_FILENAME.format(quarter=quarter.id)


async def quarter_workbook(
    repos: Repositories,
    kb: KnowledgeBase,
    quarter: Quarter,
    now: datetime,
    due_day: int,
    *,
    warn_workdays: int,
) -> bytes:
    """The workbook 导出 sends and `zhuanban export` writes."""
    today = local(now).date()
    overview = await load_overview(repos, kb, quarter, today, due_day)
    userids: list[str | None] = []
    for row in overview.rows:
        if row.latest is not None:
            userids.append(row.latest.submitted_by)
        if row.report is not None:
            userids.append(row.report.reviewed_by)
    names = await person_names(repos, userids)
    views = await targets.quarter_views(repos, quarter, today, warn_workdays)
    return build_workbook(
        overview,
        kb,
        names,
        now,
        await attachment_rows(repos, kb, quarter),
        await problem_sheet(repos, kb, quarter, today, warn_workdays),
        [targets.export_row(kb, view, today) for view in views],
    )


@dataclass(frozen=True, slots=True)
class ProblemSheet:
    rows: list[list[Any]]
    rate: Rate


async def problem_sheet(
    repos: Repositories, kb: KnowledgeBase, quarter: Quarter, today: date, warn_workdays: int
) -> ProblemSheet:
    """Every problem as a row of the 问题清单 sheet (the 台账 order), and the quarter's rate."""
    problems = await repos.problems.listing()
    units = await repos.problems.unit_names()
    rows = []
    for problem in problems:
        colour = problem_light(problem, today, warn_workdays)
        closed = local(problem.closed_at).date() if problem.closed_at is not None else None
        rows.append(
            [
                problem.id,
                short_name(kb.task_force(problem.task_force_id)),
                units[problem.owner_unit_id],
                problem.title,
                ptexts.SOURCE_LABELS[problem.source],
                local(problem.created_at).date().isoformat(),
                problem.due_on.isoformat(),
                _when(problem.acknowledged_at),
                ptexts.STATUS_LABELS[problem.status],
                ptexts.LIGHT_LABELS[colour] if colour is not None else "",
                closed.isoformat() if closed is not None else "",
                ""
                if closed is None
                else (ptexts.ON_TIME if closed <= problem.due_on else ptexts.LATE),
            ]
        )
    return ProblemSheet(rows, problem_rates.quarter_rate(problems, quarter))


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
