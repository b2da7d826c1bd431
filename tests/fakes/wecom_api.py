"""A fake WeCom API server: a real aiohttp app on 127.0.0.1 (port 0) with WeCom's limits.

It answers gettoken, message/send, media/upload, media/get, appchat/send, webhook/send and
message/update_template_card with the real error codes, records every request and what
each member would see, and can be told to fail (an errcode, an outage, a revoked token).
Time (token expiry, rate windows) comes from the same injected clock as the bot's.
"""

from __future__ import annotations

import asyncio
import itertools
import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, quote, urlencode, urlsplit

from aiohttp import web
from aiohttp.test_utils import TestServer

from core.clock import Clock

TEXT_LIMIT = 2048
"""Bytes a member sees of a text; the rest is cut (observed behaviour)."""
TEXT_REJECT = 5120
WEBHOOK_MARKDOWN_LIMIT = 4096
MEMBER_PER_MINUTE = 30
MEMBER_PER_HOUR = 1000
ROBOT_PER_MINUTE = 20
RESPONSE_CODE_LIFETIME = timedelta(hours=72)
OAUTH_CODE_LIFETIME = timedelta(minutes=5)
WEB_LOGIN = ("login.work.weixin.qq.com", "/wwlogin/sso/login")
AUTHORIZE = ("open.weixin.qq.com", "/connect/oauth2/authorize")
"""WeCom's Web login (扫码登录) page: host and path."""
MEDIA_LIFETIME = timedelta(days=3)
MEDIA_GET_LIMIT = 20 * 1024 * 1024
"""media/get serves at most this much in one piece (830002 beyond it)."""


@dataclass
class Seen:
    """What one member (or chat, or robot) received."""

    to: str
    msgtype: str
    content: dict[str, Any]
    at: datetime

    @property
    def text(self) -> str:
        return self.content.get("content", "")


@dataclass
class Card:
    task_id: str
    userid: str
    body: dict[str, Any]
    response_code: str
    issued_at: datetime
    used: bool = False
    replaced_name: str | None = None


@dataclass
class Recorded:
    path: str
    query: dict[str, str]
    body: Any


