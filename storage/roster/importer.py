"""Import a roster file: all or nothing, in one transaction, audited, the office told."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from knowledge import KnowledgeBase
from storage.repositories.audit import AuditRepository
from storage.repositories.outbox import OutboxRepository
from storage.repositories.registry import PersonState, RegistryRepository, RosterStore
from storage.roster import texts
from storage.roster.plan import Plan, describe, make_plan
from storage.roster.reading import RosterFileError, read_table
from storage.roster.validate import ParsedRoster, Problem, RosterValidator

NOTICE_LINES = 20
"""Details in the office's notice; WeCom texts stop at 2048 bytes and an export says all."""

SOURCE = "roster"


@dataclass
class ImportResult:
    problems: list[Problem] = field(default_factory=list)
    plan: Plan = field(default_factory=Plan)
    lines: list[str] = field(default_factory=list)
    """The plan, one line per person."""
    applied: bool = False

    @property
    def refused(self) -> bool:
        return bool(self.problems)


def parse_file(path: Path, kb: KnowledgeBase) -> ParsedRoster:
    """Read and validate a file; a file that cannot be read at all is one problem."""
    try:
        table = read_table(path)
    except RosterFileError as error:
        return ParsedRoster(problems=[Problem(0, str(error))])
    return RosterValidator(kb).validate(table)


async def import_roster(
    session: AsyncSession,
    kb: KnowledgeBase,
    parsed: ParsedRoster,
    *,
    now: datetime,
    actor: str,
    source: str,
    dry_run: bool = False,
    notice_at: datetime | None = None,
) -> ImportResult:
    """Bring the registry in line with a validated file, inside the caller's transaction.

    Nothing is written when the file has problems, when nothing changed, or on a dry run.
    The office's notice of the import leaves at `notice_at` when given (office hours).
    """
    if parsed.problems:
        return ImportResult(problems=parsed.problems)
    store = RosterStore(session)
    await store.lock()
    roster, ids = await store.active()
    plan = make_plan(roster, parsed.people)
    lines = describe(plan, lambda task_force_id: kb.task_force(task_force_id).name)
    result = ImportResult(plan=plan, lines=lines)
    if plan.empty or dry_run:
        return result
    await _apply(store, plan, ids, now)
    await _audit(AuditRepository(session), plan, now=now, actor=actor, source=source)
    office = await RegistryRepository(session).office_userids()
    await OutboxRepository(session).enqueue_text(
        office, _notice(plan, lines, source), source=SOURCE, now=now, not_before=notice_at
    )
    result.applied = True
    return result


async def _apply(store: RosterStore, plan: Plan, ids: dict[str, int], now: datetime) -> None:
    """`ids`: the active people's, by userid key."""
    unit_ids = await store.unit_ids()
    # People added back after a spell off the roster keep their row.
    ids = ids | await store.person_ids(state.key for state in plan.added)
    returning = [state for state in plan.added if state.key in ids]
    ids |= await store.add_people(
        [state for state in plan.added if state.key not in ids], unit_ids, now
    )
    changed = [after for _, after in plan.changed]
    await store.update_people(
        [(ids[state.key], state) for state in returning + changed], unit_ids, now
    )
    await store.deactivate_people((ids[state.key] for state in plan.removed), now)

    before = {old.key: old for old, _ in plan.changed}
    touched = plan.added + changed
    await store.replace_memberships(
        {
            ids[state.key]: state.roles
            for state in touched
            if state.key not in before or before[state.key].roles != state.roles
        }
    )
    await store.set_office(
        add=(ids[s.key] for s in touched if s.office and not _was_office(before, s)),
        remove=(ids[s.key] for s in changed if not s.office and _was_office(before, s)),
        now=now,
    )


def _was_office(before: dict[str, PersonState], state: PersonState) -> bool:
    old = before.get(state.key)
    return old is not None and old.office


async def _audit(
    audit: AuditRepository, plan: Plan, *, now: datetime, actor: str, source: str
) -> None:
    def entry(
        action: str, key: str, old: PersonState | None, new: PersonState | None
    ) -> dict[str, Any]:
        return {
            "at": now,
            "actor": actor,
            "action": action,
            "entity": "person",
            "entity_key": key,
            "before": old.as_dict() if old else None,
            "after": new.as_dict() if new else None,
        }

    entries = [entry("roster.add", state.key, None, state) for state in plan.added]
    entries += [entry("roster.remove", state.key, state, None) for state in plan.removed]
    entries += [entry("roster.change", new.key, old, new) for old, new in plan.changed]
    entries.append(
        {
            "at": now,
            "actor": actor,
            "action": "roster.import",
            "entity": "roster",
            "entity_key": source,
            "before": None,
            "after": {
                "added": len(plan.added),
                "removed": len(plan.removed),
                "changed": len(plan.changed),
            },
        }
    )
    await audit.record_many(entries)


def _notice(plan: Plan, lines: list[str], source: str) -> str:
    text = [texts.NOTICE.format(source=source, summary=plan.summary()), *lines[:NOTICE_LINES]]
    if len(lines) > NOTICE_LINES:
        text.append(texts.NOTICE_MORE.format(count=len(lines) - NOTICE_LINES))
    return "\n".join(text)
