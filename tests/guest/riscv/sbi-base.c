/*
 * SBI base extension and probing; unknown extensions and functions
 * return SBI_ERR_NOT_SUPPORTED and the guest goes on.  The extensions a
 * host kernel may or may not offer are listed as "# sbi-ext NAME 0|1"
 * (testbed/tests/host-features.sh compares them with what that kernel
 * is known to offer).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "guest.h"

void test_main(unsigned long hartid, void *fdt)
{
    static const unsigned long present[] = {
        SBI_EXT_TIME, SBI_EXT_IPI, SBI_EXT_RFENCE, SBI_EXT_HSM, SBI_EXT_SRST,
    };
    /* by the Linux version whose KVM brought them */
    static const struct {
        const char *name;
        unsigned long id;
    } optional[] = {
        { "pmu", 0x504D55 },
        { "dbcn", SBI_EXT_DBCN },
        { "sta", 0x535441 },
        { "susp", 0x53555350 },
        { "fwft", 0x46574654 },
        { "mpxy", 0x4D505859 },
    };
    struct sbiret r;

    r = sbi_call(SBI_EXT_BASE, 0, 0, 0, 0);
    check("base-spec-version", !r.error && r.value >= 0x2,
          "spec version below 0.2", r.value);
    r = sbi_call(SBI_EXT_BASE, 1, 0, 0, 0);
    check("base-impl-id", !r.error, "get_impl_id failed", r.error);
    for (unsigned i = 0; i < sizeof(present) / sizeof(present[0]); i++) {
        r = sbi_call(SBI_EXT_BASE, 3, present[i], 0, 0);
        if (r.error || !r.value) {
            check("probe-present", false, "extension not probed", present[i]);
            return;
        }
    }
    check("probe-present", true, "", 0);
    r = sbi_call(SBI_EXT_BASE, 3, 0x0badc0de, 0, 0);
    check("probe-absent", !r.error && r.value == 0,
          "an unknown extension probed as present", r.value);

    /* experimental range: the kernel forwards these to QEMU */
    r = sbi_call(0x08000123, 0, 1, 2, 3);
    check("unknown-extension-not-supported",
          r.error == SBI_ERR_NOT_SUPPORTED, "wrong error", r.error);
    r = sbi_call(0x0badc0de, 7, 0, 0, 0);
    check("unknown-extension-2-not-supported",
          r.error == SBI_ERR_NOT_SUPPORTED, "wrong error", r.error);
    /* a function QEMU serves none of, in an extension KVM forwards */
    if (sbi_has(SBI_EXT_DBCN)) {
        r = sbi_call(SBI_EXT_DBCN, 99, 0, 0, 0);
        check("unknown-function-not-supported",
              r.error == SBI_ERR_NOT_SUPPORTED, "wrong error", r.error);
    }
    /* MPXY, which KVM would forward and QEMU does not serve: refused */
    r = sbi_call(0x4D505859, 0, 0, 0, 0);
    check("mpxy-not-supported", r.error == SBI_ERR_NOT_SUPPORTED,
          "wrong error", r.error);
    for (unsigned i = 0; i < sizeof(optional) / sizeof(optional[0]); i++) {
        puts_console("# sbi-ext ");
        puts_console(optional[i].name);
        puts_console(sbi_has(optional[i].id) ? " 1\n" : " 0\n");
    }
    check("guest-goes-on", true, "", 0);
}
