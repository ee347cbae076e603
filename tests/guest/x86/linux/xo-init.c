/*
 * The init of the XO Linux guest: it checks what a guest program sees of
 * PROT_EXEC-only memory under a kernel with this series' guest patch
 * (x86-mm-xo.patch) and prints TAP, one line per check, then the plan,
 * and reboots (run-linux.py runs QEMU with -no-reboot).  The checks run
 * in a child process, whose faults the kernel does not log as init's.
 *
 * The kernel command line tells it what to expect (the kernel hands
 * such words to init in its environment):
 *   expect=xo     PROT_EXEC-only memory is execute-only through the
 *                 hypervisor's XO bit: reads fault with SEGV_ACCERR
 *   expect=pkey   ... through the execute-only protection key: reads
 *                 fault with SEGV_PKUERR
 *   expect=none   it is readable, as on any x86 without either
 *   xobit=M       the CPU has XO with bit M: /proc/cpuinfo has the "xo"
 *                 flag and dmesg names bit M; xobit=0: neither
 *   wait=1        after the first checks print "# waiting" and read a
 *                 line from the console (run-linux.py migrates the VM
 *                 meanwhile), then check the same pages again
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#define _GNU_SOURCE
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/klog.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/ptrace.h>
#include <sys/reboot.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#define PAGE        4096UL
#define HPAGE       (2UL << 20)

enum mode { MODE_NONE, MODE_XO, MODE_PKEY };
static const char *const mode_names[] = {
    [MODE_NONE] = "none", [MODE_XO] = "xo", [MODE_PKEY] = "pkey",
};
/* What the guest patch logs for each, when the CPU has XO */
static const char *const mode_log[] = {
    [MODE_NONE] = "not used for user memory (xo=off)",
    [MODE_XO] = "PROT_EXEC-only user memory is execute-only",
    [MODE_PKEY] = "not used for user memory: protection keys",
};
static enum mode mode;
static int xobit;

static int checks, failures;

static void ok(bool good, const char *name, const char *why, ...)
{
    checks++;
    if (good) {
        printf("ok %d - %s\n", checks, name);
    } else {
        va_list ap;

        failures++;
        printf("not ok %d - %s: ", checks, name);
        va_start(ap, why);
        vprintf(why, ap);
        va_end(ap);
        printf("\n");
    }
    fflush(stdout);
}

static void bail(const char *what)
{
    printf("Bail out! %s: %s\n", what, strerror(errno));
    fflush(stdout);
    reboot(RB_AUTOBOOT);
    exit(1);
}

/* Fault probes: a SIGSEGV or SIGBUS jumps back with what it said */

struct fault {
    int sig;            /* 0: no fault */
    int code;
    void *addr;
};

static sigjmp_buf probe_env;
static struct fault probe_fault;
static volatile sig_atomic_t probing;  /* set by the signal handler's users */

static void on_fault(int sig, siginfo_t *si, void *uc)
{
    if (!probing) {
        /* a fault outside a probe: die of it, init says so */
        struct sigaction dfl = { .sa_handler = SIG_DFL };

        sigaction(sig, &dfl, NULL);
        return;
    }
    probing = 0;
    probe_fault.sig = sig;
    probe_fault.code = si->si_code;
    probe_fault.addr = si->si_addr;
    siglongjmp(probe_env, 1);
}

static void catch_faults(void)
{
    struct sigaction sa = { .sa_sigaction = on_fault, .sa_flags = SA_SIGINFO };

    sigaction(SIGSEGV, &sa, NULL);
    sigaction(SIGBUS, &sa, NULL);
}

/* volatile: the access must happen, where and as written */
static struct fault try_read(const volatile uint8_t *p, uint8_t *val)
{
    memset(&probe_fault, 0, sizeof(probe_fault));
    if (!sigsetjmp(probe_env, 1)) {
        probing = 1;
        *val = *p;
    }
    probing = 0;
    return probe_fault;
}

/* volatile: as try_read's */
static struct fault try_write(volatile uint8_t *p)
{
    memset(&probe_fault, 0, sizeof(probe_fault));
    if (!sigsetjmp(probe_env, 1)) {
        probing = 1;
        *p = 0xcc;
    }
    probing = 0;
    return probe_fault;
}

