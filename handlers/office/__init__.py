"""The office's console in chat: one command word, its arguments, office members only."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from handlers import texts
from handlers.context import Context
from handlers.office import calendar, cases, chase, deadlines, export, review, scores, status
from handlers.office.args import ArgumentError, split

Command = Callable[[Context, str], Awaitable[None]]

COMMANDS: dict[str, tuple[str, Command]] = {
    "进度": ("office.progress", status.progress),
    "未报": ("office.missing", status.missing),
    "催报": ("office.chase", chase.chase),
    "查看": ("office.show", review.show),
    "版本": ("office.versions", review.versions),
    "退回": ("office.return", review.return_report),
    "通过": ("office.accept", review.accept_report),
    "导出": ("office.export", export.export),
    "截止": ("office.deadline", deadlines.set_deadline),
    "延期": ("office.extend", deadlines.extend),
    "免报": ("office.exempt", deadlines.exempt),
    "案例": ("office.cases", cases.cases),
    "成绩": ("office.score", scores.record),
    "晾晒": ("office.ranking", scores.publish),
    "节假日": ("office.calendar", calendar.holidays),
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
    entry = COMMANDS.get(word)
    if entry is None:
        return False
    intent, command = entry
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
