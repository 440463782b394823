"""The one client of a model server: an OpenAI-compatible ``/v1/chat/completions``.

Any server that speaks that protocol works (llama.cpp server, Ollama, vLLM, a hosted
API). The operator names the endpoint explicitly, so this client does not go through the
SSRF-guarded fetcher; it accepts only ``http`` and ``https`` URLs, never follows
redirects and ignores proxy environment variables.

Every call is bounded:

* **time**: a whole non-streamed completion must finish within ``timeout`` seconds; a
  streamed one is checked against the same deadline after every chunk, and no single
  read may wait longer than ``timeout``;
* **concurrency**: at most ``concurrency`` requests are in flight per client;
* **cost**: with ``daily_tokens`` set, the tokens spent in the current UTC day (from the
  ``usage`` field of responses, or estimated at four characters a token when a server
  sends none) are kept in a :class:`TokenBudget`; a request that would go over it is
  refused with :class:`BudgetExhausted` before anything is sent.

Failures are :class:`LlmError` values with a short ``reason`` that the features show
when they fall back to the offline result::

    LlmError              reason
    ├── LlmTimeout        "timeout"
    ├── LlmHTTPError      "http <status>"
    ├── LlmConnectError   "connect"
    ├── LlmMalformed      "malformed"
    └── BudgetExhausted   "budget"
"""

from __future__ import annotations

import asyncio
import json
import math
from collections.abc import AsyncGenerator, Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from types import TracebackType
from typing import Any, Protocol, Self
from urllib.parse import urlsplit

import httpx

from broadsheet.errors import BroadsheetError, ConfigError

CHARS_PER_TOKEN = 4
MAX_RESPONSE_BYTES = 2 * 1024 * 1024

Message = Mapping[str, str]  # {"role": "system" | "user" | "assistant", "content": ...}


class LlmError(BroadsheetError):
    """The model server did not give a usable completion."""

    reason = "error"


class LlmTimeout(LlmError):
    reason = "timeout"


class LlmHTTPError(LlmError):
    def __init__(self, message: str, *, status: int) -> None:
        super().__init__(message)
        self.status = status
        self.reason = f"http {status}"


class LlmConnectError(LlmError):
    reason = "connect"


class LlmMalformed(LlmError):
    reason = "malformed"


class BudgetExhausted(LlmError):
    reason = "budget"


@dataclass(frozen=True, slots=True)
class LlmConfig:
    """How to reach the model server; built from the settings by :meth:`from_settings`."""

    url: str = ""  # empty: no LLM, the features run offline
    model: str = ""
    api_key: str = ""
    timeout: float = 60.0
    concurrency: int = 2
    daily_tokens: int = 0  # 0: no cap
    max_tokens: int = 400
    temperature: float = 0.2

    def __post_init__(self) -> None:
        if self.url:
            parts = urlsplit(self.url)
            if parts.scheme not in {"http", "https"} or not parts.hostname:
                raise ConfigError(f"llm_url must be an http(s) URL, got {self.url!r}")
        if self.timeout <= 0 or self.concurrency < 1 or self.max_tokens < 1:
            raise ConfigError("llm_timeout, llm_concurrency and llm_max_tokens must be positive")
        if self.daily_tokens < 0 or not 0 <= self.temperature <= 2:
            raise ConfigError("llm_daily_tokens must be >= 0 and llm_temperature in 0..2")

    @classmethod
    def from_settings(cls, settings: object) -> LlmConfig:
        defaults = cls()
        return cls(
            url=str(getattr(settings, "llm_url", defaults.url)).strip(),
            model=str(getattr(settings, "llm_model", defaults.model)),
            api_key=str(getattr(settings, "llm_api_key", defaults.api_key)),
            timeout=float(getattr(settings, "llm_timeout", defaults.timeout)),
            concurrency=int(getattr(settings, "llm_concurrency", defaults.concurrency)),
            daily_tokens=int(getattr(settings, "llm_daily_tokens", defaults.daily_tokens)),
            max_tokens=int(getattr(settings, "llm_max_tokens", defaults.max_tokens)),
            temperature=float(getattr(settings, "llm_temperature", defaults.temperature)),
        )

    @property
    def enabled(self) -> bool:
        return bool(self.url)

    @property
    def endpoint(self) -> str:
        """The chat-completions URL: ``url`` as given when it names it, else under ``/v1``."""
        base = self.url.rstrip("/")
        if base.endswith("/chat/completions"):
            return base
        if base.endswith("/v1"):
            return base + "/chat/completions"
        return base + "/v1/chat/completions"


