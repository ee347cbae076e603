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

/* How a row's value maps to CPURISCVState. */
typedef enum RegKind {
    REG_FIELD,      /* count consecutive fields of env_size bytes */
    REG_FCSR,       /* fcsr: frm and the accrued flags */
    REG_VCSR,       /* vcsr: vxrm and vxsat */
    REG_VECTOR,     /* v0-v31, cfg.vlenb bytes each */
    REG_TIMER_STATE,    /* KVM refuses "off" for a timer that is off */
} RegKind;

typedef struct RegRow {
    const char *name;       /* "core.x" + index, "csr.sepc", ... */
    uint64_t type;          /* KVM_REG_RISCV_* type | subtype */
    uint16_t index;         /* ONE_REG index of the first register */
    uint8_t count;          /* consecutive registers in this row */
    uint8_t size;           /* bytes in KVM: 4, 8, or 0 for XLEN */
    uint8_t group;          /* RiscvKvmRegGroup */
    uint8_t kind;           /* RegKind */
    uint16_t env_offset;    /* offset in CPURISCVState of the first */
    uint8_t env_size;       /* bytes of each field in CPURISCVState */
    uint8_t fp_d;           /* FP rows: 1 for D, 0 for F, 2 for both */
} RegRow;

#define ENV(f)          offsetof(CPURISCVState, f)
#define ENV_SIZE(f)     sizeof(((CPURISCVState *)0)->f)
#define ULONGS(s, f)    (offsetof(s, f) / sizeof(unsigned long))

#define CORE(n, idx, cnt, f) \
    { n, KVM_REG_RISCV_CORE, idx, cnt, 0, RISCV_KVM_SYNC_CORE, REG_FIELD, \
      ENV(f), ENV_SIZE(f), 2 }
#define CSR(sub, n, idx, f) \
    { n, KVM_REG_RISCV_CSR | (sub), idx, 1, 0, RISCV_KVM_SYNC_CSR, \
      REG_FIELD, ENV(f), ENV_SIZE(f), 2 }
#define TIMER(n, f) \
    { "timer." #n, KVM_REG_RISCV_TIMER, KVM_REG_RISCV_TIMER_REG(n), 1, 8, \
      RISCV_KVM_SYNC_TIMER, REG_FIELD, ENV(f), ENV_SIZE(f), 2 }

