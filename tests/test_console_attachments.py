"""Attachments on the task-force page: listed with their state, downloaded by who may see
them, and the web form's case file landing in the same store and list."""

from __future__ import annotations

import re
from urllib.parse import unquote

from aiohttp import FormData

from bot.console import texts
from storage.repositories import Repositories
from tests.console_support import (
    console_harness,
    csrf_of,
    log_in,
    settings_of,
    stored_attachment,
)
from tests.office_support import (
    OFFICE,
    OUTSIDER,
    POWER_CONTACT,
    TAX_CONTACT,
    TAX_LEADER,
    add_people,
    audit_entries,
    submit_report,
)
from tests.test_console_checkin import FILLED, FORM

PAGE = "/console/task-forces/paying_taxes"
NAME = "营商环境案例材料.pdf"
PDF = b"%PDF-1.4\n" + "纳税服务典型案例".encode() * 200


async def _attach(h, clock, **kwargs):
    return await stored_attachment(h, clock, **({"name": NAME, "data": PDF} | kwargs))


def _rows(page: str) -> dict[int, str]:
    """Each listed attachment's table row, by id."""
    return {
        int(m.group(1)): m.group(2)
        for m in re.finditer(
            r'<tr class="attachment" data-attachment="(\d+)">(.*?)</tr>', page, re.S
        )
    }


async def test_the_page_lists_each_attachment_with_its_state(
    database_url, sessions, clock, tmp_path
):
    async with console_harness(database_url, clock, files_dir=tmp_path / "files") as h:
        await add_people(h.sessions, clock.now())
        await submit_report(h.sessions, clock.now())
        stored = await _attach(h, clock)
        pending = await _attach(h, clock, name="照片", stored=False)
        await log_in(h, TAX_LEADER, clock)
        rows = _rows(await (await h.client.get(PAGE)).text())
        assert set(rows) == {stored, pending}
        assert f'href="/console/attachments/{stored}"' in rows[stored]
        assert NAME in rows[stored] and "KB" in rows[stored] and "税务联系人" in rows[stored]
        assert "已保存" in rows[stored]
        assert "href" not in rows[pending] and "待下载" in rows[pending]


async def test_a_download_streams_the_file_with_its_chinese_name(
    database_url, sessions, clock, tmp_path
):
    async with console_harness(database_url, clock, files_dir=tmp_path / "files") as h:
        await add_people(h.sessions, clock.now())
        await submit_report(h.sessions, clock.now())
        attachment = await _attach(h, clock)
        await log_in(h, TAX_CONTACT, clock)
        response = await h.client.get(f"/console/attachments/{attachment}")
        assert response.status == 200
        assert await response.read() == PDF
        assert response.content_type == "application/pdf"
        disposition = response.headers["Content-Disposition"]
        assert disposition.startswith("attachment;")
        encoded = re.search(r"filename\*=UTF-8''(\S+)", disposition).group(1)
        assert unquote(encoded) == NAME
        assert disposition.isascii()
        [entry] = await audit_entries(h.sessions, "attachment")
        assert (entry.action, entry.actor, entry.entity_key) == (
            "attachment.download",
            TAX_CONTACT,
            str(attachment),
        )


async def test_only_the_office_and_the_task_forces_people_may_download(
    database_url, sessions, clock, tmp_path
):
    expected = {OFFICE: 200, TAX_LEADER: 200, TAX_CONTACT: 200, POWER_CONTACT: 403, OUTSIDER: 403}
    async with console_harness(database_url, clock, files_dir=tmp_path / "files") as h:
        await add_people(h.sessions, clock.now())
        await submit_report(h.sessions, clock.now())
        attachment = await _attach(h, clock)
        loose = await _attach(h, clock, name="无归属.pdf", task_force=None)
        path = f"/console/attachments/{attachment}"
        assert (await h.client.get(path)).status == 401
        for userid, status in expected.items():
            await log_in(h, userid, clock)
            assert (await h.client.get(path)).status == status, userid
            loose_status = (await h.client.get(f"/console/attachments/{loose}")).status
            assert loose_status == (200 if userid == OFFICE else 403), userid
        assert (await h.client.get("/console/attachments/99999")).status == 404
        assert (await h.client.get("/console/attachments/..%2F..%2Fetc%2Fpasswd")).status == 404


async def test_a_pending_or_lost_file_answers_its_state(database_url, sessions, clock, tmp_path):
    async with console_harness(database_url, clock, files_dir=tmp_path / "files") as h:
        await add_people(h.sessions, clock.now())
        await submit_report(h.sessions, clock.now())
        pending = await _attach(h, clock, name="照片", stored=False)
        gone = await _attach(h, clock, name="丢失.pdf", data=b"%PDF-1.4 gone")
        async with h.sessions() as session:
            row = await Repositories(session).attachments.get(gone)
            (settings_of(h).files_path() / row.path).unlink()
        await log_in(h, OFFICE, clock)
        assert (await h.client.get(f"/console/attachments/{pending}")).status == 409
        assert (await h.client.get(f"/console/attachments/{gone}")).status == 410


def _form(token: str, name: str, content: bytes) -> FormData:
    data = FormData(quote_fields=False)  # as browsers send a file name: UTF-8
    for key, value in (FILLED | {"csrf": token}).items():
        data.add_field(key, value)
    data.add_field("case_material", content, filename=name)
    return data


