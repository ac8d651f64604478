#!/usr/bin/python3
"""A webhook receiver for tests (Python's http.server) on a kernel-chosen loopback port.

    http_receiver.py --dir DIR [--fail N] [--status CODE]

Writes DIR/port once listening. Answers the first N POSTs with CODE (503 by default), then 204.
Every request is written as DIR/request-NNNN.json ({"path", "headers", "body", "answer"}), written
before the answer is sent so that a test that saw the answer finds the file. Stops on SIGTERM.
"""
import argparse
import json
import os
import signal
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", required=True)
    parser.add_argument("--fail", type=int, default=0)
    parser.add_argument("--status", type=int, default=503)
    args = parser.parse_args()
    os.makedirs(args.dir, exist_ok=True)
    state = {"count": 0}

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            length = int(self.headers.get("Content-Length", "0"))
            body = self.rfile.read(length).decode("utf-8", "replace")
            state["count"] += 1
            answer = args.status if state["count"] <= args.fail else 204
            record = {"path": self.path, "headers": dict(self.headers.items()), "body": body,
                      "answer": answer}
            name = os.path.join(args.dir, "request-%04d.json" % state["count"])
            with open(name + ".tmp", "w") as f:
                json.dump(record, f)
            os.replace(name + ".tmp", name)
            self.send_response(answer)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, fmt, *values):
            sys.stderr.write(fmt % values + "\n")

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    with open(os.path.join(args.dir, "port.tmp"), "w") as f:
        f.write(str(server.server_address[1]))
    os.replace(os.path.join(args.dir, "port.tmp"), os.path.join(args.dir, "port"))
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    server.serve_forever()


if __name__ == "__main__":
    main()
