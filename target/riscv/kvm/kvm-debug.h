/*
 * RISC-V KVM: guest debugging (gdbstub)
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef TARGET_RISCV_KVM_DEBUG_H
#define TARGET_RISCV_KVM_DEBUG_H

/* A KVM_EXIT_DEBUG: true when it hit one of gdb's breakpoints. */
bool kvm_riscv_debug_exit(CPUState *cs);

#endif
