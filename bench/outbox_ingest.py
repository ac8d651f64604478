#!/usr/bin/env python3
"""Benchmark: Manager ingest of Agent outbox records into SQLite (goal: >= 10,000 updates/s).

Two modes, one after the other against one Manager with one paired Agent:

- route: this script posts batches of agent-status records straight to
  POST /agent/v1/outbox over mutual TLS with the Agent's own certificate (one connection,
  one batch at a time, as the Agent's sender does); timed until the last answer.
- agent: the Agent's outbox files are filled with a backlog (written here in the outbox's
  format while the Agent is stopped), then the Agent is started and timed until the
  Manager's position reaches the last record: the whole path (Agent read + fdatasync + JSON +
  TLS + Manager parse + one SQLite transaction per batch).

Each record carries --padding bytes of extra payload (ignored by the agent-status sink) to
approach the size of a device reading. Prints records/s per mode; fails only when a record is
missing or duplicated, never on time.

  bench/outbox_ingest.py --manager BIN --agent BIN [--records 100000] [--batch 1000]
"""
import argparse
import http.client
import json
import os
import shutil
import sqlite3
import ssl
import struct
import sys
import tempfile
import time
import zlib

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests",
                                "harness"))
import printwarden  # noqa: E402


def status_payload(sequence, padding):
    return {"sampledAt": 1_795_000_000 + sequence // 1000, "cpuPercent": 1.5,
            "rssBytes": 18_874_368, "queueRecords": 0, "queueBytes": 0, "droppedRecords": 0,
            "padding": "x" * padding}


def read_only(manager):
    return sqlite3.connect(f"file:{os.path.join(manager.data_dir, 'manager.db')}?mode=ro",
                           uri=True, timeout=30)


def position(manager, agent_id):
    """(stream, sequence) of the last outbox record the Manager stored for the Agent."""
    db = read_only(manager)
    try:
        row = db.execute("SELECT stream, sequence FROM agent_outbox_positions WHERE agent_id = ?",
                         (agent_id,)).fetchone()
        return row if row else ("", 0)
    finally:
        db.close()


def stored(manager, agent_id):
    db = read_only(manager)
    try:
        count, distinct = db.execute(
            "SELECT COUNT(*), COUNT(DISTINCT sequence) FROM agent_self_status WHERE agent_id = ?",
            (agent_id,)).fetchone()
    finally:
        db.close()
    return count, distinct, position(manager, agent_id)


def route_mode(manager, agent, agent_id, records, batch, padding):
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.load_verify_locations(os.path.join(agent.data_dir, "manager-ca.crt"))
    context.load_cert_chain(os.path.join(agent.data_dir, "agent.crt"),
                            os.path.join(agent.data_dir, "agent.key"))
    context.check_hostname = False  # the certificate names printwarden-manager, we dial 127.0.0.1
    connection = http.client.HTTPSConnection("127.0.0.1", manager.agent_port, context=context,
                                             timeout=120)
    stream = "be" * 16
    bodies = []
    for first in range(1, records + 1, batch):
        last = min(records, first + batch - 1)
        bodies.append(json.dumps({"stream": stream, "dropped": 0, "records": [
            {"sequence": s, "kind": "agent-status", "payload": status_payload(s, padding)}
            for s in range(first, last + 1)]}).encode())
    start = time.perf_counter()
    for body in bodies:
        connection.request("POST", "/agent/v1/outbox", body, {"Content-Type": "application/json"})
        response = connection.getresponse()
        answer = response.read()
        if response.status != 200:
            raise SystemExit(f"outbox post failed: {response.status} {answer[:200]!r}")
    elapsed = time.perf_counter() - start
    connection.close()
    return elapsed, sum(len(b) for b in bodies)


def write_backlog(agent, first, payloads, kind="agent-status"):
    """Fills the stopped Agent's outbox (outbox.hpp's format) with one `kind` record per JSON
    payload (bytes), numbered from `first`; returns the last sequence."""
    directory = os.path.join(agent.data_dir, "outbox")
    for name in os.listdir(directory):
        if name.startswith("seg-"):
            os.remove(os.path.join(directory, name))
    segment_limit = 8 << 20
    out = None
    size = 0
    kind = kind.encode()
    sequence = first - 1
    for sequence, payload in enumerate(payloads, start=first):
        if out is None or size >= segment_limit:
            if out:
                out.close()
            out = open(os.path.join(directory, f"seg-{sequence:020d}.log"), "wb")
            size = 0
        body = struct.pack("<QH", sequence, len(kind)) + kind + payload
        frame = struct.pack("<II", len(body), zlib.crc32(body)) + body
        out.write(frame)
        size += len(frame)
    if out:
        out.close()
    return sequence


