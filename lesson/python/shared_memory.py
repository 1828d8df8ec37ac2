"""The lesson's assignment: shared memory and Semaphore(1), both ways.

--per-increment: every increment takes the semaphore (correct, and slow);
default: each process counts locally, then adds its count once under the semaphore.
"""
import multiprocessing as mp
import sys
from multiprocessing import shared_memory

from lesson_common import Timer, parse_args, report


def add(shm_name, sem, amount):
    shm = shared_memory.SharedMemory(name=shm_name)
    try:
        with sem:
            value = int.from_bytes(shm.buf[:8], "little")
            shm.buf[:8] = (value + amount).to_bytes(8, "little")
    finally:
        shm.close()  # the lesson's worker forgot this


def local_then_add(shm_name, sem, each):
    count = 0
    for _ in range(each):
        count += 1
    add(shm_name, sem, count)


def per_increment(shm_name, sem, each):
    shm = shared_memory.SharedMemory(name=shm_name)
    try:
        for _ in range(each):
            with sem:
                value = int.from_bytes(shm.buf[:8], "little")
                shm.buf[:8] = (value + 1).to_bytes(8, "little")
    finally:
        shm.close()


def main():
    per = "--per-increment" in sys.argv
    if per:
        sys.argv.remove("--per-increment")
    args = parse_args(__doc__)
    target = per_increment if per else local_then_add
    with Timer() as t:
        shm = shared_memory.SharedMemory(create=True, size=8)
        try:
            shm.buf[:8] = (0).to_bytes(8, "little")
            sem = mp.Semaphore(1)
            workers = [mp.Process(target=target, args=(shm.name, sem, args.each)) for _ in range(args.workers)]
            for w in workers:
                w.start()
            for w in workers:
                w.join()
            total = int.from_bytes(shm.buf[:8], "little")
        finally:
            shm.close()
            shm.unlink()
    name = "shared memory, Semaphore per increment" if per else "shared memory, count locally, add once"
    report(name, total, args.workers * args.each, t)


if __name__ == "__main__":
    main()
