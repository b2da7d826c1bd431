"""The check-in conversation as a state machine (hypothesis): random answers, control words,
restarts of the process and two contacts at once, through the same chat the users use.

After every message: an answer, never an internal error; an answer the bot accepted is in
the draft exactly as typed, and one it did not accept left the draft alone; a submission
freezes exactly the draft, with a receipt naming its version, holding what was typed.
"""

from __future__ import annotations

import asyncio
import os
import shutil
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    rule,
    run_state_machine_as_test,
)

from bot.dispatcher import Dispatcher
from core.clock import LOCAL_TZ, ManualClock
from core.messages import FeedResult, Kind
from core.settings import Settings
from handlers import texts
from handlers.checkin import form
from handlers.checkin.spec import Kind as AnswerKind
from handlers.routing import build_router
from knowledge import KnowledgeBase
from storage import db
from storage.models import Conversation, Report
from storage.repositories import Repositories
from tests.chat import incoming
from tests.checkin_support import CONTACT, PLAN, PROGRESS, SECOND_CONTACT, seed_roster

USERS = (CONTACT, SECOND_CONTACT)
WORDS = (
    *("填报", "继续", "取消", "帮助", "重新开始", "预览", "上一步", "返回", "跳过", "接管"),
    *("确认提交", "修改1", "修改3", "修改6", "修改9"),
)
ANSWERS = (
    *("是", "否", "11月20日", "11月22日", "昨天", "11月30日", "9月1日", "2026-12-10", "下周三"),
    *(PROGRESS, PLAN, "无", "1", "2,5", "7", "好的", "同上", "领导外出学习", "一窗通办压缩时限"),
    *("推进" * 600, "谁牵头纳税？", "  "),
)
TEXT_KINDS = (AnswerKind.TEXT, AnswerKind.PLAN)
SENSIBLE = {
    AnswerKind.YES_NO: ("是", "否", "11月20日", "是，11月18日", "否，领导外出学习"),
    AnswerKind.PAST_DAY: ("11月20日", "11月22日", "昨天"),
    AnswerKind.FUTURE_DAY: ("2027-01-10", "2027年1月8日"),
    AnswerKind.TEXT: ("一窗通办压缩开办时限", "学习上海浦东经验做法", "无", "跳过"),
    AnswerKind.PLAN: (PROGRESS, PLAN, "系统切换导致数据延迟", "12月底前完成系统切换"),
    AnswerKind.SUB_INDICATORS: ("无", "2", "1,5"),
    AnswerKind.FILE: ("<file>", "跳过"),
    AnswerKind.COUNT: ("3",),
}
"""Answers a contact in earnest gives, per kind of question."""
FAILURES = (texts.INTERNAL_ERROR, texts.FLOW_FAILED)
UNCHANGED_INTENTS = frozenset(
    {"checkin.invalid", "checkin.busy", "checkin.expired", "checkin.refused", "checkin.qa"}
)
"""Outcomes after which the draft must be exactly as before."""
ACTIONS = (*["message"] * 6, "noise", "noise", "both", "restart", "time")
"""The mix of what happens: mostly earnest answers, some noise, now and then two contacts at
once, a restarted process, or time passing."""
MAX_DAYS = 20
"""Time moves on at most this far, so that the quarter stays open (its lock is 1月15日)."""

texts_typed = st.one_of(
    st.sampled_from(WORDS),
    st.sampled_from(ANSWERS),
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12),
)


