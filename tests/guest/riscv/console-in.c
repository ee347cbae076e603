/*
 * SBI console input: run with -accel kvm,sbi-console=ID and a chardev
 * whose input holds "hello from the host\n".  DBCN read gets the line; a
 * read into a buffer outside guest memory is refused and loses no input;
 * the line is echoed back through DBCN write.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "guest.h"

#define EXPECTED    "hello from the host\n"
#define WAIT_TICKS  (100UL * 1000 * 1000)   /* 10 s at a 10 MHz timebase */

static bool same(const char *a, const char *b, unsigned long n)
{
    for (unsigned long i = 0; i < n; i++) {
        if (a[i] != b[i]) {
            return false;
        }
    }
    return true;
}

void test_main(unsigned long hartid, void *fdt)
{
    static char line[64];
    unsigned long got = 0, want = sizeof(EXPECTED) - 1;
    unsigned long start = rdtime();
    struct sbiret r;
    bool refused = false;

    if (!sbi_has(SBI_EXT_DBCN)) {
        skip_all("the host's KVM has no SBI DBCN (Linux 6.8 and later)");
    }

    /* wait for the first input, then try a bad buffer before reading it */
    while (rdtime() - start < WAIT_TICKS) {
        r = sbi_call(SBI_EXT_DBCN, 1, 0, (unsigned long)line, 0);
        if (r.error) {
            break;
        }
        r = sbi_call(SBI_EXT_DBCN, 1, 4, 0xfffffff000UL, 0);
        refused = r.error == SBI_ERR_INVALID_PARAM;
        if (!refused) {
            break;
        }
        r = sbi_call(SBI_EXT_DBCN, 1, want - got, (unsigned long)line + got,
                     0);
        if (r.error) {
            break;
        }
        got += r.value;
        if (got >= want) {
            break;
        }
    }
    check("dbcn-read-bad-buffer-refused", refused,
          "a buffer outside RAM was accepted", r.error);
    check("dbcn-read-line", got == want && same(line, EXPECTED, want),
          "did not read the host's line", got);
    puts_console("# echo: ");
    r = sbi_call(SBI_EXT_DBCN, 0, got, (unsigned long)line, 0);
    check("dbcn-echo", !r.error && r.value == got, "echo failed", r.error);
}
