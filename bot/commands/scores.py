"""`zhuanban scores import`: the annual evaluation scores from a table, all or nothing."""

from __future__ import annotations

from pathlib import Path

import click

from bot.commands import run_with_runtime
from bot.runtime import Runtime
from core.clock import local
from handlers import texts
from handlers.office.score_table import ScoreTableError, parse_score_table, read_table
from handlers.office.scores import record_score
from storage.repositories import Repositories


@click.group("scores")
def scores_group() -> None:
    """Annual third-party evaluation scores (天津市营商环境第三方评价)."""


@scores_group.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--as",
    "actor",
    default="cli",
    show_default=True,
    metavar="USERID",
    help="Who records the scores, for the audit log.",
)
def import_scores(file: Path, actor: str) -> None:
    """Import FILE (.csv or .xlsx with columns 年度, 指标, 得分, 排名).

    Every row is checked first; one bad row imports nothing and lists each error.
    """

    async def work(runtime: Runtime) -> tuple[int, int]:
        now = runtime.clock.now()
        rows = parse_score_table(read_table(file), runtime.kb, local(now).date())
        added = 0
        async with runtime.sessions() as session, session.begin():
            repos = Repositories(session)
            for row in rows:
                before = await record_score(
                    repos,
                    year=row.year,
                    indicator_id=row.indicator_id,
                    score=row.score,
                    rank=row.rank,
                    actor=actor,
                    now=now,
                )
                added += before is None
        return len(rows), added

    try:
        count, added = run_with_runtime(work)
    except ScoreTableError as error:
        message = texts.OFFICE_IMPORT_FAILED.format(count=len(error.errors))
        raise click.ClickException("\n".join([message, *error.errors])) from error
    click.echo(texts.OFFICE_IMPORT_DONE.format(count=count, added=added, updated=count - added))
