/*
 * RISC-V KVM: what the host offers, and the host CPU's properties
 *
 * The host CPU model ("-cpu host") is what KVM offers: a scratch VM with
 * one vCPU is created once to read the CONFIG, ISA_EXT and SBI_EXT
 * registers.  Every ISA and SBI extension KVM knows is a boolean
 * property of the host CPU; asking for one the host lacks, or for
 * turning off one KVM cannot hide, fails at start-up with its name.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include <sys/ioctl.h>
#include <linux/kvm.h>
#include "qapi/error.h"
#include "qapi/visitor.h"
#include "qemu/error-report.h"
#include "qom/object.h"
#include "accel/accel-cpu-target.h"
#include "system/kvm.h"
#include "cpu.h"
#include "kvm_riscv.h"
#include "kvm-reg.h"
#include "kvm-props.h"
#include "trace.h"

/* An ISA extension KVM knows: a misa letter or a RISCVCPUConfig flag. */
typedef struct IsaExt {
    unsigned kvm_id;        /* KVM_RISCV_ISA_EXT_* */
    const char *name;       /* the CPU property */
    uint32_t misa;          /* misa bit, or 0 */
    size_t cfg_offset;      /* offset of the bool in RISCVCPUConfig */
} IsaExt;

#define MISA(ID, n, bit) { KVM_RISCV_ISA_EXT_##ID, n, bit, 0 }
#define MULTI(ID, f)     { KVM_RISCV_ISA_EXT_##ID, #f, 0, \
                           CPU_CFG_OFFSET(ext_##f) }

static const IsaExt isa_exts[] = {
    MISA(A, "a", RVA), MISA(C, "c", RVC), MISA(D, "d", RVD),
    MISA(F, "f", RVF), MISA(H, "h", RVH), MISA(I, "i", RVI),
    MISA(M, "m", RVM), MISA(V, "v", RVV),
    MULTI(SVPBMT, svpbmt), MULTI(SSTC, sstc), MULTI(SVINVAL, svinval),
    MULTI(ZIHINTPAUSE, zihintpause), MULTI(ZICBOM, zicbom),
    MULTI(ZICBOZ, zicboz), MULTI(ZBB, zbb), MULTI(SSAIA, ssaia),
    MULTI(SVNAPOT, svnapot), MULTI(ZBA, zba), MULTI(ZBS, zbs),
    MULTI(ZICNTR, zicntr), MULTI(ZICSR, zicsr), MULTI(ZIFENCEI, zifencei),
    MULTI(ZIHPM, zihpm), MULTI(SMSTATEEN, smstateen), MULTI(ZICOND, zicond),
    MULTI(ZBC, zbc), MULTI(ZBKB, zbkb), MULTI(ZBKC, zbkc), MULTI(ZBKX, zbkx),
    MULTI(ZKND, zknd), MULTI(ZKNE, zkne), MULTI(ZKNH, zknh), MULTI(ZKR, zkr),
    MULTI(ZKSED, zksed), MULTI(ZKSH, zksh), MULTI(ZKT, zkt),
    MULTI(ZVBB, zvbb), MULTI(ZVBC, zvbc), MULTI(ZVKB, zvkb),
    MULTI(ZVKG, zvkg), MULTI(ZVKNED, zvkned), MULTI(ZVKNHA, zvknha),
    MULTI(ZVKNHB, zvknhb), MULTI(ZVKSED, zvksed), MULTI(ZVKSH, zvksh),
    MULTI(ZVKT, zvkt), MULTI(ZFH, zfh), MULTI(ZFHMIN, zfhmin),
    MULTI(ZIHINTNTL, zihintntl), MULTI(ZVFH, zvfh), MULTI(ZVFHMIN, zvfhmin),
    MULTI(ZFA, zfa), MULTI(ZTSO, ztso), MULTI(ZACAS, zacas),
    MULTI(SSCOFPMF, sscofpmf), MULTI(ZIMOP, zimop), MULTI(ZCA, zca),
    MULTI(ZCB, zcb), MULTI(ZCD, zcd), MULTI(ZCF, zcf), MULTI(ZCMOP, zcmop),
    MULTI(ZAWRS, zawrs), MULTI(SMNPM, smnpm), MULTI(SSNPM, ssnpm),
    MULTI(SVADE, svade), MULTI(SVADU, svadu), MULTI(SVVPTC, svvptc),
    MULTI(ZABHA, zabha), MULTI(ZICCRSE, ziccrse),
};

/* An SBI extension KVM implements, and whether this series turns it on. */
typedef struct SbiExt {
    unsigned kvm_id;        /* KVM_RISCV_SBI_EXT_* */
    const char *name;       /* the CPU property */
    bool want_on;           /* enabled by default by this series */
} SbiExt;

static const SbiExt sbi_exts[] = {
    { KVM_RISCV_SBI_EXT_V01, "sbi-v01" },
    { KVM_RISCV_SBI_EXT_TIME, "sbi-time" },
    { KVM_RISCV_SBI_EXT_IPI, "sbi-ipi" },
    { KVM_RISCV_SBI_EXT_RFENCE, "sbi-rfence" },
    { KVM_RISCV_SBI_EXT_SRST, "sbi-srst" },
    { KVM_RISCV_SBI_EXT_HSM, "sbi-hsm" },
    { KVM_RISCV_SBI_EXT_PMU, "sbi-pmu" },
    { KVM_RISCV_SBI_EXT_EXPERIMENTAL, "sbi-experimental" },
    { KVM_RISCV_SBI_EXT_VENDOR, "sbi-vendor" },
    /* the debug console is forwarded to us: QEMU serves it */
    { KVM_RISCV_SBI_EXT_DBCN, "sbi-dbcn", true },
    { KVM_RISCV_SBI_EXT_STA, "sbi-sta" },
    { KVM_RISCV_SBI_EXT_SUSP, "sbi-susp" },
};

/* What the host offers, read once from a scratch vCPU. */
typedef struct HostCaps {
    bool probed;
    int err;                                /* errno of a failed probe */
    uint64_t isa, mvendorid, marchid, mimpid;
    uint64_t cbom_blocksize, cboz_blocksize, satp_mode, vlenb;
    uint64_t timebase_hz;
    int8_t isa_has[ARRAY_SIZE(isa_exts)];   /* -1: KVM does not know it */
    int8_t sbi_has[ARRAY_SIZE(sbi_exts)];
} HostCaps;

static HostCaps host;

/* The user's choices (-1: none): the same for every vCPU. */
static int8_t isa_choice[ARRAY_SIZE(isa_exts)];
static int8_t sbi_choice[ARRAY_SIZE(sbi_exts)];

uint64_t riscv_kvm_timebase_hz;

typedef struct Scratch {
    int kvm, vm, vcpu;
} Scratch;

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
    *s = (Scratch) { -1, -1, -1 };
    s->kvm = qemu_open_old("/dev/kvm", O_RDWR);
    if (s->kvm < 0) {
        return -errno;
    }
    do {
        s->vm = ioctl(s->kvm, KVM_CREATE_VM, 0);
    } while (s->vm < 0 && errno == EINTR);
    if (s->vm < 0) {
        int err = -errno;

        scratch_close(s);
        return err;
    }
    s->vcpu = ioctl(s->vm, KVM_CREATE_VCPU, 0);
    if (s->vcpu < 0) {
        int err = -errno;

        scratch_close(s);
        return err;
    }
    return 0;
}

