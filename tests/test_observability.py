"""/metrics, /readyz and /healthz of the server, against the fake WeCom API."""

from __future__ import annotations

from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import text

from bot.app import DELIVERY
from storage import db
from tests.fakes.harness import wecom_harness


async def scrape(h) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    response = await h.client.get("/metrics")
    assert response.status == 200
    assert response.headers["Content-Type"].startswith("text/plain")
    samples = {}
    for family in text_string_to_metric_families(await response.text()):
        for sample in family.samples:
            samples[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return samples


def value(samples, name: str, **labels: str) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


async def test_metrics_count_callbacks_sends_and_the_outbox(database_url, engine, clock):
    async with wecom_harness(database_url, clock, wecom_reply_budget=0.0) as h:
        before = await scrape(h)
        assert await h.user.say("zhangsan", "纳税有哪些二级指标？") == ""  # answered later
        forged = await h.client.post(
            "/wecom/callback",
            params={"msg_signature": "0" * 40, "timestamp": h.user.now(), "nonce": "1"},
            data="<xml><Encrypt>forged</Encrypt></xml>",
        )
        assert 400 <= forged.status < 500
        await h.app[DELIVERY].drain()
        queued = await scrape(h)
        assert value(queued, "zhuanban_callbacks_total", outcome="ok") == (
            value(before, "zhuanban_callbacks_total", outcome="ok") + 1
        )
        assert value(queued, "zhuanban_callbacks_total", outcome="rejected") == (
            value(before, "zhuanban_callbacks_total", outcome="rejected") + 1
        )
        assert value(queued, "zhuanban_callback_reply_seconds_count") >= 2
        assert value(queued, "zhuanban_outbox_depth") == 1
        assert value(queued, "zhuanban_outbox_oldest_seconds") >= 0

        await h.send_outbox()
        sent = await scrape(h)
        assert value(sent, "zhuanban_outbox_depth") == 0
        calls = value(sent, "zhuanban_wecom_calls_total", api="message/send", errcode="0")
        assert (
            calls
            == value(before, "zhuanban_wecom_calls_total", api="message/send", errcode="0") + 1
        )


async def test_readyz_names_a_schema_behind(database_url, engine, clock):
    async with wecom_harness(database_url, clock) as h:
        ready = await h.client.get("/readyz")
        assert ready.status == 200
        async with engine.begin() as conn:
            await conn.execute(text("UPDATE alembic_version SET version_num = '0001'"))
        try:
            behind = await h.client.get("/readyz")
            assert behind.status == 503
            assert "schema" in await behind.json()
            assert (await h.client.get("/healthz")).status == 200  # alive all the same
        finally:
            async with engine.begin() as conn:
                await conn.execute(
                    text("UPDATE alembic_version SET version_num = :v"), {"v": db.head_revision()}
                )
