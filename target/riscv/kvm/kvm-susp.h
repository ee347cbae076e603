/*
 * RISC-V KVM: SBI system suspend as QEMU's suspended run state
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef TARGET_RISCV_KVM_SUSP_H
#define TARGET_RISCV_KVM_SUSP_H

/*
 * Under KVM: system_wakeup resumes a hart asleep in SBI system suspend;
 * OFFERED (the vCPU has SBI SUSP): the machine says it can be woken.
 */
void kvm_riscv_susp_init(bool offered);

#endif