static int scratch_get(Scratch *s, uint64_t id, uint64_t *val)
{
    struct kvm_one_reg r = { .id = id, .addr = (uintptr_t)val };

    *val = 0;
    return ioctl(s->vcpu, KVM_GET_ONE_REG, &r) < 0 ? -errno : 0;
}

static int scratch_set(Scratch *s, uint64_t id, uint64_t val)
{
    struct kvm_one_reg r = { .id = id, .addr = (uintptr_t)&val };

    return ioctl(s->vcpu, KVM_SET_ONE_REG, &r) < 0 ? -errno : 0;
}

static uint64_t config_id(uint64_t index)
{
    return riscv_kvm_reg_id(KVM_REG_RISCV_CONFIG, index, 0);
}

static uint64_t isa_ext_id(unsigned kvm_id)
{
    return riscv_kvm_reg_id(KVM_REG_RISCV_ISA_EXT | KVM_REG_RISCV_ISA_SINGLE,
                            kvm_id, 0);
}

static uint64_t sbi_ext_id(unsigned kvm_id)
{
    return riscv_kvm_reg_id(KVM_REG_RISCV_SBI_EXT | KVM_REG_RISCV_SBI_SINGLE,
                            kvm_id, 0);
}

static void host_probe(void)
{
    static const struct {
        uint64_t index;
        size_t offset;
    } config[] = {
        { KVM_REG_RISCV_CONFIG_REG(isa), offsetof(HostCaps, isa) },
        { KVM_REG_RISCV_CONFIG_REG(mvendorid), offsetof(HostCaps, mvendorid) },
        { KVM_REG_RISCV_CONFIG_REG(marchid), offsetof(HostCaps, marchid) },
        { KVM_REG_RISCV_CONFIG_REG(mimpid), offsetof(HostCaps, mimpid) },
        { KVM_REG_RISCV_CONFIG_REG(zicbom_block_size),
          offsetof(HostCaps, cbom_blocksize) },
        { KVM_REG_RISCV_CONFIG_REG(zicboz_block_size),
          offsetof(HostCaps, cboz_blocksize) },
        { KVM_REG_RISCV_CONFIG_REG(satp_mode), offsetof(HostCaps, satp_mode) },
    };
    Scratch s;
    uint64_t val;

    if (host.probed) {
        return;
    }
    host.probed = true;
    host.err = scratch_open(&s);
    if (host.err) {
        return;
    }
    for (size_t i = 0; i < ARRAY_SIZE(config); i++) {
        /* registers the host lacks (block sizes without Zicbo*) stay 0 */
        scratch_get(&s, config_id(config[i].index), &val);
        *(uint64_t *)((uint8_t *)&host + config[i].offset) = val;
    }
    for (size_t i = 0; i < ARRAY_SIZE(isa_exts); i++) {
        host.isa_has[i] = scratch_get(&s, isa_ext_id(isa_exts[i].kvm_id),
                                      &val) ? -1 : !!val;
    }
    for (size_t i = 0; i < ARRAY_SIZE(sbi_exts); i++) {
        host.sbi_has[i] = scratch_get(&s, sbi_ext_id(sbi_exts[i].kvm_id),
                                      &val) ? -1 : !!val;
    }
    scratch_get(&s, riscv_kvm_reg_id(KVM_REG_RISCV_TIMER,
                                     KVM_REG_RISCV_TIMER_REG(frequency), 8),
                &host.timebase_hz);
    if (host.isa & RVV) {
        scratch_get(&s, riscv_kvm_reg_id(KVM_REG_RISCV_VECTOR,
                        offsetof(struct __riscv_v_ext_state, vlenb) /
                        sizeof(unsigned long), 0), &host.vlenb);
    }
    riscv_kvm_timebase_hz = host.timebase_hz;
    scratch_close(&s);
}

