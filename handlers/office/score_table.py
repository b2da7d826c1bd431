"""A table of evaluation scores (.csv or .xlsx: 年度, 指标, 得分, 排名), checked row by row."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from openpyxl import load_workbook

from handlers import texts
from handlers.office.args import (
    ArgumentError,
    parse_rank,
    parse_score,
    parse_year,
    resolve_indicator,
)
from knowledge import KnowledgeBase

COLUMNS = ("年度", "指标", "得分", "排名")
ENCODINGS = ("utf-8-sig", "gb18030")
"""UTF-8 first; Excel on a Chinese Windows saves CSV as GBK, which gb18030 reads."""


class ScoreTableError(ValueError):
    """The table cannot be imported; `errors` are the Chinese messages, row numbers first."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass(frozen=True, slots=True)
class ScoreRow:
    line: int
    year: int
    indicator_id: str
    score: float
    rank: int | None


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _read_csv(path: Path) -> list[list[str]]:
    data = path.read_bytes()
    for encoding in ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return [[_cell(value) for value in row] for row in csv.reader(io.StringIO(text))]
    raise ScoreTableError([texts.OFFICE_IMPORT_ENCODING])


def _read_xlsx(path: Path) -> list[list[str]]:
    book = load_workbook(path, read_only=True, data_only=True)
    try:
        sheet = book.worksheets[0]
        return [[_cell(value) for value in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        book.close()


def read_table(path: Path) -> list[list[str]]:
    """The table's rows as text cells, the header first."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _read_csv(path)
    if suffix == ".xlsx":
        return _read_xlsx(path)
    raise ScoreTableError([texts.OFFICE_IMPORT_FORMAT.format(name=path.name)])


def parse_score_table(rows: list[list[str]], kb: KnowledgeBase, today: date) -> list[ScoreRow]:
    """Every row checked; any error rejects the whole table, listing each bad row."""
    if not rows:
        raise ScoreTableError([texts.OFFICE_IMPORT_EMPTY])
    header = [cell.strip() for cell in rows[0]]
    absent = [name for name in COLUMNS if name not in header]
    if absent:
        raise ScoreTableError([texts.OFFICE_IMPORT_COLUMNS.format(names="、".join(absent))])
    index = {name: header.index(name) for name in COLUMNS}
    parsed: list[ScoreRow] = []
    errors: list[str] = []
    seen: dict[tuple[int, str], int] = {}
    for line, row in enumerate(rows[1:], 2):
        cells = {name: row[i] if i < len(row) else "" for name, i in index.items()}
        if not any(cells.values()):
            continue
        try:
            year = parse_year(cells["年度"], today)
            indicator = resolve_indicator(kb, cells["指标"])
            score = parse_score(cells["得分"])
            rank = parse_rank(cells["排名"]) if cells["排名"] else None
        except ArgumentError as error:
            errors.append(texts.OFFICE_IMPORT_ROW.format(line=line, error=error))
            continue
        first = seen.setdefault((year, indicator.id), line)
        if first != line:
            errors.append(texts.OFFICE_IMPORT_DUPLICATE.format(line=line, first=first))
            continue
        parsed.append(ScoreRow(line, year, indicator.id, score, rank))
    if errors:
        raise ScoreTableError(errors)
    if not parsed:
        raise ScoreTableError([texts.OFFICE_IMPORT_EMPTY])
    return parsed
