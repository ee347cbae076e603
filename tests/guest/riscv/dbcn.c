/*
 * SBI debug console: write, write_byte, read, and buffers that are not
 * guest memory.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "guest.h"

void test_main(unsigned long hartid, void *fdt)
{
    static const char msg[] = "dbcn: hello from the guest\n";
    static char inbuf[16];
    struct sbiret r;

    if (!sbi_has(SBI_EXT_DBCN)) {
        skip_all("the host's KVM has no SBI DBCN (Linux 6.8 and later)");
    }

    r = sbi_call(SBI_EXT_DBCN, 0, sizeof(msg) - 1, (unsigned long)msg, 0);
    check("dbcn-write", !r.error && r.value == sizeof(msg) - 1,
          "write did not take the whole buffer", r.value);
    r = sbi_call(SBI_EXT_DBCN, 2, '\n', 0, 0);
    check("dbcn-write-byte", !r.error, "write_byte failed", r.error);
    r = sbi_call(SBI_EXT_DBCN, 1, sizeof(inbuf), (unsigned long)inbuf, 0);
    check("dbcn-read", !r.error && r.value >= 0 &&
          r.value <= (long)sizeof(inbuf), "read failed", r.error);
    r = sbi_call(SBI_EXT_DBCN, 0, 16, 0xfffffff000UL, 0);
    check("dbcn-write-outside-ram", r.error == SBI_ERR_INVALID_PARAM,
          "a buffer outside RAM was accepted", r.error);
    r = sbi_call(SBI_EXT_DBCN, 0, 16, (unsigned long)msg, 1);
    check("dbcn-write-high-address", r.error == SBI_ERR_INVALID_PARAM,
          "a buffer above 4 GiB of XLEN was accepted", r.error);
    r = sbi_call(SBI_EXT_DBCN, 0, -1UL, (unsigned long)msg, 0);
    check("dbcn-write-huge-length", r.error == SBI_ERR_INVALID_PARAM ||
          (!r.error && r.value > 0), "a huge length broke the call",
          r.error);
}
