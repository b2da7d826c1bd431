"""Follow-up questions in a conversation: the context per user in the database, its expiry,
and the terminal commands (chat keeps a conversation, ask does not)."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from bot.cli import main
from bot.dispatcher import Dispatcher
from core.settings import Settings
from handlers.routing import build_router
from storage.repositories import Repositories
from tests.chat import Chat

DIALOGUES: list[dict[str, Any]] = yaml.safe_load(
    (Path(__file__).resolve().parent / "data" / "qa_dialogues.yaml").read_text(encoding="utf-8")
)


def test_there_are_enough_dialogues_of_every_kind() -> None:
    assert len(DIALOGUES) >= 30
    turns = [turn for dialogue in DIALOGUES for turn in dialogue["turns"]]
    assert any(turn.get("after_minutes", 0) > 30 for turn in turns)
    assert any(turn.get("restart") for turn in turns)
    assert any(turn.get("user", "a") != "a" for turn in turns)


@pytest.mark.parametrize("dialogue", DIALOGUES, ids=lambda dialogue: dialogue["name"])
async def test_dialogue(dialogue, sessions, kb, clock, settings) -> None:
    dispatcher = Dispatcher(sessions, kb, clock, settings, build_router())
    chats: dict[str, Chat] = {}
    for number, turn in enumerate(dialogue["turns"], start=1):
        clock.advance(timedelta(minutes=turn.get("after_minutes", 1)))
        if turn.get("restart"):
            dispatcher = Dispatcher(sessions, kb, clock, settings, build_router())
            chats = {}
        user = turn.get("user", "a")
        chat = chats.get(user) or Chat(dispatcher, clock, f"qa-{user}")
        chats[user] = chat
        reply = await chat.say(turn["q"])
        missing = [text for text in turn["must"] if text not in reply]
        present = [text for text in turn["must_not"] if text in reply]
        assert not missing and not present, (
            f"turn {number} {turn['q']!r}: missing {missing}, must not contain {present}:\n{reply}"
        )


async def test_the_idle_time_is_a_setting(sessions, kb, clock, database_url) -> None:
    settings = Settings(_env_file=None, database_url=database_url, qa_context_minutes=5)
    chat = Chat(Dispatcher(sessions, kb, clock, settings, build_router()), clock, "qa-short")
    assert "工信局" in await chat.say("获得电力谁牵头")
    clock.advance(timedelta(minutes=6))
    assert "国网东丽供电公司" not in await chat.say("那责任单位呢")


async def test_the_context_is_stored_per_user_and_expires(sessions, clock) -> None:
    idle = timedelta(minutes=30)
    async with sessions() as session, session.begin():
        repos = Repositories(session)
        await repos.qa_contexts.save("a", {"subject": "纳税指标专班"}, clock.now())
        await repos.qa_contexts.save("b", {"subject": "财政局"}, clock.now())
    async with sessions() as session, session.begin():
        repos = Repositories(session)
        assert (await repos.qa_contexts.load("a", clock.now(), idle))["subject"] == "纳税指标专班"
        assert (await repos.qa_contexts.load("b", clock.now(), idle))["subject"] == "财政局"
        assert await repos.qa_contexts.load("c", clock.now(), idle) == {}
        later = clock.now() + idle + timedelta(seconds=1)
        assert await repos.qa_contexts.load("a", later, idle) == {}
        await repos.qa_contexts.save("a", {"subject": "获得电力指标专班"}, later)
    async with sessions() as session, session.begin():
        repos = Repositories(session)
        assert (await repos.qa_contexts.load("a", later, idle))["subject"] == "获得电力指标专班"


@pytest.fixture
def runner(tmp_path, monkeypatch) -> CliRunner:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("ZHUANBAN_DATABASE_URL", raising=False)
    return CliRunner()


def test_chat_with_piped_stdin_is_one_conversation(runner) -> None:
    lines = ["获得电力谁牵头", "那责任单位呢？", "它有几个二级指标"]
    result = runner.invoke(main, ["chat", "--as", "qa_chat"], input="\n".join(lines) + "\n")
    assert result.exit_code == 0, result.output
    assert "工信局" in result.output
    assert "国网东丽供电公司" in result.output
    assert "电力价格" in result.output
    assert "> " not in result.output  # no prompts between piped turns


def test_ask_stays_stateless_and_names_the_query(runner) -> None:
    questions = ["获得电力谁牵头", "那责任单位呢", "哪个专班的责任单位最多", "纳税是财政局牵头吗"]
    result = runner.invoke(main, ["ask", "--json", "-"], input="\n".join(questions) + "\n")
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.output.splitlines()]
    assert "国网东丽供电公司" not in records[1]["text"]
    assert records[2]["intent"] == "most:responsible"
    assert records[3]["intent"] == "verify:leads"
    assert records[3]["text"].startswith("不是")