static const RegRow reg_rows[] = {
    /* pc, then x1-x31 at indexes 1-31, then the privilege mode */
    CORE("core.pc", KVM_REG_RISCV_CORE_REG(regs.pc), 1, pc),
    CORE("core.x", 1, 31, gpr[1]),
    CORE("core.mode", KVM_REG_RISCV_CORE_REG(mode), 1, priv),

    CSR(KVM_REG_RISCV_CSR_GENERAL, "csr.sstatus",
        KVM_REG_RISCV_CSR_REG(sstatus), mstatus),
    CSR(KVM_REG_RISCV_CSR_GENERAL, "csr.sie",
        KVM_REG_RISCV_CSR_REG(sie), mie),
    CSR(KVM_REG_RISCV_CSR_GENERAL, "csr.stvec",
        KVM_REG_RISCV_CSR_REG(stvec), stvec),
    CSR(KVM_REG_RISCV_CSR_GENERAL, "csr.sscratch",
        KVM_REG_RISCV_CSR_REG(sscratch), sscratch),
    CSR(KVM_REG_RISCV_CSR_GENERAL, "csr.sepc",
        KVM_REG_RISCV_CSR_REG(sepc), sepc),
    CSR(KVM_REG_RISCV_CSR_GENERAL, "csr.scause",
        KVM_REG_RISCV_CSR_REG(scause), scause),
    CSR(KVM_REG_RISCV_CSR_GENERAL, "csr.stval",
        KVM_REG_RISCV_CSR_REG(stval), stval),
    CSR(KVM_REG_RISCV_CSR_GENERAL, "csr.sip",
        KVM_REG_RISCV_CSR_REG(sip), mip),
    CSR(KVM_REG_RISCV_CSR_GENERAL, "csr.satp",
        KVM_REG_RISCV_CSR_REG(satp), satp),
    CSR(KVM_REG_RISCV_CSR_GENERAL, "csr.scounteren",
        KVM_REG_RISCV_CSR_REG(scounteren), scounteren),
    CSR(KVM_REG_RISCV_CSR_GENERAL, "csr.senvcfg",
        KVM_REG_RISCV_CSR_REG(senvcfg), senvcfg),
    /* AIA: iprio1/iprio2 hold the byte priorities of interrupts 0-15 */
    CSR(KVM_REG_RISCV_CSR_AIA, "csr.aia.siselect",
        KVM_REG_RISCV_CSR_AIA_REG(siselect), siselect),
    { "csr.aia.iprio", KVM_REG_RISCV_CSR | KVM_REG_RISCV_CSR_AIA,
      KVM_REG_RISCV_CSR_AIA_REG(iprio1), 2, 8, RISCV_KVM_SYNC_CSR,
      REG_FIELD, ENV(siprio), 8, 2 },
    CSR(KVM_REG_RISCV_CSR_SMSTATEEN, "csr.smstateen.sstateen0",
        KVM_REG_RISCV_CSR_SMSTATEEN_REG(sstateen0), sstateen[0]),

    /* F (32-bit) or D (64-bit) registers, and fcsr at index 32 */
    { "fp.f", KVM_REG_RISCV_FP_F, 0, 32, 4, RISCV_KVM_SYNC_FP, REG_FIELD,
      ENV(fpr), 8, 0 },
    { "fp.fcsr", KVM_REG_RISCV_FP_F, 32, 1, 4, RISCV_KVM_SYNC_FP, REG_FCSR,
      0, 0, 0 },
    { "fp.d", KVM_REG_RISCV_FP_D, 0, 32, 8, RISCV_KVM_SYNC_FP, REG_FIELD,
      ENV(fpr), 8, 1 },
    { "fp.fcsr", KVM_REG_RISCV_FP_D, 32, 1, 4, RISCV_KVM_SYNC_FP, REG_FCSR,
      0, 0, 1 },

    /* vector CSRs, then v0-v31 after the CSR block */
    { "vector.vstart", KVM_REG_RISCV_VECTOR,
      ULONGS(struct __riscv_v_ext_state, vstart), 1, 0,
      RISCV_KVM_SYNC_VECTOR, REG_FIELD, ENV(vstart), ENV_SIZE(vstart), 2 },
    { "vector.vl", KVM_REG_RISCV_VECTOR,
      ULONGS(struct __riscv_v_ext_state, vl), 1, 0,
      RISCV_KVM_SYNC_VECTOR, REG_FIELD, ENV(vl), ENV_SIZE(vl), 2 },
    { "vector.vtype", KVM_REG_RISCV_VECTOR,
      ULONGS(struct __riscv_v_ext_state, vtype), 1, 0,
      RISCV_KVM_SYNC_VECTOR, REG_FIELD, ENV(vtype), ENV_SIZE(vtype), 2 },
    { "vector.vcsr", KVM_REG_RISCV_VECTOR,
      ULONGS(struct __riscv_v_ext_state, vcsr), 1, 0,
      RISCV_KVM_SYNC_VECTOR, REG_VCSR, 0, 0, 2 },
    { "vector.v", KVM_REG_RISCV_VECTOR, KVM_REG_RISCV_VECTOR_REG(0), 32, 0,
      RISCV_KVM_SYNC_VECTOR, REG_VECTOR, ENV(vreg), 0, 2 },

    TIMER(time, kvm_timer_time),
    TIMER(compare, kvm_timer_compare),
    { "timer.state", KVM_REG_RISCV_TIMER, KVM_REG_RISCV_TIMER_REG(state), 1,
      8, RISCV_KVM_SYNC_TIMER, REG_TIMER_STATE, ENV(kvm_timer_state),
      ENV_SIZE(kvm_timer_state), 2 },
};

uint64_t riscv_kvm_reg_id(uint64_t type, uint64_t index, unsigned size_bytes)
{
    uint64_t size;

    if (size_bytes == 0) {
        size_bytes = sizeof(target_ulong);
    }
    size = (uint64_t)ctz32(size_bytes) << KVM_REG_SIZE_SHIFT;
    return KVM_REG_RISCV | size | type | index;
}

static unsigned row_size(const RISCVCPU *cpu, const RegRow *r)
{
    if (r->kind == REG_VECTOR) {
        return cpu->cfg.vlenb;
    }
    return r->size ? r->size : sizeof(target_ulong);
}

static uint64_t row_id(const RISCVCPU *cpu, const RegRow *r, unsigned i)
{
    return riscv_kvm_reg_id(r->type, r->index + i, row_size(cpu, r));
}

const char *riscv_kvm_reg_name(uint64_t id, char *buf, size_t len)
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

int riscv_kvm_regs_init(CPUState *cs, RiscvKvmRegs *regs, Error **errp)
{
    struct kvm_reg_list probe = { .n = 0 };
    g_autofree struct kvm_reg_list *list = NULL;
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
    regs->nr_ids = list->n;
    regs->ids = g_memdup2(list->reg, list->n * sizeof(uint64_t));
    qsort(regs->ids, regs->nr_ids, sizeof(uint64_t), cmp_u64);
    regs->fp_d = riscv_kvm_regs_has(regs,
        riscv_kvm_reg_id(KVM_REG_RISCV_FP_D, 0, 8));
    trace_riscv_kvm_reg_list(cs->cpu_index, regs->nr_ids, regs->fp_d);
    return 0;
}

void riscv_kvm_regs_free(RiscvKvmRegs *regs)
{
    g_free(regs->ids);
    regs->ids = NULL;
    regs->nr_ids = 0;
}

