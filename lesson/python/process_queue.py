"""The lesson's second program: each process counts alone and puts its result on a Queue."""
import multiprocessing as mp

from lesson_common import Timer, parse_args, report


def work(each, queue):
    count = 0
    for _ in range(each):
        count += 1
    queue.put(count)


def main():
    args = parse_args(__doc__)
    with Timer() as t:
        queue = mp.Queue()
        workers = [mp.Process(target=work, args=(args.each, queue)) for _ in range(args.workers)]
        for w in workers:
            w.start()
        total = sum(queue.get() for _ in workers)  # drain first ...
        for w in workers:
            w.join()  # ... then join
    report("processes + Queue", total, args.workers * args.each, t)


if __name__ == "__main__":
    main()
