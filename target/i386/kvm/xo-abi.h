/*
 * KVM execute-only guest memory (XO): the kernel ABI this series uses
 * (a kernel header would hold it; upstream Linux has none)
 *
 * Upstream Linux has no XO.  The 2019 "XOM for KVM guest userspace"
 * series defined a memslot flag 1 << 2 and capability 174; upstream has
 * since given those numbers to KVM_MEM_GUEST_MEMFD and
 * KVM_CAP_ARM_IRQ_LINE_LAYOUT_2, so a kernel that carries XO today must
 * use the numbers below, which upstream does not use.
 *
 * Support is not probed with a capability: a kernel supports XO when
 * KVM_GET_SUPPORTED_CPUID reports leaf KVM_CPUID_XO with
 * KVM_CPUID_XO_PRESENT in EAX (the KVM maintainer's request in review
 * of the 2019 series).  docs/system/i386/xo.rst has the whole ABI.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef TARGET_I386_KVM_XO_ABI_H
#define TARGET_I386_KVM_XO_ABI_H

/* CPUID leaf and EAX bit: XO is present */
#define KVM_CPUID_XO                0x40000030
#define KVM_CPUID_XO_PRESENT        (1U << 0)

/*
 * KVM_SET_USER_MEMORY_REGION(2) flag: the guest may only fetch
 * instructions from this slot.  A data access through it is turned into
 * a guest #PF with P=1 (and W/R=1 for a write).
 */
#define KVM_MEM_XO_EXECONLY         (1U << 16)

#endif