typedef uint32_t code_fn(void);

static struct fault try_call(void *p, uint32_t *ret)
{
    memset(&probe_fault, 0, sizeof(probe_fault));
    if (!sigsetjmp(probe_env, 1)) {
        probing = 1;
        *ret = ((code_fn *)p)();
    }
    probing = 0;
    return probe_fault;
}

static const char *fault_str(struct fault f)
{
    static char buf[96];

    if (!f.sig) {
        return "no fault";
    }
    snprintf(buf, sizeof(buf), "signal %d si_code %d at %p", f.sig, f.code,
             f.addr);
    return buf;
}

/* Code: mov $value, %eax; ret */
#define OP_MOV_EAX  0xb8

static void put_code(uint8_t *p, uint32_t value)
{
    p[0] = OP_MOV_EAX;
    memcpy(p + 1, &value, 4);
    p[5] = 0xc3;
}

/* The checks themselves */

static void runs(void *p, uint32_t want, const char *name)
{
    uint32_t got = 0;
    struct fault f = try_call(p, &got);

    ok(!f.sig && got == want, name, "%s, returned 0x%x, want 0x%x",
       fault_str(f), got, want);
}

/* A read of p faults or sees want, as the mode says */
static void read_as_expected(const uint8_t *p, uint8_t want, const char *what)
{
    char name[160];
    uint8_t got = 0;
    struct fault f = try_read(p, &got);

    switch (mode) {
    case MODE_NONE:
        snprintf(name, sizeof(name), "%s: a read sees its contents", what);
        ok(!f.sig && got == want, name, "%s, read 0x%x, want 0x%x",
           fault_str(f), got, want);
        break;
    case MODE_XO:
    case MODE_PKEY:
        snprintf(name, sizeof(name), "%s: a read faults with SIGSEGV/%s",
                 what, mode == MODE_XO ? "SEGV_ACCERR" : "SEGV_PKUERR");
        ok(f.sig == SIGSEGV && f.addr == p &&
           f.code == (mode == MODE_XO ? SEGV_ACCERR : SEGV_PKUERR),
           name, "%s (read 0x%x)", fault_str(f), got);
        break;
    }
}

static void write_faults(uint8_t *p, const char *what)
{
    char name[160];
    struct fault f = try_write(p);

    snprintf(name, sizeof(name), "%s: a write faults with SIGSEGV", what);
    ok(f.sig == SIGSEGV && f.addr == p &&
       (f.code == SEGV_ACCERR || f.code == SEGV_PKUERR), name, "%s",
       fault_str(f));
}

static void readable(const uint8_t *p, uint8_t want, const char *name)
{
    uint8_t got = 0;
    struct fault f = try_read(p, &got);

    ok(!f.sig && got == want, name, "%s, read 0x%x, want 0x%x", fault_str(f),
       got, want);
}

static void protect(void *p, size_t len, int prot)
{
    if (mprotect(p, len, prot)) {
        bail("mprotect");
    }
}

/* A mapping with code returning value at its start, then made PROT_EXEC */
static uint8_t *code_map(size_t len, int flags, uint32_t value)
{
    uint8_t *p = mmap(NULL, len, PROT_READ | PROT_WRITE, flags | MAP_ANONYMOUS,
                      -1, 0);

    if (p == MAP_FAILED) {
        bail("mmap");
    }
    put_code(p, value);
    protect(p, len, PROT_EXEC);
    return p;
}

static bool file_has(const char *path, const char *text)
{
    static char buf[1 << 16];
    int fd = open(path, O_RDONLY);
    ssize_t n, len = 0;

    if (fd < 0) {
        return false;
    }
    while ((n = read(fd, buf + len, sizeof(buf) - 1 - len)) > 0) {
        len += n;
    }
    close(fd);
    buf[len] = 0;
    return strstr(buf, text) != NULL;
}

static char klog[1 << 17];

static const char *kernel_log(void)
{
    int n = klogctl(3, klog, sizeof(klog) - 1);    /* SYSLOG_ACTION_READ_ALL */

    klog[n > 0 ? n : 0] = 0;
    return klog;
}

