/*
 * RISC-V KVM: the in-kernel AIA (APLIC and IMSICs)
 *
 * The machine asks for the device once it knows its layout
 * (kvm_riscv_aia_create()); -accel kvm,riscv-aia= picks how KVM provides
 * the IMSICs.  The device's state lives in the kernel: the "riscv-kvm/aia"
 * section reads it through the device's APLIC and IMSIC attribute groups
 * when the VM is saved, and writes it back when the VM is loaded.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include <linux/kvm.h>
#include "qapi/error.h"
#include "qemu/error-report.h"
#include "hw/boards.h"
#include "hw/riscv/numa.h"
#include "hw/intc/riscv_imsic.h"
#include "migration/vmstate.h"
#include "system/reset.h"
#include "system/kvm.h"
#include "system/kvm_int.h"
#include "cpu.h"
#include "kvm_riscv.h"
#include "kvm-aia.h"
#include "trace.h"

/* -accel kvm,riscv-aia=emul|hwaccel|auto: how KVM provides IMSICs */
static const char *const aia_mode_names[] = {
    [KVM_DEV_RISCV_AIA_MODE_EMUL] = "emul",
    [KVM_DEV_RISCV_AIA_MODE_HWACCEL] = "hwaccel",
    [KVM_DEV_RISCV_AIA_MODE_AUTO] = "auto",
};
static uint64_t aia_mode = KVM_DEV_RISCV_AIA_MODE_AUTO;

/* APLIC registers, by offset (RISC-V AIA specification, chapter 4) */
#define APLIC_DOMAINCFG         0x0000
#define APLIC_SOURCECFG(i)      (0x0000 + 4 * (i))      /* i = 1..1023 */
#define APLIC_SETIP(w)          (0x1c00 + 4 * (w))
#define APLIC_IN_CLRIP(w)       (0x1d00 + 4 * (w))
#define APLIC_SETIE(w)          (0x1e00 + 4 * (w))
#define APLIC_CLRIE(w)          (0x1f00 + 4 * (w))
#define APLIC_TARGET(i)         (0x3000 + 4 * (i))      /* i = 1..1023 */

#define APLIC_SOURCECFG_D       (1u << 10)
#define APLIC_SM_MASK           7u
#define APLIC_SM_EDGE_FALL      5u
#define APLIC_SM_LEVEL_LOW      7u

/* per source in the image: sourcecfg, target, and these flags */
#define SRC_PENDING             (1u << 0)
#define SRC_ENABLED             (1u << 1)
#define SRC_WIRE                (1u << 2)   /* the input wire's level */
#define SRC_WORDS               3

/* per IMSIC in the image: eidelivery, eithreshold, then eip/eie pairs */
#define IMSIC_HEAD              2

typedef struct RiscvKvmAia {
    int fd;
    uint32_t nr_sources;        /* APLIC sources 1..nr_sources */
    uint32_t nr_ids;            /* MSI identities 1..nr_ids */
    uint32_t nr_harts;          /* IMSICs, one per vCPU */
    /* the migrated image; the sizes say what the source had */
    uint32_t img_sources, img_ids, img_harts;
    uint32_t aplic_len;
    uint32_t *aplic;            /* domaincfg, then SRC_WORDS per source */
    uint32_t imsic_len;
    uint64_t *imsic;            /* imsic_words() per IMSIC */
} RiscvKvmAia;

static RiscvKvmAia aia;

static unsigned bits_for(unsigned n)
{
    return n > 1 ? 32 - clz32(n - 1) : 0;
}

static void aia_set(int fd, int group, uint64_t attr, uint64_t val,
                    const char *what)
{
    int ret = kvm_device_access(fd, group, attr, &val, true, NULL);

    if (ret < 0) {
        error_report("KVM AIA: cannot set %s to 0x%" PRIx64 ": %s", what,
                     val, strerror(-ret));
        exit(1);
    }
}


/* 64-bit eip/eie registers that cover identities 0..nr_ids */
static unsigned imsic_eix(uint32_t nr_ids)
{
    return DIV_ROUND_UP(nr_ids + 1, 64);
}

static unsigned imsic_words(uint32_t nr_ids)
{
    return IMSIC_HEAD + 2 * imsic_eix(nr_ids);
}

