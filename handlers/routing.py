"""Routing: an active flow first, then global words, commands, and knowledge Q&A last."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence

from core.messages import Kind
from handlers import (
    attachments,
    checkin,
    greeting,
    leader_confirm,
    office,
    qa,
    roster_import,
    selfservice,
    target_questions,
    targets_import,
    texts,
)
from handlers import help as help_handler
from handlers import roster as roster_handler
from handlers.context import Context
from handlers.problems import owner as problem_owner
from handlers.problems import questions as problem_questions

Handler = Callable[[Context], Awaitable[bool]]
"""Returns True when it handled the message."""

Flow = Callable[[Context], Awaitable[None]]
"""Continues a multi-step conversation; it handles its own control words."""


class Router:
    def __init__(
        self,
        flows: Mapping[str, Flow],
        commands: Sequence[Handler],
        self_guided: frozenset[str] = frozenset(),
        interrupts: Sequence[Handler] = (),
    ) -> None:
        self.flows = dict(flows)
        self.commands = tuple(commands)
        self.self_guided = self_guided
        """Flows that read 帮助 and 重新开始 themselves; the others get the global meaning."""
        self.interrupts = tuple(interrupts)
        """Tried even in a flow, which then stays where it was: words no flow's answer can
        be (a card's button such as 签收 3)."""

    async def route(self, ctx: Context) -> None:
        flow = self.flows.get(ctx.state.flow or "")
        if flow is not None and await self._interrupted(ctx):
            return
        if flow is not None:  # opening the app mid-flow too: the flow repeats its question
            guided = ctx.state.flow in self.self_guided
            if guided or not await help_handler.handle_flow_words(ctx):
                await flow(ctx)
            return
        if ctx.state.flow is not None:  # a flow this version no longer knows
            ctx.state.clear()
        if ctx.message.kind is Kind.ENTER:
            await greeting.greet_on_enter(ctx)
            return
        if ctx.message.kind is Kind.FILE:  # kept; a roster file is read once downloaded
            await attachments.receive_outside_flow(ctx)
            return
        for command in self.commands:
            if await command(ctx):
                return
        await qa.answer_question(ctx)

    async def _interrupted(self, ctx: Context) -> bool:
        for handler in self.interrupts:
            if await handler(ctx):
                return True
        return False

    async def recover(self, ctx: Context) -> None:
        """A turn failed for a reason nobody foresaw, and all it did was rolled back. In a
        fresh transaction, with the state as it was before the turn: keep the file the
        message carried, end the flow it was in (so the same error does not meet every
        later message; drafts are stored apart and stay), and apologise."""
        ctx.intent = "error"
        if ctx.message.kind is Kind.FILE:
            await attachments.keep_after_failure(ctx, in_checkin=ctx.state.flow == checkin.FLOW)
        ctx.replies.clear()
        if ctx.state.flow is None:
            ctx.reply(texts.INTERNAL_ERROR)
            return
        ctx.state.clear()
        ctx.reply(texts.FLOW_FAILED)


def build_router() -> Router:
    """The bot's routing table, in priority order."""
    return Router(
        flows={**office.FLOWS, checkin.FLOW: checkin.flow},
        commands=(
            office.handle_command,
            targets_import.handle_answer,  # before the roster's: the newer file awaiting wins
            roster_import.handle_answer,
            leader_confirm.handle,  # 确认 from a 分管领导 with submissions waiting; else not taken
            help_handler.handle_global_words,
            roster_handler.handle_roster_question,
            checkin.start,
            problem_owner.handle,  # 签收 / 进展 / 申请销号 from a problem's owner unit
            problem_questions.handle,  # before Q&A: the problem list's questions
            selfservice.handle,  # before Q&A: only personal questions of people who report
            target_questions.handle,  # before Q&A: 本季度目标完成情况, each seeing their own
        ),
        self_guided=frozenset({checkin.FLOW}),
        interrupts=(problem_owner.handle_numbered,),  # 签收 3 from a card, mid check-in too
    )
