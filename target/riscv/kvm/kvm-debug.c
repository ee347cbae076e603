/*
 * RISC-V KVM: guest debugging (gdbstub) through KVM_SET_GUEST_DEBUG
 *
 * Software breakpoints replace the instruction at the breakpoint with
 * ebreak (c.ebreak over a compressed instruction); with guest debugging
 * enabled, KVM exits to QEMU on ebreak instead of giving it to the guest.
 * KVM RISC-V has no interface for hardware breakpoints or watchpoints.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include <linux/kvm.h>
#include "system/kvm.h"
#include "cpu.h"
#include "kvm_riscv.h"
#include "kvm-debug.h"
#include "trace.h"

#define INSN_EBREAK     0x00100073U
#define INSN_C_EBREAK   0x9002U

/* Instructions whose two low bits are not 0b11 are 16-bit (compressed). */
static unsigned insn_len_at(CPUState *cs, vaddr pc, int *err)
{
    uint16_t low = 0;

    *err = cpu_memory_rw_debug(cs, pc, &low, sizeof(low), false);
    return (low & 3) == 3 ? 4 : 2;
}

int kvm_arch_insert_sw_breakpoint(CPUState *cs, struct kvm_sw_breakpoint *bp)
{
    uint32_t ebreak;
    int err;
    unsigned len = insn_len_at(cs, bp->pc, &err);

    if (err) {
        return -EINVAL;
    }
    bp->saved_insn = 0;
    ebreak = len == 4 ? INSN_EBREAK : INSN_C_EBREAK;
    if (cpu_memory_rw_debug(cs, bp->pc, &bp->saved_insn, len, false) ||
        cpu_memory_rw_debug(cs, bp->pc, &ebreak, len, true)) {
        return -EINVAL;
    }
    trace_kvm_riscv_breakpoint(bp->pc, len, 1);
    return 0;
}

int kvm_arch_remove_sw_breakpoint(CPUState *cs, struct kvm_sw_breakpoint *bp)
{
    unsigned len = (bp->saved_insn & 3) == 3 ? 4 : 2;

    trace_kvm_riscv_breakpoint(bp->pc, len, 0);
    return cpu_memory_rw_debug(cs, bp->pc, &bp->saved_insn, len, true) ?
           -EINVAL : 0;
}

void kvm_arch_update_guest_debug(CPUState *cs, struct kvm_guest_debug *dbg)
{
    if (kvm_sw_breakpoints_active(cs)) {
        dbg->control |= KVM_GUESTDBG_ENABLE;
    }
}

KVMRISCVDebugExit kvm_riscv_debug_exit(CPUState *cs)
{
    vaddr pc;
    uint32_t insn = 0;
    int err;
    unsigned len;

    kvm_cpu_synchronize_state(cs);
    pc = RISCV_CPU(cs)->env.pc;
    if (kvm_find_sw_breakpoint(cs, pc)) {
        return KVM_RISCV_DEBUG_OURS;
    }
    len = insn_len_at(cs, pc, &err);
    if (err || cpu_memory_rw_debug(cs, pc, &insn, len, false)) {
        return KVM_RISCV_DEBUG_GONE;
    }
    insn = le32_to_cpu(insn);
    if (len == 4 ? insn == INSN_EBREAK : (insn & 0xffff) == INSN_C_EBREAK) {
        return KVM_RISCV_DEBUG_GUEST;
    }
    /* a breakpoint of ours removed since this vCPU hit it */
    return KVM_RISCV_DEBUG_GONE;
}

/* The hardware-debug hooks: nothing to program, so nothing to insert. */
static int hw_debug_refused(const char *op, vaddr addr, int type)
{
    trace_kvm_riscv_hw_debug_refused(op, addr, type);
    return -ENOSYS;
}

int kvm_arch_insert_hw_breakpoint(vaddr addr, vaddr len, int type)
{
    return hw_debug_refused("insert", addr, type);
}

int kvm_arch_remove_hw_breakpoint(vaddr addr, vaddr len, int type)
{
    return hw_debug_refused("remove", addr, type);
}

void kvm_arch_remove_all_hw_breakpoints(void)
{
    /* none can have been inserted */
}
