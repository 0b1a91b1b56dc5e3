"""API tokens: ``wk_<prefix>_<secret>``; only the SHA-256 hash of the whole token is kept."""

from __future__ import annotations

import hashlib
import secrets

from .constants import TOKEN_PREFIX_LENGTH


def new_token() -> tuple[str, str, str]:
    """A fresh token, its prefix (shown in lists) and its hash (stored)."""
    prefix = secrets.token_hex(TOKEN_PREFIX_LENGTH // 2)
    token = f"wk_{prefix}_{secrets.token_urlsafe(32)}"
    return token, prefix, hash_token(token)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()
