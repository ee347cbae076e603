/*
 * RISC-V KVM: the ONE_REG register map
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include <sys/ioctl.h>
#include <linux/kvm.h>
#include "qapi/error.h"
#include "qemu/error-report.h"
#include "system/kvm.h"
#include "cpu.h"
#include "kvm-reg.h"
#include "kvm-reg-table.h"
#include "trace.h"

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

    return x < y ? -1 : x > y;
}

bool kvm_riscv_regs_has(const RISCVCPU *cpu, uint64_t id)
{
    return bsearch(&id, cpu->kvm_reg_ids, cpu->kvm_nr_reg_ids,
                   sizeof(uint64_t), cmp_u64) != NULL;
}

int kvm_riscv_get_one(CPUState *cs, uint64_t id, uint64_t *val)
{
    uint32_t v32;
    int ret;

    if (KVM_REG_SIZE(id) == 4) {
        ret = kvm_get_one_reg(cs, id, &v32);
        *val = v32;
    } else {
        ret = kvm_get_one_reg(cs, id, val);
    }
    return ret;
}

int kvm_riscv_set_one(CPUState *cs, uint64_t id, uint64_t val)
{
    uint32_t v32 = val;

    return kvm_set_one_reg(cs, id, KVM_REG_SIZE(id) == 4 ?
                           (void *)&v32 : (void *)&val);
}

int kvm_riscv_fd_get_one(int vcpu_fd, uint64_t id, uint64_t *val)
{
    uint32_t v32 = 0;
    struct kvm_one_reg r = { .id = id };

    *val = 0;
    r.addr = KVM_REG_SIZE(id) == 4 ? (uintptr_t)&v32 : (uintptr_t)val;
    if (ioctl(vcpu_fd, KVM_GET_ONE_REG, &r) < 0) {
        return -errno;
    }
    if (KVM_REG_SIZE(id) == 4) {
        *val = v32;
    }
    return 0;
}

int kvm_riscv_fd_set_one(int vcpu_fd, uint64_t id, uint64_t val)
{
    uint32_t v32 = val;
    struct kvm_one_reg r = {
        .id = id,
        .addr = KVM_REG_SIZE(id) == 4 ? (uintptr_t)&v32 : (uintptr_t)&val,
    };

    return ioctl(vcpu_fd, KVM_SET_ONE_REG, &r) < 0 ? -errno : 0;
}

static uint64_t field_load(const void *p, unsigned size)
{
    switch (size) {
    case 1:
        return *(const uint8_t *)p;
    case 2:
        return *(const uint16_t *)p;
    case 4:
        return *(const uint32_t *)p;
    default:
        return *(const uint64_t *)p;
    }
}

static void field_store(void *p, unsigned size, uint64_t val)
{
    switch (size) {
    case 1:
        *(uint8_t *)p = val;
        break;
    case 2:
        *(uint16_t *)p = val;
        break;
    case 4:
        *(uint32_t *)p = val;
        break;
    default:
        *(uint64_t *)p = val;
        break;
    }
}

/* The KVM value of scalar register i of a state row, from env. */
static uint64_t env_to_kvm(CPURISCVState *env, const KVMRISCVRegRow *r,
                           unsigned i)
{
    const uint8_t *field = (const uint8_t *)env + r->offset +
                           i * r->field_size;

    switch (r->kind) {
    case KVM_RISCV_REG_FCSR:
        return env->frm << FSR_RD_SHIFT | riscv_cpu_get_fflags(env);
    case KVM_RISCV_REG_VCSR:
        return env->vxrm << VCSR_VXRM_SHIFT | env->vxsat;
    default:
        return field_load(field, MIN(r->field_size, 8));
    }
}

/* Store a KVM value of scalar register i of a state row into env. */
static void kvm_to_env(CPURISCVState *env, const KVMRISCVRegRow *r, unsigned i,
                       uint64_t val)
{
    uint8_t *field = (uint8_t *)env + r->offset + i * r->field_size;

    switch (r->kind) {
    case KVM_RISCV_REG_FCSR:
        env->frm = (val & FSR_RD) >> FSR_RD_SHIFT;
        riscv_cpu_set_fflags(env, val & FSR_AEXC);
        break;
    case KVM_RISCV_REG_VCSR:
        env->vxrm = (val & VCSR_VXRM) >> VCSR_VXRM_SHIFT;
        env->vxsat = val & VCSR_VXSAT;
        break;
    default:
        field_store(field, MIN(r->field_size, 8), val);
        break;
    }
}

