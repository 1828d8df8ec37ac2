"""Processes and pipes: the parent asks each child over its own Pipe to count, and reads the answer."""
import multiprocessing as mp

from lesson_common import Timer, parse_args, report


def work(end):
    each = end.recv()  # the request: how far to count
    count = 0
    for _ in range(each):
        count += 1
    end.send(count)  # the response
    end.close()


def main():
    args = parse_args(__doc__)
    with Timer() as t:
        pipes = [mp.Pipe() for _ in range(args.workers)]  # duplex by default: two ends, both directions
        workers = [mp.Process(target=work, args=(child,)) for _, child in pipes]
        for w in workers:
            w.start()
        for parent, _ in pipes:
            parent.send(args.each)
        total = sum(parent.recv() for parent, _ in pipes)
        for w in workers:
            w.join()
    report("processes + Pipe", total, args.workers * args.each, t)


if __name__ == "__main__":
    main()
