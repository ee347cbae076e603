/*
 * The in-kernel AIA of KVM RISC-V (KVM_DEV_TYPE_RISCV_AIA) as a device
 *
 * With -M virt,aia=aplic-imsic and the kernel irqchip, KVM emulates the
 * APLIC and the IMSICs; the board creates this device instead of QEMU's
 * APLIC and IMSIC models once the vCPUs exist.  Realize creates and
 * configures the KVM device; the board's wired devices drive the APLIC's
 * sources through the GPIO inputs; MSIs that QEMU itself writes (a device
 * without an irqfd route) reach KVM through the IMSIC regions.
 *
 * The state lives in the kernel.  The vmstate reads it through the APLIC
 * and IMSIC attribute groups before the VM is saved, and writes it back
 * when it is loaded; a reset writes the state of a new device (KVM has no
 * reset of its own for it).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include <linux/kvm.h>
#include "qapi/error.h"
#include "qemu/module.h"
#include "hw/intc/riscv_aia_kvm.h"
#include "hw/intc/riscv_imsic.h"
#include "hw/pci/msi.h"
#include "hw/qdev-properties.h"
#include "hw/resettable.h"
#include "migration/vmstate.h"
#include "system/kvm.h"
#include "target/riscv/cpu_bits.h"
#include "kvm/kvm_riscv.h"
#include "kvm/kvm-susp.h"
#include "trace.h"

/* APLIC registers, by offset (RISC-V AIA specification, chapter 4) */
#define APLIC_DOMAINCFG         0x0000
#define APLIC_SOURCECFG(i)      (0x0000 + 4 * (i))      /* i = 1..1023 */
#define APLIC_SETIP(w)          (0x1c00 + 4 * (w))
#define APLIC_IN_CLRIP(w)       (0x1d00 + 4 * (w))
#define APLIC_SETIE(w)          (0x1e00 + 4 * (w))
#define APLIC_CLRIE(w)          (0x1f00 + 4 * (w))
#define APLIC_TARGET(i)         (0x3000 + 4 * (i))      /* i = 1..1023 */
#define APLIC_MAX_SOURCES       1023

/* per source in the image: sourcecfg, target, and these flags */
#define SRC_PENDING             (1u << 0)
#define SRC_ENABLED             (1u << 1)
#define SRC_WIRE                (1u << 2)   /* the input wire's level */
#define SRC_WORDS               3

#define IMSIC_MAX_IDS           2047

static bool config_set(KVMRISCVAIAState *s, uint64_t attr, uint32_t val,
                       const char *what, Error **errp)
{
    int ret = kvm_device_access(s->fd, KVM_DEV_RISCV_AIA_GRP_CONFIG, attr,
                                &val, true, NULL);

    if (ret < 0) {
        error_setg_errno(errp, -ret, "KVM AIA: cannot set %s to %u", what,
                         val);
        return false;
    }
    return true;
}

static bool addr_set(KVMRISCVAIAState *s, uint64_t attr, uint64_t addr,
                     const char *what, Error **errp)
{
    int ret = kvm_device_access(s->fd, KVM_DEV_RISCV_AIA_GRP_ADDR, attr,
                                &addr, true, NULL);

    if (ret < 0) {
        error_setg_errno(errp, -ret, "KVM AIA: cannot place %s at 0x%"
                         PRIx64, what, addr);
        return false;
    }
    return true;
}

static bool aplic_rw(KVMRISCVAIAState *s, uint32_t reg, uint32_t *val,
                     bool write, Error **errp)
{
    int ret = kvm_device_access(s->fd, KVM_DEV_RISCV_AIA_GRP_APLIC, reg,
                                val, write, NULL);

    if (ret < 0) {
        error_setg_errno(errp, -ret, "KVM AIA: cannot %s APLIC register "
                         "0x%x", write ? "write" : "read", reg);
        return false;
    }
    return true;
}

/* word i of the IMSIC image of a hart */
static bool imsic_rw(KVMRISCVAIAState *s, uint32_t hart, unsigned i,
                     uint64_t *val, bool write, Error **errp)
{
    unsigned long v = *val;
    int ret = kvm_device_access(s->fd, KVM_DEV_RISCV_AIA_GRP_IMSIC,
                                kvm_riscv_aia_imsic_attr(hart, i),
                                &v, write, NULL);

    if (ret < 0) {
        error_setg_errno(errp, -ret, "KVM AIA: cannot %s register 0x%x of "
                         "the IMSIC of vCPU %u", write ? "write" : "read",
                         kvm_riscv_aia_imsic_isel(i), hart);
        return false;
    }
    *val = v;
    return true;
}

