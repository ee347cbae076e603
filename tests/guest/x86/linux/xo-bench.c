/*
 * The init of the XO Linux guest for bench/ (rdinit=/bench): runs one
 * workload whose code is execute-only where the kernel uses XO, times it
 * with CLOCK_MONOTONIC, prints "# bench NAME n=N seconds=S ok=0|1" after
 * the kernel's "x86/xo:" lines (so that bench/run.py can tell that XO is
 * in use, or not) and reboots (bench/run.py runs QEMU with -no-reboot).
 *   bench=exec n=N     fork and exec /xo-true N times (exec-heavy)
 *   bench=compute n=N  run /xo-spin N times (compute-heavy)
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/klog.h>
#include <sys/reboot.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static bool run(const char *path)
{
    int status;
    pid_t pid = fork();

    if (pid == 0) {
        execl(path, path, NULL);
        _exit(127);
    }
    return pid > 0 && waitpid(pid, &status, 0) == pid &&
           WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

/* the kernel's "x86/xo: ..." lines, each on a line of its own */
static void print_xo_log(void)
{
    static char log[1 << 17];
    int n = klogctl(3, log, sizeof(log) - 1);   /* SYSLOG_ACTION_READ_ALL */
    char *line, *save = NULL;

    log[n > 0 ? n : 0] = 0;
    for (line = strtok_r(log, "\n", &save); line;
         line = strtok_r(NULL, "\n", &save)) {
        if (strstr(line, "x86/xo: ")) {
            printf("# %s\n", strstr(line, "x86/xo: "));
        }
    }
}

int main(void)
{
    const char *name = getenv("bench") ? getenv("bench") : "exec";
    const char *path = strcmp(name, "compute") ? "/xo-true" : "/xo-spin";
    int n = atoi(getenv("n") ? getenv("n") : "1"), i;
    bool good = true;
    struct timespec t0, t1;

    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (i = 0; i < n && good; i++) {
        good = run(path);
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    print_xo_log();
    printf("# bench %s n=%d seconds=%.3f ok=%d\n", name, n,
           (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9, good);
    fflush(stdout);
    sync();
    reboot(RB_AUTOBOOT);
    return 1;
}
