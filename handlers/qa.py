"""Knowledge Q&A: answers questions about the task forces from the knowledge base."""

from __future__ import annotations

from handlers.context import Context
from knowledge.answers import answer


async def answer_question(ctx: Context) -> None:
    result = answer(ctx.kb, ctx.text)
    ctx.intent = result.intent
    ctx.reply(result.text)
