"""生成季度汇报 / 生成晾晒通报: Word files from the templates, by chat and from the console."""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path

from docx import Document

from core.clock import LOCAL_TZ
from handlers import texts
from handlers.office.overview import STATES
from handlers.office.word.make_templates import quarter_template
from tests.console_support import console_harness, csrf_of, log_in, queued
from tests.office_support import OFFICE, add_people, reply_of, say, submit_report


def _opened(content: bytes) -> Document:
    return Document(io.BytesIO(content))


def _rows(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


async def _sent_document(sessions) -> tuple[str, Document]:
    files = [m for m in await queued(sessions) if m.filename]
    assert len(files) == 1 and files[0].recipient == OFFICE
    return files[0].filename, _opened(files[0].content)


async def test_the_quarter_report_has_the_summary_progress_late_and_case_tables(
    sessions, dispatcher, clock, kb, office_people
):
    await submit_report(sessions, clock.now())
    result = await say(dispatcher, clock, "生成季度汇报 2026Q4")
    assert "2026年第四季度工作情况汇报.docx" in reply_of(result)
    name, document = await _sent_document(sessions)
    assert name == texts.DOC_QUARTER_FILENAME.format(quarter="2026年第四季度")
    assert document.paragraphs[0].text == texts.DOC_QUARTER_TITLE.format(quarter="2026年第四季度")
    states, progress, late, cases, planned, _problems = document.tables
    counts = {label: int(count) for label, count in _rows(states)[1:]}
    assert list(counts) == [texts.OFFICE_STATE_LABELS[s] for s in STATES]
    assert counts[texts.OFFICE_STATE_LABELS["submitted"]] == 1
    assert sum(counts.values()) == len(kb.task_forces)
    body = _rows(progress)[1:]
    assert len(body) == len(kb.task_forces)
    taxes = next(row for row in body if row[1] == "纳税")
    assert taxes[2] == texts.OFFICE_STATE_LABELS["submitted"]
    assert taxes[3].startswith("本季度推进纳税便利化改革") and "缴纳税费时间" in taxes[4]
    assert _rows(late)[1:] == []  # due on December 25th: nobody late yet
    assert _rows(cases)[1:] == [["1", "纳税", "非接触式办税典型案例"]]
    assert (
        _rows(planned)[1:] == []
    )  # no targets entered (tests/test_targets_supervision.py has them)


async def test_a_day_after_the_due_day_the_late_table_lists_who_still_owes(
    sessions, dispatcher, clock, kb, office_people
):
    await submit_report(sessions, clock.now())
    clock.set(datetime(2026, 12, 27, 9, 0, tzinfo=LOCAL_TZ))  # the due day was Friday 25th
    await say(dispatcher, clock, "生成季度汇报 2026Q4")
    _, document = await _sent_document(sessions)
    late = _rows(document.tables[2])[1:]
    assert len(late) == len(kb.task_forces) - 1
    assert "纳税" not in {row[1] for row in late}
    assert {row[3] for row in late} == {"2"}


async def test_the_ranking_notice_orders_by_score_with_the_year_over_year_change(
    sessions, dispatcher, clock, kb, office_people
):
    for line in ("成绩 2025 纳税 90 5", "成绩 2026 纳税 92.5 3", "成绩 2026 获得电力 95 1"):
        await say(dispatcher, clock, line)
    await say(dispatcher, clock, "生成晾晒通报 2026")
    name, document = await _sent_document(sessions)
    assert name == texts.DOC_RANKING_FILENAME.format(year=2026)
    rows = _rows(document.tables[0])[1:]
    assert [row[2] for row in rows] == ["工信局", "税务局"]
    assert [row[3] for row in rows] == ["95", "92.5"]
    assert "+2.5" in rows[1][5]
    unscored = len(kb.indicators) - 2
    assert any(str(unscored) in p.text for p in document.paragraphs)


async def test_no_scores_no_ranking_notice(sessions, dispatcher, clock, office_people):
    result = await say(dispatcher, clock, "生成晾晒通报 2026")
    assert reply_of(result) == texts.DOC_RANKING_NO_SCORES.format(year=2026)
    assert await queued(sessions) == []


async def test_the_office_template_replaces_the_packaged_one(
    sessions, clock, tmp_path: Path, dispatcher, office_people
):
    template = quarter_template()
    template.add_paragraph("办公室自定义落款")
    template.save(tmp_path / "quarter_report.docx")
    dispatcher.settings = dispatcher.settings.model_copy(
        update={"document_templates_dir": tmp_path}
    )
    await say(dispatcher, clock, "生成季度汇报")
    _, document = await _sent_document(sessions)
    assert document.paragraphs[-1].text == "办公室自定义落款"


async def test_the_console_downloads_and_sends_the_quarter_report(
    database_url, sessions, clock, kb
):
    async with console_harness(database_url, clock) as h:
        await add_people(h.sessions, clock.now())
        await submit_report(h.sessions, clock.now())
        await log_in(h, OFFICE, clock)
        response = await h.client.get("/console/documents/quarter.docx?q=2026Q4")
        assert response.status == 200
        assert "filename*=UTF-8''" in response.headers["Content-Disposition"]
        document = _opened(await response.read())
        assert len(_rows(document.tables[1])) == len(kb.task_forces) + 1
        token = await csrf_of(h.client)
        sent = await h.client.post("/console/documents/quarter?q=2026Q4", data={"csrf": token})
        assert sent.status == 200
        name, _ = await _sent_document(h.sessions)
        assert name in await sent.text()
