/*
 * RISC-V KVM: SBI system suspend as QEMU's suspended run state
 *
 * Where the host's KVM has SBI SUSP (Linux 7.2 does; it is off until the
 * VMM turns it on), KVM checks a guest's SYSTEM_SUSPEND call (suspend to
 * RAM, every other hart stopped) and hands it to QEMU, which suspends
 * the VM: the QMP SUSPEND event, query-status "suspended".  Waking it
 * (system_wakeup) resumes the calling hart where the SBI specification
 * says: at the resume address, in S-mode with the MMU and interrupts off,
 * a0 the hart id and a1 the opaque value.  The rest of the hart's state
 * that QEMU syncs (registers, CSRs, SBI state such as FWFT and steal
 * time, its IMSIC file in the in-kernel AIA) is what it was at the call,
 * a suspend that keeps the hart's state being one the specification
 * allows; the timer's next event, PMU counters and pending interrupts
 * are those of a reset vCPU.
 *
 * Before it hands the call over, KVM queues a reset of the calling vCPU
 * to the resume address, which it carries out at the vCPU's next entry
 * into KVM_RUN that gets as far as the vCPU's requests.  Left queued,
 * that reset would land after whatever QEMU did meanwhile (a wakeup, a
 * system_reset, a loadvm) and override it.  So QEMU carries it out at
 * once, while the vCPU is stopped in KVM, and then puts back the state
 * it read at the call; at wakeup it sets the resume registers itself,
 * which also serves a snapshot or an incoming migration, where no reset
 * is queued.  The resume point travels in the CPU's cpu/kvm-susp
 * subsection; a VM that arrives with a hart asleep can be woken, and one
 * that was stopped (by the user, a savevm, a migration) as its guest
 * suspended is suspended when it runs again.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qemu/error-report.h"
#include "qemu/main-loop.h"
#include "qemu/notify.h"
#include "qemu/thread.h"
#include "system/runstate.h"
#include "system/hw_accel.h"
#include "system/kvm.h"
#include "hw/core/cpu.h"
#include "cpu.h"
#include "sbi_ecall_interface.h"
#include "kvm_riscv.h"
#include "kvm-reg.h"
#include "kvm-reg-table.h"
#include "kvm-sbi-table.h"
#include "kvm-susp.h"
#include "trace.h"

/*
 * Carrying out KVM's queued reset: the vCPU, stopped, sleeps in KVM_RUN
 * until a signal wakes it; waking, KVM handles the vCPU's requests (the
 * reset among them) and returns EINTR.  A signal that comes before the
 * vCPU sleeps only makes KVM_RUN return early, so a kicker thread sends
 * SIG_IPI at growing intervals until the reset is seen done.
 */
#define SUSP_KICK_FIRST_US      500
#define SUSP_KICK_MAX_US        (64 * 1000)
#define SUSP_RESET_TRIES        200

/* a scounteren value KVM's reset never leaves (it zeroes the CSRs) */
#define SUSP_SENTINEL           0x5

typedef struct SuspKicker {
    QemuThread thread;
    pthread_t target;
    bool stop;
} SuspKicker;

static void *susp_kicker(void *opaque)
{
    SuspKicker *k = opaque;
    unsigned us = SUSP_KICK_FIRST_US;

    for (;;) {
        g_usleep(us);
        if (qatomic_read(&k->stop)) {
            return NULL;
        }
        pthread_kill(k->target, SIG_IPI);
        us = MIN(us * 2, SUSP_KICK_MAX_US);
    }
}

static uint64_t scounteren_id(void)
{
    return kvm_riscv_reg_id(KVM_REG_RISCV_CSR | KVM_REG_RISCV_CSR_GENERAL,
                            KVM_REG_RISCV_CSR_REG(scounteren), 0);
}

