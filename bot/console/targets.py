"""The targets page (office): the year's targets of every task force with their colours, and
importing a targets sheet with the same preview and 确认 as the chat (storage/targets)."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from bot.console import texts
from bot.console.charts import Bar, bar_chart
from bot.console.uploads import carried, preview, sheet_file
from bot.console.web import View, page
from core.lights import Light
from handlers import targets
from handlers.texts import TARGETS_LIGHTS
from storage.targets.importer import TargetsImport, import_targets
from storage.targets.validate import parse_targets


async def _import(view: View, filename: str, content: bytes, *, dry_run: bool) -> TargetsImport:
    with sheet_file(filename, content) as path:
        parsed = parse_targets(path, view.kb)
    return await import_targets(
        view.repos, parsed, now=view.now(), actor=view.viewer.userid, dry_run=dry_run
    )


async def _context(view: View) -> dict[str, Any]:
    today = view.today()
    views = await targets.target_views(
        view.repos, today.year, today, view.settings.warning_workdays
    )
    by_quarter = targets.rates(views, today, lambda found: found.target.quarter)
    rate_bars = [
        Bar(f"Q{number}", by_quarter[number].percent if number in by_quarter else 0, "rate")
        for number in range(1, 5)
    ]
    lights = targets.light_counts(views)
    light_bars = [Bar(TARGETS_LIGHTS[c], lights[c], f"light-{c.value}") for c in Light]
    return {
        "year": today.year,
        "rate_chart": bar_chart(rate_bars, texts.TARGETS_RATE_CHART),
        "light_chart": bar_chart(light_bars, texts.TARGETS_LIGHT_CHART),
        "groups": targets.by_task_force(view.kb, views),
        "rate": lambda own: targets.rate(own, today).text(),
        "state": targets.state_text,
        "result": None,
        "lines": [],
        "message": "",
    }


@page("targets.html", office_only=True)
async def targets_page(request: web.Request, view: View) -> dict[str, Any]:
    return await _context(view)


@page("targets.html", office_only=True)
async def targets_preview(request: web.Request, view: View) -> dict[str, Any]:
    context = await _context(view)

    async def dry_run(filename: str, content: bytes) -> TargetsImport:
        return await _import(view, filename, content, dry_run=True)

    result = await preview(request, context, dry_run, texts.TARGETS_NO_FILE)
    if result is not None:
        context["lines"] = result.lines(view.kb)
        if not result.refused and result.empty:
            context["message"] = texts.TARGETS_PREVIEW_EMPTY
    return context


@page("targets.html", office_only=True)
async def targets_confirm(request: web.Request, view: View) -> dict[str, Any]:
    found = carried(await request.post())
    if found is None:
        context = await _context(view)
        context["message"] = texts.TARGETS_EXPIRED
        return context
    result = await _import(view, *found, dry_run=False)
    context = await _context(view)
    if result.refused:
        context["result"] = result
    else:
        context["message"] = texts.TARGETS_APPLIED.format(lines="；".join(result.lines(view.kb)))
    return context
