"""Attachments end to end: a file sent over the WeCom callback is downloaded through the fake
media/get into the file store, linked to its report, listed, and fetched back into chat."""

from __future__ import annotations

import hashlib
import io
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from bot.app import ATTACHMENTS
from core.clock import LOCAL_TZ
from core.messages import Card, File, Text, ToUsers
from handlers import texts
from handlers.notices import AFTER_THE_TICK
from storage.files import FileStore
from storage.models import Attachment, OutboxMessage
from storage.repositories import Repositories
from tests.checkin_support import CONTACT, OFFICE, PLAN, PROGRESS, seed_roster, set_period
from tests.cli_support import zhuanban
from tests.fakes.harness import Harness, wecom_harness
from tests.roster_files import ROSTERS, SAMPLE

PDF = b"%PDF-1.4\n" + b"minutes of the meeting " * 200
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 300
EXE = b"MZ\x90\x00" + b"\x00" * 300
LIMIT = 64 * 1024


def _content(h: Harness, body: str) -> str:
    reply = h.user.read_passive(body)
    return reply.content if reply else ""


async def send_file(h: Harness, user: str, media_id: str, msg_type: str = "file") -> str:
    xml = h.user.message_xml(user, msg_type, f"<MediaId><![CDATA[{media_id}]]></MediaId>")
    response = await h.user.post(xml)
    assert response.status == 200
    return _content(h, await response.text())


async def attachments_in(h: Harness) -> list[Attachment]:
    async with h.sessions() as session:
        return list((await session.scalars(select(Attachment).order_by(Attachment.id))).all())


async def download(h: Harness) -> int:
    return await h.app[ATTACHMENTS].run_once()


async def queued_texts(h: Harness, user: str) -> list[str]:
    async with h.sessions() as session:
        rows = (await session.scalars(select(OutboxMessage))).all()
    texts_for_user = []
    for row in rows:
        outbound = row.outbound
        to = outbound.to
        if isinstance(to, ToUsers) and user.lower() in {u.lower() for u in to.userids}:
            body = outbound.body
            if isinstance(body, Text | Card):
                texts_for_user.append(body.text)
    return texts_for_user


@pytest.fixture
def files_dir(tmp_path: Path) -> Path:
    return tmp_path / "files"


@pytest.fixture
async def h(database_url, engine, sessions, clock, files_dir):
    async with wecom_harness(
        database_url, clock, files_dir=files_dir, attachment_max_bytes=LIMIT
    ) as harness:
        harness.api.users |= {CONTACT.lower(), *(o.lower() for o in OFFICE)}
        await seed_roster(sessions, clock)
        await set_period(sessions, clock, due=date(2026, 12, 25), lock=date(2027, 1, 10))
        yield harness


async def test_case_material_is_downloaded_linked_listed_and_fetched_back(h, clock, files_dir):
    for text in ("填报", "11月20日", PROGRESS, "无", "无", PLAN, "是", "“一网通办”案例"):
        await h.user.say(CONTACT, text)
    media_id = h.api.add_media("一网通办案例.pdf", PDF, "application/pdf")
    await send_file(h, CONTACT, media_id)  # the answer has buttons: it goes by message/send
    assert texts.CHECKIN_RECORDED_FILE in "".join(await queued_texts(h, CONTACT))

    [pending] = await attachments_in(h)
    assert (pending.status, pending.purpose, pending.uploader) == ("pending", "case", "lisi")
    assert (pending.task_force_id, pending.period_id) == ("paying_taxes", "2026Q4")
    assert pending.report_id is not None

    assert await download(h) == 1
    [stored] = await attachments_in(h)
    assert stored.status == "stored"
    assert stored.file_name == "一网通办案例.pdf"
    assert stored.sha256 == hashlib.sha256(PDF).hexdigest() and stored.size == len(PDF)
    assert FileStore(files_dir).read(stored.path) == PDF
    assert await download(h) == 0  # nothing left to do

    await h.user.say(CONTACT, "跳过")
    await h.user.say(CONTACT, "确认提交")
    shown = await h.user.say(OFFICE[0], "查看 纳税")
    assert f"#{stored.id} 一网通办案例.pdf" in shown and texts.ATTACHMENT_STATUS["stored"] in shown

    assert str(stored.id) in await h.user.say(OFFICE[0], f"附件 {stored.id}")
    await h.send_outbox()
    [sent] = [seen for seen in h.api.seen_by(OFFICE[0]) if seen.msgtype == "file"]
    assert h.api.media[sent.content["media_id"]] == ("一网通办案例.pdf", PDF)


async def test_a_file_at_any_step_of_a_check_in_is_kept_for_that_report(h):
    await h.user.say(CONTACT, "填报")
    media_id = h.api.add_media("voice", b"#!AMR\n" + b"\x00" * 200, "audio/amr")
    await send_file(h, CONTACT, media_id, "voice")
    told = "".join(await queued_texts(h, CONTACT))
    assert texts.CHECKIN_FILE_NOT_EXPECTED in told and "已作为本专班报告的附件保存" in told
    await download(h)
    [row] = await attachments_in(h)
    assert (row.purpose, row.status, row.media_type) == ("report", "stored", "voice")
    assert row.report_id is not None and row.file_name == "voice.amr"  # its type added


