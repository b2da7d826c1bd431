"""The office's side of the problem list: 交办 (assign), 问题清单 (list, candidates, one
problem's history), 销号 (approve a request) and 退回销号 (return it with a reason)."""

from __future__ import annotations

from core.dates import short_day
from core.messages import Button, Card, Outbound, ToUsers
from core.office_commands import OfficeCommand
from core.problems import IllegalTransition, ProblemAction, ProblemSource
from core.reports import ReportStatus
from handlers import notices
from handlers.checkin import spec
from handlers.console_links import console_link, problem_path
from handlers.context import Context
from handlers.names import listing, short_name
from handlers.office.args import ArgumentError, parse_day, resolve_task_force, split
from handlers.office.common import audit
from handlers.problems import common, rates
from handlers.problems import texts as ptexts
from handlers.problems.history import history_text
from knowledge.models import TaskForce
from storage.models import Problem, ProblemEvent, Report
from storage.periods import reporting_quarter
from storage.repositories.problems import NewProblem

TITLE_CHARS = 200
CHECKIN_TITLE_CHARS = 60
SENTENCE_END = "。；;，,.！!"

REPORTED = (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED, ReportStatus.RETURNED)


def owner_units(task_force: TaskForce) -> tuple[str, ...]:
    """The units a problem of the task force may be given to: its lead and responsible ones."""
    return tuple(dict.fromkeys((*task_force.lead_units, *task_force.responsible_units)))


def _unit(ctx: Context, task_force: TaskForce, text: str) -> str:
    allowed = owner_units(task_force)
    unit = ctx.kb.resolve_unit(text).item
    values = {"text": text, "task_force": task_force.name, "units": listing(allowed)}
    if unit is None:
        raise ArgumentError(ptexts.ASSIGN_UNKNOWN_UNIT.format(**values))
    if unit.name not in allowed:
        raise ArgumentError(ptexts.ASSIGN_NOT_OWNER.format(unit=unit.name, **values))
    return unit.name


def problem_answer(report: Report | None) -> str | None:
    """The check-in's 存在的问题和困难 when it names one (not 无) and the contact marked it
    for the problem list."""
    if report is None or report.status not in REPORTED:
        return None
    found = spec.question("problems").stored(report.answers.get("problems"))
    if not spec.names_problem(found) or found.get("listed") is not True:
        return None
    return str(found["text"]).strip()


async def _source(
    ctx: Context, task_force: TaskForce, source: ProblemSource, title: str
) -> tuple[str, str | None, str | None]:
    """(title, source reference, detail) for a problem from the check-in or a meeting."""
    quarter = await reporting_quarter(ctx.repos, ctx.today())
    report = await ctx.repos.reports.report(quarter.id, task_force.id)
    values = {"task_force": task_force.name, "quarter": quarter.label}
    if source is ProblemSource.CHECKIN:
        answer = problem_answer(report)
        if answer is None or report is None:
            raise ArgumentError(ptexts.ASSIGN_NO_CHECKIN.format(**values))
        first = answer.splitlines()[0].rstrip(SENTENCE_END)  # lines read "标题，时限…"
        if not title:
            title = first[:CHECKIN_TITLE_CHARS] + ("…" if len(first) > CHECKIN_TITLE_CHARS else "")
        return title, f"{quarter.id}/{task_force.id}/v{report.version}", answer
    reported = report is not None and report.status in REPORTED
    meeting = (report.answers.get("meeting") if reported and report is not None else None) or {}
    if meeting.get("held") is not True or not meeting.get("date"):
        raise ArgumentError(ptexts.ASSIGN_NO_MEETING.format(**values))
    if not title:
        raise ArgumentError(ptexts.ASSIGN_NO_TITLE)
    return title, str(meeting["date"]), None


