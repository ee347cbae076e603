/*
 * RISC-V KVM: the host CPU model
 *
 * "-cpu host" is what KVM offers (kvm-host.c).  Every ISA and SBI
 * extension KVM knows is a boolean property of the CPU object; what the
 * user sets is kept in that object (its cfg and misa, and a record of
 * which extensions were set), checked when the CPU's features are
 * finalized and written to its vCPU when KVM creates it.  Asking for an
 * extension the host lacks, or for turning off one KVM cannot hide,
 * fails with its name.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include <linux/kvm.h>
#include "qapi/error.h"
#include "qapi/visitor.h"
#include "qom/object.h"
#include "accel/accel-cpu-target.h"
#include "system/kvm.h"
#include "cpu.h"
#include "kvm_riscv.h"
#include "kvm-cpu-host.h"
#include "kvm-exts.h"
#include "kvm-host.h"
#include "kvm-reg.h"
#include "trace.h"

static size_t isa_index(const KVMRISCVIsaExt *e)
{
    return e - kvm_riscv_isa_exts;
}

static size_t sbi_index(const KVMRISCVSbiExt *e)
{
    return e - kvm_riscv_sbi_exts;
}

static bool isa_user_set(const RISCVCPU *cpu, size_t i)
{
    return cpu->kvm_isa_user_set[i / 64] & (1ull << (i % 64));
}

static bool sbi_user_set(const RISCVCPU *cpu, size_t i)
{
    return cpu->kvm_sbi_user_set & (1u << i);
}

static bool *cfg_flag(RISCVCPU *cpu, const KVMRISCVIsaExt *e)
{
    return (bool *)((uint8_t *)&cpu->cfg + e->cfg_offset);
}

static bool isa_value(RISCVCPU *cpu, const KVMRISCVIsaExt *e)
{
    return e->misa ? riscv_has_ext(&cpu->env, e->misa) : *cfg_flag(cpu, e);
}

/* An SBI extension's value: the user's, else this series' default. */
static bool sbi_value(const RISCVCPU *cpu, size_t i)
{
    int8_t has = kvm_riscv_host()->sbi_has[i];

    if (sbi_user_set(cpu, i)) {
        return cpu->kvm_sbi_user_on & (1u << i);
    }
    if (kvm_riscv_sbi_exts[i].unserved) {
        return false;
    }
    return kvm_riscv_sbi_exts[i].default_on ? has >= 0 : has > 0;
}

/* A property's new value; turning on what the host lacks is refused. */
static bool ext_prop_value(Visitor *v, const char *name, const char *kind,
                           bool host_lacks, bool *val, Error **errp)
{
    if (!visit_type_bool(v, name, val, errp)) {
        return false;
    }
    if (*val && host_lacks) {
        error_setg(errp, "KVM: %s extension '%s' is not available on this "
                   "host; drop %s=on", kind, name, name);
        return false;
    }
    return true;
}

static void isa_prop_get(Object *obj, Visitor *v, const char *name,
                         void *opaque, Error **errp)
{
    bool val = isa_value(RISCV_CPU(obj), opaque);

    visit_type_bool(v, name, &val, errp);
}

static void isa_prop_set(Object *obj, Visitor *v, const char *name,
                         void *opaque, Error **errp)
{
    RISCVCPU *cpu = RISCV_CPU(obj);
    const KVMRISCVIsaExt *e = opaque;
    size_t i = isa_index(e);
    bool val;

    if (!ext_prop_value(v, name, "ISA", kvm_riscv_host()->isa_has[i] < 0,
                        &val, errp)) {
        return;
    }
    cpu->kvm_isa_user_set[i / 64] |= 1ull << (i % 64);
    if (!e->misa) {
        *cfg_flag(cpu, e) = val;
    } else if (val) {
        cpu->env.misa_ext |= e->misa;
    } else {
        cpu->env.misa_ext &= ~e->misa;
    }
    cpu->env.misa_ext_mask = cpu->env.misa_ext;
}

static void sbi_prop_get(Object *obj, Visitor *v, const char *name,
                         void *opaque, Error **errp)
{
    bool val = sbi_value(RISCV_CPU(obj), sbi_index(opaque));

    visit_type_bool(v, name, &val, errp);
}

