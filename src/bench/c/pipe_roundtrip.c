/* The floor for kata 03's round trip: the same exchange in C, 8 bytes to a child over one pipe, 8 bytes back over
 * another, many times; prints the mean time of one round trip. Build and run: src/bench/c/run */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void full(ssize_t (*op)(int, void *, size_t), int fd, void *buf, size_t n) {
    size_t done = 0;
    while (done < n) {
        ssize_t r = op(fd, (char *)buf + done, n - done);
        if (r <= 0) { perror("pipe"); exit(1); }
        done += (size_t)r;
    }
}

static ssize_t writer(int fd, void *buf, size_t n) { return write(fd, buf, n); }

int main(int argc, char **argv) {
    long rounds = argc > 1 ? atol(argv[1]) : 200000;
    int down[2], up[2];
    if (pipe(down) || pipe(up)) { perror("pipe"); return 1; }
    pid_t child = fork();
    if (child == 0) {
        close(down[1]); close(up[0]);
        int64_t v;
        for (long i = 0; i < rounds; i++) {
            full(read, down[0], &v, sizeof v);
            v += 1;
            full(writer, up[1], &v, sizeof v);
        }
        return 0;
    }
    close(down[0]); close(up[1]);
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    int64_t v = 0;
    for (long i = 0; i < rounds; i++) {
        full(writer, down[1], &v, sizeof v);
        full(read, up[0], &v, sizeof v);
    }
    clock_gettime(CLOCK_MONOTONIC, &b);
    waitpid(child, NULL, 0);
    double us = ((b.tv_sec - a.tv_sec) * 1e9 + (b.tv_nsec - a.tv_nsec)) / 1e3 / rounds;
    printf("C pipe round trip, 8 bytes each way: %.2f us (mean of %ld, value %lld)\n", us, rounds, (long long)v);
    return v == rounds ? 0 : 1;
}
