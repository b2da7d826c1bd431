"""Callback crypto and parsing, checked against an independent implementation of WeCom's
scheme (the fake user), plus text splitting."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.wecom import Refused
from bot.wecom.callback import NonceCache
from bot.wecom.crypto import CallbackCrypto
from bot.wecom.parse import parse_message, parse_query, render_text_reply
from bot.wecom.textsplit import split_text
from core.clock import ManualClock
from tests.fakes.harness import AES_KEY, AGENT_ID, CORP_ID, TOKEN
from tests.fakes.wecom_user import WeComUser


@pytest.fixture
def crypto() -> CallbackCrypto:
    return CallbackCrypto(TOKEN, AES_KEY, CORP_ID)


@pytest.fixture
def wecom(clock: ManualClock) -> WeComUser:
    return WeComUser(None, clock, token=TOKEN, aes_key=AES_KEY, corp_id=CORP_ID, agent_id=AGENT_ID)


@pytest.mark.parametrize("length", range(0, 70))
def test_every_padding_length_round_trips_both_ways(crypto, wecom, length):
    # Padding is to 32-byte blocks: a 16-byte-block implementation fails half of these.
    text = "营" * (length // 3) + "x" * (length % 3)
    encrypt = wecom.encrypt(text)
    assert crypto.decrypt(wecom.sign("1", "n", encrypt), "1", "n", encrypt) == text
    assert wecom.open_envelope(crypto.encrypt_reply(text, "nonce", "1700000000")) == text


def test_passive_reply_envelope_is_signed_and_decryptable(crypto, wecom):
    xml = render_text_reply("LiSi", CORP_ID, "答复 ]]> 含特殊字符 <&>", 1700000000)
    reply = wecom.read_passive(crypto.encrypt_reply(xml, "abc123", "1700000000"))
    assert (reply.to_user, reply.from_user, reply.content) == (
        "LiSi",
        CORP_ID,
        "答复 ]]> 含特殊字符 <&>",
    )


def test_signature_mismatch_and_foreign_corp_are_refused(crypto, wecom):
    encrypt = wecom.encrypt("<xml/>")
    with pytest.raises(Refused) as refused:
        crypto.decrypt("0" * 40, "1", "n", encrypt)
    assert refused.value.status == 403
    foreign = wecom.encrypt("<xml/>", receive_id="wwOther")
    with pytest.raises(Refused) as refused:
        crypto.decrypt(wecom.sign("1", "n", foreign), "1", "n", foreign)
    assert refused.value.status == 403
    for junk in ("!!!", "YWJj", "A" * 44):
        with pytest.raises(Refused) as refused:
            crypto.decrypt(wecom.sign("1", "n", junk), "1", "n", junk)
        assert refused.value.status == 400


def test_query_keeps_a_literal_plus():
    query = parse_query("msg_signature=abc&timestamp=1&nonce=n&echostr=ab+cd%2Bef%3D")
    assert query.echostr == "ab+cd+ef="
    with pytest.raises(Refused):
        parse_query("timestamp=1&nonce=n")


def test_dedupe_keys(wecom):
    text = parse_message(wecom.text_xml("ZhangSan", "你好", msg_id="CAIQg/PKxgYY2sC9tpuAgAMg9w=="))
    assert text.dedupe_key == "wecom:msg:CAIQg/PKxgYY2sC9tpuAgAMg9w=="
    event = parse_message(wecom.event_xml("ZhangSan", "click", "帮助"))
    assert event.dedupe_key == f"wecom:evt:zhangsan:{wecom.now()}:click:帮助"
    assert event.event == "click" and event.event_key == "帮助"
    long_key = parse_message(wecom.event_xml("ZhangSan", "click", "k" * 300))
    assert len(long_key.dedupe_key) <= 200 and long_key.dedupe_key.startswith("wecom:sha256:")


def test_card_event_fields(wecom):
    event = parse_message(wecom.card_click_xml("zhangsan", "zb-1", "zb-1-0", "rc-9"))
    assert (event.event, event.task_id, event.event_key, event.response_code) == (
        "template_card_event",
        "zb-1",
        "zb-1-0",
        "rc-9",
    )


def test_nonce_cache_allows_redelivery_refuses_replay_and_forgets():
    nonces = NonceCache(timedelta(minutes=5))
    nonces.check("n1", "payload", now=1000)
    nonces.check("n1", "payload", now=1001)
    with pytest.raises(Refused):
        nonces.check("n1", "another", now=1002)
    nonces.check("n2", "x", now=1700)
    nonces.check("n1", "another", now=1700)  # ten minutes later n1 is forgotten
    assert len(nonces._seen) == 2


@pytest.mark.parametrize(
    "text",
    [
        "短消息",
        "\n".join(f"第{n}行，" + "营商环境" * 30 for n in range(40)),
        "无换行" * 2000,
        "a" * 2048,
        "a" * 2049,
        "😀" * 1500,
        "\n".join("x" * 2100 for _ in range(3)),
    ],
)
def test_split_text_parts_fit_are_numbered_and_lose_nothing(text):
    parts = split_text(text)
    assert all(len(p.encode()) <= 2048 for p in parts)
    if len(parts) == 1:
        assert parts == [text]
        return
    heads = [p.split("\n", 1)[0] for p in parts]
    assert heads == [f"({i}/{len(parts)})" for i in range(1, len(parts) + 1)]
    bodies = [p.split("\n", 1)[1] for p in parts]
    assert "".join(bodies).replace("\n", "") == text.replace("\n", "")


def test_split_text_prefers_line_breaks():
    lines = [f"第{n:02d}条 " + "内容" * 40 for n in range(30)]
    for part in split_text("\n".join(lines)):
        body = part.split("\n", 1)[1]
        assert all(line in lines for line in body.split("\n"))


def test_split_text_with_many_parts_keeps_the_limit():
    parts = split_text("测" * 20000, limit=300)
    assert len(parts) > 99 and all(len(p.encode()) <= 300 for p in parts)
    assert parts[-1].startswith(f"({len(parts)}/{len(parts)})\n")
