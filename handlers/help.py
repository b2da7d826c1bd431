"""Global words: 帮助, 取消 and 重新开始 outside any flow, 帮助 and 重新开始 inside flows that
do not read them themselves."""

from __future__ import annotations

from handlers import texts
from handlers.checkin.parsing import Control, control_word
from handlers.context import Context
from handlers.names import short_name
from handlers.problems import texts as problem_texts
from handlers.reporters import fillable
from storage.roster.texts import ROLE_NAMES


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


async def handle_help(ctx: Context) -> bool:
    """帮助 alone, also inside an office confirmation (which keeps waiting)."""
    word = control_word(ctx.text)
    if word is None or word.control is not Control.HELP:
        return False
    ctx.intent = "help"
    ctx.reply(await help_text(ctx))
    return True


async def help_text(ctx: Context) -> str:
    """What the bot can do for this user, and only that: the office sees its commands; people
    who fill a report (lead-unit 联系人 and 分管领导) their check-in and questions; anyone on
    a task force the problem owner's words. An office member on a task force (政务服务办
    leads some) sees both."""
    office = await ctx.repos.registry.is_office(ctx.message.user_id)
    memberships = await ctx.repos.registry.memberships_of(ctx.user_key)
    mine = [m for m in memberships if m.task_force_id in fillable(ctx.kb, memberships)]
    parts = [texts.OFFICE_HELP if office else texts.HELP]
    if mine:
        names = dict.fromkeys(short_name(ctx.kb.task_force(m.task_force_id)) for m in mine)
        roles = dict.fromkeys(ROLE_NAMES[m.role] for m in mine)
        parts.append(
            texts.HELP_REPORTER.format(task_forces="、".join(names), roles="、".join(roles))
        )
        if ctx.settings.leader_confirmation and any(m.role == "leader" for m in mine):
            parts.append(texts.HELP_LEADER_CONFIRM)
    if memberships:
        parts.append(problem_texts.HELP_PROBLEMS)
    return "".join(parts)
