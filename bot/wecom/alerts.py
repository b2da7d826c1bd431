"""Telling the office that a kind of send is blocked (or works again), by a way that still works.

60020 (untrusted IP) and permission errors hit the app's API calls; the group robot's webhook
needs neither a token nor a trusted IP, so it carries the alert when it is configured. When
the robot itself is what fails, the office members get the alert as app messages.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.wecom.client import WeComError
from core.messages import Address, Outbound, Text, ToRobot, ToUsers
from core.settings import Settings
from handlers import texts
from storage.repositories.outbox import OutboxRepository
from storage.repositories.registry import RegistryRepository

SOURCE = "delivery.alert"


def fix_text(error: WeComError) -> str:
    """What to do, in the office's words."""
    if error.errcode == 60020:
        return texts.DELIVERY_FIX_IP.format(ip=error.from_ip() or "")
    if error.errcode in (48001, 48002, 60011):
        return texts.DELIVERY_FIX_PERMISSION
    if error.errcode in (40001, 40013):
        return texts.DELIVERY_FIX_SECRET
    return texts.DELIVERY_FIX_OTHER


async def _office_address(
    session: AsyncSession, settings: Settings, route: str, blocked: Collection[str]
) -> Address | None:
    if route != "robot" and settings.wecom_webhook_key and ToRobot.kind not in blocked:
        return ToRobot()
    if route != "app" and ToUsers.kind not in blocked:
        office = await RegistryRepository(session).office_userids()
        if office:
            return ToUsers(tuple(office))
    return None


async def queue_blocked(
    session: AsyncSession,
    settings: Settings,
    route: str,
    error: WeComError,
    blocked: Collection[str],
    now: datetime,
) -> bool:
    """Queue the office's alert for a newly blocked route; False when no way is left."""
    to = await _office_address(session, settings, route, blocked)
    if to is None:
        return False
    text = texts.DELIVERY_BLOCKED.format(
        route=texts.DELIVERY_ROUTES[route], errcode=error.errcode, fix=fix_text(error)
    )
    return await OutboxRepository(session).enqueue(
        Outbound(to, Text(text)),
        source=SOURCE,
        now=now,
        dedupe_key=f"alert:blocked:{route}:{now.isoformat()}",
    )


async def queue_resumed(
    session: AsyncSession, settings: Settings, route: str, blocked: Collection[str], now: datetime
) -> bool:
    to = await _office_address(session, settings, route, blocked)
    if to is None:
        return False
    text = texts.DELIVERY_RESUMED.format(route=texts.DELIVERY_ROUTES[route])
    return await OutboxRepository(session).enqueue(
        Outbound(to, Text(text)),
        source=SOURCE,
        now=now,
        dedupe_key=f"alert:resumed:{route}:{now.isoformat()}",
    )
