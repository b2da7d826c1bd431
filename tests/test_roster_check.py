"""The mechanism's rules as findings, on the registry as stored."""

from __future__ import annotations

from storage.repositories.registry import RosterStore
from storage.roster.check import check_roster
from tests.factories import add_person


async def test_too_few_people_and_people_on_no_task_force(sessions, kb, clock):
    async with sessions() as session, session.begin():
        now = clock.now()
        await add_person(
            session,
            userid="swj_qian",
            name="钱税务",
            unit="税务局",
            now=now,
            task_forces={"paying_taxes": "contact"},
        )
        await add_person(session, userid="idle", name="闲人", unit="财政局", now=now)
        await add_person(
            session, userid="boss", name="孙办公", unit="政务服务办", now=now, office=True
        )
        people = await RosterStore(session).active_roster()
    findings = check_roster(kb, people)
    assert "纳税指标专班：没有责任单位的专班至少需要 2 人，现有 1 人。" in findings
    assert "“闲人”（idle，财政局）不在任何专班中。" in findings
    assert not any("孙办公" in finding for finding in findings)  # the office sits on none
    assert "单位“税务局”在名单中没有任何人员。" not in findings
    assert not any("成员单位" in finding for finding in findings)  # groups are not units
