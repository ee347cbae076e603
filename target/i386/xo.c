/*
 * x86 execute-only guest memory (XO): checks made when a CPU is realized
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qemu/units.h"
#include "qapi/error.h"
#include "cpu.h"
#include "xo.h"
#include "system/kvm.h"
#include "system/tcg.h"
#include "sev.h"
#ifndef CONFIG_USER_ONLY
#include "hw/boards.h"
#include "hw/i386/x86.h"
#endif
#ifdef CONFIG_KVM
#include "kvm/xo-kvm.h"
#endif

#ifndef CONFIG_USER_ONLY
/* Where the machine's RAM, hotpluggable memory included, ends */
static uint64_t xo_ram_end(void)
{
    MachineState *ms = MACHINE(qdev_get_machine());
    X86MachineState *x86ms = (X86MachineState *)
        object_dynamic_cast(OBJECT(ms), TYPE_X86_MACHINE);
    uint64_t end = ms->ram_size;

    if (x86ms && x86ms->above_4g_mem_size) {
        end = 4 * GiB + x86ms->above_4g_mem_size;
    }
    return end + (ms->maxram_size - ms->ram_size);
}
#endif

static unsigned xo_host_phys_bits(void)
{
#ifdef CONFIG_KVM
    if (kvm_enabled()) {
        uint32_t eax, ebx, ecx, edx;

        host_cpuid(0x80000008, 0, &eax, &ebx, &ecx, &edx);
        return eax & 0xff;
    }
#endif
    return 0;
}

bool x86_cpu_xo_realize(X86CPU *cpu, Error **errp)
{
    CPUX86State *env = &cpu->env;
    /* on, or asked for and filtered out: "xo=off" is not asking */
    bool filtered = cpu->filtered_features[FEAT_4000_0030_EAX] &
                    XO_CPUID_EAX_PRESENT;
    unsigned host_bits;
    uint64_t ram_end = 0;
    XoLayout l;

    if (!filtered && !x86_cpu_has_xo(env)) {
        return true;
    }
#ifdef CONFIG_KVM
    if (kvm_enabled() && !kvm_xo_supported()) {
        error_setg(errp, "xo: this kernel's KVM has no execute-only guest "
                   "memory (KVM_GET_SUPPORTED_CPUID has no leaf 0x%x with "
                   "EAX bit 0)", XO_CPUID_LEAF);
        error_append_hint(errp, "Remove +xo, run on a kernel with KVM XO "
                          "support, or use -accel tcg, which implements "
                          "XO.\n");
        return false;
    }
#endif
#ifdef CONFIG_KVM
    if (kvm_enabled() && (cpu->hyperv_features || cpu->hyperv_passthrough)) {
        error_setg(errp, "xo: the XO leaf 0x%x lies in the Hyper-V CPUID "
                   "range; xo cannot be combined with hv-* features",
                   XO_CPUID_LEAF);
        return false;
    }
#endif
    if (!x86_cpu_has_xo(env)) {
        error_setg(errp, "xo: this accelerator has no execute-only guest "
                   "memory");
        error_append_hint(errp, "Remove +xo, or use -accel tcg or a KVM "
                          "with XO support.\n");
        return false;
    }
    if (!tcg_enabled() && !kvm_enabled()) {
        error_setg(errp, "xo: execute-only guest memory needs -accel kvm "
                   "or -accel tcg");
        return false;
    }
#ifndef CONFIG_USER_ONLY
    ram_end = xo_ram_end();
#endif
    host_bits = xo_host_phys_bits();
    if (!xo_layout_init(&l, cpu->phys_bits, host_bits, ram_end, errp)) {
        return false;
    }
    if (sev_snp_enabled()) {
        error_setg(errp, "xo: SEV-SNP keeps guest memory in guest_memfd, "
                   "which KVM maps through one memory slot only; it cannot "
                   "have an execute-only alias");
        return false;
    }
    if (sev_enabled() &&
        !xo_sev_check(&l, sev_get_cbit_position(), sev_get_reduced_phys_bits(),
                      host_bits, errp)) {
        return false;
    }
    /* the guest can address M bits, M being its MAXPHYADDR */
    if (cpu->guest_phys_bits > l.maxphyaddr) {
        cpu->guest_phys_bits = l.maxphyaddr;
    }
#ifdef CONFIG_KVM
    if (kvm_enabled() && !kvm_xo_enable(l.xo_mask, errp)) {
        return false;
    }
#endif
    return true;
}