class TokenBudget(Protocol):
    """Tokens spent per UTC day, shared by whoever uses the same budget."""

    def spent(self, day: date) -> int: ...

    def add(self, day: date, tokens: int) -> None: ...


class MemoryBudget:
    """A :class:`TokenBudget` held in this process (the store has a shared one)."""

    def __init__(self) -> None:
        self._days: dict[date, int] = {}

    def spent(self, day: date) -> int:
        return self._days.get(day, 0)

    def add(self, day: date, tokens: int) -> None:
        self._days[day] = self._days.get(day, 0) + tokens


@dataclass(frozen=True, slots=True)
class Completion:
    text: str
    model: str
    tokens: int  # prompt + output
    estimated: bool  # True when ``tokens`` was estimated from characters
    finish_reason: str | None


def estimate_tokens(text: str) -> int:
    return math.ceil(len(text) / CHARS_PER_TOKEN)


def _utc_now() -> datetime:
    return datetime.now(UTC)


class LlmClient:
    """Chat completions from one configured server; use as an async context manager."""

    def __init__(
        self,
        config: LlmConfig,
        *,
        budget: TokenBudget | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        clock: Callable[[], datetime] = _utc_now,
    ) -> None:
        if not config.enabled:
            raise ConfigError("llm_url is empty: no model server is configured")
        self.config = config
        self.budget: TokenBudget = budget if budget is not None else MemoryBudget()
        self._clock = clock
        self._gate = asyncio.Semaphore(config.concurrency)
        headers = {"Accept": "application/json, text/event-stream"}
        if config.api_key:
            headers["Authorization"] = f"Bearer {config.api_key}"
        self._http = httpx.AsyncClient(
            transport=transport,
            timeout=httpx.Timeout(config.timeout),
            headers=headers,
            follow_redirects=False,
            trust_env=False,
        )

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._http.aclose()

    def _payload(
        self, messages: Sequence[Message], *, stream: bool, max_tokens: int | None
    ) -> dict[str, Any]:
        """The request body; ``max_tokens`` can lower the configured cap, never raise it."""
        return {
            "model": self.config.model,
            "messages": [dict(m) for m in messages],
            "max_tokens": min(max_tokens or self.config.max_tokens, self.config.max_tokens),
            "temperature": self.config.temperature,
            "stream": stream,
        }

    def _check_budget(self, messages: Sequence[Message]) -> int:
        """Refuse when the prompt would take the day over the cap; the prompt's estimate."""
        prompt = sum(estimate_tokens(m["content"]) for m in messages)
        cap = self.config.daily_tokens
        if cap:
            spent = self.budget.spent(self._clock().date())
            if spent + prompt > cap:
                raise BudgetExhausted(
                    f"the daily LLM budget is spent ({spent} of {cap} tokens used today)"
                )
        return prompt

    def _charge(self, tokens: int) -> None:
        self.budget.add(self._clock().date(), tokens)

    async def complete(
        self, messages: Sequence[Message], *, max_tokens: int | None = None
    ) -> Completion:
        """One completion, whole."""
        prompt = self._check_budget(messages)
        async with self._gate:
            try:
                async with asyncio.timeout(self.config.timeout):
                    payload = self._payload(messages, stream=False, max_tokens=max_tokens)
                    body = await self._post(payload)
            except TimeoutError as exc:
                raise LlmTimeout(f"no answer within {self.config.timeout:g} s") from exc
        completion = _parse_completion(body, prompt)
        self._charge(completion.tokens)
        return completion

    async def _post(self, payload: dict[str, Any]) -> bytes:
        try:
            async with self._http.stream("POST", self.config.endpoint, json=payload) as resp:
                await _raise_for_status(resp)
                chunks: list[bytes] = []
                size = 0
                async for chunk in resp.aiter_bytes():
                    size += len(chunk)
                    if size > MAX_RESPONSE_BYTES:
                        raise LlmMalformed(f"response larger than {MAX_RESPONSE_BYTES} bytes")
                    chunks.append(chunk)
                return b"".join(chunks)
        except httpx.TimeoutException as exc:
            raise LlmTimeout(f"no answer within {self.config.timeout:g} s") from exc
        except httpx.HTTPError as exc:
            raise LlmConnectError(f"cannot reach the model server: {exc}") from exc

    async def stream(
        self, messages: Sequence[Message], *, max_tokens: int | None = None
    ) -> AsyncGenerator[str, None]:
        """The completion's text as it arrives (server-sent events), piece by piece."""
        prompt = self._check_budget(messages)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.config.timeout
        received: list[str] = []
        usage: int | None = None
        answered = False
        payload = self._payload(messages, stream=True, max_tokens=max_tokens)
        async with self._gate:
            try:
                async with self._http.stream("POST", self.config.endpoint, json=payload) as resp:
                    await _raise_for_status(resp)
                    answered = True
                    async for line in resp.aiter_lines():
                        if loop.time() > deadline:
                            raise LlmTimeout(f"answer not finished in {self.config.timeout:g} s")
                        event = _sse_data(line)
                        if event is None:
                            continue
                        if event == "[DONE]":
                            break
                        delta, tokens = _parse_chunk(event)
                        usage = tokens if tokens is not None else usage
                        if delta:
                            received.append(delta)
                            yield delta
            except httpx.TimeoutException as exc:
                raise LlmTimeout(f"no answer within {self.config.timeout:g} s") from exc
            except httpx.HTTPError as exc:
                raise LlmConnectError(f"cannot reach the model server: {exc}") from exc
            finally:
                if answered:  # a server that refused the request did no work
                    spent = prompt + estimate_tokens("".join(received))
                    self._charge(usage if usage is not None else spent)


