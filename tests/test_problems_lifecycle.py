"""The problem list's lifecycle: 交办 → 签收 → 进展 → 申请销号 → 销号 or 退回销号, each step a
history row and a notice to the owner unit's people; illegal steps refused, nothing changed."""

from __future__ import annotations

from datetime import timedelta

import pytest

from core.messages import File, ToUsers
from core.problems import (
    IllegalTransition,
    ProblemAction,
    ProblemSource,
    ProblemStatus,
    allowed,
    transition,
)
from handlers import texts
from handlers.problems import texts as ptexts
from storage.repositories import Repositories
from tests.factories import outbox, text_of
from tests.office_support import (
    ANSWERS,
    OFFICE,
    OUTSIDER,
    POWER_CONTACT,
    TAX_CONTACT,
    audit_entries,
    reply_of,
    say,
    submit_report,
)
from tests.problem_support import (
    GRID_CONTACT,
    POWER_LEADER,
    POWER_MEMBER,
    add_power_people,
    events,
    problem,
)
from tests.test_office_export import sheets

ASSIGN = "交办 获得电力 工信局 2026-12-31 排名下降，原因分析"

S = ProblemStatus
A = ProblemAction


@pytest.mark.parametrize(
    ("status", "action", "after"),
    [
        (None, A.ASSIGN, S.ASSIGNED),
        (S.ASSIGNED, A.ACKNOWLEDGE, S.IN_PROGRESS),
        (S.ASSIGNED, A.PROGRESS, S.IN_PROGRESS),
        (S.IN_PROGRESS, A.PROGRESS, S.IN_PROGRESS),
        (S.IN_PROGRESS, A.REQUEST_CLOSE, S.CLOSE_REQUESTED),
        (S.CLOSE_REQUESTED, A.APPROVE, S.CLOSED),
        (S.CLOSE_REQUESTED, A.RETURN, S.IN_PROGRESS),
    ],
)
def test_allowed_transitions(status, action, after):
    assert transition(status, action) is after


@pytest.mark.parametrize(
    ("status", "action"),
    [
        (S.ASSIGNED, A.APPROVE),  # the office cannot close what nobody applied to close
        (S.IN_PROGRESS, A.RETURN),
        (S.IN_PROGRESS, A.ACKNOWLEDGE),  # signed for once
        (S.CLOSED, A.PROGRESS),
        (S.CLOSED, A.REQUEST_CLOSE),
        (S.CLOSED, A.RETURN),
        (S.CLOSE_REQUESTED, A.PROGRESS),
        (None, A.ACKNOWLEDGE),
        (S.ASSIGNED, A.ASSIGN),
    ],
)
def test_illegal_transitions(status, action):
    assert not allowed(status, action)
    with pytest.raises(IllegalTransition):
        transition(status, action)


async def test_office_assigns_and_the_owner_units_people_get_a_sign_card(
    dispatcher, sessions, clock, office_people
):
    await add_power_people(sessions, clock.now())
    result = await say(dispatcher, clock, ASSIGN)
    assert result.intent == "office.problem.assign"
    assert "问题1" in reply_of(result)
    assert texts.OFFICE_SENT_NOW.format(count=3) in reply_of(result)
    found = await problem(sessions, 1)
    assert (found.task_force_id, found.status, found.source) == (
        "getting_electricity",
        S.ASSIGNED,
        ProblemSource.OFFICE,
    )
    assert found.title == "排名下降，原因分析" and found.due_on.isoformat() == "2026-12-31"
    cards = [row for row in await outbox(sessions) if row.outbound.body.kind == "card"]
    # 工信局's people in 获得电力 (contact, leader, member), one card each; not 供电公司's.
    assert sorted(row.outbound.to.userids[0] for row in cards) == sorted(
        [POWER_CONTACT, POWER_LEADER, POWER_MEMBER]
    )
    assert all(b.value == "签收 1" for row in cards for b in row.outbound.body.buttons)
    assert "排名下降" in text_of(cards[0])
    [event] = await events(sessions, 1)
    assert (event.action, event.actor, event.to_status) == (A.ASSIGN, OFFICE, S.ASSIGNED)


@pytest.mark.parametrize(
    ("command", "fact"),
    [
        ("交办 获得电力 税务局 2026-12-31 标题", "不是获得电力指标专班的牵头或责任单位"),
        ("交办 获得电力 火星局 2026-12-31 标题", "没有找到单位"),
        ("交办 获得电力 工信局 2026-11-01 标题", "已经过去"),
        ("交办 获得电力 工信局 2026-12-31", "请在日期后写上问题标题"),
        ("交办 获得电力 工信局", "请写明专班、责任单位和完成时限"),
        ("交办 获得电力 工信局 2026-12-31 季报", "没有已提交的季报"),
    ],
)
async def test_bad_assignments_are_refused_and_nothing_is_kept(
    dispatcher, sessions, clock, office_people, command, fact
):
    result = await say(dispatcher, clock, command)
    assert result.intent == "office.problem.assign.bad_argument"
    assert fact in reply_of(result)
    async with sessions() as session:
        assert await Repositories(session).problems.listing() == []
    assert await outbox(sessions) == []