static int sync_row(CPUState *cs, const KVMRISCVRegRow *r, bool put,
                    Error **errp)
{
    RISCVCPU *cpu = RISCV_CPU(cs);
    CPURISCVState *env = &cpu->env;

    for (unsigned i = 0; i < r->count; i++) {
        uint64_t id = kvm_riscv_reg_row_id(cpu->cfg.vlenb, r, i);
        uint64_t val = 0;
        int ret;

        if (!kvm_riscv_regs_has(cpu, id)) {
            continue;
        }
        if (r->kind == KVM_RISCV_REG_VECTOR) {
            void *v = (uint8_t *)env->vreg + i * cpu->cfg.vlenb;

            ret = put ? kvm_set_one_reg(cs, id, v) : kvm_get_one_reg(cs, id, v);
        } else if (put) {
            val = env_to_kvm(env, r, i);
            ret = kvm_riscv_set_one(cs, id, val);
            if (r->kind == KVM_RISCV_REG_TIMER_STATE && ret == -EINVAL &&
                val == KVM_RISCV_TIMER_STATE_OFF) {
                ret = 0;        /* it was off already */
            }
        } else {
            ret = kvm_riscv_get_one(cs, id, &val);
            if (ret == 0) {
                kvm_to_env(env, r, i, val);
            }
        }
        if (ret < 0) {
            char name[32];

            error_setg_errno(errp, -ret, "KVM: cannot %s register %s",
                             put ? "set" : "get",
                             kvm_riscv_reg_name(id, name, sizeof(name)));
            return ret;
        }
    }
    return 0;
}

static int sync_groups(CPUState *cs, unsigned groups, bool put, Error **errp)
{
    trace_kvm_riscv_reg_sync(cs->cpu_index, put ? "put" : "get", groups);
    assert(!(groups & KVM_RISCV_REGS_CONFIG));
    for (size_t n = 0; n < kvm_riscv_nr_reg_rows; n++) {
        const KVMRISCVRegRow *r = &kvm_riscv_reg_rows[n];
        int ret;

        if (!(r->group & groups)) {
            continue;
        }
        ret = sync_row(cs, r, put, errp);
        if (ret < 0) {
            return ret;
        }
    }
    return 0;
}

int kvm_riscv_regs_get(CPUState *cs, unsigned groups, Error **errp)
{
    return sync_groups(cs, groups, false, errp);
}

int kvm_riscv_regs_put(CPUState *cs, unsigned groups, Error **errp)
{
    return sync_groups(cs, groups, true, errp);
}

/* What a reset gives back: all the vCPU's state but the VM's time. */
#define RESET_GROUPS \
    (KVM_RISCV_REGS_RUNTIME | KVM_RISCV_REGS_TIMER | KVM_RISCV_REGS_SBI)

/* scounteren's CY, TM and IR: user mode reads cycle, time, instret */
#define RESET_SCOUNTEREN 0x7

/*
 * The reset image holds the KVM value of every scalar register of the
 * reset groups, in table order (vector registers reset to zero).
 */
static bool row_in_image(const KVMRISCVRegRow *r)
{
    return (r->group & RESET_GROUPS) && r->kind != KVM_RISCV_REG_VECTOR;
}

static void reset_image_copy(RISCVCPU *cpu, bool save)
{
    uint64_t *image = cpu->kvm_reset_regs;

    for (size_t n = 0; n < kvm_riscv_nr_reg_rows; n++) {
        const KVMRISCVRegRow *r = &kvm_riscv_reg_rows[n];

        if (!row_in_image(r)) {
            continue;
        }
        for (unsigned i = 0; i < r->count; i++) {
            uint64_t id = kvm_riscv_reg_row_id(cpu->cfg.vlenb, r, i);

            if (!kvm_riscv_regs_has(cpu, id)) {
                continue;
            }
            if (save) {
                image[i] = env_to_kvm(&cpu->env, r, i);
            } else {
                kvm_to_env(&cpu->env, r, i, image[i]);
            }
        }
        image += r->count;
    }
}

/*
 * Kernels before Linux 6.6 have no KVM_GET_REG_LIST for RISC-V: keep
 * each register of the table that KVM_GET_ONE_REG answers.
 */
static void probe_reg_ids(CPUState *cs)
{
    RISCVCPU *cpu = RISCV_CPU(cs);
    GArray *ids = g_array_new(false, false, sizeof(uint64_t));

    for (size_t n = 0; n < kvm_riscv_nr_reg_rows; n++) {
        const KVMRISCVRegRow *r = &kvm_riscv_reg_rows[n];

        for (unsigned i = 0; i < r->count; i++) {
            uint64_t id = kvm_riscv_reg_row_id(cpu->cfg.vlenb, r, i);
            g_autofree void *buf = g_malloc0(KVM_REG_SIZE(id));

            if (kvm_get_one_reg(cs, id, buf) == 0) {
                g_array_append_val(ids, id);
            }
        }
    }
    cpu->kvm_nr_reg_ids = ids->len;
    cpu->kvm_reg_ids = (uint64_t *)g_array_free(ids, false);
    trace_kvm_riscv_reg_probe(cs->cpu_index, cpu->kvm_nr_reg_ids);
}

