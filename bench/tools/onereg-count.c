/*
 * onereg-count: count the KVM_GET_ONE_REG and KVM_SET_ONE_REG ioctls a
 * program and all its threads make, for bench/, and beside them its
 * KVM_RUN ioctls and its system calls of every kind.
 *
 * Usage: onereg-count OUTFILE PROGRAM [ARG...]
 *   Runs PROGRAM under ptrace.  Each time onereg-count gets SIGUSR1, and
 *   when PROGRAM ends, it appends "get=N set=M run=R sys=S" (the totals
 *   so far: ONE_REG gets and sets, KVM_RUNs, all system calls) to
 *   OUTFILE.  Exits with PROGRAM's status.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include <errno.h>
#include <linux/kvm.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile sig_atomic_t report_wanted;
static unsigned long gets, sets, runs, syscalls;
static const char *outfile;

static void on_usr1(int sig)
{
    report_wanted = 1;
}

static void report(void)
{
    FILE *f = fopen(outfile, "a");

    if (f) {
        fprintf(f, "get=%lu set=%lu run=%lu sys=%lu\n", gets, sets, runs,
                syscalls);
        fclose(f);
    }
}

int main(int argc, char **argv)
{
    struct sigaction sa = { .sa_handler = on_usr1 };
    pid_t child, pid;
    int status, exit_status = 1;

    if (argc < 3) {
        fprintf(stderr, "usage: onereg-count OUTFILE PROGRAM [ARG...]\n");
        return 2;
    }
    outfile = argv[1];
    sigaction(SIGUSR1, &sa, NULL);
    child = fork();
    if (child == 0) {
        ptrace(PTRACE_TRACEME, 0, NULL, NULL);
        raise(SIGSTOP);
        execvp(argv[2], argv + 2);
        perror(argv[2]);
        _exit(127);
    }
    if (waitpid(child, &status, 0) < 0) {
        perror("waitpid");
        return 1;
    }
    ptrace(PTRACE_SETOPTIONS, child, NULL,
           PTRACE_O_TRACESYSGOOD | PTRACE_O_TRACECLONE |
           PTRACE_O_TRACEFORK | PTRACE_O_EXITKILL);
    ptrace(PTRACE_SYSCALL, child, NULL, NULL);

    for (;;) {
        int sig = 0;

        pid = waitpid(-1, &status, __WALL);
        if (report_wanted) {
            report_wanted = 0;
            report();
        }
        if (pid < 0) {
            if (errno == EINTR) {
                continue;
            }
            break;                      /* no child left */
        }
        if (WIFEXITED(status) || WIFSIGNALED(status)) {
            if (pid == child) {
                exit_status = WIFEXITED(status) ? WEXITSTATUS(status) :
                              128 + WTERMSIG(status);
            }
            continue;
        }
        if (!WIFSTOPPED(status)) {
            continue;
        }
        if (WSTOPSIG(status) == (SIGTRAP | 0x80)) {
            struct __ptrace_syscall_info info;

            if (ptrace(PTRACE_GET_SYSCALL_INFO, pid, sizeof(info),
                       &info) > 0 &&
                info.op == PTRACE_SYSCALL_INFO_ENTRY) {
                unsigned long req = info.entry.args[1];

                syscalls++;
                if (info.entry.nr == __NR_ioctl) {
                    gets += req == KVM_GET_ONE_REG;
                    sets += req == KVM_SET_ONE_REG;
                    runs += req == KVM_RUN;
                }
            }
        } else if (WSTOPSIG(status) != SIGTRAP &&
                   WSTOPSIG(status) != SIGSTOP) {
            sig = WSTOPSIG(status);     /* the program's own signal */
        }
        ptrace(PTRACE_SYSCALL, pid, NULL, (void *)(long)sig);
    }
    report();
    return exit_status;
}