static int aplic_rw(uint32_t reg, uint32_t *val, bool write, Error **errp)
{
    int ret = kvm_device_access(aia.fd, KVM_DEV_RISCV_AIA_GRP_APLIC, reg,
                                val, write, NULL);

    if (ret < 0) {
        error_setg_errno(errp, -ret, "KVM AIA: cannot %s APLIC register "
                         "0x%x", write ? "write" : "read", reg);
    }
    return ret;
}

static int imsic_rw(uint32_t hart, uint32_t isel, uint64_t *val, bool write,
                    Error **errp)
{
    unsigned long v = *val;
    int ret = kvm_device_access(aia.fd, KVM_DEV_RISCV_AIA_GRP_IMSIC,
                                KVM_DEV_RISCV_AIA_IMSIC_MKATTR(hart, isel),
                                &v, write, NULL);

    if (ret < 0) {
        error_setg_errno(errp, -ret, "KVM AIA: cannot %s register 0x%x of "
                         "the IMSIC of vCPU %u", write ? "write" : "read",
                         isel, hart);
    }
    *val = v;
    return ret;
}

/* isel of an IMSIC's image word i: delivery, threshold, eip k, eie k, ... */
static uint32_t imsic_isel(unsigned i)
{
    static const uint32_t head[IMSIC_HEAD] = {
        ISELECT_IMSIC_EIDELIVERY, ISELECT_IMSIC_EITHRESHOLD,
    };
    unsigned k = (i - IMSIC_HEAD) / 2;
    /* on RV64 each 64-bit register takes two (even, odd) selectors */
    unsigned step = sizeof(target_ulong) == 8 ? 2 : 1;

    if (i < IMSIC_HEAD) {
        return head[i];
    }
    return ((i - IMSIC_HEAD) % 2 ? ISELECT_IMSIC_EIE0 : ISELECT_IMSIC_EIP0) +
           k * step;
}

static bool wire_inverted(uint32_t sourcecfg)
{
    uint32_t sm = sourcecfg & APLIC_SM_MASK;

    return !(sourcecfg & APLIC_SOURCECFG_D) &&
           (sm == APLIC_SM_EDGE_FALL || sm == APLIC_SM_LEVEL_LOW);
}

static int aia_save(Error **errp)
{
    unsigned words = DIV_ROUND_UP(aia.nr_sources + 1, 32);
    unsigned per_hart = imsic_words(aia.nr_ids);
    g_autofree uint32_t *pend = g_new0(uint32_t, words);
    g_autofree uint32_t *en = g_new0(uint32_t, words);
    g_autofree uint32_t *in = g_new0(uint32_t, words);

    aia.img_sources = aia.nr_sources;
    aia.img_ids = aia.nr_ids;
    aia.img_harts = aia.nr_harts;
    aia.aplic_len = 1 + SRC_WORDS * aia.nr_sources;
    g_free(aia.aplic);
    aia.aplic = g_new0(uint32_t, aia.aplic_len);
    aia.imsic_len = per_hart * aia.nr_harts;
    g_free(aia.imsic);
    aia.imsic = g_new0(uint64_t, aia.imsic_len);

    for (unsigned w = 0; w < words; w++) {
        if (aplic_rw(APLIC_SETIP(w), &pend[w], false, errp) ||
            aplic_rw(APLIC_SETIE(w), &en[w], false, errp) ||
            aplic_rw(APLIC_IN_CLRIP(w), &in[w], false, errp)) {
            return -EIO;
        }
    }
    if (aplic_rw(APLIC_DOMAINCFG, &aia.aplic[0], false, errp)) {
        return -EIO;
    }
    for (unsigned i = 1; i <= aia.nr_sources; i++) {
        uint32_t *src = &aia.aplic[1 + SRC_WORDS * (i - 1)];
        uint32_t bit = 1u << (i % 32);
        bool rectified = in[i / 32] & bit;

        if (aplic_rw(APLIC_SOURCECFG(i), &src[0], false, errp) ||
            aplic_rw(APLIC_TARGET(i), &src[1], false, errp)) {
            return -EIO;
        }
        src[2] = (pend[i / 32] & bit ? SRC_PENDING : 0) |
                 (en[i / 32] & bit ? SRC_ENABLED : 0) |
                 (rectified != wire_inverted(src[0]) ? SRC_WIRE : 0);
    }
    for (unsigned h = 0; h < aia.nr_harts; h++) {
        for (unsigned i = 0; i < per_hart; i++) {
            if (imsic_rw(h, imsic_isel(i), &aia.imsic[h * per_hart + i],
                         false, errp)) {
                return -EIO;
            }
        }
    }
    trace_kvm_riscv_aia_state("saved", aia.nr_sources, aia.nr_harts);
    return 0;
}