static void sbi_prop_set(Object *obj, Visitor *v, const char *name,
                         void *opaque, Error **errp)
{
    RISCVCPU *cpu = RISCV_CPU(obj);
    size_t i = sbi_index(opaque);
    bool val;

    if (!ext_prop_value(v, name, "SBI", kvm_riscv_host()->sbi_has[i] < 0,
                        &val, errp)) {
        return;
    }
    if (val && kvm_riscv_sbi_exts[i].unserved) {
        error_setg(errp, "KVM: SBI extension '%s' cannot be turned on: %s; "
                   "drop %s=on", name, kvm_riscv_sbi_exts[i].unserved, name);
        return;
    }
    cpu->kvm_sbi_user_set |= 1u << i;
    if (val) {
        cpu->kvm_sbi_user_on |= 1u << i;
    } else {
        cpu->kvm_sbi_user_on &= ~(1u << i);
    }
}

/* An extension QEMU knows but KVM does not: off, and it stays off. */
static void unavail_prop_get(Object *obj, Visitor *v, const char *name,
                             void *opaque, Error **errp)
{
    bool val = false;

    visit_type_bool(v, name, &val, errp);
}

static void unavail_prop_set(Object *obj, Visitor *v, const char *name,
                             void *opaque, Error **errp)
{
    bool val;

    ext_prop_value(v, name, "ISA", true, &val, errp);
}

static void add_unavail_props(Object *obj, const RISCVCPUMultiExtConfig *arr)
{
    for (; arr->name; arr++) {
        if (!object_property_find(obj, arr->name)) {
            object_property_add(obj, arr->name, "bool", unavail_prop_get,
                                unavail_prop_set, NULL, NULL);
        }
    }
}

/* The host CPU starts as what KVM offers, with one property per extension. */
static void kvm_riscv_cpu_host_instance_init(CPUState *cs)
{
    const KVMRISCVHost *h = kvm_riscv_host();
    RISCVCPU *cpu = RISCV_CPU(cs);
    Object *obj = OBJECT(cpu);

    if (h->err) {
        return;     /* reported by kvm_riscv_cpu_finalize_features() */
    }
    kvm_riscv_regs_copy_config(&cpu->cfg, &h->cfg);
    cpu->cfg.mmu = true;
    /*
     * KVM's isa register has the letters of the guest's user ISA; the
     * guest always has S and U mode too, and saying so gives the
     * supervisor CSRs (which KVM syncs) to "info registers" and gdb
     */
    cpu->env.misa_ext = cpu->env.misa_ext_mask = h->misa | RVS | RVU;
    for (size_t i = 0; i < kvm_riscv_nr_isa_exts; i++) {
        const KVMRISCVIsaExt *e = &kvm_riscv_isa_exts[i];

        if (!e->misa) {
            *cfg_flag(cpu, e) = h->isa_has[i] > 0;
        }
        /* the single-letter ones may exist already on some CPU types */
        if (!object_property_find(obj, e->name)) {
            object_property_add(obj, e->name, "bool", isa_prop_get,
                                isa_prop_set, NULL, (void *)e);
        }
    }
    for (size_t i = 0; i < kvm_riscv_nr_sbi_exts; i++) {
        object_property_add(obj, kvm_riscv_sbi_exts[i].name, "bool",
                            sbi_prop_get, sbi_prop_set, NULL,
                            (void *)&kvm_riscv_sbi_exts[i]);
    }
    add_unavail_props(obj, riscv_cpu_extensions);
    add_unavail_props(obj, riscv_cpu_experimental_exts);
    add_unavail_props(obj, riscv_cpu_vendor_exts);
}

/* A size the host fixes: the user may only ask for the host's. */
static bool check_size(const char *prop, unsigned want, unsigned host,
                       Error **errp)
{
    if (want != host) {
        error_setg(errp, "KVM: this host's %s is %u, and KVM cannot change "
                   "it; drop %s or set it to %u", prop, host, prop, host);
        return false;
    }
    return true;
}