async def assign(ctx: Context, args: str) -> None:
    """交办 <专班> <单位> <日期> [季报|会商] [标题]: a new problem, its people told with a
    签收 card."""
    first_line, _, more = args.strip().partition("\n")
    words = first_line.split()
    source = ProblemSource.OFFICE
    for word, marked in (
        (ptexts.CHECKIN_WORD, ProblemSource.CHECKIN),
        (ptexts.MEETING_WORD, ProblemSource.MEETING),
    ):
        if word in words[:4]:
            words.remove(word)
            source = marked
    task_force_text, unit_text, day_text, title = split(" ".join(words), 3)
    if not day_text:
        raise ArgumentError(ptexts.ASSIGN_NEEDS)
    task_force = resolve_task_force(ctx.kb, task_force_text)
    unit = _unit(ctx, task_force, unit_text)
    today = ctx.today()
    due = parse_day(day_text, today, onward=True)
    if due < today:
        raise ArgumentError(ptexts.ASSIGN_PAST_DUE.format(day=due.isoformat()))
    title, detail = title.strip(), more.strip() or None
    reference = None
    if source is not ProblemSource.OFFICE:
        title, reference, from_answer = await _source(ctx, task_force, source, title)
        detail = detail or from_answer
    if not title:
        raise ArgumentError(ptexts.ASSIGN_NO_TITLE)
    if len(title) > TITLE_CHARS:
        raise ArgumentError(ptexts.ASSIGN_TITLE_TOO_LONG.format(limit=TITLE_CHARS))
    unit_id = (await ctx.repos.problems.unit_ids([unit]))[unit]
    new = NewProblem(task_force.id, unit_id, title, due, source, reference, detail)
    problem = await ctx.repos.problems.create(new, ctx.message.user_id, ctx.now())
    await audit(
        ctx,
        "problem.assign",
        "problem",
        str(problem.id),
        after={"task_force": task_force.id, "unit": unit, "due": due.isoformat(), "title": title},
    )
    sent = await _send_cards(ctx, problem, task_force, unit)
    ctx.reply(
        ptexts.ASSIGNED.format(
            no=problem.id,
            task_force=short_name(task_force),
            unit=unit,
            due=short_day(due),
            source=ptexts.SOURCE_LABELS[source],
            sent=sent,
        )
    )


async def _send_cards(ctx: Context, problem: Problem, task_force: TaskForce, unit: str) -> str:
    """A card with a 签收 button to each of the owner unit's people (one card per person: a
    click is one person's); the line telling the office who was told and when."""
    people = await common.owners(ctx.repos, problem, unit)
    if not people:
        return ptexts.ASSIGNED_NOBODY.format(unit=unit, task_force=task_force.name)
    at = notices.send_at(ctx, notices.immediate(ctx))
    text = ptexts.NOTICE_ASSIGNED.format(
        no=problem.id,
        title=problem.title,
        task_force=task_force.name,
        unit=unit,
        due=short_day(problem.due_on),
    )
    button = Button(ptexts.ACKNOWLEDGE_WORD, f"{ptexts.ACKNOWLEDGE_WORD} {problem.id}")
    card = Card(text, (button,), ptexts.NOTICE_TITLE, url=_page(ctx, problem))
    count = 0
    for person in people:
        if await ctx.send(
            Outbound(ToUsers.of(person.userid), card),
            source="problems",
            dedupe_key=f"problem:{problem.id}:assigned:{person.userid.lower()}",
            not_before=at,
        ):
            count += 1
    return notices.announcement(ctx, count, at)


def _page(ctx: Context, problem: Problem) -> str:
    """The problem's console page a tap on its card opens ("" without a public console)."""
    return console_link(ctx.settings, problem_path(problem.id)) or ""


async def _problem(ctx: Context, number: int | None, word: str) -> Problem:
    if number is None:
        raise ArgumentError(ptexts.OFFICE_NEEDS_NUMBER.format(word=word))
    problem = await ctx.repos.problems.get(number, for_update=True)
    if problem is None:
        raise ArgumentError(ptexts.NOT_FOUND.format(no=number))
    return problem


async def _step(
    ctx: Context, problem: Problem, action: ProblemAction, remark: str | None
) -> ProblemEvent:
    before = problem.status
    try:
        event = await ctx.repos.problems.apply(
            problem, action, ctx.message.user_id, ctx.now(), remark=remark
        )
    except IllegalTransition:
        raise ArgumentError(
            ptexts.ILLEGAL.format(
                no=problem.id,
                status=ptexts.STATUS_LABELS[problem.status],
                action=ptexts.ACTION_LABELS[action],
            )
        ) from None
    await audit(
        ctx,
        f"problem.{action.value}",
        "problem",
        str(problem.id),
        before={"status": before.value},
        after={"status": problem.status.value, "remark": remark},
    )
    return event