async def test_only_the_office_assigns(dispatcher, sessions, clock, office_people):
    result = await say(dispatcher, clock, ASSIGN, user=POWER_CONTACT)
    assert result.intent == "office.refused"


async def test_a_checkin_answer_becomes_a_problem(dispatcher, sessions, clock, office_people):
    answers = {**ANSWERS, "problems": "配电网改造资金缺口较大，需区财政协调。\n另有用地问题。"}
    await submit_report(
        sessions, clock.now(), "getting_electricity", answers=answers, userid=POWER_CONTACT
    )
    listed = reply_of(await say(dispatcher, clock, "问题清单 候选"))
    assert "获得电力 第1版" in listed and "配电网改造资金缺口" in listed
    result = await say(dispatcher, clock, "交办 获得电力 国网东丽供电公司 12月31日 季报")
    assert "问题1" in reply_of(result)
    found = await problem(sessions, 1)
    assert found.source is ProblemSource.CHECKIN
    assert found.source_ref == "2026Q4/getting_electricity/v1"
    assert found.title == "配电网改造资金缺口较大，需区财政协调"  # no 。 before "，时限"
    assert "用地问题" in (found.detail or "")
    # Once assigned it is no longer a candidate.
    assert "暂无待交办" in reply_of(await say(dispatcher, clock, "问题清单 候选"))


async def test_only_an_answer_the_contact_marked_is_a_candidate(
    dispatcher, sessions, clock, office_people
):
    text = "配电网改造资金缺口较大"
    unmarked = {**ANSWERS, "problems": {"text": text, "listed": False}}
    await submit_report(
        sessions, clock.now(), "getting_electricity", answers=unmarked, userid=POWER_CONTACT
    )
    assert text not in reply_of(await say(dispatcher, clock, "问题清单 候选"))
    result = await say(dispatcher, clock, "交办 获得电力 国网东丽供电公司 12月31日 季报")
    assert "问题1" not in reply_of(result)
    async with sessions() as session:
        assert await Repositories(session).problems.listing() == []
    marked = {**ANSWERS, "problems": {"text": text, "listed": True}}
    await submit_report(
        sessions, clock.now(), "getting_electricity", answers=marked, userid=POWER_CONTACT
    )
    assert text in reply_of(await say(dispatcher, clock, "问题清单 候选"))


async def test_an_answer_stored_before_the_mark_reads_as_marked_everywhere(
    dispatcher, sessions, clock, office_people
):
    old = {**ANSWERS, "problems": "人手紧张，窗口排队时间长"}  # bare text, as stored before
    await submit_report(sessions, clock.now(), answers=old)
    shown = reply_of(await say(dispatcher, clock, "查看 纳税"))
    assert "人手紧张" in shown and "列入问题清单：是" in shown
    await say(dispatcher, clock, "导出 2026Q4")
    [message] = [m for m in await outbox(sessions) if isinstance(m.outbound.body, File)]
    rows = sheets(message.outbound.body.inline_bytes())["季度工作情况"]
    [tax] = [row for row in rows if row.get("专班") and "纳税" in str(row["专班"])]
    assert "人手紧张" in tax["存在的问题和困难"] and tax["列入问题清单"] == "是"
    assert "人手紧张" in reply_of(await say(dispatcher, clock, "问题清单 候选"))


async def test_a_meeting_record_becomes_a_problem(dispatcher, sessions, clock, office_people):
    await submit_report(sessions, clock.now(), "paying_taxes")
    await say(dispatcher, clock, "交办 纳税 税务局 2026-12-20 会商 办税大厅排队时间长")
    found = await problem(sessions, 1)
    assert (found.source, found.source_ref) == (ProblemSource.MEETING, "2026-11-20")


async def _assigned(dispatcher, sessions, clock) -> None:
    await add_power_people(sessions, clock.now())
    await say(dispatcher, clock, ASSIGN)