@dataclass
class FakeWeComAPI:
    clock: Clock
    corp_id: str
    secret: str
    agent_id: str
    webhook_key: str
    users: set[str] = field(default_factory=lambda: {"zhangsan", "lisi", "wangwu"})
    chats: set[str] = field(default_factory=lambda: {"officechat"})
    tags: dict[str, set[str]] = field(default_factory=lambda: {"7": {"zhangsan", "lisi"}})
    """Tag id → its members (message/send's totag)."""
    down: bool = False
    """An outage: every request gets HTTP 503."""

    def __post_init__(self) -> None:
        self.requests: list[Recorded] = []
        self.seen: list[Seen] = []
        self.dropped: list[Seen] = []
        self.suppressed: list[dict] = []
        self.gettoken_calls = 0
        self.tokens: dict[str, datetime] = {}
        self.cards: dict[str, Card] = {}
        self.media: dict[str, tuple[str, bytes]] = {}
        self.media_info: dict[str, tuple[str, datetime]] = {}
        """media_id → (content type, created at), for media/get."""
        self.media_get_limit = MEDIA_GET_LIMIT
        self._failures: dict[str, list[tuple[int, str, str]]] = defaultdict(list)
        self._refusals: dict[str, tuple[int, str]] = {}
        self._answering = asyncio.Event()
        self._answering.set()
        self._sent_at: dict[str, list[datetime]] = defaultdict(list)
        self._recent: list[tuple[datetime, str, int]] = []
        self._ids = itertools.count(1)
        self._server: TestServer | None = None
        self.base_url = ""
        self.oauth_codes: dict[str, tuple[str | None, datetime]] = {}

    # -- control --------------------------------------------------------------------------

    async def start(self) -> str:
        app = web.Application(client_max_size=30 * 1024 * 1024)
        app.router.add_get("/cgi-bin/gettoken", self._gettoken)
        app.router.add_get("/cgi-bin/auth/getuserinfo", self._getuserinfo)
        app.router.add_get("/cgi-bin/media/get", self._media_get)
        for path, handler in {
            "message/send": self._message_send,
            "media/upload": self._media_upload,
            "appchat/send": self._appchat_send,
            "webhook/send": self._webhook_send,
            "message/update_template_card": self._update_card,
        }.items():
            app.router.add_post(f"/cgi-bin/{path}", handler)
        self._server = TestServer(app, host="127.0.0.1", port=0)
        await self._server.start_server()
        self.base_url = str(self._server.make_url("/cgi-bin/"))
        return self.base_url

    async def close(self) -> None:
        self.resume()
        if self._server is not None:
            await self._server.close()

    def fail(
        self,
        path: str,
        errcode: int,
        *,
        times: int = 1,
        errmsg: str = "injected",
        msgtype: str = "",
    ) -> None:
        """The next `times` calls of `path` (of that `msgtype` only, when given) answer
        `errcode`."""
        self._failures[path].extend([(errcode, errmsg, msgtype)] * times)

    def stall(self) -> None:
        """A hang: requests get no answer until `resume()` (the client times out)."""
        self._answering.clear()

    def resume(self) -> None:
        self._answering.set()

    def refuse(self, path: str, errcode: int, *, errmsg: str = "refused") -> None:
        """Every call of `path` answers `errcode` until `allow(path)` (60020 until the
        admin adds the IP, 48002 until the app gets the permission)."""
        self._refusals[path] = (errcode, errmsg)

    def allow(self, path: str) -> None:
        self._refusals.pop(path, None)

    def calls(self, path: str) -> int:
        return sum(1 for request in self.requests if request.path == path)

    def expire_tokens(self) -> None:
        """Tokens run out on WeCom's side while the bot still trusts its cached one."""
        for token in self.tokens:
            self.tokens[token] = self._now()

    def revoke_tokens(self) -> None:
        """WeCom may invalidate a token before it expires."""
        self.tokens.clear()

    def oauth_code(self, userid: str | None) -> str:
        """The code WeCom appends to the redirect after an OAuth authorize for `userid`
        (None: someone outside the corp, who gets an openid only)."""
        code = f"code-{next(self._ids)}"
        self.oauth_codes[code] = (userid, self._now() + OAUTH_CODE_LIFETIME)
        return code

    def web_login(self, location: str, userid: str | None) -> str:
        """`userid` scans the QR code of WeCom's Web login page at `location` and confirms:
        the address WeCom sends the browser back to (redirect_uri with code and state).
        The page refuses a link that is not for this corp's app, as WeCom does."""
        url = urlsplit(location)
        query = {key: values[0] for key, values in parse_qs(url.query).items()}
        if (url.netloc, url.path) != WEB_LOGIN or query.get("login_type") != "CorpApp":
            raise AssertionError(f"not WeCom's Web login page: {location}")
        if query.get("appid") != self.corp_id or query.get("agentid") != self.agent_id:
            raise AssertionError(f"the login page does not know this app: {location}")
        return self._redirect_back(query, userid)

    def authorize(self, location: str, userid: str | None) -> str:
        """The WeCom client opens the snsapi_base authorize link at `location` for `userid`
        (silently, no page shown): the address it sends the browser on to (redirect_uri
        with code and state). A link that is not this corp's app's is refused."""
        url = urlsplit(location)
        query = {key: values[0] for key, values in parse_qs(url.query).items()}
        if (url.netloc, url.path) != AUTHORIZE:
            raise AssertionError(f"not WeCom's OAuth authorize link: {location}")
        if (query.get("scope"), query.get("response_type")) != ("snsapi_base", "code"):
            raise AssertionError(f"not a silent snsapi_base authorize: {location}")
        if query.get("appid") != self.corp_id or query.get("agentid") != self.agent_id:
            raise AssertionError(f"the authorize link is not for this app: {location}")
        return self._redirect_back(query, userid)

    def _redirect_back(self, query: dict[str, str], userid: str | None) -> str:
        back = {"code": self.oauth_code(userid), "state": query.get("state", "")}
        return query["redirect_uri"] + "?" + urlencode(back)

    def add_media(
        self, filename: str, data: bytes, content_type: str = "application/octet-stream"
    ) -> str:
        """A member sends a file, image or voice: WeCom keeps it for three days under the
        media_id the callback carries."""
        media_id = f"media-{next(self._ids)}"
        self.media[media_id] = (filename, data)
        self.media_info[media_id] = (content_type, self._now())
        return media_id

    def seen_by(self, to: str) -> list[Seen]:
        return [entry for entry in self.seen if entry.to == to.lower()]

    # -- helpers --------------------------------------------------------------------------

    def _now(self) -> datetime:
        return self.clock.now()

    @staticmethod
    def _ok(**extra: Any) -> web.Response:
        return web.json_response({"errcode": 0, "errmsg": "ok", **extra})

    @staticmethod
    def _error(errcode: int, errmsg: str) -> web.Response:
        return web.json_response({"errcode": errcode, "errmsg": errmsg})

    async def _record(self, request: web.Request, body: Any) -> web.Response | None:
        """Record the request; an outage or an injected failure answers it instead."""
        path = request.path.removeprefix("/cgi-bin/")
        self.requests.append(Recorded(path, dict(request.query), body))
        await self._answering.wait()  # a hang (`stall`): the client gives up first
        if self.down:
            raise web.HTTPServiceUnavailable()
        msgtype = body.get("msgtype", "") if isinstance(body, dict) else ""
        for index, (errcode, errmsg, only) in enumerate(self._failures[path]):
            if only in ("", msgtype):
                del self._failures[path][index]
                return self._error(errcode, errmsg)
        if path in self._refusals:
            return self._error(*self._refusals[path])
        return None

    def _check_token(self, request: web.Request) -> web.Response | None:
        token = request.query.get("access_token")
        if not token:
            return self._error(41001, "access_token missing")
        expires = self.tokens.get(token)
        if expires is None:
            return self._error(40014, "invalid access_token")
        if self._now() >= expires:
            return self._error(42001, "access_token expired")
        return None

    def _deliver(self, entry: Seen, limits: tuple[tuple[timedelta, int], ...]) -> None:
        """Count against the member's limits; beyond them WeCom drops silently."""
        times = self._sent_at[entry.to]
        now = self._now()
        for window, limit in limits:
            if sum(1 for at in times if at > now - window) >= limit:
                self.dropped.append(entry)
                return
        times.append(now)
        self.seen.append(entry)

    def _duplicate(self, body: dict[str, Any]) -> bool:
        """enable_duplicate_check: the same request JSON within the interval is not sent."""
        if not body.get("enable_duplicate_check"):
            return False
        interval = int(body.get("duplicate_check_interval", 1800))
        fingerprint = json.dumps(body, sort_keys=True, ensure_ascii=False)
        now = self._now()
        for at, seen, seen_interval in self._recent:
            if seen == fingerprint and now - at < timedelta(seconds=seen_interval):
                return True
        self._recent.append((now, fingerprint, interval))
        return False

    @staticmethod
    def _visible_text(content: str) -> str:
        return content.encode()[:TEXT_LIMIT].decode(errors="ignore")

    # -- endpoints ------------------------------------------------------------------------

    async def _gettoken(self, request: web.Request) -> web.Response:
        self.gettoken_calls += 1
        failure = await self._record(request, None)
        if failure is not None:
            return failure
        if request.query.get("corpid") != self.corp_id:
            return self._error(40013, "invalid corpid")
        if request.query.get("corpsecret") != self.secret:
            return self._error(40001, "invalid credential")
        token = f"token-{next(self._ids)}"
        self.tokens[token] = self._now() + timedelta(seconds=7200)
        return self._ok(access_token=token, expires_in=7200)

    async def _getuserinfo(self, request: web.Request) -> web.Response:
        """auth/getuserinfo: a code works once and for five minutes (40029 otherwise)."""
        failure = await self._record(request, None) or self._check_token(request)
        if failure is not None:
            return failure
        issued = self.oauth_codes.pop(request.query.get("code", ""), None)
        if issued is None or issued[1] < self._now():
            return self._error(40029, "invalid code")
        userid = issued[0]
        if userid is None:
            return self._ok(openid=f"openid-{next(self._ids)}")
        return self._ok(userid=userid)

    async def _message_send(self, request: web.Request) -> web.Response:
        body = await request.json()
        failure = await self._record(request, body) or self._check_token(request)
        if failure is not None:
            return failure
        if str(body.get("agentid")) != self.agent_id:
            return self._error(40056, "invalid agentid")
        msgtype = body.get("msgtype")
        if msgtype not in ("text", "markdown", "file", "template_card", "textcard"):
            return self._error(40008, "invalid message type")
        content = body.get(msgtype)
        if not isinstance(content, dict):
            return self._error(40058, f"{msgtype} missing")
        if msgtype in ("text", "markdown"):
            text = content.get("content", "")
            if not text:
                return self._error(44004, "empty content")
            if len(text.encode()) > TEXT_REJECT:
                return self._error(40058, f"{msgtype}.content exceed max length {TEXT_REJECT}")
            content = {"content": self._visible_text(text)}
        if msgtype == "file" and content.get("media_id") not in self.media:
            return self._error(40007, "invalid media_id")
        wanted = [u for u in str(body.get("touser", "")).split("|") if u]
        for tag in (t for t in str(body.get("totag", "")).split("|") if t):
            wanted += sorted(self.tags.get(tag, ()))
        if not wanted:
            return self._error(81012, "touser, toparty and totag all empty")
        valid = [u.lower() for u in wanted if u.lower() in self.users]
        invalid = [u for u in wanted if u.lower() not in self.users]
        if not valid:
            return self._error(81013, "user & party & tag all invalid")
        extra: dict[str, Any] = {"invaliduser": "|".join(invalid)}
        if msgtype == "template_card":
            task_id = content.get("task_id", "")
            if not task_id or task_id in self.cards:
                return self._error(42014, "taskid has existed or empty or exceed max len")
            action = content.get("card_action")
            if action is not None and not (action.get("type") == 1 and action.get("url")):
                return self._error(40058, "template_card.card_action invalid")
            code = f"rc-{next(self._ids)}"
            self.cards[task_id] = Card(task_id, valid[0], content, code, self._now())
            extra["response_code"] = code
        if self._duplicate(body):
            self.suppressed.append(body)
            return self._ok(msgid=f"msg-{next(self._ids)}", **extra)
        for userid in valid:
            self._deliver(
                Seen(userid, msgtype, content, self._now()),
                ((timedelta(minutes=1), MEMBER_PER_MINUTE), (timedelta(hours=1), MEMBER_PER_HOUR)),
            )
        return self._ok(msgid=f"msg-{next(self._ids)}", **extra)

    async def _media_upload(self, request: web.Request) -> web.Response:
        form = await request.post()
        media = form.get("media")
        failure = await self._record(request, {"type": request.query.get("type")})
        failure = failure or self._check_token(request)
        if failure is not None:
            return failure
        if not isinstance(media, web.FileField):
            return self._error(41005, "media data missing")
        data = media.file.read()
        if len(data) <= 5:
            return self._error(40006, "invalid media size")
        if len(data) > 20 * 1024 * 1024:
            return self._error(40006, "invalid media size")
        media_id = f"media-{next(self._ids)}"
        self.media[media_id] = (media.filename, data)
        self.media_info[media_id] = ("application/octet-stream", self._now())
        return self._ok(type=request.query.get("type"), media_id=media_id, created_at="1")

    async def _media_get(self, request: web.Request) -> web.Response:
        failure = await self._record(request, None) or self._check_token(request)
        if failure is not None:
            return failure
        media_id = request.query.get("media_id", "")
        info = self.media_info.get(media_id)
        if info is None or self._now() - info[1] > MEDIA_LIFETIME:
            return self._error(40007, "invalid media_id")
        filename, data = self.media[media_id]
        if len(data) > self.media_get_limit:
            return self._error(830002, "file size exceeds 20MB, use Range")
        disposition = f"attachment; filename*=UTF-8''{quote(filename)}"
        return web.Response(
            body=data, content_type=info[0], headers={"Content-Disposition": disposition}
        )

    async def _appchat_send(self, request: web.Request) -> web.Response:
        body = await request.json()
        failure = await self._record(request, body) or self._check_token(request)
        if failure is not None:
            return failure
        chatid = body.get("chatid")
        if chatid not in self.chats:
            return self._error(86003, "chatid not exist")
        msgtype = body.get("msgtype")
        content = dict(body.get(msgtype) or {})
        if msgtype in ("text", "markdown"):
            if not content.get("content"):
                return self._error(44004, "empty content")
            content["content"] = self._visible_text(content["content"])
        self._deliver(Seen(chatid, msgtype, content, self._now()), ())
        return self._ok()

    async def _webhook_send(self, request: web.Request) -> web.Response:
        body = await request.json()
        failure = await self._record(request, body)
        if failure is not None:
            return failure
        if request.query.get("key") != self.webhook_key:
            return self._error(93000, "invalid webhook url")
        msgtype = body.get("msgtype")
        content = body.get(msgtype) or {}
        text = content.get("content", "")
        limit = WEBHOOK_MARKDOWN_LIMIT if msgtype == "markdown" else TEXT_LIMIT
        if len(text.encode()) > limit:
            return self._error(40058, f"{msgtype}.content exceed max length {limit}")
        robot = "robot:" + self.webhook_key
        now = self._now()
        if (
            sum(1 for at in self._sent_at[robot] if at > now - timedelta(minutes=1))
            >= ROBOT_PER_MINUTE
        ):
            return self._error(45009, "api freq out of limit")
        self._sent_at[robot].append(now)
        self.seen.append(Seen(robot, msgtype, content, now))
        return self._ok()

    async def _update_card(self, request: web.Request) -> web.Response:
        body = await request.json()
        failure = await self._record(request, body) or self._check_token(request)
        if failure is not None:
            return failure
        code = body.get("response_code")
        card = next((c for c in self.cards.values() if c.response_code == code), None)
        if card is None or card.used or self._now() - card.issued_at > RESPONSE_CODE_LIFETIME:
            return self._error(60140, "invalid response_code")
        card.used = True
        card.replaced_name = (body.get("button") or {}).get("replace_name")
        return self._ok()

    # -- the member's side of a card --------------------------------------------------------

    def click(self, task_id: str, index: int) -> tuple[str, str, str]:
        """A member clicks button `index`: (task_id, key, response_code) for the callback.
        WeCom issues a fresh response code with the click event."""
        card = self.cards[task_id]
        key = card.body["button_list"][index]["key"]
        card.response_code = f"rc-{next(self._ids)}"
        card.issued_at = self._now()
        card.used = False
        return task_id, key, card.response_code
