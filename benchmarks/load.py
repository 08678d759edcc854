"""Load test of the JSON API: N concurrent clients for T seconds against a running app on this machine.

    python benchmarks/load.py --url http://127.0.0.1:7860 [--clients 20] [--seconds 60] [--endpoint ask]
    python benchmarks/load.py --start [--db data/index] [--clients 20] [--seconds 60]

Each client is a thread with its own keep-alive httpx connection, sending questions (or claims) in a
loop until the time is up or it has sent ``--max-requests``. Meanwhile one prober calls /healthz twice
a second, to show that slow answers do not block it. Prints requests/s, errors by kind and latency
percentiles. Only loopback addresses are accepted as targets, and every loop is bounded in count and
time. With ``--start`` the app is started on a free loopback port with the given index and stopped after.
"""

from __future__ import annotations

import argparse
import ipaddress
import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlparse

import httpx
import numpy as np

ROOT = Path(__file__).resolve().parent.parent

QUESTIONS = [
    "How much money was in the AI Diagnostic Fund?",
    "When was the AI Diagnostic Fund announced?",
    "Which imaging networks received money from the fund?",
    "Could a single NHS trust bid to the AI Diagnostic Fund on its own?",
    "What kind of AI tools could the fund pay for?",
    "What has the independent evaluation found so far?",
    "What does NICE say about AI for chest X-rays?",
    "How many NHS trusts were receiving AI Diagnostic Fund money?",
]
CLAIMS = [
    "The AI Diagnostic Fund was worth £21 million.",
    "The fund was announced by Steve Barclay in June 2023. Every NHS trust received money.",
]


def percentile(values: list[float], q: float) -> float:
    return float(np.percentile(values, q)) if values else float("nan")


def require_loopback(url: str) -> None:
    host = urlparse(url).hostname or ""
    if host == "localhost":
        return
    try:
        if ipaddress.ip_address(host).is_loopback:
            return
    except ValueError:
        pass
    sys.exit(f"refusing to load-test {url}: only loopback targets (127.0.0.0/8, ::1, localhost) are allowed")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_app(db: str | None, log_dir: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    command = [sys.executable, str(ROOT / "app.py"), "--host", "127.0.0.1", "--port", str(port)]
    if db:
        command += ["--db", db]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ASSISTANT_ADMIN_",))}
    log_dir.mkdir(parents=True, exist_ok=True)
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdin=subprocess.DEVNULL,
                               stdout=open(log_dir / "app.stdout.log", "w"), stderr=open(log_dir / "app.stderr.log", "w"))
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"the app exited with {process.returncode}; see {log_dir}/app.stderr.log")
        try:
            if httpx.get(f"{url}/healthz", timeout=5).status_code == 200:
                return process, url
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    process.terminate()
    sys.exit("the app did not become healthy within 180 s")


class Results:
    def __init__(self):
        self.lock = threading.Lock()
        self.latencies: list[float] = []
        self.errors: Counter = Counter()
        self.outcomes: Counter = Counter()
        self.health: list[float] = []
        self.health_errors = 0


def client_loop(number: int, url: str, endpoint: str, deadline: float, max_requests: int, results: Results) -> None:
    with httpx.Client(base_url=url, timeout=httpx.Timeout(120.0, connect=5.0)) as client:
        for i in range(max_requests):
            if time.monotonic() >= deadline:
                return
            kind = endpoint if endpoint != "mixed" else ("check" if i % 4 == 3 else "ask")
            if kind == "ask":
                path, body = "/api/ask", {"question": QUESTIONS[(number + i) % len(QUESTIONS)]}
            else:
                path, body = "/api/check", {"claim": CLAIMS[(number + i) % len(CLAIMS)]}
            started = time.perf_counter()
            try:
                response = client.post(path, json=body)
                elapsed = (time.perf_counter() - started) * 1000
                with results.lock:
                    if response.status_code == 200:
                        results.latencies.append(elapsed)
                        data = response.json()
                        results.outcomes["abstained" if data.get("abstained") else data.get("verdict", "answered")] += 1
                    else:
                        results.errors[f"HTTP {response.status_code}"] += 1
            except httpx.HTTPError as exc:
                with results.lock:
                    results.errors[type(exc).__name__] += 1


