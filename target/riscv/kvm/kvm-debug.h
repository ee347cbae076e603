/*
 * RISC-V KVM: guest debugging (gdbstub)
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef TARGET_RISCV_KVM_DEBUG_H
#define TARGET_RISCV_KVM_DEBUG_H

typedef enum KVMRISCVDebugExit {
    KVM_RISCV_DEBUG_OURS,       /* a gdb breakpoint: stop for gdb */
    KVM_RISCV_DEBUG_GUEST,      /* the guest's own ebreak */
    KVM_RISCV_DEBUG_GONE,       /* no ebreak there now: run on */
} KVMRISCVDebugExit;

/* What the ebreak of a KVM_EXIT_DEBUG was. */
KVMRISCVDebugExit kvm_riscv_debug_exit(CPUState *cs);

#endif