static void check_cpu(void)
{
    char want[96];
    const char *log = kernel_log();
    bool flag = file_has("/proc/cpuinfo", " xo ") ||
                file_has("/proc/cpuinfo", " xo\n");

    if (xobit) {
        ok(flag, "/proc/cpuinfo lists the xo flag", "it does not");
        snprintf(want, sizeof(want), "x86/xo: execute-only page-table bit %d\n",
                 xobit);
        ok(strstr(log, want), "dmesg names XO bit M", "no \"%.*s\" in dmesg",
           (int)strlen(want) - 1, want);
        snprintf(want, sizeof(want), "x86/xo: %s", mode_log[mode]);
        ok(strstr(log, want), "dmesg says how user memory uses XO",
           "no \"%s\" in dmesg", want);
    } else {
        ok(!flag, "/proc/cpuinfo has no xo flag", "it has");
        ok(!strstr(log, "x86/xo:"), "dmesg has no x86/xo line",
           "it has one");
    }
}

static void check_anon(void)
{
    const char *what = "private anonymous PROT_EXEC page";
    uint8_t *p = code_map(PAGE, MAP_PRIVATE, 0x1234);
    uint8_t *fresh;

    runs(p, 0x1234, "a private anonymous PROT_EXEC page runs");
    read_as_expected(p, OP_MOV_EAX, what);
    write_faults(p, what);
    protect(p, PAGE, PROT_READ | PROT_EXEC);
    readable(p, OP_MOV_EAX, "mprotect(PROT_READ|PROT_EXEC) makes it readable");
    runs(p, 0x1234, "mprotect(PROT_READ|PROT_EXEC): it still runs");
    protect(p, PAGE, PROT_EXEC);
    read_as_expected(p, OP_MOV_EAX, "mprotect(PROT_EXEC) once more");
    runs(p, 0x1234, "mprotect(PROT_EXEC) once more: it runs");
    protect(p, PAGE, PROT_READ | PROT_EXEC);
    readable(p, OP_MOV_EAX, "and PROT_READ|PROT_EXEC again: readable");
    munmap(p, PAGE);

    /* never written: the first touch is the read */
    fresh = mmap(NULL, PAGE, PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (fresh == MAP_FAILED) {
        bail("mmap");
    }
    read_as_expected(fresh, 0, "a PROT_EXEC page never touched before");
    munmap(fresh, PAGE);

    p = code_map(PAGE, MAP_SHARED, 0x5678);
    runs(p, 0x5678, "a shared anonymous PROT_EXEC page runs");
    read_as_expected(p, OP_MOV_EAX, "shared anonymous PROT_EXEC page");
    munmap(p, PAGE);
}

/* What a child saw, as bits of its exit status */
#define CHILD_RAN       1
#define CHILD_READ_OK   2       /* its read did what the mode says */
#define CHILD_NEW_CODE  4

static int child_read_ok(const uint8_t *p)
{
    uint8_t got = 0;
    struct fault f = try_read(p, &got);

    switch (mode) {
    case MODE_NONE:
        return !f.sig && got == OP_MOV_EAX;
    case MODE_XO:
        return f.sig == SIGSEGV && f.code == SEGV_ACCERR;
    default:
        return f.sig == SIGSEGV && f.code == SEGV_PKUERR;
    }
}

static int wait_child(pid_t pid)
{
    int status;

    if (pid < 0 || waitpid(pid, &status, 0) != pid) {
        bail("fork/waitpid");
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
}

static void check_fork(void)
{
    uint8_t *p = code_map(PAGE, MAP_PRIVATE, 0xabc);
    uint32_t got = 0;
    pid_t pid;
    int st;

    pid = fork();
    if (pid == 0) {
        st = !try_call(p, &got).sig && got == 0xabc ? CHILD_RAN : 0;
        _exit(st | (child_read_ok(p) ? CHILD_READ_OK : 0));
    }
    st = wait_child(pid);
    ok(st >= 0 && (st & CHILD_RAN), "fork: the child runs the page",
       "child status %d", st);
    ok(st >= 0 && (st & CHILD_READ_OK),
       mode == MODE_NONE ? "fork: the child reads the page" :
       "fork: a read in the child faults", "child status %d", st);

    /* copy on write: the child rewrites its copy, ours stays */
    pid = fork();
    if (pid == 0) {
        protect(p, PAGE, PROT_READ | PROT_WRITE);
        put_code(p, 0xdef);
        protect(p, PAGE, PROT_EXEC);
        st = !try_call(p, &got).sig && got == 0xdef ? CHILD_NEW_CODE : 0;
        _exit(st | (child_read_ok(p) ? CHILD_READ_OK : 0));
    }
    st = wait_child(pid);
    ok(st >= 0 && (st & CHILD_NEW_CODE) && (st & CHILD_READ_OK),
       "copy on write: the child rewrites its copy and runs it, still XO",
       "child status %d", st);
    runs(p, 0xabc, "copy on write: the parent's page keeps its code");
    read_as_expected(p, OP_MOV_EAX, "the parent's page after the child wrote");
    munmap(p, PAGE);
}

static void check_syscalls(void)
{
    uint8_t *p = code_map(PAGE, MAP_PRIVATE, 0x4242);
    uint8_t buf[16];
    int fds[2];
    ssize_t n;
    struct iovec local = { buf, sizeof(buf) }, remote = { p, sizeof(buf) };
    pid_t pid;
    long word;

    if (pipe(fds)) {
        bail("pipe");
    }
    errno = 0;
    n = write(fds[1], p, 16);
    if (mode == MODE_NONE) {
        ok(n == 16, "write(2) from the page writes its contents",
           "returned %zd (%s)", n, strerror(errno));
    } else {
        ok(n < 0 && errno == EFAULT, "write(2) from the page fails with EFAULT",
           "returned %zd (%s)", n, strerror(errno));
    }
    if (n > 0 && read(fds[0], buf, n) != n) {
        bail("read");
    }
    if (write(fds[1], "0123456789abcdef", 16) != 16) {
        bail("write");
    }
    errno = 0;
    n = read(fds[0], p, 16);
    ok(n < 0 && errno == EFAULT, "read(2) into the page fails with EFAULT",
       "returned %zd (%s)", n, strerror(errno));
    close(fds[0]);
    close(fds[1]);

    /* as upstream for any mapping without PROT_READ */
    errno = 0;
    n = process_vm_readv(getpid(), &local, 1, &remote, 1, 0);
    ok(n < 0 && errno == EFAULT,
       "process_vm_readv(2) of the page fails with EFAULT",
       "returned %zd (%s)", n, strerror(errno));

    /*
     * vmsplice(2) pins the pages to read them later: on a present page
     * the lockless get_user_pages_fast() would, if nothing stopped it
     */
    if (pipe(fds)) {
        bail("pipe");
    }
    local.iov_base = p;
    errno = 0;
    n = vmsplice(fds[1], &local, 1, 0);
    if (mode == MODE_NONE) {
        ok(n == 16 && read(fds[0], buf, 16) == 16 && buf[0] == OP_MOV_EAX,
           "vmsplice(2) of the page hands its contents on",
           "returned %zd (%s)", n, strerror(errno));
    } else {
        ok(n < 0 && errno == EFAULT,
           "vmsplice(2) of the page fails with EFAULT",
           "returned %zd (%s)", n, strerror(errno));
    }
    close(fds[0]);
    close(fds[1]);

    /* a debugger reads it: PTRACE_PEEKTEXT goes through the kernel's map */
    pid = fork();
    if (pid == 0) {
        ptrace(PTRACE_TRACEME, 0, NULL, NULL);
        raise(SIGSTOP);
        _exit(0);
    }
    if (pid < 0 || waitpid(pid, NULL, 0) != pid) {
        bail("fork/waitpid");
    }
    errno = 0;
    word = ptrace(PTRACE_PEEKTEXT, pid, p, NULL);
    ok(errno == 0 && (word & 0xff) == OP_MOV_EAX,
       "PTRACE_PEEKTEXT of the page reads its code", "word 0x%lx (%s)", word,
       strerror(errno));
    ptrace(PTRACE_CONT, pid, NULL, NULL);
    wait_child(pid);
    munmap(p, PAGE);
}

/* The execute-only segment of /xo-elf */
static void check_elf(void)
{
    Elf64_Ehdr eh;
    Elf64_Phdr ph;
    int fds[2], fd, i, st;
    char out[64] = "", line[256] = "", want[64];
    uint8_t *p = MAP_FAILED;
    off_t off = 0;
    pid_t pid;
    FILE *maps;
    bool shown = false;
    ssize_t n;

    if (pipe(fds)) {
        bail("pipe");
    }
    pid = fork();
    if (pid == 0) {
        dup2(fds[1], 1);
        execl("/xo-elf", "xo-elf", NULL);
        _exit(127);
    }
    close(fds[1]);
    n = read(fds[0], out, sizeof(out) - 1);
    out[n > 0 ? n : 0] = 0;
    close(fds[0]);
    st = wait_child(pid);
    ok(!strcmp(out, "xo-elf: ran\n"),
       "an ELF program with an execute-only text segment runs",
       "it wrote \"%s\"", out);
    if (mode == MODE_NONE) {
        ok(st == 0, "the program reads its own text", "status %d", st);
    } else {
        ok(st == -SIGSEGV, "the program's read of its own text kills it "
           "with SIGSEGV", "status %d", st);
    }

    /* map that segment of the file ourselves */
    fd = open("/xo-elf", O_RDONLY);
    if (fd < 0 || pread(fd, &eh, sizeof(eh), 0) != sizeof(eh)) {
        bail("/xo-elf");
    }
    for (i = 0; i < eh.e_phnum; i++) {
        if (pread(fd, &ph, sizeof(ph), eh.e_phoff + i * sizeof(ph)) !=
            sizeof(ph)) {
            bail("/xo-elf");
        }
        if (ph.p_type == PT_LOAD && ph.p_flags == PF_X) {
            off = ph.p_offset;
            p = mmap(NULL, PAGE, PROT_EXEC, MAP_PRIVATE, fd, off & ~(PAGE - 1));
            break;
        }
    }
    close(fd);
    ok(p != MAP_FAILED, "mmap of /xo-elf's text segment with PROT_EXEC",
       "no PF_X-only segment, or mmap failed");
    if (p == MAP_FAILED) {
        return;
    }
    p += off & (PAGE - 1);
    runs(p, 0x600df00d, "the file's PROT_EXEC-only mapping runs");
    read_as_expected(p, OP_MOV_EAX, "the file's PROT_EXEC-only mapping");

    snprintf(want, sizeof(want), "%lx-", (unsigned long)p & ~(PAGE - 1));
    maps = fopen("/proc/self/maps", "r");
    while (maps && fgets(line, sizeof(line), maps)) {
        if (!strncmp(line, want, strlen(want))) {
            shown = strstr(line, " --xp ") && strstr(line, "/xo-elf");
            break;
        }
    }
    if (maps) {
        fclose(maps);
    }
    ok(shown, "/proc/self/maps shows the mapping --xp", "line: %s", line);
    munmap((void *)((unsigned long)p & ~(PAGE - 1)), PAGE);
}

/* The AnonHugePages of the mapping at p, in kB; -1 if none is found */
static long anon_huge_kb(void *p)
{
    char line[256];
    unsigned long start, end;
    FILE *f = fopen("/proc/self/smaps", "r");
    bool in = false;
    long kb = -1;

    while (f && fgets(line, sizeof(line), f)) {
        if (sscanf(line, "%lx-%lx ", &start, &end) == 2) {
            in = start == (unsigned long)p;
        } else if (in && sscanf(line, "AnonHugePages: %ld kB", &kb) == 1) {
            break;
        }
    }
    if (f) {
        fclose(f);
    }
    return kb;
}

static uint8_t *huge_code(void)
{
    uint8_t *raw, *p;

    raw = mmap(NULL, 2 * HPAGE, PROT_READ | PROT_WRITE,
               MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (raw == MAP_FAILED) {
        bail("mmap");
    }
    p = (uint8_t *)(((unsigned long)raw + HPAGE - 1) & ~(HPAGE - 1));
    /* leave the huge page a mapping of its own */
    if (p != raw) {
        munmap(raw, p - raw);
    }
    munmap(p + HPAGE, raw + 2 * HPAGE - (p + HPAGE));
    if (madvise(p, HPAGE, MADV_HUGEPAGE)) {
        bail("madvise");
    }
    put_code(p, 0x2000);
    put_code(p + HPAGE / 2 + 3 * PAGE, 0x2001);
    protect(p, HPAGE, PROT_EXEC);
    return p;
}

static void check_huge(uint8_t *p)
{
    long kb = anon_huge_kb(p);

    ok(kb == 2048, "a 2 MiB transparent huge page, PROT_EXEC: still huge",
       "AnonHugePages %ld kB", kb);
    runs(p, 0x2000, "the huge page runs at its start");
    runs(p + HPAGE / 2 + 3 * PAGE, 0x2001, "the huge page runs in its middle");
    read_as_expected(p, OP_MOV_EAX, "the huge page's start");
    read_as_expected(p + HPAGE / 2 + 3 * PAGE, OP_MOV_EAX,
                     "the huge page's middle");
    write_faults(p + PAGE, "the huge page");
}

static void check_huge_readable(uint8_t *p)
{
    protect(p, HPAGE, PROT_READ | PROT_EXEC);
    readable(p + HPAGE / 2 + 3 * PAGE, OP_MOV_EAX,
             "the huge page with PROT_READ|PROT_EXEC: readable");
    runs(p, 0x2000, "the huge page with PROT_READ|PROT_EXEC: runs");
    munmap(p, HPAGE);
}

/* Pages that cross a migration (wait=1) */
static void check_across_migration(void)
{
    uint8_t *p = code_map(PAGE, MAP_PRIVATE, 0x7777);
    uint8_t *huge = huge_code();
    char line[16];

    runs(p, 0x7777, "before the wait: the page runs");
    read_as_expected(p, OP_MOV_EAX, "before the wait");
    printf("# waiting\n");
    fflush(stdout);
    if (!fgets(line, sizeof(line), stdin)) {
        bail("reading the console");
    }
    printf("# going on\n");
    runs(p, 0x7777, "after the wait: the page runs");
    read_as_expected(p, OP_MOV_EAX, "after the wait");
    write_faults(p, "after the wait");
    check_huge(huge);
    check_huge_readable(huge);
    munmap(p, PAGE);
}

static void check_kernel_log(void)
{
    static const char *const bad[] = {
        "Oops", "BUG:", "WARNING:", "general protection", "Bad page",
        "Kernel panic", "kernel BUG",
    };
    const char *log = kernel_log();
    const char *hit = NULL;
    size_t i;

    for (i = 0; i < sizeof(bad) / sizeof(bad[0]) && !hit; i++) {
        hit = strstr(log, bad[i]);
    }
    ok(!hit, "the kernel logged no oops, BUG or warning", "%.120s", hit);
}

static const char *env(const char *name, const char *dflt)
{
    const char *v = getenv(name);

    return v ? v : dflt;
}

/* The checks run in a child: the kernel logs every fault of init */
static int run_checks(void)
{
    catch_faults();
    if (!strcmp(env("wait", "0"), "1")) {
        check_across_migration();
    } else {
        uint8_t *huge;

        check_cpu();
        check_anon();
        check_fork();
        check_syscalls();
        check_elf();
        huge = huge_code();
        check_huge(huge);
        check_huge_readable(huge);
    }
    check_kernel_log();
    printf("1..%d\n", checks);
    return failures != 0;
}

int main(void)
{
    const char *m = env("expect", "none");
    size_t i;
    pid_t pid;
    int status;

    setvbuf(stdout, NULL, _IOLBF, 0);
    for (i = 0; i < sizeof(mode_names) / sizeof(mode_names[0]); i++) {
        if (!strcmp(m, mode_names[i])) {
            mode = i;
        }
    }
    xobit = atoi(env("xobit", "0"));
    if (mount("proc", "/proc", "proc", 0, NULL)) {
        bail("mount /proc");
    }
    printf("# XO guest: expect=%s xobit=%d\n", mode_names[mode], xobit);
    pid = fork();
    if (pid == 0) {
        exit(run_checks());
    }
    if (pid < 0 || waitpid(pid, &status, 0) != pid) {
        bail("fork/waitpid");
    }
    if (WIFSIGNALED(status)) {
        printf("Bail out! the checks were killed by signal %d\n",
               WTERMSIG(status));
    }
    sync();
    reboot(RB_AUTOBOOT);
    return 1;
}
