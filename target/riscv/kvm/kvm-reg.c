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
#include "trace.h"

/* How a row's value maps to its field. */
typedef enum RegKind {
    REG_FIELD,          /* count consecutive fields of field_size bytes */
    REG_FCSR,           /* fcsr: frm and the accrued flags */
    REG_VCSR,           /* vcsr: vxrm and vxsat */
    REG_VECTOR,         /* v0-v31, cfg.vlenb bytes each */
    REG_TIMER_STATE,    /* KVM refuses "off" for a timer that is off */
    REG_SATP_MODE,      /* the largest satp mode: cfg.satp_mode.supported */
    REG_ISA,            /* the misa letters of the guest's user ISA */
} RegKind;

typedef struct RegRow {
    const char *name;       /* "core.x" + index, "csr.sepc", ... */
    uint64_t type;          /* KVM_REG_RISCV_* type | subtype */
    uint16_t index;         /* ONE_REG index of the first register */
    uint8_t count;          /* consecutive registers in this row */
    uint8_t size;           /* bytes in KVM: 4, 8, or 0 for XLEN */
    uint8_t group;          /* KVMRISCVRegGroup */
    uint8_t kind;           /* RegKind */
    uint16_t offset;        /* of the first field, in env or (CONFIG) cfg */
    uint8_t field_size;     /* bytes of each field */
} RegRow;

#define ENV_FIELD(f) \
    .offset = offsetof(CPURISCVState, f), \
    .field_size = sizeof(((CPURISCVState *)0)->f)
#define CFG_FIELD(f) \
    .offset = offsetof(RISCVCPUConfig, f), \
    .field_size = sizeof(((RISCVCPUConfig *)0)->f)
#define ULONGS(s, f)    (offsetof(s, f) / sizeof(unsigned long))

#define CORE(n, idx, cnt, f) \
    { .name = n, .type = KVM_REG_RISCV_CORE, .index = idx, .count = cnt, \
      .group = KVM_RISCV_REGS_CORE, ENV_FIELD(f) }
#define CSR(sub, n, idx, f) \
    { .name = n, .type = KVM_REG_RISCV_CSR | (sub), .index = idx, \
      .count = 1, .group = KVM_RISCV_REGS_CSR, ENV_FIELD(f) }