/* Can KVM turn this ISA extension off?  Tried on a scratch vCPU. */
static bool host_can_disable(const IsaExt *e)
{
    Scratch s;
    bool ok;

    if (scratch_open(&s)) {
        return false;
    }
    ok = scratch_set(&s, isa_ext_id(e->kvm_id), 0) == 0;
    scratch_close(&s);
    return ok;
}

static bool *cfg_flag(RISCVCPU *cpu, const IsaExt *e)
{
    return (bool *)((uint8_t *)&cpu->cfg + e->cfg_offset);
}

static bool isa_get_value(RISCVCPU *cpu, const IsaExt *e)
{
    return e->misa ? riscv_has_ext(&cpu->env, e->misa) : *cfg_flag(cpu, e);
}

static void isa_set_value(RISCVCPU *cpu, const IsaExt *e, bool on)
{
    if (e->misa) {
        if (on) {
            cpu->env.misa_ext |= e->misa;
        } else {
            cpu->env.misa_ext &= ~e->misa;
        }
        cpu->env.misa_ext_mask = cpu->env.misa_ext;
    } else {
        *cfg_flag(cpu, e) = on;
    }
}

static void isa_prop_get(Object *obj, Visitor *v, const char *name,
                         void *opaque, Error **errp)
{
    bool val = isa_get_value(RISCV_CPU(obj), opaque);

    visit_type_bool(v, name, &val, errp);
}

