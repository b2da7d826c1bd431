"""Global words outside any flow: 帮助 and 取消."""

from __future__ import annotations

from handlers import texts
from handlers.context import Context
from knowledge.normalize import fold, normalize

HELP_WORDS = frozenset({"帮助", "help", "菜单", "功能"})
"""Compared after `normalize`, which drops punctuation; so the lone question mark is apart."""
HELP_MARK = "?"  # `fold` (NFKC) turns the full-width ？ into this
CANCEL_WORDS = frozenset({"取消", "cancel", "退出"})


async def handle_global_words(ctx: Context) -> bool:
    word = normalize(ctx.text)
    if word in HELP_WORDS or fold(ctx.text).strip() == HELP_MARK:
        ctx.intent = "help"
        ctx.reply(await help_text(ctx))
        return True
    if word in CANCEL_WORDS:
        ctx.intent = "cancel"
        ctx.reply(texts.NOTHING_TO_CANCEL)
        return True
    return False


async def help_text(ctx: Context) -> str:
    """What the bot can do for this user: the office sees its commands too."""
    office = await ctx.repos.registry.is_office(ctx.message.user_id)
    return texts.OFFICE_HELP if office else texts.HELP
