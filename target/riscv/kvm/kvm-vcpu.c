/*
 * RISC-V KVM: vCPU lifecycle, register sync, reset, interrupts, time
 *
 * Registers move between QEMU and KVM only when QEMU needs them (reset,
 * migration, the monitor, gdb): an MMIO or SBI exit syncs nothing.  The
 * timer is saved when the VM stops and restored when it runs again, so
 * guest time does not jump across stop/cont.
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
#include "migration/vmstate.h"
#include "cpu.h"
#include "kvm_riscv.h"
#include "kvm-reg.h"
#include "kvm-props.h"
#include "trace.h"

/* Per-vCPU state of this accelerator, indexed by cpu_index. */
typedef struct RiscvKvmVcpu {
    RiscvKvmRegs regs;
    VMChangeStateEntry *vmstate_entry;
    bool timer_saved;
    /* migrated in the "riscv-kvm/vcpu" section */
    uint32_t mp_state;      /* KVM_MP_STATE_*, put after reset */
    uint64_t timebase_hz;   /* the source's timer frequency */
    uint64_t sta_shmem[2];  /* SBI STA shared memory: lo, hi */
    /* what KVM gives a new vCPU, where it is not zero */
    uint64_t reset_scounteren;
} RiscvKvmVcpu;

/* SBI steal-time shared memory, when the host has the STA extension */
#define STA_REG(name) \
    riscv_kvm_reg_id(KVM_REG_RISCV_SBI_STATE | KVM_REG_RISCV_SBI_STA, \
                     KVM_REG_RISCV_SBI_STA_REG(name), 0)

static GPtrArray *vcpus;

static RiscvKvmVcpu *vcpu_of(CPUState *cs)
{
    if (!vcpus || cs->cpu_index >= vcpus->len) {
        return NULL;
    }
    return g_ptr_array_index(vcpus, cs->cpu_index);
}

/*
 * Save the guest timer when the VM stops, restore it when it runs: while
 * stopped, KVM's time register would otherwise keep following the host.
 */
static void vcpu_vm_state_change(void *opaque, bool running, RunState state)
{
    CPUState *cs = opaque;
    RiscvKvmVcpu *v = vcpu_of(cs);
    Error *err = NULL;

    if (!v) {
        return;
    }
    if (!running) {
        if (riscv_kvm_regs_get(cs, &v->regs, RISCV_KVM_SYNC_TIMER, &err)) {
            error_report_err(err);
            return;
        }
        v->timer_saved = true;
    } else if (v->timer_saved) {
        if (riscv_kvm_regs_put(cs, &v->regs, RISCV_KVM_SYNC_TIMER, &err)) {
            error_report_err(err);
            return;
        }
        v->timer_saved = false;
    }
}

static int vcpu_pre_save(void *opaque)
{
    RiscvKvmVcpu *v = opaque;

    v->timebase_hz = riscv_kvm_timebase_hz;
    return 0;
}

static int vcpu_post_load(void *opaque, int version_id)
{
    RiscvKvmVcpu *v = opaque;

    if (v->timebase_hz != riscv_kvm_timebase_hz) {
        error_report("KVM: the incoming guest's timer runs at %" PRIu64
                     " Hz, this host's at %" PRIu64 " Hz; KVM cannot change "
                     "the timer frequency, so a RISC-V guest can only move "
                     "between hosts with the same timebase", v->timebase_hz,
                     riscv_kvm_timebase_hz);
        return -EINVAL;
    }
    /* the timer came in with the CPU: KVM gets it when the VM runs */
    v->timer_saved = true;
    return 0;
}

/*
 * What KVM holds for a vCPU beyond the registers the CPU's own vmstate
 * carries (the timer travels there, in "cpu/kvmtimer").
 */
static const VMStateDescription vmstate_riscv_kvm_vcpu = {
    .name = "riscv-kvm/vcpu",
    .version_id = 1,
    .minimum_version_id = 1,
    .pre_save = vcpu_pre_save,
    .post_load = vcpu_post_load,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT64(timebase_hz, RiscvKvmVcpu),
        VMSTATE_UINT32(mp_state, RiscvKvmVcpu),
        VMSTATE_UINT64_ARRAY(sta_shmem, RiscvKvmVcpu, 2),
        VMSTATE_END_OF_LIST()
    },
};