static void isa_prop_set(Object *obj, Visitor *v, const char *name,
                         void *opaque, Error **errp)
{
    const IsaExt *e = opaque;
    bool val;

    if (!visit_type_bool(v, name, &val, errp)) {
        return;
    }
    isa_choice[e - isa_exts] = val;
    isa_set_value(RISCV_CPU(obj), e, val);
}

static void sbi_prop_get(Object *obj, Visitor *v, const char *name,
                         void *opaque, Error **errp)
{
    size_t i = (const SbiExt *)opaque - sbi_exts;
    bool val = sbi_choice[i] >= 0 ? sbi_choice[i] :
               sbi_exts[i].want_on ? host.sbi_has[i] >= 0 : host.sbi_has[i] > 0;

    visit_type_bool(v, name, &val, errp);
}

static void sbi_prop_set(Object *obj, Visitor *v, const char *name,
                         void *opaque, Error **errp)
{
    bool val;

    if (!visit_type_bool(v, name, &val, errp)) {
        return;
    }
    sbi_choice[(const SbiExt *)opaque - sbi_exts] = val;
}

/* The host CPU starts as what KVM offers, with one property per extension. */
static void riscv_kvm_cpu_instance_init(CPUState *cs)
{
    RISCVCPU *cpu = RISCV_CPU(cs);
    Object *obj = OBJECT(cpu);
    static bool choices_reset;

    if (!choices_reset) {
        memset(isa_choice, -1, sizeof(isa_choice));
        memset(sbi_choice, -1, sizeof(sbi_choice));
        choices_reset = true;
    }
    host_probe();
    if (host.err) {
        return;     /* reported by riscv_kvm_cpu_finalize_features() */
    }
    cpu->cfg.mvendorid = host.mvendorid;
    cpu->cfg.marchid = host.marchid;
    cpu->cfg.mimpid = host.mimpid;
    cpu->cfg.cbom_blocksize = host.cbom_blocksize;
    cpu->cfg.cboz_blocksize = host.cboz_blocksize;
    cpu->cfg.vlenb = host.vlenb;
    cpu->cfg.mmu = true;
    /*
     * KVM's isa register has the letters of the guest's user ISA; the
     * guest always has S and U mode too, and saying so gives the
     * supervisor CSRs (which KVM syncs) to "info registers" and gdb
     */
    cpu->env.misa_ext = cpu->env.misa_ext_mask = host.isa | RVS | RVU;
    for (int m = 0; m <= host.satp_mode && m < 16; m++) {
        if (m == VM_1_10_MBARE || m >= VM_1_10_SV39) {
            cpu->cfg.satp_mode.supported |= 1 << m;
        }
    }
    for (size_t i = 0; i < ARRAY_SIZE(isa_exts); i++) {
        const IsaExt *e = &isa_exts[i];

        if (!e->misa) {
            *cfg_flag(cpu, e) = host.isa_has[i] > 0;
        }
        /* the single-letter ones may exist already on some CPU types */
        if (!object_property_find(obj, e->name)) {
            object_property_add(obj, e->name, "bool", isa_prop_get,
                                isa_prop_set, NULL, (void *)e);
        }
        if (isa_choice[i] >= 0) {
            isa_set_value(cpu, e, isa_choice[i]);
        }
    }
    for (size_t i = 0; i < ARRAY_SIZE(sbi_exts); i++) {
        object_property_add(obj, sbi_exts[i].name, "bool", sbi_prop_get,
                            sbi_prop_set, NULL, (void *)&sbi_exts[i]);
    }
}

