#!/usr/bin/env python3
"""The counters report (issue 8, decision 0030) on a large fleet: GET /api/v1/reports/counters
over --devices devices with --days daily counter readings each (default 10,000 x 365; goal:
at most 2 s per report), through the real Manager's REST API.

The database of a stopped Manager is seeded (devices as bench/device_list.py seeds them, three
regions in three time zones holding a quarter of the devices each, one counter row per device
and UTC day at noon, device i printing 10 + i % 50 pages a day), then each report shape is
requested --repeat times: by device daily (1 month), monthly (1 year) and yearly (5 years), by
counter yearly, lifetime. Prints and writes (--out) one JSON object: per shape the median and
slowest seconds, the rows answered and the Manager's CPU seconds per request; the goal and
whether the slowest median met it.

  bench/counters_report.py --manager build/release/manager/printwarden-manager [--out FILE]
  bench/counters_report.py --manager ... --smoke     # 50 devices x 40 days, checks figures only

--smoke checks that every shape answers every device and that the fleet's pages of the last
full day equal the seeded ones; it never checks a time.
"""
import argparse
import datetime
import http.client
import json
import os
import sqlite3
import ssl
import statistics
import sys
import tempfile
import time
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "harness"))
import printwarden  # noqa: E402

import device_list  # noqa: E402
import proc  # noqa: E402

GOAL_SECONDS = 2.0
ZONES = [(1, "Tokyo", "Asia/Tokyo"), (2, "Paris", "Europe/Paris"), (3, "New York", "America/New_York")]
SHAPES = [
    ("byDevice daily", [("kind", "byDevice"), ("period", "daily")]),
    ("byDevice monthly", [("kind", "byDevice"), ("period", "monthly")]),
    ("byDevice yearly", [("kind", "byDevice"), ("period", "yearly")]),
    ("byCounter yearly", [("kind", "byCounter"), ("period", "yearly")]),
    ("lifetime", [("kind", "lifetime")]),
]


def pages_per_day(device_id):
    return 10 + device_id % 50


def seed_readings(db_path, devices, days, last_day):
    """Regions for three quarters of the devices, then one counter row per device and day."""
    db = sqlite3.connect(db_path)
    with db:
        for region_id, name, zone in ZONES:
            db.execute("INSERT INTO regions (id, name, time_zone, created_at, updated_at) "
                       "VALUES (?, ?, ?, 0, 0)", (region_id, name, zone))
        db.execute("UPDATE devices SET region_id = NULLIF(id % 4, 0)")
        first_day = last_day - days + 1
        for device_id in range(1, devices + 1):
            rate = pages_per_day(device_id)
            base = 100_000 + device_id
            db.executemany(
                "INSERT INTO counter_readings (device_id, day, read_at, total, black, units) "
                "VALUES (?, ?, ?, ?, ?, 'impressions,impressions')",
                ((device_id, day, day * 86_400 + 43_200, base + (day - first_day) * rate,
                  base // 2 + (day - first_day) * (rate // 2)) for day in range(first_day, last_day + 1)))
    db.close()


def time_shape(manager, cookie, pairs, repeat):
    """GETs the report `repeat` times on one kept-alive HTTPS connection (no client timeout:
    a slow report is measured, not cut)."""
    path = "/api/v1/reports/counters?" + urllib.parse.urlencode(pairs)
    context = ssl.create_default_context(cafile=manager.ca_path)
    connection = http.client.HTTPSConnection("127.0.0.1", manager.port, context=context)
    seconds, cpu = [], []
    body = None
    for _ in range(repeat):
        cpu_before = proc.cpu_seconds(manager.process.pid)
        begin = time.perf_counter()
        connection.request("GET", path, headers={"Cookie": cookie})
        response = connection.getresponse()
        raw = response.read()
        seconds.append(time.perf_counter() - begin)
        cpu.append(proc.cpu_seconds(manager.process.pid) - cpu_before)
        if response.status != 200:
            raise SystemExit(f"{path}: HTTP {response.status} {raw[:300]!r}")
        body = json.loads(raw)
    connection.close()
    return {"medianSeconds": round(statistics.median(seconds), 3), "maxSeconds": round(max(seconds), 3),
            "managerCpuSeconds": round(statistics.median(cpu), 3), "rows": len(body["rows"])}, body


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--manager", required=True, help="the printwarden-manager binary")
    parser.add_argument("--devices", type=int, default=10_000)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--smoke", action="store_true", help="50 devices x 40 days, figures checked")
    parser.add_argument("--out", help="also write the JSON result to this file")
    args = parser.parse_args()
    if args.smoke:
        args.devices, args.days, args.repeat = 50, 40, 1
    printwarden.MANAGER_BIN = os.path.abspath(args.manager)
    workdir = tempfile.mkdtemp(prefix="pw-bench-report-")
    # The Manager's zone is UTC, so the devices outside every region have UTC days.
    manager = printwarden.Manager(workdir, {"time_zone": "UTC"})
    manager.start()
    manager.stop()
    db_path = os.path.join(manager.data_dir, "manager.db")
    last_day = int(time.time()) // 86_400 - 1  # yesterday (UTC): the report's last full day
    end = datetime.date.fromordinal(datetime.date(1970, 1, 1).toordinal() + last_day).isoformat()
    started = time.monotonic()
    device_list.seed(db_path, args.devices)
    seed_readings(db_path, args.devices, args.days, last_day)
    seed_seconds = time.monotonic() - started
    print(f"seeded {args.devices} devices x {args.days} days in {seed_seconds:.1f} s", flush=True)
    manager.start()
    try:
        cookie = "; ".join(f"{c.name}={c.value}" for c in manager.admin().cookies)
        shapes = {}
        for label, pairs in SHAPES:
            shapes[label], body = time_shape(manager, cookie, pairs + [("end", end)], args.repeat)
            print(f"{label:18} {json.dumps(shapes[label])}", flush=True)
            if shapes[label]["rows"] != (args.devices if label != "byCounter yearly" else 2):
                raise SystemExit(f"{label}: {shapes[label]['rows']} rows, expected every device")
            if label == "byDevice daily" and args.smoke:
                # The last day's pages of the devices outside every region (UTC days, noon
                # readings): exactly what was seeded.
                utc_rows = [r for r in body["rows"] if r["timeZone"] == "UTC"]
                expected = sum(pages_per_day(r["deviceId"]) for r in utc_rows)
                if sum(r["values"][-1] for r in utc_rows) != expected:
                    raise SystemExit(f"{label}: the last day's pages differ from the seeded {expected}")
        slowest = max(shape["medianSeconds"] for shape in shapes.values())
        result = {"devices": args.devices, "days": args.days, "rowsStored": args.devices * args.days,
                  "repeat": args.repeat, "seedSeconds": round(seed_seconds, 1), "shapes": shapes,
                  "slowestMedianSeconds": slowest, "goalSeconds": GOAL_SECONDS,
                  "met": slowest <= GOAL_SECONDS, "smoke": args.smoke,
                  "machine": proc.machine(os.path.join(HERE, "..")), "load": os.getloadavg()}
        print(json.dumps(result))
        if args.out:
            with open(args.out, "w") as f:
                json.dump(result, f, indent=2)
                f.write("\n")
    finally:
        manager.stop()


if __name__ == "__main__":
    main()