#define GENERAL_CSR(n, f) \
    CSR(KVM_REG_RISCV_CSR_GENERAL, "csr." #n, KVM_REG_RISCV_CSR_REG(n), f)
#define VECTOR_CSR(n, f) \
    { .name = "vector." #n, .type = KVM_REG_RISCV_VECTOR, \
      .index = ULONGS(struct __riscv_v_ext_state, n), .count = 1, \
      .group = KVM_RISCV_REGS_VECTOR, ENV_FIELD(f) }
#define CONFIG(n, f) \
    { .name = "config." #n, .type = KVM_REG_RISCV_CONFIG, \
      .index = KVM_REG_RISCV_CONFIG_REG(n), .count = 1, \
      .group = KVM_RISCV_REGS_CONFIG, CFG_FIELD(f) }
#define STA(n, i) \
    { .name = "sbi.sta." #n, \
      .type = KVM_REG_RISCV_SBI_STATE | KVM_REG_RISCV_SBI_STA, \
      .index = KVM_REG_RISCV_SBI_STA_REG(n), .count = 1, \
      .group = KVM_RISCV_REGS_SBI, ENV_FIELD(kvm_sta_shmem[i]) }

static const RegRow reg_rows[] = {
    /* pc, then x1-x31 at indexes 1-31, then the privilege mode */
    CORE("core.pc", KVM_REG_RISCV_CORE_REG(regs.pc), 1, pc),
    CORE("core.x", 1, 31, gpr[1]),
    CORE("core.mode", KVM_REG_RISCV_CORE_REG(mode), 1, priv),

    /* KVM's sstatus, sie and sip live where TCG keeps the M-mode ones */
    GENERAL_CSR(sstatus, mstatus),
    GENERAL_CSR(sie, mie),
    GENERAL_CSR(stvec, stvec),
    GENERAL_CSR(sscratch, sscratch),
    GENERAL_CSR(sepc, sepc),
    GENERAL_CSR(scause, scause),
    GENERAL_CSR(stval, stval),
    GENERAL_CSR(sip, mip),
    GENERAL_CSR(satp, satp),
    GENERAL_CSR(scounteren, scounteren),
    GENERAL_CSR(senvcfg, senvcfg),
    CSR(KVM_REG_RISCV_CSR_AIA, "csr.aia.siselect",
        KVM_REG_RISCV_CSR_AIA_REG(siselect), siselect),
    /* iprio1 and iprio2 hold the byte priorities of interrupts 0-15 */
    { .name = "csr.aia.iprio", .type = KVM_REG_RISCV_CSR |
      KVM_REG_RISCV_CSR_AIA, .index = KVM_REG_RISCV_CSR_AIA_REG(iprio1),
      .count = 2, .size = 8, .group = KVM_RISCV_REGS_CSR,
      .offset = offsetof(CPURISCVState, siprio), .field_size = 8 },
    CSR(KVM_REG_RISCV_CSR_SMSTATEEN, "csr.smstateen.sstateen0",
        KVM_REG_RISCV_CSR_SMSTATEEN_REG(sstateen0), sstateen[0]),

    /*
     * f0-f31 and fcsr (index 32): F (32-bit) or D (64-bit) registers,
     * whichever the host has; the list has only one kind.
     */
    { .name = "fp.f", .type = KVM_REG_RISCV_FP_F, .count = 32, .size = 4,
      .group = KVM_RISCV_REGS_FP, .offset = offsetof(CPURISCVState, fpr),
      .field_size = 8 },
    { .name = "fp.fcsr", .type = KVM_REG_RISCV_FP_F, .index = 32,
      .count = 1, .size = 4, .group = KVM_RISCV_REGS_FP, .kind = REG_FCSR },
    { .name = "fp.d", .type = KVM_REG_RISCV_FP_D, .count = 32, .size = 8,
      .group = KVM_RISCV_REGS_FP, .offset = offsetof(CPURISCVState, fpr),
      .field_size = 8 },
    { .name = "fp.fcsr", .type = KVM_REG_RISCV_FP_D, .index = 32,
      .count = 1, .size = 4, .group = KVM_RISCV_REGS_FP, .kind = REG_FCSR },

    /* vector CSRs, then v0-v31 after the CSR block */
    VECTOR_CSR(vstart, vstart),
    VECTOR_CSR(vl, vl),
    VECTOR_CSR(vtype, vtype),
    { .name = "vector.vcsr", .type = KVM_REG_RISCV_VECTOR,
      .index = ULONGS(struct __riscv_v_ext_state, vcsr), .count = 1,
      .group = KVM_RISCV_REGS_VECTOR, .kind = REG_VCSR },
    { .name = "vector.v", .type = KVM_REG_RISCV_VECTOR,
      .index = KVM_REG_RISCV_VECTOR_REG(0), .count = 32,
      .group = KVM_RISCV_REGS_VECTOR, .kind = REG_VECTOR,
      .offset = offsetof(CPURISCVState, vreg) },

    { .name = "timer.time", .type = KVM_REG_RISCV_TIMER,
      .index = KVM_REG_RISCV_TIMER_REG(time), .count = 1, .size = 8,
      .group = KVM_RISCV_REGS_TIME, ENV_FIELD(kvm_timer_time) },
    { .name = "timer.compare", .type = KVM_REG_RISCV_TIMER,
      .index = KVM_REG_RISCV_TIMER_REG(compare), .count = 1, .size = 8,
      .group = KVM_RISCV_REGS_TIMER, ENV_FIELD(kvm_timer_compare) },
    { .name = "timer.state", .type = KVM_REG_RISCV_TIMER,
      .index = KVM_REG_RISCV_TIMER_REG(state), .count = 1, .size = 8,
      .group = KVM_RISCV_REGS_TIMER, .kind = REG_TIMER_STATE,
      ENV_FIELD(kvm_timer_state) },

    STA(shmem_lo, 0),
    STA(shmem_hi, 1),

    /* read once, from the host probe's vCPU, into RISCVCPUConfig */
    { .name = "config.isa", .type = KVM_REG_RISCV_CONFIG,
      .index = KVM_REG_RISCV_CONFIG_REG(isa), .count = 1,
      .group = KVM_RISCV_REGS_CONFIG, .kind = REG_ISA },
    CONFIG(mvendorid, mvendorid),
    CONFIG(marchid, marchid),
    CONFIG(mimpid, mimpid),
    CONFIG(zicbom_block_size, cbom_blocksize),
    CONFIG(zicboz_block_size, cboz_blocksize),
    { .name = "config.satp_mode", .type = KVM_REG_RISCV_CONFIG,
      .index = KVM_REG_RISCV_CONFIG_REG(satp_mode), .count = 1,
      .group = KVM_RISCV_REGS_CONFIG, .kind = REG_SATP_MODE },
    { .name = "vector.vlenb", .type = KVM_REG_RISCV_VECTOR,
      .index = ULONGS(struct __riscv_v_ext_state, vlenb), .count = 1,
      .group = KVM_RISCV_REGS_CONFIG, CFG_FIELD(vlenb) },
};

uint64_t kvm_riscv_reg_id(uint64_t type, uint64_t index, unsigned size_bytes)
{
    uint64_t size;

    if (size_bytes == 0) {
        size_bytes = sizeof(target_ulong);
    }
    size = (uint64_t)ctz32(size_bytes) << KVM_REG_SIZE_SHIFT;
    return KVM_REG_RISCV | size | type | index;
}

static unsigned row_size(uint16_t vlenb, const RegRow *r)
{
    if (r->kind == REG_VECTOR) {
        return vlenb;
    }
    return r->size ? r->size : sizeof(target_ulong);
}

static uint64_t row_id(uint16_t vlenb, const RegRow *r, unsigned i)
{
    return kvm_riscv_reg_id(r->type, r->index + i, row_size(vlenb, r));
}

const char *kvm_riscv_reg_name(uint64_t id, char *buf, size_t len)
{
    uint64_t low = id & ~(KVM_REG_ARCH_MASK | KVM_REG_SIZE_MASK);

    for (size_t n = 0; n < ARRAY_SIZE(reg_rows); n++) {
        const RegRow *r = &reg_rows[n];
        uint64_t first = r->type | r->index;

        if (low < first || low >= first + r->count) {
            continue;
        }
        if (r->count == 1) {
            snprintf(buf, len, "%s", r->name);
        } else {
            /* x1-x31, f0-f31, iprio1-2 are numbered by their index; v0-v31 */
            uint64_t num = low - r->type -
                           (r->kind == REG_VECTOR ? r->index : 0);

            snprintf(buf, len, "%s%" PRIu64, r->name, num);
        }
        return buf;
    }
    snprintf(buf, len, "0x%" PRIx64, id);
    return buf;
}

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
static uint64_t env_to_kvm(CPURISCVState *env, const RegRow *r, unsigned i)
{
    const uint8_t *field = (const uint8_t *)env + r->offset +
                           i * r->field_size;

    switch (r->kind) {
    case REG_FCSR:
        return env->frm << FSR_RD_SHIFT | riscv_cpu_get_fflags(env);
    case REG_VCSR:
        return env->vxrm << VCSR_VXRM_SHIFT | env->vxsat;
    default:
        return field_load(field, MIN(r->field_size, 8));
    }
}

/* Store a KVM value of scalar register i of a state row into env. */
static void kvm_to_env(CPURISCVState *env, const RegRow *r, unsigned i,
                       uint64_t val)
{
    uint8_t *field = (uint8_t *)env + r->offset + i * r->field_size;

    switch (r->kind) {
    case REG_FCSR:
        env->frm = (val & FSR_RD) >> FSR_RD_SHIFT;
        riscv_cpu_set_fflags(env, val & FSR_AEXC);
        break;
    case REG_VCSR:
        env->vxrm = (val & VCSR_VXRM) >> VCSR_VXRM_SHIFT;
        env->vxsat = val & VCSR_VXSAT;
        break;
    default:
        field_store(field, MIN(r->field_size, 8), val);
        break;
    }
}

static int sync_row(CPUState *cs, const RegRow *r, bool put, Error **errp)
{
    RISCVCPU *cpu = RISCV_CPU(cs);
    CPURISCVState *env = &cpu->env;

    for (unsigned i = 0; i < r->count; i++) {
        uint64_t id = row_id(cpu->cfg.vlenb, r, i);
        uint64_t val = 0;
        int ret;

        if (!kvm_riscv_regs_has(cpu, id)) {
            continue;
        }
        if (r->kind == REG_VECTOR) {
            void *v = (uint8_t *)env->vreg + i * cpu->cfg.vlenb;

            ret = put ? kvm_set_one_reg(cs, id, v) : kvm_get_one_reg(cs, id, v);
        } else if (put) {
            val = env_to_kvm(env, r, i);
            ret = kvm_riscv_set_one(cs, id, val);
            if (r->kind == REG_TIMER_STATE && ret == -EINVAL &&
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
    for (size_t n = 0; n < ARRAY_SIZE(reg_rows); n++) {
        const RegRow *r = &reg_rows[n];
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

/*
 * The reset image holds the KVM value of every scalar register of the
 * reset groups, in table order (vector registers reset to zero).
 */
static bool row_in_image(const RegRow *r)
{
    return (r->group & RESET_GROUPS) && r->kind != REG_VECTOR;
}

static void reset_image_copy(RISCVCPU *cpu, bool save)
{
    uint64_t *image = cpu->kvm_reset_regs;

    for (size_t n = 0; n < ARRAY_SIZE(reg_rows); n++) {
        const RegRow *r = &reg_rows[n];

        if (!row_in_image(r)) {
            continue;
        }
        for (unsigned i = 0; i < r->count; i++) {
            if (!kvm_riscv_regs_has(cpu, row_id(cpu->cfg.vlenb, r, i))) {
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

int kvm_riscv_regs_init(CPUState *cs, Error **errp)
{
    RISCVCPU *cpu = RISCV_CPU(cs);
    struct kvm_reg_list probe = { .n = 0 };
    g_autofree struct kvm_reg_list *list = NULL;
    size_t len = 0;
    int ret;

    /* the first call fails with E2BIG and says how many there are */
    ret = kvm_vcpu_ioctl(cs, KVM_GET_REG_LIST, &probe);
    if (ret != -E2BIG) {
        error_setg_errno(errp, -ret, "KVM_GET_REG_LIST: cannot learn the "
                         "host's RISC-V registers");
        return ret < 0 ? ret : -EINVAL;
    }
    list = g_malloc(sizeof(*list) + probe.n * sizeof(uint64_t));
    list->n = probe.n;
    ret = kvm_vcpu_ioctl(cs, KVM_GET_REG_LIST, list);
    if (ret < 0) {
        error_setg_errno(errp, -ret, "KVM_GET_REG_LIST failed");
        return ret;
    }
    cpu->kvm_nr_reg_ids = list->n;
    cpu->kvm_reg_ids = g_memdup2(list->reg, list->n * sizeof(uint64_t));
    qsort(cpu->kvm_reg_ids, cpu->kvm_nr_reg_ids, sizeof(uint64_t), cmp_u64);

    /* a vCPU that never ran holds what KVM gives a new one: keep it */
    ret = kvm_riscv_regs_get(cs, RESET_GROUPS, errp);
    if (ret < 0) {
        kvm_riscv_regs_free(cpu);
        return ret;
    }
    for (size_t n = 0; n < ARRAY_SIZE(reg_rows); n++) {
        len += row_in_image(&reg_rows[n]) ? reg_rows[n].count : 0;
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

    for (size_t n = 0; n < ARRAY_SIZE(reg_rows); n++) {
        const RegRow *r = &reg_rows[n];

        if (r->group != KVM_RISCV_REGS_CONFIG ||
            kvm_riscv_fd_get_one(vcpu_fd, row_id(0, r, 0), &val) < 0) {
            continue;
        }
        if (r->kind == REG_ISA) {
            *misa = val;
        } else if (r->kind == REG_SATP_MODE) {
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
    for (size_t n = 0; n < ARRAY_SIZE(reg_rows); n++) {
        const RegRow *r = &reg_rows[n];

        if (r->group != KVM_RISCV_REGS_CONFIG || r->kind == REG_ISA) {
            continue;
        }
        if (r->kind == REG_SATP_MODE) {
            dst->satp_mode.supported = src->satp_mode.supported;
        } else {
            memcpy((uint8_t *)dst + r->offset,
                   (const uint8_t *)src + r->offset, r->field_size);
        }
    }
}
