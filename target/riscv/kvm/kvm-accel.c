/*
 * RISC-V KVM: the VM and its MSI routing hooks
 *
 * The choice of IMSIC mode is in kvm-aia.c; the in-kernel AIA itself is
 * hw/intc/riscv_aia_kvm.c.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include <linux/kvm.h>
#include "qapi/error.h"
#include "qemu/error-report.h"
#include "hw/boards.h"
#include "system/kvm.h"
#include "system/kvm_int.h"
#include "cpu.h"
#include "kvm-aia.h"
#include "kvm-console.h"

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
    Error *err = NULL;
    int ret = kvm_riscv_console_init(&err);

    if (ret < 0) {
        error_report_err(err);
    }
    return ret;
}

int kvm_arch_irqchip_create(KVMState *s)
{
    if (kvm_kernel_irqchip_split()) {
        error_report("-accel kvm,kernel-irqchip=split is not supported on "
                     "RISC-V; use kernel-irqchip=on or off");
        exit(1);
    }
    /*
     * The in-kernel AIA is a device the board creates once the vCPUs
     * exist (hw/intc/riscv_aia_kvm.c); there is nothing to create here.
     */
    return 1;
}

void kvm_arch_accel_class_init(ObjectClass *oc)
{
    kvm_riscv_aia_class_init(oc);
    kvm_riscv_console_class_init(oc);
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
