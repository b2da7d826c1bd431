"""Global words outside any flow: 帮助 and 取消."""

from __future__ import annotations

from handlers import texts
from handlers.checkin.parsing import Control, control_word
from handlers.context import Context


async def handle_global_words(ctx: Context) -> bool:
    """帮助 and 取消 (the check-in's control words) when no flow is running."""
    word = control_word(ctx.text)
    control = word.control if word is not None else None
    if control is Control.HELP:
        ctx.intent = "help"
        ctx.reply(await help_text(ctx))
        return True
    if control is Control.CANCEL:
        ctx.intent = "cancel"
        ctx.reply(texts.NOTHING_TO_CANCEL)
        return True
    return False


async def handle_help(ctx: Context) -> bool:
    """帮助 alone, also inside an office confirmation (which keeps waiting)."""
    word = control_word(ctx.text)
    if word is None or word.control is not Control.HELP:
        return False
    ctx.intent = "help"
    ctx.reply(await help_text(ctx))
    return True


async def help_text(ctx: Context) -> str:
    """What the bot can do for this user: the office sees its commands too."""
    office = await ctx.repos.registry.is_office(ctx.message.user_id)
    return texts.OFFICE_HELP if office else texts.HELP
