"""Mirror the knowledge base's units and task forces into the database, idempotently."""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from knowledge import KnowledgeBase
from storage.models import TaskForce, TaskForceUnit, Unit


async def sync_knowledge(session: AsyncSession, kb: KnowledgeBase) -> bool:
    """Bring units, task forces and their lead/responsible links in line with `kb`.

    Returns True when anything changed. Units and task forces that left the knowledge
    stay in the database (people and reports may still point at them).
    """
    changed = False
    units = {unit.name: unit for unit in await session.scalars(select(Unit))}
    for order, known in enumerate(kb.units):
        unit = units.get(known.name)
        if unit is None:
            unit = Unit(name=known.name, kind=known.kind, sort_order=order)
            session.add(unit)
            units[known.name] = unit
            changed = True
        elif (unit.kind, unit.sort_order) != (known.kind, order):
            unit.kind, unit.sort_order = known.kind, order
            changed = True
    await session.flush()

    task_forces = {tf.id: tf for tf in await session.scalars(select(TaskForce))}
    wanted_links: set[tuple[str, int, str]] = set()
    for order, spec in enumerate(kb.task_forces):
        row = task_forces.get(spec.id)
        values = (spec.name, spec.indicator_id, order)
        if row is None:
            session.add(
                TaskForce(
                    id=spec.id, name=spec.name, indicator_id=spec.indicator_id, sort_order=order
                )
            )
            changed = True
        elif (row.name, row.indicator_id, row.sort_order) != values:
            row.name, row.indicator_id, row.sort_order = values
            changed = True
        wanted_links.update((spec.id, units[name].id, "lead") for name in spec.lead_units)
        wanted_links.update(
            (spec.id, units[name].id, "responsible") for name in spec.responsible_units
        )
    await session.flush()

    existing = await session.execute(
        select(TaskForceUnit.task_force_id, TaskForceUnit.unit_id, TaskForceUnit.role)
    )
    have = {tuple(row) for row in existing}
    for task_force_id, unit_id, role in have - wanted_links:
        await session.execute(
            delete(TaskForceUnit).where(
                TaskForceUnit.task_force_id == task_force_id,
                TaskForceUnit.unit_id == unit_id,
                TaskForceUnit.role == role,
            )
        )
    for task_force_id, unit_id, role in wanted_links - have:
        session.add(TaskForceUnit(task_force_id=task_force_id, unit_id=unit_id, role=role))
    return changed or have != wanted_links
