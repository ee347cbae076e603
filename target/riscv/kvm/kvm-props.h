/*
 * RISC-V KVM: what the host offers, and the host CPU's properties
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef TARGET_RISCV_KVM_PROPS_H
#define TARGET_RISCV_KVM_PROPS_H

#include "cpu.h"

/*
 * Apply the user's ISA and SBI extension choices to a new vCPU (its
 * ISA_EXT and SBI_EXT registers), and the configuration QEMU keeps
 * (mvendorid, marchid, mimpid).
 */
int riscv_kvm_props_apply(CPUState *cs, Error **errp);

/* The host's timebase frequency, read when the first vCPU was created. */
extern uint64_t riscv_kvm_timebase_hz;

#endif
