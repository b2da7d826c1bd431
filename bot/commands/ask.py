"""`zhuanban ask` and `zhuanban chat`: the core from the terminal."""

from __future__ import annotations

import json
import sys

import click

from bot.commands import DEFAULT_USER, feed_text, reply_text, run_with_runtime
from bot.runtime import Runtime

AS_OPTION = click.option(
    "--as",
    "user_id",
    default=DEFAULT_USER,
    show_default=True,
    metavar="USERID",
    help="Speak as this WeCom userid (e.g. a contact or an office member on the roster).",
)


@click.command()
@AS_OPTION
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help='Print one JSON object per question: {"q", "intent", "text"}.',
)
@click.argument("text")
def ask(user_id: str, as_json: bool, text: str) -> None:
    """Ask one question and print the reply. TEXT "-" reads one question per line from stdin.

    Each question stands alone: it neither continues nor starts a conversation (use
    `zhuanban chat` for the step-by-step check-in)."""
    questions = [line.rstrip("\n") for line in sys.stdin] if text == "-" else [text]

    async def work(runtime: Runtime) -> None:
        for question in questions:
            if not question.strip():
                continue
            result = await feed_text(runtime, user_id, question, one_shot=True)
            if as_json:
                record = {"q": question, "intent": result.intent, "text": reply_text(result)}
                click.echo(json.dumps(record, ensure_ascii=False))
            else:
                click.echo(reply_text(result))

    run_with_runtime(work)


@click.command()
@AS_OPTION
def chat(user_id: str) -> None:
    """Chat with the bot in the terminal, exactly as in WeCom. Ctrl-D or 'exit' quits."""
    from bot.commands.repl import run_repl

    run_with_runtime(lambda runtime: run_repl(runtime, user_id))
