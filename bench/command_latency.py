#!/usr/bin/env python3
"""Benchmark: how fast a command issued on the Manager reaches an Agent and comes back.

Starts a Manager and an Agent (release or dev binaries) on loopback, pairs them, then times
N "Test connection" round trips through the REST API (API -> command queue -> the Agent's
parked long poll -> Agent -> results -> API). Prints p50/p95/max in milliseconds, measured by
the Manager (roundTripMs) and by this client (whole HTTP call).

  bench/command_latency.py --manager BIN --agent BIN [--count 200]
"""
import argparse
import os
import statistics
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tests", "harness"))
import paired  # noqa: E402
import printwarden  # noqa: E402


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--manager", required=True)
    parser.add_argument("--agent", required=True)
    parser.add_argument("--count", type=int, default=200)
    args = parser.parse_args()
    printwarden.MANAGER_BIN = args.manager
    printwarden.AGENT_BIN = args.agent

    workdir = tempfile.mkdtemp(prefix="pw-bench-")
    with paired.manager_with_agent(workdir) as (admin, agent_id):
        admin.request("POST", f"/api/v1/agents/{agent_id}/ping", {})  # warm the connections
        server_ms, client_ms = [], []
        for _ in range(args.count):
            start = time.perf_counter()
            resp = admin.request("POST", f"/api/v1/agents/{agent_id}/ping", {})
            client_ms.append((time.perf_counter() - start) * 1000)
            if resp.status != 200:
                raise SystemExit(f"ping failed: {resp.status} {resp.body!r}")
            server_ms.append(resp.json()["roundTripMs"])
        for name, values in (("manager-measured", server_ms), ("client-measured", client_ms)):
            print(f"{name}: n={len(values)} p50={statistics.median(values):.1f} ms "
                  f"p95={percentile(values, 95):.1f} ms max={max(values):.1f} ms")

if __name__ == "__main__":
    main()
