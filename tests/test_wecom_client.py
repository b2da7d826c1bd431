"""The API client against the fake WeCom API: token cache, token errors, error classes."""

from __future__ import annotations

import asyncio
import socket
from datetime import timedelta

import aiohttp
import pytest

from bot.wecom.client import WeComClient, WeComError
from core.clock import ManualClock
from tests.fakes.harness import fake_api, wecom_settings


@pytest.fixture
async def api(clock: ManualClock):
    async with fake_api(clock) as api:
        yield api


@pytest.fixture
async def http():
    async with aiohttp.ClientSession() as session:
        yield session


def client_for(api, http, clock, **overrides) -> WeComClient:
    return WeComClient(http, wecom_settings("sqlite://", api.base_url, **overrides), clock)


async def test_token_is_cached_and_fetched_once_under_concurrency(api, http, clock):
    client = client_for(api, http, clock)
    await asyncio.gather(
        *(client.send_message("zhangsan", "text", {"content": f"第{n}条"}) for n in range(10))
    )
    assert api.gettoken_calls == 1
    assert len(api.seen) == 10


async def test_token_is_renewed_shortly_before_it_expires(api, http, clock):
    client = client_for(api, http, clock)
    await client.send_message("zhangsan", "text", {"content": "一"})
    clock.advance(timedelta(minutes=110))
    await client.send_message("zhangsan", "text", {"content": "二"})
    assert api.gettoken_calls == 1
    clock.advance(timedelta(minutes=6))  # within five minutes of the end: renew first
    await client.send_message("zhangsan", "text", {"content": "三"})
    assert api.gettoken_calls == 2
    assert len(api.seen) == 3


@pytest.mark.parametrize("errcode", [40014, 42001, 41001])
async def test_a_rejected_token_is_refetched_and_the_call_retried_once(api, http, clock, errcode):
    client = client_for(api, http, clock)
    await client.access_token()
    api.fail("message/send", errcode)
    await client.send_message("zhangsan", "text", {"content": "一"})
    assert api.gettoken_calls == 2
    assert [s.text for s in api.seen] == ["一"]
    api.fail("message/send", errcode, times=2)
    with pytest.raises(WeComError) as raised:
        await client.send_message("zhangsan", "text", {"content": "二"})
    assert raised.value.errcode == errcode  # once, not in a loop


async def test_wrong_secret_is_a_config_error_and_pauses_gettoken(api, http, clock):
    client = client_for(api, http, clock, wecom_secret="wrong")
    for _ in range(3):
        with pytest.raises(WeComError) as raised:
            await client.access_token()
    assert raised.value.config and not raised.value.transient
    assert "ZHUANBAN_WECOM_SECRET" in raised.value.explain()
    assert api.gettoken_calls == 1
    clock.advance(timedelta(minutes=11))
    with pytest.raises(WeComError):
        await client.access_token()
    assert api.gettoken_calls == 2


async def test_untrusted_ip_names_the_ip(api, http, clock):
    client = client_for(api, http, clock)
    api.fail(
        "message/send", 60020, errmsg="not allow to access from your ip, from ip: 198.51.100.4"
    )
    with pytest.raises(WeComError) as raised:
        await client.send_message("zhangsan", "text", {"content": "一"})
    assert raised.value.config
    assert "198.51.100.4" in raised.value.explain() and "企业可信IP" in raised.value.explain()


@pytest.mark.parametrize("errcode", [-1, 45009, 45033])
async def test_busy_and_rate_errors_are_transient(api, http, clock, errcode):
    client = client_for(api, http, clock)
    api.fail("message/send", errcode)
    with pytest.raises(WeComError) as raised:
        await client.send_message("zhangsan", "text", {"content": "一"})
    assert raised.value.transient


async def test_outage_and_unreachable_server_are_transient(api, http, clock):
    client = client_for(api, http, clock)
    api.down = True
    with pytest.raises(WeComError) as raised:
        await client.access_token()
    assert raised.value.transient and "503" in raised.value.errmsg
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    nowhere = WeComClient(
        http, wecom_settings("sqlite://", f"http://127.0.0.1:{port}/cgi-bin"), clock
    )
    with pytest.raises(WeComError) as raised:
        await nowhere.access_token()
    assert raised.value.transient and raised.value.errcode is None


async def test_every_call_goes_under_the_configured_base(api, http, clock):
    base = api.base_url.rstrip("/")  # without the trailing slash too
    client = WeComClient(http, wecom_settings("sqlite://", base), clock)
    await client.webhook_send(api.webhook_key, "text", {"content": "一"})
    await client.appchat_send("officechat", "text", {"content": "二"})
    assert [r.path for r in api.requests] == ["webhook/send", "gettoken", "appchat/send"]
