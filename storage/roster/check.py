"""The mechanism's rules on the roster, as findings the office can act on."""

from __future__ import annotations

from collections import Counter

from core.roles import Role
from knowledge import KnowledgeBase
from knowledge.models import UnitKind
from storage.repositories.registry import PersonState
from storage.roster import texts

RULES = 4
MIN_PEOPLE_WITHOUT_RESPONSIBLE_UNITS = 2
"""三、（一）：只涉及牵头单位无责任单位的，专班人员应不少于2人。"""


def check_roster(kb: KnowledgeBase, people: dict[str, PersonState]) -> list[str]:
    """Every rule broken, one finding a line; an empty list means the roster is complete."""
    states = sorted(people.values(), key=lambda state: (state.unit or "", state.key))
    contacts = {
        (task_force_id, state.unit)
        for state in states
        for task_force_id, role in state.roles
        if role == Role.CONTACT
    }
    headcount = Counter(task_force_id for state in states for task_force_id, _ in state.roles)
    findings = [
        texts.LEAD_WITHOUT_CONTACT.format(task_force=task_force.name, unit=unit)
        for task_force in kb.task_forces
        for unit in task_force.lead_units
        if (task_force.id, unit) not in contacts
    ]
    findings += [
        texts.TOO_FEW_PEOPLE.format(task_force=task_force.name, count=headcount[task_force.id])
        for task_force in kb.task_forces
        if not task_force.responsible_units
        and headcount[task_force.id] < MIN_PEOPLE_WITHOUT_RESPONSIBLE_UNITS
    ]
    staffed = {state.unit for state in states}
    findings += [
        texts.UNIT_WITHOUT_PEOPLE.format(unit=unit.name)
        for unit in kb.units
        if unit.kind == UnitKind.UNIT and unit.name not in staffed
    ]
    findings += [
        texts.PERSON_WITHOUT_TASK_FORCE.format(
            name=state.name, userid=state.userid, unit=state.unit or ""
        )
        for state in states
        if not state.roles and not state.office
    ]
    return findings
