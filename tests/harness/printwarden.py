"""Test harness: runs the real Manager and Agent binaries on loopback and talks to them.

Every process is started in the test's own temporary directory and killed by PID in
teardown. HTTPS calls go through Python's ssl module verifying the Manager's own CA, which
makes Python a third independent TLS peer besides curl and openssl.
"""
import http.cookiejar
import json
import os
import shutil
import signal
import ssl
import subprocess
import tempfile
import time
import unittest
import urllib.error
import urllib.request

MANAGER_BIN = os.environ.get("PW_MANAGER_BIN", "")
AGENT_BIN = os.environ.get("PW_AGENT_BIN", "")
ADMIN_PASSWORD = "Integration-Pass-1"


def wait_until(condition, timeout=30.0, interval=0.05, what="condition"):
    """Polls condition() until it returns a truthy value; fails the test on timeout."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        time.sleep(interval)


class Process:
    """A child process whose output goes to a file, stopped by PID."""

    def __init__(self, argv, log_path, env=None):
        self.argv = argv
        self.log_path = log_path
        # Several runs of the same service share a log file; output() shows this run's only.
        self.offset = os.path.getsize(log_path) if os.path.exists(log_path) else 0
        self.log_file = open(log_path, "ab")
        self.proc = subprocess.Popen(argv, stdout=self.log_file, stderr=subprocess.STDOUT,
                                     env={**os.environ, **(env or {})})

    @property
    def pid(self):
        return self.proc.pid

    def output(self):
        with open(self.log_path, "rb") as f:
            f.seek(self.offset)
            return f.read().decode("utf-8", "replace")

    def running(self):
        return self.proc.poll() is None

    def stop(self, sig=signal.SIGTERM, timeout=10.0):
        """Sends sig and waits; kills after timeout. Returns the exit code. Idempotent."""
        if self.proc.poll() is None:
            os.kill(self.proc.pid, sig)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                os.kill(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        if not self.log_file.closed:
            self.log_file.close()
        return self.proc.returncode


class Manager:
    def __init__(self, workdir, config=None, name="manager"):
        self.workdir = workdir
        self.data_dir = os.path.join(workdir, name)
        self.config = {"listen": "127.0.0.1:0", "agent_listen": "127.0.0.1:0",
                       "agent_heartbeat_seconds": 1, **(config or {})}
        self.config_path = os.path.join(workdir, name + ".json")
        self.password_path = os.path.join(workdir, name + ".pw")
        self.process = None

    def start(self, wait=True, extra_args=()):
        with open(self.config_path, "w") as f:
            json.dump(self.config, f)
        with open(self.password_path, "w") as f:
            f.write(ADMIN_PASSWORD + "\n")
        endpoints = os.path.join(self.data_dir, "run", "endpoints.json")
        if os.path.exists(endpoints):
            os.remove(endpoints)
        self.process = Process([MANAGER_BIN, "--data-dir", self.data_dir, "--config", self.config_path,
                                "--admin-password-file", self.password_path, *extra_args],
                               os.path.join(self.workdir, "manager-output.log"))
        if wait:
            def ready():
                if not self.process.running():
                    raise AssertionError("manager exited early:\n" + self.process.output())
                return os.path.exists(endpoints)
            wait_until(ready, what="manager endpoints.json")
            with open(endpoints) as f:
                info = json.load(f)
            self.url = info["console"].rstrip("/")
            self.port = int(self.url.rsplit(":", 1)[1])
            self.agent_port = info["agentPort"]
        return self

    def stop(self, sig=signal.SIGTERM):
        return self.process.stop(sig) if self.process else None

    @property
    def ca_path(self):
        return os.path.join(self.data_dir, "pki", "ca.crt")

    def client(self):
        return ApiClient(self.url, self.ca_path)

    def admin(self):
        client = self.client()
        client.login("administrator", ADMIN_PASSWORD)
        return client


class ApiResponse:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body

    def json(self):
        return json.loads(self.body)


class ApiClient:
    """A browser-like client: keeps the session cookie and sends the CSRF token."""

    def __init__(self, base_url, ca_path):
        self.base_url = base_url
        context = ssl.create_default_context(cafile=ca_path)
        context.check_hostname = True
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPSHandler(context=context),
                                                  urllib.request.HTTPCookieProcessor(self.cookies))
        self.csrf = None

    def request(self, method, path, body=None, headers=None, csrf=True, raw=None):
        data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
        all_headers = dict(headers or {})
        if data is not None and "Content-Type" not in all_headers:
            all_headers["Content-Type"] = "application/json"
        if csrf and self.csrf and method not in ("GET", "HEAD"):
            all_headers["X-CSRF-Token"] = self.csrf
        req = urllib.request.Request(self.base_url + path, data=data, method=method, headers=all_headers)
        try:
            with self.opener.open(req, timeout=30) as resp:
                return ApiResponse(resp.status, resp.headers, resp.read())
        except urllib.error.HTTPError as e:
            return ApiResponse(e.code, e.headers, e.read())

    def login(self, username, password, remember=False):
        resp = self.request("POST", "/api/v1/auth/login",
                            {"username": username, "password": password, "remember": remember})
        if resp.status == 200:
            self.csrf = resp.json()["csrfToken"]
        return resp

    def create_agent(self, name, local=False):
        resp = self.request("POST", "/api/v1/agents", {"name": name, "local": local})
        assert resp.status == 201, (resp.status, resp.body)
        return resp.json()

    def agent(self, agent_id):
        return self.request("GET", f"/api/v1/agents/{agent_id}").json()["agent"]


class Agent:
    def __init__(self, workdir, name="agent"):
        self.workdir = workdir
        self.data_dir = os.path.join(workdir, name)
        self.log_path = os.path.join(workdir, name + "-output.log")
        self.process = None

    def start(self, manager_url=None, key=None, config=None):
        argv = [AGENT_BIN, "--data-dir", self.data_dir]
        if manager_url:
            argv += ["--manager", manager_url]
        if key:
            argv += ["--activation-key", key]
        if config:
            path = os.path.join(self.workdir, "agent-config.json")
            with open(path, "w") as f:
                json.dump(config, f)
            argv += ["--config", path]
        self.process = Process(argv, self.log_path)
        return self

    def stop(self, sig=signal.SIGTERM):
        return self.process.stop(sig) if self.process else None


class PrintwardenTestCase(unittest.TestCase):
    """Gives each test a temp dir and stops every process it started."""

    def setUp(self):
        if not MANAGER_BIN or not AGENT_BIN:
            self.fail("PW_MANAGER_BIN and PW_AGENT_BIN must point at the built binaries")
        self.workdir = tempfile.mkdtemp(prefix="pw-it-")
        self._stoppables = []

    def tearDown(self):
        for item in reversed(self._stoppables):
            if item.process:
                item.stop(signal.SIGKILL)
        shutil.rmtree(self.workdir, ignore_errors=True)

    def manager(self, config=None, name="manager", start=True):
        m = Manager(self.workdir, config, name)
        self._stoppables.append(m)
        return m.start() if start else m

    def agent(self, name="agent"):
        a = Agent(self.workdir, name)
        self._stoppables.append(a)
        return a

    def run_tool(self, argv, input_bytes=None, timeout=30):
        return subprocess.run(argv, input=input_bytes, capture_output=True, timeout=timeout)
