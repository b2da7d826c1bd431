"""How task forces, people and lists of names are written in replies."""

from __future__ import annotations

from collections.abc import Iterable

from knowledge.models import TaskForce
from storage.repositories import Repositories


def short_name(task_force: TaskForce) -> str:
    """The task force's common short name, to keep per-task-force lines short."""
    return task_force.short_names[0] if task_force.short_names else task_force.title


def listing(names: Iterable[str]) -> str:
    """Task force and indicator names in a row; some names hold 、 themselves, so ， separates."""
    return "，".join(names)


async def person_names(repos: Repositories, userids: Iterable[str | None]) -> dict[str, str]:
    """Roster names by userid; a userid missing from the roster stands for itself."""
    wanted = set(filter(None, userids))
    names = await repos.registry.names(wanted)
    return {userid: names.get(userid, userid) for userid in wanted}
