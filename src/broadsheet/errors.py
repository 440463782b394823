"""The error tree. Every failure Broadsheet knows about has a name here.

    BroadsheetError
    ├── ConfigError            a setting is missing or invalid
    ├── FetchError             anything that stopped us getting the bytes of a URL
    │   ├── Blocked            the SSRF guard refused the URL or one of its redirects
    │   ├── RobotsDisallowed   robots.txt forbids the path for our User-Agent
    │   ├── TooLarge           the decoded body (or header block) went over a cap
    │   ├── DeadlineExceeded   the whole exchange took longer than its deadline
    │   ├── TooManyRedirects   more hops than allowed
    │   ├── HTTPStatusError    the server answered with an error status
    │   └── ConnectError       DNS, TCP or TLS failure, or a broken protocol exchange
    ├── ParseError             bytes that should be a feed, sitemap or OPML are not
    ├── ExtractError           a page held no article we could extract
    └── StoreError             the database refused an operation

Errors are raised by the stages, caught once by the pipeline, and stored on the record
they belong to (a feed's ``last_error``, an article's ``extraction_error``). ``str(error)``
is the message shown to the operator, so it must be self-explanatory.
"""

from __future__ import annotations


class BroadsheetError(Exception):
    """Base of every error Broadsheet raises on purpose."""


class ConfigError(BroadsheetError):
    """A setting is missing or has an invalid value."""


class FetchError(BroadsheetError):
    """We could not get the bytes of a URL."""

    def __init__(self, message: str, *, url: str | None = None) -> None:
        super().__init__(message)
        self.url = url


class Blocked(FetchError):
    """The SSRF guard refused the URL (or a redirect target)."""


class RobotsDisallowed(FetchError):
    """robots.txt disallows fetching this URL."""


class TooLarge(FetchError):
    """The response is larger than the configured cap."""


class DeadlineExceeded(FetchError):
    """The exchange did not finish within its total deadline."""


class TooManyRedirects(FetchError):
    """The server redirected more times than allowed."""


class HTTPStatusError(FetchError):
    """The server answered with a 4xx/5xx status."""

    def __init__(
        self, message: str, *, url: str | None = None, status: int, retry_after: float | None = None
    ) -> None:
        super().__init__(message, url=url)
        self.status = status
        self.retry_after = retry_after


class ConnectError(FetchError):
    """Name resolution, connection, TLS or protocol failure."""


class ParseError(BroadsheetError):
    """A document is not a feed, sitemap or OPML file we can read."""


class ExtractError(BroadsheetError):
    """No article could be extracted from a page."""


class StoreError(BroadsheetError):
    """The store refused an operation."""
