"""`zhuanban attachment`: list the files people sent and get one back out of the store."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from bot.commands import run_with_runtime
from bot.runtime import Runtime
from handlers import attachments as kept
from handlers import texts
from handlers.office.args import ArgumentError, parse_quarter, resolve_task_force
from storage.files import FileStore
from storage.models import Attachment
from storage.repositories import Repositories
from storage.repositories.attachments import PENDING, STORED

EXIT_NOT_AVAILABLE = 1


@click.group("attachment")
def attachment_group() -> None:
    """Files, images and voice people sent: list them, get one out of the file store."""


@attachment_group.command("list")
@click.option("--pending", is_flag=True, help="Only those not downloaded yet.")
@click.option("--task-force", metavar="NAME", help="Only this task force's (short names do).")
@click.option("--quarter", metavar="QUARTER", help="Only this quarter's, like 2026Q4.")
@click.option("--limit", default=100, show_default=True, help="At most this many, newest first.")
def list_command(pending: bool, task_force: str | None, quarter: str | None, limit: int) -> None:
    """List attachments: number, name, size, status, sender, time, task force, quarter."""

    async def work(runtime: Runtime) -> list[str]:
        try:
            task_force_id = resolve_task_force(runtime.kb, task_force).id if task_force else None
            period_id = parse_quarter(quarter).id if quarter else None
        except ArgumentError as error:
            raise click.BadParameter(str(error)) from None
        async with runtime.sessions() as session:
            found = await Repositories(session).attachments.listing(
                status=PENDING if pending else None,
                task_force_id=task_force_id,
                period_id=period_id,
                limit=limit,
            )
        return [kept.line(attachment, runtime.kb, place=True) for attachment in found]

    lines = run_with_runtime(work)
    click.echo("\n".join(lines) if lines else texts.ATTACHMENTS_NONE)


@attachment_group.command("get")
@click.argument("number", type=int)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="File to write (default: the attachment's own name, here).",
)
def get_command(number: int, output: Path | None) -> None:
    """Write attachment NUMBER's file, checked against its SHA-256."""

    async def work(runtime: Runtime) -> tuple[Attachment | None, bytes | None, str]:
        async with runtime.sessions() as session:
            attachment = await Repositories(session).attachments.get(number)
        if attachment is None:
            return None, None, texts.ATTACHMENT_NOT_FOUND.format(id=number)
        if attachment.status != STORED or attachment.path is None:
            status = kept.status_text(attachment)
            return attachment, None, texts.ATTACHMENT_NOT_READY.format(id=number, status=status)
        store = FileStore(runtime.settings.files_path())
        if not store.verify(attachment.path, attachment.sha256 or ""):
            return attachment, None, texts.ATTACHMENT_MISSING_ON_DISK.format(id=number)
        return attachment, store.read(attachment.path), ""

    attachment, content, problem = run_with_runtime(work)
    if attachment is None or content is None:
        click.echo(problem, err=True)
        sys.exit(EXIT_NOT_AVAILABLE)
    path = output or Path(kept.shown_name(attachment))
    path.write_bytes(content)
    click.echo(f"{path}  {len(content)} B  sha256 {attachment.sha256}")