static void image_alloc(KVMRISCVAIAState *s)
{
    s->img_sources = s->num_sources;
    s->img_msis = s->num_msis;
    s->img_harts = s->num_harts;
    s->aplic_len = 1 + SRC_WORDS * s->num_sources;
    g_free(s->aplic);
    s->aplic = g_new0(uint32_t, s->aplic_len);
    s->imsic_len = kvm_riscv_aia_imsic_words(s->num_msis) * s->num_harts;
    g_free(s->imsic);
    s->imsic = g_new0(uint64_t, s->imsic_len);
}

/* Read the kernel's state into the image */
static bool aia_save(KVMRISCVAIAState *s, Error **errp)
{
    unsigned words = DIV_ROUND_UP(s->num_sources + 1, 32);
    unsigned per_hart = kvm_riscv_aia_imsic_words(s->num_msis);
    g_autofree uint32_t *pend = g_new0(uint32_t, words);
    g_autofree uint32_t *en = g_new0(uint32_t, words);
    g_autofree uint32_t *in = g_new0(uint32_t, words);

    image_alloc(s);
    for (unsigned w = 0; w < words; w++) {
        if (!aplic_rw(s, APLIC_SETIP(w), &pend[w], false, errp) ||
            !aplic_rw(s, APLIC_SETIE(w), &en[w], false, errp) ||
            !aplic_rw(s, APLIC_IN_CLRIP(w), &in[w], false, errp)) {
            return false;
        }
    }
    if (!aplic_rw(s, APLIC_DOMAINCFG, &s->aplic[0], false, errp)) {
        return false;
    }
    for (unsigned i = 1; i <= s->num_sources; i++) {
        uint32_t *src = &s->aplic[1 + SRC_WORDS * (i - 1)];
        uint32_t bit = 1u << (i % 32);
        bool rectified = in[i / 32] & bit;

        if (!aplic_rw(s, APLIC_SOURCECFG(i), &src[0], false, errp) ||
            !aplic_rw(s, APLIC_TARGET(i), &src[1], false, errp)) {
            return false;
        }
        src[2] = (pend[i / 32] & bit ? SRC_PENDING : 0) |
                 (en[i / 32] & bit ? SRC_ENABLED : 0) |
                 (kvm_riscv_aia_wire_level(src[0], rectified) ? SRC_WIRE : 0);
    }
    for (unsigned h = 0; h < s->num_harts; h++) {
        for (unsigned i = 0; i < per_hart; i++) {
            if (!imsic_rw(s, h, i, &s->imsic[h * per_hart + i],
                          false, errp)) {
                return false;
            }
        }
    }
    trace_kvm_riscv_aia_state("saved", s->num_sources, s->num_harts);
    return true;
}

/*
 * Write the image to the kernel: source modes and targets first, so that
 * the wire levels are taken the way the guest set them up, then the wires
 * (which may set pending bits), then pending and enable bits exactly as
 * saved, and the domain's interrupt enable last.  Then the IMSICs.
 */
static bool aia_load(KVMRISCVAIAState *s, bool wires, Error **errp)
{
    unsigned words = DIV_ROUND_UP(s->num_sources + 1, 32);
    unsigned per_hart = kvm_riscv_aia_imsic_words(s->num_msis);
    g_autofree uint32_t *pend = g_new0(uint32_t, words);
    g_autofree uint32_t *en = g_new0(uint32_t, words);
    uint32_t off = 0;

    /* no MSI leaves the APLIC until its state is whole */
    if (!aplic_rw(s, APLIC_DOMAINCFG, &off, true, errp)) {
        return false;
    }
    for (unsigned i = 1; i <= s->num_sources; i++) {
        uint32_t *src = &s->aplic[1 + SRC_WORDS * (i - 1)];

        if (!aplic_rw(s, APLIC_SOURCECFG(i), &src[0], true, errp) ||
            !aplic_rw(s, APLIC_TARGET(i), &src[1], true, errp)) {
            return false;
        }
        if (wires) {
            kvm_set_irq(kvm_state, i, !!(src[2] & SRC_WIRE));
        }
        pend[i / 32] |= src[2] & SRC_PENDING ? 1u << (i % 32) : 0;
        en[i / 32] |= src[2] & SRC_ENABLED ? 1u << (i % 32) : 0;
    }
    for (unsigned w = 0; w < words; w++) {
        uint32_t not_pend = ~pend[w], not_en = ~en[w];

        if (!aplic_rw(s, APLIC_IN_CLRIP(w), &not_pend, true, errp) ||
            !aplic_rw(s, APLIC_SETIP(w), &pend[w], true, errp) ||
            !aplic_rw(s, APLIC_CLRIE(w), &not_en, true, errp) ||
            !aplic_rw(s, APLIC_SETIE(w), &en[w], true, errp)) {
            return false;
        }
    }
    if (!aplic_rw(s, APLIC_DOMAINCFG, &s->aplic[0], true, errp)) {
        return false;
    }
    for (unsigned h = 0; h < s->num_harts; h++) {
        /* eip and eie first, delivery last */
        for (unsigned i = per_hart; i-- > 0;) {
            if (!imsic_rw(s, h, i, &s->imsic[h * per_hart + i],
                          true, errp)) {
                return false;
            }
        }
    }
    trace_kvm_riscv_aia_state(wires ? "loaded" : "reset", s->num_sources,
                              s->num_harts);
    return true;
}

