"""Callback crypto: signature check, decryption and encrypted passive replies (wechatpy)."""

from __future__ import annotations

import hashlib
import hmac
import struct

from wechatpy.enterprise.crypto import PrpCrypto, WeChatCrypto
from wechatpy.enterprise.exceptions import InvalidCorpIdException

from bot.wecom import Refused

# The passive reply envelope, as wechatpy's `encrypt_message` writes it.
_ENVELOPE = """<xml>
<Encrypt><![CDATA[{encrypt}]]></Encrypt>
<MsgSignature><![CDATA[{signature}]]></MsgSignature>
<TimeStamp>{timestamp}</TimeStamp>
<Nonce><![CDATA[{nonce}]]></Nonce>
</xml>"""


class CallbackCrypto:
    """WeCom's AES scheme through wechatpy's `PrpCrypto` (one, built once), with our own
    constant-time signature check in front of it (wechatpy compares signatures with `!=`)."""

    def __init__(self, token: str, aes_key: str, corp_id: str) -> None:
        self._token = token
        self._corp_id = corp_id
        self._prp = PrpCrypto(WeChatCrypto(token, aes_key, corp_id).key)

    def signature(self, timestamp: str, nonce: str, encrypt: str) -> str:
        joined = "".join(sorted([self._token, timestamp, nonce, encrypt]))
        return hashlib.sha1(joined.encode()).hexdigest()

    def verify(self, signature: str, timestamp: str, nonce: str, encrypt: str) -> None:
        expected = self.signature(timestamp, nonce, encrypt)
        if not hmac.compare_digest(expected.encode(), signature.encode()):
            raise Refused(403, "bad signature")

    def decrypt(self, signature: str, timestamp: str, nonce: str, encrypt: str) -> str:
        """The plaintext of a signed `Encrypt` value (a POST body's or a GET's echostr)."""
        self.verify(signature, timestamp, nonce, encrypt)
        try:
            return self._prp.decrypt(encrypt, self._corp_id)
        except InvalidCorpIdException as error:
            raise Refused(403, "encrypted for another corp id") from error
        except (ValueError, TypeError, IndexError, struct.error) as error:
            # Bad base64, a length that is no AES block multiple, broken padding, non-UTF-8.
            raise Refused(400, "undecryptable payload") from error

    def encrypt_reply(self, xml: str, nonce: str, timestamp: str) -> str:
        """The envelope WeCom expects for a passive reply: Encrypt, MsgSignature, TimeStamp,
        Nonce."""
        encrypt = self._prp.encrypt(xml, self._corp_id).decode()
        return _ENVELOPE.format(
            encrypt=encrypt,
            signature=self.signature(timestamp, nonce, encrypt),
            timestamp=timestamp,
            nonce=nonce,
        )
