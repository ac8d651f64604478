#!/usr/bin/python3
"""A test SMTP server (Debian's python3-aiosmtpd) on a kernel-chosen loopback port.

    smtp_server.py --dir DIR --mode plain|starttls|tls [--user U --password P]

Writes DIR/port once listening. With starttls or tls it makes a CA and a certificate for
127.0.0.1/localhost with the openssl command (DIR/ca.pem: what a client must trust). With a user,
AUTH (PLAIN, LOGIN) is required before MAIL, and only over TLS. Each message accepted is written
as DIR/mail-NNNN.eml (the DATA as received) and DIR/mail-NNNN.json (envelope sender, recipients,
the login used, whether the session was encrypted), the .json last so that readers polling for it
see a complete pair. Stops on SIGTERM.
"""
import argparse
import asyncio
import json
import os
import signal
import ssl
import subprocess

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


def make_certificates(directory):
    def openssl(*args):
        subprocess.run(["openssl", *args], check=True, capture_output=True)

    ca_key, ca = os.path.join(directory, "ca.key"), os.path.join(directory, "ca.pem")
    key, csr = os.path.join(directory, "server.key"), os.path.join(directory, "server.csr")
    cert, ext = os.path.join(directory, "server.pem"), os.path.join(directory, "server.ext")
    openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
            "-keyout", ca_key, "-out", ca, "-days", "2", "-subj", "/CN=smtp test CA")
    openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
            "-keyout", key, "-out", csr, "-subj", "/CN=localhost")
    with open(ext, "w") as f:
        f.write("subjectAltName=IP:127.0.0.1,DNS:localhost\n")
    openssl("x509", "-req", "-in", csr, "-CA", ca, "-CAkey", ca_key, "-CAcreateserial",
            "-out", cert, "-days", "2", "-extfile", ext)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    return context


class Recorder:
    def __init__(self, directory):
        self.directory = directory
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        base = os.path.join(self.directory, "mail-%04d" % self.count)
        with open(base + ".eml", "wb") as f:
            f.write(envelope.original_content or envelope.content)
        meta = {"from": envelope.mail_from, "to": envelope.rcpt_tos,
                "login": session.auth_data.decode() if isinstance(session.auth_data, bytes)
                else session.auth_data,
                "tls": session.ssl is not None or
                server.transport.get_extra_info("ssl_object") is not None}
        with open(base + ".json.tmp", "w") as f:
            json.dump(meta, f)
        os.replace(base + ".json.tmp", base + ".json")
        return "250 OK"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", required=True)
    parser.add_argument("--mode", choices=["plain", "starttls", "tls"], default="starttls")
    parser.add_argument("--user")
    parser.add_argument("--password")
    args = parser.parse_args()
    os.makedirs(args.dir, exist_ok=True)
    context = make_certificates(args.dir) if args.mode != "plain" else None

    def authenticate(server, session, envelope, mechanism, auth_data):
        ok = (isinstance(auth_data, LoginPassword) and
              auth_data.login.decode() == args.user and
              auth_data.password.decode() == args.password)
        return AuthResult(success=ok, handled=False, auth_data=auth_data.login if ok else None)

    recorder = Recorder(args.dir)

    def factory():
        return SMTP(recorder, hostname="smtp.test",
                    tls_context=context if args.mode == "starttls" else None,
                    require_starttls=args.mode == "starttls",
                    authenticator=authenticate if args.user else None,
                    auth_required=bool(args.user),
                    auth_require_tls=bool(args.user) and args.mode != "plain")

    loop = asyncio.new_event_loop()
    server = loop.run_until_complete(loop.create_server(
        factory, "127.0.0.1", 0, ssl=context if args.mode == "tls" else None))
    port = server.sockets[0].getsockname()[1]
    with open(os.path.join(args.dir, "port.tmp"), "w") as f:
        f.write(str(port))
    os.replace(os.path.join(args.dir, "port.tmp"), os.path.join(args.dir, "port"))
    loop.add_signal_handler(signal.SIGTERM, loop.stop)
    loop.run_forever()
    server.close()


if __name__ == "__main__":
    main()
