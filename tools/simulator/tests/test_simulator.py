"""printwarden-sim against independent peers: Debian's snmpget/snmpwalk/snmpbulkwalk as the
clients and snmpsim's snmpsimd, serving the same recordings, as the reference agent.

The recordings in shared/fixtures/printers/snmprec are read in place. Every process is
started here and stopped by PID; ports are picked by the kernel (--port 0) or probed free.
"""
import glob
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "..", "tests", "harness"))
from printwarden import Process, wait_until  # noqa: E402

SIM_BIN = os.environ.get("PW_SIM_BIN", "")
FIXTURES = os.path.join(os.environ.get("PW_FIXTURES_DIR", ""), "snmprec")
VENDORS = os.path.join(HERE, "..", "..", "..", "agent", "identify", "vendors")
SNMP_ARGS = ["-On", "-m", "", "-M", "/nonexistent"]

SYS_DESCR = ".1.3.6.1.2.1.1.1.0"
SYS_UPTIME = ".1.3.6.1.2.1.1.3.0"
SYS_NAME = ".1.3.6.1.2.1.1.5.0"
IF_PHYS_ADDRESS = ".1.3.6.1.2.1.2.2.1.6."
PRT_SERIAL = ".1.3.6.1.2.1.43.5.1.1.17."
SUPPLY_LEVEL = ".1.3.6.1.2.1.43.11.1.1.9."
LIFE_COUNT = ".1.3.6.1.2.1.43.10.2.1.4.1.1"
HR_DEVICE_STATUS = ".1.3.6.1.2.1.25.3.2.1.5.1"
HR_ERROR_STATE = ".1.3.6.1.2.1.25.3.5.1.2.1"
PRT_ALERT = ".1.3.6.1.2.1.43.18.1.1"
LINE = re.compile(r"^(\.[0-9.]+) = (.*)$")


def recordings():
    return sorted(glob.glob(os.path.join(FIXTURES, "*.snmprec")), key=os.path.basename)


def vendor_serial_oids():
    """Serial OIDs the simulator varies besides prtGeneralSerialNumber: the vendor tables'."""
    oids = set()
    for path in glob.glob(os.path.join(VENDORS, "*.json")):
        with open(path) as f:
            for source in json.load(f).get("serial", []):
                oid = source.get("oid", "")
                if re.fullmatch(r"[0-9]+(\.[0-9]+)+", oid) and oid != "1.3.6.1.2.1.1.1.0":
                    oids.add("." + oid)
    return oids


def recorded_value(path, oid):
    """The bytes of an OCTET STRING in a .snmprec file (types 4 and 4x), or None."""
    with open(path, "rb") as f:
        for line in f.read().split(b"\n"):
            parts = line.rstrip(b"\r").split(b"|", 2)
            if len(parts) == 3 and parts[0].lstrip(b".") == oid.lstrip(".").encode():
                if parts[1] == b"4x":
                    return bytes.fromhex(parts[2].decode())
                return parts[2]
    return None


def parse(output):
    """snmpwalk/snmpget -On output -> [(oid, rendered value)]; continuation lines are joined,
    the endOfMibView line that ends a v2c walk is left out."""
    rows = []
    for line in output.splitlines():
        m = LINE.match(line)
        if m and m.group(2).startswith("No more variables left"):
            continue  # the walk's end (endOfMibView), not an object
        if m:
            rows.append([m.group(1), m.group(2)])
        elif rows:
            rows[-1][1] += "\n" + line
    return [tuple(r) for r in rows]


def free_udp_port():
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class SimulatorTestCase(unittest.TestCase):
    def setUp(self):
        self.assertTrue(SIM_BIN and os.path.exists(SIM_BIN), "PW_SIM_BIN not set")
        self.assertTrue(recordings(), f"no recordings in {FIXTURES}")
        self.workdir = tempfile.mkdtemp(prefix="pw-sim-")
        self.processes = []

    def tearDown(self):
        for p in self.processes:
            p.stop()
        shutil.rmtree(self.workdir, ignore_errors=True)

    def start_sim(self, *args, name="sim"):
        p = Process([SIM_BIN, "--recordings", FIXTURES, "--port", "0", *args],
                    os.path.join(self.workdir, name + ".log"))
        self.processes.append(p)
        ready = wait_until(lambda: re.search(r"printwarden-sim: (\d+) devices on (\S+) port (\d+)\n",
                                             p.output()) or (not p.running() and "exited"),
                           what="simulator ready line")
        self.assertNotEqual(ready, "exited", p.output())
        p.port = int(ready.group(3))
        return p

    def snmp(self, tool, address, port, *oids, community="public", version="2c", timeout=2,
             extra=()):
        return subprocess.run([tool, f"-v{version}", "-c", community, *SNMP_ARGS, "-t", str(timeout),
                               "-r", "0", *extra, f"{address}:{port}", *oids],
                              capture_output=True, text=True, timeout=120)

    def get(self, address, port, *oids, **kw):
        r = self.snmp("snmpget", address, port, *oids, **kw)
        self.assertEqual(r.returncode, 0, r.stderr)
        return dict(parse(r.stdout))


