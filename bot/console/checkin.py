"""The check-in as a web form: the chat's questions, validation, draft and submission.

Every field is read by the chat's own interpreter (handlers.checkin.interpret) and written
with handlers.checkin.form, in asking order, so a field that opens a branch (会议 是/否,
滞后指标, 案例 是/否) is in place before its follow-ups; submission is the chat's
`flow.submit` (the same version, receipt and notices). The case file and any report files
go into the file store as attachments of the report, where a file sent in chat lands once
downloaded (bot/console/attachments.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from bot.console import texts
from bot.console.answers import value_of
from bot.console.attachments import AttachmentView, Place, attachment_view, keep_upload, refusal
from bot.console.board import selected_quarter
from bot.console.web import Refusal, View, page
from core.lights import Progress
from core.messages import Incoming, Kind
from core.quarters import Quarter
from handlers.checkin import access, form, render, spec
from handlers.checkin.flow import Turn, submit
from handlers.checkin.interpret import Accepted, StepContext, interpret
from handlers.context import Context
from handlers.names import person_names
from handlers.texts import PROGRESS_LABELS
from storage.files import FileRefused
from storage.models import Period
from storage.periods import is_locked
from storage.repositories.conversations import ConversationState

UPLOAD = "case_material"
"""The form's file input (the spec's FILE field: the case material)."""
REPORT_FILES = "report_files"
"""The form's input for any number of report attachments besides the case material."""


@dataclass
class Outcome:
    saved: list[str] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)


def _context(view: View) -> Context:
    """A handler context for the web user, as if they had typed in chat."""
    message = Incoming(user_id=view.viewer.userid, text="", msg_id=None, received_at=view.now())
    return Context(
        message, view.repos, view.kb, view.runtime.clock, view.settings, ConversationState()
    )


async def _open(view: View, ctx: Context) -> Turn:
    """The report row, locked, after the same checks as the chat: filler, lock, exemption."""
    task_force_id = view.request.match_info["task_force"]
    view.require(task_force_id)
    if not await access.may_fill(ctx, task_force_id):
        raise Refusal(403, texts.FORM_NOT_ALLOWED)
    asked = view.request.query.get("q")
    quarter = await selected_quarter(view) if asked else None
    period = await access.choose_period(ctx, task_force_id, quarter)
    if period is None:
        raise Refusal(404, texts.NOT_FOUND)
    _refuse_locked(view, period)
    exemption, due_on = await view.repos.reports.exemption_and_due(period, task_force_id)
    if exemption is not None:
        raise Refusal(403, exemption.reason)
    return await Turn.open(ctx, task_force_id, period, due_on)


def _refuse_locked(view: View, period: Period) -> None:
    if is_locked(period, view.today()):
        raise Refusal(
            403,
            texts.FORM_LOCKED.format(
                quarter=Quarter.parse(period.id).label, lock=render.day(period.locks_on)
            ),
        )


def _chosen(step_id: str) -> str:
    """The checkboxes of a SUB_INDICATORS step: the sub-indicators ticked as lagging."""
    return f"{step_id}.no"


def _posted_text(values: dict[str, Any], step: form.Step) -> str | None:
    """What the form holds for a step as chat text; None when left empty."""
    if step.field.kind is spec.Kind.SUB_INDICATORS:
        chosen = [str(v) for v in values.get(_chosen(step.id), [])]
        if chosen:
            return "、".join(chosen)
        return "无" if values.get(f"{step.id}.none") else None
    value = values.get(step.id)
    if isinstance(value, list):
        value = value[-1] if value else None
    text = str(value).strip() if value is not None else ""
    return text or None


def apply(turn: Turn, values: dict[str, Any]) -> tuple[dict, Outcome]:
    """The draft with every filled field answered, in asking order; hints for the rest."""
    answers = dict(turn.answers)
    outcome = Outcome()
    done: set[str] = set()
    while True:
        pending = [
            s
            for s in form.steps(answers)
            if s.id not in done and s.field.kind is not spec.Kind.FILE
        ]
        if not pending:
            break
        step = pending[0]
        done.add(step.id)
        text = _posted_text(values, step)
        if text is None:
            continue
        message = Incoming(turn.ctx.message.user_id, text, None, turn.ctx.now(), Kind.TEXT)
        step_context = StepContext(
            today=turn.ctx.today(), quarter=turn.quarter, subs=turn.subs, answers=answers
        )
        result = interpret(step, message, step_context)
        if isinstance(result, Accepted):
            answers = form.write(answers, step, result.value)
            outcome.saved.append(step.id)
        else:
            outcome.errors[step.id] = result.hint
    return answers, outcome


def skip_optional(answers: dict[str, Any], refused: dict[str, str]) -> dict[str, Any]:
    """On submission, the optional steps left empty are answered with null, as 跳过 does
    (not those whose input was refused: the contact is to try again)."""
    for step in form.missing(answers):
        if step.optional and step.id not in refused:
            answers = form.write(answers, step, None)
    return answers


