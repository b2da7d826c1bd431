"""The office's console in chat: one command word, its arguments, office members only."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from core.office_commands import OfficeCommand
from handlers import help as help_handler
from handlers import notices, texts
from handlers.context import Context
from handlers.office import (
    attachments,
    calendar,
    cases,
    chase,
    deadlines,
    delivery,
    documents,
    export,
    periods,
    problems,
    review,
    roster_file,
    schedule,
    scores,
    status,
    targets,
)
from handlers.office.args import ArgumentError, looks_like_argument, split
from knowledge import KnowledgeBase

Command = Callable[[Context, str], Awaitable[None]]

COMMANDS: dict[OfficeCommand, tuple[str, Command]] = {
    OfficeCommand.PROGRESS: ("office.progress", status.progress),
    OfficeCommand.MISSING: ("office.missing", status.missing),
    OfficeCommand.CHASE: ("office.chase", chase.chase),
    OfficeCommand.SHOW: ("office.show", review.show),
    OfficeCommand.VERSIONS: ("office.versions", review.versions),
    OfficeCommand.RETURN: ("office.return", review.return_report),
    OfficeCommand.ACCEPT: ("office.accept", review.accept_report),
    OfficeCommand.EXPORT: ("office.export", export.export),
    OfficeCommand.DEADLINE: ("office.deadline", deadlines.set_deadline),
    OfficeCommand.PERIOD: ("office.period", periods.set_period),
    OfficeCommand.EXTEND: ("office.extend", deadlines.extend),
    OfficeCommand.EXEMPT: ("office.exempt", deadlines.exempt),
    OfficeCommand.CASES: ("office.cases", cases.cases),
    OfficeCommand.SCORE: ("office.score", scores.record),
    OfficeCommand.RANKING: ("office.ranking", scores.publish),
    OfficeCommand.ROSTER: ("office.roster", roster_file.send_roster),
    OfficeCommand.REMINDERS: ("office.reminders", schedule.reminders),
    OfficeCommand.QUARTER_REPORT: ("office.document.quarter", documents.quarter_document),
    OfficeCommand.RANKING_REPORT: ("office.document.ranking", documents.ranking_document),
    OfficeCommand.DELIVERY: ("office.delivery", delivery.delivery),
    OfficeCommand.HOLIDAYS: ("office.calendar", calendar.holidays),
    OfficeCommand.ATTACHMENTS: ("office.attachments", attachments.attachments),
    OfficeCommand.ASSIGN: ("office.problem.assign", problems.assign),
    OfficeCommand.PROBLEMS: ("office.problem.list", problems.problem_list),
    OfficeCommand.CLOSE: ("office.problem.close", problems.approve),
    OfficeCommand.RETURN_CLOSE: ("office.problem.return", problems.return_close),
    OfficeCommand.TARGETS: ("office.targets", targets.list_targets),
}
"""Command word → (intent, handler), in the order 帮助 lists them (texts.OFFICE_USAGE)."""

Flow = Callable[[Context], Awaitable[None]]


def _not_blocking(flow: Flow) -> Flow:
    """A pending confirmation never blocks the office: another command (or 帮助) runs as
    usual and the confirmation stays pending; 确认/取消 and anything else go to `flow`."""

    async def run(ctx: Context) -> None:
        if await handle_command(ctx) or await help_handler.handle_help(ctx):
            return
        await flow(ctx)

    return run


FLOWS = {
    scores.FLOW: _not_blocking(scores.publish_flow),
    deadlines.REOPEN_FLOW: _not_blocking(deadlines.reopen_flow),
    calendar.FLOW: _not_blocking(calendar.confirm_flow),
}


async def refusal(ctx: Context, word: str) -> str:
    """A polite no that names the office members to ask instead."""
    who = "、".join(name for name, _ in await ctx.repos.registry.office_contacts())
    contact = texts.OFFICE_CONTACT_NAMED.format(names=who) if who else texts.OFFICE_CONTACT
    return texts.OFFICE_REFUSAL.format(word=word, contact=contact)


def command_of(kb: KnowledgeBase, text: str) -> tuple[OfficeCommand, str] | None:
    """The command word and its arguments, tolerant of full-width characters and a missing
    space (导出2026Q4, 退回纳税 意见) — but only when what follows the word reads as an
    argument, so 进度怎么查 stays a question."""
    # Arguments are read as typed (a comment keeps its ，); each parser normalises its own
    # full-width digits and letters, and str.split takes the full-width space.
    text = text.strip()
    word, args = split(text, 1)
    if word in COMMANDS:
        return OfficeCommand(word), args
    for candidate in COMMANDS:
        rest = text.removeprefix(candidate)
        if rest != text and rest.strip() and looks_like_argument(kb, split(rest, 1)[0]):
            return candidate, rest.strip()
    return None


async def handle_command(ctx: Context) -> bool:
    """Run an office command when the message starts with one; False leaves it to others."""
    found = command_of(ctx.kb, ctx.text)
    if found is None:
        return False
    word, args = found
    intent, command = COMMANDS[word]
    if not await ctx.repos.registry.is_office(ctx.message.user_id):
        ctx.intent = "office.refused"
        ctx.reply(await refusal(ctx, word))
        return True
    ctx.intent = intent
    args, _ = notices.split_immediate(args)  # read again where notices are sent
    try:
        await command(ctx, args)
    except ArgumentError as error:
        ctx.intent = f"{intent}.bad_argument"
        ctx.reply(str(error))
    return True
