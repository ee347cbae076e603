/*
 * SBI FWFT state the guest sets survives a migration: each feature the
 * host's KVM supports is set to a value a new vCPU does not have, read
 * back, and read again on the destination (testbed/tests/guest-migrate.sh
 * migrates the VM while the program waits).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "guest.h"

#define SBI_EXT_FWFT        0x46574654
#define FWFT_SET            0
#define FWFT_GET            1

static const struct {
    const char *name;
    const char *set, *read, *kept;  /* the checks' names */
    unsigned long id;       /* the SBI FWFT feature */
    unsigned long value;    /* to set: a new vCPU has 0 */
} features[] = {
    { "misaligned-exc-deleg", "misaligned-exc-deleg-set",
      "misaligned-exc-deleg-read", "misaligned-exc-deleg-kept", 0x0, 1 },
    { "pointer-masking-pmlen", "pointer-masking-pmlen-set",
      "pointer-masking-pmlen-read", "pointer-masking-pmlen-kept", 0x5, 7 },
};
#define NR_FEATURES (sizeof(features) / sizeof(features[0]))

static struct sbiret fwft_get(unsigned long id)
{
    return sbi_call(SBI_EXT_FWFT, FWFT_GET, id, 0, 0);
}

void test_main(unsigned long hartid, void *fdt)
{
    bool on[NR_FEATURES] = { false };
    unsigned n_on = 0;
    struct sbiret r;

    if (!sbi_has(SBI_EXT_FWFT)) {
        skip_all("the host's KVM has no SBI FWFT");
    }
    for (unsigned i = 0; i < NR_FEATURES; i++) {
        r = sbi_call(SBI_EXT_FWFT, FWFT_SET, features[i].id,
                     features[i].value, 0);
        if (r.error == SBI_ERR_NOT_SUPPORTED) {
            puts_console("# fwft: not supported on this host: ");
            puts_console(features[i].name);
            puts_console("\n");
            continue;
        }
        check(features[i].set, !r.error, "set failed", r.error);
        r = fwft_get(features[i].id);
        check(features[i].read, !r.error && r.value == features[i].value,
              "read back another value", r.error ? r.error : r.value);
        on[i] = true;
        n_on++;
    }
    if (!n_on) {
        check("fwft-some-feature", false,
              "the host supports no FWFT feature to migrate", 0);
        return;
    }
    check("fwft-migrated", wait_for_migration(),
          "no sign of the migration's destination", 0);
    for (unsigned i = 0; i < NR_FEATURES; i++) {
        if (!on[i]) {
            continue;
        }
        r = fwft_get(features[i].id);
        check(features[i].kept, !r.error && r.value == features[i].value,
              "changed by the migration", r.error ? r.error : r.value);
    }
}