/*
 * Write the image back: source modes and targets first, so that the wire
 * levels are taken the way the guest set them up, then the wires (which
 * may set pending bits), then pending and enable bits exactly as saved,
 * and the domain's interrupt enable last.  Then the IMSICs.
 */
static int aia_load(bool wires, Error **errp)
{
    unsigned words = DIV_ROUND_UP(aia.nr_sources + 1, 32);
    unsigned per_hart = imsic_words(aia.nr_ids);
    g_autofree uint32_t *pend = g_new0(uint32_t, words);
    g_autofree uint32_t *en = g_new0(uint32_t, words);
    uint32_t off = 0;

    /* no MSI leaves the APLIC until its state is whole */
    if (aplic_rw(APLIC_DOMAINCFG, &off, true, errp)) {
        return -EIO;
    }
    for (unsigned i = 1; i <= aia.nr_sources; i++) {
        uint32_t *src = &aia.aplic[1 + SRC_WORDS * (i - 1)];

        if (aplic_rw(APLIC_SOURCECFG(i), &src[0], true, errp) ||
            aplic_rw(APLIC_TARGET(i), &src[1], true, errp)) {
            return -EIO;
        }
        if (wires) {
            kvm_set_irq(kvm_state, i, !!(src[2] & SRC_WIRE));
        }
        pend[i / 32] |= src[2] & SRC_PENDING ? 1u << (i % 32) : 0;
        en[i / 32] |= src[2] & SRC_ENABLED ? 1u << (i % 32) : 0;
    }
    for (unsigned w = 0; w < words; w++) {
        uint32_t not_pend = ~pend[w], not_en = ~en[w];

        if (aplic_rw(APLIC_IN_CLRIP(w), &not_pend, true, errp) ||
            aplic_rw(APLIC_SETIP(w), &pend[w], true, errp) ||
            aplic_rw(APLIC_CLRIE(w), &not_en, true, errp) ||
            aplic_rw(APLIC_SETIE(w), &en[w], true, errp)) {
            return -EIO;
        }
    }
    if (aplic_rw(APLIC_DOMAINCFG, &aia.aplic[0], true, errp)) {
        return -EIO;
    }
    for (unsigned h = 0; h < aia.nr_harts; h++) {
        /* eip and eie first, delivery last */
        for (unsigned i = per_hart; i-- > 0;) {
            if (imsic_rw(h, imsic_isel(i), &aia.imsic[h * per_hart + i],
                         true, errp)) {
                return -EIO;
            }
        }
    }
    trace_kvm_riscv_aia_state(wires ? "loaded" : "reset", aia.nr_sources,
                              aia.nr_harts);
    return 0;
}

static int aia_pre_save(void *opaque)
{
    Error *err = NULL;

    if (aia_save(&err)) {
        error_report_err(err);
        return -EIO;
    }
    return 0;
}

static int aia_post_load(void *opaque, int version_id)
{
    Error *err = NULL;

    if (aia.img_sources != aia.nr_sources || aia.img_ids != aia.nr_ids ||
        aia.img_harts != aia.nr_harts ||
        aia.aplic_len != 1 + SRC_WORDS * aia.nr_sources ||
        aia.imsic_len != imsic_words(aia.nr_ids) * aia.nr_harts) {
        error_report("KVM AIA: the incoming guest's in-kernel AIA has %u "
                     "sources, %u MSI identities and %u IMSICs; this one has "
                     "%u, %u and %u: start the destination with the same "
                     "machine and -smp", aia.img_sources, aia.img_ids,
                     aia.img_harts, aia.nr_sources, aia.nr_ids, aia.nr_harts);
        return -EINVAL;
    }
    if (aia_load(true, &err)) {
        error_report_err(err);
        return -EIO;
    }
    return 0;
}

