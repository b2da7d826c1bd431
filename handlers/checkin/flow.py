"""The check-in conversation: starting, one step per turn, control words, submission.

The draft is shared by the task force and lives in `reports.answers`; each contact's place
in it lives in their conversation state (`step`, and `scope` while 修改N re-asks one
question). One contact fills at a time: the report records who (`editor`, since
`editing_since`), a second contact is told and may take over explicitly (docs/reports.md).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cached_property
from typing import Any

from core import lifecycle
from core.messages import Button, Kind
from core.quarters import Quarter
from core.reports import ReportStatus
from core.roles import Role
from handlers import attachments, leaders, texts
from handlers.checkin import access, form, parsing, render, targets
from handlers.checkin.form import PREVIEW
from handlers.checkin.interpret import Accepted, StepContext, interpret
from handlers.checkin.parsing import Control, ControlWord, StartCommand
from handlers.console_links import console_link, form_path, link_line, task_force_path
from handlers.context import Context
from handlers.names import short_name
from handlers.notices import notify_in_office_hours, withdraw_chases
from knowledge.answers import answer as knowledge_answer
from knowledge.models import SubIndicator
from storage.models import Period, Report
from storage.periods import standing_of, window_of

FLOW = "checkin"
CHOOSE = "choose"
"""The step where someone in several task forces picks one."""


@dataclass
class Turn:
    """One message's work on one report, with the report row locked for the transaction."""

    ctx: Context
    period: Period
    task_force_id: str
    report: Report
    due_on: date
    """The task force's due day: its extension's, else the period's."""

    @classmethod
    async def open(cls, ctx: Context, task_force_id: str, period: Period, due_on: date) -> Turn:
        # A new draft is created claimed: whoever opens it goes on to fill it (see `enter`).
        report = await ctx.repos.reports.report_for_update(
            period.id, task_force_id, ctx.now(), ctx.message.user_id
        )
        await targets.seed(ctx.repos, report, Quarter.parse(period.id))
        return cls(ctx, period, task_force_id, report, due_on)

    @cached_property
    def quarter(self) -> Quarter:
        return Quarter.parse(self.period.id)

    @cached_property
    def task_force(self) -> str:
        return access.task_force_name(self.ctx.kb, self.task_force_id)

    @cached_property
    def subs(self) -> list[SubIndicator]:
        return access.sub_indicators(self.ctx.kb, self.task_force_id)

    @property
    def answers(self) -> dict[str, Any]:
        return self.report.answers

    @property
    def scope(self) -> int | None:
        return self.ctx.state.data.get("scope")

    @scope.setter
    def scope(self, question: int | None) -> None:
        self.ctx.state.data["scope"] = question

    def editing_by_other(self) -> bool:
        """Someone else holds the report, and has written within the idle limit (a claim
        idle for longer lapses, as that contact's conversation has expired)."""
        report = self.report
        if report.editor is None or report.editor.lower() == self.ctx.user_key:
            return False
        times = [t for t in (report.edited_at, report.editing_since) if t is not None]
        limit = timedelta(hours=self.ctx.settings.checkin_idle_hours)
        return not times or self.ctx.now() - max(times) <= limit

    def valid_step(self, step: str | None) -> str:
        """`step` if the draft still has it, else the first gap (another contact may have
        changed the branch this step belonged to)."""
        if step == PREVIEW or form.find(self.answers, step) is not None:
            assert step is not None
            return step
        return form.first_open(self.answers)

    def open_step(self, step: str | None) -> str:
        """`step` while it still waits for an answer, else the first gap (or the preview)."""
        step = self.valid_step(step)
        found = form.find(self.answers, step)
        if found is not None and form.is_answered(self.answers, found):
            return form.first_open(self.answers)
        return step

    def due_label(self) -> str:
        """The day that applies now: a returned report's 退回 day, else `due_on`."""
        if self.report.status == "returned" and self.report.return_due_on is not None:
            return render.day(self.report.return_due_on)
        return render.day(self.due_on)

    async def intro(self) -> str:
        """The line that opens (or reopens) the report: what, until when, how far along."""
        values = {
            "task_force": self.task_force,
            "quarter": self.quarter.label,
            "due": self.due_label(),
            "total": len(form.questions(self.answers)),
        }
        if len(form.missing(self.answers)) == len(form.steps(self.answers)):  # nothing said yet
            return texts.CHECKIN_START.format(**values)
        done = form.answered_questions(self.answers)
        return texts.CHECKIN_RESUME.format(done=done, **values)

    async def claim(self) -> None:
        await self.ctx.repos.reports.claim(self.report, self.ctx.message.user_id, self.ctx.now())

    async def save(self, answers: dict[str, Any]) -> None:
        await self.ctx.repos.reports.save_answers(
            self.report, answers, self.ctx.message.user_id, self.ctx.now()
        )

    async def last_answer(self, key: str) -> str | None:
        """The answer to `key` in last quarter's latest submitted version, if any."""
        reports = self.ctx.repos.reports
        previous = await reports.report(self.quarter.previous().id, self.task_force_id)
        if previous is None or previous.version == 0:
            return None
        latest = await reports.latest_versions([previous.id])
        return latest[previous.id].answers.get(key)

    async def preview(self) -> str:
        status = texts.CHECKIN_STATUS_DRAFT
        if self.report.version:
            latest = await self.ctx.repos.reports.latest_versions([self.report.id])
            template = (
                texts.CHECKIN_STATUS_SUBMITTED
                if latest[self.report.id].answers == self.answers
                else texts.CHECKIN_STATUS_EDITING
            )
            status = template.format(version=self.report.version)
        header = texts.CHECKIN_PREVIEW_HEADER.format(
            task_force=self.task_force, quarter=self.quarter.label, status=status
        )
        return render.preview(self.answers, header=header)

    async def ask(self, step: str, *before: str) -> None:
        """Move to `step` and ask it, after any lines in `before`."""
        self.ctx.state.step = step
        found = form.find(self.answers, step)
        if found is None:
            text = f"{await self.preview()}\n{texts.CHECKIN_PREVIEW_FOOTER}"
            self.ctx.state.data["seen"] = digest(self.answers)
        else:
            recall = found.question.recall
            text = render.prompt(
                found,
                self.answers,
                task_force=self.task_force,
                subs=self.subs,
                last=await self.last_answer(recall)
                if recall and found.field is found.question.fields[0]
                else None,
            )
        self.ctx.reply("\n\n".join([*before, text]), buttons=render.buttons(step, self.answers))

    async def advance(self, after: str, *before: str) -> None:
        """Ask whatever follows `after`, leaving 修改N's scope once its question is done."""
        step = form.next_step(self.answers, after, self.scope)
        if step == PREVIEW or form.number_of(self.answers, step) != self.scope:
            self.scope = None
        await self.ask(step, *before)


