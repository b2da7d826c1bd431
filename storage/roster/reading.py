"""Read a roster file (.csv in UTF-8, UTF-8 with BOM or GBK; .xlsx) into numbered rows."""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from storage.roster import texts
from storage.roster.cells import clean

COLUMNS = ("专班", "单位", "姓名", "企业微信账号", "角色", "手机")
REQUIRED_COLUMNS = ("专班", "单位", "姓名", "企业微信账号", "角色")

COLUMN_ALIASES = {
    "专班名称": "专班",
    "指标专班": "专班",
    "所在单位": "单位",
    "单位名称": "单位",
    "名字": "姓名",
    "企业微信": "企业微信账号",
    "企业微信id": "企业微信账号",
    "企业微信帐号": "企业微信账号",
    "账号": "企业微信账号",
    "userid": "企业微信账号",
    "手机号": "手机",
    "手机号码": "手机",
    "联系电话": "手机",
}
"""Header spellings seen in hand-made sheets, mapped to the column they mean."""


@dataclass(frozen=True, slots=True)
class Layout:
    """The columns a kind of sheet has (the roster, the year's targets) and their aliases."""

    columns: tuple[str, ...]
    aliases: dict[str, str]


ROSTER = Layout(COLUMNS, COLUMN_ALIASES)

HEADER_SEARCH_ROWS = 10
"""A title row and a date row may sit above the header (our own export has both)."""


class RosterFileError(Exception):
    """The file cannot be read as a roster at all (missing, wrong type, undecodable)."""


@dataclass(frozen=True, slots=True)
class RawRow:
    number: int
    """The row number the office sees in Excel or a text editor (the header is row 1)."""
    cells: dict[str, str]


@dataclass(frozen=True, slots=True)
class RawTable:
    header_row: int
    columns: tuple[str, ...]
    """Known columns found in the header, in the file's order."""
    duplicate_columns: tuple[str, ...]
    rows: tuple[RawRow, ...]


def read_table(path: Path, layout: Layout = ROSTER) -> RawTable:
    """The file's rows under its header row; blank rows are skipped but keep their numbers."""
    if not path.is_file():
        raise RosterFileError(texts.FILE_NOT_FOUND.format(path=path))
    suffix = path.suffix.lower()
    if suffix == ".csv":
        records = _csv_records(path.read_bytes())
    elif suffix in (".xlsx", ".xlsm"):
        records = _xlsx_records(path, layout)
    else:
        raise RosterFileError(texts.UNSUPPORTED_TYPE.format(suffix=path.suffix or "无扩展名"))
    return _table(records, layout)


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with its BOM (Excel's "Unicode text"), else
    GB18030, the superset of the GBK that Excel on Chinese Windows writes."""
    utf16 = data.startswith((b"\xff\xfe", b"\xfe\xff"))
    for encoding in ("utf-16",) if utf16 else ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise RosterFileError(texts.UNKNOWN_ENCODING)


def _csv_records(data: bytes) -> list[tuple[int, list[str]]]:
    text = decode(data)
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    # Excel's "Unicode text" export separates with tabs; everything else here uses commas.
    delimiter = "\t" if "\t" in first_line and "," not in first_line else ","
    try:
        rows = csv.reader(io.StringIO(text), delimiter=delimiter)
        return [(number, row) for number, row in enumerate(rows, start=1)]
    except csv.Error as error:
        raise RosterFileError(texts.BAD_CSV.format(error=error)) from error


def _xlsx_records(path: Path, layout: Layout) -> list[tuple[int, list[str]]]:
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError) as error:
        raise RosterFileError(texts.BAD_XLSX) from error
    try:
        sheets = [
            [
                (number, [_cell_text(value) for value in row])
                for number, row in enumerate(sheet.iter_rows(values_only=True), start=1)
            ]
            for sheet in workbook.worksheets
        ]
    finally:
        workbook.close()
    # The roster is the first sheet with our header; a 说明 sheet may come before it.
    with_header = (records for records in sheets if _named_header(records, layout) is not None)
    with_anything = (records for records in sheets if _non_blank(records))
    return next(with_header, None) or next(with_anything, [])


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    # Excel keeps a typed-in mobile number as a number; 13800000000.0 must read back as digits.
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def _column_name(cell: str, layout: Layout) -> str:
    name = clean(cell).replace(" ", "")
    return layout.aliases.get(name.lower(), name)


def _non_blank(records: list[tuple[int, list[str]]]) -> list[int]:
    return [index for index, (_, cells) in enumerate(records) if any(map(clean, cells))]


def _named_header(records: list[tuple[int, list[str]]], layout: Layout) -> int | None:
    """Index of the first row, near the top, that names at least two known columns."""
    for index in _non_blank(records)[:HEADER_SEARCH_ROWS]:
        names = {_column_name(cell, layout) for cell in records[index][1]}
        if len(names & set(layout.columns)) >= 2:
            return index
    return None


def _find_header(records: list[tuple[int, list[str]]], layout: Layout) -> int | None:
    """The named header, else the first non-blank row (whose missing columns are then told)."""
    header = _named_header(records, layout)
    if header is not None:
        return header
    non_blank = _non_blank(records)
    return non_blank[0] if non_blank else None


def _table(records: list[tuple[int, list[str]]], layout: Layout) -> RawTable:
    header_index = _find_header(records, layout)
    if header_index is None:
        raise RosterFileError(texts.EMPTY_FILE)
    header_row, header = records[header_index]
    positions: dict[str, int] = {}
    duplicates: list[str] = []
    for position, cell in enumerate(header):
        name = _column_name(cell, layout)
        if name not in layout.columns:
            continue  # 序号, 备注 and our export's 分工 are for people, not for the import
        if name in positions:
            duplicates.append(name)
        else:
            positions[name] = position
    rows = []
    for number, cells in records[header_index + 1 :]:
        if not any(map(clean, cells)):
            continue
        rows.append(
            RawRow(
                number=number,
                cells={
                    name: cells[position] if position < len(cells) else ""
                    for name, position in positions.items()
                },
            )
        )
    return RawTable(
        header_row=header_row,
        columns=tuple(positions),
        duplicate_columns=tuple(duplicates),
        rows=tuple(rows),
    )
