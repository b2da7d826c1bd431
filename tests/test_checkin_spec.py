"""The question spec drives everything: a question added to it is asked, previewed, stored
under its key, shown in 查看, exported and named in what a draft still lacks."""

from __future__ import annotations

import re

import pytest

from core.quarters import Quarter
from handlers import texts
from handlers.checkin import form, render, spec
from handlers.checkin.spec import Field, Kind, Question
from handlers.office.workbook import quarter_workbook
from storage.repositories import Repositories
from tests.chat import Chat
from tests.checkin_support import OFFICE, PLAN, PROGRESS, contact_chat, versions_of
from tests.console_support import console_harness, csrf_of, log_in
from tests.office_support import TAX_CONTACT, add_people
from tests.test_office_export import sheets

VISITS = Question(
    key="visits",
    title="走访企业",
    label="走访企业数",
    fields=(
        Field(
            None,
            Kind.COUNT,
            prompt="本季度专班走访了多少家企业？请回复数字。",
            help="请回复本季度走访企业的家数，没有走访回复“0”。",
            label="走访企业数",
            warn_above=200,
        ),
    ),
)


@pytest.fixture
def with_visits(monkeypatch):
    """The spec with one more question before the last (optional) one."""
    *first, last = spec.QUESTIONS
    monkeypatch.setattr(spec, "QUESTIONS", (*first, VISITS, last))


async def test_an_added_question_is_asked_previewed_stored_shown_and_exported(
    with_visits, dispatcher, sessions, clock, kb
):
    chat = await contact_chat(
        dispatcher, sessions, clock, "填报", "11月20日", PROGRESS, "无", "无", PLAN
    )
    asked = await chat.say("否")
    assert "【第7/8题 · 走访企业】" in asked and VISITS.fields[0].prompt in asked
    assert texts.CHECKIN_COUNT_HINT.format(label="走访企业数") in await chat.say("挺多的")
    odd = await chat.say("900")
    assert texts.CHECKIN_COUNT_ODD.format(count=900, number=7) in odd
    assert "当前答案：900" in await chat.say("上一步")
    await chat.say("12家")
    preview = await chat.say("跳过")
    assert "7. 走访企业：12" in preview and "8. 对标学习先进地区经验" in preview
    assert "已提交" in await chat.say("确认提交")
    [version] = await versions_of(sessions)
    assert version.answers["visits"] == 12

    shown = await Chat(dispatcher, clock, OFFICE[0]).say("查看 纳税")
    assert "走访企业数：12" in shown
    async with sessions() as session:
        content = await quarter_workbook(
            Repositories(session), kb, Quarter.parse("2026Q4"), clock.now(), 25, warn_workdays=5
        )
    tax = next(row for row in sheets(content)["季度工作情况"] if row["专班"] == "纳税指标专班")
    assert tax["走访企业数"] == 12


async def test_an_added_question_is_in_the_web_form_and_saved_through_it(
    with_visits, database_url, sessions, clock
):
    form_url = "/console/checkin/paying_taxes"
    async with console_harness(database_url, clock) as h:
        await add_people(h.sessions, clock.now())
        await log_in(h, TAX_CONTACT, clock)
        page = await (await h.client.get(form_url)).text()
        assert f"<legend>7. {VISITS.title}</legend>" in page
        assert re.search(r'<input type="number" id="visits" name="visits"', page)
        token = await csrf_of(h.client, form_url)
        headers = {"X-CSRF-Token": token}
        refused = await h.client.post(f"{form_url}/save", data={"visits": "挺多"}, headers=headers)
        hint = (await refused.json())["errors"]["visits"]
        assert hint == texts.CHECKIN_COUNT_HINT.format(label=VISITS.fields[0].label)
        assert 'data-error="visits"' in page
        saved = await h.client.post(f"{form_url}/save", data={"visits": "12"}, headers=headers)
        assert (await saved.json())["saved"] == ["visits"]
        async with h.sessions() as session:
            report = await Repositories(session).reports.report("2026Q4", "paying_taxes")
        assert report.answers == {"visits": 12}
        shown = await (await h.client.get(form_url)).text()
        assert re.search(r'name="visits"[^>]* value="12"', shown)


def test_a_draft_without_the_added_question_lacks_it(with_visits) -> None:
    complete_before = {
        "meeting": {"held": False, "reason": "领导出差", "planned": "2026-12-10"},
        "progress": PROGRESS,
        "lagging": [],
        "problems": "无",
        "next_plan": PLAN,
        "case": {"formed": False},
        "benchmark": None,
    }
    assert render.missing_labels(complete_before) == ["走访企业数"]
    assert form.first_open(complete_before) == "visits"


def test_every_question_is_complete_in_its_declaration() -> None:
    """Keys are unique; every field says what it asks and how it is named."""
    keys = [question.key for question in spec.QUESTIONS]
    assert len(keys) == len(set(keys))
    for question in spec.QUESTIONS:
        assert question.title and question.label
        names = [f.name for f in (*question.fields, *question.item_fields)]
        assert len(names) == len(set(names))
        for field in (*question.fields, *question.item_fields):
            assert field.prompt and field.help and field.label
            assert 0 < field.min_chars <= field.max_chars
        if question.summary is not None:  # the templates name only the question's fields
            values = dict.fromkeys((f.name for f in question.fields[1:]), "")
            for template in question.summary:
                template.format(**values)
