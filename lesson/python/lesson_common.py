"""Shared by the lesson's Python programs: arguments, timing and the one-line JSON result.

Each program runs the lesson's workload (N workers, each adding 1 to a count EACH times) in one way, and
prints one JSON line: {"approach", "total", "expected", "wall_s", "cpu_s"}. cpu_s is this process's CPU
time plus that of its finished child processes (os.times), so process-based approaches are not flattered.
Standard library only.
"""
import argparse
import json
import os
import time


def parse_args(description):
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--workers", type=int, default=2, help="how many workers (default 2)")
    parser.add_argument("--each", type=int, default=50_000_000, help="how far each counts (default 50,000,000)")
    args = parser.parse_args()
    if args.workers < 1 or args.each < 0:
        parser.error("--workers must be 1 or more and --each 0 or more")
    return args


class Timer:
    def __enter__(self):
        self.wall = time.perf_counter()
        t = os.times()
        self.cpu = t.user + t.system + t.children_user + t.children_system
        return self

    def __exit__(self, *exc):
        t = os.times()
        self.cpu_s = t.user + t.system + t.children_user + t.children_system - self.cpu
        self.wall_s = time.perf_counter() - self.wall
        return False


def report(approach, total, expected, timer, note=""):
    print(json.dumps({
        "approach": approach,
        "total": total,
        "expected": expected,
        "wall_s": round(timer.wall_s, 3),
        "cpu_s": round(timer.cpu_s, 3),
        "note": note,
    }), flush=True)
