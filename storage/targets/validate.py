"""Read a targets sheet and check every row; a clean sheet becomes the targets it plans."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from core.dates import parse_day
from core.quarters import Quarter
from knowledge import KnowledgeBase
from knowledge.models import TaskForce
from storage.roster import texts as roster_texts
from storage.roster.cells import clean
from storage.roster.reading import Layout, RawRow, RosterFileError, read_table
from storage.roster.validate import Problem, RosterValidator, hint
from storage.targets import texts

COLUMNS = ("年度", "专班", "重点任务", "季度", "季度目标", "责任单位", "完成时限")
REQUIRED = ("年度", "专班", "重点任务", "季度", "季度目标")
LAYOUT = Layout(
    COLUMNS,
    {
        "年份": "年度",
        "专班名称": "专班",
        "指标专班": "专班",
        "任务": "重点任务",
        "重点任务名称": "重点任务",
        "目标": "季度目标",
        "目标任务": "季度目标",
        "牵头单位": "责任单位",
        "责任部门": "责任单位",
        "完成时间": "完成时限",
        "截止日期": "完成时限",
        "时限": "完成时限",
    },
)
TASK_LIMIT = 200
TARGET_LIMIT = 1000
_QUARTER = re.compile(r"(?:第|[Qq])?\s*([1-4一二三四])\s*(?:季度|季)?")
_QUARTER_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4}


@dataclass(frozen=True, slots=True)
class TargetRow:
    """One clean row: a target of a task force's 重点任务 for one quarter."""

    number: int
    year: int
    task_force_id: str
    task: str
    quarter: int
    target: str
    owner_unit: str | None
    due_on: date


@dataclass
class ParsedTargets:
    rows: list[TargetRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def looks_like_targets(path: Path) -> bool:
    """The sheet's header names the targets' own columns (a roster's does not)."""
    try:
        columns = read_table(path, LAYOUT).columns
    except RosterFileError:
        return False
    return {"重点任务", "季度目标"} <= set(columns)


def parse_targets(path: Path, kb: KnowledgeBase) -> ParsedTargets:
    try:
        table = read_table(path, LAYOUT)
    except RosterFileError as error:
        return ParsedTargets(problems=[Problem(0, str(error))])
    missing = [name for name in REQUIRED if name not in table.columns]
    if missing:
        message = texts.MISSING_COLUMNS.format(columns="、".join(missing))
        return ParsedTargets(problems=[Problem(table.header_row, message)])
    if table.duplicate_columns:
        message = texts.DUPLICATE_COLUMNS.format(columns="、".join(table.duplicate_columns))
        return ParsedTargets(problems=[Problem(table.header_row, message)])
    if not table.rows:
        return ParsedTargets(problems=[Problem(table.header_row, texts.NO_DATA)])
    checker = _Checker(kb)
    rows = [row for raw in table.rows if (row := checker.row(raw)) is not None]
    if checker.problems:
        return ParsedTargets(problems=sorted(checker.problems))
    return ParsedTargets(rows=rows)


class _Checker:
    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.names = RosterValidator(kb)
        self.problems: list[Problem] = []
        self.seen: dict[tuple[int, str, str, int], int] = {}

    def row(self, raw: RawRow) -> TargetRow | None:
        before = len(self.problems)

        def problem(message: str) -> None:
            self.problems.append(Problem(raw.number, message))

        cells = {column: clean(raw.cells.get(column, "")) for column in COLUMNS}
        for column in REQUIRED:
            if not cells[column]:
                problem(texts.BLANK_CELL.format(column=column))
        year = _year(cells["年度"], problem)
        task_force = self._task_force(cells["专班"], problem)
        quarter = _quarter(cells["季度"], problem)
        task, target = cells["重点任务"], cells["季度目标"]
        for column, value, limit in (
            ("重点任务", task, TASK_LIMIT),
            ("季度目标", target, TARGET_LIMIT),
        ):
            if len(value) > limit:
                problem(texts.TOO_LONG.format(column=column, limit=limit))
        unit = self._unit(cells["责任单位"], task_force, problem)
        due = _due(cells["完成时限"], year, quarter, problem)
        if len(self.problems) > before or None in (year, task_force, quarter, due):
            return None
        assert year is not None and task_force is not None and quarter is not None
        assert due is not None
        key = (year, task_force.id, task, quarter)
        if key in self.seen:
            problem(texts.DUPLICATE_ROW.format(first=self.seen[key]))
            return None
        self.seen[key] = raw.number
        return TargetRow(raw.number, year, task_force.id, task, quarter, target, unit, due)

    def _task_force(self, text: str, problem: Callable[[str], None]) -> TaskForce | None:
        if not text:
            return None
        task_force, guess = self.names.task_forces(text)
        if task_force is None:
            problem(roster_texts.UNKNOWN_TASK_FORCE.format(value=text) + hint(guess))
        return task_force

    def _unit(
        self, text: str, task_force: TaskForce | None, problem: Callable[[str], None]
    ) -> str | None:
        if not text:
            return None
        unit = self.names.unit_name(text, problem)
        if unit is None or task_force is None:
            return unit
        if not self.names.unit_allowed(task_force, unit):
            problem(texts.UNIT_NOT_IN_TASK_FORCE.format(unit=unit, task_force=task_force.name))
        return unit


def _year(text: str, problem: Callable[[str], None]) -> int | None:
    if not text:
        return None
    digits = text.removesuffix("年")
    if not (digits.isdigit() and 2000 <= int(digits) <= 2100):
        problem(texts.BAD_YEAR.format(value=text))
        return None
    return int(digits)


def _quarter(text: str, problem: Callable[[str], None]) -> int | None:
    if not text:
        return None
    match = _QUARTER.fullmatch(text.replace(" ", ""))
    if match is None:
        problem(texts.BAD_QUARTER.format(value=text))
        return None
    digit = match.group(1)
    return _QUARTER_DIGITS.get(digit) or int(digit)


def _due(
    text: str, year: int | None, quarter: int | None, problem: Callable[[str], None]
) -> date | None:
    if year is None or quarter is None:
        return None
    period = Quarter(year, quarter)
    if not text:
        return period.last_day
    try:
        due = parse_day(text.split("T")[0], date(year, 1, 1), relative=False, onward=True)
    except ValueError:
        problem(texts.BAD_DUE.format(value=text))
        return None
    if due < period.first_day:
        problem(texts.DUE_BEFORE_QUARTER.format(due=due.isoformat(), quarter=period.label))
        return None
    return due