def deliver_backlog(manager, agent, agent_id, payloads, kind="agent-status", config=None):
    """The whole path: stops the Agent, puts the payloads in its outbox as a backlog (written
    back to disk, as after an outage), starts it and times it until the Manager's position
    reaches the last record. Returns (the started Agent, seconds from its start, records per
    second after its first batch was stored)."""
    agent.stop()
    with open(os.path.join(agent.data_dir, "outbox", "outbox.meta")) as f:
        meta = json.load(f)
    first_sequence = meta["acknowledged"] + 1
    last = write_backlog(agent, first_sequence, payloads, kind)
    # A backlog from an outage has long been written back by the kernel; without this
    # the Agent's first fdatasync of each segment would pay for writing it here.
    os.sync()
    agent = printwarden.Agent(agent.workdir, os.path.basename(agent.data_dir))
    start = time.perf_counter()
    agent.start(config=config)
    first = printwarden.wait_until(
        lambda: (lambda p: p[0] == meta["stream"] and p[1] >= first_sequence and
                 (time.perf_counter(), p[1]))(position(manager, agent_id)),
        timeout=600, interval=0.01, what="first batch stored")
    printwarden.wait_until(lambda: position(manager, agent_id) == (meta["stream"], last),
                           timeout=600, interval=0.02, what="backlog delivered")
    end = time.perf_counter()
    return agent, end - start, (last - first[1]) / (end - first[0])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--manager", required=True)
    parser.add_argument("--agent", required=True)
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--batch", type=int, default=1000)
    parser.add_argument("--padding", type=int, default=300)
    parser.add_argument("--smoke", action="store_true", help="a few thousand records (ctest)")
    args = parser.parse_args()
    if args.smoke:
        args.records = 3000
    printwarden.MANAGER_BIN = args.manager
    printwarden.AGENT_BIN = args.agent

    workdir = tempfile.mkdtemp(prefix="pw-bench-outbox-")
    manager = printwarden.Manager(workdir, {"agent_heartbeat_seconds": 30}).start()
    agent = printwarden.Agent(workdir)
    failed = False
    try:
        admin = manager.admin()
        created = admin.create_agent("bench")
        agent_id = created["agent"]["id"]
        quiet = {"status_interval_ms": 3_600_000, "outbox_batch_records": args.batch}
        agent.start(manager.url, created["activationKey"], config=quiet)
        printwarden.wait_until(lambda: admin.agent(agent_id)["status"] == "active",
                               what="agent active")
        agent.stop()

        elapsed, body_bytes = route_mode(manager, agent, agent_id, args.records, args.batch,
                                         args.padding)
        count, distinct, _ = stored(manager, agent_id)
        print(f"route: {args.records} records in {elapsed:.2f} s = "
              f"{args.records / elapsed:,.0f} records/s "
              f"({body_bytes / args.records:.0f} bytes/record on the wire, batches of {args.batch})")
        failed |= count != args.records or distinct != args.records

        # The Agent's own stream: a new outbox id, so the Manager starts it from 0.
        payloads = (json.dumps(status_payload(s, args.padding)).encode()
                    for s in range(args.records))
        agent, seconds, after_first = deliver_backlog(manager, agent, agent_id, payloads,
                                                      config=quiet)
        count, distinct, _ = stored(manager, agent_id)
        print(f"agent: {args.records} queued records delivered in {seconds:.2f} s = "
              f"{args.records / seconds:,.0f} records/s with the Agent's start; "
              f"{after_first:,.0f} records/s after its first batch")
        failed |= count != 2 * args.records
    finally:
        agent.stop()
        manager.stop()
        shutil.rmtree(workdir, ignore_errors=True)
    if failed:
        raise SystemExit("records missing or duplicated")


if __name__ == "__main__":
    main()
