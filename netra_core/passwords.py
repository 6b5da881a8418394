"""Password hashing (bcrypt). bcrypt reads at most 72 bytes, so longer passwords are refused, not truncated."""

from __future__ import annotations

import bcrypt

from netra_core.errors import ValidationError

MIN_PASSWORD_CHARS = 8
MAX_PASSWORD_BYTES = 72


def check_password_rules(password: str) -> None:
    """Raise ValidationError naming the rule the password breaks."""
    if len(password) < MIN_PASSWORD_CHARS:
        raise ValidationError(f"password: must be at least {MIN_PASSWORD_CHARS} characters")
    if len(password.encode()) > MAX_PASSWORD_BYTES:
        raise ValidationError(f"password: must be at most {MAX_PASSWORD_BYTES} bytes (bcrypt's limit)")


def hash_password(password: str) -> str:
    """A bcrypt hash of a password that passes the rules."""
    check_password_rules(password)
    return bcrypt.hashpw(password.encode(), bcrypt.gensalt()).decode()


def verify_password(password: str, password_hash: str) -> bool:
    """Whether the password matches; False (never an exception) for malformed input."""
    encoded = password.encode()
    if len(encoded) > MAX_PASSWORD_BYTES:
        return False
    try:
        return bcrypt.checkpw(encoded, password_hash.encode())
    except ValueError:
        return False


def make_unmatchable_hash() -> str:
    """A valid bcrypt hash no password matches (stands in for locked accounts)."""
    import secrets

    return bcrypt.hashpw(secrets.token_bytes(32).hex()[:64].encode(), bcrypt.gensalt(rounds=4)).decode()
