#!/usr/bin/env python3
"""Checks the include graph against the rings of docs/architecture.md.

Every target shares one include root, so CMake links alone would only catch a forbidden
dependency at link time, and not at all for header-only code. This check reads the #include
lines of every tracked C++ file and fails on any include a folder is not allowed to make.
"""
import os
import re
import subprocess
import sys

# folder prefix -> allowed project include prefixes (the standard library is always allowed)
PROJECT_RULES = [
    ("common/core/", ["common/core/"]),
    ("common/config/", ["common/core/", "common/config/"]),
    ("common/log/", ["common/core/", "common/log/"]),
    ("common/crypto/", ["common/core/", "common/crypto/"]),
    ("common/net/", ["common/core/", "common/net/"]),
    ("common/service/", ["common/core/", "common/service/"]),
    ("common/time/", ["common/core/", "common/time/"]),
    ("proto/", ["common/core/", "proto/"]),
    ("manager/core/", ["common/core/", "manager/core/"]),
    ("manager/scope/", ["common/core/", "manager/scope/"]),
    ("manager/exchange/", ["common/core/", "manager/exchange/"]),
    ("manager/reports/", ["common/core/", "manager/core/", "manager/reports/"]),
    ("manager/storage/", ["common/core/", "manager/core/", "manager/storage/"]),
    ("manager/notify/", ["common/core/", "common/crypto/", "common/log/", "manager/core/", "manager/notify/"]),
    ("manager/services/", ["common/core/", "common/crypto/", "common/time/", "proto/", "manager/core/", "manager/scope/", "manager/exchange/", "manager/reports/", "manager/services/"]),
    # the LDAP client and Kerberos acceptor implement services/directory_client.hpp
    ("manager/directory/", ["common/core/", "manager/core/", "manager/services/", "manager/directory/"]),
    ("agent/core/", ["common/core/", "proto/", "agent/core/"]),
    ("agent/identify/", ["common/core/", "agent/identify/"]),
    ("agent/outbox/", ["common/core/", "common/log/", "proto/", "agent/outbox/"]),
    ("agent/driver/", ["common/core/", "proto/", "agent/identify/", "agent/monitor/", "agent/driver/"]),
    ("agent/monitor/", ["common/core/", "agent/identify/", "agent/monitor/"]),
    # the poller alone reaches devices, over the shared SNMP engine
    ("agent/monitor/poller", ["common/core/", "agent/identify/", "agent/monitor/", "agent/snmp/"]),
    # the "monitor" command reaches devices through the driver interface only
    ("agent/monitor/monitor_command", ["common/core/", "proto/", "agent/core/", "agent/driver/",
                                       "agent/identify/", "agent/monitor/"]),
]
# third-party headers that must stay inside one module
CONFINED = [
    (re.compile(r"<boost/(beast|asio)"), ["common/net/"], "Beast/Asio (compile time: decision 0002)"),
    (re.compile(r"<net-snmp/"), ["agent/snmp/", "tools/simulator/"], "net-snmp (its macros leak)"),
    (re.compile(r"<sqlite3\.h>"), ["manager/storage/", "manager/tests/"], "SQLite (storage engine)"),
    (re.compile(r"<openssl/"), ["common/crypto/", "common/net/"], "OpenSSL"),
    (re.compile(r"<curl/"), ["manager/notify/"], "libcurl (mail and webhook delivery)"),
    (re.compile(r"<(ldap|lber)\.h>"), ["manager/directory/"], "OpenLDAP (directory sign-in)"),
    (re.compile(r"<gssapi"), ["manager/directory/"], "GSSAPI (Kerberos sign-in)"),
    (re.compile(r"<date/"), ["common/time/"], "the date/tz library (time zones)"),
]
PROJECT_INCLUDE = re.compile(r'#include\s+"((?:common|proto|manager|agent|tools)/[^"]+)"')
ANY_INCLUDE = re.compile(r"#include\s+(<[^>]+>)")


def main():
    os.chdir(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    files = subprocess.run(["git", "ls-files", "*.cpp", "*.hpp"], capture_output=True, text=True,
                           check=True).stdout.split()
    problems = []
    for path in files:
        is_test = "/tests/" in path
        with open(path, encoding="utf-8") as f:
            text = f.read()
        # The most specific (longest) matching prefix decides.
        matching = [rule for rule in PROJECT_RULES if path.startswith(rule[0])]
        for rule_prefix, allowed in sorted(matching, key=lambda rule: -len(rule[0]))[:1]:
            if is_test:
                continue
            for include in PROJECT_INCLUDE.findall(text):
                if not any(include.startswith(a) for a in allowed):
                    problems.append(f"{path}: may not include \"{include}\"")
        for pattern, owners, what in CONFINED:
            for include in ANY_INCLUDE.findall(text):
                if pattern.match(include) and not any(path.startswith(o) for o in owners):
                    problems.append(f"{path}: {include}: {what} is confined to {', '.join(owners)}")
    for p in problems:
        print(p)
    print(f"layers: {len(files)} files checked, {len(problems)} violations")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
