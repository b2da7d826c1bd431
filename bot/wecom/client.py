"""Async client for the WeCom server API: the token cache, error classes and every call we make.

wechatpy's client is synchronous and builds the gettoken URL itself; this one is aiohttp and
puts every call, gettoken and the group-robot webhook included, under ZHUANBAN_WECOM_API_BASE.
Retrying transient failures is the outbox's job (it persists the schedule); the client only
refetches a rejected token once.
"""

from __future__ import annotations

import asyncio
import logging
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import aiohttp

from bot import metrics
from core.clock import Clock
from core.settings import Settings

log = logging.getLogger(__name__)

TOKEN_ERRORS = frozenset({40014, 42001, 41001})
"""invalid / expired / missing access_token: fetch a new one and retry once."""
TRANSIENT_ERRORS = frozenset({-1, 45009, 45033})
"""system busy / frequency limit / too many concurrent calls: back off and retry."""
RATE_LIMITED = 45009
CONFIG_ERRORS = frozenset({40001, 40013, 48001, 48002, 60011, 60020})
"""A setting or the admin console is wrong (secret, corp id, API or data permission, the
trusted IP list); retrying soon cannot help, so that kind of send stops until it is fixed."""
TASK_ID_EXISTS = 42014
TOKEN_REFRESH_MARGIN = timedelta(minutes=5)
SECRET_REJECTED_PAUSE = timedelta(minutes=10)
"""After 40001, gettoken waits this long: repeated wrong-secret calls get the IP banned."""

_FROM_IP = re.compile(r"from ip:\s*([0-9a-fA-F.:]+)")


class WeComError(Exception):
    """A failed call; `errcode` None means the network or HTTP layer failed."""

    def __init__(self, api: str, errcode: int | None, errmsg: str) -> None:
        super().__init__(f"{api}: {errcode} {errmsg}")
        self.api = api
        self.errcode = errcode
        self.errmsg = errmsg

    @property
    def transient(self) -> bool:
        return self.errcode is None or self.errcode in TRANSIENT_ERRORS

    @property
    def config(self) -> bool:
        return self.errcode in CONFIG_ERRORS

    def from_ip(self) -> str | None:
        """The IP WeCom names in a 60020 ("not allow to access from your ip ... from ip: X")."""
        match = _FROM_IP.search(self.errmsg)
        return match.group(1) if match else None

    def explain(self) -> str:
        """What an operator should do, in plain words."""
        if self.errcode == 40001:
            return (
                "WeCom rejected the app secret (40001): check ZHUANBAN_WECOM_SECRET against "
                "the app's Secret in the admin console (it changes when reset)"
            )
        if self.errcode == 40013:
            return "WeCom does not know this corp id (40013): check ZHUANBAN_WECOM_CORP_ID"
        if self.errcode == 60020:
            ip = self.from_ip() or "this server's egress IP"
            return (
                f"WeCom refused the call from IP {ip} (60020): add {ip} to the app's "
                "企业可信IP list in the admin console; it takes effect after about a minute"
            )
        if self.errcode in (48001, 48002, 60011):
            return (
                f"WeCom does not allow {self.api} for this app ({self.errcode}): check the app "
                "type, its API permissions and visible range (appchat needs the root department)"
            )
        return str(self)


@dataclass(frozen=True, slots=True)
class Media:
    """A downloaded temporary media: the name from Content-Disposition (may be empty)."""

    file_name: str
    content_type: str
    data: bytes


class MediaTooLarge(Exception):
    """The media is larger than we keep; nothing more was read."""