/*
 * System reset: KVM has no reset for the device, so write the state a
 * new one has (all zero); the wires are the devices' to lower.
 */
static void aia_reset(void *opaque)
{
    Error *err = NULL;

    g_free(aia.aplic);
    aia.aplic = g_new0(uint32_t, 1 + SRC_WORDS * aia.nr_sources);
    g_free(aia.imsic);
    aia.imsic = g_new0(uint64_t, imsic_words(aia.nr_ids) * aia.nr_harts);
    if (aia_load(false, &err)) {
        error_report_err(err);
    }
}

static int aia_pre_load(void *opaque)
{
    /* the image arrays are allocated by the load itself */
    g_clear_pointer(&aia.aplic, g_free);
    g_clear_pointer(&aia.imsic, g_free);
    return 0;
}

static const VMStateDescription vmstate_riscv_kvm_aia = {
    .name = "riscv-kvm/aia",
    .version_id = 1,
    .minimum_version_id = 1,
    .pre_save = aia_pre_save,
    .pre_load = aia_pre_load,
    .post_load = aia_post_load,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(img_sources, RiscvKvmAia),
        VMSTATE_UINT32(img_ids, RiscvKvmAia),
        VMSTATE_UINT32(img_harts, RiscvKvmAia),
        VMSTATE_UINT32(aplic_len, RiscvKvmAia),
        VMSTATE_VARRAY_UINT32_ALLOC(aplic, RiscvKvmAia, aplic_len, 0,
                                    vmstate_info_uint32, uint32_t),
        VMSTATE_UINT32(imsic_len, RiscvKvmAia),
        VMSTATE_VARRAY_UINT32_ALLOC(imsic, RiscvKvmAia, imsic_len, 0,
                                    vmstate_info_uint64, uint64_t),
        VMSTATE_END_OF_LIST()
    },
};

