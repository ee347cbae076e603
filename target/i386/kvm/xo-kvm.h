/*
 * x86 execute-only guest memory (XO) with KVM
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef TARGET_I386_KVM_XO_KVM_H
#define TARGET_I386_KVM_XO_KVM_H

#include "linux/kvm.h"

/*
 * Does the kernel support XO?  It does when KVM_GET_SUPPORTED_CPUID
 * reports leaf 0x40000030 with EAX bit 0.
 */
bool kvm_xo_supported(void);

/*
 * Make every RAM memslot get an execute-only alias at gpa | xo_mask.
 * Half of KVM's memslots are kept for the aliases.
 */
bool kvm_xo_enable(uint64_t xo_mask, Error **errp);

/*
 * Add the XO leaf (and the hypervisor leaf 0x40000000 that covers it,
 * when there is none) to the n entries of a vCPU's CPUID table, which
 * has room for max; return the new number of entries, or a negative
 * errno (reported) when the table is full or the hypervisor leaves are
 * not KVM's.
 */
int kvm_xo_add_cpuid(X86CPU *cpu, struct kvm_cpuid2 *cpuid, int n, int max);

#endif