class WeComClient:
    def __init__(self, http: aiohttp.ClientSession, settings: Settings, clock: Clock) -> None:
        self._http = http
        self._settings = settings
        self._clock = clock
        base = settings.wecom_api_base
        self._base = base if base.endswith("/") else base + "/"
        self._token: str | None = None
        self._token_expires = clock.now()
        self._token_lock = asyncio.Lock()
        self._secret_rejected: tuple[datetime, WeComError] | None = None

    async def access_token(self) -> str:
        """The cached token, fetched (one fetch at a time) when missing or about to expire."""
        if self._token is not None and self._clock.now() < self._token_expires:
            return self._token
        async with self._token_lock:
            now = self._clock.now()
            if self._token is not None and now < self._token_expires:
                return self._token
            if self._secret_rejected is not None:
                until, error = self._secret_rejected
                if now < until:
                    raise error
            try:
                data = await self._request(
                    "GET",
                    "gettoken",
                    params={
                        "corpid": self._settings.wecom_corp_id,
                        "corpsecret": self._settings.wecom_secret,
                    },
                )
            except WeComError as error:
                if error.errcode == 40001:
                    self._secret_rejected = (now + SECRET_REJECTED_PAUSE, error)
                raise
            self._secret_rejected = None
            self._token = str(data["access_token"])
            lifetime = timedelta(seconds=int(data.get("expires_in", 7200)))
            self._token_expires = now + lifetime - TOKEN_REFRESH_MARGIN
            return self._token

    def _drop_token(self, token: str) -> None:
        if self._token == token:
            self._token = None

    async def call(
        self,
        path: str,
        *,
        json: dict[str, Any] | None = None,
        params: dict[str, str] | None = None,
        data: aiohttp.FormData | None = None,
    ) -> dict[str, Any]:
        """POST to an API that takes an access_token; a rejected token is refetched once."""
        for attempt in (1, 2):
            token = await self.access_token()
            try:
                return await self._request(
                    "POST",
                    path,
                    params={**(params or {}), "access_token": token},
                    json=json,
                    data=data,
                )
            except WeComError as error:
                if error.errcode in TOKEN_ERRORS and attempt == 1:
                    log.info(
                        "access token rejected, fetching a new one",
                        extra={"api": path, "errcode": error.errcode},
                    )
                    self._drop_token(token)
                    continue
                raise
        raise AssertionError("unreachable")

    async def _request(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, str],
        json: dict[str, Any] | None = None,
        data: aiohttp.FormData | None = None,
    ) -> dict[str, Any]:
        try:
            async with self._http.request(
                method,
                self._base + path,
                params=params,
                json=json,
                data=data,
                timeout=aiohttp.ClientTimeout(total=self._settings.wecom_http_timeout),
            ) as response:
                if response.status != 200:
                    raise WeComError(path, None, f"HTTP {response.status}")
                body = await response.json(content_type=None)
        except (aiohttp.ClientError, TimeoutError, ValueError) as error:
            metrics.WECOM_CALLS.labels(path, "network").inc()
            raise WeComError(path, None, f"{type(error).__name__}: {error}") from error
        except WeComError:
            metrics.WECOM_CALLS.labels(path, "network").inc()
            raise
        if not isinstance(body, dict):
            metrics.WECOM_CALLS.labels(path, "network").inc()
            raise WeComError(path, None, "response is not a JSON object")
        errcode = int(body.get("errcode", 0))
        metrics.WECOM_CALLS.labels(path, str(errcode)).inc()
        if errcode != 0:
            refused = WeComError(path, errcode, str(body.get("errmsg", "")))
            if refused.config:
                log.error(refused.explain(), extra={"api": path, "errcode": errcode})
            raise refused
        return body

    async def send_message(
        self, touser: str, msgtype: str, content: dict[str, Any], *, totag: str = ""
    ) -> dict:
        """message/send to members ("a|b") or a tag; WeCom's duplicate check guards a resend
        after a crash mid-send. Returns the response (invaliduser lists members it skipped)."""
        body = {
            "touser": touser,
            "totag": totag,
            "msgtype": msgtype,
            "agentid": int(self._settings.wecom_agent_id),
            msgtype: content,
            "safe": 0,
            "enable_duplicate_check": 1,
            "duplicate_check_interval": self._settings.wecom_duplicate_check_seconds,
        }
        response = await self.call("message/send", json=body)
        skipped = response.get("invaliduser") or response.get("unlicenseduser")
        if skipped:
            log.warning(
                "some recipients were skipped by WeCom",
                extra={"skipped": skipped, "touser": touser},
            )
        return response

    async def upload_media(self, filename: str, content: bytes) -> str:
        """media/upload (multipart field `media`); the media_id lives three days."""
        # The file name as plain UTF-8, as the SDKs WeCom is used with send it; aiohttp's
        # default percent-encoding would show up literally as the name members see.
        form = aiohttp.FormData(quote_fields=False)
        form.add_field(
            "media", content, filename=filename, content_type="application/octet-stream"
        )
        response = await self.call("media/upload", params={"type": "file"}, data=form)
        return str(response["media_id"])

    async def download_media(self, media_id: str, max_bytes: int) -> Media:
        """media/get: the bytes of a media_id (valid three days after it was sent).

        WeCom answers a failure as JSON with HTTP 200, so the content type decides; a
        rejected token is refetched once, as for every call."""
        for attempt in (1, 2):
            token = await self.access_token()
            try:
                return await self._download(media_id, token, max_bytes)
            except WeComError as error:
                if error.errcode in TOKEN_ERRORS and attempt == 1:
                    self._drop_token(token)
                    continue
                raise
        raise AssertionError("unreachable")

    async def _download(self, media_id: str, token: str, max_bytes: int) -> Media:
        api = "media/get"
        try:
            async with self._http.get(
                self._base + api,
                params={"access_token": token, "media_id": media_id},
                timeout=aiohttp.ClientTimeout(total=120),
            ) as response:
                if response.status != 200:
                    raise WeComError(api, None, f"HTTP {response.status}")
                content_type = response.content_type
                if content_type in ("application/json", "text/plain"):
                    body = await response.json(content_type=None)
                    errcode = int(body.get("errcode", -1)) if isinstance(body, dict) else -1
                    raise WeComError(api, errcode, str(body.get("errmsg", "")))
                if (response.content_length or 0) > max_bytes:
                    raise MediaTooLarge()
                data = bytearray()
                async for chunk in response.content.iter_chunked(64 * 1024):
                    data += chunk
                    if len(data) > max_bytes:
                        raise MediaTooLarge()
                disposition = response.content_disposition
                name = (disposition.filename if disposition else None) or ""
                return Media(name, content_type, bytes(data))
        except (aiohttp.ClientError, TimeoutError, ValueError) as error:
            raise WeComError(api, None, f"{type(error).__name__}: {error}") from error

    async def update_card_button(self, userid: str, response_code: str, replace_name: str) -> None:
        """Grey out the clicked card's buttons with `replace_name` (the code works once)."""
        await self.call(
            "message/update_template_card",
            json={
                "userids": [userid],
                "agentid": int(self._settings.wecom_agent_id),
                "response_code": response_code,
                "button": {"replace_name": replace_name},
            },
        )

    async def appchat_send(self, chatid: str, msgtype: str, content: dict[str, Any]) -> None:
        await self.call(
            "appchat/send",
            json={"chatid": chatid, "msgtype": msgtype, msgtype: content, "safe": 0},
        )

    async def webhook_send(self, key: str, msgtype: str, content: dict[str, Any]) -> None:
        """The group robot: no token, the key is the credential."""
        await self._request(
            "POST",
            "webhook/send",
            params={"key": key},
            json={"msgtype": msgtype, msgtype: content},
        )

    async def oauth_userid(self, code: str) -> str | None:
        """auth/getuserinfo: the member an OAuth code stands for; None for a non-member
        (the answer then carries an openid only). The code is single use on WeCom's side."""
        token = await self.access_token()
        body = await self._request(
            "GET", "auth/getuserinfo", params={"access_token": token, "code": code}
        )
        userid = body.get("userid") or body.get("UserId")
        return str(userid) if userid else None
