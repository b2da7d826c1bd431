"""Time every step of the check-in conversation in-process on SQLite; print p50/p99 per step.

    python -m benchmarks.bench_checkin [--quarters 4]

Target: each step ≤ 20 ms p99 (wall clock). The CPU column is the process's CPU time for
the step (its aiosqlite thread included): on a shared machine it shows what the wall
figures would be without other processes competing. Every task force's contact fills a
whole report for each quarter (a lagging sub-indicator, a case, 预览 and 上一步 included),
through the real dispatcher on a migrated SQLite file, so a step's time includes the
transaction, the de-duplication record, the conversation state and the outbox.

As in `zhuanban serve`, what start-up loaded is frozen out of the garbage collector's reach
(a full collection over the knowledge otherwise lands on one step as a ~50 ms outlier), and
the process's first conversation, which compiles every SQL statement once, is timed apart as
a warm-up. p99 is nearest-rank: over 92 conversations it is the slowest of them.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import logging
import os
import statistics
import tempfile
import time
from datetime import datetime
from pathlib import Path

from benchmarks.bench_qa import percentile
from benchmarks.scratch import synced_database
from bot.dispatcher import Dispatcher
from core.clock import LOCAL_TZ, ManualClock
from core.quarters import Quarter
from core.settings import Settings
from handlers.routing import build_router
from knowledge import KnowledgeBase, load_knowledge
from tests.chat import incoming
from tests.factories import add_person

TARGET_P99_MS = 20.0
PROGRESS = "本季度围绕指标推进流程再造，压缩办理时间，完善线上服务，开展政策宣传和企业走访。"
SCRIPT = (
    ("start", "填报"),
    ("meeting", "是"),
    ("meeting.date", "{meeting}"),
    ("progress", PROGRESS),
    ("preview mid-flow", "预览"),
    ("lagging", "1"),
    ("lagging.reason", "系统切换"),
    ("lagging.measure", "月底前完成切换"),
    ("back", "上一步"),
    ("lagging.measure again", "下月上旬完成切换并复核"),
    ("problems", "无"),
    ("next_plan", "下季度继续推进改革，开展满意度调查。"),
    ("case", "是"),
    ("case.title", "“一网通办”压缩办理时间"),
    ("case.file", "跳过"),
    ("benchmark", "学习上海“一业一证”做法"),
    ("submit", "确认提交"),
)


async def seed(sessions, kb: KnowledgeBase, now: datetime) -> list[str]:
    """A 联系人 and a 分管领导 in the first lead unit of every task force, and the office."""
    contacts = []
    async with sessions() as session, session.begin():
        number = 0
        for task_force in kb.task_forces:
            for role in ("contact", "leader"):
                number += 1
                person = await add_person(
                    session,
                    userid=f"bench{number:03d}",
                    name=f"测试{number}",
                    unit=task_force.lead_units[0],
                    now=now,
                    task_forces={task_force.id: role},
                )
                if role == "contact":
                    contacts.append(person.userid)
        await add_person(
            session, userid="office", name="办公室", unit="政务服务办", now=now, office=True
        )
    return contacts


Timings = dict[str, tuple[list[float], list[float]]]


async def converse(
    dispatcher: Dispatcher, clock: ManualClock, userid: str, quarter: Quarter, timings: Timings
) -> None:
    """One contact's whole report for `quarter`, each step's wall and CPU time recorded."""
    last_month = 3 * quarter.number
    clock.set(datetime(quarter.year, last_month, 20, 10, 7, tzinfo=LOCAL_TZ))
    for label, text in SCRIPT:
        message = incoming(clock, userid, text.format(meeting=f"{last_month}月10日"))
        started, cpu = time.perf_counter(), time.process_time()
        result = await dispatcher.feed(message)
        timings[label][0].append((time.perf_counter() - started) * 1000)
        timings[label][1].append((time.process_time() - cpu) * 1000)
        expected = "checkin.submit" if label == "submit" else "checkin."
        if not result.intent.startswith(expected) or "refused" in result.intent:
            raise SystemExit(f"{userid} {label}: unexpected reply {result.replies}")


def empty() -> Timings:
    return {label: ([], []) for label, _ in SCRIPT}


async def run(quarters: int) -> tuple[Timings, Timings]:
    """The timings of the warm-up conversation (the process's first, untimed in the
    figures) and of every other one."""
    kb = load_knowledge()
    warmup, timings = empty(), empty()
    with tempfile.TemporaryDirectory() as directory:
        url = f"sqlite+aiosqlite:///{Path(directory) / 'bench.db'}"
        engine, sessions = await synced_database(url, kb)
        first = Quarter(2025, 1)
        clock = ManualClock(datetime(2025, 3, 20, 10, 7, tzinfo=LOCAL_TZ))
        contacts = await seed(sessions, kb, clock.now())
        settings = Settings(_env_file=None, database_url=url)
        dispatcher = Dispatcher(sessions, kb, clock, settings, build_router())
        gc.collect()
        gc.freeze()  # as `zhuanban serve` does after start-up: collections skip what is loaded
        # The process's first conversation compiles each SQL statement once and warms the
        # caches, a start-up cost `zhuanban serve` pays once: shown apart, not in the figures.
        await converse(dispatcher, clock, contacts[0], first.previous(), warmup)
        quarter = first
        for _ in range(quarters):
            for userid in contacts:
                await converse(dispatcher, clock, userid, quarter, timings)
            quarter = quarter.next()
        await engine.dispose()
    return warmup, timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quarters", type=int, default=4, help="quarters to fill (default 4)")
    args = parser.parse_args()
    logging.disable(logging.WARNING)  # chinesecalendar's fallback notice is not a result
    load = os.getloadavg()[0]
    warmup, timings = asyncio.run(run(args.quarters))
    print(f"load average at start: {load:.2f} on {os.cpu_count()} CPUs")
    print(f"{'step':<24}{'n':>6}{'p50 ms':>9}{'p99 ms':>9}{'max ms':>9}{'CPU p99':>9}")
    for label, (wall, cpu) in timings.items():
        print(
            f"{label:<24}{len(wall):>6}{statistics.median(wall):>9.2f}"
            f"{percentile(wall, 0.99):>9.2f}{max(wall):>9.2f}{percentile(cpu, 0.99):>9.2f}"
        )
    every = [value for wall, _ in timings.values() for value in wall]
    every_cpu = [value for _, cpu in timings.values() for value in cpu]
    print(
        f"{'all steps':<24}{len(every):>6}{statistics.median(every):>9.2f}"
        f"{percentile(every, 0.99):>9.2f}{max(every):>9.2f}{percentile(every_cpu, 0.99):>9.2f}"
    )
    slowest = max(warmup, key=lambda label: warmup[label][0][0])
    print(
        f"warm-up conversation (the process's first, not in the figures): slowest step "
        f"{slowest} {warmup[slowest][0][0]:.2f} ms"
    )
    worst = max(percentile(wall, 0.99) for wall, _ in timings.values())
    verdict = "OK" if worst <= TARGET_P99_MS else "OVER TARGET"
    print(f"worst step p99 {worst:.2f} ms (target ≤ {TARGET_P99_MS:.0f} ms): {verdict}")


if __name__ == "__main__":
    main()
