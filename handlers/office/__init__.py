"""The office's console in chat: one command word, its arguments, office members only."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from handlers import help as help_handler
from handlers import texts
from handlers.context import Context
from handlers.office import (
    cases,
    chase,
    deadlines,
    export,
    review,
    roster_file,
    schedule,
    scores,
    sends,
    status,
)
from handlers.office.args import ArgumentError, looks_like_argument, split
from knowledge import KnowledgeBase

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
    "名单": ("office.roster", roster_file.send_roster),
    "提醒": ("office.reminders", schedule.reminders),
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
}


async def refusal(ctx: Context, word: str) -> str:
    """A polite no that names the office members to ask instead."""
    who = "、".join(name for name, _ in await ctx.repos.registry.office_contacts())
    contact = texts.OFFICE_CONTACT_NAMED.format(names=who) if who else texts.OFFICE_CONTACT
    return texts.OFFICE_REFUSAL.format(word=word, contact=contact)


def command_of(kb: KnowledgeBase, text: str) -> tuple[str, str] | None:
    """The command word and its arguments, tolerant of full-width characters and a missing
    space (导出2026Q4, 退回纳税 意见) — but only when what follows the word reads as an
    argument, so 进度怎么查 stays a question."""
    # Arguments are read as typed (a comment keeps its ，); each parser normalises its own
    # full-width digits and letters, and str.split takes the full-width space.
    text = text.strip()
    word, args = split(text, 1)
    if word in COMMANDS:
        return word, args
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
    entry = COMMANDS[word]
    intent, command = entry
    if not await ctx.repos.registry.is_office(ctx.message.user_id):
        ctx.intent = "office.refused"
        ctx.reply(await refusal(ctx, word))
        return True
    ctx.intent = intent
    args, _ = sends.split_immediate(args)  # read again where notices are sent
    try:
        await command(ctx, args)
    except ArgumentError as error:
        ctx.intent = f"{intent}.bad_argument"
        ctx.reply(str(error))
    return True
