/*
 * RISC-V KVM: vCPU lifecycle, register sync, reset, interrupts, time
 *
 * A vCPU's state lives in its RISCVCPU: the registers in env, what KVM
 * holds beyond them (run state, SBI steal-time memory, timer frequency)
 * in env's kvm_* fields, migrated in the CPU's "cpu/kvmtimer" and
 * "cpu/kvm-vcpu" subsections (target/riscv/machine.c).  Registers move
 * between QEMU and KVM only when QEMU needs them (reset, migration, the
 * monitor, gdb): an MMIO or SBI exit syncs nothing.  The guest timer is
 * saved when the VM stops (env.kvm_timer_dirty) and put back when it
 * runs again, so guest time does not jump across stop/cont.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include <sys/ioctl.h>
#include <linux/kvm.h>
#include "qapi/error.h"
#include "qemu/error-report.h"
#include "system/kvm.h"
#include "system/runstate.h"
#include "cpu.h"
#include "kvm_riscv.h"
#include "kvm-cpu-host.h"
#include "kvm-susp.h"
#include "kvm-reg.h"
#include "trace.h"

#define TIMER_FREQUENCY_ID \
    kvm_riscv_reg_id(KVM_REG_RISCV_TIMER, \
                     KVM_REG_RISCV_TIMER_REG(frequency), 8)

/*
 * Save the guest timer when the VM stops, restore it when it runs: while
 * stopped, KVM's time register would otherwise keep following the host.
 */
static void vcpu_vm_state_change(void *opaque, bool running, RunState state)
{
    CPUState *cs = opaque;
    CPURISCVState *env = &RISCV_CPU(cs)->env;
    Error *err = NULL;

    if (!running) {
        if (kvm_riscv_regs_get(cs, KVM_RISCV_REGS_CLOCK, &err)) {
            error_report_err(err);
            return;
        }
        env->kvm_timer_dirty = true;
    } else if (env->kvm_timer_dirty) {
        if (kvm_riscv_regs_put(cs, KVM_RISCV_REGS_CLOCK, &err)) {
            error_report_err(err);
            return;
        }
        env->kvm_timer_dirty = false;
    }
}

int kvm_riscv_cpu_post_load(RISCVCPU *cpu)
{
    CPURISCVState *env = &cpu->env;
    uint64_t here;
    int ret = kvm_riscv_get_one(CPU(cpu), TIMER_FREQUENCY_ID, &here);

    if (ret < 0) {
        error_report("KVM: cannot read the timer frequency of vCPU %d: %s",
                     CPU(cpu)->cpu_index, strerror(-ret));
        return ret;
    }
    if (env->kvm_timer_frequency != here) {
        error_report("KVM: the incoming guest's timer runs at %" PRIu64
                     " Hz, this host's at %" PRIu64 " Hz; KVM cannot change "
                     "the timer frequency, so a RISC-V guest can only move "
                     "between hosts with the same timebase",
                     env->kvm_timer_frequency, here);
        env->kvm_timer_frequency = here;
        return -EINVAL;
    }
    return 0;
}

int kvm_arch_init_vcpu(CPUState *cs)
{
    RISCVCPU *cpu = RISCV_CPU(cs);
    Error *err = NULL;
    int ret;

    /* the extensions first: they decide which registers the vCPU has */
    ret = kvm_riscv_cpu_host_apply(cs, &err);
    if (ret == 0) {
        ret = kvm_riscv_regs_init(cs, &err);
    }
    if (ret == 0) {
        ret = kvm_riscv_get_one(cs, TIMER_FREQUENCY_ID,
                                &cpu->env.kvm_timer_frequency);
        if (ret < 0) {
            error_setg_errno(&err, -ret, "KVM: cannot read the timer "
                             "frequency of vCPU %d", cs->cpu_index);
        }
    }
    if (ret < 0) {
        error_report_err(err);
        kvm_riscv_regs_free(cpu);
        return ret;
    }
    cpu->kvm_vmsentry = qemu_add_vm_change_state_handler(vcpu_vm_state_change,
                                                         cs);
    kvm_riscv_susp_init(kvm_riscv_cpu_sbi_on(cpu, KVM_RISCV_SBI_EXT_SUSP));
    return 0;
}

int kvm_arch_destroy_vcpu(CPUState *cs)
{
    RISCVCPU *cpu = RISCV_CPU(cs);

    if (cpu->kvm_vmsentry) {
        qemu_del_vm_change_state_handler(cpu->kvm_vmsentry);
        cpu->kvm_vmsentry = NULL;
    }
    kvm_riscv_regs_free(cpu);
    return 0;
}

