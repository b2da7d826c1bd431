"""Who reports: the rule that a lead unit's 联系人 or 分管领导 fills a task force's report, read
from the knowledge (shared by the check-in, self-service, 分管领导 confirmation and 帮助)."""

from __future__ import annotations

from core.roles import FILLER_ROLES
from knowledge import KnowledgeBase
from storage.repositories.registry import MemberView


def fillable(kb: KnowledgeBase, memberships: list[MemberView]) -> list[str]:
    """The task forces whose report the user with these memberships may fill, in the
    knowledge's order.

    The same rule as `RegistryRepository.lead_unit_members`, read from the knowledge's lead
    units (which `task_force_units` mirrors) so that one query serves every task force.
    """
    return [
        task_force.id
        for task_force in kb.task_forces
        if any(
            m.task_force_id == task_force.id
            and m.role in FILLER_ROLES
            and m.unit in task_force.lead_units
            for m in memberships
        )
    ]
