"""`zhuanban export`: the quarter's reports as the same .xlsx file 导出 sends in chat."""

from __future__ import annotations

from pathlib import Path

import click

from bot.commands import run_with_runtime
from bot.runtime import Runtime
from handlers import texts
from handlers.office.args import ArgumentError, parse_quarter
from handlers.office.workbook import export_filename, quarter_workbook
from storage.repositories import Repositories


@click.command()
@click.argument("quarter")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="File to write (default: 专班季度工作情况_<QUARTER>.xlsx here).",
)
def export(quarter: str, output: Path | None) -> None:
    """Write the reports of QUARTER (like 2026Q4) as an .xlsx workbook."""
    try:
        period = parse_quarter(quarter)
    except ArgumentError as error:
        raise click.BadParameter(str(error), param_hint="QUARTER") from None

    async def work(runtime: Runtime) -> bytes:
        async with runtime.sessions() as session:
            return await quarter_workbook(
                Repositories(session),
                runtime.kb,
                period,
                runtime.clock.now(),
                runtime.settings.report_due_day,
                warn_workdays=runtime.settings.warning_workdays,
            )

    content = run_with_runtime(work)
    path = output or Path(export_filename(period))
    path.write_bytes(content)
    click.echo(texts.OFFICE_EXPORT_WRITTEN.format(quarter=period.label, path=path))
