"""`zhuanban roster`: import, export and check the 工作人员名单."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from bot.commands import run_with_runtime
from bot.commands.acting import NOW_FLAG, NOW_OPTION, office_context
from bot.runtime import Runtime
from core.clock import local
from handlers.notices import announcement, release_at
from storage.repositories import Repositories
from storage.repositories.registry import RosterStore
from storage.roster import texts
from storage.roster.check import RULES, check_roster
from storage.roster.export import WRITERS, roster_rows, write_roster
from storage.roster.importer import ImportResult, import_roster, parse_file

EXIT_FAILED = 1
"""A refused import, or a roster that breaks a rule of the mechanism."""


@click.group("roster")
def roster_group() -> None:
    """The 《东丽区营商环境指标专班工作人员名单》: import, export, check."""


@roster_group.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--dry-run", is_flag=True, help="Check the file and show the changes; write nothing."
)
@click.option(
    "--by",
    "actor",
    default="cli",
    show_default=True,
    metavar="NAME",
    help="Who makes the change, as the audit log records it.",
)
@NOW_OPTION
def import_command(file: Path, dry_run: bool, actor: str, send_now: bool) -> None:
    """Import a roster FILE (.csv in UTF-8/GBK, or .xlsx): all rows or none. The office is
    told of the changes in office hours unless --now."""

    async def work(runtime: Runtime) -> tuple[ImportResult, str]:
        click.echo(texts.READING.format(name=file.name))
        return await import_file(runtime, file, actor=actor, dry_run=dry_run, send_now=send_now)

    result, told = run_with_runtime(work)
    if result.refused:
        click.echo(texts.REFUSED.format(count=len(result.problems)), err=True)
        for problem in result.problems:
            click.echo(str(problem), err=True)
        click.echo(texts.REFUSED_HINT, err=True)
        sys.exit(EXIT_FAILED)
    if result.plan.empty:
        click.echo(texts.NO_CHANGE)
        return
    click.echo((texts.DRY_RUN if dry_run else texts.APPLIED) + result.plan.summary())
    for line in result.lines:
        click.echo(line)
    if told:
        click.echo(told)


async def import_file(
    runtime: Runtime, file: Path, *, actor: str, dry_run: bool, send_now: bool
) -> tuple[ImportResult, str]:
    """Import FILE in one transaction; the office's notice of it waits for office hours
    unless `send_now`. The result, and the line saying when the office will hear ("" when
    nothing was applied)."""
    parsed = parse_file(file, runtime.kb)
    now = runtime.clock.now()
    at = release_at(runtime.settings, now, send_now)
    async with runtime.sessions() as session, session.begin():
        result = await import_roster(
            session,
            runtime.kb,
            parsed,
            now=now,
            actor=actor,
            source=file.name,
            dry_run=dry_run,
            notice_at=at,
        )
        if not result.applied:
            return result, ""
        repos = Repositories(session)
        office = await repos.registry.office_userids()
        ctx = office_context(runtime, repos, actor)
        return result, announcement(ctx, len(office), at, NOW_FLAG)


@roster_group.command("export")
@click.argument("file", type=click.Path(dir_okay=False, writable=True, path_type=Path))
def export_command(file: Path) -> None:
    """Write the roster to FILE (.xlsx or .csv, as its extension says), grouped by task
    force, lead units first."""
    if file.suffix.lower() not in WRITERS:
        click.echo(texts.EXPORT_BAD_SUFFIX.format(suffix=file.suffix or "（无）"), err=True)
        sys.exit(EXIT_FAILED)

    async def work(runtime: Runtime) -> int:
        async with runtime.sessions() as session:
            people = await RosterStore(session).active_roster()
        rows = roster_rows(runtime.kb, people.values())
        write_roster(file, rows, local(runtime.clock.now()).date())
        return len(rows)

    count = run_with_runtime(work)
    click.echo(texts.EXPORTED.format(count=count, path=file))


@roster_group.command("check")
def check_command() -> None:
    """Check the roster against the mechanism's rules; exit 1 when one fails."""

    async def work(runtime: Runtime) -> list[str]:
        async with runtime.sessions() as session:
            people = await RosterStore(session).active_roster()
        return check_roster(runtime.kb, people)

    findings = run_with_runtime(work)
    if not findings:
        click.echo(texts.CHECK_OK.format(rules=RULES))
        return
    click.echo(texts.CHECK_FAILED.format(count=len(findings)))
    for finding in findings:
        click.echo(f"· {finding}")
    sys.exit(EXIT_FAILED)