async def test_sign_by_text_then_progress_close_and_approve(
    dispatcher, sessions, clock, office_people
):
    await _assigned(dispatcher, sessions, clock)
    clock.advance(timedelta(minutes=5))
    reply = reply_of(await say(dispatcher, clock, "签收", user=POWER_CONTACT))
    assert "已签收问题1" in reply
    signed = await problem(sessions, 1)
    assert (signed.status, signed.acknowledged_by) == (S.IN_PROGRESS, POWER_CONTACT)
    assert signed.acknowledged_at == clock.now()
    # Signing twice is refused and changes nothing.
    again = reply_of(await say(dispatcher, clock, "签收 1", user=POWER_MEMBER))
    assert "不能签收" in again

    result = await say(dispatcher, clock, "进展 １，已完成现场踏勘，下周施工", user=POWER_CONTACT)
    assert result.intent == "problem.progress"
    assert (await events(sessions, 1))[-1].remark == "已完成现场踏勘，下周施工"
    result = await say(dispatcher, clock, "申请销号 1", user=POWER_CONTACT)
    assert "办结情况" in reply_of(result)  # no evidence: nothing applied
    assert (await problem(sessions, 1)).status is S.IN_PROGRESS
    await say(dispatcher, clock, "申请销号 1 已完成线路改造，附验收报告", user=POWER_CONTACT)
    assert (await problem(sessions, 1)).status is S.CLOSE_REQUESTED
    office_notices = [
        row
        for row in await outbox(sessions)
        if isinstance(row.outbound.to, ToUsers) and OFFICE in row.outbound.to.userids
    ]
    assert any("申请销号" in text_of(row) for row in office_notices)

    reply = reply_of(await say(dispatcher, clock, "销号 1"))
    assert "已销号问题1" in reply and ptexts.ON_TIME in reply
    closed = await problem(sessions, 1)
    assert (closed.status, closed.closed_at) == (S.CLOSED, clock.now())
    steps = [(e.action, e.from_status, e.to_status) for e in await events(sessions, 1)]
    assert steps == [
        (A.ASSIGN, None, S.ASSIGNED),
        (A.ACKNOWLEDGE, S.ASSIGNED, S.IN_PROGRESS),
        (A.PROGRESS, S.IN_PROGRESS, S.IN_PROGRESS),
        (A.REQUEST_CLOSE, S.IN_PROGRESS, S.CLOSE_REQUESTED),
        (A.APPROVE, S.CLOSE_REQUESTED, S.CLOSED),
    ]
    audited = [(e.action, e.entity_key) for e in await audit_entries(sessions, "problem")]
    assert audited == [("problem.assign", "1"), ("problem.approve", "1")]
    history = reply_of(await say(dispatcher, clock, "问题清单 1"))
    assert "已完成现场踏勘" in history and "已销号" in history


async def test_return_sends_it_back_with_the_reason(dispatcher, sessions, clock, office_people):
    await _assigned(dispatcher, sessions, clock)
    await say(dispatcher, clock, "申请销号 1 已整改", user=POWER_CONTACT)
    assert "原因" in reply_of(await say(dispatcher, clock, "退回销号 1"))
    assert (await problem(sessions, 1)).status is S.CLOSE_REQUESTED
    await say(dispatcher, clock, "退回销号 1：佐证材料不全，请补充验收报告")
    returned = await problem(sessions, 1)
    assert returned.status is S.IN_PROGRESS
    notices = [
        text_of(row) for row in await outbox(sessions) if POWER_LEADER in str(row.outbound.to)
    ]
    assert any("佐证材料不全" in text for text in notices)
    assert (await events(sessions, 1))[-1].remark == "佐证材料不全，请补充验收报告"
    # Approving what is not applied for is refused.
    assert "不能销号" in reply_of(await say(dispatcher, clock, "销号 1"))


async def test_people_outside_the_owner_unit_cannot_act(
    dispatcher, sessions, clock, office_people
):
    await _assigned(dispatcher, sessions, clock)
    for user in (GRID_CONTACT, TAX_CONTACT, OUTSIDER):
        reply = reply_of(await say(dispatcher, clock, "签收 1", user=user))
        assert "不能操作" in reply
    assert (await problem(sessions, 1)).status is S.ASSIGNED
    assert "没有找到问题9" in reply_of(await say(dispatcher, clock, "签收 9", user=POWER_CONTACT))


async def test_evidence_file_sent_before_applying_is_linked(
    dispatcher, sessions, clock, office_people
):
    from core.messages import Kind
    from tests.chat import incoming

    await _assigned(dispatcher, sessions, clock)
    clock.advance(timedelta(minutes=1))
    await dispatcher.feed(incoming(clock, POWER_CONTACT, "MEDIA-1", kind=Kind.FILE))
    clock.advance(timedelta(minutes=1))
    reply = reply_of(await say(dispatcher, clock, "申请销号 1", user=POWER_CONTACT))
    assert "已附佐证材料" in reply
    [*_, request] = await events(sessions, 1)
    assert request.action is A.REQUEST_CLOSE and request.attachment_id is not None


async def test_detail_on_the_next_lines_and_words_left_to_others(
    dispatcher, sessions, clock, office_people
):
    command = "交办 获得电力 工信局 2026-12-31 排名下降\n原因：报装环节多\n请分析"
    await say(dispatcher, clock, command)
    found = await problem(sessions, 1)
    assert found.title == "排名下降" and found.detail == "原因：报装环节多\n请分析"
    # Someone with no problem asking about 进展 is not taken for a progress report.
    result = await say(dispatcher, clock, "进展 情况怎么查", user=TAX_CONTACT)
    assert not result.intent.startswith("problem.")


def test_every_status_action_and_source_has_its_label():
    assert set(ptexts.STATUS_LABELS) == set(ProblemStatus)
    assert set(ptexts.ACTION_LABELS) == set(ProblemAction)
    assert set(ptexts.SOURCE_LABELS) == set(ProblemSource)
