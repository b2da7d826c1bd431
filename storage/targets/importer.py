"""Import the year's targets: per task force and year, the file's targets replace what was
entered before, all or nothing, in the caller's transaction, audited."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from knowledge import KnowledgeBase
from storage.repositories import Repositories
from storage.repositories.registry import RosterStore
from storage.repositories.targets import PlannedTarget
from storage.roster.validate import Problem
from storage.targets import texts
from storage.targets.validate import ParsedTargets, TargetRow


@dataclass(frozen=True, slots=True)
class Section:
    """One task force's year in the file, against what the database holds."""

    year: int
    task_force_id: str
    rows: tuple[TargetRow, ...]
    before: int
    """How many targets the task force had for the year before."""
    added: int
    updated: int
    removed: int

    @property
    def tasks(self) -> int:
        return len({row.task for row in self.rows})

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)


@dataclass
class TargetsImport:
    problems: list[Problem] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    applied: bool = False

    @property
    def refused(self) -> bool:
        return bool(self.problems)

    @property
    def empty(self) -> bool:
        return not any(section.changed for section in self.sections)

    def lines(self, kb: KnowledgeBase) -> list[str]:
        """The preview: one line per task force and year."""
        return [_line(kb, section) for section in self.sections]


def _line(kb: KnowledgeBase, section: Section) -> str:
    if not section.changed:
        change = texts.NO_CHANGE
    elif section.before == 0:
        change = texts.CHANGE_NEW
    else:
        change = texts.CHANGE_REPLACE.format(
            before=section.before,
            added=section.added,
            updated=section.updated,
            removed=section.removed,
        )
    return texts.SUMMARY_LINE.format(
        task_force=kb.task_force(section.task_force_id).name,
        year=section.year,
        tasks=section.tasks,
        targets=len(section.rows),
        change=change,
    )


def _planned(rows: tuple[TargetRow, ...], unit_ids: dict[str, int]) -> list[PlannedTarget]:
    return [
        PlannedTarget(
            task=row.task,
            quarter=row.quarter,
            target=row.target,
            owner_unit_id=unit_ids[row.owner_unit] if row.owner_unit else None,
            due_on=row.due_on,
        )
        for row in rows
    ]


async def import_targets(
    repos: Repositories, parsed: ParsedTargets, *, now: datetime, actor: str, dry_run: bool
) -> TargetsImport:
    """Compare the file with the database and, unless a dry run, write it."""
    if parsed.problems:
        return TargetsImport(problems=parsed.problems)
    grouped: dict[tuple[int, str], list[TargetRow]] = defaultdict(list)
    for row in parsed.rows:
        grouped[(row.year, row.task_force_id)].append(row)
    unit_ids = await RosterStore(repos.session).unit_ids()
    result = TargetsImport()
    for (year, task_force_id), rows in sorted(grouped.items()):
        planned = _planned(tuple(rows), unit_ids)
        current = {
            (t.task, t.quarter): (t.target, t.owner_unit_id, t.due_on)
            for t in await repos.targets.of_year(year, [task_force_id])
        }
        fresh = {p.key: (p.target, p.owner_unit_id, p.due_on) for p in planned}
        added = len(fresh.keys() - current.keys())
        updated = sum(1 for key in fresh.keys() & current.keys() if fresh[key] != current[key])
        removed = len(current.keys() - fresh.keys())
        result.sections.append(
            Section(year, task_force_id, tuple(rows), len(current), added, updated, removed)
        )
        if dry_run:
            continue
        await repos.targets.replace(year, task_force_id, planned, actor=actor, now=now)
        await repos.audit.record(
            at=now,
            actor=actor,
            action="targets.import",
            entity="targets",
            entity_key=f"{year}:{task_force_id}",
            before={"count": len(current)},
            after={"count": len(fresh), "added": added, "updated": updated, "removed": removed},
        )
    result.applied = not dry_run
    return result
