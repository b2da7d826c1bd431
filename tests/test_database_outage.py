"""The database goes away in the middle of a check-in and comes back (PostgreSQL behind a
loopback proxy that the test cuts): nothing typed is lost, nothing is acknowledged that was
not stored, and the contact carries on where they were."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date

import pytest
from sqlalchemy.engine import make_url

from tests.checkin_support import CONTACT, PLAN, PROGRESS, report_of, seed_roster, set_period
from tests.fakes.harness import wecom_harness
from tests.fakes.tcp_proxy import TcpProxy

REDELIVERIES = 3
"""WeCom delivers a message that got no 200 again, three times."""


@pytest.fixture
async def proxy(database_url: str, engine) -> AsyncIterator[tuple[str, TcpProxy]]:
    url = make_url(database_url)
    if url.get_backend_name() != "postgresql":
        pytest.skip("a database server that can go away: PostgreSQL only")
    proxy = TcpProxy(url.host or "127.0.0.1", url.port or 5432)
    await proxy.start()
    proxied = url.set(host="127.0.0.1", port=proxy.port)
    yield proxied.render_as_string(hide_password=False), proxy
    await proxy.close()


async def test_a_check_in_keeps_its_draft_through_an_outage_and_continues(proxy, sessions, clock):
    proxied_url, tcp = proxy
    await seed_roster(sessions, clock)
    await set_period(sessions, clock, due=date(2026, 12, 25), lock=date(2027, 1, 10))
    async with wecom_harness(proxied_url, clock) as h:
        for text in ("填报", "11月20日", PROGRESS):
            await h.user.say(CONTACT, text)

        tcp.cut()
        during = h.user.prepare(h.user.text_xml(CONTACT, "无"))
        response = await h.user.deliver(during)
        assert response.status >= 500, "acknowledged while the database was gone"
        assert (await h.healthz()).status == 503

        tcp.restore()
        for _ in range(REDELIVERIES):
            response = await h.user.deliver(during)
            if response.status == 200:
                break
        assert response.status == 200
        report = await report_of(sessions)
        assert report is not None
        assert report.answers["progress"] == PROGRESS
        assert "lagging" in report.answers, "the answer given during the outage was lost"

        for text in ("无", PLAN, "否", "跳过", "确认提交"):
            await h.user.say(CONTACT, text)
    report = await report_of(sessions)
    assert report is not None and report.status == "submitted"
    assert report.answers["next_plan"] == PLAN and report.answers["progress"] == PROGRESS
