"""The settings table: every setting declared once, read from the environment and a file.

Each setting has a type, a default, a help text and a secret flag. Values come from, in
order of precedence: ``BROADSHEET_<NAME>`` environment variables, then the optional TOML
file named by ``BROADSHEET_CONFIG`` (or ``broadsheet.toml`` in the data directory), then
the default. ``broadsheet config`` prints the result with secrets masked.

Settings are loaded once at the edge (CLI, web app factory, worker) and passed down
explicitly; no stage reads the environment.
"""

from __future__ import annotations

import ipaddress
import os
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from broadsheet.errors import ConfigError

ENV_PREFIX = "BROADSHEET_"


@dataclass(frozen=True, slots=True)
class Setting:
    name: str
    type: type
    default: Any
    help: str
    secret: bool = False
    validate: Callable[[Any], None] | None = None

    @property
    def env(self) -> str:
        return ENV_PREFIX + self.name.upper()


def _positive(value: Any) -> None:
    if value <= 0:
        raise ValueError("must be greater than zero")


def _networks(value: Any) -> None:
    for item in value:
        if "/" in item or _looks_like_ip(item):
            ipaddress.ip_network(item, strict=False)


def _looks_like_ip(text: str) -> bool:
    try:
        ipaddress.ip_address(text.strip("[]"))
    except ValueError:
        return False
    return True


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "data_dir", Path, Path("broadsheet-data"), "Directory for the SQLite database and caches."
    ),
    Setting(
        "database_url",
        str,
        "",
        "SQLAlchemy URL of the database; empty means SQLite in the data directory. "
        "Example: postgresql+psycopg://user@host/db",
        secret=True,
    ),
    Setting("base_url", str, "", "Public URL of this site, used in feeds and e-mails."),
    Setting(
        "user_agent",
        str,
        "Broadsheet/0.1 (+https://github.com/broadsheet-news/broadsheet)",
        "User-Agent sent with every request; names Broadsheet and where to learn about it.",
    ),
    Setting(
        "fetch_allow",
        list,
        [],
        "Hosts or networks the SSRF guard lets through (comma-separated), e.g. 127.0.0.1 for "
        "a local test server. Empty: only public addresses are reachable.",
        validate=_networks,
    ),
    Setting(
        "fetch_timeout",
        float,
        30.0,
        "Total deadline of one HTTP exchange, in seconds.",
        validate=_positive,
    ),
    Setting(
        "fetch_max_bytes",
        int,
        15 * 1024 * 1024,
        "Largest decoded body accepted, in bytes.",
        validate=_positive,
    ),
    Setting(
        "fetch_max_redirects",
        int,
        5,
        "Redirect hops followed before giving up.",
        validate=_positive,
    ),
    Setting("fetch_per_host", int, 2, "Concurrent requests to one host.", validate=_positive),
    Setting(
        "fetch_host_delay",
        float,
        1.0,
        "Minimum seconds between two requests to one host.",
        validate=lambda v: None if v >= 0 else _positive(v),
    ),
    Setting("fetch_concurrency", int, 20, "Concurrent requests in total.", validate=_positive),
    Setting("respect_robots", bool, True, "Honour robots.txt when fetching article pages."),
    Setting(
        "fetch_pages",
        bool,
        True,
        "Fetch and extract each new entry's page; when off, articles keep the feed's text.",
    ),
    Setting(
        "max_items_per_feed",
        int,
        500,
        "Entries read from one feed document; the rest are ignored.",
        validate=_positive,
    ),
    Setting(
        "poll_min_minutes",
        int,
        5,
        "Shortest interval between two polls of a feed.",
        validate=_positive,
    ),
    Setting(
        "poll_max_minutes",
        int,
        24 * 60,
        "Longest interval between two polls of a feed.",
        validate=_positive,
    ),
    Setting(
        "worker_lease_seconds",
        int,
        300,
        "How long a worker holds a feed before another may take it.",
        validate=_positive,
    ),
    Setting(
        "secret_key",
        str,
        "",
        "Key for signing links and cookies; generated into the data directory when empty.",
        secret=True,
    ),
    Setting(
        "llm_url",
        str,
        "",
        "OpenAI-compatible server (Ollama, llama.cpp, vLLM); empty: offline only.",
    ),
    Setting("llm_model", str, "", "Model name sent to the LLM server."),
    Setting("llm_api_key", str, "", "Bearer key for the LLM server.", secret=True),
    Setting("llm_timeout", float, 60.0, "Seconds one LLM request may take.", validate=_positive),
    Setting("llm_concurrency", int, 2, "LLM requests at once.", validate=_positive),
    Setting("llm_daily_tokens", int, 0, "Tokens the LLM may use a day; 0: no cap."),
    Setting("llm_max_tokens", int, 400, "Longest LLM answer, in tokens.", validate=_positive),
    Setting("llm_temperature", float, 0.2, "LLM sampling temperature (0 to 2)."),
    Setting(
        "llm_batch",
        int,
        20,
        "Article summaries, and as many story briefs, the LLM writes per worker pass.",
        validate=_positive,
    ),
    Setting(
        "llm_retry_minutes",
        int,
        10,
        "Wait before retrying a failed LLM summary; doubles each time, up to a day.",
        validate=_positive,
    ),
    Setting("site_name", str, "Broadsheet", "Name used in mails and the newsletter."),
    Setting("smtp_host", str, "", "Mail server; empty: mail waits in the outbox."),
    Setting("smtp_port", int, 587, "Mail server port.", validate=_positive),
    Setting("smtp_user", str, "", "User at the mail server; empty: no sign-in."),
    Setting("smtp_password", str, "", "Password at the mail server.", secret=True),
    Setting("smtp_starttls", bool, True, "Upgrade with STARTTLS (port 587)."),
    Setting("smtp_tls", bool, False, "TLS from the start (port 465); not with smtp_starttls."),
    Setting("smtp_timeout", float, 30.0, "Seconds for one SMTP exchange.", validate=_positive),
    Setting(
        "mail_from", str, "", "From of mails; empty: '<site_name> <noreply@host of base_url>'."
    ),
    Setting(
        "argon2_time_cost",
        int,
        3,
        "argon2id passes; stored hashes are redone at next sign-in.",
        validate=_positive,
    ),
    Setting("argon2_memory_kib", int, 65536, "argon2id memory in KiB.", validate=_positive),
    Setting("argon2_parallelism", int, 4, "argon2id lanes.", validate=_positive),
    Setting("session_days", int, 30, "Days a sign-in lasts without use.", validate=_positive),
    Setting(
        "comment_edit_minutes", int, 15, "Minutes a comment can be edited.", validate=_positive
    ),
    Setting("comment_max_chars", int, 10000, "Longest comment.", validate=_positive),
    Setting("comment_max_links", int, 3, "Most links in one comment."),
    Setting(
        "comments_per_hour",
        int,
        10,
        "Comments per member an hour (4x per client address).",
        validate=_positive,
    ),
    Setting(
        "signins_per_15min",
        int,
        10,
        "Sign-in attempts per address tried (3x per client).",
        validate=_positive,
    ),
    Setting(
        "signups_per_hour",
        int,
        5,
        "Sign-ups, resets and newsletter sign-ups per client an hour.",
        validate=_positive,
    ),
    Setting(
        "confirmations_per_day",
        int,
        50,
        "Confirmation mails per /24 or /48 a day.",
        validate=_positive,
    ),
    Setting(
        "form_min_seconds", float, 3.0, "Forms sent back faster than this are refused as bots."
    ),
    Setting("pow_bits", int, 18, "Proof-of-work bits asked near a limit; 0 turns it off."),
    Setting("digest_items", int, 10, "Stories in a digest.", validate=_positive),
    Setting(
        "digest_max_attempts", int, 5, "Tries before a digest is marked failed.", validate=_positive
    ),
)