async def test_a_failed_download_stays_pending_and_is_retried(h, clock):
    media_id = h.api.add_media("会议纪要.pdf", PDF, "application/pdf")
    h.api.down = True
    answer = await send_file(h, CONTACT, media_id)
    assert "附件编号" in answer
    await download(h)
    [row] = await attachments_in(h)
    assert row.status == "pending" and row.attempts == 1 and "503" in (row.last_error or "")
    listing = await h.user.say(OFFICE[0], "附件 待下载")
    assert f"#{row.id}" in listing and texts.ATTACHMENT_STATUS["pending"] in listing
    assert await download(h) == 0  # backing off: not due yet

    h.api.down = False
    h.api.fail("media/get", 45033)
    clock.advance(timedelta(minutes=1))
    await download(h)
    [row] = await attachments_in(h)
    assert row.status == "pending" and row.attempts == 2

    clock.advance(timedelta(minutes=1))
    await download(h)
    [row] = await attachments_in(h)
    assert row.status == "stored" and row.file_name == "会议纪要.pdf"
    assert texts.ATTACHMENTS_NONE in await h.user.say(OFFICE[0], "附件 待下载")


async def test_a_rejected_token_is_fetched_again_for_media_get(h):
    await send_file(h, CONTACT, h.api.add_media("a.pdf", PDF), "file")
    await download(h)
    h.api.revoke_tokens()  # the bot still trusts its cached token
    await send_file(h, CONTACT, h.api.add_media("b.png", PNG, "image/png"), "image")
    await download(h)
    first, second = await attachments_in(h)
    assert first.status == second.status == "stored"
    assert second.media_type == "image" and second.file_name == "b.png"


async def test_media_gone_after_three_days_is_lost_and_the_sender_asked_again(h, clock):
    media_id = h.api.add_media("会议纪要.pdf", PDF, "application/pdf")
    h.api.down = True
    await send_file(h, CONTACT, media_id)
    await download(h)
    h.api.down = False
    clock.advance(timedelta(days=3, hours=1))
    await download(h)
    [row] = await attachments_in(h)
    assert row.status == "lost"
    [told] = await queued_texts(h, CONTACT)
    assert f"附件编号 {row.id}" in told and "重新发送" in told
    assert texts.ATTACHMENT_STATUS["lost"] in await h.user.say(OFFICE[0], f"附件 {row.id}")


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [("setup.exe", EXE, "不是可保存的文件类型"), ("big.pdf", PDF * 20, "超过")],
)
async def test_files_we_do_not_keep_are_refused_and_the_sender_told(h, name, data, reason):
    assert len(PDF) < LIMIT < len(PDF * 20)
    await send_file(h, CONTACT, h.api.add_media(name, data))
    await download(h)
    [row] = await attachments_in(h)
    assert row.status == "rejected" and row.path is None
    [told] = await queued_texts(h, CONTACT)
    assert reason in told and f"附件编号 {row.id}" in told


async def test_a_file_media_get_serves_only_in_ranges_is_refused_as_too_big(h):
    h.api.media_get_limit = len(PDF) - 1  # WeCom's 20 MB, scaled down: errcode 830002
    await send_file(h, CONTACT, h.api.add_media("大文件.pdf", PDF))
    await download(h)
    [row] = await attachments_in(h)
    assert row.status == "rejected" and "830002" in (row.last_error or "")
    [told] = await queued_texts(h, CONTACT)
    assert "超过" in told


async def test_a_redelivered_file_message_is_kept_once(h):
    media_id = h.api.add_media("a.pdf", PDF)
    xml = h.user.message_xml(CONTACT, "file", f"<MediaId><![CDATA[{media_id}]]></MediaId>")
    delivery = h.user.prepare(xml)
    await h.user.deliver(delivery)
    await h.user.deliver(delivery)
    assert len(await attachments_in(h)) == 1


async def test_the_export_lists_the_quarter_attachments(h):
    await send_file(h, CONTACT, h.api.add_media("纪要.pdf", PDF))
    await download(h)
    await h.user.say(OFFICE[0], "导出")
    async with h.sessions() as session:
        rows = (await session.scalars(select(OutboxMessage))).all()
    [file] = [row.outbound.body for row in rows if isinstance(row.outbound.body, File)]
    assert isinstance(file, File)
    content = file.inline_bytes()
    assert content is not None
    book = load_workbook(io.BytesIO(content))
    sheet = book[texts.ATTACHMENT_EXPORT_SHEET]
    values = [cell.value for row in sheet.iter_rows() for cell in row]  # below the title rows
    assert "纪要.pdf" in values and hashlib.sha256(PDF).hexdigest() in values


