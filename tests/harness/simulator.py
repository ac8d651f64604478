"""printwarden-sim for the end-to-end tests: a simulated fleet on loopback, started on a
kernel-chosen port and stopped by PID."""
import os
import select
import signal
import subprocess
import time

from printwarden import wait_until

SIM_BIN = os.environ.get("PW_SIM_BIN", "")
REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
RECORDINGS = os.path.join(REPO, "..", "shared", "fixtures", "printers", "snmprec")


class Simulator:
    """printwarden-sim on a kernel-chosen port; stopped by PID."""

    def __init__(self, workdir, count, extra=()):
        self.stderr_path = os.path.join(workdir, "sim-stderr.log")
        self.stderr = open(self.stderr_path, "wb")
        self.proc = subprocess.Popen(
            [SIM_BIN, "--recordings", RECORDINGS, "--first-address", "127.16.0.1",
             "--count", str(count), "--port", "0", "--seed", "3", *extra],
            stdout=subprocess.PIPE, stderr=self.stderr)
        self.port = self._read_port()

    def _read_port(self):
        deadline = time.monotonic() + 30
        line = b""
        while not line.endswith(b"\n"):
            remaining = deadline - time.monotonic()
            if remaining <= 0 or self.proc.poll() is not None:
                raise AssertionError(f"printwarden-sim did not get ready (got {line!r})")
            ready, _, _ = select.select([self.proc.stdout], [], [], remaining)
            if ready:
                chunk = os.read(self.proc.stdout.fileno(), 1)
                if not chunk:
                    continue
                line += chunk
        text = line.decode()
        assert text.startswith("printwarden-sim: ") and " port " in text, text
        return int(text.rsplit(" port ", 1)[1])

    def reload_states(self, path, states_json):
        """Writes the states file and sends SIGHUP; returns once the simulator says it is live."""
        with open(self.stderr_path, "rb") as f:
            before = f.read().count(b"states loaded from")
        with open(path, "w", encoding="utf-8") as f:
            f.write(states_json)
        os.kill(self.proc.pid, signal.SIGHUP)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with open(self.stderr_path, "rb") as f:
                if f.read().count(b"states loaded from") > before:
                    return
            time.sleep(0.05)
        raise AssertionError("printwarden-sim did not reload its states")

    def freeze(self):
        """Stops answering (SIGSTOP): requests wait in the socket until thaw()."""
        os.kill(self.proc.pid, signal.SIGSTOP)

    def thaw(self):
        os.kill(self.proc.pid, signal.SIGCONT)

    def stop(self):
        if self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGCONT)  # a frozen simulator cannot act on SIGTERM
            os.kill(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                os.kill(self.proc.pid, signal.SIGKILL)
                self.proc.wait(10)
        self.proc.stdout.close()
        self.stderr.close()


def discover_fleet(test, manager, admin, sim, count, agent_config=None):
    """Activates an Agent whose scope is the simulator's first `count` addresses, gives it the
    fleet's community and runs a discovery; returns (agent, agent_id, {ip: device})."""
    created = admin.create_agent("site-a")
    agent_id = created["agent"]["id"]
    agent = test.agent().start(manager.url, created["activationKey"], config=agent_config)
    wait_until(lambda: admin.agent(agent_id)["status"] == "active", what="agent active")
    last = f"127.16.{(count) // 256}.{count % 256}"
    resp = admin.request("PUT", f"/api/v1/agents/{agent_id}/scope",
                         {"ipv4": [f"127.16.0.1-{last}"], "fqdnSuffixes": [],
                          "discovery": {"method": "scope", "addresses": [], "hostNames": []}})
    test.assertEqual(resp.status, 200, resp.body)
    resp = admin.request("POST", "/api/v1/credentials",
                         {"kind": "snmpv1", "description": "fleet", "agentIds": [agent_id],
                          "fields": {"version": "v2c", "community": "public"}})
    test.assertEqual(resp.status, 201, resp.body)
    resp = admin.request("POST", "/api/v1/discoveries", {"agentIds": [agent_id], "port": sim.port})
    test.assertEqual(resp.status, 202, resp.body)
    run_id = resp.json()["id"]
    wait_until(lambda: admin.request("GET", f"/api/v1/discoveries/{run_id}").json()["state"]
               != "running", timeout=120, interval=0.2, what="discovery finished")
    resp = admin.request("GET", "/api/v1/devices?pageSize=200")
    test.assertEqual(resp.status, 200, resp.body)
    return agent, agent_id, {d["ipAddress"]: d for d in resp.json()["items"]}
