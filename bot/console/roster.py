"""The roster page (office): the current roster, and importing a file with a preview.

The upload is read and validated exactly as `zhuanban roster import` does; the preview shows
the row errors or the changes, and carries the file (base64, in the form) to 确认, which
validates it again and applies it in one transaction, audited, the office told.
"""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from aiohttp import web

from bot.console import texts
from bot.console.uploads import carried, preview, sheet_file
from bot.console.web import View, page
from handlers.notices import release_at
from storage.repositories.registry import RosterStore
from storage.roster.importer import ImportResult, import_roster, parse_file
from storage.roster.texts import ROLE_NAMES


def _parse(view: View, filename: str, content: bytes):
    with sheet_file(filename, content) as path:
        return parse_file(path, view.kb)


async def _import(view: View, filename: str, content: bytes, *, dry_run: bool) -> ImportResult:
    return await import_roster(
        view.repos.session,
        view.kb,
        _parse(view, filename, content),
        now=view.now(),
        actor=view.viewer.userid,
        source=PurePath(filename).name,
        dry_run=dry_run,
        notice_at=release_at(view.settings, view.now(), immediate=False),  # office hours
    )


async def _roster_context(view: View) -> dict[str, Any]:
    people = await RosterStore(view.repos.session).active_roster()
    return {
        "people": sorted(people.values(), key=lambda p: (p.unit or "", p.name)),
        "task_force_name": lambda tf_id: view.kb.task_force(tf_id).name,
        "role_names": ROLE_NAMES,
        "result": None,
        "message": "",
    }


@page("roster.html", office_only=True)
async def roster_page(request: web.Request, view: View) -> dict[str, Any]:
    return await _roster_context(view)


@page("roster.html", office_only=True)
async def roster_preview(request: web.Request, view: View) -> dict[str, Any]:
    context = await _roster_context(view)

    async def dry_run(filename: str, content: bytes) -> ImportResult:
        return await _import(view, filename, content, dry_run=True)

    result = await preview(request, context, dry_run, texts.ROSTER_NO_FILE)
    if result is not None and not result.refused and result.plan.empty:
        context["message"] = texts.ROSTER_PREVIEW_EMPTY
    return context


@page("roster.html", office_only=True)
async def roster_confirm(request: web.Request, view: View) -> dict[str, Any]:
    found = carried(await request.post())
    context = await _roster_context(view)
    if found is None:
        context["message"] = texts.ROSTER_EXPIRED
        return context
    filename, content = found
    result = await _import(view, filename, content, dry_run=False)
    context = await _roster_context(view)
    context["result"] = result
    if result.applied:
        context["message"] = texts.ROSTER_APPLIED.format(summary=result.plan.summary())
        context["result"] = None
    return context
