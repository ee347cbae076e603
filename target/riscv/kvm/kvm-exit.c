/*
 * RISC-V KVM: exits that reach userspace
 *
 * An SBI call the kernel forwards is answered by kvm-sbi.c; a CSR access
 * the kernel leaves to userspace is served (seed) or made an
 * illegal-instruction trap; gdb's breakpoints stop the vCPU, and the
 * guest's own ebreaks trap in the guest.  Those are the guest's doing
 * and the guest always gets an answer.  An exit this
 * accelerator does not know stops the VM with internal-error, naming it.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include <linux/kvm.h>
#include "qemu/error-report.h"
#include "qemu/log.h"
#include "system/kvm.h"
#include "system/hw_accel.h"
#include "cpu.h"
#include "kvm-debug.h"
#include "kvm-sbi.h"
#include "trace.h"

/* Names of the exit reasons a RISC-V vCPU may see, for the error. */
static const char *exit_reason_name(uint32_t reason)
{
    static const char *const names[] = {
        [KVM_EXIT_UNKNOWN] = "KVM_EXIT_UNKNOWN",
        [KVM_EXIT_EXCEPTION] = "KVM_EXIT_EXCEPTION",
        [KVM_EXIT_IO] = "KVM_EXIT_IO",
        [KVM_EXIT_HYPERCALL] = "KVM_EXIT_HYPERCALL",
        [KVM_EXIT_DEBUG] = "KVM_EXIT_DEBUG",
        [KVM_EXIT_HLT] = "KVM_EXIT_HLT",
        [KVM_EXIT_MMIO] = "KVM_EXIT_MMIO",
        [KVM_EXIT_SHUTDOWN] = "KVM_EXIT_SHUTDOWN",
        [KVM_EXIT_FAIL_ENTRY] = "KVM_EXIT_FAIL_ENTRY",
        [KVM_EXIT_INTR] = "KVM_EXIT_INTR",
        [KVM_EXIT_INTERNAL_ERROR] = "KVM_EXIT_INTERNAL_ERROR",
        [KVM_EXIT_SYSTEM_EVENT] = "KVM_EXIT_SYSTEM_EVENT",
        [KVM_EXIT_RISCV_SBI] = "KVM_EXIT_RISCV_SBI",
        [KVM_EXIT_RISCV_CSR] = "KVM_EXIT_RISCV_CSR",
        [KVM_EXIT_MEMORY_FAULT] = "KVM_EXIT_MEMORY_FAULT",
    };

    return reason < ARRAY_SIZE(names) && names[reason] ? names[reason] :
           "not known to QEMU";
}

/*
 * Make the guest take an exception at its pc, as the hart would: sepc,
 * scause, stval and sstatus set, S-mode, and the pc at the trap vector's
 * base (exceptions go there in both stvec modes).  KVM may still move
 * the pc when the vCPU runs again: resume_bias is added for that.
 */
static void guest_trap(CPUState *cs, target_ulong cause, target_ulong tval,
                       target_long resume_bias)
{
    CPURISCVState *env = &RISCV_CPU(cs)->env;
    uint64_t status = env->mstatus;     /* KVM's sstatus lives in mstatus */

    status = set_field(status, MSTATUS_SPP, env->priv != PRV_U);
    status = set_field(status, MSTATUS_SPIE, get_field(status, MSTATUS_SIE));
    status = set_field(status, MSTATUS_SIE, 0);
    env->mstatus = status;
    env->sepc = env->pc;
    env->scause = cause;
    env->stval = tval;
    env->priv = PRV_S;
    env->pc = (env->stvec & ~(target_ulong)3) + resume_bias;
}

/*
 * Make the guest take an illegal-instruction trap on the CSR instruction
 * KVM stopped at.  KVM completes that instruction when the vCPU runs
 * again: it writes ret_value to rd and moves the pc past the 4-byte
 * instruction.  So rd is handed its own value back and the pc is put 4
 * bytes before the trap vector.
 */
static target_ulong csr_illegal(CPUState *cs, unsigned long num)
{
    CPURISCVState *env = &RISCV_CPU(cs)->env;
    uint32_t insn = 0;
    target_ulong rd_value = 0;

    cpu_synchronize_state(cs);
    if (cpu_memory_rw_debug(cs, env->pc, &insn, sizeof(insn), false) == 0) {
        unsigned rd;

        insn = le32_to_cpu(insn);
        rd = extract32(insn, 7, 5);
        rd_value = rd ? env->gpr[rd] : 0;
    } else {
        qemu_log_mask(LOG_GUEST_ERROR, "KVM: vCPU %d: cannot read the CSR "
                      "instruction at 0x%" PRIx64 "; its rd reads as 0\n",
                      cs->cpu_index, (uint64_t)env->pc);
        insn = 0;
    }
    qemu_log_mask(LOG_GUEST_ERROR, "KVM: vCPU %d accessed CSR 0x%lx, which "
                  "QEMU does not emulate: illegal-instruction trap\n",
                  cs->cpu_index, num);
    guest_trap(cs, RISCV_EXCP_ILLEGAL_INST, insn, -4);
    trace_kvm_riscv_csr_illegal(cs->cpu_index, num, env->sepc);
    return rd_value;
}

/*
 * With gdb's breakpoints in, every ebreak reaches QEMU.  One of ours
 * stops the VM for gdb; any other is the guest's own (a debugger in the
 * guest, say), and the guest takes its breakpoint exception as it would
 * have without gdb.
 */
static int debug_exit(CPUState *cs)
{
    CPURISCVState *env = &RISCV_CPU(cs)->env;

    switch (kvm_riscv_debug_exit(cs)) {
    case KVM_RISCV_DEBUG_OURS:
        return EXCP_DEBUG;
    case KVM_RISCV_DEBUG_GUEST:
        guest_trap(cs, RISCV_EXCP_BREAKPOINT, env->pc, 0);
        trace_kvm_riscv_guest_ebreak(cs->cpu_index, env->sepc);
        return 0;
    default:
        return 0;       /* the instruction is back: it runs */
    }
}

static void handle_csr(CPUState *cs, struct kvm_run *run)
{
    unsigned long num = run->riscv_csr.csr_num;

    if (num == CSR_SEED) {
        run->riscv_csr.ret_value =
            riscv_new_csr_seed(run->riscv_csr.new_value,
                               run->riscv_csr.write_mask);
    } else {
        run->riscv_csr.ret_value = csr_illegal(cs, num);
        return;
    }
    trace_kvm_riscv_csr(cs->cpu_index, num, run->riscv_csr.ret_value);
}

int kvm_arch_handle_exit(CPUState *cs, struct kvm_run *run)
{
    switch (run->exit_reason) {
    case KVM_EXIT_RISCV_SBI:
        kvm_riscv_sbi_call(cs, run);
        return 0;
    case KVM_EXIT_RISCV_CSR:
        handle_csr(cs, run);
        return 0;
    case KVM_EXIT_DEBUG:
        return debug_exit(cs);
    default:
        /* kvm-all stops the VM with internal-error and dumps the vCPU */
        error_report("KVM: vCPU %d: unknown exit reason %d (%s)",
                     cs->cpu_index, run->exit_reason,
                     exit_reason_name(run->exit_reason));
        return -1;
    }
}

bool kvm_arch_stop_on_emulation_error(CPUState *cs)
{
    return true;
}
