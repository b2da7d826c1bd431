"""Fault drill: `kill -9` of `zhuanban serve` under a steady load; prints "lost: N" (must be 0).

    python -m benchmarks.bench_kill9 [--users 24] [--seconds 12] [--reply-budget 0]
                                     [--database-url URL]

The fake WeCom API (tests/fakes/wecom_api.py) runs here on loopback; `zhuanban serve` runs
as a separate process pointed at it. Several users send signed, encrypted text messages,
each one after the other, as WeCom does; a message that gets no HTTP 200 (the server was
killed, or answered 5xx) is delivered again with the same MsgId, as WeCom redelivers, until
it is acknowledged. Part-way through, the server gets SIGKILL and is started again.

Afterwards every acknowledged message must have been answered exactly once, either in the
HTTP response (a passive reply) or through message/send (a reply deferred past the passive
budget, or queued before the kill and sent after the restart):

    lost: acknowledged messages never answered    (must be 0)
    duplicates: answers beyond one per message    (should be 0)

With the default SQLite file, one server; with `--database-url postgresql://…`, two
servers on one database, the load spread over both (as behind a load balancer), and one of
them killed. The figures go to stdout; the exit status is 1 when anything was lost.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp

from core.clock import SystemClock
from tests.fakes.harness import AES_KEY, AGENT_ID, CORP_ID, SECRET, TOKEN, WEBHOOK_KEY
from tests.fakes.wecom_api import FakeWeComAPI
from tests.fakes.wecom_user import WeComUser

QUESTION = "填报 {token}"
"""Answered with one short text that repeats the token ("no task force “token”"): each
answer names its message, whichever way it leaves, and no two answers are alike (WeCom's
duplicate check would swallow a second identical text)."""
TOKEN_IN_ANSWER = re.compile(r"“(qx[a-z]+)”")


def letters(number: int) -> str:
    """A number in letters: the check-in's parser would take digits for a date or year."""
    text = ""
    while True:
        number, digit = divmod(number, 26)
        text = "abcdefghijklmnopqrstuvwxyz"[digit] + text
        if not number:
            return text


ZHUANBAN = str(Path(sys.executable).with_name("zhuanban"))
START_TIMEOUT = 60.0
SETTLE_TIMEOUT = 120.0
"""Seconds after the load for deferred answers to arrive through message/send."""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Server:
    port: int
    env: dict[str, str]
    log: Path
    process: subprocess.Popen[bytes] | None = None
    starts: int = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/wecom/callback"

    def start(self) -> None:
        self.starts += 1
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [ZHUANBAN, "serve"], env=self.env, stdout=log, stderr=subprocess.STDOUT
            )

    async def wait_ready(self, http: aiohttp.ClientSession) -> float:
        started = time.monotonic()
        while time.monotonic() - started < START_TIMEOUT:
            assert self.process is not None and self.process.poll() is None, self.log.read_text()
            try:
                async with http.get(f"http://127.0.0.1:{self.port}/healthz") as response:
                    if response.status == 200:
                        return time.monotonic() - started
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.1)
        raise RuntimeError(f"server on {self.port} did not start; see {self.log}")

    def kill9(self) -> None:
        assert self.process is not None
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=40)
            except subprocess.TimeoutExpired:
                self.process.kill()


@dataclass
class Tally:
    sent: int = 0
    acknowledged: set[str] = field(default_factory=set)
    """Tokens of the messages that got HTTP 200."""
    passive: Counter[str] = field(default_factory=Counter)
    """Token → answers in HTTP responses."""
    redeliveries: int = 0
    refused_5xx: int = 0
    connection_errors: int = 0


async def one_message(
    http: aiohttp.ClientSession,
    wecom: WeComUser,
    servers: list[Server],
    user: str,
    tally: Tally,
    deadline: float,
) -> None:
    """Deliver one message as WeCom does: again and again with the same MsgId until 200."""
    token = "qx" + letters(tally.sent)
    delivery = wecom.prepare(wecom.text_xml(user, QUESTION.format(token=token)))
    tally.sent += 1
    attempt = 0
    while time.monotonic() < deadline:
        server = servers[(hash(user) + attempt) % len(servers)]
        attempt += 1
        try:
            async with http.post(
                server.url, params=delivery.params, data=delivery.body
            ) as response:
                body = await response.text()
                if response.status == 200:
                    tally.acknowledged.add(token)
                    reply = wecom.read_passive(body)
                    if reply is not None:
                        tally.passive.update(TOKEN_IN_ANSWER.findall(reply.content))
                    return
                tally.refused_5xx += 1
        except (aiohttp.ClientError, TimeoutError):
            tally.connection_errors += 1
        tally.redeliveries += 1
        await asyncio.sleep(0.3)


async def user_load(
    http: aiohttp.ClientSession,
    wecom: WeComUser,
    servers: list[Server],
    user: str,
    tally: Tally,
    until: float,
) -> None:
    while time.monotonic() < until:
        await one_message(http, wecom, servers, user, tally, until + 90)
        await asyncio.sleep(random.uniform(0.5, 1.5))  # people type; WeCom allows 30/min


def answered_by_api(api: FakeWeComAPI) -> Counter[str]:
    """Token → answers sent through message/send (those WeCom's limits dropped included:
    the bot did send them)."""
    counts: Counter[str] = Counter()
    for seen in (*api.seen, *api.dropped):
        counts.update(TOKEN_IN_ANSWER.findall(seen.text))
    return counts