/* In the vCPU's thread: run KVM's queued reset now.  0, or -errno. */
static int susp_run_queued_reset(CPUState *cs)
{
    struct kvm_mp_state stopped = { .mp_state = KVM_MP_STATE_STOPPED };
    target_ulong sentinel = SUSP_SENTINEL, v = SUSP_SENTINEL;
    SuspKicker k = { .target = pthread_self() };
    int ret, tries;

    ret = kvm_set_one_reg(cs, scounteren_id(), &sentinel);
    if (ret == 0) {
        ret = kvm_vcpu_ioctl(cs, KVM_SET_MP_STATE, &stopped);
    }
    if (ret < 0) {
        return ret;
    }
    qemu_thread_create(&k.thread, "kvm-susp-kick", susp_kicker, &k,
                       QEMU_THREAD_JOINABLE);
    for (tries = 0; tries < SUSP_RESET_TRIES && v == SUSP_SENTINEL; tries++) {
        qatomic_set(&cs->kvm_run->immediate_exit, 0);
        ret = kvm_vcpu_ioctl(cs, KVM_RUN, 0);
        if (ret == 0) {
            /* a stopped vCPU makes no exit, but a full dirty ring */
            ret = -EIO;
            break;
        }
        if (ret != -EINTR && ret != -EAGAIN) {
            break;
        }
        ret = kvm_get_one_reg(cs, scounteren_id(), &v);
        if (ret < 0) {
            break;
        }
    }
    qatomic_set(&k.stop, true);
    qemu_thread_join(&k.thread);
    /*
     * Leave KVM_RUN once more in kvm_cpu_exec(): a kick meant for it
     * (pause_all_vcpus, run_on_cpu) may have come during the loop, which
     * cleared what it set
     */
    qatomic_set(&cs->kvm_run->immediate_exit, 1);
    trace_kvm_riscv_suspend_reset(cs->cpu_index, tries, v != SUSP_SENTINEL);
    if (ret < 0) {
        return ret;
    }
    return v == SUSP_SENTINEL ? -ETIMEDOUT : 0;
}

static const KVMRISCVImsicHold *imsic_hold;

void kvm_riscv_susp_imsic_hold(const KVMRISCVImsicHold *hold)
{
    imsic_hold = hold;
}

/* Suspend the VM now if it runs; else when it runs again */
static void susp_request(void)
{
    BQL_LOCK_GUARD();

    if (runstate_is_running()) {
        qemu_system_suspend_request();
    }
}

/* SBI SUSP SYSTEM_SUSPEND: a0 sleep type, a1 resume address, a2 opaque */
void kvm_riscv_sbi_system_suspend(CPUState *cs, KVMRISCVSbiCall *c)
{
    CPURISCVState *env = &RISCV_CPU(cs)->env;
    g_autofree uint64_t *imsic = NULL;
    Error *err = NULL;
    int ret;

    /*
     * KVM refused anything but suspend-to-RAM with the others stopped,
     * and queued the reset.  The state as the guest left it, to put back
     * over what the reset leaves.
     */
    cpu_synchronize_state(cs);
    if (imsic_hold) {
        imsic = imsic_hold->get(cs->cpu_index, &err);
        if (err) {
            error_report_err(err);
            err = NULL;
        }
    }
    ret = susp_run_queued_reset(cs);
    if (ret < 0) {
        struct kvm_mp_state runnable = { .mp_state = KVM_MP_STATE_RUNNABLE };

        kvm_vcpu_ioctl(cs, KVM_SET_MP_STATE, &runnable);
        /* the queued reset may still come: say so, and do not suspend */
        error_report("KVM: vCPU %d: cannot complete the SBI system "
                     "suspend KVM started (%s); the guest's hart may "
                     "restart at its resume address", cs->cpu_index,
                     strerror(-ret));
        /* KVM took the call's return already: env carries it */
        env->pc += 4;
        env->gpr[10] = SBI_ERR_FAILED;
        env->gpr[11] = 0;
        return;
    }
    /* what the reset cleared and env does not put at the next run */
    if (kvm_riscv_regs_put(cs, KVM_RISCV_REGS_SBI, &err) < 0 ||
        (imsic && !imsic_hold->put(cs->cpu_index, imsic, &err))) {
        error_report_err(err);
    }
    /* stopped in KVM, as it is now, until the wakeup */
    env->kvm_mp_state = KVM_MP_STATE_STOPPED;
    env->kvm_susp[0] = c->args[1];
    env->kvm_susp[1] = c->args[2];
    env->kvm_susp_active = 1;
    trace_kvm_riscv_suspend(cs->cpu_index, c->args[1], c->args[2]);
    susp_request();
    c->err = 0;
}