/*
 * A vCPU's IMSIC file across a reset of the vCPU in KVM (SBI system
 * suspend, kvm-susp.c): the machine's in-kernel AIA, once realized (a
 * machine has one at most), reads and writes it back.
 */
static KVMRISCVAIAState *aia_in_kernel;

static uint64_t *imsic_hold_get(uint32_t hart, Error **errp)
{
    KVMRISCVAIAState *s = aia_in_kernel;
    unsigned per_hart;
    g_autofree uint64_t *img = NULL;

    if (!s || hart >= s->num_harts) {
        return NULL;
    }
    per_hart = kvm_riscv_aia_imsic_words(s->num_msis);
    img = g_new0(uint64_t, per_hart);
    for (unsigned i = 0; i < per_hart; i++) {
        if (!imsic_rw(s, hart, i, &img[i], false, errp)) {
            return NULL;
        }
    }
    return g_steal_pointer(&img);
}

static bool imsic_hold_put(uint32_t hart, const uint64_t *img, Error **errp)
{
    KVMRISCVAIAState *s = aia_in_kernel;

    if (!s || !img || hart >= s->num_harts) {
        return true;
    }
    /* eip and eie first, delivery last, as aia_load() */
    for (unsigned i = kvm_riscv_aia_imsic_words(s->num_msis); i-- > 0;) {
        uint64_t v = img[i];

        if (!imsic_rw(s, hart, i, &v, true, errp)) {
            return false;
        }
    }
    return true;
}

static const KVMRISCVImsicHold imsic_hold = {
    .get = imsic_hold_get,
    .put = imsic_hold_put,
};

static void kvm_riscv_aia_set_irq(void *opaque, int irq, int level)
{
    if (irq > 0) {
        kvm_set_irq(kvm_state, irq, !!level);
    }
}

/* An MSI that QEMU writes to an IMSIC page goes to KVM */
static void imsic_msi_write(void *opaque, hwaddr addr, uint64_t value,
                            unsigned size)
{
    MemoryRegion *mr = opaque;
    hwaddr pa = mr->addr + addr;
    struct kvm_msi msi = {
        .address_lo = extract64(pa, 0, 32),
        .address_hi = extract64(pa, 32, 32),
        .data = value,
    };
    int ret = kvm_vm_ioctl(kvm_state, KVM_SIGNAL_MSI, &msi);

    trace_kvm_riscv_aia_msi(pa, value, ret);
}

static uint64_t imsic_msi_read(void *opaque, hwaddr addr, unsigned size)
{
    return 0;
}

static const MemoryRegionOps imsic_msi_ops = {
    .read = imsic_msi_read,
    .write = imsic_msi_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = {
        .min_access_size = 4,
        .max_access_size = 4,
    },
};