_BY_NAME = {s.name: s for s in SETTINGS}


@dataclass(frozen=True, slots=True)
class Settings:
    data_dir: Path = Path("broadsheet-data")
    database_url: str = ""
    base_url: str = ""
    user_agent: str = "Broadsheet/0.1 (+https://github.com/broadsheet-news/broadsheet)"
    fetch_allow: tuple[str, ...] = ()
    fetch_timeout: float = 30.0
    fetch_max_bytes: int = 15 * 1024 * 1024
    fetch_max_redirects: int = 5
    fetch_per_host: int = 2
    fetch_host_delay: float = 1.0
    fetch_concurrency: int = 20
    respect_robots: bool = True
    fetch_pages: bool = True
    max_items_per_feed: int = 500
    poll_min_minutes: int = 5
    poll_max_minutes: int = 24 * 60
    worker_lease_seconds: int = 300
    secret_key: str = ""
    llm_url: str = ""
    llm_model: str = ""
    llm_api_key: str = ""
    llm_timeout: float = 60.0
    llm_concurrency: int = 2
    llm_daily_tokens: int = 0
    llm_max_tokens: int = 400
    llm_temperature: float = 0.2
    llm_batch: int = 20
    llm_retry_minutes: int = 10
    site_name: str = "Broadsheet"
    smtp_host: str = ""
    smtp_port: int = 587
    smtp_user: str = ""
    smtp_password: str = ""
    smtp_starttls: bool = True
    smtp_tls: bool = False
    smtp_timeout: float = 30.0
    mail_from: str = ""
    argon2_time_cost: int = 3
    argon2_memory_kib: int = 65536
    argon2_parallelism: int = 4
    session_days: int = 30
    comment_edit_minutes: int = 15
    comment_max_chars: int = 10000
    comment_max_links: int = 3
    comments_per_hour: int = 10
    signins_per_15min: int = 10
    signups_per_hour: int = 5
    confirmations_per_day: int = 50
    form_min_seconds: float = 3.0
    pow_bits: int = 18
    digest_items: int = 10
    digest_max_attempts: int = 5

    @property
    def effective_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'broadsheet.sqlite3').as_posix()}"

    def replace(self, **changes: Any) -> Settings:
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        values.update(changes)
        return Settings(**values)