def digest(answers: dict[str, Any]) -> str:
    """A short fingerprint of a draft: has it changed since someone's preview?"""
    dumped = json.dumps(answers, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(dumped.encode()).hexdigest()[:16]


# Starting --------------------------------------------------------------------------------


async def start(ctx: Context) -> bool:
    """The start command outside any flow: 填报 / 季度报送 / check in [季度] [专班], or 继续."""
    command = parsing.start_command(ctx.text)
    if command is None:
        word = parsing.control_word(ctx.text)
        if word is None or word.control is not Control.RESUME:
            return False
        command = StartCommand(None, "")
    ctx.intent = "checkin.start"
    await begin(ctx, command)
    stamp(ctx)
    return True


async def begin(ctx: Context, command: StartCommand) -> None:
    paused = ctx.state.data.get("paused") if ctx.state.flow is None else None
    if paused and command.quarter is None and not command.task_force:
        period = await ctx.repos.reports.period(paused["period"])
        if period is not None and await access.may_fill(ctx, paused["tf"]):
            await enter(ctx, paused["tf"], period, resume_step=paused["step"])
            return
    if command.task_force:
        task_force_id = access.find_task_force(ctx.kb, command.task_force)
        if task_force_id is None:
            await refuse(ctx, texts.CHECKIN_UNKNOWN_TASK_FORCE.format(text=command.task_force))
            return
        if not await access.may_fill(ctx, task_force_id):
            await refuse(ctx, await access.refusal(ctx, task_force_id))
            return
        choices = [task_force_id]
    else:
        memberships = await ctx.repos.registry.memberships_of(ctx.user_key)
        choices = access.fillable(ctx.kb, memberships)
        if not choices:
            await refuse(ctx, await access.refusal_for_user(ctx, memberships))
            return
    quarter = command.quarter.id if command.quarter else None
    if len(choices) == 1:
        await open_report(ctx, choices[0], quarter)
        return
    ctx.state.flow, ctx.state.step = FLOW, CHOOSE
    ctx.state.data = {"choices": choices, "quarter": quarter}
    await offer_choices(ctx, choices)


async def offer_choices(ctx: Context, choices: list[str], *before: str) -> None:
    task_forces = [ctx.kb.task_force(tf_id) for tf_id in choices]
    items = "\n".join(f"{n}. {tf.name}" for n, tf in enumerate(task_forces, start=1))
    # Card buttons are narrow: the short name there, the full one in the text.
    short = [short_name(tf) for tf in task_forces]
    ctx.reply(
        "\n\n".join([*before, texts.CHECKIN_CHOOSE.format(items=items)]),
        buttons=[Button(f"{n}. {name}", str(n)) for n, name in enumerate(short, start=1)],
    )


async def choose(ctx: Context, word: ControlWord | None) -> None:
    choices: list[str] = ctx.state.data["choices"]
    control_ = word.control if word is not None else None
    if control_ is Control.CANCEL:
        ctx.intent = "checkin.cancel"
        ctx.state.clear()
        ctx.reply(texts.CHECKIN_CHOICE_CANCELLED)
        return
    if control_ is Control.HELP:
        ctx.intent = "checkin.help"
        await offer_choices(ctx, choices, texts.CHECKIN_CHOOSE_HELP)
        return
    text = parsing.clean(ctx.text)
    chosen = None
    if text.isdigit() and 1 <= int(text) <= len(choices):
        chosen = choices[int(text) - 1]
    elif (found := access.find_task_force(ctx.kb, ctx.text.strip())) in choices:
        chosen = found
    if chosen is None:
        await offer_choices(ctx, choices, texts.CHECKIN_CHOOSE_HINT.format(count=len(choices)))
        return
    if not access.is_known(ctx.kb, chosen) or not await access.may_fill(ctx, chosen):
        ctx.state.clear()  # the roster or the knowledge changed since the list was offered
        await begin(ctx, StartCommand(None, ""))
        return
    await open_report(ctx, chosen, ctx.state.data.get("quarter"))


async def open_report(ctx: Context, task_force_id: str, quarter_id: str | None) -> None:
    quarter = Quarter.parse(quarter_id) if quarter_id else None
    period = await access.choose_period(ctx, task_force_id, quarter)
    if period is None:
        assert quarter is not None
        await refuse(
            ctx,
            texts.CHECKIN_NO_PERIOD.format(
                quarter=quarter.label, office=await access.office_names(ctx)
            ),
        )
        return
    await enter(ctx, task_force_id, period, resume_step=None)


async def refuse(ctx: Context, text: str) -> None:
    ctx.intent = "checkin.refused"
    ctx.state.clear()
    ctx.reply(text)


async def enter(ctx: Context, task_force_id: str, period: Period, resume_step: str | None) -> None:
    """Open the report and put the contact at their question (or the preview)."""
    if await refused_by_period(
        ctx, period, await ctx.repos.reports.report(period.id, task_force_id)
    ):
        return
    exemption, due_on = await ctx.repos.reports.exemption_and_due(period, task_force_id)
    if exemption is not None:
        await refuse(
            ctx,
            texts.CHECKIN_EXEMPTED.format(
                task_force=access.task_force_name(ctx.kb, task_force_id),
                quarter=Quarter.parse(period.id).label,
                reason=exemption.reason,
            ),
        )
        return
    turn = await Turn.open(ctx, task_force_id, period, due_on)
    report = turn.report
    ctx.state.flow = FLOW
    ctx.state.data = {"period": period.id, "tf": task_force_id, "version": report.version}
    step = turn.open_step(resume_step)
    if turn.editing_by_other():
        ctx.state.step = step
        await tell_other_editor(turn)
        return
    if resume_step is None and report.status in access.SUBMITTED | {ReportStatus.RETURNED}:
        await turn.ask(PREVIEW, await submitted_notice(turn))
        return
    await turn.claim()
    await turn.ask(step, await turn.intro())


async def submitted_notice(turn: Turn) -> str:
    report = turn.report
    values = {"task_force": turn.task_force, "quarter": turn.quarter.label}
    if report.status == ReportStatus.RETURNED:
        return texts.CHECKIN_RETURNED.format(
            version=report.version, comment=report.review_comment or "", **values
        )
    assert report.submitted_by is not None and report.submitted_at is not None
    return texts.CHECKIN_ALREADY_SUBMITTED.format(
        time=render.time(report.submitted_at),
        name=await access.person_name(turn.ctx, report.submitted_by),
        version=report.version,
        next_version=report.version + 1,
        lock=render.day(turn.period.locks_on),
        **values,
    )


async def refused_by_period(ctx: Context, period: Period, report: Report | None) -> bool:
    """A locked quarter takes no more edits (a report returned after the lock day does, until
    its 退回's day: core/lifecycle.py); the office people are named."""
    if lifecycle.may_edit(window_of(period), standing_of(report), ctx.today()):
        return False
    await refuse(
        ctx,
        texts.CHECKIN_LOCKED.format(
            quarter=Quarter.parse(period.id).label,
            lock=render.day(period.locks_on),
            office=await access.office_names(ctx),
        ),
    )
    return True


# One turn inside the flow ----------------------------------------------------------------


async def flow(ctx: Context) -> None:
    """Every message of a contact who is in the check-in. Should a turn fail for a reason
    nobody foresaw, the dispatcher rolls it back and Router.recover ends the flow with a note
    (the draft is kept) and keeps the file the message carried."""
    if ctx.message.kind == Kind.FILE:
        await attachments.keep_from_checkin(ctx)
    await _flow(ctx)
    stamp(ctx)


def stamp(ctx: Context) -> None:
    """Note when the contact last spoke in the flow: an idle flow expires (see `idle_since`)."""
    if ctx.state.flow == FLOW:
        ctx.state.data["at"] = ctx.now().isoformat()


def idle_since(ctx: Context) -> datetime | None:
    """When the contact last spoke, if that is longer ago than the idle limit."""
    at = ctx.state.data.get("at")
    if at is None:
        return None
    since = datetime.fromisoformat(at)
    limit = timedelta(hours=ctx.settings.checkin_idle_hours)
    return since if ctx.now() - since > limit else None


async def _flow(ctx: Context) -> None:
    is_file = ctx.message.kind == Kind.FILE
    word = None if is_file else parsing.control_word(ctx.text)
    if word is not None and word.control is Control.RESTART:
        await restart(ctx)
        return
    since = idle_since(ctx)
    if ctx.state.step == CHOOSE:
        await (expire(ctx, since, word) if since else choose(ctx, word))
        return
    command = None if is_file else parsing.start_command(ctx.text)
    if command is not None and (command.quarter is not None or command.task_force):
        # A start naming a report (a reminder's button) switches to that report.
        ctx.intent = "checkin.start"
        await release_current(ctx)
        ctx.state.clear()
        await begin(ctx, command)
        return
    task_force_id = ctx.state.data["tf"]
    found = await ctx.repos.reports.existing_for_update(ctx.state.data["period"], task_force_id)
    if found is None or not access.is_known(ctx.kb, task_force_id):
        await refuse(ctx, texts.CHECKIN_STALE_REPORT)
        return
    report, period, due_on = found
    if await refused_by_period(ctx, period, report):
        return
    turn = Turn(ctx, period, task_force_id, report, due_on)
    if not await access.may_fill(ctx, task_force_id):  # dropped from the roster meanwhile
        await ctx.repos.reports.release(report, ctx.message.user_id, ctx.now())
        why = await access.refusal(ctx, task_force_id)
        await refuse(ctx, f"{texts.CHECKIN_NO_LONGER_ALLOWED}\n{why}")
        return
    if since is not None:  # after the checks above: a reason to stop says more than idleness
        await expire(ctx, since, word)
        return
    if ctx.message.kind == Kind.ENTER:
        word = ControlWord(Control.RESUME)
    if turn.editing_by_other():
        await other_editor(turn, word)
        return
    step = turn.valid_step(ctx.state.step)
    if turn.report.version != ctx.state.data.get("version"):
        await submitted_meanwhile(turn)
        return
    if word is not None and word.control is Control.CANCEL:
        await pause(turn, step)
        return
    await turn.claim()
    if word is not None:
        ctx.intent = f"checkin.{word.control.value}"
        await control(turn, step, word)
        return
    await answer(turn, step)


async def expire(ctx: Context, since: datetime, word: ControlWord | None) -> None:
    """An idle flow ends: the draft and the place in it are kept for 继续, the claim goes."""
    ctx.intent = "checkin.expired"
    data = ctx.state.data
    paused = None
    if "tf" in data:
        await release_current(ctx)
        step = ctx.state.step or PREVIEW
        paused = {"period": data["period"], "tf": data["tf"], "step": step}
    ctx.state.clear()
    if paused is not None:
        ctx.state.data = {"paused": paused}
    note = texts.CHECKIN_EXPIRED.format(
        since=render.time(since), hours=f"{ctx.settings.checkin_idle_hours:g}"
    )
    control_ = word.control if word is not None else None
    if control_ in (Control.RESUME, Control.RESTART) or parsing.start_command(ctx.text):
        ctx.reply(note)
        await begin(ctx, parsing.start_command(ctx.text) or StartCommand(None, ""))
        return
    if control_ in (Control.CANCEL, Control.HELP):
        ctx.reply(note)
        return
    ctx.reply(f"{note}\n{texts.CHECKIN_EXPIRED_NOT_SAVED}")


async def restart(ctx: Context) -> None:
    """重新开始: leave wherever the contact is and open the check-in afresh (nothing filled is
    lost; the answers stay in the draft)."""
    ctx.intent = "checkin.restart"
    await release_current(ctx)
    ctx.state.clear()
    ctx.reply(texts.CHECKIN_RESTARTED)
    await begin(ctx, StartCommand(None, ""))


async def release_current(ctx: Context) -> None:
    reports = ctx.repos.reports
    period_id, task_force_id = ctx.state.data.get("period"), ctx.state.data.get("tf")
    if period_id and task_force_id:
        report = await reports.report(period_id, task_force_id)
        if report is not None:
            await reports.release(report, ctx.message.user_id, ctx.now())


async def pause(turn: Turn, step: str) -> None:
    """取消: the draft stays, the claim goes, and the place is kept for 继续."""
    ctx = turn.ctx
    ctx.intent = "checkin.cancel"
    await ctx.repos.reports.release(turn.report, ctx.message.user_id, ctx.now())
    paused = {"period": turn.period.id, "tf": turn.task_force_id, "step": step}
    ctx.state.clear()
    ctx.state.data = {"paused": paused}
    ctx.reply(
        texts.CHECKIN_CANCELLED.format(
            task_force=turn.task_force,
            quarter=turn.quarter.label,
            done=form.answered_questions(turn.answers),
            total=len(form.questions(turn.answers)),
            due=turn.due_label(),
        )
    )


async def editing_notice(turn: Turn) -> str:
    report = turn.report
    assert report.editor is not None
    since = report.editing_since or report.updated_at
    return texts.CHECKIN_EDITING_BY_OTHER.format(
        name=await access.person_name(turn.ctx, report.editor),
        task_force=turn.task_force,
        quarter=turn.quarter.label,
        since=render.time(since),
        last=render.time(max(report.edited_at or since, since)),
    )


async def tell_other_editor(turn: Turn, *before: str) -> None:
    turn.ctx.intent = "checkin.busy"
    turn.ctx.reply(
        "\n\n".join([*before, await editing_notice(turn)]), buttons=render.TAKE_OVER_BUTTONS
    )


async def other_editor(turn: Turn, word: ControlWord | None) -> None:
    """Someone else holds the report: take it over explicitly, look, or leave."""
    ctx = turn.ctx
    control_ = word.control if word is not None else None
    if control_ is Control.TAKE_OVER:
        ctx.intent = "checkin.take_over"
        previous = turn.report.editor
        assert previous is not None
        previous_name = await access.person_name(ctx, previous)
        await turn.claim()
        my_name = await access.person_name(ctx, ctx.message.user_id)
        # Held to office hours like the other notices: a take-over at 22:00 reaches the
        # other contact the next working morning, merged with their other notices.
        await notify_in_office_hours(
            ctx,
            [previous],
            texts.CHECKIN_TAKEN_OVER_NOTICE.format(
                name=my_name,
                time=render.time(ctx.now()),
                task_force=turn.task_force,
                quarter=turn.quarter.label,
            )
            + link_line(ctx.settings, form_path(turn.task_force_id, turn.period.id)),
            source="checkin",
            key=f"checkin:{turn.period.id}:{turn.task_force_id}:taken:{ctx.now().isoformat()}",
        )
        ctx.state.data["version"] = turn.report.version
        step = turn.open_step(ctx.state.step)
        await turn.ask(step, texts.CHECKIN_TAKEN_OVER.format(name=previous_name))
    elif control_ is Control.CANCEL:
        await pause(turn, turn.valid_step(ctx.state.step))
    elif control_ is Control.PREVIEW:
        await tell_other_editor(turn, await turn.preview())
    elif control_ is not None:
        await tell_other_editor(turn, texts.CHECKIN_BUSY_HELP)
    else:  # an answer: say plainly that it was not stored
        await tell_other_editor(turn, texts.CHECKIN_NOT_SAVED_BUSY.format(text=_excerpt(ctx)))


def _excerpt(ctx: Context) -> str:
    if ctx.message.kind == Kind.FILE:
        return texts.CHECKIN_A_FILE
    text = ctx.text
    limit = texts.CHECKIN_EXCERPT_CHARS
    return text if len(text) <= limit else text[:limit] + "…"


async def submitted_meanwhile(turn: Turn) -> None:
    """Another contact submitted while this one was away: show what went in."""
    report = turn.report
    assert report.submitted_by is not None and report.submitted_at is not None
    turn.ctx.intent = "checkin.submitted_meanwhile"
    turn.ctx.state.data["version"] = report.version
    turn.scope = None
    notice = texts.CHECKIN_SUBMITTED_MEANWHILE.format(
        name=await access.person_name(turn.ctx, report.submitted_by),
        time=render.time(report.submitted_at),
        task_force=turn.task_force,
        quarter=turn.quarter.label,
        version=report.version,
    )
    await turn.ask(PREVIEW, notice)


async def control(turn: Turn, step: str, word: ControlWord) -> None:
    answers = turn.answers
    match word.control:
        case Control.HELP:
            help_text = render.help_text(step, answers)
            await turn.ask(step, f"{help_text}\n{texts.CHECKIN_COMMANDS}")
        case Control.PREVIEW:
            await turn.ask(step, *([] if step == PREVIEW else [await turn.preview()]))
        case Control.BACK:
            previous = form.previous_step(answers, step)
            if previous is None:
                await turn.ask(step, texts.CHECKIN_FIRST_STEP)
                return
            if form.number_of(answers, previous) != turn.scope:
                turn.scope = None
            await turn.ask(previous)
        case Control.SKIP:
            found = form.find(answers, step)
            if found is not None and found.optional:
                await turn.save(form.write(answers, found, None))
                await turn.advance(step, texts.CHECKIN_SKIPPED)
            elif step == PREVIEW:
                await turn.ask(step, texts.CHECKIN_PREVIEW_HINT)
            else:
                await turn.ask(step, texts.CHECKIN_CANNOT_SKIP)
        case Control.EDIT:
            total = len(form.questions(answers))
            if not 1 <= word.question <= total:
                text = texts.CHECKIN_EDIT_RANGE.format(number=word.question, total=total)
                await turn.ask(step, text)
                return
            turn.scope = word.question
            await turn.ask(form.first_step(answers, word.question))
        case Control.RESUME | Control.TAKE_OVER:
            found = form.find(answers, step)
            if found is not None and form.is_answered(answers, found):
                await turn.advance(step, texts.CHECKIN_KEPT)
            else:
                await turn.ask(step, await turn.intro())
        case Control.SUBMIT:
            await submit_or_explain(turn, step)


async def submit_or_explain(turn: Turn, step: str) -> None:
    gaps = form.missing(turn.answers)
    if step == PREVIEW or not gaps:
        if gaps:
            numbers = sorted({gap.number for gap in gaps})
            turn.scope = None
            text = texts.CHECKIN_MISSING_AT_SUBMIT.format(numbers=render.joined(map(str, numbers)))
            await turn.ask(gaps[0].id, text)
        elif step != PREVIEW:
            turn.scope = None
            await turn.ask(PREVIEW)
        elif turn.ctx.state.data.get("seen") != digest(turn.answers):
            # The draft changed since this contact's preview (the other contact edited it):
            # nobody submits what they have not seen.
            await turn.ask(PREVIEW, texts.CHECKIN_CHANGED_SINCE_PREVIEW)
        else:
            await submit(turn)
        return
    count = len({gap.number for gap in gaps})
    await turn.ask(step, texts.CHECKIN_NOT_YET_COMPLETE.format(count=count))


async def answer(turn: Turn, step: str) -> None:
    ctx = turn.ctx
    if ctx.message.kind != Kind.FILE and parsing.looks_like_question(ctx.text):
        reply = knowledge_answer(ctx.kb, ctx.text)
        if reply.confident:
            ctx.intent = "checkin.qa"
            await turn.ask(step, reply.text)
            return
    if step == PREVIEW:
        ctx.intent = "checkin.invalid"
        ctx.reply(texts.CHECKIN_PREVIEW_HINT, buttons=render.PREVIEW_BUTTONS)
        return
    found = form.find(turn.answers, step)
    assert found is not None, "valid_step gives a step of the draft or the preview"
    outcome = interpret(
        found,
        ctx.message,
        StepContext(today=ctx.today(), quarter=turn.quarter, subs=turn.subs, answers=turn.answers),
    )
    if not isinstance(outcome, Accepted):
        ctx.intent = "checkin.invalid"
        await turn.ask(step, outcome.hint)
        return
    ctx.intent = "checkin.answer"
    answers = form.write(turn.answers, found, outcome.value)
    last = step
    for also_step, value in outcome.also.items():
        follow = form.find(answers, also_step)
        assert follow is not None, also_step
        answers, last = form.write(answers, follow, value), also_step
    await turn.save(answers)
    await turn.advance(last, outcome.echo, *web_form_offer(turn))


LONG_ANSWER = 200
"""Characters from which the chat offers the web form (long answers are easier there)."""


def web_form_offer(turn: Turn) -> list[str]:
    """After a long typed answer, the console form's link, when the console is public."""
    if turn.ctx.message.kind == Kind.FILE or len(turn.ctx.text) < LONG_ANSWER:
        return []
    path = form_path(turn.task_force_id, turn.period.id)
    link = console_link(turn.ctx.settings, path)
    return [texts.CHECKIN_WEB_FORM.format(url=link)] if link else []


async def submit(turn: Turn) -> None:
    """Freeze the draft as a new version; receipt, 分管领导 and office notices."""
    ctx = turn.ctx
    fillers = await access.fillers(ctx, turn.task_force_id)
    me = access.me_among(ctx, fillers)
    if me is None:  # dropped from the roster since starting
        await refuse(ctx, await access.refusal(ctx, turn.task_force_id))
        return
    due_on = turn.due_on
    userid, now = ctx.message.user_id, ctx.now()
    # The frozen version (who, when, late) is the submission's record; no audit row besides.
    due_label = turn.due_label()  # the 退回's day for a returned report, read before it changes
    version = await ctx.repos.reports.submit(turn.report, userid, now, due_on)
    await targets.record(ctx.repos, turn.report, version, userid, now)
    await withdraw_chases(ctx.repos, turn.period.id, [turn.task_force_id], now)  # a held 催报
    values = {
        "task_force": turn.task_force,
        "quarter": turn.quarter.label,
        "version": version.version,
        "time": render.time(now),
        "name": me.name,
    }
    late = texts.CHECKIN_LATE.format(due=due_label) if version.late else ""
    ctx.intent = "checkin.submit"
    ctx.state.clear()
    ctx.reply(
        texts.CHECKIN_RECEIPT.format(late=late, lock=render.day(turn.period.locks_on), **values)
    )
    if await leaders.hold_for_confirmation(
        ctx, turn.report, fillers, me, {**values, "late": late}
    ):
        return  # the office hears of it when a 分管领导 confirms (handlers/leaders.py)
    key = f"checkin:{turn.period.id}:{turn.task_force_id}:v{version.version}"
    see = link_line(ctx.settings, task_force_path(turn.task_force_id))
    # The submitter's receipt is immediate; the others hear of it in office hours.
    await notify_in_office_hours(
        ctx,
        [m.userid for m in fillers if m.role == Role.LEADER and m is not me],
        texts.CHECKIN_LEADER_NOTICE.format(late=late, **values) + see,
        source="checkin",
        key=f"{key}:leaders",
    )
    office_late = texts.CHECKIN_OFFICE_LATE if version.late else ""
    await notify_in_office_hours(
        ctx,
        await ctx.repos.registry.office_userids(),
        texts.CHECKIN_OFFICE_NOTICE.format(late=office_late, **values) + see,
        source="checkin",
        key=f"{key}:office",
    )
