"""How task forces and lists of names are written in the office's replies."""

from __future__ import annotations

from collections.abc import Iterable

from knowledge.models import TaskForce


def short_name(task_force: TaskForce) -> str:
    """The task force's common short name, to keep per-task-force lines short."""
    return task_force.short_names[0] if task_force.short_names else task_force.title


def listing(names: Iterable[str]) -> str:
    """Task force and indicator names in a row; some names hold 、 themselves, so ， separates."""
    return "，".join(names)
