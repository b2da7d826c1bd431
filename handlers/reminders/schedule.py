"""What the ladder sent and will send, per period, task force and stage (`remind list`)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from core.clock import local
from core.quarters import Quarter
from core.stages import Stage, case_ladder, latest_due, parse_key
from handlers import texts
from handlers.reminders.plan import (
    OFFICE_GROUP,
    load_members,
    pending,
    progress,
    report_ladder,
    states_by_period,
)
from storage.models import Period, ReminderLog, SchedulerLock
from storage.repositories import Repositories
from storage.repositories.reminders import ReportState


@dataclass(frozen=True, slots=True)
class StageRow:
    day: date
    key: str
    state: str  # sent, next, planned, superseded
    sent_at: datetime | None = None
    recipients: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class TaskForceRow:
    state: ReportState
    exempt_reason: str | None
    contacts: int
    leaders: int
    stages: tuple[StageRow, ...]


@dataclass(frozen=True, slots=True)
class PeriodRow:
    period: Period
    done: int
    total: int
    exempt: int
    task_forces: tuple[TaskForceRow, ...]


def _ladders(period: Period, state: ReportState, has_case: bool) -> list[tuple[Stage, ...]]:
    ladders = [report_ladder(period, state)]
    quarter = Quarter.parse(period.id)
    if quarter.number == 4 and not has_case:
        ladders.append(case_ladder(quarter.year))
    return ladders


def _stage_rows(
    period: Period,
    state: ReportState,
    has_case: bool,
    logged: list[ReminderLog],
    names: dict[str, str],
    today: date,
) -> tuple[StageRow, ...]:
    sent: dict[str, list[ReminderLog]] = defaultdict(list)
    for entry in logged:
        sent[entry.stage].append(entry)

    def sent_row(key: str, day: date) -> StageRow:
        entries = sent.pop(key)
        recipients = tuple(names.get(entry.recipient, entry.recipient) for entry in entries)
        return StageRow(day, key, "sent", min(e.reserved_at for e in entries), recipients)

    rows: list[StageRow] = []
    is_open = period.opens_on <= today <= period.locks_on
    for ladder in _ladders(period, state, has_case):
        upcoming = latest_due(ladder, today) if is_open else None
        for stage in ladder:
            if stage.key in sent:
                rows.append(sent_row(stage.key, stage.day))
            elif not pending(state):
                continue
            elif stage == upcoming:
                rows.append(StageRow(stage.day, stage.key, "next"))
            elif stage.day > today:
                rows.append(StageRow(stage.day, stage.key, "planned"))
            else:
                rows.append(StageRow(stage.day, stage.key, "superseded"))
    # Stages of a ladder an extension replaced went out under their old keys.
    for key in list(sent):
        rows.append(sent_row(key, local(min(e.reserved_at for e in sent[key])).date()))
    return tuple(sorted(rows, key=lambda row: row.day))


async def build_schedule(
    repos: Repositories, periods: list[Period], now: datetime
) -> list[PeriodRow]:
    today = local(now).date()
    result = []
    by_period = await states_by_period(repos, (period.id for period in periods))
    for period in periods:
        states = by_period[period.id]
        exemptions = await repos.reports.exemptions(period.id)
        members = await load_members(repos, (s.task_force_id for s in states))
        names = {
            view.userid: view.name
            for views in (*members.contacts.values(), *members.leaders.values())
            for view in views
        }
        names[OFFICE_GROUP] = texts.OFFICE_GROUP_NAME
        logged: dict[str, list[ReminderLog]] = defaultdict(list)
        for entry in await repos.reminders.entries([period.id]):
            logged[entry.task_force_id].append(entry)
        with_case = await repos.reminders.task_forces_with_case(Quarter.parse(period.id).year)
        rows = tuple(
            TaskForceRow(
                state=state,
                exempt_reason=exemptions[state.task_force_id].reason if state.exempt else None,
                contacts=len(members.contacts.get(state.task_force_id, [])),
                leaders=len(members.leaders.get(state.task_force_id, [])),
                stages=_stage_rows(
                    period,
                    state,
                    state.task_force_id in with_case,
                    logged[state.task_force_id],
                    names,
                    today,
                ),
            )
            for state in states
        )
        done, total = progress(states)
        result.append(PeriodRow(period, done, total, len(states) - total, rows))
    return result


def _label(key: str) -> str:
    name, count = parse_key(key)
    if count is None:
        return texts.STAGE_LABELS[name]
    return texts.STAGE_LABELS[name] + texts.STAGE_COUNTS[name].format(count=count)


def _state_text(row: StageRow) -> str:
    if row.state == "sent":
        assert row.sent_at is not None
        return texts.SCHEDULE_SENT.format(
            at=local(row.sent_at).strftime("%m-%d %H:%M"),
            recipients=texts.NAME_SEPARATOR.join(row.recipients),
        )
    return {
        "next": texts.SCHEDULE_NEXT,
        "planned": texts.SCHEDULE_PLANNED,
        "superseded": texts.SCHEDULE_SUPERSEDED,
    }[row.state]


def render_schedule(periods: list[PeriodRow], lock: SchedulerLock | None) -> str:
    lines = []
    if lock is None or lock.last_tick_at is None:
        lines.append(texts.SCHEDULE_NEVER_TICKED)
    else:
        at = local(lock.last_tick_at).strftime("%Y-%m-%d %H:%M")
        lines.append(texts.SCHEDULE_LAST_TICK.format(at=at, owner=lock.owner))
    for row in periods:
        period = row.period
        header = texts.SCHEDULE_PERIOD.format(
            period=period.id,
            quarter=Quarter.parse(period.id).label,
            opens=period.opens_on.isoformat(),
            due=period.due_on.isoformat(),
            locks=period.locks_on.isoformat(),
            done=row.done,
            total=row.total,
        )
        if row.exempt:
            header += texts.SCHEDULE_EXEMPT_COUNT.format(count=row.exempt)
        lines += ["", header]
        for task_force in row.task_forces:
            lines.append(_task_force_line(task_force))
            lines += [
                texts.SCHEDULE_LINE.format(
                    day=stage.day.strftime("%m-%d"),
                    label=_label(stage.key),
                    state=_state_text(stage),
                )
                for stage in task_force.stages
            ]
    return "\n".join(lines)


def _task_force_line(row: TaskForceRow) -> str:
    state = row.state
    if state.exempt:
        status = texts.SCHEDULE_EXEMPT.format(reason=row.exempt_reason)
    else:
        status = texts.SCHEDULE_STATUS[state.status]
        if state.extended:
            status += texts.SCHEDULE_EXTENDED.format(due=state.due_on.isoformat())
        if pending(state):
            status += (
                texts.SCHEDULE_PEOPLE.format(contacts=row.contacts, leaders=row.leaders)
                if row.contacts
                else texts.SCHEDULE_NO_CONTACT
            )
    return texts.SCHEDULE_TASK_FORCE.format(name=state.name, status=status)
