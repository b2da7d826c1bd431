"""进度 and 未报: who has reported this quarter, and who still owes a report."""

from __future__ import annotations

from datetime import date

from core.dates import day_label
from core.roles import TASK_FORCE_ROLES
from handlers import targets, texts
from handlers.calendar_days import due_day
from handlers.console_links import board_path, link_line
from handlers.context import Context
from handlers.names import person_names, short_name
from handlers.office.common import quarter_or_current, quarter_overview, when
from handlers.office.overview import AWAITING_LEADER, STATES, Overview, Row
from handlers.problems import rates as problem_rates
from handlers.reminders.plan import load_members
from storage.repositories.registry import MemberView
from storage.roster.texts import ROLE_NAMES


def _row_line(number: int, row: Row, names: dict[str, str], today: date) -> str:
    parts = [f"{number}. {short_name(row.task_force)}", texts.OFFICE_STATE_LABELS[row.state]]
    if row.latest is not None:
        parts += [
            texts.OFFICE_VERSION.format(version=row.latest.version),
            when(row.latest.submitted_at),
            names[row.latest.submitted_by],
        ]
        if row.latest.late:
            parts.append(texts.OFFICE_LATE)
        parts.append(texts.OFFICE_LAGGING_COUNT.format(count=len(row.lagging)))
    if row.extension is not None:
        parts.append(texts.OFFICE_EXTENDED_TO.format(day=day_label(row.extension.due_on, today)))
    return " ".join(parts)


def progress_text(overview: Overview, names: dict[str, str]) -> str:
    counts = overview.counts()
    shown = STATES + ((AWAITING_LEADER,) if counts[AWAITING_LEADER] else ())
    totals = "、".join(f"{texts.OFFICE_STATE_LABELS[s]}{counts[s]}" for s in shown)
    lines = [
        texts.OFFICE_PROGRESS_TITLE.format(
            quarter=overview.quarter.label,
            due=due_day(overview.due_on, overview.today),
            today=day_label(overview.today, overview.today),
        ),
        texts.OFFICE_PROGRESS_TOTALS.format(count=len(overview.rows), totals=totals),
    ]
    lines += [_row_line(n, row, names, overview.today) for n, row in enumerate(overview.rows, 1)]
    return "\n".join(lines)


async def progress(ctx: Context, args: str) -> None:
    quarter = await quarter_or_current(ctx, args)
    overview = await quarter_overview(ctx, quarter)
    names = await person_names(
        ctx.repos, (row.latest.submitted_by for row in overview.rows if row.latest is not None)
    )
    today = ctx.today()
    views = await targets.quarter_views(ctx.repos, quarter, today, ctx.settings.warning_workdays)
    lines = [progress_text(overview, names), *targets.rate_lines(ctx.kb, views, today)]
    text = "\n".join(lines) + rates_text(await problem_rates.quarter_summary(ctx.repos, quarter))
    ctx.reply(text + link_line(ctx.settings, board_path(quarter.id)))


def rates_text(summary: problem_rates.RateSummary) -> str:
    """The problem list's 按期销号率 below the task forces, when any problem fell due."""
    lines = problem_rates.summary_lines(summary)
    return "\n" + "\n".join(lines) if lines else ""


def people_text(members: list[MemberView]) -> str:
    """联系人：甲、乙；分管领导：丙 — or a note that the roster has nobody."""
    groups = []
    for role in TASK_FORCE_ROLES:
        names = [member.name for member in members if member.role == role]
        if names:
            groups.append(f"{ROLE_NAMES[role]}：{'、'.join(names)}")
    return "；".join(groups) or texts.OFFICE_NO_CONTACTS


async def missing(ctx: Context, args: str) -> None:
    quarter = await quarter_or_current(ctx, args)
    overview = await quarter_overview(ctx, quarter)
    pending = overview.pending
    if not pending:
        ctx.reply(texts.OFFICE_NONE_MISSING.format(quarter=quarter.label))
        return
    lines = [
        texts.OFFICE_MISSING_TITLE.format(
            quarter=quarter.label,
            count=len(pending),
            due=due_day(overview.due_on, overview.today),
        )
    ]
    members = await load_members(ctx.repos, (row.task_force.id for row in pending))
    for number, row in enumerate(pending, 1):
        tf_id = row.task_force.id
        people = members.leaders.get(tf_id, []) + members.contacts.get(tf_id, [])
        state = texts.OFFICE_STATE_LABELS[row.state]
        lines.append(f"{number}. {short_name(row.task_force)}（{state}）{people_text(people)}")
    lines.append(texts.OFFICE_MISSING_HINT)
    ctx.reply("\n".join(lines))
