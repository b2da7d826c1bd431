"""Check every row of a roster file and turn a clean file into the people it lists."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from core.roles import Role
from knowledge import KnowledgeBase, Resolution
from knowledge.models import TaskForce, Unit, UnitKind
from storage.repositories.registry import PersonState
from storage.roster import texts
from storage.roster.cells import clean, name_of
from storage.roster.reading import REQUIRED_COLUMNS, RawRow, RawTable

ROLE_WORDS = {
    "分管领导": Role.LEADER,
    "联系人": Role.CONTACT,
    "成员": Role.MEMBER,
    "专班成员": Role.MEMBER,
    "办公室": Role.OFFICE,
    "办公室成员": Role.OFFICE,
    "营商环境办公室": Role.OFFICE,
}
"""What the 角色 column may say; the roles are stored as ASCII words."""

USERID = re.compile(r"[A-Za-z0-9_\-@.]{1,64}")
"""WeCom userids: letters, digits, _ - @ . and at most 64 characters."""

MOBILE = re.compile(r"(\+?86)?1[3-9]\d{9}|0\d{9,11}")
"""A mainland mobile number, or a landline with its area code."""

MOBILE_SEPARATORS = re.compile(r"[\s\-()]")

NAME_LIMIT = 64


@dataclass(frozen=True, slots=True, order=True)
class Problem:
    """Something wrong with the file; `row` is the row number the office sees, if any."""

    row: int
    message: str

    def __str__(self) -> str:
        return texts.ROW.format(row=self.row, message=self.message) if self.row else self.message


@dataclass
class ParsedRoster:
    people: dict[str, PersonState] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


@dataclass(slots=True)
class _Row:
    """One row after its own cells were checked; None where a cell was wrong."""

    number: int
    userid: str | None
    name: str | None
    unit: str | None
    mobile: str | None
    role: Role | None
    task_force: TaskForce | None


@dataclass(slots=True)
class _Person:
    first_row: int
    userid: str
    name: str
    unit: str
    mobile: str | None = None
    mobile_row: int = 0
    office_row: int = 0
    roles: dict[str, tuple[Role, int]] = field(default_factory=dict)


T = TypeVar("T", TaskForce, Unit)


class _Resolver(Generic[T]):
    """Names through the knowledge aliases, each distinct spelling resolved once."""

    def __init__(self, resolve: Callable[[str], Resolution[T]]) -> None:
        self._resolve: Callable[[str], Resolution[T]] = resolve
        self._seen: dict[str, tuple[T | None, str | None]] = {}

    def __call__(self, text: str) -> tuple[T | None, str | None]:
        """(item, None) when certain, else (None, the closest name or None)."""
        if text not in self._seen:
            result = self._resolve(text)
            guess = result.suggestion.name if result.suggestion is not None else None
            self._seen[text] = (result.item, guess)
        return self._seen[text]


class RosterValidator:
    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.task_forces = _Resolver(kb.resolve_task_force)
        self.units = _Resolver(kb.resolve_unit)
        self._allowed_units = {tf.id: allowed_units(kb, tf) for tf in kb.task_forces}

    def validate(self, table: RawTable) -> ParsedRoster:
        problems: list[Problem] = []
        missing = [name for name in REQUIRED_COLUMNS if name not in table.columns]
        if missing:
            message = texts.MISSING_COLUMNS.format(columns="、".join(missing))
            problems.append(Problem(table.header_row, message))
        if table.duplicate_columns:
            message = texts.DUPLICATE_COLUMNS.format(columns="、".join(table.duplicate_columns))
            problems.append(Problem(table.header_row, message))
        if problems:
            return ParsedRoster(problems=problems)
        if not table.rows:
            return ParsedRoster(problems=[Problem(table.header_row, texts.NO_DATA)])

        rows = [self._row(raw, problems) for raw in table.rows]
        people = self._people(rows, problems)
        if not any(person.office_row for person in people.values()):
            problems.append(Problem(0, texts.NO_OFFICE))
        if problems:
            return ParsedRoster(problems=sorted(problems))
        return ParsedRoster(people={key: _state(person) for key, person in people.items()})

    # One row on its own

    def _row(self, raw: RawRow, problems: list[Problem]) -> _Row:
        def problem(message: str) -> None:
            problems.append(Problem(raw.number, message))

        cells = {column: clean(value) for column, value in raw.cells.items()}
        for column in REQUIRED_COLUMNS:
            if column != "专班" and not cells[column]:
                problem(texts.BLANK_CELL.format(column=column))

        role = ROLE_WORDS.get(cells["角色"].replace(" ", "")) if cells["角色"] else None
        if cells["角色"] and role is None:
            problem(texts.UNKNOWN_ROLE.format(value=cells["角色"]))

        userid = cells["企业微信账号"] or None
        if userid is not None and not USERID.fullmatch(userid):
            problem(texts.BAD_USERID.format(value=userid))
            userid = None

        name = name_of(cells["姓名"]) or None
        if name is not None and len(name) > NAME_LIMIT:
            problem(texts.TOO_LONG.format(column="姓名", limit=NAME_LIMIT))
            name = None

        unit = self.unit_name(cells["单位"], problem) if cells["单位"] else None
        task_force = self._task_force(cells["专班"], role, problem)
        if unit is not None and task_force is not None and not self.unit_allowed(task_force, unit):
            problem(texts.UNIT_NOT_IN_TASK_FORCE.format(unit=unit, task_force=task_force.name))

        mobile = self._mobile(cells.get("手机", ""), problem)
        return _Row(raw.number, userid, name, unit, mobile, role, task_force)

    def unit_name(self, text: str, problem: Callable[[str], None]) -> str | None:
        """The canonical name of a specific unit (not a group), else a problem told."""
        unit, guess = self.units(text)
        if unit is None:
            problem(texts.UNKNOWN_UNIT.format(value=text) + hint(guess))
            return None
        if unit.kind != UnitKind.UNIT:
            problem(texts.GROUP_UNIT.format(value=text))
            return None
        return unit.name

    def _task_force(
        self, text: str, role: Role | None, problem: Callable[[str], None]
    ) -> TaskForce | None:
        if role == Role.OFFICE:
            if text:
                problem(texts.OFFICE_WITH_TASK_FORCE)
            return None
        if not text:
            problem(texts.TASK_FORCE_REQUIRED)
            return None
        task_force, guess = self.task_forces(text)
        if task_force is None:
            problem(texts.UNKNOWN_TASK_FORCE.format(value=text) + hint(guess))
        return task_force

    def unit_allowed(self, task_force: TaskForce, unit: str) -> bool:
        allowed = self._allowed_units[task_force.id]
        return allowed is None or unit in allowed

    @staticmethod
    def _mobile(text: str, problem: Callable[[str], None]) -> str | None:
        if not text:
            return None
        compact = MOBILE_SEPARATORS.sub("", text)
        if not MOBILE.fullmatch(compact):
            problem(texts.BAD_MOBILE.format(value=text))
            return None
        return compact

    # Rows together: one person per userid, one role per task force

    def _people(self, rows: list[_Row], problems: list[Problem]) -> dict[str, _Person]:
        people: dict[str, _Person] = {}
        for row in rows:
            if row.userid is None or row.name is None or row.unit is None:
                continue
            key = row.userid.lower()
            person = people.get(key)
            if person is None:
                person = people[key] = _Person(row.number, row.userid, row.name, row.unit)
            elif not self._same_person(person, row, problems):
                continue
            if row.mobile is not None:
                if person.mobile is None:
                    person.mobile, person.mobile_row = row.mobile, row.number
                elif person.mobile != row.mobile:
                    message = texts.USERID_TWO_MOBILES.format(
                        name=person.name,
                        userid=person.userid,
                        first=person.mobile_row,
                        first_mobile=person.mobile,
                        mobile=row.mobile,
                    )
                    problems.append(Problem(row.number, message))
            self._place(person, row, problems)
        return people

    @staticmethod
    def _same_person(person: _Person, row: _Row, problems: list[Problem]) -> bool:
        if row.name != person.name:
            message = texts.USERID_TWO_NAMES.format(
                userid=row.userid, first=person.first_row, first_name=person.name, name=row.name
            )
        elif row.unit != person.unit:
            message = texts.USERID_TWO_UNITS.format(
                name=person.name,
                userid=person.userid,
                first=person.first_row,
                first_unit=person.unit,
                unit=row.unit,
            )
        else:
            return True
        problems.append(Problem(row.number, message))
        return False

    def _place(self, person: _Person, row: _Row, problems: list[Problem]) -> None:
        if row.role == Role.OFFICE:
            if person.office_row:
                message = texts.DUPLICATE_OFFICE.format(
                    first=person.office_row, name=person.name, userid=person.userid
                )
                problems.append(Problem(row.number, message))
            else:
                person.office_row = row.number
            return
        if row.role is None or row.task_force is None:
            return
        held = person.roles.get(row.task_force.id)
        if held is None:
            person.roles[row.task_force.id] = (row.role, row.number)
            return
        role, first = held
        if role == row.role:
            message = texts.DUPLICATE_ROW.format(first=first)
        else:
            message = texts.TWO_ROLES.format(
                name=person.name,
                userid=person.userid,
                task_force=row.task_force.name,
                first=first,
                first_role=texts.ROLE_NAMES[role],
                role=texts.ROLE_NAMES[row.role],
            )
        problems.append(Problem(row.number, message))


def allowed_units(kb: KnowledgeBase, task_force: TaskForce) -> frozenset[str] | None:
    """A unit may serve only in its task forces, unless the document leaves the
    responsible units open ("……成员单位"), where any unit may be named (None)."""
    units = (*task_force.lead_units, *task_force.responsible_units)
    if any(kb.unit(name).kind != UnitKind.UNIT for name in units):
        return None
    return frozenset(units)


def hint(guess: str | None) -> str:
    return texts.SUGGESTION.format(name=guess) if guess else texts.NO_SUGGESTION


def _state(person: _Person) -> PersonState:
    return PersonState(
        userid=person.userid,
        name=person.name,
        unit=person.unit,
        mobile=person.mobile,
        office=bool(person.office_row),
        roles=tuple(sorted((tf, role) for tf, (role, _) in person.roles.items())),
    )
