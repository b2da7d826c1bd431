"""Opening the app: greet with what the bot can do, at most once a day."""

from __future__ import annotations

from handlers.context import Context
from handlers.help import help_text


async def greet_on_enter(ctx: Context) -> None:
    ctx.intent = "greeting"
    if await ctx.repos.greetings.claim(ctx.user_key, ctx.today()):
        ctx.reply(await help_text(ctx))