class SimulatorTest(SimulatorTestCase):
    def test_each_address_answers_as_its_recording(self):
        files = recordings()
        sim = self.start_sim("--count", str(2 * len(files)))
        for k in range(2 * len(files)):
            path = files[k % len(files)]
            r = self.snmp("snmpget", f"127.16.0.{k + 1}", sim.port, SYS_DESCR,
                          extra=["-Oqv", "-Ox"])
            self.assertEqual(r.returncode, 0, r.stderr)
            expected = recorded_value(path, SYS_DESCR)
            self.assertIsNotNone(expected, path)
            got = bytes.fromhex("".join(r.stdout.replace('"', "").split()))
            self.assertEqual(got, expected, f"device {k} ({os.path.basename(path)})")

    def test_identity_varies_per_device_of_the_same_recording(self):
        files = recordings()
        sim = self.start_sim("--count", str(3 * len(files)), "--seed", "11")
        serial_oids = vendor_serial_oids()
        varied = 0
        for i, path in enumerate(files):
            addresses = [f"127.16.0.{i + n * len(files) + 1}" for n in range(3)]
            walks = [dict(parse(self.snmp("snmpbulkwalk", a, sim.port, ".1").stdout))
                     for a in addresses]
            self.assertEqual(walks[0].keys(), walks[1].keys())
            for oid in walks[0]:
                is_serial = oid.startswith(PRT_SERIAL) or oid in serial_oids
                is_mac = oid.startswith(IF_PHYS_ADDRESS) and walks[0][oid].startswith("Hex-STRING")
                if (is_serial and walks[0][oid] != 'STRING: ""') or is_mac or oid == SYS_NAME:
                    values = {w[oid] for w in walks}
                    self.assertEqual(len(values), 3, f"{oid} in {os.path.basename(path)}: {values}")
                    varied += 1
        self.assertGreater(varied, 10)

    def test_walks_match_snmpsimd_on_the_same_recordings(self):
        data = os.path.join(self.workdir, "data")
        cache = os.path.join(self.workdir, "cache")
        os.makedirs(data)
        os.makedirs(cache)
        # snmpsimd drops to nobody: it must reach the symlinks and write its index cache.
        os.chmod(self.workdir, 0o755)
        os.chmod(data, 0o755)
        os.chmod(cache, 0o777)
        files = recordings()
        for path in files:  # v2c-arch: the community is the recording's name
            os.symlink(path, os.path.join(data, os.path.basename(path)))
        port = free_udp_port()
        ref = Process(["snmpsimd", "--v2c-arch", f"--data-dir={data}",
                       f"--agent-udpv4-endpoint=127.0.0.1:{port}", "--process-user=nobody",
                       "--process-group=nogroup", f"--cache-dir={cache}",
                       f"--logging-method=file:{os.path.join(self.workdir, 'snmpsimd.log')}"],
                      os.path.join(self.workdir, "snmpsimd.out"))
        self.processes.append(ref)
        first = os.path.basename(files[0])[:-len(".snmprec")]
        wait_until(lambda: self.snmp("snmpget", "127.0.0.1", port, SYS_DESCR, community=first,
                                     timeout=0.5).returncode == 0 or not ref.running(),
                   timeout=60, what="snmpsimd answering")
        self.assertTrue(ref.running(), ref.output())
        sim = self.start_sim()
        serial_oids = vendor_serial_oids()

        def varied(oid, value):
            return (oid in (SYS_UPTIME, SYS_NAME) or oid.startswith(PRT_SERIAL)
                    or oid.startswith(IF_PHYS_ADDRESS) or oid in serial_oids
                    or value.startswith("Counter32:")
                    or (oid.startswith(SUPPLY_LEVEL) and not value.startswith("INTEGER: -")))

        for k, path in enumerate(files):
            name = os.path.basename(path)[:-len(".snmprec")]
            expected = self.snmp("snmpwalk", "127.0.0.1", port, ".1", community=name, timeout=5)
            self.assertEqual(expected.returncode, 0, expected.stderr)
            expected = parse(expected.stdout)
            for tool in ("snmpwalk", "snmpbulkwalk"):
                got = self.snmp(tool, f"127.16.0.{k + 1}", sim.port, ".1")
                self.assertEqual(got.returncode, 0, got.stderr)
                got = parse(got.stdout)
                self.assertEqual([o for o, _ in got], [o for o, _ in expected], f"{tool} {name}")
                for (oid, value), (_, reference) in zip(got, expected):
                    if varied(oid, reference):
                        self.assertEqual(value.split(":")[0], reference.split(":")[0], oid)
                    else:
                        self.assertEqual(value, reference, f"{tool} {name} {oid}")

    def test_silent_share_is_deterministic(self):
        sim = self.start_sim("--count", "60", "--silent-share", "0.5", "--seed", "5")

        def answering():
            procs = {k: subprocess.Popen(["snmpget", "-v2c", "-c", "public", *SNMP_ARGS, "-t", "1",
                                          "-r", "1", f"127.16.0.{k + 1}:{sim.port}", SYS_DESCR],
                                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                     for k in range(60)}
            return {k for k, p in procs.items() if p.wait(60) == 0}

        first = answering()
        self.assertGreater(len(first), 15)
        self.assertLess(len(first), 45)
        self.assertEqual(answering(), first)
        sim.stop()
        again = self.start_sim("--count", "60", "--silent-share", "0.5", "--seed", "5",
                               name="sim-again")
        sim.port = again.port
        self.assertEqual(answering(), first)

    def test_wrong_community_gets_no_answer(self):
        sim = self.start_sim()
        r = self.snmp("snmpget", "127.16.0.1", sim.port, SYS_DESCR, community="private", timeout=1)
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("Timeout", r.stderr)
        r = self.snmp("snmpget", "127.16.0.1", sim.port, SYS_DESCR, community="private",
                      version="1", timeout=1)
        self.assertIn("Timeout", r.stderr)
        self.get("127.16.0.1", sim.port, SYS_DESCR)  # and the right one does

    def test_addresses_outside_the_fleet_get_no_answer(self):
        sim = self.start_sim("--count", "2")
        self.get("127.16.0.2", sim.port, SYS_DESCR)
        r = self.snmp("snmpget", "127.16.0.3", sim.port, SYS_DESCR, timeout=1)
        self.assertIn("Timeout", r.stderr)

    def test_v1_and_v2c_errors(self):
        sim = self.start_sim()
        values = self.get("127.16.0.1", sim.port, SYS_DESCR, ".1.3.6.1.2.1.1.1.7",
                          ".1.3.6.1.2.1.1.77.0")
        self.assertTrue(values[".1.3.6.1.2.1.1.1.7"].startswith("No Such Instance"))
        self.assertTrue(values[".1.3.6.1.2.1.1.77.0"].startswith("No Such Object"))
        r = self.snmp("snmpget", "127.16.0.1", sim.port, SYS_DESCR, ".1.3.6.1.2.1.1.77.0",
                      version="1")
        self.assertIn("noSuchName", r.stdout + r.stderr)
        self.assertIn(".1.3.6.1.2.1.1.77.0", r.stdout + r.stderr)
        end = self.snmp("snmpgetnext", "127.16.0.1", sim.port, ".1.3.6.2")
        self.assertIn("No more variables left in this MIB View", end.stdout)
        end_v1 = self.snmp("snmpgetnext", "127.16.0.1", sim.port, ".1.3.6.2", version="1")
        self.assertIn("noSuchName", end_v1.stdout + end_v1.stderr)
        r = self.snmp("snmpset", "127.16.0.1", sim.port, SYS_NAME, "s", "x")
        self.assertIn("notWritable", r.stdout + r.stderr)

    def test_supplies_deplete_to_zero_and_special_values_stay(self):
        files = [os.path.basename(f) for f in recordings()]
        k = files.index("konica_c250i.snmprec")
        address = f"127.16.0.{k + 1}"
        toner, special = SUPPLY_LEVEL + "1.1", SUPPLY_LEVEL + "1.13"  # 76 of 100; -3
        # About 1,000 pages a second against supplies lasting about 1,000 pages.
        sim = self.start_sim("--pages-per-minute", "60000", "--supply-life-pages", "1000")
        counter = self.get(address, sim.port, LIFE_COUNT)[LIFE_COUNT]
        levels = []

        def read():
            values = self.get(address, sim.port, toner, special)
            self.assertEqual(values[special], "INTEGER: -3")
            levels.append(int(values[toner].split(": ")[1]))
            return levels[-1] == 0

        wait_until(read, what="the toner to run out")
        self.assertLessEqual(levels[0], 76)
        self.assertEqual(levels, sorted(levels, reverse=True))  # never goes back up
        self.assertEqual(read(), True)  # and stays at 0
        later = self.get(address, sim.port, LIFE_COUNT)[LIFE_COUNT]
        self.assertGreater(int(later.split(": ")[1]), int(counter.split(": ")[1]))

    def test_injected_states_change_on_sighup(self):
        files = [os.path.basename(f) for f in recordings()]
        k = files.index("sharp.snmprec")  # recorded: warning(3), lowToner (20 00)
        jammed, other = f"127.16.0.{k + 1}", f"127.16.0.{k + 13}"
        states = os.path.join(self.workdir, "states.json")
        with open(states, "w") as f:
            json.dump({jammed: "paper-jam"}, f)
        sim = self.start_sim("--count", "24", "--states", states)
        self.assertIn("states loaded from", sim.output())

        values = self.get(jammed, sim.port, HR_DEVICE_STATUS, HR_ERROR_STATE)
        self.assertEqual(values[HR_DEVICE_STATUS], "INTEGER: 5")
        self.assertEqual(values[HR_ERROR_STATE].split(), ["Hex-STRING:", "04", "00"])
        alert = dict(parse(self.snmp("snmpwalk", jammed, sim.port, PRT_ALERT).stdout))
        self.assertEqual(len(alert), 9, alert)
        self.assertEqual(alert[PRT_ALERT + ".7.1.1"], "INTEGER: 8")  # jam
        self.assertEqual(alert[PRT_ALERT + ".8.1.1"], 'STRING: "Paper jam"')
        values = self.get(other, sim.port, HR_DEVICE_STATUS, HR_ERROR_STATE)  # same recording
        self.assertEqual(values[HR_DEVICE_STATUS], "INTEGER: 3")
        self.assertEqual(values[HR_ERROR_STATE].split(), ["Hex-STRING:", "20", "00"])

        # While running: the jam clears, the other device is switched off.
        with open(states, "w") as f:
            json.dump({str(k): "recovered", other: "powered-off"}, f)
        os.kill(sim.pid, signal.SIGHUP)
        wait_until(lambda: sim.output().count("states loaded from") == 2, what="reload")
        values = self.get(jammed, sim.port, HR_DEVICE_STATUS, HR_ERROR_STATE)
        self.assertEqual(values[HR_DEVICE_STATUS], "INTEGER: 3")
        self.assertEqual(values[HR_ERROR_STATE].split(), ["Hex-STRING:", "20", "00"])
        walk = parse(self.snmp("snmpwalk", jammed, sim.port, PRT_ALERT).stdout)
        self.assertEqual([o for o, _ in walk if o.startswith(PRT_ALERT + ".")], [], walk)
        r = self.snmp("snmpget", other, sim.port, SYS_DESCR, timeout=1)
        self.assertIn("Timeout", r.stderr)

        # A bad file is refused and the states stay as they were.
        with open(states, "w") as f:
            f.write('{"1": "on-fire"}')
        os.kill(sim.pid, signal.SIGHUP)
        wait_until(lambda: "states unchanged" in sim.output(), what="refusal")
        self.assertIn('"1": the state must be one of', sim.output())
        r = self.snmp("snmpget", other, sim.port, SYS_DESCR, timeout=1)
        self.assertIn("Timeout", r.stderr)
        self.assertTrue(sim.running())

    def test_stops_cleanly_on_sigint_and_sigterm(self):
        for sig in (signal.SIGINT, signal.SIGTERM):
            sim = self.start_sim(name=f"sim-{int(sig)}")
            self.get("127.16.0.1", sim.port, SYS_DESCR)
            self.assertEqual(sim.stop(sig), 0)
            self.assertIn("stopping;", sim.output())


if __name__ == "__main__":
    unittest.main()
