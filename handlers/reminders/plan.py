"""From database state to what is due now: the latest stage per task force, then its recipients."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from core.clock import local
from core.quarters import Quarter
from core.roles import FILLER_ROLES, Role
from core.stages import Kind, Stage, case_ladder, deadline_ladder, latest_due
from storage.models import Period
from storage.periods import SUBMITTED, default_period, store_period
from storage.repositories import Repositories
from storage.repositories.registry import MemberView
from storage.repositories.reminders import LogKey, ReportState

OFFICE_GROUP = "office"
"""The office group's robot, a logical recipient the outbox worker maps to the webhook key."""


def pending(state: ReportState) -> bool:
    """Still owes a report: not submitted, not exempted. A returned report needs work again."""
    return not state.exempt and state.status not in SUBMITTED


def progress(states: Iterable[ReportState]) -> tuple[int, int]:
    """(task forces that submitted, task forces expected to): exempted ones count in neither."""
    expected = [state for state in states if not state.exempt]
    return sum(not pending(state) for state in expected), len(expected)


def report_ladder(period: Period, state: ReportState) -> tuple[Stage, ...]:
    """A task force's report ladder in a period, from its own (maybe extended) due day."""
    return deadline_ladder(
        period.opens_on, state.due_on, period.locks_on, meeting_pending=not state.meeting_held
    )


async def states_by_period(
    repos: Repositories, period_ids: Iterable[str]
) -> dict[str, list[ReportState]]:
    """Where every task force stands in each of these periods, in one query."""
    by_period: dict[str, list[ReportState]] = {period_id: [] for period_id in period_ids}
    for state in await repos.reminders.report_states(by_period):
        by_period[state.period_id].append(state)
    return by_period


@dataclass(frozen=True, slots=True)
class Snapshot:
    """Everything a tick decides from, read once at the start of the tick."""

    today: date
    periods: dict[str, Period]
    open_period_ids: tuple[str, ...]
    case_period_id: str
    by_period: dict[str, list[ReportState]]
    cases_formed: frozenset[str]

    def states_of(self, period_id: str) -> list[ReportState]:
        return self.by_period[period_id]

    def submitted(self, period_id: str) -> tuple[int, int]:
        """(task forces that submitted, task forces expected to) in a period."""
        return progress(self.states_of(period_id))

    def cases(self) -> tuple[int, int]:
        """(task forces with a typical case this year, task forces expected to have one)."""
        expected = [s for s in self.states_of(self.case_period_id) if not s.exempt]
        return sum(s.task_force_id in self.cases_formed for s in expected), len(expected)


async def load_snapshot(repos: Repositories, now: datetime, due_day: int) -> Snapshot:
    """What one tick needs; the current quarter is created with `due_day` if missing."""
    today = local(now).date()
    current = Quarter.of(today)
    periods = {p.id: p for p in await repos.reminders.periods_for(today, current.id)}
    if current.id not in periods:
        periods[current.id] = await store_period(repos, default_period(current, due_day), now)
        periods = dict(sorted(periods.items()))
    has_case_stage = latest_due(case_ladder(today.year), today) is not None
    cases = await repos.reminders.task_forces_with_case(today.year) if has_case_stage else set()
    return Snapshot(
        today=today,
        periods=periods,
        open_period_ids=tuple(p.id for p in periods.values() if p.opens_on <= today <= p.locks_on),
        case_period_id=current.id,
        by_period=await states_by_period(repos, periods),
        cases_formed=frozenset(cases),
    )


@dataclass(frozen=True, slots=True)
class DueStage:
    state: ReportState
    stage: Stage


def due_stages(snapshot: Snapshot) -> list[DueStage]:
    """The latest stage that has come, per task force, for the report ladder and the
    typical-case ladder. Whether it already went out is the reminder log's business."""
    due: list[DueStage] = []
    for period_id in snapshot.open_period_ids:
        period = snapshot.periods[period_id]
        for state in filter(pending, snapshot.states_of(period_id)):
            if stage := latest_due(report_ladder(period, state), snapshot.today):
                due.append(DueStage(state, stage))
    case_stage = latest_due(case_ladder(snapshot.today.year), snapshot.today)
    if case_stage is not None:
        due += [
            DueStage(state, case_stage)
            for state in snapshot.states_of(snapshot.case_period_id)
            if not state.exempt and state.task_force_id not in snapshot.cases_formed
        ]
    return due


@dataclass(frozen=True, slots=True)
class Members:
    """Lead-unit contacts (联系人) and leaders (分管领导) per task force."""

    contacts: dict[str, list[MemberView]]
    leaders: dict[str, list[MemberView]]

    @classmethod
    def of(cls, views: Iterable[MemberView]) -> Members:
        contacts: dict[str, list[MemberView]] = defaultdict(list)
        leaders: dict[str, list[MemberView]] = defaultdict(list)
        for view in views:
            (leaders if view.role == Role.LEADER else contacts)[view.task_force_id].append(view)
        return cls(dict(contacts), dict(leaders))


async def load_members(repos: Repositories, task_force_ids: Iterable[str]) -> Members:
    ids = sorted(set(task_force_ids))
    if not ids:
        return Members({}, {})
    return Members.of(await repos.registry.lead_unit_members_of(ids, FILLER_ROLES))


def log_keys(due: Iterable[DueStage], members: Members) -> dict[LogKey, DueStage]:
    """Who each due stage goes to: the contacts; at T+1 also the leaders; at T+3 the group."""
    keys: dict[LogKey, DueStage] = {}
    for item in due:
        state, kind = item.state, item.stage.kind
        recipients: list[tuple[str, str]] = []
        if kind is Kind.OFFICE:
            recipients.append((OFFICE_GROUP, "group"))
        else:
            contacts = members.contacts.get(state.task_force_id, [])
            recipients += [(view.userid, Role.CONTACT) for view in contacts]
            if kind is Kind.OVERDUE:
                leaders = members.leaders.get(state.task_force_id, [])
                recipients += [(view.userid, Role.LEADER) for view in leaders]
        for recipient, role in recipients:
            key = LogKey(state.period_id, state.task_force_id, item.stage.key, recipient, role)
            keys[key] = item
    return keys
