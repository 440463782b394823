"""Lighthouse scores of the front and article pages, with the sample news world.

    python benchmarks/lighthouse.py [--runs 3]

Starts ``broadsheet demo`` (the sample world, ingested, then the site) on a loopback port,
then runs Lighthouse 12.2.3 (npm; ``npm ci`` installs it, else ``npx lighthouse@12.2.3``)
with Debian's Chromium (``CHROME_PATH=/usr/bin/chromium``, headless) on the front page and
the newest article, in Lighthouse's mobile (default) and desktop presets. Prints the four
category scores, the median of ``--runs`` runs each; full reports go to
``artifacts/lighthouse/``. Goal from the issue: 95 or more in every category.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from _common import REPO

CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
CHROME = shutil.which("chromium") or "/usr/bin/chromium"
ATTEMPTS = 3  # Chromium sometimes fails to start on a loaded machine


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def lighthouse_command() -> list[str]:
    local = REPO / "node_modules" / ".bin" / "lighthouse"
    return [str(local)] if local.exists() else ["npx", "--yes", "lighthouse@12.2.3"]


def start_demo(work: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    env = dict(os.environ, BROADSHEET_DATA_DIR=str(work / "data"))
    env.pop("BROADSHEET_DATABASE_URL", None)
    log = (work / "demo.log").open("wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "broadsheet", "demo", "--port", str(port)],
        env=env,
        cwd=REPO,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            sys.exit(f"the demo exited: see {work / 'demo.log'}")
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=5):
                return proc, base
        except OSError:
            time.sleep(0.5)
    sys.exit("the demo did not start in 300 s")


def newest_article(base: str) -> str:
    with urllib.request.urlopen(base + "/api/v1/articles?limit=1", timeout=30) as response:
        page = json.load(response)
    return f"{base}/articles/{page['items'][0]['id']}"


def run_lighthouse(url: str, preset: str, out: Path) -> dict[str, float]:
    cmd = [
        *lighthouse_command(),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={out}",
        f"--only-categories={','.join(CATEGORIES)}",
        "--chrome-flags=--headless --no-sandbox --disable-gpu",
    ]
    if preset == "desktop":
        cmd.append("--preset=desktop")
    env = dict(os.environ, CHROME_PATH=CHROME)
    for attempt in range(ATTEMPTS):
        done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
        if done.returncode == 0:
            break
        print(f"lighthouse failed on {url} (attempt {attempt + 1}): {done.stderr[-500:]}")
    else:
        sys.exit(f"lighthouse failed {ATTEMPTS} times on {url}")
    report = json.loads(out.read_text())
    return {name: report["categories"][name]["score"] * 100 for name in CATEGORIES}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    reports = REPO / "artifacts" / "lighthouse"
    reports.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="bs-lighthouse-") as tmp:
        proc, base = start_demo(Path(tmp))
        try:
            pages = {"front": base + "/", "article": newest_article(base)}
            print(f"Lighthouse on the demo site, median of {args.runs} runs\n")
            print("| page | preset | " + " | ".join(CATEGORIES) + " |")
            print("|---|---|" + "---:|" * len(CATEGORIES))
            for name, url in pages.items():
                for preset in ("mobile", "desktop"):
                    runs = [
                        run_lighthouse(url, preset, reports / f"{name}-{preset}-{n}.json")
                        for n in range(args.runs)
                    ]
                    scores = [statistics.median(r[c] for r in runs) for c in CATEGORIES]
                    print(f"| {name} | {preset} | " + " | ".join(f"{s:.0f}" for s in scores) + " |")
        finally:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=30)


if __name__ == "__main__":
    main()