/* The SBI STA registers the host has, with where they live in v. */
static int vcpu_sta_sync(CPUState *cs, RiscvKvmVcpu *v, bool put)
{
    const uint64_t ids[2] = { STA_REG(shmem_lo), STA_REG(shmem_hi) };

    for (int i = 0; i < 2; i++) {
        int ret = 0;

        if (!riscv_kvm_regs_has(&v->regs, ids[i])) {
            continue;
        }
        ret = put ? riscv_kvm_set_one(cs, ids[i], v->sta_shmem[i]) :
                    riscv_kvm_get_one(cs, ids[i], &v->sta_shmem[i]);
        if (ret < 0) {
            return ret;
        }
    }
    return 0;
}

int kvm_arch_init_vcpu(CPUState *cs)
{
    RiscvKvmVcpu *v = g_new0(RiscvKvmVcpu, 1);
    Error *err = NULL;

    if (riscv_kvm_regs_init(cs, &v->regs, &err) ||
        riscv_kvm_props_apply(cs, &err)) {
        error_report_err(err);
        riscv_kvm_regs_free(&v->regs);
        g_free(v);
        return -EINVAL;
    }
    /*
     * KVM lets a new vCPU's user mode read the counters (cycle, time,
     * instret); a guest kernel without a PMU driver relies on that for
     * rdtime in its vDSO, so reset keeps it.
     */
    riscv_kvm_get_one(cs, riscv_kvm_reg_id(KVM_REG_RISCV_CSR |
                                           KVM_REG_RISCV_CSR_GENERAL,
                                           KVM_REG_RISCV_CSR_REG(scounteren),
                                           0),
                      &v->reset_scounteren);
    if (!vcpus) {
        vcpus = g_ptr_array_new();
    }
    if (vcpus->len <= cs->cpu_index) {
        g_ptr_array_set_size(vcpus, cs->cpu_index + 1);
    }
    g_ptr_array_index(vcpus, cs->cpu_index) = v;
    v->vmstate_entry = qemu_add_vm_change_state_handler(vcpu_vm_state_change,
                                                        cs);
    vmstate_register(NULL, cs->cpu_index, &vmstate_riscv_kvm_vcpu, v);
    RISCV_CPU(cs)->env.kvm_timer_frequency = riscv_kvm_timebase_hz;
    return 0;
}

int kvm_arch_destroy_vcpu(CPUState *cs)
{
    RiscvKvmVcpu *v = vcpu_of(cs);

    if (v) {
        qemu_del_vm_change_state_handler(v->vmstate_entry);
        vmstate_unregister(NULL, &vmstate_riscv_kvm_vcpu, v);
        riscv_kvm_regs_free(&v->regs);
        g_ptr_array_index(vcpus, cs->cpu_index) = NULL;
        g_free(v);
    }
    return 0;
}

unsigned long kvm_arch_vcpu_id(CPUState *cs)
{
    return cs->cpu_index;
}

int kvm_arch_get_registers(CPUState *cs, Error **errp)
{
    RiscvKvmVcpu *v = vcpu_of(cs);
    struct kvm_mp_state mp;
    int ret;

    if (!v) {
        return 0;
    }
    ret = riscv_kvm_regs_get(cs, &v->regs, RISCV_KVM_SYNC_STATE, errp);
    if (ret == 0) {
        ret = kvm_vcpu_ioctl(cs, KVM_GET_MP_STATE, &mp);
        if (ret < 0) {
            error_setg_errno(errp, -ret, "KVM: cannot get the vCPU's "
                             "run state");
            return ret;
        }
        v->mp_state = mp.mp_state;
        ret = vcpu_sta_sync(cs, v, false);
        if (ret < 0) {
            error_setg_errno(errp, -ret, "KVM: cannot get the vCPU's SBI "
                             "steal-time memory");
        }
    }
    return ret;
}

