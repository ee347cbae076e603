/*
 * RISC-V KVM: the accelerator's choice for the in-kernel AIA
 *
 * -accel kvm,riscv-aia= picks how KVM provides the guest's IMSICs; the
 * device itself (KVM_DEV_TYPE_RISCV_AIA, its configuration and its state)
 * is hw/intc/riscv_aia_kvm.c, which the board creates.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include <linux/kvm.h>
#include "qapi/error.h"
#include "kvm_riscv.h"
#include "kvm-aia.h"

static const char *const aia_mode_names[] = {
    [KVM_DEV_RISCV_AIA_MODE_EMUL] = "emul",
    [KVM_DEV_RISCV_AIA_MODE_HWACCEL] = "hwaccel",
    [KVM_DEV_RISCV_AIA_MODE_AUTO] = "auto",
};
static unsigned aia_mode = KVM_DEV_RISCV_AIA_MODE_AUTO;

const char *kvm_riscv_aia_mode_name(unsigned mode)
{
    return mode < ARRAY_SIZE(aia_mode_names) && aia_mode_names[mode] ?
           aia_mode_names[mode] : "unknown";
}

int kvm_riscv_aia_mode_parse(const char *name, Error **errp)
{
    for (size_t i = 0; i < ARRAY_SIZE(aia_mode_names); i++) {
        if (aia_mode_names[i] && !strcmp(name, aia_mode_names[i])) {
            return i;
        }
    }
    error_setg(errp, "riscv-aia: '%s' is not a mode; use emul, hwaccel or "
               "auto", name);
    return -1;
}

const char *kvm_riscv_aia_accel_mode(void)
{
    return aia_mode_names[aia_mode];
}

static char *aia_mode_get(Object *obj, Error **errp)
{
    return g_strdup(aia_mode_names[aia_mode]);
}

static void aia_mode_set(Object *obj, const char *val, Error **errp)
{
    int mode = kvm_riscv_aia_mode_parse(val, errp);

    if (mode >= 0) {
        aia_mode = mode;
    }
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