unsigned long kvm_arch_vcpu_id(CPUState *cs)
{
    return cs->cpu_index;
}

int kvm_arch_get_registers(CPUState *cs, Error **errp)
{
    CPURISCVState *env = &RISCV_CPU(cs)->env;
    struct kvm_mp_state mp;
    int ret;

    ret = kvm_riscv_regs_get(cs, KVM_RISCV_REGS_RUNTIME | KVM_RISCV_REGS_SBI,
                             errp);
    if (ret < 0) {
        return ret;
    }
    ret = kvm_vcpu_ioctl(cs, KVM_GET_MP_STATE, &mp);
    if (ret < 0) {
        error_setg_errno(errp, -ret, "KVM: cannot get the run state of "
                         "vCPU %d", cs->cpu_index);
        return ret;
    }
    env->kvm_mp_state = mp.mp_state;
    return 0;
}

int kvm_arch_put_registers(CPUState *cs, int level, Error **errp)
{
    CPURISCVState *env = &RISCV_CPU(cs)->env;
    unsigned groups = KVM_RISCV_REGS_RUNTIME;
    struct kvm_mp_state mp = { .mp_state = env->kvm_mp_state };
    int ret;

    if (level >= KVM_PUT_RESET_STATE) {
        groups |= KVM_RISCV_REGS_SBI;
    }
    if (level == KVM_PUT_RESET_STATE) {
        /* a reset vCPU has no timer event (its time is the VM's) */
        groups |= KVM_RISCV_REGS_TIMER;
    }
    ret = kvm_riscv_regs_put(cs, groups, errp);
    if (ret < 0 || level < KVM_PUT_RESET_STATE) {
        return ret;
    }
    /* after reset or an incoming migration: who runs and who waits */
    ret = kvm_vcpu_ioctl(cs, KVM_SET_MP_STATE, &mp);
    if (ret < 0) {
        error_setg_errno(errp, -ret, "KVM: cannot set the run state of "
                         "vCPU %d", cs->cpu_index);
        return ret;
    }
    trace_kvm_riscv_vcpu_state(cs->cpu_index, level, env->kvm_mp_state);
    return 0;
}

/*
 * Reset: the registers KVM syncs take the values KVM gave the new vCPU;
 * then the boot hart enters the kernel with a0 = hart id and a1 = the
 * device tree, and the others wait, stopped, for an SBI HSM start.
 */
void kvm_riscv_reset_vcpu(RISCVCPU *cpu)
{
    CPURISCVState *env = &cpu->env;
    CPUState *cs = CPU(cpu);

    if (!kvm_enabled()) {
        return;
    }
    kvm_riscv_regs_reset(cpu);
    env->pc = env->kernel_addr;
    env->gpr[10] = cs->cpu_index;           /* a0 */
    env->gpr[11] = env->fdt_addr;           /* a1 */
    env->kvm_mp_state = cs->cpu_index == 0 ? KVM_MP_STATE_RUNNABLE :
                                             KVM_MP_STATE_STOPPED;
    env->kvm_susp_active = 0;               /* a reset is no wakeup */
}

void kvm_riscv_set_irq(RISCVCPU *cpu, int irq, int level)
{
    unsigned int virq = level ? KVM_INTERRUPT_SET : KVM_INTERRUPT_UNSET;
    int ret;

    if (irq != IRQ_S_EXT) {
        /* timer and software interrupts stay in the kernel */
        return;
    }
    trace_kvm_riscv_set_irq(CPU(cpu)->cpu_index, level);
    ret = kvm_vcpu_ioctl(CPU(cpu), KVM_INTERRUPT, &virq);
    if (ret < 0) {
        error_report("KVM: cannot %s the external interrupt of vCPU %d: %s",
                     level ? "raise" : "lower", CPU(cpu)->cpu_index,
                     strerror(-ret));
    }
}

uint64_t kvm_riscv_get_timebase_frequency(RISCVCPU *cpu)
{
    return cpu->env.kvm_timer_frequency;
}

void kvm_arch_pre_run(CPUState *cs, struct kvm_run *run)
{
}

MemTxAttrs kvm_arch_post_run(CPUState *cs, struct kvm_run *run)
{
    return MEMTXATTRS_UNSPECIFIED;
}

int kvm_arch_process_async_events(CPUState *cs)
{
    return 0;
}