async def drill(args: argparse.Namespace) -> int:
    clock = SystemClock()
    api = FakeWeComAPI(
        clock=clock, corp_id=CORP_ID, secret=SECRET, agent_id=AGENT_ID, webhook_key=WEBHOOK_KEY
    )
    users = [f"load{index:02d}" for index in range(args.users)]
    api.users |= set(users)
    await api.start()
    work = Path(tempfile.mkdtemp(prefix="bench_kill9_"))
    database_url = args.database_url or f"sqlite:///{work / 'kill9.db'}"
    postgres = database_url.startswith("postgres")
    env = {k: v for k, v in os.environ.items() if not k.startswith("ZHUANBAN_")} | {
        "ZHUANBAN_DATABASE_URL": database_url,
        "ZHUANBAN_FILES_DIR": str(work / "files"),
        "ZHUANBAN_HOST": "127.0.0.1",
        "ZHUANBAN_WECOM_CORP_ID": CORP_ID,
        "ZHUANBAN_WECOM_AGENT_ID": AGENT_ID,
        "ZHUANBAN_WECOM_SECRET": SECRET,
        "ZHUANBAN_WECOM_TOKEN": TOKEN,
        "ZHUANBAN_WECOM_AES_KEY": AES_KEY,
        "ZHUANBAN_WECOM_API_BASE": api.base_url,
        "ZHUANBAN_WECOM_WEBHOOK_KEY": WEBHOOK_KEY,
        "ZHUANBAN_REMINDERS_IN_SERVE": "false",
        "ZHUANBAN_LOG_LEVEL": "WARNING",
        "ZHUANBAN_WECOM_REPLY_BUDGET": str(args.reply_budget),
    }
    servers = []
    for index in range(2 if postgres else 1):
        port = free_port()
        log = work / f"serve-{index}.log"
        servers.append(Server(port, env | {"ZHUANBAN_PORT": str(port)}, log))
    wecom = WeComUser(
        None, clock, token=TOKEN, aes_key=AES_KEY, corp_id=CORP_ID, agent_id=AGENT_ID
    )
    wecom._msg_ids = iter(range(random.randrange(10**15, 10**16), 10**17))  # fresh keys
    tally = Tally()
    victim = servers[0]
    timeout = aiohttp.ClientTimeout(total=10)
    try:
        async with aiohttp.ClientSession(timeout=timeout) as http:
            for server in servers:  # one after the other: the first migrates the database
                server.start()
                await server.wait_ready(http)
            until = time.monotonic() + args.seconds
            load = [
                asyncio.create_task(user_load(http, wecom, servers, user, tally, until))
                for user in users
            ]
            await asyncio.sleep(args.seconds * args.kill_at)
            acknowledged_before = len(tally.acknowledged)
            victim.kill9()
            killed_at = time.monotonic()
            victim.start()
            restart = await victim.wait_ready(http)
            await asyncio.gather(*load)
            settle_until = time.monotonic() + SETTLE_TIMEOUT
            while time.monotonic() < settle_until:
                answered = tally.passive + answered_by_api(api)
                if all(answered[token] for token in tally.acknowledged):
                    break
                await asyncio.sleep(0.5)
            await asyncio.sleep(2.0)  # anything sent twice arrives too
            by_api = answered_by_api(api)
    finally:
        for server in servers:
            server.stop()
        await api.close()
    answered = tally.passive + by_api
    lost = sum(1 for token in tally.acknowledged if not answered[token])
    duplicates = sum(count - 1 for count in answered.values() if count > 1)
    acknowledged = len(tally.acknowledged)
    print(
        f"database: {'PostgreSQL' if postgres else 'SQLite'}, servers: {len(servers)}, "
        f"reply budget: {args.reply_budget} s"
    )
    print(f"users: {len(users)}, load: {args.seconds:.0f} s, kill -9 after {args.kill_at:.0%}")
    print(f"messages sent: {tally.sent}, acknowledged (HTTP 200): {acknowledged}")
    print(f"acknowledged before the kill: {acknowledged_before}")
    print(
        f"answered passively: {sum(tally.passive.values())}, through message/send: "
        f"{sum(by_api.values())} (dropped by WeCom's limits: {len(api.dropped)})"
    )
    print(
        f"redeliveries: {tally.redeliveries} (5xx: {tally.refused_5xx}, "
        f"connection errors: {tally.connection_errors})"
    )
    print(
        f"restart after kill -9: {restart:.1f} s ready, {time.monotonic() - killed_at:.0f} s ago"
    )
    print(f"unacknowledged at the end: {tally.sent - acknowledged}")
    print(f"duplicates: {duplicates}")
    print(f"lost: {lost}")
    print(f"logs: {work}")
    return 1 if lost else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=24)
    parser.add_argument("--seconds", type=float, default=12.0, help="Length of the load.")
    parser.add_argument(
        "--kill-at", type=float, default=0.4, help="Fraction of the load before kill -9."
    )
    parser.add_argument(
        "--reply-budget",
        type=float,
        default=1.5,
        help="Seconds the callback waits to answer passively; 0 sends every answer through "
        "the outbox (so the kill also hits queued, unsent answers).",
    )
    parser.add_argument(
        "--database-url", help="postgresql://… runs two servers on it (default: a SQLite file)."
    )
    sys.exit(asyncio.run(drill(parser.parse_args())))


if __name__ == "__main__":
    main()
