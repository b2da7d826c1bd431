"""The mechanism's rules as findings, on the registry as stored."""

from __future__ import annotations

from storage.repositories.registry import RosterStore
from storage.roster import texts as roster_texts
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
    assert roster_texts.TOO_FEW_PEOPLE.format(task_force="纳税指标专班", count=1) in findings
    assert (
        roster_texts.PERSON_WITHOUT_TASK_FORCE.format(name="闲人", userid="idle", unit="财政局")
        in findings
    )
    assert not any("孙办公" in finding for finding in findings)  # the office sits on none
    assert roster_texts.UNIT_WITHOUT_PEOPLE.format(unit="税务局") not in findings
    assert not any("成员单位" in finding for finding in findings)  # groups are not units
