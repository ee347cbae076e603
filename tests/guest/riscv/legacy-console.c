/*
 * The legacy SBI v0.1 console calls, which KVM forwards to QEMU when the
 * host kernel has CONFIG_RISCV_SBI_V01: run with -accel
 * kvm,sbi-console=ID and a chardev whose input holds "hello from the
 * host\n".  console_getchar returns the line a character at a time, then
 * -1 once it is read; console_putchar echoes it back, one character per
 * call, on a line the test script looks for.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "guest.h"

#define EXPECTED    "hello from the host\n"
#define WAIT_TICKS  (100UL * 1000 * 1000)   /* 10 s at a 10 MHz timebase */

static long legacy_getchar(void)
{
    return sbi_call(SBI_EXT_LEGACY_GETCHAR, 0, 0, 0, 0).error;
}

static long legacy_putchar(char c)
{
    return sbi_call(SBI_EXT_LEGACY_PUTCHAR, 0, (unsigned char)c, 0, 0).error;
}

void test_main(unsigned long hartid, void *fdt)
{
    static char line[64];
    static const char prefix[] = "# legacy echo: ";
    unsigned long got = 0, want = sizeof(EXPECTED) - 1;
    unsigned long start = rdtime();
    long c = -1, put = 0;
    bool same = true;

    /* the first character may take a moment to reach QEMU */
    while (got < want && rdtime() - start < WAIT_TICKS) {
        c = legacy_getchar();
        if (c >= 0) {
            line[got++] = c;
        }
    }
    for (unsigned long i = 0; i < want; i++) {
        same = same && line[i] == EXPECTED[i];
    }
    check("legacy-getchar-line", got == want && same,
          "did not read the host's line", got);
    c = legacy_getchar();
    check("legacy-getchar-empty", c == -1,
          "no input left should read -1", c);
    for (unsigned long i = 0; prefix[i]; i++) {
        put |= legacy_putchar(prefix[i]);
    }
    for (unsigned long i = 0; i < got; i++) {
        put |= legacy_putchar(line[i]);
    }
    check("legacy-putchar", put == 0, "putchar returned an error", put);
}
