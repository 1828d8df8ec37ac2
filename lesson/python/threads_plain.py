"""The lesson's first program: two threads add 1 to one global counter with `counter += 1`.

On the lesson's Python (3.9 and older) this lost updates (53,298,096 of 100,000,000). Since Python 3.10
the interpreter switches threads only at a loop's back-edge or a call, never inside `counter += 1`, so
this now prints the right total: the GIL still makes the threads take turns, which is why it is slow.
"""
import threading

from lesson_common import Timer, parse_args, report

counter = 0


def work(each):
    global counter
    for _ in range(each):
        counter += 1


def main():
    args = parse_args(__doc__)
    threads = [threading.Thread(target=work, args=(args.each,)) for _ in range(args.workers)]
    with Timer() as t:
        for th in threads:
            th.start()
        for th in threads:
            th.join()
    report("threads, counter += 1", counter, args.workers * args.each, t,
           "Python 3.10+ switches threads only at back-edges and calls: no update lost here")


if __name__ == "__main__":
    main()
