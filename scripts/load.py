#!/usr/bin/env python3
"""Load test of `gongwen serve`, on loopback only, bounded in count and time.

    python3 scripts/load.py BIN [--requests 2000] [--clients 8] [--time-limit 300]

Starts `BIN serve --listen 127.0.0.1:<free port> --fonts bundled`, then sends
REQUESTS requests from CLIENTS threads, mixing checks of the specimen (a good
and a broken one) and builds (PDF; PDF + .docx as a zip), while beside them
  * oversized clients send bodies over the limit (they must get 413),
  * trickling clients send their headers a byte at a time and stall (the
    server must cut them off and keep serving the others).
Prints p50/p95/p99 latency, throughput, status counts, and the server's
resident memory (start, after half, at the end, peak); exits 1 on any
unexpected status or when memory grew by more than a tenth in the second
half. Stops by itself: every socket has a timeout, the whole run a limit.
"""

import argparse
import http.client
import json
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"


def free_port():
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def rss_kb(pid, field="VmRSS"):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def request(port, method, path, body=None, headers=None, timeout=60):
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        r = conn.getresponse()
        data = r.read()
        return r.status, data
    finally:
        conn.close()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("bin")
    ap.add_argument("--requests", type=int, default=2000)
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--time-limit", type=float, default=300.0)
    args = ap.parse_args()

    specimen = (ROOT / "fixtures/wenshang-2024.json").read_bytes()
    broken = json.loads(specimen)
    broken["applications"]["new"][6] = 3
    broken = json.dumps(broken, ensure_ascii=False).encode()
    json_type = {"Content-Type": "application/json"}
    # (method, path, body, expected status)
    mix = [
        ("POST", "/api/check", specimen, 200),
        ("POST", "/api/check", broken, 200),
        ("POST", "/api/build?formats=pdf", specimen, 200),
        ("POST", "/api/build?formats=pdf,docx", specimen, 200),
        ("POST", "/api/build", broken, 422),
    ]

    port = free_port()
    log = open(os.devnull, "w")
    server = subprocess.Popen(
        [args.bin, "serve", "--listen", f"{HOST}:{port}", "--fonts", "bundled", "--max-body-mb", "32"],
        stderr=log,
    )
    deadline = time.monotonic() + args.time_limit
    try:
        for _ in range(100):
            try:
                if request(port, "GET", "/health", timeout=2)[0] == 200:
                    break
            except OSError:
                time.sleep(0.05)
        else:
            print("the server did not start")
            return 1
        # warm up: fonts parsed, pools started
        for m in mix:
            request(port, m[0], m[1], m[2], json_type)
        rss_start = rss_kb(server.pid)

        lock = threading.Lock()
        latencies, statuses, unexpected = [], {}, []
        counter = iter(range(args.requests))
        rss_half = [0]

        def client():
            while time.monotonic() < deadline:
                with lock:
                    i = next(counter, None)
                if i is None:
                    return
                method, path, body, expected = mix[i % len(mix)]
                t0 = time.monotonic()
                try:
                    status, _ = request(port, method, path, body, json_type)
                except OSError as e:
                    status = f"error {type(e).__name__}"
                dt = time.monotonic() - t0
                with lock:
                    latencies.append(dt)
                    statuses[status] = statuses.get(status, 0) + 1
                    if status != expected:
                        unexpected.append((path, status))
                    if i == args.requests // 2:
                        rss_half[0] = rss_kb(server.pid)

        side = {"413": 0, "413 wrong": 0, "trickle cut": 0, "trickle not cut": 0}

        def oversized():
            big = b" " * (33 * 1024 * 1024)
            while time.monotonic() < deadline and not done.is_set():
                try:
                    status, _ = request(port, "POST", "/api/check", big, json_type)
                    key = "413" if status == 413 else "413 wrong"
                except OSError:
                    # the server may close as soon as it has answered 413
                    key = "413"
                with lock:
                    side[key] += 1
                time.sleep(0.2)

        def trickler():
            while time.monotonic() < deadline and not done.is_set():
                s = socket.create_connection((HOST, port), timeout=30)
                try:
                    start = time.monotonic()
                    for b in b"POST /api/check HTTP/1.1\r\nHost: x\r\n":
                        s.send(bytes([b]))
                        time.sleep(0.5)
                        if done.is_set():
                            break
                    # then stall: the server must close within its header timeout
                    s.settimeout(30)
                    closed = s.recv(1024) is not None
                    key = "trickle cut" if closed and time.monotonic() - start < 40 else "trickle not cut"
                except (OSError, socket.timeout):
                    key = "trickle cut"
                finally:
                    s.close()
                with lock:
                    side[key] += 1

        done = threading.Event()
        started = time.monotonic()
        threads = [threading.Thread(target=client) for _ in range(args.clients)]
        extras = [threading.Thread(target=oversized, daemon=True)] + [
            threading.Thread(target=trickler, daemon=True) for _ in range(4)
        ]
        for t in threads + extras:
            t.start()
        peak_sampler_stop = threading.Event()
        peak = [rss_start]

        def sample():
            while not peak_sampler_stop.is_set():
                peak[0] = max(peak[0], rss_kb(server.pid))
                time.sleep(0.05)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        for t in threads:
            t.join(max(0.0, deadline - time.monotonic()))
        elapsed = time.monotonic() - started
        # let every trickling client be cut off once (the header timeout is 10 s)
        while side["trickle cut"] + side["trickle not cut"] < 4 and time.monotonic() < min(deadline, started + 60):
            time.sleep(0.2)
        done.set()
        peak_sampler_stop.set()
        rss_end = rss_kb(server.pid)
        hwm = rss_kb(server.pid, "VmHWM")

        lat = sorted(latencies)

        def pct(p):
            return lat[min(len(lat) - 1, int(p / 100 * len(lat)))] * 1000 if lat else float("nan")

        n = len(lat)
        print(f"requests: {n} of {args.requests} in {elapsed:.1f} s from {args.clients} clients "
              f"({n / elapsed:.1f} per second; {n / elapsed / (os.cpu_count() or 1):.1f} per second per core)")
        print(f"latency: p50 {pct(50):.0f} ms, p95 {pct(95):.0f} ms, p99 {pct(99):.0f} ms, max {lat[-1] * 1000:.0f} ms")
        print(f"statuses: {dict(sorted((str(k), v) for k, v in statuses.items()))}")
        print(f"beside them: oversized bodies answered 413: {side['413']} (other: {side['413 wrong']}); "
              f"trickling clients cut off: {side['trickle cut']} (not cut: {side['trickle not cut']})")
        print(f"server memory: start {rss_start / 1024:.1f} MB, at half {rss_half[0] / 1024:.1f} MB, "
              f"end {rss_end / 1024:.1f} MB, peak {max(peak[0], hwm) / 1024:.1f} MB")
        failures = []
        if n < args.requests:
            failures.append(f"only {n} of {args.requests} requests in the time limit")
        if unexpected:
            failures.append(f"{len(unexpected)} unexpected answers, e.g. {unexpected[:3]}")
        if side["413 wrong"] or side["trickle not cut"] or not side["trickle cut"] or not side["413"]:
            failures.append("an oversized or trickling client was not handled")
        if rss_half[0] and rss_end > rss_half[0] * 1.10 + 2048:
            failures.append(f"memory grew in the second half: {rss_half[0]} → {rss_end} kB")
        # the server answers health while all this went on
        if request(port, "GET", "/health", timeout=5)[0] != 200:
            failures.append("the server stopped answering /health")
        server.terminate()
        code = server.wait(timeout=30)
        if code != 0:
            failures.append(f"the server exited {code} on SIGTERM")
        for f in failures:
            print("FAILED:", f)
        print(f"{0 if failures else 1} passed, {1 if failures else 0} failed")
        return 1 if failures else 0
    finally:
        if server.poll() is None:
            server.kill()


if __name__ == "__main__":
    sys.exit(main())
