/*
 * The in-kernel AIA of KVM RISC-V: how the device's state image maps to
 * KVM's attributes
 *
 * Pure arithmetic, with no KVM call (tests/unit/test-riscv-kvm-tables.c
 * checks it).  An IMSIC's image is eidelivery, eithreshold, then the
 * eip/eie register pairs that cover its identities; an APLIC source's
 * input wire is saved as its level, from the rectified input and the
 * source mode.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qemu/host-utils.h"
#include <linux/kvm.h>
#include "hw/intc/riscv_aia_kvm.h"
#include "target/riscv/cpu_bits.h"

#define APLIC_SOURCECFG_D       (1u << 10)
#define APLIC_SM_MASK           7u
#define APLIC_SM_EDGE_FALL      5u
#define APLIC_SM_LEVEL_LOW      7u

unsigned kvm_riscv_aia_bits_for(unsigned n)
{
    return n > 1 ? 32 - clz32(n - 1) : 0;
}

unsigned kvm_riscv_aia_imsic_words(uint32_t nr_ids)
{
    /* the 64-bit eip/eie registers that cover identities 0..nr_ids */
    return KVM_RISCV_AIA_IMSIC_HEAD + 2 * DIV_ROUND_UP(nr_ids + 1, 64);
}

uint32_t kvm_riscv_aia_imsic_isel(unsigned i)
{
    static const uint32_t head[KVM_RISCV_AIA_IMSIC_HEAD] = {
        ISELECT_IMSIC_EIDELIVERY, ISELECT_IMSIC_EITHRESHOLD,
    };
    unsigned k = (i - KVM_RISCV_AIA_IMSIC_HEAD) / 2;

    if (i < KVM_RISCV_AIA_IMSIC_HEAD) {
        return head[i];
    }
    /* each 64-bit register takes two (even, odd) selectors on RV64 */
    return ((i - KVM_RISCV_AIA_IMSIC_HEAD) % 2 ? ISELECT_IMSIC_EIE0 :
            ISELECT_IMSIC_EIP0) + 2 * k;
}

uint64_t kvm_riscv_aia_imsic_attr(uint32_t hart, unsigned i)
{
    return KVM_DEV_RISCV_AIA_IMSIC_MKATTR((uint64_t)hart,
                                          kvm_riscv_aia_imsic_isel(i));
}

bool kvm_riscv_aia_wire_level(uint32_t sourcecfg, bool rectified)
{
    uint32_t sm = sourcecfg & APLIC_SM_MASK;
    bool inverted = !(sourcecfg & APLIC_SOURCECFG_D) &&
                    (sm == APLIC_SM_EDGE_FALL || sm == APLIC_SM_LEVEL_LOW);

    return rectified != inverted;
}