class CheckIn(RuleBasedStateMachine):
    """Two contacts of 纳税 filling the one shared report."""

    kb: KnowledgeBase
    template: Path
    workdir: Path

    def __init__(self) -> None:
        super().__init__()
        self.loop = asyncio.new_event_loop()
        path = self.workdir / f"machine-{id(self)}.db"
        shutil.copyfile(self.template, path)
        self.url = f"sqlite+aiosqlite:///{path}"
        self.clock = ManualClock(datetime(2026, 11, 25, 10, 7, tzinfo=LOCAL_TZ))
        self.started = self.clock.now()
        self.settings = Settings(_env_file=None, database_url=self.url)
        self.engine = db.create_engine(self.url)
        self.sessions = db.session_factory(self.engine)
        self.dispatcher = Dispatcher(
            self.sessions, self.kb, self.clock, self.settings, build_router()
        )
        self.run(seed_roster(self.sessions, self.clock))
        self.typed: dict[str, Any] = {}
        """What was last accepted for each free-text step, by step id."""
        self.previews: dict[str, str] = {}
        """The last preview each contact was shown."""

    def run(self, coro):
        return self.loop.run_until_complete(coro)

    def teardown(self) -> None:
        self.run(self.engine.dispose())
        self.loop.close()

    async def _draft_and_step(self, user: str) -> tuple[dict[str, Any], int, str | None]:
        async with self.sessions() as session:
            report = await Repositories(session).reports.report("2026Q4", "paying_taxes")
            row = await session.get(Conversation, user.lower())
        step = row.step if row is not None and row.flow == "checkin" else None
        if report is None:
            return {}, 0, step
        return dict(report.answers), report.version, step

    async def _say(self, user: str, text: str, kind: Kind = Kind.TEXT) -> None:
        before, version, step = await self._draft_and_step(user)
        result = await self.dispatcher.feed(incoming(self.clock, user, text, kind=kind))
        after, new_version, _ = await self._draft_and_step(user)
        self._check(user, text, result, before, after, step)
        if new_version > version:
            assert result.intent == "checkin.submit"
            receipt = "\n".join(r.text for r in result.replies)
            await self._check_submission(receipt, before, self.previews.get(user))

    def _check(
        self,
        user: str,
        text: str,
        result: FeedResult,
        before: dict[str, Any],
        after: dict[str, Any],
        step_id: str | None,
    ) -> None:
        self._reply(user, result)
        if result.intent in UNCHANGED_INTENTS:
            assert after == before, (result.intent, text)
        if result.intent == "checkin.answer" and step_id is not None:
            step = form.find(before, step_id)
            if step is not None and step.field.kind in TEXT_KINDS:
                stored = form.find(after, step_id)
                assert stored is not None and form.read(after, stored) == text.strip()
                self.typed[step_id] = text.strip()
        if result.intent == "checkin.skip" and step_id is not None:
            step = form.find(before, step_id)
            if step is not None and step.optional:
                self.typed[step_id] = None

    def _reply(self, user: str, result: FeedResult) -> str:
        """The reply, which must be there and not an error; a preview in it is noted."""
        reply = "\n".join(r.text for r in result.replies)
        assert reply and result.intent != "error", result
        assert not any(failure in reply for failure in FAILURES), reply
        if texts.CHECKIN_PREVIEW_FOOTER in reply:
            self.previews[user] = reply
        return reply

    async def _check_submission(
        self, receipt: str, draft: dict[str, Any], preview: str | None
    ) -> None:
        """The version is the draft; its receipt names it; what was typed is in it, and the
        submitter saw all of it in their last preview."""
        async with self.sessions() as session:
            repos = Repositories(session)
            report = await repos.reports.report("2026Q4", "paying_taxes")
            assert report is not None
            [latest] = (await repos.reports.latest_versions([report.id])).values()
        assert latest.answers == draft and form.missing(draft) == []
        assert f"第{latest.version}版" in receipt
        assert preview is not None
        for step in form.steps(draft):
            value = form.read(draft, step)
            if step.id in self.typed:
                assert value == self.typed[step.id], step.id
            if step.field.kind in TEXT_KINDS and value is not None:
                assert value in preview, step.id

    @rule(data=st.data(), action=st.sampled_from(ACTIONS))
    def act(self, data: st.DataObject, action: str) -> None:
        """One thing happens; hypothesis has no rule weights, so the mix is drawn here."""
        if action == "message":
            self.message(data, earnest=True)
        elif action == "noise":
            self.message(data, earnest=False)
        elif action == "both":
            self.both_at_once(data.draw(texts_typed), data.draw(texts_typed))
        elif action == "restart":
            self.restart_the_process()
        elif self.clock.now() - self.started < timedelta(days=MAX_DAYS):
            self.clock.advance(timedelta(hours=data.draw(st.sampled_from([0.1, 2, 25]))))

    def message(self, data: st.DataObject, *, earnest: bool) -> None:
        """Mostly what a contact in earnest sends next (and mostly the one filling the
        report), so that runs reach the preview and submissions; else anything at all."""
        if not earnest:
            user, text = data.draw(st.sampled_from(USERS)), data.draw(texts_typed)
            self.run(self._say(user, text))
            return
        editor = self.run(self._editor())
        user = data.draw(st.sampled_from([editor, editor, *USERS] if editor else USERS))
        draft, _, step_id = self.run(self._draft_and_step(user))
        step = form.find(draft, step_id)
        if step_id is None:
            text = data.draw(st.sampled_from(["填报", "继续"]))
        elif step is None:  # the preview, or a place the draft no longer has
            text = data.draw(st.sampled_from(["确认提交", "确认提交", "接管", "修改2"]))
        else:
            text = data.draw(st.sampled_from(SENSIBLE[step.field.kind]))
        if text == "<file>":
            self.run(self._say(user, "MEDIA_ID_1", Kind.FILE))
        else:
            self.run(self._say(user, text))

    async def _editor(self) -> str | None:
        async with self.sessions() as session:
            report = await Repositories(session).reports.report("2026Q4", "paying_taxes")
        return report.editor if report is not None else None

    def both_at_once(self, first: str, second: str) -> None:
        async def both() -> list[FeedResult]:
            return await asyncio.gather(
                self.dispatcher.feed(incoming(self.clock, CONTACT, first)),
                self.dispatcher.feed(incoming(self.clock, SECOND_CONTACT, second)),
            )

        for user, result in zip(USERS, self.run(both()), strict=True):
            self._reply(user, result)
        self.typed.clear()  # who of the two was accepted is not known here

    def restart_the_process(self) -> None:
        """A new process: its own engine and dispatcher over the same database."""
        self.run(self.engine.dispose())
        self.engine = db.create_engine(self.url)
        self.sessions = db.session_factory(self.engine)
        self.dispatcher = Dispatcher(
            self.sessions, self.kb, self.clock, self.settings, build_router()
        )

    @invariant()
    def one_report_at_most(self) -> None:
        async def count() -> int:
            async with self.sessions() as session:
                return len((await session.scalars(Report.__table__.select())).all())

        assert self.run(count()) <= 1


@pytest.fixture
def machine(kb, sqlite_template, tmp_path) -> type[CheckIn]:
    CheckIn.kb, CheckIn.template, CheckIn.workdir = kb, sqlite_template, tmp_path
    return CheckIn


def test_the_check_in_conversation_never_gets_stuck_or_loses_an_answer(machine) -> None:
    in_ci = bool(os.environ.get("CI"))
    run_state_machine_as_test(
        machine,
        settings=settings(
            max_examples=10,
            stateful_step_count=40,
            derandomize=in_ci,
            database=None,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )
