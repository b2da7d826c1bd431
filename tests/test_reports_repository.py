"""Report life cycle in the store: one draft per task force and quarter, frozen versions."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta

from core.quarters import Quarter
from storage.repositories import Repositories


async def test_versions_late_flag_and_extension(sessions, clock):
    quarter = Quarter.parse("2026Q4")
    async with sessions() as session, session.begin():
        repos = Repositories(session).reports
        period = await repos.set_period(
            quarter.id,
            opens_on=quarter.default_opens_on(),
            due_on=date(2026, 11, 24),
            locks_on=quarter.default_locks_on(),
            now=clock.now(),
        )
        report = await repos.report_for_update(quarter.id, "paying_taxes", clock.now())
        await repos.save_answers(report, {"progress": "x" * 20}, "a", clock.now())
        first = await repos.submit(
            report, "a", clock.now(), (await repos.exemption_and_due(period, "paying_taxes"))[1]
        )
        await repos.set_extension(
            quarter.id,
            "paying_taxes",
            due_on=date(2026, 11, 30),
            reason="r",
            userid="office",
            now=clock.now(),
        )
        clock.advance(timedelta(days=1))
        again = await repos.report_for_update(quarter.id, "paying_taxes", clock.now())
        second = await repos.submit(
            again, "b", clock.now(), (await repos.exemption_and_due(period, "paying_taxes"))[1]
        )
        versions = await repos.versions(report.id)
    assert again.id == report.id
    assert (first.version, first.late) == (1, True)
    assert (second.version, second.late) == (2, False)
    assert [v.submitted_by for v in versions] == ["a", "b"]


async def test_first_sets_at_once_both_land(sessions, clock):
    """Two people setting the same period, extension or exemption for the first time at
    once: one creates the row, the other changes it (no unique-key error)."""
    quarter = Quarter.parse("2026Q4")

    async def set_period() -> None:
        async with sessions() as session, session.begin():
            await Repositories(session).reports.set_period(
                quarter.id,
                opens_on=quarter.default_opens_on(),
                due_on=date(2026, 11, 24),
                locks_on=quarter.default_locks_on(),
                now=clock.now(),
            )

    async def grant(userid: str) -> list[str | None]:
        async with sessions() as session, session.begin():
            repos = Repositories(session).reports
            _, extended = await repos.set_extension(
                quarter.id,
                "paying_taxes",
                due_on=date(2026, 11, 30),
                reason="r",
                userid=userid,
                now=clock.now(),
            )
            _, exempted = await repos.set_exemption(
                quarter.id, "starting_business", reason="r", userid=userid, now=clock.now()
            )
            return [row and row.granted_by for row in (extended, exempted)]

    await asyncio.gather(set_period(), set_period())
    befores = await asyncio.gather(grant("a"), grant("b"))
    assert befores in ([[None, None], ["a", "a"]], [["b", "b"], [None, None]])
