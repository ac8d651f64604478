"""printwarden-sim's SNMPv3 against Debian's snmpget/snmpwalk/snmpbulkwalk: every auth/priv
family, answers equal to v2c, and the Reports snmpget turns into its error messages.

Every process is started here and stopped by PID; ports are picked by the kernel (--port 0).
"""
import os
import subprocess
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from test_simulator import SNMP_ARGS, SYS_NAME, SimulatorTestCase, parse  # noqa: E402

SYSTEM = ".1.3.6.1.2.1.1"
SUPPLIES = ".1.3.6.1.2.1.43.11"
AUTH_KEY = "auth-pass-1"
PRIV_KEY = "priv-pass-1"


class SimulatorV3Test(SimulatorTestCase):
    def start_v3(self, *args, auth="SHA", priv="AES", priv_key=PRIV_KEY, name="sim"):
        options = ["--count", "4", "--v3-user", "alice", "--v3-auth-key", AUTH_KEY,
                   "--v3-auth-protocol", auth, "--v3-priv-protocol", priv]
        if priv_key:
            options += ["--v3-priv-key", priv_key]
        return self.start_sim(*options, *args, name=name)

    def v3(self, tool, address, port, *oids, level="authPriv", user="alice", auth="SHA",
           auth_key=AUTH_KEY, priv="AES", priv_key=PRIV_KEY, timeout=2):
        security = ["-l", level, "-u", user]
        if level != "noAuthNoPriv":
            security += ["-a", auth, "-A", auth_key]
        if level == "authPriv":
            security += ["-x", priv, "-X", priv_key]
        return subprocess.run([tool, "-v3", *security, *SNMP_ARGS, "-t", str(timeout), "-r", "0",
                               f"{address}:{port}", *oids],
                              capture_output=True, text=True, timeout=120)

    def test_walks_over_v3_equal_v2c(self):
        # (simulator protocol names, snmpget's): the key-extension variants of AES-256 included.
        families = [("SHA", "AES", "SHA", "AES"), ("MD5", "DES", "MD5", "DES"),
                    ("SHA-512", "AES-256", "SHA-512", "AES256"),
                    ("SHA", "AES-256", "SHA", "AES256"), ("MD5", "AES-256-C", "MD5", "AES256C"),
                    ("SHA-224", "AES", "SHA-224", "AES")]
        for sim_auth, sim_priv, auth, priv in families:
            with self.subTest(auth=auth, priv=priv):
                sim = self.start_v3(auth=sim_auth, priv=sim_priv, name=f"sim-{auth}-{priv}")
                for tool, root in (("snmpwalk", SYSTEM), ("snmpbulkwalk", SUPPLIES)):
                    v2c = self.snmp(tool, "127.16.0.1", sim.port, root)
                    self.assertEqual(v2c.returncode, 0, v2c.stderr)
                    v3 = self.v3(tool, "127.16.0.1", sim.port, root, auth=auth, priv=priv)
                    self.assertEqual(v3.returncode, 0, v3.stderr)
                    # sysUpTime moves between the two walks; everything else is equal.
                    strip = lambda rows: [r for r in rows if r[0] != ".1.3.6.1.2.1.1.3.0"]
                    self.assertEqual(strip(parse(v3.stdout)), strip(parse(v2c.stdout)))
                    self.assertTrue(parse(v3.stdout))
                sim.stop()

    def test_security_failures_are_reported(self):
        sim = self.start_v3()
        cases = [(dict(auth_key="wrong-pass-1"), "Authentication failure"),
                 (dict(user="bob"), "Unknown user name"),
                 (dict(priv_key="wrong-priv-1"), "Decryption error")]
        for kwargs, message in cases:
            with self.subTest(message=message):
                r = self.v3("snmpget", "127.16.0.1", sim.port, SYS_NAME, **kwargs)
                self.assertNotEqual(r.returncode, 0)
                self.assertIn(message, r.stderr)
        ok = self.v3("snmpget", "127.16.0.1", sim.port, SYS_NAME)
        self.assertEqual(ok.returncode, 0, ok.stderr)

    def test_levels_follow_the_configured_keys(self):
        sim = self.start_v3(priv_key="")  # authNoPriv user
        r = self.v3("snmpget", "127.16.0.1", sim.port, SYS_NAME)
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("Unsupported security level", r.stderr)
        r = self.v3("snmpget", "127.16.0.1", sim.port, SYS_NAME, level="authNoPriv")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn(SYS_NAME, dict(parse(r.stdout)))

    def test_v3_is_dropped_without_a_user_and_options_are_checked(self):
        sim = self.start_sim("--count", "1")
        r = self.v3("snmpget", "127.16.0.1", sim.port, SYS_NAME, timeout=1)
        self.assertIn("Timeout", r.stderr + r.stdout)
        for bad in (["--v3-user", "x", "--v3-auth-key", "short"],
                    ["--v3-user", "x", "--v3-auth-key", AUTH_KEY, "--v3-auth-protocol", "SHA-3"],
                    ["--v3-auth-key", AUTH_KEY]):
            with self.subTest(args=bad):
                r = subprocess.run([os.environ["PW_SIM_BIN"], "--recordings",
                                    os.path.join(os.environ["PW_FIXTURES_DIR"], "snmprec"),
                                    "--port", "0", *bad], capture_output=True, text=True,
                                   timeout=60)
                self.assertEqual(r.returncode, 2, r.stderr)


if __name__ == "__main__":
    unittest.main()