# -- a roster file sent in chat -----------------------------------------------------------------


async def test_an_office_member_imports_a_roster_file_sent_in_chat(h, sessions, clock):
    await send_file(h, OFFICE[0], h.api.add_media("名册.csv", SAMPLE.read_bytes(), "text/csv"))
    await download(h)
    [preview] = await queued_texts(h, OFFICE[0])
    assert "名册.csv" in preview and "新增 67 人" in preview and "确认" in preview
    async with sessions() as session:
        assert await Repositories(session).registry.person("gxj_contact") is None

    clock.set(datetime(2026, 11, 25, 21, 0, tzinfo=LOCAL_TZ))  # confirmed in the evening
    applied = await h.user.say(OFFICE[0], "确认")
    assert "已导入名册文件" in applied
    async with sessions() as session:
        person = await Repositories(session).registry.person("gxj_contact")
        [notice] = [
            row for row in await session.scalars(select(OutboxMessage)) if row.source == "roster"
        ]
    assert person is not None and person.active
    # The office's notice of the import waits for the next working morning.
    assert notice.next_attempt_at == datetime(2026, 11, 26, 9, 1, tzinfo=LOCAL_TZ) + AFTER_THE_TICK
    [row] = await attachments_in(h)
    assert (row.status, row.purpose) == ("stored", "roster.applied")
    # 确认 again has nothing waiting: it is no longer taken as the roster's
    assert "已导入名册文件" not in await h.user.say(OFFICE[0], "确认")


async def test_cancel_drops_the_roster_file_and_keeps_it_as_an_attachment(h, sessions):
    await send_file(
        h, OFFICE[0], h.api.add_media("名册.xlsx", (ROSTERS / "good_small.xlsx").read_bytes())
    )
    await download(h)
    assert "确认" in (await queued_texts(h, OFFICE[0]))[0]
    assert "已放弃导入" in await h.user.say(OFFICE[0], "取消")
    async with sessions() as session:
        assert await Repositories(session).registry.is_office(OFFICE[0])
    [row] = await attachments_in(h)
    assert (row.status, row.purpose) == ("stored", "roster.dropped")


async def test_row_errors_are_listed_and_nothing_is_asked(h):
    await send_file(
        h, OFFICE[0], h.api.add_media("名册.csv", (ROSTERS / "unknown_role.csv").read_bytes())
    )
    await download(h)
    [told] = await queued_texts(h, OFFICE[0])
    assert "第2行" in told and "组长" in told and "修改后重新发送" in told
    [row] = await attachments_in(h)
    assert row.purpose == "chat"


async def test_a_roster_from_someone_else_is_refused_politely_and_kept(h, sessions):
    await send_file(h, CONTACT, h.api.add_media("名册.csv", SAMPLE.read_bytes()))
    await download(h)
    [told] = await queued_texts(h, CONTACT)
    assert "只能由区营商环境办公室导入" in told and "陈红" in told
    [row] = await attachments_in(h)
    assert (row.status, row.purpose) == ("stored", "chat")
    async with sessions() as session:
        assert await Repositories(session).registry.person("gxj_contact") is None


async def test_a_spreadsheet_that_is_no_roster_is_just_kept(h):
    await send_file(h, CONTACT, h.api.add_media("数据.csv", "指标,得分\n纳税,92\n".encode()))
    await download(h)
    assert await queued_texts(h, CONTACT) == []
    [row] = await attachments_in(h)
    assert row.status == "stored" and row.file_name == "数据.csv"


# -- the command line -----------------------------------------------------------------------------


async def test_the_cli_lists_and_gets_an_attachment(h, clock, database_url, files_dir, tmp_path):
    await send_file(h, CONTACT, h.api.add_media("纪要.pdf", PDF))
    await send_file(h, CONTACT, h.api.add_media("b.pdf", PDF))
    h.api.down = True
    await download(h)
    h.api.down = False
    env = {"ZHUANBAN_FILES_DIR": str(files_dir)}
    first, _ = await attachments_in(h)

    pending = await zhuanban(database_url, "attachment", "list", "--pending", **env)
    assert pending.exit_code == 0 and f"#{first.id}" in pending.output
    refused = await zhuanban(database_url, "attachment", "get", str(first.id), **env)
    assert refused.exit_code == 1

    clock.advance(timedelta(minutes=5))
    await download(h)
    listing = await zhuanban(database_url, "attachment", "list", "--task-force", "纳税", **env)
    assert listing.exit_code == 0 and "纪要.pdf" in listing.output and "b.pdf" in listing.output
    target = tmp_path / "out.pdf"
    got = await zhuanban(
        database_url, "attachment", "get", str(first.id), "-o", str(target), **env
    )
    assert got.exit_code == 0, got.output
    assert target.read_bytes() == PDF
    assert hashlib.sha256(PDF).hexdigest() in got.output
    missing = await zhuanban(database_url, "attachment", "get", "999", **env)
    assert missing.exit_code == 1
