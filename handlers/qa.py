"""Knowledge Q&A: answers questions about the task forces from the knowledge base.

In a conversation (WeCom, `zhuanban chat`) a question may follow up the last answer
("那责任单位呢"); what that answer was about is kept per user in the database for
`qa_context_minutes` of silence. A one-shot question (`zhuanban ask`) stands alone."""

from __future__ import annotations

from datetime import timedelta

from handlers.context import Context
from knowledge.answers import answer
from knowledge.followup import Memory, answer_in_context


async def answer_question(ctx: Context) -> None:
    if ctx.message.one_shot:
        result = answer(ctx.kb, ctx.text)
    else:
        contexts = ctx.repos.qa_contexts
        idle = timedelta(minutes=ctx.settings.qa_context_minutes)
        memory = Memory.from_json(await contexts.load(ctx.user_key, ctx.now(), idle))
        result, memory = answer_in_context(ctx.kb, ctx.text, memory)
        await contexts.save(ctx.user_key, memory.to_json(), ctx.now())
    ctx.intent = result.intent
    ctx.reply(result.text)