async def _raise_for_status(resp: httpx.Response) -> None:
    if resp.status_code >= 300:
        detail = (await resp.aread())[:300].decode("utf-8", "replace")
        raise LlmHTTPError(
            f"model server answered {resp.status_code}: {detail}", status=resp.status_code
        )


def _sse_data(line: str) -> str | None:
    """The payload of a ``data:`` line of an event stream; None for anything else."""
    if not line.startswith("data:"):
        return None
    return line[5:].strip()


def _usage(data: Mapping[str, Any]) -> int | None:
    usage = data.get("usage")
    if not isinstance(usage, Mapping):
        return None
    total = usage.get("total_tokens")
    if isinstance(total, int):
        return total
    parts = [usage.get("prompt_tokens"), usage.get("completion_tokens")]
    return sum(p for p in parts if isinstance(p, int)) or None


def _json_object(raw: str | bytes) -> dict[str, Any]:
    try:
        data = json.loads(raw)
    except ValueError as exc:
        raise LlmMalformed(f"the model server sent invalid JSON: {exc}") from exc
    if not isinstance(data, dict):
        raise LlmMalformed("the model server sent JSON that is not an object")
    if "error" in data and "choices" not in data:
        raise LlmMalformed(f"the model server sent an error: {str(data['error'])[:300]}")
    return data


def _first_choice(data: Mapping[str, Any]) -> Mapping[str, Any]:
    choices = data.get("choices")
    if not isinstance(choices, list) or not choices or not isinstance(choices[0], Mapping):
        raise LlmMalformed("the model server's answer has no choices")
    choice: Mapping[str, Any] = choices[0]
    return choice


def _parse_completion(body: bytes, prompt_tokens: int) -> Completion:
    data = _json_object(body)
    choice = _first_choice(data)
    message = choice.get("message")
    text = message.get("content") if isinstance(message, Mapping) else None
    if not isinstance(text, str):
        raise LlmMalformed("the model server's answer has no message content")
    tokens = _usage(data)
    finish = choice.get("finish_reason")
    return Completion(
        text=text,
        model=str(data.get("model") or ""),
        tokens=tokens if tokens is not None else prompt_tokens + estimate_tokens(text),
        estimated=tokens is None,
        finish_reason=finish if isinstance(finish, str) else None,
    )


def _parse_chunk(raw: str) -> tuple[str, int | None]:
    """The text delta and the usage (when the chunk carries it) of one streamed chunk."""
    data = _json_object(raw)
    tokens = _usage(data)
    choices = data.get("choices")
    if choices == [] and tokens is not None:  # the usage-only chunk some servers send last
        return "", tokens
    delta = _first_choice(data).get("delta")
    if delta is None:
        return "", tokens
    if not isinstance(delta, Mapping):
        raise LlmMalformed("a streamed chunk has no delta object")
    content = delta.get("content")
    if content is None:
        return "", tokens
    if not isinstance(content, str):
        raise LlmMalformed("a streamed chunk's content is not text")
    return content, tokens
