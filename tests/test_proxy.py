"""Every WeCom call goes through HTTP(S)_PROXY when it is set, except for NO_PROXY hosts."""

from __future__ import annotations

import pytest

from bot.app import DELIVERY
from tests.fakes.harness import wecom_harness
from tests.fakes.proxy import RecordingProxy


@pytest.fixture
async def proxy():
    proxy = RecordingProxy()
    await proxy.start()
    yield proxy
    await proxy.close()


async def _answer_later(h) -> None:
    assert await h.user.say("zhangsan", "纳税有哪些二级指标？") == ""
    await h.app[DELIVERY].drain()
    await h.send_outbox()


async def test_wecom_calls_go_through_the_proxy(database_url, engine, clock, proxy, monkeypatch):
    # The fake API speaks plain http, so HTTP_PROXY is the variable that applies to it;
    # HTTPS_PROXY is read the same way for the real https://qyapi.weixin.qq.com.
    monkeypatch.setenv("HTTP_PROXY", proxy.url)
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    async with wecom_harness(database_url, clock, wecom_reply_budget=0.0) as h:
        await _answer_later(h)
        assert [seen.to for seen in h.api.seen] == ["zhangsan"]
    paths = [url.split("/cgi-bin/")[1].split("?")[0] for url in proxy.relayed]
    assert paths == ["gettoken", "message/send"]
    assert all(url.startswith(h.api.base_url) for url in proxy.relayed)


async def test_no_proxy_hosts_are_reached_directly(
    database_url, engine, clock, proxy, monkeypatch
):
    monkeypatch.setenv("HTTP_PROXY", proxy.url)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    async with wecom_harness(database_url, clock, wecom_reply_budget=0.0) as h:
        await _answer_later(h)
        assert [seen.to for seen in h.api.seen] == ["zhangsan"]
    assert proxy.relayed == []
