"""Who is looking: the office sees every task force, anyone else only their own."""

from __future__ import annotations

from dataclasses import dataclass

from handlers.reporters import fillable
from knowledge import KnowledgeBase
from knowledge.models import TaskForce
from storage.repositories import Repositories


@dataclass(frozen=True, slots=True)
class Viewer:
    userid: str
    name: str
    office: bool
    task_forces: frozenset[str]
    """The task forces this person belongs to (any role)."""
    fills: frozenset[str]
    """The task forces whose report this person may fill (lead unit's 联系人, 分管领导)."""

    def sees(self, task_force_id: str) -> bool:
        return self.office or task_force_id in self.task_forces

    def visible(self, kb: KnowledgeBase) -> list[TaskForce]:
        """The task forces shown to this person, in the knowledge's order."""
        return [tf for tf in kb.task_forces if self.sees(tf.id)]


async def load_viewer(repos: Repositories, kb: KnowledgeBase, userid: str) -> Viewer | None:
    """The roster person behind a userid; None for someone not (or no longer) on it."""
    person = await repos.registry.person(userid)
    if person is None or not person.active:
        return None
    office = await repos.registry.is_office(userid)
    memberships = await repos.registry.memberships_of(userid)
    return Viewer(
        userid=person.userid,
        name=person.name,
        office=office,
        task_forces=frozenset(m.task_force_id for m in memberships),
        fills=frozenset(fillable(kb, memberships)),
    )
