"""Plays WeCom's side of the callback: signs and encrypts messages the way WeCom does.

The crypto here is written from WeCom's spec with `cryptography` (not wechatpy), so the
tests check that the bot interoperates with the scheme, not with itself.
"""

from __future__ import annotations

import base64
import hashlib
import itertools
import os
import secrets
import struct
from dataclasses import dataclass
from xml.etree import ElementTree

from aiohttp import ClientResponse
from aiohttp.test_utils import TestClient
from cryptography.hazmat.primitives import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from core.clock import Clock


@dataclass(frozen=True)
class Delivery:
    """One HTTP request as WeCom would send it; post it again to play a redelivery."""

    params: dict[str, str]
    body: bytes


@dataclass(frozen=True)
class PassiveReply:
    to_user: str
    from_user: str
    msg_type: str
    content: str


def cdata(value: str) -> str:
    return f"<![CDATA[{value}]]>"


class WeComUser:
    def __init__(
        self,
        http: TestClient | None,
        clock: Clock,
        *,
        token: str,
        aes_key: str,
        corp_id: str,
        agent_id: str,
        path: str = "/wecom/callback",
    ) -> None:
        self.http = http
        self.clock = clock
        self.token = token
        self.key = base64.b64decode(aes_key + "=")
        self.corp_id = corp_id
        self.agent_id = agent_id
        self.path = path
        self._msg_ids = itertools.count(7_300_000_000_000_000_001)

    # -- WeCom's crypto -------------------------------------------------------------------

    def sign(self, timestamp: str, nonce: str, encrypt: str) -> str:
        return hashlib.sha1(
            "".join(sorted([self.token, timestamp, nonce, encrypt])).encode()
        ).hexdigest()

    def encrypt(self, plaintext: str, receive_id: str | None = None) -> str:
        message = plaintext.encode()
        receive = (self.corp_id if receive_id is None else receive_id).encode()
        raw = os.urandom(16) + struct.pack(">I", len(message)) + message + receive
        padder = padding.PKCS7(256).padder()  # WeCom pads to 32-byte blocks
        raw = padder.update(raw) + padder.finalize()
        encryptor = Cipher(algorithms.AES(self.key), modes.CBC(self.key[:16])).encryptor()
        return base64.b64encode(encryptor.update(raw) + encryptor.finalize()).decode()

    def decrypt(self, encrypt: str) -> str:
        decryptor = Cipher(algorithms.AES(self.key), modes.CBC(self.key[:16])).decryptor()
        raw = decryptor.update(base64.b64decode(encrypt)) + decryptor.finalize()
        unpadder = padding.PKCS7(256).unpadder()
        raw = unpadder.update(raw) + unpadder.finalize()
        length = struct.unpack(">I", raw[16:20])[0]
        assert raw[20 + length :].decode() == self.corp_id, "reply encrypted for another corp"
        return raw[20 : 20 + length].decode()

    # -- building callbacks ---------------------------------------------------------------

    def now(self) -> str:
        return str(int(self.clock.now().timestamp()))

    def text_xml(self, user: str, content: str, msg_id: str | None = None) -> str:
        msg_id = msg_id or str(next(self._msg_ids))
        return (
            f"<xml><ToUserName>{cdata(self.corp_id)}</ToUserName>"
            f"<FromUserName>{cdata(user)}</FromUserName><CreateTime>{self.now()}</CreateTime>"
            f"<MsgType>{cdata('text')}</MsgType><Content>{cdata(content)}</Content>"
            f"<MsgId>{msg_id}</MsgId><AgentID>{self.agent_id}</AgentID></xml>"
        )

    def message_xml(self, user: str, msg_type: str, fields: str = "") -> str:
        return (
            f"<xml><ToUserName>{cdata(self.corp_id)}</ToUserName>"
            f"<FromUserName>{cdata(user)}</FromUserName><CreateTime>{self.now()}</CreateTime>"
            f"<MsgType>{cdata(msg_type)}</MsgType>{fields}"
            f"<MsgId>{next(self._msg_ids)}</MsgId><AgentID>{self.agent_id}</AgentID></xml>"
        )

    def event_xml(self, user: str, event: str, event_key: str = "", extra: str = "") -> str:
        return (
            f"<xml><ToUserName>{cdata(self.corp_id)}</ToUserName>"
            f"<FromUserName>{cdata(user)}</FromUserName><CreateTime>{self.now()}</CreateTime>"
            f"<MsgType>{cdata('event')}</MsgType><Event>{cdata(event)}</Event>"
            f"<EventKey>{cdata(event_key)}</EventKey>{extra}"
            f"<AgentID>{self.agent_id}</AgentID></xml>"
        )

    def card_click_xml(self, user: str, task_id: str, key: str, response_code: str) -> str:
        extra = (
            f"<TaskId>{cdata(task_id)}</TaskId><CardType>{cdata('button_interaction')}</CardType>"
            f"<ResponseCode>{cdata(response_code)}</ResponseCode>"
        )
        return self.event_xml(user, "template_card_event", key, extra)

    def envelope(self, encrypt: str) -> bytes:
        return (
            f"<xml><ToUserName>{cdata(self.corp_id)}</ToUserName>"
            f"<AgentID>{cdata(self.agent_id)}</AgentID>"
            f"<Encrypt>{cdata(encrypt)}</Encrypt></xml>"
        ).encode()

    def signed_params(
        self, encrypt: str, *, timestamp: str | None = None, nonce: str | None = None
    ) -> dict[str, str]:
        """The query WeCom signs `encrypt` with: now and a fresh nonce unless given."""
        timestamp = timestamp or self.now()
        nonce = nonce or secrets.token_hex(5)
        return {
            "msg_signature": self.sign(timestamp, nonce, encrypt),
            "timestamp": timestamp,
            "nonce": nonce,
        }

    def prepare(
        self, xml: str, *, timestamp: str | None = None, nonce: str | None = None
    ) -> Delivery:
        encrypt = self.encrypt(xml)
        params = self.signed_params(encrypt, timestamp=timestamp, nonce=nonce)
        return Delivery(params, self.envelope(encrypt))

    # -- talking to the bot ---------------------------------------------------------------

    async def deliver(self, delivery: Delivery) -> ClientResponse:
        assert self.http is not None, "this fake user only encrypts"
        response = await self.http.post(self.path, params=delivery.params, data=delivery.body)
        await response.read()
        return response

    async def post(self, xml: str) -> ClientResponse:
        return await self.deliver(self.prepare(xml))

    async def say(self, user: str, content: str) -> str:
        """Send a text and return the passive reply's content ("" for an empty 200)."""
        response = await self.post(self.text_xml(user, content))
        assert response.status == 200, await response.text()
        reply = self.read_passive(await response.text())
        return reply.content if reply else ""

    def open_envelope(self, body: str) -> str:
        """Check a passive reply's signature and return its decrypted plaintext."""
        envelope = ElementTree.fromstring(body)
        encrypt = envelope.findtext("Encrypt")
        timestamp = envelope.findtext("TimeStamp")
        nonce = envelope.findtext("Nonce")
        assert envelope.findtext("MsgSignature") == self.sign(timestamp, nonce, encrypt)
        return self.decrypt(encrypt)

    def read_passive(self, body: str) -> PassiveReply | None:
        """Check the signature of a passive reply and decrypt it; None for an empty body."""
        if not body:
            return None
        reply = ElementTree.fromstring(self.open_envelope(body))
        return PassiveReply(
            to_user=reply.findtext("ToUserName"),
            from_user=reply.findtext("FromUserName"),
            msg_type=reply.findtext("MsgType"),
            content=reply.findtext("Content"),
        )

    async def verify_url(self, *, echo: str = "echo-1234567890") -> ClientResponse:
        assert self.http is not None, "this fake user only encrypts"
        encrypt = self.encrypt(echo)
        params = {**self.signed_params(encrypt), "echostr": encrypt}
        return await self.http.get(self.path, params=params)
