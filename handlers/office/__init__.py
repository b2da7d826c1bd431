"""The office's console in chat: one command word, its arguments, office members only."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from core.office_commands import OfficeCommand
from handlers import texts
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
    review,
    scores,
    status,
)
from handlers.office.args import ArgumentError, split

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
    OfficeCommand.EXTEND: ("office.extend", deadlines.extend),
    OfficeCommand.EXEMPT: ("office.exempt", deadlines.exempt),
    OfficeCommand.CASES: ("office.cases", cases.cases),
    OfficeCommand.SCORE: ("office.score", scores.record),
    OfficeCommand.RANKING: ("office.ranking", scores.publish),
    OfficeCommand.QUARTER_REPORT: ("office.document.quarter", documents.quarter_document),
    OfficeCommand.RANKING_REPORT: ("office.document.ranking", documents.ranking_document),
    OfficeCommand.DELIVERY: ("office.delivery", delivery.delivery),
    OfficeCommand.HOLIDAYS: ("office.calendar", calendar.holidays),
    OfficeCommand.ATTACHMENTS: ("office.attachments", attachments.attachments),
}
"""Command word → (intent, handler), in the order 帮助 lists them (texts.OFFICE_USAGE)."""

FLOWS = {scores.FLOW: scores.publish_flow, calendar.FLOW: calendar.confirm_flow}


async def refusal(ctx: Context, word: str) -> str:
    """A polite no that names the office members to ask instead."""
    who = "、".join(name for name, _ in await ctx.repos.registry.office_contacts())
    contact = texts.OFFICE_CONTACT_NAMED.format(names=who) if who else texts.OFFICE_CONTACT
    return texts.OFFICE_REFUSAL.format(word=word, contact=contact)


async def handle_command(ctx: Context) -> bool:
    """Run an office command when the message starts with one; False leaves it to others."""
    word, args = split(ctx.text, 1)
    try:
        intent, command = COMMANDS[OfficeCommand(word)]
    except ValueError:
        return False
    if not await ctx.repos.registry.is_office(ctx.message.user_id):
        ctx.intent = "office.refused"
        ctx.reply(await refusal(ctx, word))
        return True
    ctx.intent = intent
    try:
        await command(ctx, args)
    except ArgumentError as error:
        ctx.intent = f"{intent}.bad_argument"
        ctx.reply(str(error))
    return True