async def test_the_forms_case_file_lands_in_the_store_and_the_list(
    database_url, sessions, clock, tmp_path
):
    content = b"PK\x03\x04" + "案例材料正文".encode() * 6000
    async with console_harness(database_url, clock, files_dir=tmp_path / "files") as h:
        await add_people(h.sessions, clock.now())
        await log_in(h, TAX_CONTACT, clock)
        token = await csrf_of(h.client, FORM)
        response = await h.client.post(f"{FORM}/submit", data=_form(token, "案例.docx", content))
        assert response.status == 200
        async with h.sessions() as session:
            repos = Repositories(session)
            report = await repos.reports.report("2026Q4", "paying_taxes")
            (kept,) = await repos.attachments.for_reports([report.id])
            versions = await repos.reports.versions(report.id)
        assert kept.status == "stored" and kept.purpose == "case" and kept.size == len(content)
        assert kept.file_name == "案例.docx" and kept.uploader == TAX_CONTACT
        assert versions[0].answers["case"]["media_id"] == kept.media_id
        assert h.api.media == {}  # nothing went to WeCom
        rows = _rows(await (await h.client.get(PAGE)).text())
        assert f"/console/attachments/{kept.id}" in rows[kept.id] and "案例材料" in rows[kept.id]
        download = await h.client.get(f"/console/attachments/{kept.id}")
        assert await download.read() == content


async def test_a_refused_file_is_named_and_the_rest_kept(database_url, sessions, clock, tmp_path):
    async with console_harness(database_url, clock, files_dir=tmp_path / "files") as h:
        await add_people(h.sessions, clock.now())
        await log_in(h, TAX_CONTACT, clock)
        token = await csrf_of(h.client, FORM)
        response = await h.client.post(
            f"{FORM}/submit", data=_form(token, "run.exe", b"MZ\x90\x00" + b"\x00" * 64)
        )
        page = await response.text()
        assert re.search(r'data-error="case.media_id">[^<]*文件类型', page)
        async with h.sessions() as session:
            repos = Repositories(session)
            report = await repos.reports.report("2026Q4", "paying_taxes")
            assert await repos.attachments.for_reports([report.id]) == []
            assert await repos.reports.versions(report.id) == []
        assert report.answers["case"]["title"] == FILLED["case.title"]
        assert "media_id" not in report.answers["case"]


async def test_the_form_takes_several_report_files_and_lists_them(
    database_url, sessions, clock, tmp_path
):
    async with console_harness(database_url, clock, files_dir=tmp_path / "files") as h:
        await add_people(h.sessions, clock.now())
        await log_in(h, TAX_CONTACT, clock)
        token = await csrf_of(h.client, FORM)
        data = _form(token, "案例.pdf", PDF)
        data.add_field("report_files", b"%PDF-1.4 first", filename="会议纪要.pdf")
        data.add_field("report_files", "统计,数量\n走访,12\n".encode(), filename="台账.csv")
        data.add_field("report_files", b"MZ\x90\x00" + b"\x00" * 64, filename="工具.exe")
        page = await (await h.client.post(f"{FORM}/submit", data=data)).text()
        refused = re.search(r'data-error="report_files">([^<]*)<', page).group(1)
        assert "工具.exe" in refused and "会议纪要" not in refused
        async with h.sessions() as session:
            repos = Repositories(session)
            report = await repos.reports.report("2026Q4", "paying_taxes")
            kept = await repos.attachments.for_reports([report.id])
            assert await repos.reports.versions(report.id) == []  # a refused file: not yet
        assert sorted((a.purpose, a.file_name) for a in kept) == [
            ("case", "案例.pdf"),
            ("report", "会议纪要.pdf"),
            ("report", "台账.csv"),
        ]
        assert set(_rows(page)) == {a.id for a in kept}  # the form lists them already
        token = await csrf_of(h.client, FORM)
        again = await h.client.post(f"{FORM}/submit", data=FILLED | {"csrf": token})
        assert "第1版" in re.search(r'id="notice">([^<]*)', await again.text()).group(1)
        async with h.sessions() as session:
            repos = Repositories(session)
            (version,) = await repos.reports.versions(report.id)
        case = next(a for a in kept if a.purpose == "case")
        assert version.answers["case"]["media_id"] == case.media_id  # kept from the first try


async def test_too_much_at_once_is_refused_with_a_page_the_draft_kept(
    database_url, sessions, clock, tmp_path
):
    limit = 2000
    overrides = {"files_dir": tmp_path / "files", "attachment_max_bytes": limit}
    async with console_harness(database_url, clock, **overrides) as h:
        await add_people(h.sessions, clock.now())
        await log_in(h, TAX_CONTACT, clock)
        token = await csrf_of(h.client, FORM)
        await h.client.post(f"{FORM}/save", data=FILLED | {"csrf": token})
        data = _form(token, "案例.pdf", b"%PDF" + b"x" * (6 * limit + 1024 * 1024))
        response = await h.client.post(f"{FORM}/submit", data=data)
        assert response.status == 413
        assert texts.UPLOAD_TOO_LARGE.format(limit=limit // 2**20) in await response.text()
        async with h.sessions() as session:
            report = await Repositories(session).reports.report("2026Q4", "paying_taxes")
        assert report.answers["progress"] == FILLED["progress"]  # the autosaved draft
