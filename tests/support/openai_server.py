"""A small OpenAI-compatible chat server on loopback, for the LLM client's tests.

It speaks the real protocol: ``POST /v1/chat/completions`` answers a JSON
``chat.completion``, or with ``"stream": true`` a ``text/event-stream`` of
``data: {chat.completion.chunk}`` events ending in ``data: [DONE]``, sent with chunked
transfer encoding. What it answers is scripted: queue :class:`Reply` values with
:meth:`FakeOpenAI.script` (a reply may be slow, an error status or malformed JSON), or
give a responder function; otherwise :func:`echo` answers. Every request is recorded
(headers and JSON body) and the most requests in flight at once is counted.

:func:`echo` copies the article's own numbered sentences back in the shape each task
asks for, so everything it writes is grounded: figures measured against it test the
plumbing, never a model.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass(frozen=True)
class Reply:
    text: str = ""
    status: int = 200
    delay: float = 0.0  # seconds before the answer starts
    malformed: bool = False  # invalid JSON instead of a completion (or chunk)
    usage: bool = True  # include a usage count
    chunk_chars: int = 5  # streamed: characters per chunk
    chunk_delay: float = 0.0  # streamed: seconds between chunks


@dataclass(frozen=True)
class Recorded:
    headers: dict[str, str]
    body: dict[str, Any]

    @property
    def user_message(self) -> str:
        return str(next(m["content"] for m in self.body["messages"] if m["role"] == "user"))

    @property
    def system_message(self) -> str:
        return str(next(m["content"] for m in self.body["messages"] if m["role"] == "system"))


Responder = Callable[[dict[str, Any]], Reply]
_LINE = re.compile(r"^\[(\d+(?:\.\d+)?)\] (.+)$", re.MULTILINE)


def echo(body: dict[str, Any]) -> Reply:
    """Answer from the prompt's own numbered sentences, in the format the task asks for."""
    prompt = str(body["messages"][-1]["content"])
    lines = _LINE.findall(prompt)
    if not lines:
        return Reply("NOT IN ARTICLE")
    if "KEY POINTS" in prompt:
        summary = "\n".join(f"{text} [{key}]" for key, text in lines[:2])
        points = "\n".join(f"- {text} [{key}]" for key, text in lines[2:5])
        return Reply(f"SUMMARY:\n{summary}\nKEY POINTS:\n{points or '- ' + lines[0][1]}")
    question = re.search(r"<question>(.*?)</question>", prompt, re.DOTALL)
    if question:
        asked = set(re.findall(r"\w{4,}", question.group(1).lower()))
        key, text = max(lines, key=lambda kt: len(asked & set(re.findall(r"\w+", kt[1].lower()))))
        return Reply(f"{text} [{key}]")
    firsts = [(k, t) for k, t in lines if k.endswith(".1")] or lines[:1]
    return Reply(" ".join(f"{t} [{k}]" for k, t in firsts[:5]))


@dataclass
class FakeOpenAI:
    responder: Responder = echo
    requests: list[Recorded] = field(default_factory=list)
    max_concurrent: int = 0
    url: str = ""
    _queue: deque[Reply] = field(default_factory=deque)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _in_flight: int = 0
    stopping: threading.Event = field(default_factory=threading.Event)

    def script(self, *replies: Reply | str) -> None:
        """Answer the next requests with these replies, in order, then with the responder."""
        with self._lock:
            self._queue.extend(Reply(r) if isinstance(r, str) else r for r in replies)

    def _next(self, body: dict[str, Any]) -> Reply:
        with self._lock:
            if self._queue:
                return self._queue.popleft()
        return self.responder(body)

    def _enter(self, headers: dict[str, str], body: dict[str, Any]) -> None:
        with self._lock:
            self.requests.append(Recorded(headers, body))
            self._in_flight += 1
            self.max_concurrent = max(self.max_concurrent, self._in_flight)

    def _leave(self) -> None:
        with self._lock:
            self._in_flight -= 1


def _completion(model: str, text: str, usage: bool) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": text},
                "finish_reason": "stop",
            }
        ],
    }
    if usage:
        data["usage"] = {"prompt_tokens": 100, "completion_tokens": 20, "total_tokens": 120}
    return data


def _chunk(model: str, delta: dict[str, str], finish: str | None) -> dict[str, Any]:
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion.chunk",
        "created": int(time.time()),
        "model": model,
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
    }


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        return

    def do_POST(self) -> None:
        fake = self.server.fake
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if self.path.rstrip("/") != "/v1/chat/completions":
            self._send(404, b'{"error": {"message": "not found"}}', "application/json")
            return
        body = json.loads(raw)
        fake._enter({k.lower(): v for k, v in self.headers.items()}, body)
        try:
            reply = fake._next(body)
            if reply.delay and fake.stopping.wait(reply.delay):
                return
            self._answer(reply, body)
        except (BrokenPipeError, ConnectionResetError):
            return  # the client gave up (a timeout test)
        finally:
            fake._leave()

    def _answer(self, reply: Reply, body: dict[str, Any]) -> None:
        model = str(body.get("model") or "fake-model")
        if reply.status != 200:
            error = {"error": {"message": "scripted failure", "type": "server_error"}}
            self._send(reply.status, json.dumps(error).encode(), "application/json")
        elif not body.get("stream"):
            payload = b'{"choices": [{"message": ' if reply.malformed else b""
            if not reply.malformed:
                payload = json.dumps(_completion(model, reply.text, reply.usage)).encode()
            self._send(200, payload, "application/json")
        else:
            self._stream(reply, body, model)

    def _send(self, status: int, payload: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def _stream(self, reply: Reply, body: dict[str, Any], model: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        self._event(_chunk(model, {"role": "assistant"}, None))
        size = max(1, reply.chunk_chars)
        for start in range(0, len(reply.text), size):
            if reply.chunk_delay and self.server.fake.stopping.wait(reply.chunk_delay):
                return
            self._event(_chunk(model, {"content": reply.text[start : start + size]}, None))
        if reply.malformed:
            self._write(b"data: {not json\n\n")
        self._event(_chunk(model, {}, "stop"))
        wants_usage = (body.get("stream_options") or {}).get("include_usage")
        if reply.usage and wants_usage:
            usage = _completion(model, "", True)["usage"]
            self._event({"id": "chatcmpl-fake", "model": model, "choices": [], "usage": usage})
        self._write(b"data: [DONE]\n\n")
        self.wfile.write(b"0\r\n\r\n")

    def _event(self, data: dict[str, Any]) -> None:
        self._write(b"data: " + json.dumps(data).encode() + b"\n\n")

    def _write(self, data: bytes) -> None:
        self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
        self.wfile.flush()


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, fake: FakeOpenAI) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.fake = fake


@contextmanager
def openai_server(responder: Responder = echo) -> Iterator[FakeOpenAI]:
    """A running fake server; ``fake.url`` is its ``/v1`` base URL."""
    fake = FakeOpenAI(responder)
    server = _Server(fake)
    fake.url = f"http://127.0.0.1:{server.server_address[1]}/v1"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield fake
    finally:
        fake.stopping.set()
        server.shutdown()
        server.server_close()
        thread.join()
