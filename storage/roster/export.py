"""The 名单 as the office hands it on: one sheet, by task force in the document's order."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from core.roles import TASK_FORCE_ROLES, Role
from knowledge import KnowledgeBase
from storage.repositories.registry import PersonState
from storage.roster import texts

WIDTHS = (6, 40, 24, 10, 14, 22, 10, 16)
HEADER_ROW = 3


def roster_rows(kb: KnowledgeBase, people: Iterable[PersonState]) -> list[tuple[str, ...]]:
    """(专班, 单位, 分工, 姓名, 企业微信账号, 角色, 手机) rows: each task force in the
    document's order, lead units first, then responsible units, then the office."""
    people = sorted(people, key=lambda state: (state.name, state.key))
    rows: list[tuple[str, ...]] = []
    for task_force in kb.task_forces:
        places = {unit: (0, order) for order, unit in enumerate(task_force.lead_units)}
        for order, unit in enumerate(task_force.responsible_units):
            places.setdefault(unit, (1, order))
        members = [
            (state, role)
            for state in people
            for task_force_id, role in state.roles
            if task_force_id == task_force.id
        ]
        members.sort(
            key=lambda pair: (
                places.get(pair[0].unit or "", (2, 0)),
                pair[0].unit or "",
                TASK_FORCE_ROLES.index(pair[1]),
            )
        )
        for state, role in members:
            kind = places.get(state.unit or "", (2, 0))[0]
            part = (texts.LEAD, texts.RESPONSIBLE, texts.OTHER)[kind]
            rows.append(_row(task_force.name, state, part, texts.ROLE_NAMES[role]))
    office = [state for state in people if state.office]
    rows += [
        _row("", state, texts.OFFICE_GROUP, texts.ROLE_NAMES[Role.OFFICE]) for state in office
    ]
    return rows


def _row(task_force: str, state: PersonState, part: str, role: str) -> tuple[str, ...]:
    return (task_force, state.unit or "", part, state.name, state.userid, role, state.mobile or "")


def write_workbook(path: Path, rows: list[tuple[str, ...]], today: date) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert isinstance(sheet, Worksheet)  # a new workbook opens on its one worksheet
    sheet.title = texts.SHEET
    columns = len(texts.EXPORT_HEADER)
    sheet.append([texts.TITLE])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=columns)
    sheet["A1"].font = Font(size=16, bold=True)
    sheet["A1"].alignment = Alignment(horizontal="center")
    sheet.append([texts.DATE_LINE.format(date=today)])
    sheet.append(list(texts.EXPORT_HEADER))
    for cell in sheet[HEADER_ROW]:
        cell.font = Font(bold=True)
    for number, row in enumerate(rows, start=1):
        sheet.append([number, *row])
    for index, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[chr(ord("A") + index - 1)].width = width
    sheet.freeze_panes = f"A{HEADER_ROW + 1}"  # rows above the first person stay in view
    workbook.save(path)
