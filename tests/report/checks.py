"""What the report checks share: a failure list that goes on after the first, and a closeness test."""
import sys

failures = []


def check(ok, message):
    """Records (and prints) `message` when `ok` is false; the script exits 1 at the end when any did."""
    if not ok:
        failures.append(message)
        print("FAIL:", message, file=sys.stderr)


def within(a, b, rel, abs_):
    """a and b agree within `rel` of the larger, or within `abs_`."""
    return abs(a - b) <= max(abs_, rel * max(abs(a), abs(b)))