void riscv_kvm_cpu_finalize_features(RISCVCPU *cpu, Error **errp)
{
    host_probe();
    if (host.err) {
        error_setg_errno(errp, -host.err, "KVM: cannot create a RISC-V "
                         "vCPU to learn what the host offers (is /dev/kvm "
                         "there, and does the host CPU have the H "
                         "extension?)");
        return;
    }
    for (size_t i = 0; i < ARRAY_SIZE(isa_exts); i++) {
        const IsaExt *e = &isa_exts[i];

        if (isa_choice[i] == 1 && host.isa_has[i] < 0) {
            error_setg(errp, "KVM: the host does not offer ISA extension "
                       "'%s'; drop %s=on", e->name, e->name);
            return;
        }
        if (isa_choice[i] == 1 && host.isa_has[i] == 0) {
            /* KVM knows it; enabling is tried on the vCPU itself */
            continue;
        }
        if (isa_choice[i] == 0 && host.isa_has[i] > 0 &&
            !host_can_disable(e)) {
            error_setg(errp, "KVM cannot turn off ISA extension '%s' on "
                       "this host; drop %s=off", e->name, e->name);
            return;
        }
    }
    for (size_t i = 0; i < ARRAY_SIZE(sbi_exts); i++) {
        if (sbi_choice[i] == 1 && host.sbi_has[i] < 0) {
            error_setg(errp, "KVM: the host does not implement SBI "
                       "extension '%s'; drop %s=on", sbi_exts[i].name,
                       sbi_exts[i].name);
            return;
        }
    }
}

int riscv_kvm_props_apply(CPUState *cs, Error **errp)
{
    for (size_t i = 0; i < ARRAY_SIZE(isa_exts); i++) {
        const IsaExt *e = &isa_exts[i];
        int ret;

        if (isa_choice[i] < 0 || isa_choice[i] == host.isa_has[i]) {
            continue;
        }
        ret = riscv_kvm_set_one(cs, isa_ext_id(e->kvm_id), isa_choice[i]);
        if (ret < 0) {
            error_setg_errno(errp, -ret, "KVM cannot turn %s ISA extension "
                             "'%s'", isa_choice[i] ? "on" : "off", e->name);
            return ret;
        }
    }
    for (size_t i = 0; i < ARRAY_SIZE(sbi_exts); i++) {
        const SbiExt *e = &sbi_exts[i];
        int want = sbi_choice[i] >= 0 ? sbi_choice[i] :
                   e->want_on ? 1 : -1;
        int ret;

        if (want < 0 || host.sbi_has[i] < 0 || want == host.sbi_has[i]) {
            continue;
        }
        ret = riscv_kvm_set_one(cs, sbi_ext_id(e->kvm_id), want);
        if (ret < 0) {
            error_setg_errno(errp, -ret, "KVM cannot turn %s SBI extension "
                             "'%s'", want ? "on" : "off", e->name);
            return ret;
        }
        trace_riscv_kvm_sbi_ext(cs->cpu_index, e->name, want);
    }
    return 0;
}

static void riscv_kvm_cpu_accel_class_init(ObjectClass *oc, void *data)
{
    AccelCPUClass *acc = ACCEL_CPU_CLASS(oc);

    acc->cpu_instance_init = riscv_kvm_cpu_instance_init;
}

static void riscv_host_cpu_class_init(ObjectClass *c, void *data)
{
    RISCVCPUClass *mcc = RISCV_CPU_CLASS(c);
    CPUClass *cc = CPU_CLASS(c);

    /* gdb's core registers (x0-x31, pc) come from the XLEN's XML */
#if defined(TARGET_RISCV32)
    mcc->misa_mxl_max = MXL_RV32;
    cc->gdb_core_xml_file = "riscv-32bit-cpu.xml";
#else
    mcc->misa_mxl_max = MXL_RV64;
    cc->gdb_core_xml_file = "riscv-64bit-cpu.xml";
#endif
}

static const TypeInfo riscv_kvm_types[] = {
    {
        .name = ACCEL_CPU_NAME("kvm"),
        .parent = TYPE_ACCEL_CPU,
        .class_init = riscv_kvm_cpu_accel_class_init,
        .abstract = true,
    },
    {
        .name = TYPE_RISCV_CPU_HOST,
        .parent = TYPE_RISCV_CPU,
        .class_init = riscv_host_cpu_class_init,
    },
};

DEFINE_TYPES(riscv_kvm_types)