async def _files(
    view: View, turn: Turn, posted: Posted, answers: dict[str, Any], outcome: Outcome
) -> dict[str, Any]:
    """The case file, each target's evidence file and any report files: kept in the file
    store as attachments of the report (where a file sent in chat lands once downloaded);
    a file step's answer holds its file's reference. The case's input is UPLOAD, a target's
    is named by its step. A refused file is named under its field and keeps the form from
    being submitted; the rest is kept."""
    place = Place(turn.ctx.user_key, turn.task_force_id, turn.period.id, turn.report.id)
    for step in form.steps(answers):
        if step.field.kind is not spec.Kind.FILE:
            continue
        upload = posted.form.get(UPLOAD if step.item is None else step.id)
        purpose = "case" if step.item is None else "report"
        try:
            stored = await keep_upload(view, upload, place, purpose)
        except FileRefused as refused:
            outcome.errors[step.id] = refusal(view, refused, upload.filename)
        else:
            if stored is not None:
                answers = form.write(answers, step, stored.media_id)
    problems = []
    for upload in posted.report_files:
        try:
            await keep_upload(view, upload, place, "report")
        except FileRefused as refused:
            problems.append(refusal(view, refused, upload.filename))
    if problems:
        outcome.errors[REPORT_FILES] = " ".join(problems)
    return answers


@dataclass(frozen=True, slots=True)
class Posted:
    values: dict[str, Any]
    """Each step's text (a list for the ticked sub-indicators)."""
    form: Any
    """The whole posted form (its files are read by field name)."""
    report_files: list[Any]


async def _posted(request: web.Request) -> Posted:
    posted = await request.post()
    lists = {
        _chosen(q.key) for q in form.questions() if q.fields[0].kind is spec.Kind.SUB_INDICATORS
    }
    values: dict[str, Any] = {}
    for key in set(posted.keys()):
        items = posted.getall(key)
        values[key] = items if key in lists else items[-1]
    return Posted(values, posted, list(posted.getall(REPORT_FILES, [])))


async def _form_context(view: View, turn: Turn, outcome: Outcome | None) -> dict[str, Any]:
    answers = turn.answers
    return {
        "turn": turn,
        "answers": answers,
        "questions": form.questions(answers),
        "subs": turn.subs,
        "items": lambda key: {item["no"] for item in answers.get(key) or ()},
        "read": lambda step_id: value_of(answers, step_id),
        "outcome": outcome or Outcome(),
        "upload": UPLOAD,
        "report_files": REPORT_FILES,
        "files": await _attachments(view, turn),
        "progress_choices": list(PROGRESS_LABELS.values()),
        "progress_label": lambda value: PROGRESS_LABELS[Progress(value)] if value else None,
        "other_editor": (
            await access.person_name(turn.ctx, turn.report.editor)
            if turn.editing_by_other() and turn.report.editor
            else None
        ),
    }


async def _attachments(view: View, turn: Turn) -> list[AttachmentView]:
    """What is attached to the report so far (sent in chat or uploaded here)."""
    rows = await view.repos.attachments.for_reports([turn.report.id])
    senders = await person_names(view.repos, [row.uploader for row in rows])
    return [attachment_view(row, senders) for row in rows]


@page("checkin.html")
async def checkin_form(request: web.Request, view: View) -> dict[str, Any]:
    turn = await _open(view, _context(view))
    return await _form_context(view, turn, None)


@page(None)
async def checkin_save(request: web.Request, view: View) -> web.StreamResponse:
    """Autosave while typing: what validates is stored, hints come back per field."""
    turn = await _open(view, _context(view))
    answers, outcome = apply(turn, (await _posted(request)).values)
    if answers != turn.answers:
        await turn.save(answers)
    return web.json_response(
        {
            "saved": outcome.saved,
            "errors": outcome.errors,
            "message": texts.FORM_SAVED.format(time=render.time(view.now())),
        }
    )


@page("checkin.html")
async def checkin_submit(request: web.Request, view: View) -> dict[str, Any]:
    turn = await _open(view, _context(view))
    posted = await _posted(request)
    answers, outcome = apply(turn, posted.values)
    answers = await _files(view, turn, posted, answers, outcome)
    answers = skip_optional(answers, outcome.errors)
    if answers != turn.answers:
        await turn.save(answers)
    gaps = form.missing(turn.answers)
    if outcome.errors or gaps:
        context = await _form_context(view, turn, outcome)
        count = len({gap.number for gap in gaps})
        context["notice"] = texts.FORM_INCOMPLETE.format(count=count) if gaps else ""
        return context
    await submit(turn)
    context = await _form_context(view, turn, outcome)
    context["notice"] = "\n".join(reply.text for reply in turn.ctx.replies)
    context["submitted"] = turn.report.version
    return context
