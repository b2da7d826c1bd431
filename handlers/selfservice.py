"""Contacts' and 分管领导's questions about their own work, by chat: this quarter's status, the
due day and days left, what is still missing, last quarter's report, this year's typical cases
and "我的待办" across their task forces; about other task forces, aggregates only.

Routed before knowledge Q&A, and only for the questions below from people who fill a report
(lead-unit 联系人 / 分管领导); everything else goes on to Q&A untouched.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Awaitable, Callable
from enum import StrEnum

from core.dates import day_label
from core.quarters import Quarter
from core.reports import ProgressState
from handlers import texts
from handlers.checkin import form
from handlers.checkin.render import time as moment_text
from handlers.context import Context
from handlers.office import fields
from handlers.office.common import quarter_overview
from handlers.office.overview import AWAITING_LEADER, Row
from handlers.reporters import fillable
from knowledge.models import TaskForce
from storage.periods import period_or_default, reporting_quarter

REPORTED = frozenset({ProgressState.SUBMITTED, ProgressState.ACCEPTED, AWAITING_LEADER})
"""Overview states in which the task force has submitted."""


class Ask(StrEnum):
    TODO = "todo"
    STATUS = "status"
    DUE = "due"
    MISSING = "missing"
    LAST = "last_quarter"
    CASES = "cases"
    OTHERS = "others"


# Personal questions only: each needs a word of its own that knowledge Q&A does not answer.
_ASKS = (
    (Ask.OTHERS, re.compile(r"(哪些|几个|多少个?|其他|别的)专班.*(没|未|还没)(报|提交)")),
    (Ask.TODO, re.compile(r"待办|我(们)?还有什么(要|没)(做|办|报)")),
    (Ask.LAST, re.compile(r"上(一)?个?季度.*(报告|报的|填的|报送|季报)")),
    (Ask.CASES, re.compile(r"(我们|我的|本专班|我们专班).*案例")),
    (Ask.MISSING, re.compile(r"还(差|缺)(什么|哪些|啥|几项)|(还有)?(什么|哪些)没填")),
    (
        Ask.DUE,
        re.compile(
            r"截止(日期|时间)?(是)?(哪天|哪一天|什么时候|几号|多少号)|什么时候截止|哪天截止|还有几天|还剩几天"
        ),
    ),
    (
        Ask.STATUS,
        re.compile(
            r"(通过|审核|退回|提交)了(吗|没有?)|(我的|我们的?|本专班的?)(报告|季报|报送).*(状态|怎么样|情况)"
        ),
    ),
)


def ask_of(text: str) -> Ask | None:
    """Which self-service question `text` is, if any."""
    cleaned = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
    return next((ask for ask, pattern in _ASKS if pattern.search(cleaned)), None)


async def handle(ctx: Context) -> bool:
    """Answer a self-service question from someone who fills reports; False otherwise."""
    ask = ask_of(ctx.text)
    if ask is None:
        return False
    memberships = await ctx.repos.registry.memberships_of(ctx.user_key)
    mine = fillable(ctx.kb, memberships)
    if not mine:
        return False
    ctx.intent = f"self.{ask.value}"
    quarter = await reporting_quarter(ctx.repos, ctx.today())
    task_forces = [ctx.kb.task_force(tf_id) for tf_id in mine]
    ctx.reply(await ANSWERS[ask](ctx, quarter, task_forces))
    return True


def _state(ctx: Context, row: Row) -> str:
    today = ctx.today()
    report = row.report
    if row.state == "exempt":
        assert row.exemption is not None
        return texts.SELF_STATE_EXEMPT.format(reason=row.exemption.reason)
    if row.state == "returned":
        assert report is not None
        return texts.SELF_STATE_RETURNED.format(
            comment=report.review_comment or "", due=day_label(row.due_on, today)
        )
    if row.state in REPORTED:
        assert row.latest is not None
        template = {
            "accepted": texts.SELF_STATE_ACCEPTED,
            AWAITING_LEADER: texts.SELF_STATE_AWAITING_LEADER,
        }.get(row.state, texts.SELF_STATE_SUBMITTED)
        return template.format(
            version=row.latest.version, time=moment_text(row.latest.submitted_at)
        )
    if report is not None and (report.answers or report.version):
        done = form.answered_questions(report.answers)
        total = len(form.questions(report.answers))
        state = texts.SELF_STATE_DRAFT.format(done=done, total=total)
    else:
        state = texts.SELF_STATE_NOT_STARTED
    return state + (texts.SELF_STATE_OVERDUE if row.state == "overdue" else "")


def _line(row: Row, quarter: Quarter, text: str) -> str:
    return texts.SELF_LINE.format(task_force=row.task_force.name, quarter=quarter.label, text=text)


def _days_left(ctx: Context, row: Row) -> str:
    days = (row.due_on - ctx.today()).days
    if row.state in REPORTED | {"exempt"}:
        return texts.SELF_DONE_ALREADY
    if days > 0:
        return texts.SELF_DAYS_LEFT.format(days=days)
    if days == 0:
        return texts.SELF_DUE_TODAY
    return texts.SELF_DAYS_OVERDUE.format(days=-days)


async def status(ctx: Context, quarter: Quarter, task_forces: list[TaskForce]) -> str:
    """Where each report stands; before the quarter opens (late January, say), "my report" is
    the previous quarter's, and this quarter's only where someone has begun it early."""
    overview = await quarter_overview(ctx, quarter, task_forces)
    lines = [_line(row, quarter, _state(ctx, row)) for row in overview.rows]
    period = await period_or_default(ctx.repos, quarter, ctx.settings.report_due_day)
    if ctx.today() >= period.opens_on:
        return "\n".join(lines)
    previous = quarter.previous()
    before = await quarter_overview(ctx, previous, task_forces)
    early = [
        line
        for row, line in zip(overview.rows, lines, strict=True)
        if row.state != ProgressState.NOT_STARTED
    ]
    return "\n".join([_line(row, previous, _state(ctx, row)) for row in before.rows] + early)


async def due(ctx: Context, quarter: Quarter, task_forces: list[TaskForce]) -> str:
    overview = await quarter_overview(ctx, quarter, task_forces)
    lines = []
    for row in overview.rows:
        extended = texts.SELF_EXTENDED if row.extension is not None else ""
        text = texts.SELF_DUE.format(
            due=day_label(row.due_on, ctx.today()), extended=extended, left=_days_left(ctx, row)
        )
        lines.append(_line(row, quarter, text))
    return "\n".join(lines)


def _missing_labels(row: Row) -> list[str]:
    answers = row.report.answers if row.report is not None else {}
    return [question.label for question in form.open_questions(answers)]


async def missing(ctx: Context, quarter: Quarter, task_forces: list[TaskForce]) -> str:
    overview = await quarter_overview(ctx, quarter, task_forces)
    lines = []
    for row in overview.rows:
        if row.state in REPORTED | {"exempt"}:
            text = _state(ctx, row)
        elif labels := _missing_labels(row):
            text = texts.SELF_MISSING.format(items="、".join(labels))
        else:
            text = texts.SELF_NOTHING_MISSING
        lines.append(_line(row, quarter, text))
    return "\n".join(lines)


async def last_quarter(ctx: Context, quarter: Quarter, task_forces: list[TaskForce]) -> str:
    previous = quarter.previous()
    overview = await quarter_overview(ctx, previous, task_forces)
    blocks = []
    for row in overview.rows:
        head = _line(row, previous, _state(ctx, row))
        body = fields.render_answers(row.answers) if row.latest is not None else []
        blocks.append("\n".join([head, *body]))
    return "\n\n".join(blocks)


async def cases(ctx: Context, quarter: Quarter, task_forces: list[TaskForce]) -> str:
    year = ctx.today().year
    found: dict[str, list[str]] = {tf.id: [] for tf in task_forces}
    reports = [
        r for r in await ctx.repos.reports.reports_of_year(year) if r.task_force_id in found
    ]
    latest = await ctx.repos.reports.latest_versions(r.id for r in reports)
    for report in reports:
        version = latest.get(report.id)
        title = fields.case_title(version.answers) if version is not None else None
        if title is not None:
            label = Quarter.parse(report.period_id).label
            found[report.task_force_id].append(
                texts.OFFICE_CASE_ENTRY.format(title=title, quarter=label)
            )
    return "\n".join(
        texts.SELF_CASES.format(task_force=tf.name, year=year, cases="；".join(found[tf.id]))
        if found[tf.id]
        else texts.SELF_NO_CASES.format(task_force=tf.name, year=year)
        for tf in task_forces
    )


async def todo(ctx: Context, quarter: Quarter, task_forces: list[TaskForce]) -> str:
    """Every task force's owed report of the quarter, one numbered list."""
    overview = await quarter_overview(ctx, quarter, task_forces)
    today = ctx.today()
    items = []
    memberships = await ctx.repos.registry.memberships_of(ctx.user_key)
    led = {m.task_force_id for m in memberships if m.role == "leader"}
    for row in overview.rows:
        if row.state == AWAITING_LEADER and row.task_force.id in led:
            items.append(
                texts.SELF_TODO_CONFIRM.format(
                    task_force=row.task_force.name, quarter=quarter.label
                )
            )
    for row in overview.pending:
        if row.state == "returned":
            what = texts.SELF_TODO_RESUBMIT
        elif row.report is not None and row.report.answers:
            done = form.answered_questions(row.report.answers)
            total = len(form.questions(row.report.answers))
            what = texts.SELF_TODO_CONTINUE.format(done=done, total=total)
        else:
            what = texts.SELF_TODO_FILL
        items.append(
            texts.SELF_TODO_ITEM.format(
                task_force=row.task_force.name,
                quarter=quarter.label,
                what=what,
                due=day_label(row.due_on, today),
                left=_days_left(ctx, row),
            )
        )
    if not items:
        return texts.SELF_TODO_NONE
    numbered = [f"{n}. {item}" for n, item in enumerate(items, 1)]
    return "\n".join([texts.SELF_TODO_TITLE.format(count=len(items)), *numbered, texts.SELF_HOW])


async def others(ctx: Context, quarter: Quarter, task_forces: list[TaskForce]) -> str:
    """About other task forces, counts only: no names."""
    overview = await quarter_overview(ctx, quarter)
    counts = overview.counts()
    expected = len(overview.rows) - counts[ProgressState.EXEMPT]
    done = sum(counts[state] for state in REPORTED)
    return texts.SELF_OTHERS.format(
        quarter=quarter.label, total=expected, done=done, pending=len(overview.pending)
    )


Answer = Callable[[Context, Quarter, list[TaskForce]], Awaitable[str]]
ANSWERS: dict[Ask, Answer] = {
    Ask.TODO: todo,
    Ask.STATUS: status,
    Ask.DUE: due,
    Ask.MISSING: missing,
    Ask.LAST: last_quarter,
    Ask.CASES: cases,
    Ask.OTHERS: others,
}
