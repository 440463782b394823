"""E-mail addresses from forms: one plain mailbox, or nothing.

``parse_address`` accepts one ``local@domain`` with a dot-atom local part and a public
DNS domain (internationalized domains become their ASCII form). It refuses lists, display
names, quoted local parts, CR/LF and other control characters, IP literals, hosts
without a dot and anything over 254 characters: header injection and multiple
recipients cannot get through.

``mailbox_key`` folds the spellings that reach the same mailbox at the big providers
(case, ``+tags``, dots in the local part), so the limits on confirmation mails count
per person, not per spelling.
"""

from __future__ import annotations

import re

MAX_LENGTH = 254
_LOCAL = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*")
_LABEL = re.compile(r"(?!-)[a-z0-9-]{1,63}(?<!-)")
_RESERVED_DOMAINS = ("localhost", "local", "invalid", "test", "example.invalid", "internal")


class InvalidAddress(ValueError):
    """Not one plain e-mail address."""


def parse_address(raw: str) -> str:
    """The address in canonical form (lower case, ASCII domain), or ``InvalidAddress``."""
    text = raw.strip()
    if not text or len(text) > MAX_LENGTH:
        raise InvalidAddress("Enter one e-mail address.")
    if any(ord(c) < 32 or ord(c) == 127 for c in text) or any(c in text for c in ' ,;<>()[]"\\'):
        raise InvalidAddress("Enter one e-mail address, without spaces, names or commas.")
    local, at, domain = text.rpartition("@")
    if not at or not local or "@" in local or not _LOCAL.fullmatch(local) or len(local) > 64:
        raise InvalidAddress("Enter one e-mail address, such as name@example.org.")
    return f"{local.lower()}@{_ascii_domain(domain)}"


def _ascii_domain(domain: str) -> str:
    name = domain.rstrip(".").lower()
    try:
        ascii_name = name.encode("idna").decode("ascii")
    except UnicodeError as exc:
        raise InvalidAddress("The domain of that address is not valid.") from exc
    labels = ascii_name.split(".")
    if len(labels) < 2 or not all(_LABEL.fullmatch(label) for label in labels):
        raise InvalidAddress("The domain of that address is not valid.")
    if labels[-1].isdigit() or ascii_name in _RESERVED_DOMAINS or labels[-1] in _RESERVED_DOMAINS:
        raise InvalidAddress("That address cannot receive mail from us.")
    return ascii_name


def mailbox_key(address: str) -> str:
    """The mailbox an address reaches: ``V.i.c.t.i.m+2@Example.com`` -> ``victim@example.com``."""
    local, _, domain = address.lower().rpartition("@")
    local = local.split("+", 1)[0].replace(".", "")
    return f"{local or '_'}@{domain}"
