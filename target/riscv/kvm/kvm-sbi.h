/*
 * RISC-V KVM: SBI calls the kernel forwards to userspace
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef TARGET_RISCV_KVM_SBI_H
#define TARGET_RISCV_KVM_SBI_H

#include <linux/kvm.h>

/* Answer the KVM_EXIT_RISCV_SBI in run; the guest always gets an answer. */
void kvm_riscv_sbi_call(CPUState *cs, struct kvm_run *run);

#endif
