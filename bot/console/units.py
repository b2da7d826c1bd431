"""The units page: each unit's task forces (牵头 / 责任) and its on-time record."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from aiohttp import web

from bot.console.board import recent_quarters, selected_quarter
from bot.console.web import View, page
from knowledge.models import TaskForce


@dataclass(frozen=True, slots=True)
class UnitRow:
    name: str
    leads: list[TaskForce]
    responsible: list[TaskForce]
    due: int
    """Reports its led task forces owed over the quarters shown (exempt ones not counted)."""
    on_time: int


@page("units.html")
async def units_page(request: web.Request, view: View) -> dict[str, Any]:
    last = await selected_quarter(view)
    quarters = recent_quarters(last, 4)
    ids = [q.id for q in quarters]
    first = await view.repos.history.first_submissions(ids)
    exempt = await view.repos.history.exempted(ids)
    visible = {tf.id for tf in view.viewer.visible(view.kb)}
    rows = []
    for unit in view.kb.units:
        leads = [tf for tf in view.kb.led_by(unit.name) if tf.id in visible]
        responsible = [tf for tf in view.kb.responsible_in(unit.name) if tf.id in visible]
        if not leads and not responsible:
            continue
        owed = [(q, tf.id) for q in ids for tf in leads if (q, tf.id) not in exempt]
        on_time = sum(1 for key in owed if first.get(key) is False)
        rows.append(UnitRow(unit.name, leads, responsible, len(owed), on_time))
    return {"rows": rows, "quarters": quarters}
