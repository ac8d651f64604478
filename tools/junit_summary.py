#!/usr/bin/env python3
"""Prints "N passed, N failed" over JUnit XML reports (ctest, vitest) and exits non-zero on
any failure, error, or missing report. Skipped tests are reported separately, never as passed."""
import sys
import xml.etree.ElementTree as ET


def count(path):
    root = ET.parse(path).getroot()
    suites = [root] if root.tag == "testsuite" else root.iter("testsuite")
    passed = failed = skipped = 0
    for suite in suites:
        for case in suite.iter("testcase"):
            if case.find("failure") is not None or case.find("error") is not None:
                failed += 1
            elif case.find("skipped") is not None or case.get("status") in ("notrun", "disabled"):
                skipped += 1
            else:
                passed += 1
    return passed, failed, skipped


def main(paths):
    total_passed = total_failed = total_skipped = 0
    for path in paths:
        try:
            passed, failed, skipped = count(path)
        except (OSError, ET.ParseError) as e:
            print(f"missing or unreadable report {path}: {e}", file=sys.stderr)
            total_failed += 1
            continue
        total_passed += passed
        total_failed += failed
        total_skipped += skipped
    line = f"{total_passed} passed, {total_failed} failed"
    if total_skipped:
        line += f" ({total_skipped} skipped, counted as neither)"
    print(line)
    return 1 if total_failed or total_skipped else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
