#!/usr/bin/env python3
"""Benchmark: discovery sweep of a /16 with full identification, beside onesixtyone.

printwarden-sim serves 65,536 addresses (127.20.0.0/16) of which about 5,000 answer (the rest
silent, spread by --silent-share). The same addresses are then swept, one after the other:

  onesixtyone  Debian's onesixtyone (-w 0, community public): one GET sysDescr per address,
               no identification. The reference rate.
  direct       the Agent's sweep code (DiscoverySweep) in bench/discovery_sweep_direct.cpp,
               once per --settings entry (per-attempt timeout ms : retries).
  e2e          end to end: a Manager with a paired Agent whose scope is the /16 and a v2c
               credential; POST /api/v1/discoveries (the product path: command over the Agent
               channel, the Agent's SNMP driver and sweep, identification, every printer
               registered), timed from the request until GET /api/v1/discoveries/{id} says it
               ended. Once per --settings entry (the Manager's snmp_timeout_ms/snmp_retries).

Each mode's wall time, addresses/s, devices found and identified (vendor and model known) are
printed and written as JSON (--out). Speed is never asserted; the run fails only if our sweep
(direct or e2e) found a different number of devices than the simulator says answer.

  bench/discovery_sweep.py --sim BIN --manager BIN --agent BIN --direct BIN [--out FILE]
  bench/discovery_sweep.py ... --smoke    # 512 addresses, for ctest (label bench)
"""
import argparse
import datetime
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "harness"))
import paired  # noqa: E402
import printwarden  # noqa: E402

RECORDINGS = os.path.join(HERE, "..", "..", "shared", "fixtures", "printers", "snmprec")

FULL = {"network": "127.20.0.0", "prefix": 16, "answering": 5000}
SMOKE = {"network": "127.21.0.0", "prefix": 23, "answering": 300}


def start_simulator(sim_bin, workdir, shape, seed):
    """printwarden-sim serving shape["count"] addresses (default: the whole prefix) from
    shape["network"], shape["answering"] of them answering. Returns (process, port, devices that
    answer, addresses served)."""
    count = shape["count"] if "count" in shape else 1 << (32 - shape["prefix"])
    silent = 1 - shape["answering"] / count
    log = os.path.join(workdir, f"sim-{shape['network']}.log")
    sim = printwarden.Process([sim_bin, "--recordings", RECORDINGS, "--first-address",
                               shape["network"], "--count", str(count), "--port", "0",
                               "--silent-share", f"{silent:.6f}", "--seed", str(seed)], log)
    ready = printwarden.wait_until(
        lambda: re.search(r"(\d+) of \d+ devices answer.*\n.*port (\d+)\n", sim.output(), re.S)
        or (not sim.running() and "exited"), what="simulator ready")
    if ready == "exited":
        raise SystemExit("printwarden-sim exited:\n" + sim.output())
    return sim, int(ready.group(2)), int(ready.group(1)), count


def run_onesixtyone(shape, port):
    target = f"{shape['network']}/{shape['prefix']}"
    start = time.perf_counter()
    out = subprocess.run(["onesixtyone", "-p", str(port), "-w", "0", target, "public"],
                         capture_output=True, text=True, timeout=600)
    seconds = time.perf_counter() - start
    found = sum(1 for line in out.stdout.splitlines() if " [public] " in line)
    return {"seconds": seconds, "devices": found, "identified": None,
            "settings": f"onesixtyone -p PORT -w 0 {target} public"}


def run_direct(direct_bin, shape, port, count, setting):
    timeout_ms, retries = setting.split(":")
    out = subprocess.run([direct_bin, "--first-address", shape["network"], "--count", str(count),
                          "--port", str(port), "--timeout-ms", timeout_ms, "--retries", retries],
                         capture_output=True, text=True, timeout=600)
    if out.returncode != 0:
        raise SystemExit(f"{direct_bin} failed:\n{out.stderr}")
    data = json.loads(out.stdout)
    return {"seconds": data["seconds"], "devices": data["devices"],
            "identified": data["identified"], "printers": data["printers"],
            "settings": f"timeout {timeout_ms} ms, {retries} retries, window {data['window']}",
            "engine": data["engine"]}


