"""Informants' identities, sealed field by field before any event holds them (R20).

The key comes from OVERCAP_INFORMANT_KEY (a base64 AES key of 16, 24 or 32 bytes).
Without one, a fixed development key is derived and a warning is logged: anything
sealed with it is readable by anyone who has this source, so never run so for real.
"""

from __future__ import annotations

import hashlib
import json
import logging
import secrets
from base64 import b64decode, b64encode
from collections.abc import Mapping

# eventsourcing's AES-GCM cipher on pycryptodome, which the `crypto` extra installs;
# eventsourcing.cryptography holds the same cipher on a package we do not depend on.
from eventsourcing.cipher import AESCipher
from eventsourcing.utils import Environment

from domain.errors import InvalidInputError

log = logging.getLogger(__name__)
KEY_VARIABLE = "OVERCAP_INFORMANT_KEY"
_DEVELOPMENT_SEED = b"overcap development informant key; never use it in production"
IDENTITY_FIELDS = ("name", "phone", "id_number", "address", "employer", "other")


def development_key() -> str:
    """The fixed key used when none is configured: for development and tests only."""
    return b64encode(hashlib.sha256(_DEVELOPMENT_SEED).digest()).decode("ascii")


def follow_up_code() -> tuple[str, str]:
    """A code an anonymous informant keeps, and the hash that is stored instead."""
    code = secrets.token_hex(6).upper()
    return code, code_hash(code)


def code_hash(code: str) -> str:
    return hashlib.sha256(code.strip().upper().encode("utf-8")).hexdigest()


def identity(fields: Mapping[str, str] | None) -> dict[str, str]:
    """The informant's details that are given, checked against the known fields."""
    given = {k: str(v).strip() for k, v in (fields or {}).items() if str(v).strip()}
    unknown = sorted(set(given) - set(IDENTITY_FIELDS))
    if unknown:
        raise InvalidInputError("informant", f"{unknown} are not {IDENTITY_FIELDS}")
    return given


class InformantVault:
    """Seals an informant's identity into text that only this key opens."""

    def __init__(self, key: str | None) -> None:
        if not key:
            log.warning(
                "%s is not set: informant identities are sealed with the development "
                "key (开发用密钥), which is not secret",
                KEY_VARIABLE,
            )
            key = development_key()
        try:
            AESCipher.check_key_size(len(b64decode(key, validate=True)))
        except ValueError as error:
            raise InvalidInputError(
                KEY_VARIABLE, f"not a base64 AES key: {error}"
            ) from None
        self._cipher = AESCipher(Environment(env={AESCipher.CIPHER_KEY: key}))

    def seal(self, fields: Mapping[str, str]) -> str:
        """The identity as base64 ciphertext (AES-GCM with a fresh nonce each time)."""
        plain = json.dumps(dict(fields), ensure_ascii=False, sort_keys=True)
        return b64encode(self._cipher.encrypt(plain.encode("utf-8"))).decode("ascii")

    def open(self, sealed: str) -> dict[str, str]:
        """The identity sealed earlier; fails loudly when the key is not the same."""
        plain = self._cipher.decrypt(b64decode(sealed))
        return dict(json.loads(plain.decode("utf-8")))