static bool aia_configure(KVMRISCVAIAState *s, uint32_t mode, Error **errp)
{
    uint32_t max_harts = 0;
    uint32_t got;
    int ret;

    ret = kvm_device_access(s->fd, KVM_DEV_RISCV_AIA_GRP_CONFIG,
                            KVM_DEV_RISCV_AIA_CONFIG_MODE, &mode, true, NULL);
    if (ret < 0 && mode != KVM_DEV_RISCV_AIA_MODE_AUTO) {
        uint32_t host = KVM_DEV_RISCV_AIA_MODE_AUTO;

        kvm_device_access(s->fd, KVM_DEV_RISCV_AIA_GRP_CONFIG,
                          KVM_DEV_RISCV_AIA_CONFIG_MODE, &host, false, NULL);
        error_setg(errp, "KVM AIA: the host cannot run its IMSICs in mode "
                   "'%s' (it offers '%s')", kvm_riscv_aia_mode_name(mode),
                   kvm_riscv_aia_mode_name(host));
        error_append_hint(errp, "Use -accel kvm,riscv-aia=%s or auto\n",
                          kvm_riscv_aia_mode_name(host));
        return false;
    }
    if (!config_set(s, KVM_DEV_RISCV_AIA_CONFIG_SRCS, s->num_sources,
                    "the number of interrupt sources", errp) ||
        !config_set(s, KVM_DEV_RISCV_AIA_CONFIG_IDS, s->num_msis,
                    "the number of MSI identities", errp)) {
        return false;
    }
    for (unsigned i = 0; i < s->num_sockets; i++) {
        max_harts = MAX(max_harts, s->socket_harts[i]);
    }
    if (s->num_sockets > 1 &&
        (!config_set(s, KVM_DEV_RISCV_AIA_CONFIG_GROUP_BITS,
                     kvm_riscv_aia_bits_for(s->num_sockets),
                     "the IMSIC group bits", errp) ||
         !config_set(s, KVM_DEV_RISCV_AIA_CONFIG_GROUP_SHIFT, s->group_shift,
                     "the IMSIC group shift", errp))) {
        return false;
    }
    if (!config_set(s, KVM_DEV_RISCV_AIA_CONFIG_GUEST_BITS, s->guest_bits,
                    "the IMSIC guest bits", errp) ||
        !config_set(s, KVM_DEV_RISCV_AIA_CONFIG_HART_BITS,
                    kvm_riscv_aia_bits_for(max_harts),
                    "the IMSIC hart bits", errp) ||
        !addr_set(s, KVM_DEV_RISCV_AIA_ADDR_APLIC, s->aplic_addr,
                  "the APLIC", errp)) {
        return false;
    }
    for (unsigned i = 0; i < s->num_sockets; i++) {
        for (unsigned h = 0; h < s->socket_harts[i]; h++) {
            uint64_t addr = s->imsic_addr + ((uint64_t)i << s->group_shift) +
                            h * IMSIC_HART_SIZE(s->guest_bits);

            if (!addr_set(s, KVM_DEV_RISCV_AIA_ADDR_IMSIC(
                              s->socket_first_hart[i] + h), addr,
                          "an IMSIC", errp)) {
                return false;
            }
        }
    }
    ret = kvm_device_access(s->fd, KVM_DEV_RISCV_AIA_GRP_CTRL,
                            KVM_DEV_RISCV_AIA_CTRL_INIT, NULL, true, NULL);
    if (ret < 0) {
        error_setg_errno(errp, -ret, "KVM AIA: cannot initialise the device");
        return false;
    }

    got = KVM_DEV_RISCV_AIA_MODE_AUTO;
    kvm_device_access(s->fd, KVM_DEV_RISCV_AIA_GRP_CONFIG,
                      KVM_DEV_RISCV_AIA_CONFIG_MODE, &got, false, NULL);
    trace_kvm_riscv_aia_realize(kvm_riscv_aia_mode_name(got), s->num_sources,
                                s->num_msis, s->guest_bits);
    return true;
}

static bool aia_check_props(KVMRISCVAIAState *s, Error **errp)
{
    if (!s->num_sources || s->num_sources > APLIC_MAX_SOURCES) {
        error_setg(errp, "KVM AIA: num-sources must be 1 to %u, not %u",
                   APLIC_MAX_SOURCES, s->num_sources);
        return false;
    }
    if (s->num_msis < 63 || s->num_msis > IMSIC_MAX_IDS ||
        (s->num_msis + 1) % 64) {
        error_setg(errp, "KVM AIA: num-msis must be one less than a "
                   "multiple of 64, from 63 to %u, not %u", IMSIC_MAX_IDS,
                   s->num_msis);
        return false;
    }
    if (!s->num_sockets || s->num_sockets != s->num_socket_harts) {
        error_setg(errp, "KVM AIA: socket-first-hart and socket-harts must "
                   "give the same number (at least one) of sockets");
        return false;
    }
    s->num_harts = 0;
    for (unsigned i = 0; i < s->num_sockets; i++) {
        s->num_harts += s->socket_harts[i];
    }
    s->guest_bits = kvm_riscv_aia_bits_for(s->num_guests + 1);
    if (s->guest_bits > IMSIC_MMIO_HART_GUEST_MAX_BTIS) {
        error_setg(errp, "KVM AIA: %u guest interrupt files per IMSIC are "
                   "too many (at most %u)", s->num_guests,
                   (1u << IMSIC_MMIO_HART_GUEST_MAX_BTIS) - 1);
        return false;
    }
    return true;
}

