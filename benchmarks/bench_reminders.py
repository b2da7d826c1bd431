"""Time reminder ticks over 500 task forces × 4 open quarters with 5,000 people; print figures.

    python -m benchmarks.bench_reminders [--postgres postgresql://…/scratch]

Target: one tick ≤ 1 s on SQLite. The synthetic data is written straight into the database.
At the benchmark's moment (Monday 2026-12-28 09:01) every period has a different stage due —
2026Q1 the office summary, Q2 the T+1 copy to leaders, Q3 the due day, Q4 T−3 — plus the
December typical-case nudge, and nothing has been sent yet: the heaviest tick there is. The
second tick a minute later finds everything sent (the steady state, every minute of the day).
The PostgreSQL database is emptied first: give a scratch one.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import func, insert, select

from benchmarks.scratch import fresh_database
from bot.scheduler import Scheduler
from core.clock import LOCAL_TZ, ManualClock
from core.settings import Settings, normalize_database_url
from storage.models import (
    Exemption,
    Extension,
    Membership,
    OutboxMessage,
    Period,
    Person,
    ReminderLog,
    Report,
    TaskForce,
    TaskForceUnit,
    Unit,
)

TARGET_SECONDS = 1.0
TASK_FORCES = 500
PEOPLE_PER_TASK_FORCE = 10  # 2 contacts, 1 leader, 7 members: 5,000 people
ROLES = ("contact", "contact", "leader", *("member",) * 7)
AT = datetime(2026, 12, 28, 9, 1, tzinfo=LOCAL_TZ)
DUE_DAYS = {  # period → due day, chosen so each period is on a different stage at AT
    "2026Q1": date(2026, 12, 23),
    "2026Q2": date(2026, 12, 24),
    "2026Q3": date(2026, 12, 28),
    "2026Q4": date(2026, 12, 31),
}


async def build(sessions) -> None:
    now = AT
    async with sessions() as session, session.begin():
        await session.execute(
            insert(Unit),
            [
                {"id": n, "name": f"单位{n}", "kind": "unit", "sort_order": n}
                for n in range(1, TASK_FORCES + 1)
            ],
        )
        await session.execute(
            insert(TaskForce),
            [
                {
                    "id": f"tf{n:03d}",
                    "name": f"测试{n}指标专班",
                    "indicator_id": "bench",
                    "sort_order": n,
                }
                for n in range(1, TASK_FORCES + 1)
            ],
        )
        await session.execute(
            insert(TaskForceUnit),
            [
                {"task_force_id": f"tf{n:03d}", "unit_id": n, "role": "lead"}
                for n in range(1, TASK_FORCES + 1)
            ],
        )
        people, memberships = [], []
        for n in range(1, TASK_FORCES + 1):
            for k, role in enumerate(ROLES):
                person_id = (n - 1) * PEOPLE_PER_TASK_FORCE + k + 1
                userid = f"u{person_id:05d}"
                people.append(
                    {
                        "id": person_id,
                        "userid": userid,
                        "userid_key": userid,
                        "name": f"测试{person_id}",
                        "unit_id": n,
                        "active": True,
                        "created_at": now,
                        "updated_at": now,
                    }
                )
                memberships.append(
                    {"person_id": person_id, "task_force_id": f"tf{n:03d}", "role": role}
                )
        await session.execute(insert(Person), people)
        await session.execute(insert(Membership), memberships)
        await session.execute(
            insert(Period),
            [
                {
                    "id": pid,
                    "opens_on": date(2026, 12, 1),
                    "due_on": due,
                    "locks_on": date(2027, 1, 15),
                    "updated_at": now,
                }
                for pid, due in DUE_DAYS.items()
            ],
        )
        reports, extensions, exemptions = [], [], []
        for pid in DUE_DAYS:
            for n in range(1, TASK_FORCES + 1):
                tf = f"tf{n:03d}"
                if n % 4 == 0:
                    reports.append(
                        _report(pid, tf, "submitted", {"case": {"formed": n % 8 == 0}}, now)
                    )
                elif n % 4 == 1:
                    reports.append(
                        _report(pid, tf, "draft", {"meeting": {"held": n % 3 == 0}}, now)
                    )
                if n % 20 == 2:
                    grant = {
                        "period_id": pid,
                        "task_force_id": tf,
                        "reason": "测试",
                        "granted_by": "bench",
                        "granted_at": now,
                    }
                    extensions.append({**grant, "due_on": date(2027, 1, 8)})
                elif n % 20 == 3:
                    exemptions.append(
                        {
                            "period_id": pid,
                            "task_force_id": tf,
                            "reason": "测试",
                            "granted_by": "bench",
                            "granted_at": now,
                        }
                    )
        await session.execute(insert(Report), reports)
        await session.execute(insert(Extension), extensions)
        await session.execute(insert(Exemption), exemptions)


def _report(period_id: str, task_force_id: str, status: str, answers: dict, now: datetime) -> dict:
    return {
        "period_id": period_id,
        "task_force_id": task_force_id,
        "status": status,
        "answers": answers,
        "version": 1 if status == "submitted" else 0,
        "late": False,
        "created_at": now,
        "updated_at": now,
    }


async def count(sessions, model) -> int:
    async with sessions() as session:
        return await session.scalar(select(func.count()).select_from(model))


async def bench(url: str) -> bool:
    engine, sessions = await fresh_database(url)
    try:
        started = time.perf_counter()
        await build(sessions)
        built = time.perf_counter() - started
        settings = Settings(_env_file=None, database_url=url)
        scheduler = Scheduler(sessions, ManualClock(AT), settings)
        figures = []
        for label, moment in (
            ("first tick (all due)", AT),
            ("next tick (all sent)", AT.replace(minute=2)),
        ):
            started = time.perf_counter()
            result = await scheduler.tick(moment)
            figures.append((label, time.perf_counter() - started, len(result.messages)))
        name = engine.dialect.name
        people = await count(sessions, Person)
        print(
            f"{name}: {TASK_FORCES} task forces × {len(DUE_DAYS)} open quarters, "
            f"{people} people (built in {built:.2f} s)"
        )
        for label, seconds, messages in figures:
            print(f"  {label:22s} {seconds * 1000:7.0f} ms  {messages:5d} messages queued")
        print(
            f"  reserved {await count(sessions, ReminderLog)} reminder-log keys, "
            f"{await count(sessions, OutboxMessage)} outbox rows"
        )
        worst = max(seconds for _, seconds, _ in figures)
        ok = name != "sqlite" or worst <= TARGET_SECONDS
        if name == "sqlite":
            print(f"  target ≤ {TARGET_SECONDS:.1f} s per tick: {'met' if ok else 'MISSED'}")
        return ok
    finally:
        await engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", help="a scratch PostgreSQL URL to time as well")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        ok = asyncio.run(bench(f"sqlite+aiosqlite:///{Path(directory) / 'bench.db'}"))
    if args.postgres:
        ok = asyncio.run(bench(normalize_database_url(args.postgres))) and ok
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