bool riscv_kvm_regs_has(const RiscvKvmRegs *regs, uint64_t id)
{
    return bsearch(&id, regs->ids, regs->nr_ids, sizeof(uint64_t),
                   cmp_u64) != NULL;
}

int riscv_kvm_get_one(CPUState *cs, uint64_t id, uint64_t *val)
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

int riscv_kvm_set_one(CPUState *cs, uint64_t id, uint64_t val)
{
    uint32_t v32 = val;

    return kvm_set_one_reg(cs, id, KVM_REG_SIZE(id) == 4 ?
                           (void *)&v32 : (void *)&val);
}

static uint64_t env_load(const void *p, unsigned size)
{
    switch (size) {
    case 1:
        return *(const uint8_t *)p;
    case 4:
        return *(const uint32_t *)p;
    default:
        return *(const uint64_t *)p;
    }
}

static void env_store(void *p, unsigned size, uint64_t val)
{
    switch (size) {
    case 1:
        *(uint8_t *)p = val;
        break;
    case 4:
        *(uint32_t *)p = val;
        break;
    default:
        *(uint64_t *)p = val;
        break;
    }
}

/* Is this row one the vCPU syncs (the host's FP kind, V enabled)? */
static bool row_applies(RISCVCPU *cpu, const RiscvKvmRegs *regs,
                        const RegRow *r, unsigned groups)
{
    if (!(r->group & groups)) {
        return false;
    }
    if (r->group == RISCV_KVM_SYNC_FP && r->fp_d != regs->fp_d) {
        return false;
    }
    if (r->group == RISCV_KVM_SYNC_VECTOR && !riscv_has_ext(&cpu->env, RVV)) {
        return false;
    }
    return true;
}

static int sync_row(CPUState *cs, const RiscvKvmRegs *regs, const RegRow *r,
                    bool put, Error **errp)
{
    RISCVCPU *cpu = RISCV_CPU(cs);
    CPURISCVState *env = &cpu->env;
    uint8_t *base = (uint8_t *)env + r->env_offset;

    for (unsigned i = 0; i < r->count; i++) {
        uint64_t id = row_id(cpu, r, i);
        uint64_t val = 0;
        int ret;

        if (!riscv_kvm_regs_has(regs, id)) {
            continue;
        }
        if (r->kind == REG_VECTOR) {
            void *v = (uint8_t *)env->vreg + i * cpu->cfg.vlenb;

            ret = put ? kvm_set_one_reg(cs, id, v) : kvm_get_one_reg(cs, id, v);
        } else if (put) {
            switch (r->kind) {
            case REG_FCSR:
                val = env->frm << 5 | riscv_cpu_get_fflags(env);
                break;
            case REG_VCSR:
                val = env->vxrm << 1 | env->vxsat;
                break;
            default:
                val = env_load(base + i * r->env_size, MIN(r->env_size, 8));
                break;
            }
            ret = riscv_kvm_set_one(cs, id, val);
            if (r->kind == REG_TIMER_STATE && ret == -EINVAL &&
                val == KVM_RISCV_TIMER_STATE_OFF) {
                ret = 0;        /* it was off already */
            }
        } else {
            ret = riscv_kvm_get_one(cs, id, &val);
            if (ret == 0) {
                switch (r->kind) {
                case REG_FCSR:
                    env->frm = (val >> 5) & 7;
                    riscv_cpu_set_fflags(env, val & 0x1f);
                    break;
                case REG_VCSR:
                    env->vxrm = (val >> 1) & 3;
                    env->vxsat = val & 1;
                    break;
                default:
                    env_store(base + i * r->env_size, MIN(r->env_size, 8),
                              val);
                    break;
                }
            }
        }
        if (ret < 0) {
            char name[32];

            error_setg_errno(errp, -ret, "KVM: cannot %s register %s",
                             put ? "set" : "get",
                             riscv_kvm_reg_name(id, name, sizeof(name)));
            return ret;
        }
    }
    return 0;
}

static int sync_groups(CPUState *cs, const RiscvKvmRegs *regs,
                       unsigned groups, bool put, Error **errp)
{
    RISCVCPU *cpu = RISCV_CPU(cs);

    trace_riscv_kvm_reg_sync(cs->cpu_index, put ? "put" : "get", groups);
    for (size_t n = 0; n < ARRAY_SIZE(reg_rows); n++) {
        const RegRow *r = &reg_rows[n];
        int ret;

        if (!row_applies(cpu, regs, r, groups)) {
            continue;
        }
        ret = sync_row(cs, regs, r, put, errp);
        if (ret < 0) {
            return ret;
        }
    }
    return 0;
}

int riscv_kvm_regs_get(CPUState *cs, const RiscvKvmRegs *regs,
                       unsigned groups, Error **errp)
{
    return sync_groups(cs, regs, groups, false, errp);
}

int riscv_kvm_regs_put(CPUState *cs, const RiscvKvmRegs *regs,
                       unsigned groups, Error **errp)
{
    return sync_groups(cs, regs, groups, true, errp);
}
