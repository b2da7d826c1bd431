"""Every lit item (the problem list's and the year's targets) and which of them a person
may see: the office all of them; a task force's people (分管领导, 联系人, 成员) their task
forces', and as their unit's those their unit owns (or the task force as a whole owns);
anyone else none (the district's totals only). Read by the colour reminders and the
questions by chat (handlers/problems/questions.py, handlers/target_questions.py)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from datetime import date

from core.dates import short_day
from core.lights import LitItem
from core.roles import Role
from handlers.context import Context
from handlers.problems import texts
from handlers.problems.lights import lit_problems
from handlers.targets import lit_targets
from storage.repositories import Repositories
from storage.repositories.registry import MemberView

Source = Callable[[Repositories, date, int, Iterable[str] | None], Awaitable[list[LitItem]]]
"""The kinds of lit item: the problem list's and the yearly targets'."""

SOURCES: tuple[Source, ...] = (lit_problems, lit_targets)


async def lit_items(
    repos: Repositories,
    today: date,
    warn_workdays: int,
    task_force_ids: Iterable[str] | None = None,
    sources: tuple[Source, ...] = SOURCES,
) -> list[LitItem]:
    """Every lit item of every source (of these task forces; of all without ids)."""
    ids = None if task_force_ids is None else tuple(task_force_ids)
    return [item for source in sources for item in await source(repos, today, warn_workdays, ids)]


@dataclass(frozen=True, slots=True)
class Viewer:
    office: bool
    memberships: tuple[MemberView, ...]

    def task_forces(self, roles: Iterable[Role] | None = None) -> frozenset[str] | None:
        """The task forces whose items they see (by these roles only, if given); None for
        the office, which sees every one."""
        if self.office:
            return None
        wanted = None if roles is None else frozenset(roles)
        return frozenset(
            m.task_force_id for m in self.memberships if wanted is None or m.role in wanted
        )

    @property
    def outside(self) -> bool:
        """Neither the office nor anyone's task force: district totals only."""
        return not self.office and not self.memberships

    def owns(self, item: LitItem) -> bool:
        """Whether the item is their unit's: of their task force and owned by their unit,
        or by that task force as a whole."""
        return any(
            m.task_force_id == item.task_force_id
            and (item.owner_unit is None or m.unit == item.owner_unit)
            for m in self.memberships
        )


async def viewer(ctx: Context) -> Viewer:
    office = await ctx.repos.registry.is_office(ctx.user_key)
    memberships = await ctx.repos.registry.memberships_of(ctx.user_key)
    return Viewer(office, tuple(memberships))


def item_line(names: dict[str, str], item: LitItem) -> str:
    """One lit item named with its kind (问题/目标), as reminders and answers list it;
    `names` are the task forces' short names by id."""
    return texts.LIGHT_ITEM.format(
        mark=texts.LIGHT_MARKS[item.light],
        light=texts.LIGHT_LABELS[item.light],
        kind=texts.ITEM_KINDS[item.kind],
        no=item.item_id,
        task_force=names[item.task_force_id],
        unit=item.owner_unit or "",
        title=item.title,
        due=short_day(item.due),
    )
