"""From database state to what is due now: the latest stage per task force, then its recipients."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from bot.clock import local
from bot.quarters import Quarter
from bot.reminders.stages import Kind, Stage, case_ladder, deadline_ladder, latest_due
from storage.models import Period
from storage.repositories import Repositories
from storage.repositories.registry import MemberView
from storage.repositories.reminders import LogKey, ReportState

DONE_STATUSES = frozenset({"submitted", "accepted"})
"""A report in one of these states stops its ladder; a returned report needs work again."""

OFFICE_GROUP = "office"
"""The office group's robot, a logical recipient the outbox worker maps to the webhook key."""


@dataclass(frozen=True, slots=True)
class Snapshot:
    """Everything a tick decides from, read once at the start of the tick."""

    today: date
    periods: dict[str, Period]
    open_period_ids: tuple[str, ...]
    case_period_id: str
    states: dict[tuple[str, str], ReportState]
    cases_formed: frozenset[str]
    _by_period: dict[str, list[ReportState]] = field(init=False, repr=False)
    _counts: dict[str, tuple[int, int]] = field(init=False, repr=False)
    _cases: tuple[int, int] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        by_period: dict[str, list[ReportState]] = defaultdict(list)
        for state in self.states.values():
            by_period[state.period_id].append(state)
        counts = {}
        for period_id, states in by_period.items():
            expected = [state for state in states if not state.exempt]
            done = sum(state.status in DONE_STATUSES for state in expected)
            counts[period_id] = (done, len(expected))
        expected = [s for s in by_period.get(self.case_period_id, []) if not s.exempt]
        cases = sum(s.task_force_id in self.cases_formed for s in expected), len(expected)
        object.__setattr__(self, "_by_period", dict(by_period))
        object.__setattr__(self, "_counts", counts)
        object.__setattr__(self, "_cases", cases)

    def states_of(self, period_id: str) -> list[ReportState]:
        return self._by_period.get(period_id, [])

    def ladder(self, state: ReportState) -> tuple[Stage, ...]:
        period = self.periods[state.period_id]
        return deadline_ladder(
            period.opens_on,
            state.due_on,
            period.locks_on,
            meeting_pending=not state.meeting_held,
        )

    def submitted(self, period_id: str) -> tuple[int, int]:
        """(task forces that submitted, task forces expected to) in a period."""
        return self._counts.get(period_id, (0, 0))

    def cases(self) -> tuple[int, int]:
        """(task forces with a typical case this year, task forces expected to have one)."""
        return self._cases


def pending(state: ReportState) -> bool:
    """Still owes a report: not submitted, not exempted."""
    return not state.exempt and state.status not in DONE_STATUSES


async def load_snapshot(repos: Repositories, now: datetime) -> Snapshot:
    today = local(now).date()
    current = Quarter.of(today)
    periods = {p.id: p for p in await repos.reminders.periods_for(today, current.id)}
    if current.id not in periods:
        await repos.reminders.ensure_periods([current], now)
        periods = {p.id: p for p in await repos.reminders.periods_for(today, current.id)}
    states = await repos.reminders.report_states(periods)
    has_case_stage = latest_due(case_ladder(today.year), today) is not None
    cases = await repos.reminders.task_forces_with_case(today.year) if has_case_stage else set()
    return Snapshot(
        today=today,
        periods=periods,
        open_period_ids=tuple(p.id for p in periods.values() if p.opens_on <= today <= p.locks_on),
        case_period_id=current.id,
        states={(s.period_id, s.task_force_id): s for s in states},
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
        for state in snapshot.states_of(period_id):
            if pending(state) and (stage := latest_due(snapshot.ladder(state), snapshot.today)):
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
            (leaders if view.role == "leader" else contacts)[view.task_force_id].append(view)
        return cls(dict(contacts), dict(leaders))


async def load_members(repos: Repositories, task_force_ids: Iterable[str]) -> Members:
    ids = sorted(set(task_force_ids))
    if not ids:
        return Members({}, {})
    return Members.of(await repos.registry.lead_unit_members_of(ids, ("contact", "leader")))


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
            recipients += [(view.userid, "contact") for view in contacts]
            if kind is Kind.OVERDUE:
                leaders = members.leaders.get(state.task_force_id, [])
                recipients += [(view.userid, "leader") for view in leaders]
        for recipient, role in recipients:
            key = LogKey(state.period_id, state.task_force_id, item.stage.key, recipient, role)
            keys[key] = item
    return keys