/* In the vCPU's thread, the VM paused: resume the hart as SBI says */
static void susp_wake_cpu(CPUState *cs, run_on_cpu_data data)
{
    CPURISCVState *env = &RISCV_CPU(cs)->env;
    struct kvm_mp_state runnable = { .mp_state = KVM_MP_STATE_RUNNABLE };
    int ret;

    cpu_synchronize_state(cs);
    env->pc = env->kvm_susp[0];
    env->gpr[10] = cs->cpu_index;           /* a0: the hart id */
    env->gpr[11] = env->kvm_susp[1];        /* a1: the opaque value */
    env->satp = 0;
    env->mstatus &= ~MSTATUS_SIE;           /* KVM's sstatus */
    env->priv = PRV_S;
    ret = kvm_vcpu_ioctl(cs, KVM_SET_MP_STATE, &runnable);
    if (ret < 0) {
        error_report("KVM: vCPU %d: cannot wake the hart from SBI system "
                     "suspend: %s", cs->cpu_index, strerror(-ret));
        return;
    }
    env->kvm_susp_active = 0;
    env->kvm_mp_state = KVM_MP_STATE_RUNNABLE;
    trace_kvm_riscv_wakeup(cs->cpu_index, env->pc);
}

static void susp_wakeup(Notifier *n, void *data)
{
    CPUState *cs;

    CPU_FOREACH(cs) {
        if (RISCV_CPU(cs)->env.kvm_susp_active) {
            run_on_cpu(cs, susp_wake_cpu, RUN_ON_CPU_NULL);
        }
    }
}

static Notifier susp_wakeup_notifier = { .notify = susp_wakeup };

/*
 * The VM runs with a hart asleep, not suspended: its guest suspended as
 * the VM was being stopped, or the stream or snapshot it came from was
 * taken so.  Suspend it now.
 */
static void susp_vm_state_change(void *opaque, bool running, RunState state)
{
    CPUState *cs;

    if (!running || state != RUN_STATE_RUNNING) {
        return;
    }
    CPU_FOREACH(cs) {
        if (RISCV_CPU(cs)->env.kvm_susp_active) {
            qemu_system_suspend_request();
            return;
        }
    }
}

void kvm_riscv_susp_init(bool offered)
{
    static bool done;

    /*
     * Under KVM the wakeup also serves a stream or snapshot from a VM
     * whose guest suspended, where this one's cannot (cpu/kvm-susp's
     * post_load then says the machine can be woken)
     */
    if (!done) {
        qemu_register_wakeup_notifier(&susp_wakeup_notifier);
        qemu_add_vm_change_state_handler(susp_vm_state_change, NULL);
        done = true;
    }
    if (offered) {
        qemu_register_wakeup_support();
    }
}

bool kvm_riscv_susp_needed(RISCVCPU *cpu)
{
    return cpu->env.kvm_susp_active;
}

int kvm_riscv_susp_post_load(RISCVCPU *cpu)
{
    if (cpu->env.kvm_susp_active > 1) {
        error_report("KVM: the incoming state of vCPU %d says its SBI "
                     "system suspend is %u (not 0 or 1)",
                     CPU(cpu)->cpu_index, cpu->env.kvm_susp_active);
        return -EINVAL;
    }
    if (cpu->env.kvm_susp_active) {
        qemu_register_wakeup_support();
    }
    return 0;
}
