#!/usr/bin/env python3
"""Benchmark: the device list API on a large fleet (goal: p95 <= 50 ms per page of 200).

Seeds --devices devices (default 100,000) with a current status and lowest supply into a
stopped Manager's database, starts it, signs in, and times --requests GET /api/v1/devices
requests (filter + sort + page of 200, varied over a fixed mix, seeded random pages) on one
kept-alive HTTPS connection. Prints p50/p95/max overall and the slowest query shapes; fails
only when an answer is not 200 or its total is inconsistent, never on time.

  bench/device_list.py --manager BUILD/manager/printwarden-manager [--devices 100000]
                       [--requests 240] [--browser WEBUI] [--keep DIR]

--browser WEBUI (the web console's folder, built: dist/ and node_modules/) serves the console
from the Manager and, after the API figures, runs bench/device_list_browser.mjs: the first page
of the device list visible in Chromium. --keep DIR leaves the Manager running there on the
seeded database and prints its URL and password; stop it with the printed PID.
"""
import argparse
import http.client
import json
import os
import random
import sqlite3
import ssl
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests",
                                "harness"))
import printwarden  # noqa: E402

import proc  # noqa: E402

SEVERITIES = ["ok"] * 70 + ["warning"] * 15 + ["error"] * 8 + ["service_call"] * 2 + ["unknown"] * 5
POWERS = ["on"] * 75 + ["sleep"] * 15 + ["no_response"] * 6 + ["unknown"] * 3 + ["conflict"]
VENDORS = ["HP", "Canon", "Xerox", "Brother", "Kyocera", "Ricoh", "Lexmark", "Epson"]
SITES = ["Berlin", "Paris", "Madrid", "Roma", "Tokyo", "Lyon", "Hamburg", "Osaka"]
SEEN = 1_800_000_000

# Query shapes: (label, filters); each runs with every sort below.
FILTERS = [
    ("none", []),
    ("severity=error", [("severity", "error")]),
    ("severity=error|warning", [("severity", "error"), ("severity", "warning")]),
    ("power=no_response", [("power", "no_response")]),
    ("lowestSupply<=10", [("lowestSupply", "10")]),
    ("vendor~hp", [("vendor", "hp")]),
    ("location~berlin+severity=warning", [("location", "berlin"), ("severity", "warning")]),
    ("name~floor 3", [("name", "floor 3")]),
    ("state=managed+power=on", [("state", "managed"), ("power", "on")]),
]
SORTS = [("id", "asc"), ("name", "asc"), ("ipAddress", "desc"), ("severity", "desc"),
         ("lowestSupply", "asc"), ("lastSeen", "desc"), ("model", "asc")]


