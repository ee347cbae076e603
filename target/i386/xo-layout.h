/*
 * x86 execute-only guest memory (XO): address-space arithmetic
 *
 * With XO, the guest sees a MAXPHYADDR one less than the machine's
 * physical-address width.  Bit M, M being that reported MAXPHYADDR, is the
 * XO bit: a leaf page-table entry whose frame address has bit M set maps
 * the same memory execute-only.  Under KVM every RAM slot at guest address
 * g gets an alias slot at g | (1 << M).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef TARGET_I386_XO_LAYOUT_H
#define TARGET_I386_XO_LAYOUT_H

#include "qapi/error.h"
#include "kvm/xo-abi.h"

/* Hypervisor CPUID leaf that announces XO, and its EAX bit */
#define XO_CPUID_LEAF           KVM_CPUID_XO
#define XO_CPUID_EAX_PRESENT    KVM_CPUID_XO_PRESENT

/* the narrowest and widest machine physical-address widths XO allows */
#define XO_MIN_PHYS_BITS        33
#define XO_MAX_PHYS_BITS        52

typedef struct XoLayout {
    unsigned phys_bits;     /* the machine's physical-address width */
    unsigned maxphyaddr;    /* CPUID 0x80000008 EAX[7:0]: phys_bits - 1 */
    uint64_t xo_mask;       /* 1 << maxphyaddr: the XO bit */
} XoLayout;

/*
 * Compute the layout for a guest with phys_bits of physical address
 * space whose RAM ends below ram_end (exclusive), and check that it can
 * work: host_phys_bits (0 when no host limit applies, as under TCG) must
 * cover the alias space, and all RAM must lie below the XO bit.
 */
bool xo_layout_init(XoLayout *l, unsigned phys_bits, unsigned host_phys_bits,
                    uint64_t ram_end, Error **errp);

/* The execute-only alias of guest-physical address gpa. */
static inline uint64_t xo_alias(const XoLayout *l, uint64_t gpa)
{
    return gpa | l->xo_mask;
}

/* Does gpa lie in the execute-only alias space? */
static inline bool xo_is_alias(const XoLayout *l, uint64_t gpa)
{
    return gpa & l->xo_mask;
}

/*
 * Check that ram_slots RAM memslots and their aliases fit in the
 * max_slots memslots KVM offers.
 */
bool xo_slots_fit(unsigned ram_slots, unsigned max_slots, Error **errp);

/*
 * With SEV, check that the XO bit stays below the C-bit (cbitpos) and
 * that the alias space fits the host's physical-address width less the
 * reduced bits SEV takes (host_phys_bits 0: no host limit).
 */
bool xo_sev_check(const XoLayout *l, unsigned cbitpos, unsigned reduced,
                  unsigned host_phys_bits, Error **errp);

#endif
