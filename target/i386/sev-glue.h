/*
 * AMD SEV: ASID capacity and the errors users meet when ASIDs run out
 *
 * Pure functions, tested by tests/series/test-sev-glue.c: they read
 * CPUID values and misc-cgroup file text given to them.  sev-host.c reads
 * the host and reports.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef TARGET_I386_SEV_GLUE_H
#define TARGET_I386_SEV_GLUE_H

#include "qapi/error.h"

/*
 * The kinds of guest with an ASID range of their own.  SEV-SNP guests
 * take their ASIDs from the SEV-ES range.
 */
typedef enum SevAsidKind {
    SEV_ASID_SEV,
    SEV_ASID_SEV_ES,
    SEV_ASID__MAX,
} SevAsidKind;

/* the misc cgroup's resource names, and the kinds' names for users */
extern const char *const sev_asid_misc_key[SEV_ASID__MAX];
extern const char *const sev_asid_kind_name[SEV_ASID__MAX];

#define SEV_MISC_UNLIMITED      UINT64_MAX

typedef enum SevAsidSourceKind {
    SEV_ASID_FROM_NONE,
    SEV_ASID_FROM_MISC_CGROUP,
    SEV_ASID_FROM_CPUID,
} SevAsidSourceKind;

typedef struct SevAsidState {
    SevAsidSourceKind source;
    uint64_t capacity[SEV_ASID__MAX];   /* guests that can run at once */
    bool have_current;
    uint64_t current[SEV_ASID__MAX];    /* ASIDs in use, host-wide */
    bool have_max;
    uint64_t max[SEV_ASID__MAX];        /* QEMU's cgroup's limit */
} SevAsidState;

/*
 * CPUID 0x8000001F: EAX bit 1 says SEV is there, ECX is the number of
 * ASIDs for encrypted guests, EDX the lowest ASID a plain SEV guest may
 * use; ASIDs below it are for SEV-ES (and SEV-SNP) guests.  Pass EAX 0
 * for a CPU without the leaf.
 */
#define SEV_CPUID_EAX_SEV       (1U << 1)
void sev_asid_from_cpuid(uint32_t eax, uint32_t ecx, uint32_t edx,
                         SevAsidState *s);

/*
 * The value of key in misc-cgroup file text ("sev 509\nsev_es 10\n"):
 * "max" is SEV_MISC_UNLIMITED.  False when key is missing or malformed.
 */
bool sev_misc_value(const char *text, const char *key, uint64_t *value);

/*
 * Fill out the capacity (misc.capacity of the root cgroup), the host's
 * use (its misc.current) and the limit of QEMU's cgroup (its misc.max);
 * each may be NULL when the host has no such file.  False, with s left
 * alone, when the capacity does not name both SEV resources.
 */
bool sev_asid_from_misc(const char *capacity, const char *current,
                        const char *max, SevAsidState *s);

/*
 * What to tell the user when KVM_SEV_INIT, KVM_SEV_ES_INIT or
 * KVM_SEV_INIT2 failed with err (a positive errno) for a guest of kind.
 * NULL for an errno with no advice of its own.
 */
char *sev_init_error_text(int err, SevAsidKind kind, const SevAsidState *s);

/* sev-guest property checks */
bool sev_check_cbitpos(uint32_t cbitpos, Error **errp);
bool sev_check_reduced_phys_bits(uint32_t bits, Error **errp);

#endif