void kvm_riscv_aia_create(MachineState *machine, uint64_t group_shift,
                          uint64_t aia_irq_num, uint64_t aia_msi_num,
                          uint64_t aplic_base, uint64_t imsic_base,
                          uint64_t guest_num)
{
    int sockets = riscv_socket_count(machine);
    unsigned max_harts = 0, guest_bits = bits_for(guest_num + 1);
    uint64_t mode;
    int fd;

    fd = kvm_create_device(kvm_state, KVM_DEV_TYPE_RISCV_AIA, false);
    if (fd < 0) {
        error_report("KVM: this host kernel has no in-kernel AIA (%s); use "
                     "-M virt,aia=none or -accel kvm,kernel-irqchip=off",
                     strerror(-fd));
        exit(1);
    }

    mode = aia_mode;
    if (kvm_device_access(fd, KVM_DEV_RISCV_AIA_GRP_CONFIG,
                          KVM_DEV_RISCV_AIA_CONFIG_MODE, &mode, true,
                          NULL) < 0) {
        uint64_t host_mode = 0;

        kvm_device_access(fd, KVM_DEV_RISCV_AIA_GRP_CONFIG,
                          KVM_DEV_RISCV_AIA_CONFIG_MODE, &host_mode, false,
                          NULL);
        if (aia_mode != KVM_DEV_RISCV_AIA_MODE_AUTO) {
            error_report("KVM AIA: the host cannot run its IMSICs in mode "
                         "'%s' (it offers '%s'); use -accel kvm,riscv-aia=%s",
                         aia_mode_names[aia_mode],
                         host_mode < ARRAY_SIZE(aia_mode_names) ?
                         aia_mode_names[host_mode] : "?",
                         host_mode < ARRAY_SIZE(aia_mode_names) ?
                         aia_mode_names[host_mode] : "auto");
            exit(1);
        }
    }
    aia_set(fd, KVM_DEV_RISCV_AIA_GRP_CONFIG, KVM_DEV_RISCV_AIA_CONFIG_SRCS,
            aia_irq_num, "the number of interrupt sources");
    aia_set(fd, KVM_DEV_RISCV_AIA_GRP_CONFIG, KVM_DEV_RISCV_AIA_CONFIG_IDS,
            aia_msi_num, "the number of MSI identities");

    for (int s = 0; s < sockets; s++) {
        max_harts = MAX(max_harts, riscv_socket_hart_count(machine, s));
    }
    if (sockets > 1) {
        aia_set(fd, KVM_DEV_RISCV_AIA_GRP_CONFIG,
                KVM_DEV_RISCV_AIA_CONFIG_GROUP_BITS, bits_for(sockets),
                "the IMSIC group bits");
        aia_set(fd, KVM_DEV_RISCV_AIA_GRP_CONFIG,
                KVM_DEV_RISCV_AIA_CONFIG_GROUP_SHIFT, group_shift,
                "the IMSIC group shift");
    }
    aia_set(fd, KVM_DEV_RISCV_AIA_GRP_CONFIG,
            KVM_DEV_RISCV_AIA_CONFIG_GUEST_BITS, guest_bits,
            "the IMSIC guest bits");
    aia_set(fd, KVM_DEV_RISCV_AIA_GRP_CONFIG,
            KVM_DEV_RISCV_AIA_CONFIG_HART_BITS, bits_for(max_harts),
            "the IMSIC hart bits");

    aia_set(fd, KVM_DEV_RISCV_AIA_GRP_ADDR, KVM_DEV_RISCV_AIA_ADDR_APLIC,
            aplic_base, "the APLIC address");
    for (int s = 0; s < sockets; s++) {
        int first = riscv_socket_first_hartid(machine, s);
        int n = riscv_socket_hart_count(machine, s);

        for (int h = 0; h < n; h++) {
            uint64_t addr = imsic_base + ((uint64_t)s << group_shift) +
                            h * IMSIC_HART_SIZE(guest_bits);

            aia_set(fd, KVM_DEV_RISCV_AIA_GRP_ADDR,
                    KVM_DEV_RISCV_AIA_ADDR_IMSIC(first + h), addr,
                    "an IMSIC address");
        }
    }
    aia_set(fd, KVM_DEV_RISCV_AIA_GRP_CTRL, KVM_DEV_RISCV_AIA_CTRL_INIT, 0,
            "(initialise) the AIA");

    /* wired interrupts go to the APLIC: GSI n is source n */
    for (uint64_t i = 1; i <= aia_irq_num; i++) {
        kvm_irqchip_add_irq_route(kvm_state, i, 0, i);
    }
    kvm_gsi_routing_allowed = true;
    kvm_msi_via_irqfd_allowed = true;
    kvm_irqchip_commit_routes(kvm_state);

    aia.fd = fd;
    aia.nr_sources = aia_irq_num;
    aia.nr_ids = aia_msi_num;
    aia.nr_harts = machine->smp.cpus;
    vmstate_register(NULL, 0, &vmstate_riscv_kvm_aia, &aia);
    qemu_register_reset(aia_reset, NULL);

    mode = 0;
    kvm_device_access(fd, KVM_DEV_RISCV_AIA_GRP_CONFIG,
                      KVM_DEV_RISCV_AIA_CONFIG_MODE, &mode, false, NULL);
    trace_kvm_riscv_aia(mode < ARRAY_SIZE(aia_mode_names) ?
                        aia_mode_names[mode] : "?", aia_irq_num, aia_msi_num,
                        guest_bits);
}

void riscv_kvm_aplic_request(void *opaque, int irq, int level)
{
    kvm_set_irq(kvm_state, irq, !!level);
}

static char *aia_mode_get(Object *obj, Error **errp)
{
    return g_strdup(aia_mode_names[aia_mode]);
}

static void aia_mode_set(Object *obj, const char *val, Error **errp)
{
    for (size_t i = 0; i < ARRAY_SIZE(aia_mode_names); i++) {
        if (!strcmp(val, aia_mode_names[i])) {
            aia_mode = i;
            return;
        }
    }
    error_setg(errp, "riscv-aia: '%s' is not a mode; use emul, hwaccel or "
               "auto", val);
}


void kvm_riscv_aia_class_init(ObjectClass *oc)
{
    object_class_property_add_str(oc, "riscv-aia", aia_mode_get,
                                  aia_mode_set);
    object_class_property_set_description(oc, "riscv-aia",
        "How KVM provides the guest's IMSICs with the in-kernel AIA: "
        "emul (trap and emulate), hwaccel (guest interrupt files) or auto "
        "(hwaccel where the host has them, default)");
}