/* KVM_GET_REG_LIST's list; false with errp set when it fails */
static bool list_reg_ids(CPUState *cs, struct kvm_reg_list *probe,
                         Error **errp)
{
    RISCVCPU *cpu = RISCV_CPU(cs);
    g_autofree struct kvm_reg_list *list = NULL;
    int ret;

    list = g_malloc(sizeof(*list) + probe->n * sizeof(uint64_t));
    list->n = probe->n;
    ret = kvm_vcpu_ioctl(cs, KVM_GET_REG_LIST, list);
    if (ret < 0) {
        error_setg_errno(errp, -ret, "KVM_GET_REG_LIST failed");
        return false;
    }
    cpu->kvm_nr_reg_ids = list->n;
    cpu->kvm_reg_ids = g_memdup2(list->reg, list->n * sizeof(uint64_t));
    return true;
}

int kvm_riscv_regs_init(CPUState *cs, Error **errp)
{
    RISCVCPU *cpu = RISCV_CPU(cs);
    struct kvm_reg_list probe = { .n = 0 };
    size_t len = 0;
    int ret;

    /* the first call fails with E2BIG and says how many there are */
    ret = kvm_vcpu_ioctl(cs, KVM_GET_REG_LIST, &probe);
    if (ret == -EINVAL) {
        /* a kernel before 6.6, which has no such ioctl on RISC-V */
        probe_reg_ids(cs);
    } else if (ret != -E2BIG) {
        error_setg_errno(errp, -ret, "KVM_GET_REG_LIST: cannot learn the "
                         "host's RISC-V registers");
        return ret < 0 ? ret : -EINVAL;
    } else if (!list_reg_ids(cs, &probe, errp)) {
        return -EINVAL;
    }
    qsort(cpu->kvm_reg_ids, cpu->kvm_nr_reg_ids, sizeof(uint64_t), cmp_u64);

    /* a vCPU that never ran holds what KVM gives a new one: keep it */
    ret = kvm_riscv_regs_get(cs, RESET_GROUPS, errp);
    if (ret < 0) {
        kvm_riscv_regs_free(cpu);
        return ret;
    }
    /*
     * and what SBI firmware leaves S-mode beside it: user mode may read
     * cycle, time and instret (OpenSBI sets scounteren so).  KVM gave new
     * vCPUs that value up to Linux 6.12; later kernels (7.2) give 0 and
     * leave it to the VMM, and a Linux guest's programs then die of
     * SIGILL on rdtime.
     */
    cpu->env.scounteren |= RESET_SCOUNTEREN;
    for (size_t n = 0; n < kvm_riscv_nr_reg_rows; n++) {
        const KVMRISCVRegRow *r = &kvm_riscv_reg_rows[n];

        len += row_in_image(r) ? r->count : 0;
    }
    cpu->kvm_reset_regs = g_new0(uint64_t, len);
    reset_image_copy(cpu, true);
    trace_kvm_riscv_reg_list(cs->cpu_index, cpu->kvm_nr_reg_ids);
    return 0;
}

void kvm_riscv_regs_free(RISCVCPU *cpu)
{
    g_clear_pointer(&cpu->kvm_reg_ids, g_free);
    g_clear_pointer(&cpu->kvm_reset_regs, g_free);
    cpu->kvm_nr_reg_ids = 0;
}

void kvm_riscv_regs_reset(RISCVCPU *cpu)
{
    memset(cpu->env.vreg, 0, sizeof(cpu->env.vreg));
    if (cpu->kvm_reset_regs) {
        reset_image_copy(cpu, false);
    }
}

void kvm_riscv_regs_read_config(int vcpu_fd, RISCVCPUConfig *cfg,
                                uint32_t *misa)
{
    uint64_t val;

    for (size_t n = 0; n < kvm_riscv_nr_reg_rows; n++) {
        const KVMRISCVRegRow *r = &kvm_riscv_reg_rows[n];

        if (r->group != KVM_RISCV_REGS_CONFIG ||
            kvm_riscv_fd_get_one(vcpu_fd, kvm_riscv_reg_row_id(0, r, 0),
                                 &val) < 0) {
            continue;
        }
        if (r->kind == KVM_RISCV_REG_ISA) {
            *misa = val;
        } else if (r->kind == KVM_RISCV_REG_SATP_MODE) {
            /* KVM gives the largest mode; the smaller ones come with it */
            cfg->satp_mode.supported = 1 << VM_1_10_MBARE;
            for (uint64_t m = VM_1_10_SV39; m <= val && m < 16; m++) {
                cfg->satp_mode.supported |= 1 << m;
            }
        } else {
            field_store((uint8_t *)cfg + r->offset, r->field_size, val);
        }
    }
}

void kvm_riscv_regs_copy_config(RISCVCPUConfig *dst,
                                const RISCVCPUConfig *src)
{
    for (size_t n = 0; n < kvm_riscv_nr_reg_rows; n++) {
        const KVMRISCVRegRow *r = &kvm_riscv_reg_rows[n];

        if (r->group != KVM_RISCV_REGS_CONFIG || r->kind == KVM_RISCV_REG_ISA) {
            continue;
        }
        if (r->kind == KVM_RISCV_REG_SATP_MODE) {
            dst->satp_mode.supported = src->satp_mode.supported;
        } else {
            memcpy((uint8_t *)dst + r->offset,
                   (const uint8_t *)src + r->offset, r->field_size);
        }
    }
}