def health_loop(url: str, deadline: float, results: Results) -> None:
    with httpx.Client(base_url=url, timeout=10.0) as client:
        while time.monotonic() < deadline:
            started = time.perf_counter()
            try:
                ok = client.get("/healthz").status_code == 200
            except httpx.HTTPError:
                ok = False
            with results.lock:
                if ok:
                    results.health.append((time.perf_counter() - started) * 1000)
                else:
                    results.health_errors += 1
            time.sleep(0.5)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default="http://127.0.0.1:7860", help="a running app (loopback only)")
    parser.add_argument("--start", action="store_true", help="start the app on a free loopback port, stop it after")
    parser.add_argument("--db", default=None, help="index folder for --start (default: the app's default)")
    parser.add_argument("--clients", type=int, default=20, help="concurrent clients (1-200)")
    parser.add_argument("--seconds", type=float, default=60.0, help="duration (1-600)")
    parser.add_argument("--max-requests", type=int, default=10_000, help="per client, whatever the duration")
    parser.add_argument("--endpoint", choices=["ask", "check", "mixed"], default="ask")
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    args = parser.parse_args(argv)
    if not 1 <= args.clients <= 200 or not 1 <= args.seconds <= 600 or args.max_requests < 1:
        parser.error("--clients must be 1-200, --seconds 1-600, --max-requests >= 1")

    process = None
    url = args.url.rstrip("/")
    if args.start:
        process, url = start_app(args.db, ROOT / "data" / "load-logs")
    require_loopback(url)
    try:
        httpx.post(f"{url}/api/ask", json={"question": QUESTIONS[0]}, timeout=120).raise_for_status()  # warm
        results = Results()
        started = time.monotonic()
        deadline = started + args.seconds
        threads = [threading.Thread(target=client_loop, args=(n, url, args.endpoint, deadline, args.max_requests, results),
                                    daemon=True) for n in range(args.clients)]
        threads.append(threading.Thread(target=health_loop, args=(url, deadline, results), daemon=True))
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=args.seconds + 150)  # a request in flight at the deadline may finish late
        wall = time.monotonic() - started
    finally:
        if process is not None:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()

    done = len(results.latencies)
    summary = {
        "url": url, "endpoint": args.endpoint, "clients": args.clients, "seconds": round(wall, 1),
        "requests_ok": done, "requests_per_s": round(done / wall, 2) if wall else 0.0,
        "errors": sum(results.errors.values()), "errors_by_kind": dict(results.errors),
        "latency_ms": {"p50": round(percentile(results.latencies, 50), 1), "p95": round(percentile(results.latencies, 95), 1),
                       "max": round(max(results.latencies), 1) if results.latencies else None},
        "outcomes": dict(results.outcomes),
        "healthz_ms": {"n": len(results.health), "p50": round(percentile(results.health, 50), 1),
                       "p95": round(percentile(results.health, 95), 1), "errors": results.health_errors},
    }
    if args.json:
        print(json.dumps(summary, indent=1))
    else:
        lat, health = summary["latency_ms"], summary["healthz_ms"]
        print(f"{args.clients} clients x {wall:.1f} s against {url} ({args.endpoint})")
        print(f"  requests/s  {summary['requests_per_s']:.2f}   ({done} ok)")
        print(f"  errors      {summary['errors']}  {summary['errors_by_kind'] or ''}")
        print(f"  latency ms  p50 {lat['p50']:.1f}   p95 {lat['p95']:.1f}   max {lat['max']}")
        print(f"  outcomes    {summary['outcomes']}")
        print(f"  /healthz ms p50 {health['p50']:.1f}   p95 {health['p95']:.1f}   ({health['n']} probes, {health['errors']} errors)")
    return 0 if summary["errors"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
