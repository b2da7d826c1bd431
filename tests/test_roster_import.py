"""Importing rosters into the registry on SQLite and PostgreSQL: all or nothing, audited."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from core.messages import ToUsers
from storage import db
from storage.models import AuditEntry, Membership, OfficeMember, OutboxMessage, Person
from storage.repositories import Repositories
from storage.repositories.registry import RosterStore
from tests.roster_files import BAD, ROSTERS, SAMPLE, run_import

HEADER = "专班,单位,姓名,企业微信账号,角色,手机"
TABLES = (Person, Membership, OfficeMember, AuditEntry, OutboxMessage)


async def counts(sessions) -> dict[str, int]:
    async with sessions() as session:
        return {
            table.__tablename__: await session.scalar(select(func.count()).select_from(table))
            for table in TABLES
        }


def write(path: Path, *rows: str) -> Path:
    path.write_text("\n".join((HEADER, *rows)) + "\n", encoding="utf-8")
    return path


async def test_the_sample_imports_and_a_second_import_changes_nothing(sessions, kb, clock):
    result = await run_import(sessions, kb, clock, SAMPLE)
    assert result.applied
    assert (len(result.plan.added), len(result.plan.removed), len(result.plan.changed)) == (
        67,
        0,
        0,
    )
    after_first = await counts(sessions)
    assert after_first["people"] == 67
    assert after_first["office_members"] == 2
    assert after_first["memberships"] == 109
    assert after_first["outbox"] == 1
    assert after_first["audit_log"] == 68  # one per person and one for the import

    clock.advance(timedelta(hours=1))
    again = await run_import(sessions, kb, clock, SAMPLE)
    assert again.plan.empty and not again.applied
    assert await counts(sessions) == after_first

    async with sessions() as session:
        repos = Repositories(session)
        assert await repos.registry.office_userids() == ["yshj_director", "yshj_office"]
        contacts = await repos.registry.lead_unit_members("getting_electricity", ("contact",))
        assert [m.userid for m in contacts] == ["gxj_contact"]


async def test_a_changed_file_adds_removes_and_changes_people_in_one_go(
    sessions, kb, clock, tmp_path
):
    await run_import(sessions, kb, clock, ROSTERS / "good_small.csv")
    clock.advance(timedelta(days=1))
    changed = write(
        tmp_path / "changed.csv",
        "获得电力,工信局,王工信,gxj_wang,分管领导,13800000009",  # new mobile
        "获得电力,工信局,李工信,gxj_li,分管领导,",  # contact → leader (two leaders is fine)
        "办理建筑许可,工信局,李工信,gxj_li,联系人,",  # …and joins another task force
        "获得电力,国网东丽供电公司,赵供电,gdgs_zhao,联系人,",
        "纳税,税务局,钱税务,swj_qian,联系人,",
        "纳税,税务局,郑税务,swj_zheng,成员,",  # new; swj_zhou is gone
        ",政务服务办,孙办公,office_sun,办公室,",
    )
    result = await run_import(sessions, kb, clock, changed)
    assert result.problems == [], result.problems
    plan = result.plan
    assert [s.userid for s in plan.added] == ["swj_zheng"]
    assert [s.userid for s in plan.removed] == ["swj_zhou"]
    assert sorted(after.userid for _, after in plan.changed) == ["gxj_li", "gxj_wang"]
    assert "+ 郑税务（swj_zheng，税务局）" in result.lines
    assert "- 周税务（swj_zhou，税务局）" in result.lines
    li = next(line for line in result.lines if "gxj_li" in line)
    assert (
        "获得电力指标专班 联系人 → 分管领导" in li and "加入办理建筑许可指标专班（联系人）" in li
    )

    async with sessions() as session:
        zhou = await session.scalar(select(Person).where(Person.userid_key == "swj_zhou"))
        assert zhou is not None and not zhou.active  # history kept
        held = await session.scalar(
            select(func.count()).select_from(Membership).where(Membership.person_id == zhou.id)
        )
        assert held == 0
        roster = await RosterStore(session).active_roster()
        assert roster["gxj_wang"].mobile == "13800000009"
        assert roster["gxj_li"].roles == (
            ("construction_permits", "contact"),
            ("getting_electricity", "leader"),
        )
        audit = await Repositories(session).audit.entries("person")
        latest = [entry for entry in audit if entry.at == clock.now()]
        assert sorted((e.action, e.entity_key) for e in latest) == [
            ("roster.add", "swj_zheng"),
            ("roster.change", "gxj_li"),
            ("roster.change", "gxj_wang"),
            ("roster.remove", "swj_zhou"),
        ]
        assert all(e.actor == "tester" for e in latest)
        change = next(e for e in latest if e.entity_key == "gxj_wang")
        assert (change.before["mobile"], change.after["mobile"]) == ("13800000001", "13800000009")
        notices = await Repositories(session).outbox.by_status("queued")
    assert len(notices) == 2  # one per import
    notice = notices[-1]
    assert notice.outbound.to == ToUsers.of("office_sun")
    assert notice.source == "roster"
    assert "新增 1 人，移除 1 人，变更 2 人" in notice.outbound.body.text
    assert "郑税务" in notice.outbound.body.text


async def test_a_removed_person_who_comes_back_is_the_same_row(sessions, kb, clock, tmp_path):
    await run_import(sessions, kb, clock, ROSTERS / "good_small.csv")
    without = write(
        tmp_path / "without.csv",
        "获得电力,工信局,李工信,gxj_li,联系人,",
        ",政务服务办,孙办公,office_sun,办公室,",
    )
    await run_import(sessions, kb, clock, without)
    async with sessions() as session:
        first_id = await session.scalar(select(Person.id).where(Person.userid_key == "swj_qian"))
    result = await run_import(sessions, kb, clock, ROSTERS / "good_small.csv")
    assert sorted(s.userid for s in result.plan.added) == [
        "gdgs_zhao",
        "gxj_wang",
        "swj_qian",
        "swj_zhou",
    ]
    async with sessions() as session:
        again = await session.scalar(select(Person).where(Person.userid_key == "swj_qian"))
        roster = await RosterStore(session).active_roster()
    assert again.id == first_id and again.active
    assert roster["swj_qian"].roles == (("paying_taxes", "contact"),)


async def test_userid_case_and_office_seat_changes(sessions, kb, clock, tmp_path):
    await run_import(sessions, kb, clock, ROSTERS / "good_small.csv")
    moved = write(
        tmp_path / "moved.csv",
        "获得电力,工信局,李工信,GXJ_LI,联系人,",
        ",工信局,李工信,gxj_li,办公室,",  # the same account joins the office
        ",政务服务办,新办公,office_new,办公室,",  # office_sun leaves
    )
    result = await run_import(sessions, kb, clock, moved)
    li = next(after for _, after in result.plan.changed if after.key == "gxj_li")
    assert li.userid == "GXJ_LI" and li.office
    async with sessions() as session:
        registry = Repositories(session).registry
        assert await registry.office_userids() == ["GXJ_LI", "office_new"]
        assert await registry.is_office("gxj_li")
        assert not await registry.is_office("office_sun")


async def test_a_dry_run_writes_nothing(sessions, kb, clock):
    result = await run_import(sessions, kb, clock, SAMPLE, dry_run=True)
    assert len(result.plan.added) == 67 and not result.applied
    assert set((await counts(sessions)).values()) == {0}


@pytest.mark.parametrize("name", sorted(BAD))
async def test_a_bad_file_writes_nothing(sessions, kb, clock, name):
    await run_import(sessions, kb, clock, ROSTERS / "good_small.csv")
    before = await counts(sessions)
    result = await run_import(sessions, kb, clock, ROSTERS / name)
    assert result.refused and not result.applied
    assert await counts(sessions) == before


async def test_migrations_bring_an_empty_database_to_head(engine):
    assert await db.current_revision(engine) == db.head_revision()