def seed(db_path, count, first_id=1):
    """Inserts devices first_id .. first_id + count - 1 (no Agent, never polled by one) with a
    status and lowest supply; ids, MACs and addresses derive from the id, so seeding another
    id range beside other devices keeps them unique."""
    rng = random.Random(5)
    db = sqlite3.connect(db_path)
    with db:
        devices, status, supplies = [], [], []
        for i in range(first_id, first_id + count):
            vendor = VENDORS[i % len(VENDORS)]
            site = SITES[(i // 7) % len(SITES)]
            devices.append((i, vendor, f"Model {i % 97}", f"SN{i:08}", f"02:00:{i >> 24 & 255:02x}:"
                            f"{i >> 16 & 255:02x}:{i >> 8 & 255:02x}:{i & 255:02x}",
                            f"{site} floor {i % 9} printer {i}", f"{site} building {i % 13}",
                            f"10.{i >> 16 & 255}.{i >> 8 & 255}.{i & 255}", f"prn-{i}.example.net",
                            SEEN, SEEN + rng.randrange(86_400)))
            if i % 20 == 0:
                continue  # one device in twenty never polled
            severity, power = rng.choice(SEVERITIES), rng.choice(POWERS)
            status.append((i, f"{severity}|{power}|", severity, power, SEEN, SEEN))
            percent = None if i % 11 == 0 else rng.randrange(101)
            supplies.append((i, percent, "value" if percent is not None else "some_remaining",
                             "Black Toner", "black", SEEN))
        db.executemany(
            "INSERT INTO devices (id, state, vendor, model, serial, mac, name, location, ip_address, "
            "hostname, first_seen_at, last_seen_at) VALUES (?, 'managed', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            devices)
        db.executemany(
            "INSERT INTO device_status (device_id, state_key, severity, power, conditions, alerts, "
            "read_at, since) VALUES (?, ?, ?, ?, '', '[]', ?, ?)", status)
        db.executemany(
            "INSERT INTO device_supplies (device_id, body, lowest_percent, lowest_state, lowest_name, "
            "lowest_colorant, read_at) VALUES (?, '{}', ?, ?, ?, ?, ?)", supplies)
    # No ANALYZE: the Manager never runs it, so the plans measured are those of production.
    db.close()


def time_requests(manager, requests, clients=1):
    """Times `requests` GET /api/v1/devices over the fixed mix of shapes, sent by `clients`
    signed-in clients at once, each on its own kept-alive HTTPS connection and sending its next
    request as soon as the last is answered. Returns p50/p95/max in ms, the Manager's CPU per
    request and the slowest shapes. Fails (SystemExit) on a wrong answer, never on time."""
    context = ssl.create_default_context(cafile=manager.ca_path)
    shapes = [(f, s) for f in FILTERS for s in SORTS]
    timings = []  # (ms, label), appended by every client thread
    failures = []

    def client(index):
        try:
            send(index)
        except Exception as error:  # a thread's exception would otherwise only be printed
            failures.append(f"client {index}: {error!r}")

    def send(index):
        cookie = cookies[index]
        connection = http.client.HTTPSConnection("127.0.0.1", manager.port, context=context)
        rng = random.Random(7 + index)
        for n in range(index, requests, clients):
            (label, filters), (sort, order) = shapes[n % len(shapes)]
            page = rng.choice([1, 1, 2, 5])
            pairs = [("page", page), ("pageSize", 200), ("sort", sort), ("order", order)]
            pairs += [(f"filter[{field}]", value) for field, value in filters]
            path = "/api/v1/devices?" + urllib.parse.urlencode(pairs)
            begin = time.perf_counter()
            connection.request("GET", path, headers={"Cookie": cookie})
            response = connection.getresponse()
            body = response.read()
            elapsed = (time.perf_counter() - begin) * 1000
            if response.status != 200:
                failures.append(f"{path}: HTTP {response.status} {body[:200]!r}")
                return
            answer = json.loads(body)
            if sum(answer["statusCounts"]["severity"].values()) != answer["total"]:
                failures.append(f"{path}: status counts do not add up to the total")
                return
            timings.append((elapsed, f"{label} sort={sort} {order}"))
        connection.close()

    # Signed in beforehand: a login's password hashing is not part of a list request.
    cookies = ["; ".join(f"{c.name}={c.value}" for c in manager.admin().cookies)
               for _ in range(clients)]
    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    cpu_before = proc.cpu_seconds(manager.process.pid)
    client_cpu_before = time.process_time()
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    if failures:
        sys.exit(failures[0])
    cpu_ms = (proc.cpu_seconds(manager.process.pid) - cpu_before) * 1000 / len(timings)
    # This process shares the cores with the Manager: its own CPU says how much it took.
    client_cpu_ms = (time.process_time() - client_cpu_before) * 1000 / len(timings)
    values = sorted(t for t, _ in timings)
    p = lambda q: values[min(len(values) - 1, int(q * len(values)))]  # noqa: E731
    by_shape = {}
    for elapsed, label in timings:
        by_shape.setdefault(label, []).append(elapsed)
    slowest = sorted(by_shape.items(), key=lambda kv: -statistics.median(kv[1]))[:8]
    return {"clients": clients, "requests": len(values), "p50_ms": round(p(0.50), 1),
            "p95_ms": round(p(0.95), 1), "max_ms": round(values[-1], 1),
            "mean_ms": round(statistics.mean(values), 1),
            "requests_per_second": round(len(values) / wall, 1),
            "manager_cpu_ms_per_request": round(cpu_ms, 1),
            "client_cpu_ms_per_request": round(client_cpu_ms, 1),
            "slowest_shapes": [[round(statistics.median(ms), 1), label] for label, ms in slowest]}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--manager", required=True)
    parser.add_argument("--devices", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=240)
    parser.add_argument("--clients", type=int, default=1, help="clients sending at once")
    parser.add_argument("--browser", metavar="WEBUI",
                        help="the web console folder: also time the first page in Chromium")
    parser.add_argument("--keep", help="work directory to keep, with the Manager left running")
    args = parser.parse_args()
    printwarden.MANAGER_BIN = os.path.abspath(args.manager)
    workdir = args.keep or tempfile.mkdtemp(prefix="pw-bench-list-")
    os.makedirs(workdir, exist_ok=True)

    config = {"web_root": os.path.join(os.path.abspath(args.browser), "dist")} if args.browser else {}
    manager = printwarden.Manager(workdir, config)
    manager.start()
    manager.stop()
    started = time.monotonic()
    seed(os.path.join(manager.data_dir, "manager.db"), args.devices)
    print(f"seeded {args.devices} devices in {time.monotonic() - started:.1f} s", flush=True)
    manager.start()
    try:
        result = {"devices": args.devices, **time_requests(manager, args.requests, args.clients),
                  "load": os.getloadavg()}
        slowest = result.pop("slowest_shapes")
        print(json.dumps(result))
        print("slowest shapes (median ms):")
        for ms, label in slowest:
            print(f"  {ms:7.1f}  {label}")
        if args.browser:
            script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "device_list_browser.mjs")
            subprocess.run(["node", script, "--url", manager.url, "--password",
                            printwarden.ADMIN_PASSWORD, "--webui", args.browser], check=True)
    finally:
        if args.keep:
            print(f"Manager left running: {manager.url} pid {manager.process.pid} "
                  f"password {printwarden.ADMIN_PASSWORD}")
        else:
            manager.stop()


if __name__ == "__main__":
    main()
