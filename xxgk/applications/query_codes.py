"""查询码 — the six random digits an applicant looks a case up with, kept only as a hash.

Six digits are 10^6 possibilities: an offline attacker with the hash tries them all whatever the
iteration count, so the defence is the online limit on failed lookups (30 an hour an address), not
a slow hash. The hash here costs a few tens of milliseconds, and every lookup costs exactly one,
whether the 查询号 exists or not, so the answer's timing says nothing either."""

from __future__ import annotations

import secrets
from functools import cache

from django.contrib.auth.hashers import PBKDF2PasswordHasher, check_password


class QueryCodeHasher(PBKDF2PasswordHasher):
    algorithm = "pbkdf2_sha256_qc"
    iterations = 60_000


HASHER = QueryCodeHasher()


def new_code() -> str:
    return f"{secrets.randbelow(10**6):06d}"


def hash_code(code: str) -> str:
    return HASHER.encode(code, HASHER.salt())


@cache
def _absent() -> str:
    """The hash a lookup of an unknown 查询号 is checked against: made once per process."""
    return hash_code(new_code())


def matches(code: str, encoded: str) -> bool:
    """One hash: against `encoded`, or (no case, no hash) against a stand-in of the same cost."""
    encoded = encoded or _absent()
    if encoded.startswith(f"{QueryCodeHasher.algorithm}$"):
        return bool(HASHER.verify(code, encoded))
    return check_password(code, encoded)  # codes issued before this hasher, with the default one
