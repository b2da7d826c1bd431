"""Links into the web console for chat messages, when ZHUANBAN_PUBLIC_URL says where it is."""

from __future__ import annotations

from urllib.parse import quote

from core.settings import Settings
from handlers import texts

PREFIX = "/console"


def console_link(settings: Settings, path: str = "/") -> str | None:
    """{public url}/console{path}; None when the console has no public address (or no key)."""
    if not settings.public_url or not settings.console_secret:
        return None
    return settings.public_url.rstrip("/") + PREFIX + quote(path, safe="/?=&")


def task_force_path(task_force_id: str) -> str:
    return f"/task-forces/{task_force_id}"


def problem_path(problem_id: int) -> str:
    return f"/problems/{problem_id}"


def form_path(task_force_id: str, period_id: str) -> str:
    return f"/checkin/{task_force_id}?q={period_id}"


def board_path(period_id: str) -> str:
    return f"/?q={period_id}"


def ranking_path(year: int) -> str:
    return f"/ranking?year={year}"


def link_line(settings: Settings, path: str) -> str:
    """A new line with 在工作台查看：<link> to append to a chat message; "" without a link."""
    link = console_link(settings, path)
    return f"\n{texts.CONSOLE_LINK.format(url=link)}" if link else ""


def markdown_link_line(settings: Settings, path: str) -> str:
    """The same for a markdown message: a [在工作台查看](link) line."""
    link = console_link(settings, path)
    return f"\n{texts.CONSOLE_LINK_MARKDOWN.format(url=link)}" if link else ""
