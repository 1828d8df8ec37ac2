"""Python's multiprocessing beside JMH's QueueBench and PipeBench: the same pieces, same machine, same run.

queue: one producer process puts N small ints on a multiprocessing.Queue, the parent gets them all;
       messages a second from the first message taken to the last (the steady flow, not the process start).
pipe:  a child process answers each int sent over a multiprocessing.Pipe with that int plus one;
       the mean round trip after a warm-up.

Prints one JSON line per piece. Standard library only: python3 src/bench/python/ipc_bench.py
"""
import json
import multiprocessing as mp
import sys
import time

QUEUE_MESSAGES = 200_000
PIPE_WARMUP = 2_000
PIPE_ROUNDS = 20_000


def produce(q, n):
    for i in range(n):
        q.put(i)
    q.put(None)


def queue_rate(n):
    q = mp.Queue()
    p = mp.Process(target=produce, args=(q, n))
    p.start()
    first = q.get()
    t0 = time.perf_counter()
    taken = 1
    total = first
    while True:
        m = q.get()
        if m is None:
            break
        total += m
        taken += 1
    seconds = time.perf_counter() - t0
    p.join()
    assert taken == n and total == n * (n - 1) // 2, (taken, total)
    return (taken - 1) / seconds


def echo(conn):
    while True:
        v = conn.recv()
        if v is None:
            return
        conn.send(v + 1)


def pipe_round_trip_us(warmup, rounds):
    parent, child = mp.Pipe()
    p = mp.Process(target=echo, args=(child,))
    p.start()
    v = 0
    for _ in range(warmup):
        parent.send(v)
        v = parent.recv()
    t0 = time.perf_counter()
    for _ in range(rounds):
        parent.send(v)
        v = parent.recv()
    seconds = time.perf_counter() - t0
    parent.send(None)
    p.join()
    assert v == warmup + rounds, v
    return seconds / rounds * 1e6


def main():
    version = sys.version.split()[0]
    rate = queue_rate(QUEUE_MESSAGES)
    print(json.dumps({"piece": "queue", "python": version, "messages": QUEUE_MESSAGES,
                      "messages_per_s": round(rate), "ns_per_message": round(1e9 / rate, 1)}))
    us = pipe_round_trip_us(PIPE_WARMUP, PIPE_ROUNDS)
    print(json.dumps({"piece": "pipe", "python": version, "rounds": PIPE_ROUNDS, "round_trip_us": round(us, 2)}))


if __name__ == "__main__":
    main()
