"""`zhuanban outbox status|list --failed|retry`, run as the installed command would be."""

from __future__ import annotations

import asyncio
import os
import sys
from datetime import UTC, datetime

from core.messages import Outbound, Text, ToUsers
from handlers import texts
from storage.models import OutboxMessage
from storage.repositories import Repositories
from storage.repositories.outbox import DeliveryBlockRepository
from tests.office_support import OFFICE, TAX_CONTACT, add_people

LATER = datetime(2030, 1, 1, tzinfo=UTC)


async def run(database_url: str, *args: str, stdin: str = "") -> tuple[int, str]:
    """`python -m bot args…` in a fresh process with a clean ZHUANBAN_* environment."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ZHUANBAN_")}
    env["ZHUANBAN_DATABASE_URL"] = database_url
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        *args,
        env=env,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    out, _ = await process.communicate(stdin.encode())
    assert process.returncode is not None
    return process.returncode, out.decode()


async def test_outbox_commands_show_and_requeue_parked_messages(database_url, sessions, clock):
    now = clock.now()
    async with sessions() as session, session.begin():
        repos = Repositories(session)
        for text in ("已发通知", "失败的通知"):
            await repos.outbox.enqueue(
                Outbound(ToUsers.of("zhangsan"), Text(text)), source="test", now=now
            )
        first, parked = await repos.outbox.by_status("queued")
        await repos.outbox.mark_sent(first.id, now)
        await repos.outbox.mark_failed(parked.id, "message/send: 81013 user invalid", 3)
        await DeliveryBlockRepository(session).block(
            ["users"], 60020, "请把服务器 IP 加入企业可信IP", now, LATER
        )

    code, status = await run(database_url, "outbox", "status")
    assert code == 0, status
    assert "发送失败 1 条" in status and "已发出 1 条" in status
    assert "60020" in status and "企业可信IP" in status

    code, listed = await run(database_url, "outbox", "list", "--failed")
    assert code == 0, listed
    assert f"#{parked.id}" in listed and "81013" in listed and "失败的通知" in listed
    assert "已发通知" not in listed

    code, retried = await run(database_url, "outbox", "retry")
    assert code == 0, retried
    assert "1 条" in retried
    async with sessions() as session:
        row = await session.get(OutboxMessage, parked.id)
        assert (row.status, row.attempts) == ("queued", 0)
        [block] = await DeliveryBlockRepository(session).active()
        assert block.retry_at < LATER  # a blocked route is tried at the next tick
    code, listed = await run(database_url, "outbox", "list", "--failed")
    assert (code, listed.strip()) == (0, "没有符合条件的消息。")


async def test_a_database_that_does_not_answer_is_said_in_one_line():
    code, out = await run("postgresql://postgres@127.0.0.1:1/nothing", "outbox", "status")
    assert code == 1
    assert "数据库暂时无法连接" in out and "Traceback" not in out


async def test_the_terminal_chat_shows_what_a_turn_queued_for_others(
    database_url, sessions, clock
):
    await add_people(sessions, clock.now())
    code, text = await run(database_url, "chat", "--as", OFFICE, stdin="催报 纳税\nexit\n")
    assert code == 0, text
    assert texts.TERMINAL_QUEUED in text
    assert texts.TERMINAL_HEADING.format(to=TAX_CONTACT) in text and "【催报】" in text
