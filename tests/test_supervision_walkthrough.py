"""Issue 18's "Done when", played in chat through WeCom: the office sends a year's targets
file and confirms it; 获得电力's contact reports the quarter against them (one target 部分完成)
and marks a 存在问题 for the list; the office turns that answer into a problem for 国网东丽
供电公司 (交办 … 季报); the unit's contact signs it with the card's button; the reminder tick
runs as the days pass: yellow goes to the owner unit only, red to the owner and the 分管领导
and into the office group's weekly digest, on working days within office hours, one message
per person; the owner applies 申请销号 with a file, the office 销号; 进度 and the 季度汇报
Word file show 按期完成率 and 按期销号率 with the right numbers."""

from __future__ import annotations

import io
from collections import Counter
from datetime import datetime

import pytest
from docx import Document
from sqlalchemy import select

from bot.app import DELIVERY, RUNTIME
from bot.scheduler import Scheduler
from core.clock import LOCAL_TZ
from core.messages import File, ToRobot
from core.problems import ProblemSource, ProblemStatus
from storage.models import OutboxMessage
from tests.checkin_support import PLAN, PROGRESS
from tests.factories import recipient_of, text_of
from tests.fakes.harness import Harness, wecom_harness
from tests.office_support import OFFICE, POWER_CONTACT, add_people
from tests.problem_support import (
    GRID_CONTACT,
    POWER_LEADER,
    POWER_MEMBER,
    add_power_people,
    events,
    problem,
)
from tests.targets_support import sheet, target_count
from tests.test_attachments import download, queued_texts, send_file

TARGETS = (
    "2026,获得电力,提升供电可靠性,4,完成配网改造5处,工信局,2026-12-18",
    "2026,获得电力,压减接电时间,4,低压接电时间压减至10日,国网东丽供电公司,2026-12-31",
    "2026,获得电力,优化用电服务,4,上线用电报装线上办理,工信局,2026-12-25",
)
PROBLEM = "配电网改造资金缺口较大，需区财政协调。"
EVERYONE = (OFFICE, POWER_CONTACT, POWER_LEADER, GRID_CONTACT, POWER_MEMBER)


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=LOCAL_TZ)


@pytest.fixture
async def h(database_url, engine, clock, tmp_path):
    clock.set(at("2026-12-01 10:00"))  # a Tuesday; the quarter's check-in is open
    async with wecom_harness(database_url, clock, files_dir=tmp_path / "files") as harness:
        harness.api.users |= {userid.lower() for userid in EVERYONE}
        await add_people(harness.sessions, clock.now())
        await add_power_people(harness.sessions, clock.now())
        yield harness


async def reminders(h: Harness) -> list[OutboxMessage]:
    """The problem list's reminders and digests queued so far (sent or not), oldest first."""
    async with h.sessions() as session:
        rows = await session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))
        return [row for row in rows if row.dedupe_key.startswith("problem-reminder:")]


async def tick(h: Harness, clock, when: str) -> list[OutboxMessage]:
    """The scheduler's tick at `when` and the outbox worker after it; what the tick queued."""
    before = len(await reminders(h))
    clock.set(at(when))
    await Scheduler(h.sessions, clock, h.app[RUNTIME].settings).tick(clock.now())
    await h.send_outbox()
    return (await reminders(h))[before:]


async def say(h: Harness, user: str, text: str) -> str:
    """`user` sends `text` through WeCom: what they read back, the passive reply and what the
    outbox delivered to them after it (replies with buttons or long ones go that way)."""
    before = len(h.api.seen_by(user))
    passive = await h.user.say(user, text)
    await h.app[DELIVERY].drain()
    await h.send_outbox()
    later = [seen.text or str(seen.content) for seen in h.api.seen_by(user)[before:]]
    return "\n\n".join([passive, *later])


def mentioning(rows: list[OutboxMessage], words: str) -> list[str]:
    return sorted(recipient_of(row) for row in rows if words in text_of(row))


