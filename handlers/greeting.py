"""Opening the app: greet with what the bot can do, at most once a day."""

from __future__ import annotations

from bot.clock import local
from handlers import texts
from handlers.context import Context


async def greet_on_enter(ctx: Context) -> None:
    ctx.intent = "greeting"
    if await ctx.repos.greetings.claim(ctx.user_key, local(ctx.now()).date()):
        ctx.reply(texts.HELP)
