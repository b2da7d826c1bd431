"""What an import would change: people added, removed and changed, and how to say it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from core.roles import Role
from storage.repositories.registry import PersonState
from storage.roster import texts

DESCRIBED_FIELDS = ("userid", "name", "unit", "mobile", "office")


@dataclass
class Plan:
    added: list[PersonState] = field(default_factory=list)
    removed: list[PersonState] = field(default_factory=list)
    changed: list[tuple[PersonState, PersonState]] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed)

    def summary(self) -> str:
        return texts.SUMMARY.format(
            added=len(self.added), removed=len(self.removed), changed=len(self.changed)
        )


def make_plan(current: dict[str, PersonState], wanted: dict[str, PersonState]) -> Plan:
    """Compare the active roster with the file, both keyed by lower-cased userid."""
    plan = Plan(
        added=[wanted[key] for key in wanted.keys() - current.keys()],
        removed=[current[key] for key in current.keys() - wanted.keys()],
        changed=[
            (current[key], wanted[key])
            for key in wanted.keys() & current.keys()
            if current[key] != wanted[key]
        ],
    )
    plan.added.sort(key=_order)
    plan.removed.sort(key=_order)
    plan.changed.sort(key=lambda pair: _order(pair[1]))
    return plan


def _order(state: PersonState) -> tuple[str, str]:
    return (state.unit or "", state.key)


def describe(plan: Plan, task_force_name: Callable[[str], str]) -> list[str]:
    """One line per person, in Chinese, for the command's output and the office's notice."""
    lines = [texts.ADDED_LINE.format(person=_person(state)) for state in plan.added]
    lines += [texts.REMOVED_LINE.format(person=_person(state)) for state in plan.removed]
    lines += [
        texts.CHANGED_LINE.format(
            person=_person(after), details="；".join(_differences(before, after, task_force_name))
        )
        for before, after in plan.changed
    ]
    return lines


def _person(state: PersonState) -> str:
    return texts.PERSON.format(name=state.name, userid=state.userid, unit=state.unit or "")


def _shown(value: object) -> str:
    if isinstance(value, bool):
        return texts.OFFICE_YES if value else texts.OFFICE_NO
    return str(value) if value else texts.EMPTY_VALUE


def _differences(
    before: PersonState, after: PersonState, task_force_name: Callable[[str], str]
) -> list[str]:
    details = [
        texts.CHANGE_FIELD.format(
            field=texts.FIELD_NAMES[name],
            before=_shown(getattr(before, name)),
            after=_shown(getattr(after, name)),
        )
        for name in DESCRIBED_FIELDS
        if getattr(before, name) != getattr(after, name)
    ]
    old, new = dict(before.roles), dict(after.roles)
    for task_force_id in sorted(old.keys() | new.keys()):
        was, now = old.get(task_force_id), new.get(task_force_id)
        name = task_force_name(task_force_id)
        if was is None and now is not None:
            details.append(texts.JOINED_TASK_FORCE.format(task_force=name, role=_role(now)))
        elif now is None and was is not None:
            details.append(texts.LEFT_TASK_FORCE.format(task_force=name, role=_role(was)))
        elif was != now and was is not None and now is not None:
            details.append(
                texts.CHANGED_ROLE.format(task_force=name, before=_role(was), after=_role(now))
            )
    return details


def _role(role: Role) -> str:
    return texts.ROLE_NAMES[role]