async def check_in(h: Harness) -> str:
    """获得电力's contact reports the quarter: the three targets, and a problem marked."""
    answers = (
        "填报",
        "11月20日",
        PROGRESS,
        "完成",
        "已完成配网改造5处，已验收",
        "跳过",
        "部分完成",
        "已压减至12日，差2日在于外线审批",
        "跳过",
        "未完成",
        "系统对接延后，预计下季度上线",
        "跳过",
        "无",
        PROBLEM,
    )
    for text in answers:
        await say(h, POWER_CONTACT, text)
    marked = await say(h, POWER_CONTACT, "是")  # 列入问题清单
    assert "下季度" in marked  # the next question: the plan
    for text in (PLAN, "否"):
        await say(h, POWER_CONTACT, text)
    preview = await say(h, POWER_CONTACT, "跳过")
    assert "列入问题清单：是" in preview and "部分完成" in preview
    return await say(h, POWER_CONTACT, "确认提交")


async def test_targets_to_a_closed_problem_and_the_rates(h, clock, tmp_path):
    # The office sends the year's targets and confirms the preview.
    data = sheet(tmp_path, *TARGETS).read_bytes()
    await send_file(h, OFFICE, h.api.add_media("2026年度目标.csv", data, "text/csv"))
    await download(h)
    [preview] = [t for t in await queued_texts(h, OFFICE) if "年度目标表" in t]
    assert "获得电力" in preview and "季度目标 3 条" in preview
    assert "已导入年度目标表" in await say(h, OFFICE, "确认")
    assert await target_count(h.sessions) == 3

    # The contact reports against them and marks the problem; the office sees the candidate.
    assert "第1版" in await check_in(h)
    candidates = await say(h, OFFICE, "问题清单 候选")
    assert "获得电力" in candidates and PROBLEM[:10] in candidates

    # 交办 from the check-in answer (due 15 December), and one of the office's own.
    assert "问题1" in await say(h, OFFICE, "交办 获得电力 国网东丽供电公司 2026-12-15 季报")
    assert "问题2" in await say(h, OFFICE, "交办 获得电力 工信局 2026-12-31 排名下降原因分析")
    first = await problem(h.sessions, 1)
    assert (first.source, first.title) == (ProblemSource.CHECKIN, PROBLEM.rstrip("。"))
    assert first.source_ref == "2026Q4/getting_electricity/v1"

    # The owner unit's contact gets the 签收 card and signs with its button.
    await h.send_outbox()
    notice, card = h.api.seen_by(GRID_CONTACT)  # 问题2 is 工信局's: not to them
    assert "问题1" in notice.text and "12月15日" in notice.text and "问题2" not in notice.text
    assert [button["text"] for button in card.content["button_list"]] == ["签收"]
    click = h.user.card_click_xml(GRID_CONTACT, *h.api.click(card.content["task_id"], 0))
    assert (await h.user.post(click)).status == 200
    await h.app[DELIVERY].drain()
    signed = await problem(h.sessions, 1)
    assert (signed.status, signed.acknowledged_by) == (ProblemStatus.IN_PROGRESS, GRID_CONTACT)
    await say(h, POWER_CONTACT, "签收 2")

    # 8 December: 问题1 has six working days left, green — nobody is reminded of it. The
    # targets light too: 目标2 (部分完成) yellow to its unit, 目标3 (未完成) red to 工信局's
    # people (the 分管领导 among them) and in the office group's digest.
    first_tick = await tick(h, clock, "2026-12-08 09:05")
    assert mentioning(first_tick, "问题1") == []
    assert mentioning(first_tick, "目标2") == [GRID_CONTACT]
    assert mentioning(first_tick, "目标3") == sorted(
        ["office", POWER_CONTACT, POWER_LEADER, POWER_MEMBER]
    )
    assert max(Counter(recipient_of(row) for row in first_tick).values()) == 1
    # 9 December: five left, yellow — the owner unit's contact, nobody else, one message.
    yellow = await tick(h, clock, "2026-12-09 09:05")
    assert mentioning(yellow, "问题1") == [GRID_CONTACT]
    assert Counter(recipient_of(row) for row in yellow)[GRID_CONTACT] == 1
    assert "黄灯" in next(text_of(row) for row in yellow if "问题1" in text_of(row))
    assert mentioning(await tick(h, clock, "2026-12-10 09:05"), "问题1") == []  # once
    # A Saturday and an evening: the scheduler does not run.
    clock.set(at("2026-12-12 10:00"))
    scheduler = Scheduler(h.sessions, clock, h.app[RUNTIME].settings)
    assert (await scheduler.tick(clock.now())).skipped == "hours"
    clock.set(at("2026-12-16 06:30"))
    assert (await scheduler.tick(clock.now())).skipped == "hours"
    # 16 December, after the due day: red — the owner and the 分管领导, and the digest.
    red = await tick(h, clock, "2026-12-16 09:05")
    people = [row for row in red if not isinstance(row.outbound.to, ToRobot)]
    assert mentioning(people, "问题1") == sorted([GRID_CONTACT, POWER_LEADER])
    assert max(Counter(recipient_of(row) for row in people).values()) == 1
    [digest] = [row for row in red if isinstance(row.outbound.to, ToRobot)]
    assert "问题1" in text_of(digest) and "获得电力" in text_of(digest)
    assert "问题2" not in text_of(digest) and "目标2" not in text_of(digest)  # not red
    assert POWER_CONTACT not in mentioning(people, "问题1")
    delivered = [seen for seen in h.api.seen if seen.at >= at("2026-12-16 00:00")]
    assert delivered and all(seen.at >= at("2026-12-16 09:00") for seen in delivered)

    # 17 December: the owner applies with evidence, the office closes both problems.
    clock.set(at("2026-12-17 10:00"))
    await send_file(h, GRID_CONTACT, h.api.add_media("资金协调纪要.pdf", b"%PDF-1.4", "x/pdf"))
    await download(h)
    applied = await say(h, GRID_CONTACT, "申请销号 1 区财政已安排配网改造资金")
    assert "已附佐证材料" in applied
    await say(h, OFFICE, "销号 1")
    await say(h, POWER_CONTACT, "申请销号 2 已形成原因分析报告")
    await say(h, OFFICE, "销号 2")
    closed = await problem(h.sessions, 1)
    assert closed.status is ProblemStatus.CLOSED
    [*_, request, approval] = await events(h.sessions, 1)
    assert request.attachment_id is not None and approval.actor == OFFICE

    # After the quarter: 按期完成率 1 of 3 targets due (the partly one is due and red now),
    # 按期销号率 1 of 2 problems (问题1 closed after its due day).
    clock.set(at("2027-01-05 10:00"))
    progress = await say(h, OFFICE, "进度 2026Q4")
    assert "按期完成率 1/3（33%）" in progress
    assert "国网东丽供电公司 0/1（0%）" in progress and "工信局 1/2（50%）" in progress
    assert "按期销号率：50%（到期2项，按期销号1项）" in progress
    assert "工信局 100%" in progress and "国网东丽供电公司 0%" in progress
    await say(h, OFFICE, "生成季度汇报 2026Q4")
    async with h.sessions() as session:
        rows = list(await session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))
    [word] = [row for row in rows if isinstance(row.outbound.body, File)]
    document = Document(io.BytesIO(word.outbound.body.inline_bytes()))
    said = "\n".join(p.text for p in document.paragraphs)
    assert "1/3（33%）" in said and "50%（到期2项，按期销号1项）" in said
    cells = [[cell.text for cell in row.cells] for table in document.tables for row in table.rows]
    assert ["1", "获得电力", "3", "1", "1", "1", "0", "1/3（33%）"] in cells
    assert ["获得电力", "2", "1", "50%"] in cells