async def approve(ctx: Context, args: str) -> None:
    """销号 <编号> [意见]."""
    number, remark = common.split_number(args)
    problem = await _problem(ctx, number, OfficeCommand.CLOSE)
    event = await _step(ctx, problem, ProblemAction.APPROVE, remark.strip() or None)
    await common.announce(ctx, problem, event)
    on_time = ctx.today() <= problem.due_on
    ctx.reply(
        ptexts.APPROVED.format(
            no=problem.id, title=problem.title, timing=ptexts.ON_TIME if on_time else ptexts.LATE
        )
    )


async def return_close(ctx: Context, args: str) -> None:
    """退回销号 <编号> <原因>: back to 办理中, the reason to the owner's people."""
    number, reason = common.split_number(args)
    problem = await _problem(ctx, number, OfficeCommand.RETURN_CLOSE)
    if not reason.strip():
        raise ArgumentError(ptexts.RETURN_NEEDS_REASON)
    event = await _step(ctx, problem, ProblemAction.RETURN, reason.strip())
    await common.announce(ctx, problem, event)
    units = await ctx.repos.problems.unit_names()
    ctx.reply(ptexts.RETURNED.format(no=problem.id, unit=units[problem.owner_unit_id]))


async def problem_list(ctx: Context, args: str) -> None:
    """问题清单 [专班|编号|候选]: every problem with its colour and the 按期销号率, one
    task force's, one problem's history, or this quarter's check-in answers to assign."""
    args = args.strip()
    if args == ptexts.CANDIDATES_WORD:
        ctx.reply(await candidates(ctx))
        return
    number = common.parse_number(args) if args else None
    if number is not None:
        problem = await ctx.repos.problems.get(number)
        if problem is None:
            raise ArgumentError(ptexts.NOT_FOUND.format(no=number))
        ctx.reply(await history_text(ctx, problem))
        return
    task_force = resolve_task_force(ctx.kb, args) if args else None
    scope = [task_force.id] if task_force is not None else None
    problems = await ctx.repos.problems.listing(task_force_ids=scope)
    if not problems:
        ctx.reply(ptexts.LIST_EMPTY)
        return
    units = await ctx.repos.problems.unit_names()
    lit = [common.problem_light(p, ctx.today(), ctx.settings.warning_workdays) for p in problems]
    header = ptexts.LIST_HEADER.format(
        scope=task_force.name if task_force is not None else ptexts.LIST_ALL,
        total=len(problems),
        open=sum(colour is not None for colour in lit),
        red=sum(colour == "red" for colour in lit),
        yellow=sum(colour == "yellow" for colour in lit),
    )
    quarter = await reporting_quarter(ctx.repos, ctx.today())
    rate = rates.rate_line(rates.quarter_rate(problems, quarter))
    ctx.reply("\n".join([header, *common.lines(ctx, problems, units), rate]))


async def candidates(ctx: Context) -> str:
    """This quarter's reported problems not yet on the list."""
    quarter = await reporting_quarter(ctx.repos, ctx.today())
    used = {p.source_ref for p in await ctx.repos.problems.listing() if p.source_ref}
    found = []
    for report in await ctx.repos.reports.reports(quarter.id):
        answer = problem_answer(report)
        reference = f"{quarter.id}/{report.task_force_id}/v{report.version}"
        if answer is None or reference in used:
            continue
        task_force = ctx.kb.task_force(report.task_force_id)
        found.append(
            ptexts.CANDIDATE_LINE.format(
                task_force=short_name(task_force), version=report.version, text=answer
            )
        )
    if not found:
        return ptexts.CANDIDATES_NONE.format(quarter=quarter.label)
    return "\n".join([ptexts.CANDIDATES_HEADER.format(quarter=quarter.label), *found])
