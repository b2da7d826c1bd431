"""Time the console's quarter board and the Word 季度汇报 on SQLite; print median and p99.

    python -m benchmarks.bench_console [--rounds N]

23 task forces × 12 quarters, each quarter's report submitted twice (the second late for
every third task force), an office member logged in. The board is timed as the server
sees it: from the request reaching the app to the response written (aiohttp's test server,
in process; the client's own work is not counted). Targets: board median ≤ 30 ms; the
季度汇报 (overview + docxtpl rendering) ≤ 1 s.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from benchmarks.bench_qa import percentile
from benchmarks.scratch import synced_database
from bot.app import create_app
from bot.console.links import make_login_token
from core.clock import LOCAL_TZ, ManualClock
from core.quarters import Quarter
from handlers.office.overview import load_overview
from handlers.office.word.quarter import quarter_report
from knowledge import load_knowledge
from storage.periods import ensure_period
from storage.repositories import Repositories
from tests.console_support import CONSOLE_SECRET
from tests.factories import add_person
from tests.fakes.harness import wecom_settings
from tests.office_support import ANSWERS, DUE_DAY

BOARD_TARGET_MS = 30.0
DOCUMENT_TARGET_MS = 1000.0
QUARTERS = 12
OFFICE = "office"
LAST = Quarter.parse("2026Q4")
UNUSED_API = "http://127.0.0.1:9/cgi-bin/"
"""The board calls no WeCom API; the app only needs a base URL."""


async def populate(sessions, kb, now: datetime) -> None:
    quarters = [LAST]
    while len(quarters) < QUARTERS:
        quarters.insert(0, quarters[0].previous())
    async with sessions() as session, session.begin():
        repos = Repositories(session)
        await add_person(
            session, userid=OFFICE, name="王主任", unit="政务服务办", now=now, office=True
        )
        for quarter in quarters:
            period = await ensure_period(repos, quarter, DUE_DAY, now)
            for number, task_force in enumerate(kb.task_forces):
                report = await repos.reports.report_for_update(quarter.id, task_force.id, now)
                await repos.reports.save_answers(report, ANSWERS, f"contact{number}", now)
                on_time = period.due_on - timedelta(days=3)
                late = period.due_on + timedelta(days=2 if number % 3 == 0 else -1)
                for day in (on_time, late):
                    at = datetime(day.year, day.month, day.day, 10, tzinfo=LOCAL_TZ)
                    await repos.reports.submit(report, f"contact{number}", at, period.due_on)


def server_timer(timings: list[float]) -> web.middleware:
    @web.middleware
    async def timed(request: web.Request, handler):
        start = time.perf_counter()
        response = await handler(request)
        if request.path == "/console/":
            timings.append((time.perf_counter() - start) * 1000)
        return response

    return timed


async def run(rounds: int) -> int:
    kb = load_knowledge()
    clock = ManualClock(datetime(2026, 12, 10, 10, 0, tzinfo=LOCAL_TZ))
    failed = False
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite+aiosqlite:///{Path(folder) / 'bench.db'}"
        engine, sessions = await synced_database(url, kb)
        await populate(sessions, kb, clock.now())
        await engine.dispose()
        timings: list[float] = []
        settings = wecom_settings(
            url, "http://127.0.0.1:9/cgi-bin/", console_secret=CONSOLE_SECRET
        )
        app = create_app(settings, clock=clock, run_worker=False)
        app.middlewares.append(server_timer(timings))  # the whole request, server side
        async with TestClient(TestServer(app, host="127.0.0.1", port=0)) as client:
            token = make_login_token(settings, OFFICE, clock.now(), 30)
            assert (await client.get("/console/login", params={"t": token})).status == 200
            for _ in range(3):  # warm-up: templates compiled, caches filled
                assert (await client.get("/console/?q=2026Q4")).status == 200
            timings.clear()
            gc.freeze()
            for _ in range(rounds):
                response = await client.get("/console/?q=2026Q4")
                assert response.status == 200
                await response.read()
        median, p99 = statistics.median(timings), percentile(timings, 0.99)
        ok = median <= BOARD_TARGET_MS
        failed |= not ok
        verdict = "ok" if ok else "SLOW"
        print(
            f"board ({len(kb.task_forces)} task forces × {QUARTERS} quarters)"
            f"  median {median:6.2f} ms  p99 {p99:6.2f} ms  {verdict}"
        )

        document_ms = []
        for _ in range(max(3, rounds // 10)):
            start = time.perf_counter()
            async with sessions() as session:
                overview = await load_overview(
                    Repositories(session), kb, LAST, clock.now().date(), DUE_DAY
                )
            content = quarter_report(overview, clock.now().date())
            document_ms.append((time.perf_counter() - start) * 1000)
        await engine.dispose()
        worst = max(document_ms)
        ok = worst <= DOCUMENT_TARGET_MS
        failed |= not ok
        print(
            f"季度汇报 docx  median {statistics.median(document_ms):6.1f} ms"
            f"  worst {worst:6.1f} ms  ({len(content) / 1024:.0f} KiB)  {'ok' if ok else 'SLOW'}"
        )
    return 1 if failed else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=100)
    sys.exit(asyncio.run(run(parser.parse_args().rounds)))


if __name__ == "__main__":
    main()
