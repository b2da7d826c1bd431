"""Global words: 帮助, 取消 and 重新开始 outside any flow, 帮助 and 重新开始 inside flows that
do not read them themselves."""

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
    if control is Control.RESTART:
        await restart(ctx)  # a paused check-in's place too: 填报 starts where the draft is
        return True
    return False


async def restart(ctx: Context) -> None:
    """重新开始 outside the check-in: leave any flow, and say what the bot can do."""
    ctx.intent = "restart"
    ctx.state.clear()
    ctx.reply(f"{texts.RESTARTED}\n\n{await help_text(ctx)}")


async def handle_flow_words(ctx: Context) -> bool:
    """帮助 and 重新开始 in a flow that answers only its own words (a pending confirmation):
    help keeps the flow waiting, 重新开始 leaves it."""
    word = control_word(ctx.text)
    control = word.control if word is not None else None
    if control is Control.HELP:
        ctx.intent = "help"
        ctx.reply(f"{await help_text(ctx)}\n\n{texts.FLOW_PENDING}")
        return True
    if control is Control.RESTART:
        await restart(ctx)
        return True
    return False


async def help_text(ctx: Context) -> str:
    """What the bot can do for this user: the office sees its commands too."""
    office = await ctx.repos.registry.is_office(ctx.message.user_id)
    return texts.OFFICE_HELP if office else texts.HELP