static void kvm_riscv_aia_realize(DeviceState *dev, Error **errp)
{
    KVMRISCVAIAState *s = KVM_RISCV_AIA(dev);
    int mode;

    if (!kvm_irqchip_in_kernel()) {
        error_setg(errp, "KVM AIA: the device needs -accel kvm with the "
                   "kernel irqchip");
        return;
    }
    mode = kvm_riscv_aia_mode_parse(s->mode ? s->mode :
                                    kvm_riscv_aia_accel_mode(), errp);
    if (mode < 0 || !aia_check_props(s, errp)) {
        return;
    }

    s->fd = kvm_create_device(kvm_state, KVM_DEV_TYPE_RISCV_AIA, false);
    if (s->fd < 0) {
        error_setg_errno(errp, -s->fd, "KVM: this host kernel has no "
                         "in-kernel AIA");
        error_append_hint(errp, "Use -M virt,aia=none (QEMU's PLIC) "
                          "instead.\n");
        return;
    }
    if (!aia_configure(s, mode, errp)) {
        close(s->fd);
        s->fd = -1;
        return;
    }

    /* wired interrupts go to the APLIC: GSI n is source n */
    for (unsigned i = 1; i <= s->num_sources; i++) {
        kvm_irqchip_add_irq_route(kvm_state, i, 0, i);
    }
    kvm_gsi_routing_allowed = true;
    kvm_msi_via_irqfd_allowed = true;
    kvm_irqchip_commit_routes(kvm_state);

    qdev_init_gpio_in(dev, kvm_riscv_aia_set_irq, s->num_sources + 1);
    s->imsic_mmio = g_new0(MemoryRegion, s->num_sockets);
    for (unsigned i = 0; i < s->num_sockets; i++) {
        MemoryRegion *mr = &s->imsic_mmio[i];

        memory_region_init_io(mr, OBJECT(dev), &imsic_msi_ops, mr,
                              "kvm-riscv-aia.imsic",
                              s->socket_harts[i] *
                              IMSIC_HART_SIZE(s->guest_bits));
        sysbus_init_mmio(SYS_BUS_DEVICE(dev), mr);
    }
    msi_nonbroken = true;
    aia_in_kernel = s;
    kvm_riscv_susp_imsic_hold(&imsic_hold);
}

/* A reset writes the state of a new device; the wires are their owners' */
static void kvm_riscv_aia_reset_hold(Object *obj, ResetType type)
{
    KVMRISCVAIAState *s = KVM_RISCV_AIA(obj);
    Error *err = NULL;

    if (s->fd < 0) {
        return;
    }
    image_alloc(s);
    if (!aia_load(s, false, &err)) {
        error_report_err(err);
    }
}

static int kvm_riscv_aia_pre_save(void *opaque)
{
    Error *err = NULL;

    if (!aia_save(opaque, &err)) {
        error_report_err(err);
        return -EIO;
    }
    return 0;
}

static int kvm_riscv_aia_pre_load(void *opaque)
{
    KVMRISCVAIAState *s = opaque;

    /* the load allocates the image arrays */
    g_clear_pointer(&s->aplic, g_free);
    g_clear_pointer(&s->imsic, g_free);
    return 0;
}

static int kvm_riscv_aia_post_load(void *opaque, int version_id)
{
    KVMRISCVAIAState *s = opaque;
    Error *err = NULL;

    if (s->img_sources != s->num_sources || s->img_msis != s->num_msis ||
        s->img_harts != s->num_harts ||
        s->aplic_len != 1 + SRC_WORDS * s->num_sources ||
        s->imsic_len != kvm_riscv_aia_imsic_words(s->num_msis) * s->num_harts) {
        error_report("KVM AIA: the incoming guest's in-kernel AIA has %u "
                     "sources, %u MSI identities and %u IMSICs; this one has "
                     "%u, %u and %u: start the destination with the same "
                     "machine and -smp", s->img_sources, s->img_msis,
                     s->img_harts, s->num_sources, s->num_msis, s->num_harts);
        return -EINVAL;
    }
    if (!aia_load(s, true, &err)) {
        error_report_err(err);
        return -EIO;
    }
    return 0;
}

