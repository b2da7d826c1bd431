"""Parsing callbacks (query, envelope, message XML with defusedxml) and rendering replies."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from urllib.parse import unquote
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from bot.wecom import Refused

MSG_KEY_MAX = 200
"""Width of the inbox key column."""


@dataclass(frozen=True, slots=True)
class CallbackQuery:
    signature: str
    timestamp: str
    nonce: str
    echostr: str


def parse_query(query_string: str) -> CallbackQuery:
    """Read the query with `unquote`, not `unquote_plus`: base64 may hold a literal `+`,
    which aiohttp's `request.query` would turn into a space."""
    fields: dict[str, str] = {}
    for pair in query_string.split("&"):
        name, _, value = pair.partition("=")
        fields.setdefault(unquote(name), unquote(value))
    try:
        return CallbackQuery(
            signature=fields["msg_signature"],
            timestamp=fields["timestamp"],
            nonce=fields["nonce"],
            echostr=fields.get("echostr", ""),
        )
    except KeyError as missing:
        raise Refused(400, f"missing query parameter {missing}") from None


def _parse_xml(data: bytes | str) -> Element:
    try:
        root = fromstring(data, forbid_dtd=True)
    except (DefusedXmlException, ParseError, ValueError) as error:
        raise Refused(400, f"malformed or hostile XML: {type(error).__name__}") from error
    if root.tag != "xml":
        raise Refused(400, "XML root is not <xml>")
    return root


def _text(root: Element, tag: str) -> str:
    node = root.find(tag)
    return (node.text or "").strip() if node is not None else ""


@dataclass(frozen=True, slots=True)
class Envelope:
    """The outer POST body; only `encrypt` is signed."""

    to_user: str
    agent_id: str
    encrypt: str


def parse_envelope(body: bytes) -> Envelope:
    root = _parse_xml(body)
    encrypt = _text(root, "Encrypt")
    if not encrypt:
        raise Refused(400, "no Encrypt element")
    return Envelope(_text(root, "ToUserName"), _text(root, "AgentID"), encrypt)


@dataclass(frozen=True, slots=True)
class WeComMessage:
    """A decrypted message or event, the fields this bot uses."""

    msg_type: str
    from_user: str
    to_user: str
    create_time: str
    agent_id: str
    msg_id: str = ""
    content: str = ""
    event: str = ""
    event_key: str = ""
    task_id: str = ""
    response_code: str = ""
    media_id: str = ""

    @property
    def dedupe_key(self) -> str:
        """MsgId for messages (stored as text: newer ones are opaque strings); for events
        user + CreateTime + Event + EventKey, since coarser keys drop real events."""
        if self.msg_id:
            key = f"wecom:msg:{self.msg_id}"
        else:
            user = self.from_user.lower()
            key = f"wecom:evt:{user}:{self.create_time}:{self.event}:{self.event_key}"
        if len(key) > MSG_KEY_MAX:
            key = "wecom:sha256:" + hashlib.sha256(key.encode()).hexdigest()
        return key


def parse_message(xml: str) -> WeComMessage:
    root = _parse_xml(xml)
    message = WeComMessage(
        msg_type=_text(root, "MsgType").lower(),
        from_user=_text(root, "FromUserName"),
        to_user=_text(root, "ToUserName"),
        create_time=_text(root, "CreateTime"),
        agent_id=_text(root, "AgentID"),
        msg_id=_text(root, "MsgId"),
        content=(root.findtext("Content") or ""),
        # WeCom sends lower-case event names; compare them case-insensitively anyway.
        event=_text(root, "Event").lower(),
        event_key=_text(root, "EventKey"),
        task_id=_text(root, "TaskId"),
        response_code=_text(root, "ResponseCode"),
        media_id=_text(root, "MediaId"),
    )
    if not message.from_user or not message.msg_type:
        raise Refused(400, "message without FromUserName or MsgType")
    return message


def _cdata(value: str) -> str:
    # "]]>" would end the section early; wechatpy's reply fields do not guard against it.
    return "<![CDATA[" + value.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def render_text_reply(to_user: str, corp_id: str, content: str, create_time: int) -> str:
    """The plaintext XML of a passive text reply (encrypted before it leaves)."""
    return (
        f"<xml><ToUserName>{_cdata(to_user)}</ToUserName>"
        f"<FromUserName>{_cdata(corp_id)}</FromUserName>"
        f"<CreateTime>{create_time}</CreateTime>"
        f"<MsgType><![CDATA[text]]></MsgType>"
        f"<Content>{_cdata(content)}</Content></xml>"
    )
