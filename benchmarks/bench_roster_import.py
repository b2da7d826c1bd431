"""Time a 5,000-row roster import on SQLite and, given a URL, on PostgreSQL; print figures.

    python -m benchmarks.bench_roster_import [--postgres postgresql://…/scratch] [--rows N]

Targets: ≤ 5 s on SQLite, ≤ 10 s on PostgreSQL for the whole import (read, validate,
plan, write, commit). The PostgreSQL database is emptied first: give a scratch one.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from benchmarks.scratch import synced_database
from core.settings import normalize_database_url
from knowledge import KnowledgeBase, load_knowledge
from knowledge.models import UnitKind
from storage.roster.importer import import_roster, parse_file

TARGETS = {"sqlite": 5.0, "postgresql": 10.0}
HEADER = ("专班", "单位", "姓名", "企业微信账号", "角色", "手机")
ROLES = ("分管领导", "联系人", "成员", "联系人", "成员")


def roster_rows(kb: KnowledgeBase, count: int, *, variant: int = 0) -> list[tuple[str, ...]]:
    """`count` valid rows: people of every unit, each on up to two of the unit's task forces.
    Variant 1 changes every 10th mobile, drops every 20th person and adds new ones."""
    places: dict[str, list[str]] = {}
    for task_force in kb.task_forces:
        for unit in (*task_force.lead_units, *task_force.responsible_units):
            if kb.unit(unit).kind is UnitKind.UNIT:
                places.setdefault(unit, []).append(task_force.name)
    units = sorted(places)
    rows = [("", "政务服务办", "办公室值班员", "bench_office", "办公室", "")]
    person = 0
    while len(rows) < count:
        person += 1
        if variant and person % 20 == 0:
            continue
        unit = units[person % len(units)]
        userid = f"bench_{person:05d}" + ("_new" if variant and person % 20 == 1 else "")
        mobile = f"139{person + (variant if person % 10 == 0 else 0):08d}"
        for task_force in places[unit][person % 3 : person % 3 + 2] or places[unit][:1]:
            role = ROLES[person % len(ROLES)]
            rows.append((task_force, unit, f"测试{person}", userid, role, mobile))
    return rows[:count]


def write_csv(path: Path, rows: list[tuple[str, ...]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


async def timed_import(sessions, kb: KnowledgeBase, path: Path) -> tuple[float, float, str]:
    started = time.perf_counter()
    parsed = parse_file(path, kb)
    assert not parsed.problems, parsed.problems[:5]
    parsed_at = time.perf_counter()
    async with sessions() as session, session.begin():
        result = await import_roster(
            session, kb, parsed, now=datetime.now(UTC), actor="bench", source=path.name
        )
    done = time.perf_counter()
    return parsed_at - started, done - started, result.plan.summary()


async def bench(url: str, kb: KnowledgeBase, files: list[tuple[str, Path]]) -> bool:
    engine, sessions = await synced_database(url, kb)
    name = engine.dialect.name
    ok = True
    try:
        print(f"\n{name}: target ≤ {TARGETS[name]:.0f} s per import")
        for label, path in files:
            parse, total, summary = await timed_import(sessions, kb, path)
            verdict = "ok" if total <= TARGETS[name] else "TOO SLOW"
            ok &= total <= TARGETS[name]
            print(
                f"  {label:<28} total {total:6.2f} s  (read+validate {parse:5.2f} s)  "
                f"{summary}  {verdict}"
            )
    finally:
        await engine.dispose()
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--postgres", metavar="URL", help="a scratch PostgreSQL database")
    args = parser.parse_args()
    kb = load_knowledge()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        first = write_csv(folder / "roster.csv", roster_rows(kb, args.rows))
        changed = write_csv(folder / "roster_changed.csv", roster_rows(kb, args.rows, variant=1))
        files = [
            (f"first import ({args.rows} rows)", first),
            ("same file again", first),
            ("changed file", changed),
        ]
        urls = [f"sqlite+aiosqlite:///{folder / 'bench.db'}"]
        if args.postgres:
            urls.append(normalize_database_url(args.postgres))
        results = [asyncio.run(bench(url, kb, files)) for url in urls]
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