static const VMStateDescription vmstate_kvm_riscv_aia = {
    .name = TYPE_KVM_RISCV_AIA,
    .version_id = 1,
    .minimum_version_id = 1,
    .pre_save = kvm_riscv_aia_pre_save,
    .pre_load = kvm_riscv_aia_pre_load,
    .post_load = kvm_riscv_aia_post_load,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(img_sources, KVMRISCVAIAState),
        VMSTATE_UINT32(img_msis, KVMRISCVAIAState),
        VMSTATE_UINT32(img_harts, KVMRISCVAIAState),
        VMSTATE_UINT32(aplic_len, KVMRISCVAIAState),
        VMSTATE_VARRAY_UINT32_ALLOC(aplic, KVMRISCVAIAState, aplic_len, 0,
                                    vmstate_info_uint32, uint32_t),
        VMSTATE_UINT32(imsic_len, KVMRISCVAIAState),
        VMSTATE_VARRAY_UINT32_ALLOC(imsic, KVMRISCVAIAState, imsic_len, 0,
                                    vmstate_info_uint64, uint64_t),
        VMSTATE_END_OF_LIST()
    },
};

static const Property kvm_riscv_aia_properties[] = {
    DEFINE_PROP_STRING("mode", KVMRISCVAIAState, mode),
    DEFINE_PROP_UINT32("num-sources", KVMRISCVAIAState, num_sources, 0),
    DEFINE_PROP_UINT32("num-msis", KVMRISCVAIAState, num_msis, 0),
    DEFINE_PROP_UINT32("num-guests", KVMRISCVAIAState, num_guests, 0),
    DEFINE_PROP_UINT64("aplic-addr", KVMRISCVAIAState, aplic_addr, 0),
    DEFINE_PROP_UINT64("imsic-addr", KVMRISCVAIAState, imsic_addr, 0),
    DEFINE_PROP_UINT32("group-shift", KVMRISCVAIAState, group_shift,
                       IMSIC_MMIO_GROUP_MIN_SHIFT),
    DEFINE_PROP_ARRAY("socket-first-hart", KVMRISCVAIAState, num_sockets,
                      socket_first_hart, qdev_prop_uint32, uint32_t),
    DEFINE_PROP_ARRAY("socket-harts", KVMRISCVAIAState, num_socket_harts,
                      socket_harts, qdev_prop_uint32, uint32_t),
};

static void kvm_riscv_aia_init(Object *obj)
{
    KVM_RISCV_AIA(obj)->fd = -1;
}

static void kvm_riscv_aia_finalize(Object *obj)
{
    KVMRISCVAIAState *s = KVM_RISCV_AIA(obj);

    if (aia_in_kernel == s) {
        aia_in_kernel = NULL;
        kvm_riscv_susp_imsic_hold(NULL);
    }
    g_free(s->aplic);
    g_free(s->imsic);
    g_free(s->imsic_mmio);
}

static void kvm_riscv_aia_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);
    ResettableClass *rc = RESETTABLE_CLASS(oc);

    dc->desc = "RISC-V AIA (APLIC and IMSICs) in the KVM kernel module";
    dc->realize = kvm_riscv_aia_realize;
    dc->vmsd = &vmstate_kvm_riscv_aia;
    /* the board creates it, once the vCPUs exist */
    dc->user_creatable = false;
    device_class_set_props(dc, kvm_riscv_aia_properties);
    rc->phases.hold = kvm_riscv_aia_reset_hold;
}

static const TypeInfo kvm_riscv_aia_info = {
    .name = TYPE_KVM_RISCV_AIA,
    .parent = TYPE_SYS_BUS_DEVICE,
    .instance_size = sizeof(KVMRISCVAIAState),
    .instance_init = kvm_riscv_aia_init,
    .instance_finalize = kvm_riscv_aia_finalize,
    .class_init = kvm_riscv_aia_class_init,
};

static void kvm_riscv_aia_register_types(void)
{
    type_register_static(&kvm_riscv_aia_info);
}

type_init(kvm_riscv_aia_register_types)
