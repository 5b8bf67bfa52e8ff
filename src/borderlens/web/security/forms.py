"""CSRF protection. Signed-in forms carry their session's token; the sign-in and first-run
forms, before any session exists, carry a token signed with the server's secret."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time

PUBLIC_FORM_SECONDS = 3600


class FormSigner:
    def __init__(self, secret: bytes | None = None) -> None:
        self._secret = secret or secrets.token_bytes(32)

    def _signature(self, payload: str) -> str:
        return hmac.new(self._secret, payload.encode(), hashlib.sha256).hexdigest()

    def public_token(self) -> str:
        """A token for a form shown before sign-in, valid for an hour."""
        payload = f"{int(time.time())}.{secrets.token_hex(8)}"
        return f"{payload}.{self._signature(payload)}"

    def check_public(self, token: str) -> bool:
        issued, _, rest = token.partition(".")
        nonce, _, signature = rest.partition(".")
        if not (issued.isdigit() and nonce and signature):
            return False
        expected = self._signature(f"{issued}.{nonce}")
        fresh = time.time() - int(issued) < PUBLIC_FORM_SECONDS
        return fresh and hmac.compare_digest(expected, signature)


def same_token(sent: str | None, expected: str) -> bool:
    """Constant-time comparison of a session's CSRF token with the one a request sent."""
    return bool(sent) and hmac.compare_digest(str(sent), expected)
