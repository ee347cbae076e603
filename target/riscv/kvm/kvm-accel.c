/*
 * RISC-V KVM: the VM, its in-kernel AIA, MSI routing
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include <linux/kvm.h>
#include "qapi/error.h"
#include "qapi/visitor.h"
#include "qemu/error-report.h"
#include "hw/boards.h"
#include "hw/riscv/numa.h"
#include "hw/intc/riscv_imsic.h"
#include "system/kvm.h"
#include "system/kvm_int.h"
#include "cpu.h"
#include "kvm_riscv.h"
#include "trace.h"

/* -accel kvm,riscv-aia=emul|hwaccel|auto: how KVM provides IMSICs */
static const char *const aia_mode_names[] = {
    [KVM_DEV_RISCV_AIA_MODE_EMUL] = "emul",
    [KVM_DEV_RISCV_AIA_MODE_HWACCEL] = "hwaccel",
    [KVM_DEV_RISCV_AIA_MODE_AUTO] = "auto",
};
static uint64_t aia_mode = KVM_DEV_RISCV_AIA_MODE_AUTO;

int kvm_arch_get_default_type(MachineState *ms)
{
    return 0;
}

/* kvm-all checks these at start-up and names any the host lacks */
const KVMCapabilityInfo kvm_arch_required_capabilities[] = {
    KVM_CAP_INFO(ONE_REG),
    KVM_CAP_INFO(MP_STATE),
    KVM_CAP_LAST_INFO
};

int kvm_arch_init(MachineState *ms, KVMState *s)
{
    return 0;
}

int kvm_arch_irqchip_create(KVMState *s)
{
    if (kvm_kernel_irqchip_split()) {
        error_report("-accel kvm,kernel-irqchip=split is not supported on "
                     "RISC-V; use kernel-irqchip=on or off");
        exit(1);
    }
    /*
     * The in-kernel AIA is a device the machine creates once it knows its
     * layout (kvm_riscv_aia_create()); there is nothing to create here.
     */
    return 1;
}

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

    mode = 0;
    kvm_device_access(fd, KVM_DEV_RISCV_AIA_GRP_CONFIG,
                      KVM_DEV_RISCV_AIA_CONFIG_MODE, &mode, false, NULL);
    trace_riscv_kvm_aia(mode < ARRAY_SIZE(aia_mode_names) ?
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

void kvm_arch_accel_class_init(ObjectClass *oc)
{
    object_class_property_add_str(oc, "riscv-aia", aia_mode_get,
                                  aia_mode_set);
    object_class_property_set_description(oc, "riscv-aia",
        "How KVM provides the guest's IMSICs with the in-kernel AIA: "
        "emul (trap and emulate), hwaccel (guest interrupt files) or auto "
        "(hwaccel where the host has them, default)");
}

void kvm_arch_init_irq_routing(KVMState *s)
{
}

int kvm_arch_fixup_msi_route(struct kvm_irq_routing_entry *route,
                             uint64_t address, uint32_t data, PCIDevice *dev)
{
    return 0;
}

int kvm_arch_add_msi_route_post(struct kvm_irq_routing_entry *route,
                                int vector, PCIDevice *dev)
{
    return 0;
}

int kvm_arch_release_virq_post(int virq)
{
    return 0;
}

int kvm_arch_msi_data_to_gsi(uint32_t data)
{
    return -EINVAL;
}
