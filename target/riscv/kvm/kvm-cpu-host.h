/*
 * RISC-V KVM: the host CPU model
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef TARGET_RISCV_KVM_CPU_HOST_H
#define TARGET_RISCV_KVM_CPU_HOST_H

#include "cpu.h"

/*
 * Apply the user's ISA and SBI extension choices of this CPU object to
 * its new vCPU (the ISA_EXT and SBI_EXT registers).
 */
int kvm_riscv_cpu_host_apply(CPUState *cs, Error **errp);
/* The vCPU has this SBI extension (KVM_RISCV_SBI_EXT_*) on. */
bool kvm_riscv_cpu_sbi_on(RISCVCPU *cpu, unsigned kvm_id);

#endif
