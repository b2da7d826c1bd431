"""Issue 17's "Done when", in headless Chromium: the office opens the console from the WeCom
app (OAuth through the fake WeCom), sees the quarter with its charts, reads a report's
history and downloads the 季度汇报; a contact on a 375 px phone fills a long check-in with
attachments on the web form and submits it."""

from __future__ import annotations

import hashlib
import io
import socket
from datetime import timedelta

import pytest
from docx import Document

from bot.console.board import TREND_QUARTERS
from handlers import texts
from handlers.office.overview import STATES
from storage.repositories import Repositories
from tests.browser import phone
from tests.console_support import console_harness, fill_form, settings_of
from tests.office_support import (
    ANSWERS,
    OFFICE,
    POWER_CONTACT,
    TAX_CONTACT,
    add_people,
    say,
    submit_report,
)

POWER = "getting_electricity"
PHONE_WIDTH = 375
WECOM_CLIENT = "Mozilla/5.0 (iPhone) AppleWebKit/605.1.15 Mobile wxwork/4.1.16 MicroMessenger"
WECOM_SITE = "https://open.weixin.qq.com/"
NO_SIDEWAYS_SCROLL = f"document.documentElement.scrollWidth <= {PHONE_WIDTH}"
PROGRESS_SENTENCE = "本季度围绕纳税便利化推进非接触式办税、税费优惠直达快享和办税缴费时间压缩。"
LONG_PROGRESS = (PROGRESS_SENTENCE * 20)[:780]
"""Near the 800 characters an answer may have: what a phone's chat box is bad at."""
CASE_PDF = b"%PDF-1.4\n" + "非接触式办税典型案例材料".encode() * 40
MINUTES_PDF = b"%PDF-1.4\n" + "专班会议纪要".encode() * 30


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _table_rows(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_the_office_and_a_contact_do_their_quarter_in_the_console(
    database_url, sessions, clock, kb, dispatcher, tmp_path
):
    port = _free_port()
    async with (
        console_harness(database_url, clock, port=port) as h,
        phone(PHONE_WIDTH, user_agent=WECOM_CLIENT) as page,
    ):
        await add_people(h.sessions, clock.now())
        power = {"task_force_id": POWER, "userid": POWER_CONTACT}
        await submit_report(h.sessions, clock.now(), **power)
        await say(dispatcher, clock, "退回 获得电力 请补充典型案例材料")
        clock.advance(timedelta(hours=2))
        changed = ANSWERS | {"problems": "人手不足"}
        await submit_report(h.sessions, clock.now(), answers=changed, **power)
        url = h.client.make_url

        # The office member taps the app in WeCom: OAuth, silently, and the board.
        await page.goto_through(str(url("/console/")), WECOM_SITE, _as(h, OFFICE))
        assert await page.evaluate("location.pathname") == "/console/"
        assert await page.evaluate("document.querySelectorAll('form.logout').length") == 1
        bars = "document.querySelectorAll('svg.chart rect.bar').length"
        assert await page.evaluate(bars) == len(STATES)
        points = "document.querySelectorAll('svg.chart circle.point').length"
        assert await page.evaluate(points) == TREND_QUARTERS
        drawn = "document.querySelector('svg.chart rect.bar').getBoundingClientRect().width"
        assert await page.evaluate(drawn) > 0
        assert await page.evaluate(NO_SIDEWAYS_SCROLL)

        # A task force from the board: its report's two versions and what changed.
        await page.goto(
            await page.evaluate(
                "document.querySelector('tr[data-task-force=getting_electricity] a').href"
            )
        )
        assert await page.evaluate("location.pathname") == f"/console/task-forces/{POWER}"
        versions = "[...document.querySelectorAll('details.version')].map(d => d.dataset.version)"
        assert await page.evaluate(versions) == ["2", "1"]
        changed = "[...document.querySelectorAll('.changes ins')].map(e => e.textContent)"
        [inserted] = await page.evaluate(changed)  # the new answer (and its 列入问题清单 mark)
        assert inserted.startswith("人手不足")
        removed = "[...document.querySelectorAll('.changes del')].map(e => e.textContent)"
        assert await page.evaluate(removed) == ["无"]
        assert "请补充典型案例材料" in await page.evaluate("document.body.innerText")
        assert await page.evaluate(NO_SIDEWAYS_SCROLL)

        # The 季度汇报 from the board, as a Word file.
        await page.goto(str(url("/console/?q=2026Q4")))
        saved = await page.download('a[href*="documents/quarter.docx"]', tmp_path)
        assert saved.name == texts.DOC_QUARTER_FILENAME.format(quarter="2026年第四季度")
        document = Document(io.BytesIO(saved.read_bytes()))
        states, progress, late, cases, *_ = document.tables
        counts = {label: int(count) for label, count in _table_rows(states)[1:]}
        assert counts[texts.OFFICE_STATE_LABELS["submitted"]] == 1
        assert sum(counts.values()) == len(kb.task_forces)
        assert len(_table_rows(progress)[1:]) == len(kb.task_forces)
        assert _table_rows(late)[1:] == []  # due on December 25th: nobody late yet
        [(_, _, case_title)] = _table_rows(cases)[1:]
        assert case_title == ANSWERS["case"]["title"]

        # A contact, on the phone, with the form the chat links to.
        await page.goto_through(str(url("/console/auth")), WECOM_SITE, _as(h, TAX_CONTACT))
        await page.goto(str(url("/console/checkin/paying_taxes?q=2026Q4")))
        await page.evaluate(fill_form(LONG_PROGRESS, case_title="非接触式办税典型案例"))
        saved_draft = await page.wait_for("document.getElementById('save-status').textContent")
        assert "已保存草稿" in saved_draft
        (tmp_path / "典型案例材料.pdf").write_bytes(CASE_PDF)
        (tmp_path / "会议纪要.pdf").write_bytes(MINUTES_PDF)
        await page.upload("#case_material", tmp_path / "典型案例材料.pdf")
        await page.upload("#report_files", tmp_path / "会议纪要.pdf")
        assert await page.evaluate(NO_SIDEWAYS_SCROLL)
        await page.submit("#submit")
        notice = await page.evaluate("document.getElementById('notice').textContent")
        assert "第1版" in notice
        assert await page.evaluate(NO_SIDEWAYS_SCROLL)
        asked = [r.path for r in h.api.requests if r.path == "auth/getuserinfo"]
        assert len(asked) == 2  # each of them came in through WeCom's OAuth

    async with sessions() as session:
        repos = Repositories(session)
        report = await repos.reports.report("2026Q4", "paying_taxes")
        kept = await repos.attachments.for_reports([report.id])
    assert (report.status, report.version) == ("submitted", 1)
    assert report.answers["progress"] == LONG_PROGRESS
    assert report.answers["case"]["title"] == "非接触式办税典型案例"
    store = settings_of(h).files_path()
    assert sorted((a.purpose, a.file_name, a.status) for a in kept) == [
        ("case", "典型案例材料.pdf", "stored"),
        ("report", "会议纪要.pdf", "stored"),
    ]
    for attachment, data in zip(
        sorted(kept, key=lambda a: a.purpose), (CASE_PDF, MINUTES_PDF), strict=True
    ):
        assert attachment.sha256 == hashlib.sha256(data).hexdigest()
        assert (store / attachment.path).read_bytes() == data


def _as(h, userid: str):
    """WeCom, asked to authorize: it knows the member and sends the browser back with a code."""
    return lambda location: h.api.authorize(location, userid)
