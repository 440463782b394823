"""Password hashing with argon2id.

``verify`` answers whether a password matches and, when the stored hash was made with
other parameters than the configured ones, the new hash to store. For an address with
no account, ``waste_time`` runs one verification against a fixed hash so that the
answer takes as long as for a real account.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError

from broadsheet.community.config import CommunityConfig

MIN_LENGTH = 10
MAX_LENGTH = 1024


class WeakPassword(ValueError):
    """The password is too short or too long; the message says which."""


def check_strength(password: str) -> None:
    if len(password) < MIN_LENGTH:
        raise WeakPassword(f"Choose a password of at least {MIN_LENGTH} characters.")
    if len(password) > MAX_LENGTH:
        raise WeakPassword(f"Choose a password of at most {MAX_LENGTH} characters.")
    if len(set(password)) < 4:
        raise WeakPassword("Choose a password with more than a few different characters.")


@dataclass(frozen=True)
class Passwords:
    time_cost: int = 3
    memory_kib: int = 65536
    parallelism: int = 4

    @classmethod
    def from_config(cls, config: CommunityConfig) -> Passwords:
        return cls(config.argon2_time_cost, config.argon2_memory_kib, config.argon2_parallelism)

    @cached_property
    def hasher(self) -> PasswordHasher:
        return PasswordHasher(
            time_cost=self.time_cost,
            memory_cost=self.memory_kib,
            parallelism=self.parallelism,
            type=Type.ID,
        )

    @cached_property
    def _dummy(self) -> str:
        return self.hasher.hash("no account has this password, it only takes time")

    def hash(self, password: str) -> str:
        return self.hasher.hash(password)

    def verify(self, stored: str, password: str) -> tuple[bool, str | None]:
        """(matches, new hash to store or None)."""
        try:
            self.hasher.verify(stored, password)
        except (VerificationError, InvalidHashError):
            return False, None
        if self.hasher.check_needs_rehash(stored):
            return True, self.hasher.hash(password)
        return True, None

    def warm(self) -> None:
        """Make the dummy hash now, so the first unknown address is not slower than later ones."""
        assert self._dummy

    def waste_time(self, password: str) -> None:
        """As long as a real verification, for an address with no account."""
        self.verify(self._dummy, password)
