"""The lesson's race, as it still happens on Python 3.10+: a call between the read and the write.

`value = counter; step(); counter = value + 1` lets the interpreter switch threads at the call, after the
read and before the write, so the other thread's increments in between are overwritten: lost updates.
"""
import threading

from lesson_common import Timer, parse_args, report

counter = 0


def step():
    pass


def work(each):
    global counter
    for _ in range(each):
        value = counter
        step()  # a thread switch may happen here, between the read and the write
        counter = value + 1


def main():
    args = parse_args(__doc__)
    threads = [threading.Thread(target=work, args=(args.each,)) for _ in range(args.workers)]
    with Timer() as t:
        for th in threads:
            th.start()
        for th in threads:
            th.join()
    report("threads, read; call; write", counter, args.workers * args.each, t,
           "a call between the read and the write lets another thread run there")


if __name__ == "__main__":
    main()
