"""The owner unit's words: 签收 [编号] (also a card's button), 进展 <编号> <情况> and
申请销号 <编号> <办结情况> (with the evidence file sent just before, if any)."""

from __future__ import annotations

from core.dates import short_day
from core.problems import IllegalTransition, ProblemAction, ProblemStatus
from handlers.context import Context
from handlers.problems import common, texts
from storage.models import Attachment, Problem

WORDS = {
    texts.ACKNOWLEDGE_WORD: ProblemAction.ACKNOWLEDGE,
    texts.PROGRESS_WORD: ProblemAction.PROGRESS,
    texts.REQUEST_CLOSE_WORD: ProblemAction.REQUEST_CLOSE,
}
EVIDENCE_PURPOSE = "problem"


def _command(text: str) -> tuple[ProblemAction, str] | None:
    """The step a message asks for and the rest as typed (the remark keeps its ，)."""
    text = text.strip()
    for word, action in WORDS.items():
        rest = text.removeprefix(word)
        if rest != text and (
            not rest or rest[0].isspace() or rest[0].isdigit() or rest[0] in "#＃问第"
        ):
            return action, rest.strip()
    return None


async def _mine(ctx: Context, problem: Problem) -> bool:
    units = await ctx.repos.problems.unit_names()
    people = await common.owners(ctx.repos, problem, units[problem.owner_unit_id])
    return any(person.userid.lower() == ctx.user_key for person in people)


async def _my_open(ctx: Context) -> list[Problem]:
    """Open problems of the task forces and units the sender belongs to."""
    memberships = await ctx.repos.registry.memberships_of(ctx.message.user_id)
    units = await ctx.repos.problems.unit_ids({m.unit for m in memberships if m.unit})
    task_forces = {m.task_force_id for m in memberships}
    problems = await ctx.repos.problems.listing(
        task_force_ids=task_forces, owner_unit_ids=units.values(), open_only=True
    )
    return [p for p in problems if await _mine(ctx, p)]


async def handle_numbered(ctx: Context) -> bool:
    """The words with a problem's number only (签收 3, as a card's button sends it): taken
    even in the middle of another conversation, which stays where it was."""
    found = _command(ctx.text)
    if found is None or common.split_number(found[1])[0] is None:
        return False
    return await handle(ctx)


async def handle(ctx: Context) -> bool:
    found = _command(ctx.text)
    if found is None:
        return False
    action, rest = found
    ctx.intent = f"problem.{action.value}"
    number, remark = common.split_number(rest)
    if number is None:
        mine = await _my_open(ctx)
        if not mine and action is not ProblemAction.ACKNOWLEDGE:
            ctx.intent = ""
            return False  # "进展如何" from someone with no problem: not ours
        waiting = [p for p in mine if p.status is ProblemStatus.ASSIGNED]
        choices = waiting if action is ProblemAction.ACKNOWLEDGE else mine
        if action is ProblemAction.ACKNOWLEDGE and not choices:
            ctx.reply(texts.NOTHING_TO_ACKNOWLEDGE)
            return True
        if len(choices) != 1:
            word = next(w for w, a in WORDS.items() if a is action)
            numbers = "、".join(str(p.id) for p in choices) or "-"
            ctx.reply(
                texts.WHICH.format(word=word, no=choices[0].id if choices else 1, numbers=numbers)
            )
            return True
        number = choices[0].id
    problem = await ctx.repos.problems.get(number, for_update=True)
    if problem is None:
        ctx.reply(texts.NOT_FOUND.format(no=number))
        return True
    if not await _mine(ctx, problem):
        units = await ctx.repos.problems.unit_names()
        task_force = ctx.kb.task_force(problem.task_force_id)
        ctx.reply(
            texts.NOT_YOURS.format(
                no=number, unit=units[problem.owner_unit_id], task_force=task_force.name
            )
        )
        return True
    await _act(ctx, problem, action, remark.strip())
    return True


async def _evidence(ctx: Context, problem: Problem) -> Attachment | None:
    """The file the sender sent since the problem's last step, if any."""
    latest = await ctx.repos.attachments.latest_with_purpose(ctx.message.user_id, "chat")
    events = await ctx.repos.problems.events(problem.id)
    if latest is None or (events and latest.created_at < events[-1].at):
        return None
    return latest


async def _act(ctx: Context, problem: Problem, action: ProblemAction, remark: str) -> None:
    values = {"no": problem.id, "title": problem.title, "due": short_day(problem.due_on)}
    if action is ProblemAction.PROGRESS and not remark:
        ctx.reply(texts.PROGRESS_NEEDS_TEXT.format(**values))
        return
    evidence = None
    if action is ProblemAction.REQUEST_CLOSE:
        evidence = await _evidence(ctx, problem)
        if not remark and evidence is None:
            ctx.reply(texts.CLOSE_NEEDS_EVIDENCE.format(**values))
            return
    try:
        event = await ctx.repos.problems.apply(
            problem,
            action,
            ctx.message.user_id,
            ctx.now(),
            remark=remark or None,
            attachment_id=evidence.id if evidence is not None else None,
        )
    except IllegalTransition:
        ctx.reply(
            texts.ILLEGAL.format(
                no=problem.id,
                status=texts.STATUS_LABELS[problem.status],
                action=texts.ACTION_LABELS[action],
            )
        )
        return
    office = await ctx.repos.registry.office_userids()
    if action is ProblemAction.ACKNOWLEDGE:
        await common.announce(ctx, problem, event)
        ctx.reply(texts.ACKNOWLEDGED.format(**values))
    elif action is ProblemAction.PROGRESS:
        await common.announce(ctx, problem, event)
        ctx.reply(texts.PROGRESS_RECORDED.format(**values))
    else:
        linked = ""
        if evidence is not None:
            await ctx.repos.attachments.set_purpose(evidence.id, EVIDENCE_PURPOSE)
            name = evidence.file_name or texts.EVIDENCE_UNNAMED.format(id=evidence.id)
            linked = texts.EVIDENCE_LINKED.format(name=name)
        await common.announce(ctx, problem, event, also=office)
        ctx.reply(texts.CLOSE_REQUESTED.format(evidence=linked, **values))