void kvm_riscv_cpu_finalize_features(RISCVCPU *cpu, Error **errp)
{
    const KVMRISCVHost *h = kvm_riscv_host();

    if (h->err) {
        error_setg_errno(errp, -h->err, "KVM: cannot create a RISC-V "
                         "vCPU to learn what the host offers (is /dev/kvm "
                         "there, and does the host CPU have the H "
                         "extension?)");
        return;
    }
    if (!check_size("cbom_blocksize", cpu->cfg.cbom_blocksize,
                    h->cfg.cbom_blocksize, errp) ||
        !check_size("cboz_blocksize", cpu->cfg.cboz_blocksize,
                    h->cfg.cboz_blocksize, errp) ||
        (riscv_has_ext(&cpu->env, RVV) &&
         !check_size("vlen", cpu->cfg.vlenb * 8, h->cfg.vlenb * 8, errp))) {
        return;
    }
    for (size_t i = 0; i < kvm_riscv_nr_isa_exts; i++) {
        const KVMRISCVIsaExt *e = &kvm_riscv_isa_exts[i];

        /* turning one on that KVM knows is tried on the vCPU itself */
        if (isa_user_set(cpu, i) && !isa_value(cpu, e) &&
            h->isa_has[i] > 0 && !kvm_riscv_host_can_disable(i)) {
            error_setg(errp, "KVM cannot turn off ISA extension '%s' on "
                       "this host; drop %s=off", e->name, e->name);
            return;
        }
    }
}

/*
 * Write an extension register of a new vCPU where the choice differs from
 * what KVM gives it; one KVM does not know is off already.
 */
static int apply_ext(CPUState *cs, uint64_t id, const char *kind,
                     const char *name, int8_t has, bool on, Error **errp)
{
    int ret;

    if (has < 0 || on == has) {
        return 0;
    }
    ret = kvm_riscv_set_one(cs, id, on);
    if (ret < 0) {
        error_setg_errno(errp, -ret, "KVM cannot turn %s %s extension '%s'",
                         on ? "on" : "off", kind, name);
        return ret;
    }
    trace_kvm_riscv_ext(cs->cpu_index, kind, name, on);
    return 0;
}

bool kvm_riscv_cpu_sbi_on(RISCVCPU *cpu, unsigned kvm_id)
{
    for (size_t i = 0; i < kvm_riscv_nr_sbi_exts; i++) {
        if (kvm_riscv_sbi_exts[i].kvm_id == kvm_id) {
            return kvm_riscv_host()->sbi_has[i] >= 0 && sbi_value(cpu, i);
        }
    }
    return false;
}

int kvm_riscv_cpu_host_apply(CPUState *cs, Error **errp)
{
    const KVMRISCVHost *h = kvm_riscv_host();
    RISCVCPU *cpu = RISCV_CPU(cs);
    int ret;

    for (size_t i = 0; i < kvm_riscv_nr_isa_exts; i++) {
        const KVMRISCVIsaExt *e = &kvm_riscv_isa_exts[i];

        if (!isa_user_set(cpu, i)) {
            continue;
        }
        ret = apply_ext(cs, kvm_riscv_isa_ext_reg(e), "ISA", e->name,
                        h->isa_has[i], isa_value(cpu, e), errp);
        if (ret < 0) {
            return ret;
        }
    }
    for (size_t i = 0; i < kvm_riscv_nr_sbi_exts; i++) {
        const KVMRISCVSbiExt *e = &kvm_riscv_sbi_exts[i];

        ret = apply_ext(cs, kvm_riscv_sbi_ext_reg(e), "SBI", e->name,
                        h->sbi_has[i], sbi_value(cpu, i), errp);
        if (ret < 0) {
            return ret;
        }
    }
    return 0;
}

static void kvm_riscv_cpu_accel_class_init(ObjectClass *oc, void *data)
{
    AccelCPUClass *acc = ACCEL_CPU_CLASS(oc);

    acc->cpu_instance_init = kvm_riscv_cpu_host_instance_init;
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

static const TypeInfo kvm_riscv_cpu_types[] = {
    {
        .name = ACCEL_CPU_NAME("kvm"),
        .parent = TYPE_ACCEL_CPU,
        .class_init = kvm_riscv_cpu_accel_class_init,
        .abstract = true,
    },
    {
        .name = TYPE_RISCV_CPU_HOST,
        .parent = TYPE_RISCV_CPU,
        .class_init = riscv_host_cpu_class_init,
    },
};

DEFINE_TYPES(kvm_riscv_cpu_types)
