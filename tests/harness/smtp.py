"""The test SMTP server (smtp_server.py, Debian's python3-aiosmtpd) as a child process, and the
messages it received parsed with Python's email package."""
import email
import email.policy
import glob
import json
import os
import signal

from printwarden import Process, wait_until

SERVER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "smtp_server.py")


class SmtpServer:
    """mode: plain, starttls (required) or tls (implicit); with user, AUTH is required."""

    def __init__(self, workdir, name="smtp", mode="starttls", user=None, password=None):
        self.dir = os.path.join(workdir, name)
        argv = ["/usr/bin/python3", SERVER, "--dir", self.dir, "--mode", mode]
        if user:
            argv += ["--user", user, "--password", password]
        os.makedirs(self.dir, exist_ok=True)
        self.process = Process(argv, os.path.join(workdir, name + ".log"))
        port_file = os.path.join(self.dir, "port")
        wait_until(lambda: os.path.exists(port_file) or not self.process.running(),
                   what="the SMTP server's port")
        if not self.process.running():
            raise AssertionError("SMTP server exited:\n" + self.process.output())
        with open(port_file) as f:
            self.port = int(f.read())

    @property
    def ca_pem(self):
        with open(os.path.join(self.dir, "ca.pem")) as f:
            return f.read()

    def messages(self):
        """[(envelope dict, email.message.EmailMessage)] in the order received."""
        out = []
        for meta in sorted(glob.glob(os.path.join(self.dir, "mail-*.json"))):
            with open(meta) as f:
                envelope = json.load(f)
            with open(meta[:-5] + ".eml", "rb") as f:
                out.append((envelope, email.message_from_bytes(f.read(),
                                                               policy=email.policy.default)))
        return out

    def wait_for(self, count, timeout=30.0):
        return wait_until(lambda: len(self.messages()) >= count and self.messages(),
                          timeout=timeout, what=f"{count} message(s) at the SMTP server")

    def stop(self, sig=signal.SIGTERM):
        return self.process.stop(sig)
