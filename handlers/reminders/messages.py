"""Reserved reminders → outgoing texts: one per person per tick, one for the office group."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import cache

from core.dates import WEEKDAY_NAMES
from core.messages import Outbound, Text, ToRobot, ToUsers
from core.quarters import Quarter
from core.roles import Role
from core.settings import Settings
from core.stages import Kind
from handlers import texts
from handlers.calendar_days import unconfirmed_note
from handlers.checkin.render import missing_labels
from handlers.console_links import board_path, console_link, form_path, task_force_path
from handlers.reminders.plan import OFFICE_GROUP, DueStage, Members, Snapshot
from storage.repositories.reminders import LogKey, ReportState


@dataclass(frozen=True, slots=True)
class Outgoing:
    """One outbox message: to members (`ToUsers`) or the office group's robot (`ToRobot`).

    `dedupe_key` derives from the reminder-log keys the message carries, each of which is
    reserved only once, so no retry can put the same reminder in the outbox twice.
    """

    to: ToUsers | ToRobot
    text: str
    mentioned: tuple[str, ...]
    keys: tuple[LogKey, ...]
    dedupe_key: str = field(init=False)

    def __post_init__(self) -> None:
        joined = "\n".join(
            f"{k.period_id}/{k.task_force_id}/{k.stage}/{k.recipient}" for k in sorted(self.keys)
        )
        digest = hashlib.sha256(joined.encode()).hexdigest()[:40]
        object.__setattr__(self, "dedupe_key", "reminder:" + digest)

    @property
    def message(self) -> Outbound:
        return Outbound(self.to, Text(self.text, self.mentioned))


def format_day(day: date, today: date, *, extended: bool = False) -> str:
    """9月24日（周四）; 10月13日（周二，已延期）; with the year when it is not today's;
    …（待确认） in a year whose holidays are not entered yet (not cached: the office may
    enter them at any time)."""
    return _format_day(day, today, extended) + unconfirmed_note(day)


@cache
def _format_day(day: date, today: date, extended: bool) -> str:
    template = texts.REMINDER_DAY_EXTENDED if extended else texts.REMINDER_DAY
    year = "" if day.year == today.year else texts.REMINDER_YEAR.format(year=day.year)
    return year + template.format(
        month=day.month, day=day.day, weekday=WEEKDAY_NAMES[day.weekday()]
    )


@cache
def quarter_label(period_id: str) -> str:
    return Quarter.parse(period_id).label


def _missing(state: ReportState) -> str:
    """For a started draft: the questions it still lacks, by the check-in spec's labels."""
    if not state.answers or state.status not in (None, "draft"):
        return ""
    labels = missing_labels(state.answers)
    return texts.REMINDER_MISSING.format(items=texts.NAME_SEPARATOR.join(labels)) if labels else ""


def _names(views: Iterable) -> str:
    names = [view.name for view in views]
    return texts.NAME_SEPARATOR.join(names) if names else texts.OFFICE_NO_CONTACT


def _to_group(lines: list[str], mentioned: list[str], keys: list[LogKey]) -> Outgoing:
    """One message to the office group, @-mentioning each person once."""
    return Outgoing(
        to=ToRobot(),
        text="\n".join(lines),
        mentioned=tuple(dict.fromkeys(mentioned)),
        keys=tuple(keys),
    )


