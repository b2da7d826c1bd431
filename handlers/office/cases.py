"""案例: the typical cases each task force reported in a year, and who has none yet."""

from __future__ import annotations

from core.quarters import Quarter
from handlers import texts
from handlers.context import Context
from handlers.names import listing, short_name
from handlers.office import fields
from handlers.office.args import parse_year


async def cases(ctx: Context, args: str) -> None:
    today = ctx.today()
    year = parse_year(args, today) if args.strip() else today.year
    found: dict[str, list[str]] = {}
    reports = await ctx.repos.reports.reports_of_year(year)
    latest = await ctx.repos.reports.latest_versions(report.id for report in reports)
    for report in reports:
        version = latest.get(report.id)
        title = fields.case_title(version.answers) if version is not None else None
        if title is not None:
            quarter = Quarter.parse(report.period_id)
            found.setdefault(report.task_force_id, []).append(
                texts.OFFICE_CASE_ENTRY.format(title=title, quarter=quarter.label)
            )
    with_case = [tf for tf in ctx.kb.task_forces if tf.id in found]
    without = [short_name(tf) for tf in ctx.kb.task_forces if tf.id not in found]
    title = texts.OFFICE_CASES_TITLE.format(year=year, count=len(with_case), missing=len(without))
    lines = [title]
    for task_force in with_case:
        lines.append(f"· {short_name(task_force)}：{'；'.join(found[task_force.id])}")
    if without:
        lines.append(texts.OFFICE_CASES_MISSING.format(names=listing(without)))
    ctx.reply("\n".join(lines))
