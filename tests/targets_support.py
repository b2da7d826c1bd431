"""Targets sheets for the tests and importing one the way the office's 确认 does."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from storage.models import Target
from storage.repositories import Repositories
from storage.targets.importer import TargetsImport, import_targets
from storage.targets.validate import parse_targets

HEADER = "年度,专班,重点任务,季度,季度目标,责任单位,完成时限"
EXAMPLE = Path(__file__).parent.parent / "examples" / "targets.csv"

TAXES_Q4 = (
    "2026,纳税,推广非接触式办税,4,非接触式办税占比达到95%,税务局,2026-12-20",
    "2026,纳税,压缩办税时间,4,年度纳税时间压缩至100小时,,",
    "2026,纳税,压缩办税时间,3,完成办税流程梳理,税务局,",
)
"""纳税's 2026 targets: two in the fourth quarter (the clock's), one in the third."""


def sheet(folder: Path, *rows: str, name: str = "targets.csv") -> Path:
    path = folder / name
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


async def load_targets(sessions, kb, clock, path: Path, *, dry_run: bool = False) -> TargetsImport:
    parsed = parse_targets(path, kb)
    async with sessions() as session, session.begin():
        return await import_targets(
            Repositories(session), parsed, now=clock.now(), actor="tester", dry_run=dry_run
        )


async def target_count(sessions) -> int:
    async with sessions() as session:
        return await session.scalar(select(func.count()).select_from(Target)) or 0