class Composer:
    """Turns reserved log keys into messages, reading labels and counts from the snapshot;
    with ZHUANBAN_PUBLIC_URL set, each links to the console page it is about."""

    def __init__(self, snapshot: Snapshot, members: Members, settings: Settings) -> None:
        self.snapshot = snapshot
        self.members = members
        self.settings = settings

    def compose(self, reserved: dict[LogKey, DueStage]) -> list[Outgoing]:
        """The messages carrying these keys: one per person (people whose texts read the
        same share one), and one for the office group."""
        per_user: dict[str, list[LogKey]] = defaultdict(list)
        group: list[LogKey] = []
        for key in sorted(reserved, key=lambda k: self._order(k, reserved[k])):
            if key.recipient == OFFICE_GROUP:
                group.append(key)
            else:
                per_user[key.recipient].append(key)
        messages = self._user_messages(per_user, reserved)
        overdue = [k for k in group if reserved[k].stage.kind is Kind.OFFICE]
        if overdue:
            messages.append(self._group_message(overdue, reserved))
        if unconfirmed := [k for k in group if reserved[k].stage.kind is Kind.CONFIRM_OFFICE]:
            messages.append(self._unconfirmed_message(unconfirmed, reserved))
        return messages

    def _order(self, key: LogKey, item: DueStage) -> tuple:
        is_case = item.stage.kind is Kind.CASE
        return (is_case, key.period_id, item.state.sort_order, key.stage, key.recipient)

    def _user_messages(
        self, per_user: dict[str, list[LogKey]], reserved: dict[LogKey, DueStage]
    ) -> list[Outgoing]:
        # People whose reminders read the same get one message to all of them: fewer API
        # calls, same result for each person (the WeCom adapter splits past its 1000 userids).
        by_text: dict[str, list[tuple[str, list[LogKey]]]] = defaultdict(list)
        for userid, keys in per_user.items():
            by_text[self._user_text(keys, reserved)].append((userid, keys))
        messages = []
        for text, people in by_text.items():
            people.sort()
            messages.append(
                Outgoing(
                    to=ToUsers(tuple(userid for userid, _ in people)),
                    text=text,
                    mentioned=(),
                    keys=tuple(key for _, keys in people for key in keys),
                )
            )
        return messages

    def _user_text(self, keys: list[LogKey], reserved: dict[LogKey, DueStage]) -> str:
        lines = [texts.REMINDER_HEADER]
        period_ids: list[str] = []
        with_case = False
        for n, key in enumerate(keys, start=1):
            item = reserved[key]
            lines.append(
                texts.REMINDER_ITEM.format(
                    n=n,
                    task_force=item.state.name,
                    subject=self._subject(item),
                    what=self._what(key, item),
                )
            )
            if item.stage.kind is Kind.CASE:
                with_case = True
            elif key.period_id not in period_ids:
                period_ids.append(key.period_id)
        lines += [self._progress(period_id) for period_id in period_ids]
        if with_case:
            done, total = self.snapshot.cases()
            lines.append(
                texts.REMINDER_CASE_PROGRESS.format(
                    year=self.snapshot.today.year, done=done, total=total
                )
            )
        lines += dict.fromkeys(filter(None, (self._link(key, reserved[key]) for key in keys)))
        lines.append(texts.REMINDER_HOW_TO)
        return "\n".join(lines)

    def _link(self, key: LogKey, item: DueStage) -> str | None:
        """A 分管领导's copy or confirmation: the task force's page; a contact's reminder:
        the web form of that quarter's report (a case is reported in it too)."""
        state = item.state
        if key.role == Role.LEADER:
            url = console_link(self.settings, task_force_path(state.task_force_id))
            template = texts.REMINDER_PAGE_LINK
        else:
            url = console_link(self.settings, form_path(state.task_force_id, state.period_id))
            template = texts.REMINDER_FORM_LINK
        return template.format(task_force=state.name, url=url) if url else None

    def _subject(self, item: DueStage) -> str:
        if item.stage.kind is Kind.CASE:
            return texts.REMINDER_SUBJECT_CASE.format(year=self.snapshot.today.year)
        return texts.REMINDER_SUBJECT_REPORT.format(quarter=quarter_label(item.state.period_id))

    def _what(self, key: LogKey, item: DueStage) -> str:
        state, kind, today = item.state, item.stage.kind, self.snapshot.today
        due = format_day(state.due_on, today, extended=state.extended)
        days_left = (state.due_on - today).days
        if kind is Kind.CASE:
            # Cases are reported in the quarter's report: one deadline, the report's own.
            return texts.REMINDER_CASE.format(due=due)
        if kind is Kind.CONFIRM:
            assert state.awaiting_since is not None
            return texts.REMINDER_CONFIRM.format(since=format_day(state.awaiting_since, today))
        if kind is Kind.OPEN:
            return texts.REMINDER_OPEN.format(due=due)
        if kind is Kind.MEETING:
            return texts.REMINDER_MEETING.format(due=due)
        if kind is Kind.BEFORE:
            return texts.REMINDER_BEFORE.format(days=days_left, due=due) + _missing(state)
        if kind is Kind.DUE:
            return texts.REMINDER_DUE.format(due=due) + _missing(state)
        if key.role == "leader":
            contacts = _names(self.members.contacts.get(state.task_force_id, []))
            return texts.REMINDER_LEADER_COPY.format(days=-days_left, due=due, contacts=contacts)
        template = texts.REMINDER_OVERDUE if kind is Kind.OVERDUE else texts.REMINDER_WEEKLY
        return template.format(days=-days_left, due=due) + _missing(state)

    def _progress(self, period_id: str) -> str:
        done, total = self.snapshot.submitted(period_id)
        quarter = quarter_label(period_id)
        return texts.REMINDER_PROGRESS.format(quarter=quarter, done=done, total=total)

    def _unconfirmed_message(
        self, keys: list[LogKey], reserved: dict[LogKey, DueStage]
    ) -> Outgoing:
        """Submissions their 分管领导 has not confirmed for three working days, @-mentioning
        the leaders."""
        lines = [texts.OFFICE_UNCONFIRMED_HEADER]
        mentioned: list[str] = []
        for n, key in enumerate(keys, start=1):
            state = reserved[key].state
            assert state.awaiting_since is not None
            leaders = self.members.leaders.get(state.task_force_id, [])
            mentioned += [view.userid for view in leaders]
            lines.append(
                texts.OFFICE_UNCONFIRMED_LINE.format(
                    n=n,
                    task_force=state.name,
                    quarter=quarter_label(state.period_id),
                    since=format_day(state.awaiting_since, self.snapshot.today),
                    leaders=_names(leaders),
                )
            )
        lines += self._board_link(keys)
        return _to_group(lines, mentioned, keys)

    def _board_link(self, keys: list[LogKey]) -> list[str]:
        """The office group's summaries end with the board of the (latest) quarter."""
        url = console_link(self.settings, board_path(max(key.period_id for key in keys)))
        return [texts.CONSOLE_LINK.format(url=url)] if url else []

    def _group_message(self, keys: list[LogKey], reserved: dict[LogKey, DueStage]) -> Outgoing:
        lines: list[str] = []
        mentioned: list[str] = []
        by_period: dict[str, list[LogKey]] = defaultdict(list)
        for key in keys:
            by_period[key.period_id].append(key)
        for period_id, period_keys in by_period.items():
            quarter = quarter_label(period_id)
            today = self.snapshot.today
            period_due = format_day(self.snapshot.periods[period_id].due_on, today)
            lines.append(texts.OFFICE_OVERDUE_HEADER.format(quarter=quarter, due=period_due))
            for n, key in enumerate(period_keys, start=1):
                state = reserved[key].state
                contacts = self.members.contacts.get(state.task_force_id, [])
                mentioned += [view.userid for view in contacts]
                template = (
                    texts.OFFICE_OVERDUE_LINE_EXTENDED
                    if state.extended
                    else texts.OFFICE_OVERDUE_LINE
                )
                lines.append(
                    template.format(
                        n=n,
                        task_force=state.name,
                        due=format_day(state.due_on, today),
                        contacts=_names(contacts),
                    )
                )
            lines.append(self._progress(period_id))
        lines.append(texts.OFFICE_OVERDUE_FOOTER)
        lines += self._board_link(keys)
        return _to_group(lines, mentioned, keys)
