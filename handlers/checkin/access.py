"""Who may fill which report, for which quarter, and whom to name when someone may not."""

from __future__ import annotations

from core.quarters import Quarter
from core.roles import FILLER_ROLES
from handlers import texts
from handlers.checkin.render import joined
from handlers.context import Context
from handlers.names import person_names
from knowledge import KnowledgeBase
from knowledge.models import SubIndicator
from storage.models import Period
from storage.periods import SUBMITTED, ensure_period
from storage.repositories.registry import MemberView
from storage.roster.texts import ROLE_NAMES


def task_force_name(kb: KnowledgeBase, task_force_id: str) -> str:
    return kb.task_force(task_force_id).name


def is_known(kb: KnowledgeBase, task_force_id: str) -> bool:
    """Whether the knowledge still has this task force (it may drop one on a reload)."""
    return any(task_force.id == task_force_id for task_force in kb.task_forces)


def sub_indicators(kb: KnowledgeBase, task_force_id: str) -> list[SubIndicator]:
    return list(kb.task_force(task_force_id).sub_indicators)


def find_task_force(kb: KnowledgeBase, text: str) -> str | None:
    """A task force by id (a reminder's button) or by a name the knowledge is certain of."""
    for task_force in kb.task_forces:
        if task_force.id == text:
            return task_force.id
    resolved = kb.resolve_task_force(text).item
    return resolved.id if resolved is not None else None


async def fillers(ctx: Context, task_force_id: str) -> list[MemberView]:
    """The 联系人 and 分管领导 of the task force's lead units: who may fill its report."""
    return await ctx.repos.registry.lead_unit_members(task_force_id)


def me_among(ctx: Context, members: list[MemberView]) -> MemberView | None:
    return next((m for m in members if m.userid.lower() == ctx.user_key), None)


async def may_fill(ctx: Context, task_force_id: str) -> bool:
    return me_among(ctx, await fillers(ctx, task_force_id)) is not None


def fillable(kb: KnowledgeBase, memberships: list[MemberView]) -> list[str]:
    """The task forces whose report the user with these memberships may fill, in the
    knowledge's order.

    The same rule as `RegistryRepository.lead_unit_members`, read from the knowledge's lead
    units (which `task_force_units` mirrors) so that one query serves every task force.
    """
    return [
        task_force.id
        for task_force in kb.task_forces
        if any(
            m.task_force_id == task_force.id
            and m.role in FILLER_ROLES
            and m.unit in task_force.lead_units
            for m in memberships
        )
    ]


def describe(member: MemberView) -> str:
    return texts.CHECKIN_PERSON.format(
        name=member.name, unit=member.unit or "", role=ROLE_NAMES[member.role]
    )


async def person_name(ctx: Context, userid: str) -> str:
    return (await person_names(ctx.repos, [userid]))[userid]


async def office_names(ctx: Context) -> str:
    """The office people to ask, by name; said plainly when none is registered."""
    names = [name for name, _ in await ctx.repos.registry.office_contacts()]
    return joined(names) if names else texts.CHECKIN_OFFICE_FALLBACK


async def refusal(ctx: Context, task_force_id: str) -> str:
    """Why this user may not fill the report, naming who may."""
    task_force = ctx.kb.task_force(task_force_id)
    leads = joined(list(task_force.lead_units))
    people = await fillers(ctx, task_force_id)
    if not people:
        return texts.CHECKIN_NOBODY_ALLOWED.format(
            task_force=task_force.name, leads=leads, office=await office_names(ctx)
        )
    return texts.CHECKIN_NOT_ALLOWED.format(
        task_force=task_force.name, leads=leads, people=joined([describe(m) for m in people])
    )


async def refusal_for_user(ctx: Context, memberships: list[MemberView]) -> str:
    """For someone who may fill no report: who may fill the ones they belong to."""
    if not memberships:
        return texts.CHECKIN_NOT_ON_ROSTER.format(office=await office_names(ctx))
    task_force_ids = dict.fromkeys(m.task_force_id for m in memberships)
    return "\n".join([await refusal(ctx, tf_id) for tf_id in task_force_ids])


async def choose_period(
    ctx: Context, task_force_id: str, quarter: Quarter | None
) -> Period | None:
    """The period to fill: the one asked for, else an open one (the earliest not yet
    submitted, else the latest), else the current quarter's, created with the defaults."""
    reports = ctx.repos.reports
    day = ctx.today()
    current = Quarter.of(day)
    if quarter is not None and quarter != current:
        return await reports.period(quarter.id)
    if quarter is None:
        open_periods = await reports.open_periods(day)
        if len(open_periods) == 1:  # the usual case: no need to look at the reports
            return open_periods[0]
        for period in open_periods:
            report = await reports.report(period.id, task_force_id)
            if report is None or report.status not in SUBMITTED:
                return period
        if open_periods:
            return open_periods[-1]
    return await ensure_period(ctx.repos, current, ctx.settings.report_due_day, ctx.now())
