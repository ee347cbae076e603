/*
 * x86 execute-only guest memory (XO): address-space arithmetic
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "xo-layout.h"

bool xo_layout_init(XoLayout *l, unsigned phys_bits, unsigned host_phys_bits,
                    uint64_t ram_end, Error **errp)
{
    uint64_t xo_mask;

    if (phys_bits < XO_MIN_PHYS_BITS || phys_bits > XO_MAX_PHYS_BITS) {
        error_setg(errp, "xo: phys-bits=%u is out of range: XO takes one "
                   "address bit, so phys-bits must be between %u and %u",
                   phys_bits, XO_MIN_PHYS_BITS, XO_MAX_PHYS_BITS);
        return false;
    }
    if (host_phys_bits && phys_bits > host_phys_bits) {
        error_setg(errp, "xo: the execute-only alias space needs %u "
                   "physical-address bits but the host has %u; use "
                   "phys-bits=%u or less (the guest then sees %u)",
                   phys_bits, host_phys_bits, host_phys_bits,
                   host_phys_bits - 1);
        return false;
    }
    xo_mask = (uint64_t)1 << (phys_bits - 1);
    if (ram_end > xo_mask) {
        error_setg(errp, "xo: guest memory ends at 0x%" PRIx64 ", above "
                   "the XO bit (bit %u, 0x%" PRIx64 "); give the guest "
                   "less memory or raise phys-bits",
                   ram_end, phys_bits - 1, xo_mask);
        return false;
    }
    l->phys_bits = phys_bits;
    l->maxphyaddr = phys_bits - 1;
    l->xo_mask = xo_mask;
    return true;
}

bool xo_slots_fit(unsigned ram_slots, unsigned max_slots, Error **errp)
{
    if ((uint64_t)ram_slots * 2 > max_slots) {
        error_setg(errp, "xo: %u RAM memory slots and their execute-only "
                   "aliases need %" PRIu64 " KVM memory slots, but KVM "
                   "offers %u", ram_slots, (uint64_t)ram_slots * 2,
                   max_slots);
        return false;
    }
    return true;
}

bool xo_sev_check(const XoLayout *l, unsigned cbitpos, unsigned reduced,
                  unsigned host_phys_bits, Error **errp)
{
    unsigned usable = host_phys_bits > reduced ? host_phys_bits - reduced : 0;

    if (l->maxphyaddr == cbitpos) {
        error_setg(errp, "xo: the XO bit (bit %u) would be SEV's C-bit; "
                   "use phys-bits=%u or less", l->maxphyaddr, cbitpos);
        return false;
    }
    if (l->maxphyaddr > cbitpos) {
        error_setg(errp, "xo: the XO bit (bit %u) lies above SEV's C-bit "
                   "(bit %u), where guest addresses cannot reach; use "
                   "phys-bits=%u or less", l->maxphyaddr, cbitpos, cbitpos);
        return false;
    }
    if (host_phys_bits && l->phys_bits > usable) {
        error_setg(errp, "xo: the XO alias space needs %u physical-address "
                   "bits, but with SEV the host has %u (%u, less %u that SEV "
                   "takes); use phys-bits=%u or less (the guest then sees "
                   "MAXPHYADDR %u)", l->phys_bits, usable, host_phys_bits,
                   reduced, usable, usable ? usable - 1 : 0);
        return false;
    }
    return true;
}