def discover_end_to_end(admin, agent_id, shape, port):
    """The product path on a running Manager with a paired Agent: scopes the Agent to the
    shape's network with a v2c credential, POSTs a discovery and times it until the run ends.
    Returns the run's figures and the credential's id (the devices found answered with it)."""
    cidr = f"{shape['network']}/{shape['prefix']}"
    resp = admin.request("PUT", f"/api/v1/agents/{agent_id}/scope",
                         {"ipv4": [cidr], "fqdnSuffixes": [],
                          "discovery": {"method": "scope", "addresses": [], "hostNames": []}})
    if resp.status != 200:
        raise SystemExit(f"scope refused: {resp.status} {resp.body!r}")
    resp = admin.request("POST", "/api/v1/credentials",
                         {"kind": "snmpv1", "description": "bench", "agentIds": [agent_id],
                          "fields": {"version": "v2c", "community": "public"}})
    if resp.status != 201:
        raise SystemExit(f"credential refused: {resp.status} {resp.body!r}")
    credential_id = resp.json()["id"]
    start = time.perf_counter()
    resp = admin.request("POST", "/api/v1/discoveries", {"agentIds": [agent_id], "port": port})
    if resp.status != 202:
        raise SystemExit(f"discovery refused: {resp.status} {resp.body!r}")
    run_id = resp.json()["id"]
    run = printwarden.wait_until(
        lambda: (lambda r: r if r["state"] != "running" else None)(
            admin.request("GET", f"/api/v1/discoveries/{run_id}").json()),
        timeout=600, interval=0.05, what="discovery run finished")
    seconds = time.perf_counter() - start
    if run["state"] != "succeeded":
        raise SystemExit(f"discovery run {run['state']}: {run}")
    summary = run["summary"]
    identified, devices, page = 0, [], 1
    while True:
        listing = admin.request("GET", f"/api/v1/devices?pageSize=200&page={page}"
                                       "&filter[state]=managed&filter[state]=unmanaged").json()
        devices += listing["items"]
        identified += sum(1 for d in listing["items"] if d["vendor"] and d["model"])
        if page * 200 >= listing["total"]:
            break
        page += 1
    return {"seconds": seconds, "devices": summary["found"], "identified": identified,
            "recorded": listing["total"], "failures": len(summary["failures"]),
            "credentialId": credential_id, "found": devices}


def run_e2e(workdir, shape, port, setting):
    timeout_ms, retries = (int(v) for v in setting.split(":"))
    config = {"snmp_timeout_ms": timeout_ms, "snmp_retries": retries}
    with paired.manager_with_agent(os.path.join(workdir, f"e2e-{timeout_ms}-{retries}"),
                                   config) as (admin, agent_id):
        run = discover_end_to_end(admin, agent_id, shape, port)
        del run["credentialId"], run["found"]
        run["settings"] = f"Manager snmp_timeout_ms {timeout_ms}, snmp_retries {retries}"
        return run


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sim", required=True)
    parser.add_argument("--manager", required=True)
    parser.add_argument("--agent", required=True)
    parser.add_argument("--direct", required=True, help="pw_bench_discovery_sweep")
    parser.add_argument("--settings", nargs="*", default=None,
                        help="timeout_ms:retries, one direct and one e2e run each "
                             "(default 1000:1 250:0; smoke 250:0)")
    parser.add_argument("--modes", default="onesixtyone,direct,e2e")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--smoke", action="store_true", help="512 addresses, for ctest")
    parser.add_argument("--out", help="JSON results file")
    args = parser.parse_args()
    printwarden.MANAGER_BIN = args.manager
    printwarden.AGENT_BIN = args.agent
    shape = SMOKE if args.smoke else FULL
    settings = args.settings or (["250:0"] if args.smoke else ["1000:1", "250:0"])
    modes = args.modes.split(",")

    workdir = tempfile.mkdtemp(prefix="pw-bench-sweep-")
    sim, port, answering, count = start_simulator(args.sim, workdir, shape, args.seed)
    results = {"date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
               "machine": f"{platform.node()} ({os.cpu_count()} CPUs)",
               "addresses": count, "answering": answering, "smoke": args.smoke,
               # Other work on the machine skews every figure: recorded beside them.
               "loadAverageAtStart": os.getloadavg()[0], "runs": []}
    try:
        for mode in modes:
            if mode == "onesixtyone":
                runs = [run_onesixtyone(shape, port)]
            elif mode == "direct":
                runs = [run_direct(args.direct, shape, port, count, s) for s in settings]
            elif mode == "e2e":
                runs = [run_e2e(workdir, shape, port, s) for s in settings]
            else:
                raise SystemExit(f"unknown mode {mode}")
            for run in runs:
                run["mode"] = mode
                run["addressesPerSecond"] = count / run["seconds"]
                results["runs"].append(run)
                print(f"{mode:12} {run['seconds']:7.2f} s  {run['addressesPerSecond']:9.0f} "
                      f"addresses/s  found {run['devices']}/{answering}  identified "
                      f"{run['identified']}  ({run['settings']})", flush=True)
    finally:
        sim.stop()
        shutil.rmtree(workdir, ignore_errors=True)
    results["loadAverageAtEnd"] = os.getloadavg()[0]
    reference = next((r for r in results["runs"] if r["mode"] == "onesixtyone"), None)
    if reference:
        for run in results["runs"]:
            run["timeRelativeToOnesixtyone"] = run["seconds"] / reference["seconds"]
    if args.out:
        with open(args.out, "w") as f:
            json.dump(results, f, indent=2)
            f.write("\n")
    # onesixtyone is the reference, not under test: with -w 0 it sometimes stops listening
    # before the last answers arrive, so its count is reported, not checked.
    wrong = [r["mode"] for r in results["runs"]
             if r["mode"] != "onesixtyone" and r["devices"] != answering]
    if wrong:
        raise SystemExit(f"found a different number of devices than answer ({answering}): {wrong}")


if __name__ == "__main__":
    main()