int kvm_arch_put_registers(CPUState *cs, int level, Error **errp)
{
    RiscvKvmVcpu *v = vcpu_of(cs);
    int ret;

    if (!v) {
        return 0;
    }
    ret = riscv_kvm_regs_put(cs, &v->regs, RISCV_KVM_SYNC_STATE, errp);
    if (ret == 0 && level >= KVM_PUT_RESET_STATE) {
        /* after reset or an incoming migration: who runs and who waits */
        ret = kvm_riscv_sync_mpstate_to_kvm(RISCV_CPU(cs), v->mp_state);
        if (ret < 0) {
            error_setg_errno(errp, -ret, "KVM: cannot set the vCPU's "
                             "run state");
            return ret;
        }
        ret = vcpu_sta_sync(cs, v, true);
        if (ret < 0) {
            error_setg_errno(errp, -ret, "KVM: cannot set the vCPU's SBI "
                             "steal-time memory");
        }
        trace_riscv_kvm_vcpu_state(cs->cpu_index, "put", v->mp_state,
                                   riscv_kvm_timebase_hz);
    }
    return ret;
}

int kvm_riscv_sync_mpstate_to_kvm(RISCVCPU *cpu, int state)
{
    struct kvm_mp_state mp = { .mp_state = state };

    trace_riscv_kvm_mp_state(CPU(cpu)->cpu_index, state);
    return kvm_vcpu_ioctl(CPU(cpu), KVM_SET_MP_STATE, &mp);
}

/*
 * Reset: the boot hart enters the kernel with a0 = hart id and a1 = the
 * device tree; the others wait, stopped, for an SBI HSM start.
 */
void kvm_riscv_reset_vcpu(RISCVCPU *cpu)
{
    CPURISCVState *env = &cpu->env;
    CPUState *cs = CPU(cpu);
    RiscvKvmVcpu *v = vcpu_of(cs);

    if (!kvm_enabled()) {
        return;
    }
    memset(env->gpr, 0, sizeof(env->gpr));
    env->pc = env->kernel_addr;
    env->gpr[10] = cs->cpu_index;           /* a0 */
    env->gpr[11] = env->fdt_addr;           /* a1 */
    env->priv = PRV_S;
    env->mstatus = 0;
    env->mie = 0;
    env->mip = 0;
    env->stvec = 0;
    env->sscratch = 0;
    env->sepc = 0;
    env->scause = 0;
    env->stval = 0;
    env->satp = 0;
    env->scounteren = v ? v->reset_scounteren : 0;
    env->senvcfg = 0;
    env->kvm_timer_time = 0;
    env->kvm_timer_compare = 0;
    env->kvm_timer_state = 0;
    if (v) {
        v->mp_state = cs->cpu_index == 0 ? KVM_MP_STATE_RUNNABLE :
                                           KVM_MP_STATE_STOPPED;
        /* steal-time reporting off until the guest asks (all ones) */
        v->sta_shmem[0] = (target_ulong)-1;
        v->sta_shmem[1] = sizeof(target_ulong) == 4 ? (target_ulong)-1 : 0;
    }
}

void kvm_riscv_set_irq(RISCVCPU *cpu, int irq, int level)
{
    unsigned int virq = level ? KVM_INTERRUPT_SET : KVM_INTERRUPT_UNSET;
    int ret;

    if (irq != IRQ_S_EXT) {
        /* timer and software interrupts stay in the kernel */
        return;
    }
    trace_riscv_kvm_set_irq(CPU(cpu)->cpu_index, level);
    ret = kvm_vcpu_ioctl(CPU(cpu), KVM_INTERRUPT, &virq);
    if (ret < 0) {
        error_report("KVM: cannot %s the external interrupt of vCPU %d: %s",
                     level ? "raise" : "lower", CPU(cpu)->cpu_index,
                     strerror(-ret));
    }
}

uint64_t kvm_riscv_get_timebase_frequency(RISCVCPU *cpu)
{
    return riscv_kvm_timebase_hz;
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
