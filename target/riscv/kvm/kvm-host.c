/*
 * RISC-V KVM: what the host offers
 *
 * A scratch VM with one vCPU is created once to read the CONFIG,
 * ISA_EXT and SBI_EXT registers of a new vCPU: that is the host CPU
 * model ("-cpu host").
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <linux/kvm.h>
#include "cpu.h"
#include "kvm-exts.h"
#include "kvm-host.h"
#include "kvm-reg.h"
#include "trace.h"

/* prctl(2) of Linux 6.5 and later: the V extension for this process */
#ifndef PR_RISCV_V_SET_CONTROL
#define PR_RISCV_V_SET_CONTROL      69
#endif
#ifndef PR_RISCV_V_GET_CONTROL
#define PR_RISCV_V_GET_CONTROL      70
#endif
#ifndef PR_RISCV_V_VSTATE_CTRL_ON
#define PR_RISCV_V_VSTATE_CTRL_ON   2
#endif
#define V_CTRL_CUR_MASK             3

typedef struct Scratch {
    int kvm, vm, vcpu;
} Scratch;

static KVMRISCVHost host;

static void scratch_close(Scratch *s)
{
    if (s->vcpu >= 0) {
        close(s->vcpu);
    }
    if (s->vm >= 0) {
        close(s->vm);
    }
    if (s->kvm >= 0) {
        close(s->kvm);
    }
}

static int scratch_open(Scratch *s)
{
    int err;

    *s = (Scratch) { -1, -1, -1 };
    s->kvm = qemu_open_old("/dev/kvm", O_RDWR);
    if (s->kvm < 0) {
        return -errno;
    }
    do {
        s->vm = ioctl(s->kvm, KVM_CREATE_VM, 0);
    } while (s->vm < 0 && errno == EINTR);
    if (s->vm >= 0) {
        s->vcpu = ioctl(s->vm, KVM_CREATE_VCPU, 0);
        if (s->vcpu >= 0) {
            return 0;
        }
    }
    err = -errno;
    scratch_close(s);
    return err;
}

/*
 * KVM gives a guest the V extension only where the thread that creates
 * its vCPU may use V; a host may deny that by default
 * (/proc/sys/abi/riscv_v_default_allow).  Ask for it, for this thread
 * and so for the vCPU threads it creates.
 */
static void allow_vector(void)
{
    int ctrl = prctl(PR_RISCV_V_GET_CONTROL, 0, 0, 0, 0);
    int ret;

    if (ctrl < 0 || (ctrl & V_CTRL_CUR_MASK) == PR_RISCV_V_VSTATE_CTRL_ON) {
        return;     /* no V on this host, or allowed already */
    }
    ret = prctl(PR_RISCV_V_SET_CONTROL, PR_RISCV_V_VSTATE_CTRL_ON, 0, 0, 0);
    trace_kvm_riscv_host_vector(ctrl, ret);
}

static int8_t read_ext(Scratch *s, uint64_t id)
{
    uint64_t val;

    return kvm_riscv_fd_get_one(s->vcpu, id, &val) ? -1 : !!val;
}

const KVMRISCVHost *kvm_riscv_host(void)
{
    static bool probed;
    Scratch s;

    if (probed) {
        return &host;
    }
    probed = true;
    host.isa_has = g_new(int8_t, kvm_riscv_nr_isa_exts);
    host.sbi_has = g_new(int8_t, kvm_riscv_nr_sbi_exts);
    memset(host.isa_has, -1, kvm_riscv_nr_isa_exts);
    memset(host.sbi_has, -1, kvm_riscv_nr_sbi_exts);
    allow_vector();
    host.err = scratch_open(&s);
    if (host.err) {
        return &host;
    }
    kvm_riscv_regs_read_config(s.vcpu, &host.cfg, &host.misa);
    for (size_t i = 0; i < kvm_riscv_nr_isa_exts; i++) {
        uint64_t id = kvm_riscv_isa_ext_reg(&kvm_riscv_isa_exts[i]);

        host.isa_has[i] = read_ext(&s, id);
    }
    for (size_t i = 0; i < kvm_riscv_nr_sbi_exts; i++) {
        uint64_t id = kvm_riscv_sbi_ext_reg(&kvm_riscv_sbi_exts[i]);

        host.sbi_has[i] = read_ext(&s, id);
    }
    scratch_close(&s);
    return &host;
}

bool kvm_riscv_host_can_disable(unsigned isa_ext_index)
{
    Scratch s;
    bool ok;

    if (scratch_open(&s)) {
        return false;
    }
    ok = kvm_riscv_fd_set_one(s.vcpu,
            kvm_riscv_isa_ext_reg(&kvm_riscv_isa_exts[isa_ext_index]), 0) == 0;
    scratch_close(&s);
    return ok;
}
