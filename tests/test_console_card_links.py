"""Cards that open the console: the 分管领导's 请确认 card and the problem's 签收 card carry
the page in WeCom's own card link (card_action), not as unclickable text in the card."""

from __future__ import annotations

from tests.console_support import CONSOLE_SECRET, log_in
from tests.fakes.harness import Harness, wecom_harness
from tests.office_support import (
    ANSWERS,
    OFFICE,
    POWER_CONTACT,
    TAX_CONTACT,
    TAX_LEADER,
    add_people,
)
from tests.problem_support import add_power_people

PUBLIC = "http://zhuanban.example.gov.cn"
"""http: the test client keeps the session cookie only without `Secure`."""
TAX_PAGE = f"{PUBLIC}/console/task-forces/paying_taxes"
PUBLIC_SETTINGS = {"public_url": PUBLIC, "console_secret": CONSOLE_SECRET}
CHECK_IN = ("填报", "是 11月20日", ANSWERS["progress"], "无", "无", "推广电子税务局新功能。")
CHECK_IN_END = ("否", "跳过", "确认提交")


def _cards(h: Harness, userid: str) -> list[dict]:
    return [s.content for s in h.api.seen_by(userid) if s.msgtype == "template_card"]


def _texts(h: Harness, userid: str) -> list[str]:
    return [s.text for s in h.api.seen_by(userid) if s.msgtype == "text"]


async def _opens_for(h: Harness, clock, userid: str, url: str) -> None:
    """The card's page is one its recipient may open."""
    await log_in(h, userid, clock)
    response = await h.client.get(url.removeprefix(PUBLIC))
    assert response.status == 200, url


async def _checked_in(h: Harness, clock) -> None:
    """The contact submits (the answers come back in the replies; the card is queued)."""
    await add_people(h.sessions, clock.now())
    h.api.users |= {u.lower() for u in (TAX_CONTACT, TAX_LEADER, OFFICE)}
    for answer in (*CHECK_IN, *CHECK_IN_END):
        await h.user.say(TAX_CONTACT, answer)


async def _leader_asked(h: Harness, clock) -> None:
    await _checked_in(h, clock)
    await h.send_outbox()


async def test_the_leaders_card_opens_the_task_force_page(database_url, engine, clock):
    async with wecom_harness(
        database_url, clock, leader_confirmation=True, **PUBLIC_SETTINGS
    ) as h:
        await _leader_asked(h, clock)
        [card] = _cards(h, TAX_LEADER)
        assert card["card_action"] == {"type": 1, "url": TAX_PAGE}
        assert [b["text"] for b in card["button_list"]] == ["确认"]
        shown = [card.get("sub_title_text", ""), *_texts(h, TAX_LEADER)]
        assert not any("/console" in text for text in shown)
        await _opens_for(h, clock, TAX_LEADER, card["card_action"]["url"])


async def test_without_a_public_url_the_card_opens_nothing(database_url, engine, clock):
    async with wecom_harness(
        database_url, clock, leader_confirmation=True, console_secret=CONSOLE_SECRET
    ) as h:
        await _leader_asked(h, clock)
        [card] = _cards(h, TAX_LEADER)
        assert "card_action" not in card


async def test_a_card_sent_as_text_carries_the_link_in_its_text(database_url, engine, clock):
    """WeCom refuses the card: the plain-text fallback is the only place left for the link."""
    async with wecom_harness(
        database_url, clock, leader_confirmation=True, **PUBLIC_SETTINGS
    ) as h:
        await _checked_in(h, clock)
        h.api.fail("message/send", 40058, errmsg="card invalid", msgtype="template_card")
        await h.send_outbox()  # refused: the card is turned into text
        await h.send_outbox()
        assert not _cards(h, TAX_LEADER)
        assert any(TAX_PAGE in text and "确认" in text for text in _texts(h, TAX_LEADER))


async def test_the_problems_card_opens_the_problems_page(database_url, engine, clock):
    async with wecom_harness(database_url, clock, **PUBLIC_SETTINGS) as h:
        await add_people(h.sessions, clock.now())
        await add_power_people(h.sessions, clock.now())
        h.api.users |= {POWER_CONTACT.lower(), OFFICE.lower()}
        await h.user.say(OFFICE, "交办 获得电力 工信局 2026-12-31 排名下降，原因分析")
        await h.send_outbox()
        [card] = _cards(h, POWER_CONTACT)
        assert card["card_action"] == {"type": 1, "url": f"{PUBLIC}/console/problems/1"}
        assert any("排名下降" in text for text in _texts(h, POWER_CONTACT))
        assert not any("/console" in text for text in _texts(h, POWER_CONTACT))
        await _opens_for(h, clock, POWER_CONTACT, card["card_action"]["url"])