def _coerce(setting: Setting, raw: Any) -> Any:
    kind = setting.type
    if kind is bool:
        if isinstance(raw, bool):
            return raw
        text = str(raw).strip().lower()
        if text in {"1", "true", "yes", "on"}:
            return True
        if text in {"0", "false", "no", "off"}:
            return False
        raise ValueError(f"expected true or false, got {raw!r}")
    if kind is list:
        if isinstance(raw, list | tuple):
            return tuple(str(x).strip() for x in raw if str(x).strip())
        return tuple(x.strip() for x in str(raw).split(",") if x.strip())
    if kind is Path:
        return Path(str(raw))
    return kind(raw)


def load_settings(
    environ: Mapping[str, str] | None = None, overrides: Mapping[str, Any] | None = None
) -> Settings:
    """Read the settings from the environment, the optional file and ``overrides``."""
    env = os.environ if environ is None else environ
    values: dict[str, Any] = {}
    data_dir = Path(env.get(_BY_NAME["data_dir"].env, "broadsheet-data"))
    file_name = env.get(ENV_PREFIX + "CONFIG")
    path = Path(file_name) if file_name else data_dir / "broadsheet.toml"
    if path.is_file():
        try:
            values.update(tomllib.loads(path.read_text(encoding="utf-8")))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"cannot read settings file {path}: {exc}") from exc
    elif file_name:
        raise ConfigError(f"settings file {path} does not exist")
    for setting in SETTINGS:
        if setting.env in env:
            values[setting.name] = env[setting.env]
    values.update(overrides or {})
    result: dict[str, Any] = {}
    for name, raw in values.items():
        declared = _BY_NAME.get(name)
        if declared is None:
            raise ConfigError(f"unknown setting {name!r} in {path}")
        try:
            value = _coerce(declared, raw)
            if declared.validate is not None:
                declared.validate(value)
        except (TypeError, ValueError) as exc:
            raise ConfigError(f"setting {declared.env}: {exc}") from exc
        result[name] = value
    return Settings(**result)


def describe(settings: Settings) -> list[tuple[str, str, str, str]]:
    """Rows of (environment variable, value, default, help) with secrets masked."""
    rows = []
    for setting in SETTINGS:
        value = getattr(settings, setting.name)
        shown = _show(value)
        if setting.secret and value:
            shown = "********"
        rows.append((setting.env, shown, _show(setting.default), setting.help))
    return rows


def _show(value: Any) -> str:
    if isinstance(value, list | tuple):
        return ",".join(str(v) for v in value)
    return str(value)
