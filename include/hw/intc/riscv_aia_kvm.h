/*
 * The in-kernel AIA of KVM RISC-V (APLIC and IMSICs) as a device
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef HW_INTC_RISCV_AIA_KVM_H
#define HW_INTC_RISCV_AIA_KVM_H

#include "hw/sysbus.h"
#include "qom/object.h"

#define TYPE_KVM_RISCV_AIA "kvm-riscv-aia"
OBJECT_DECLARE_SIMPLE_TYPE(KVMRISCVAIAState, KVM_RISCV_AIA)

/*
 * Input GPIO n (1 <= n <= num-sources) is the wire of APLIC source n.
 * MMIO region s is socket s's IMSICs (their MSI pages): the board maps it
 * at imsic-addr + s << group-shift, where KVM is told they are.
 */
struct KVMRISCVAIAState {
    SysBusDevice parent_obj;

    /* properties */
    char *mode;                 /* emul, hwaccel or auto */
    uint32_t num_sources;       /* APLIC sources 1..num_sources */
    uint32_t num_msis;          /* MSI identities 1..num_msis */
    uint32_t num_guests;        /* guest interrupt files per IMSIC */
    uint64_t aplic_addr;
    uint64_t imsic_addr;
    uint32_t group_shift;
    uint32_t num_sockets;
    uint32_t *socket_first_hart;
    uint32_t num_socket_harts;
    uint32_t *socket_harts;

    int fd;
    uint32_t guest_bits;
    uint32_t num_harts;         /* IMSICs: one per vCPU */
    MemoryRegion *imsic_mmio;   /* one per socket */

    /* the migrated image; the sizes say what the source had */
    uint32_t img_sources, img_msis, img_harts;
    uint32_t aplic_len;
    uint32_t *aplic;            /* domaincfg, then 3 words per source */
    uint32_t imsic_len;
    uint64_t *imsic;            /* per IMSIC: delivery, threshold, eip/eie */
};

/*
 * The layout of the image (riscv_aia_kvm_layout.c): per IMSIC,
 * kvm_riscv_aia_imsic_words() 64-bit words, the first
 * KVM_RISCV_AIA_IMSIC_HEAD of them eidelivery and eithreshold, then
 * alternately eip k and eie k.
 */
#define KVM_RISCV_AIA_IMSIC_HEAD 2

/* Bits that number n things (0 for one) */
unsigned kvm_riscv_aia_bits_for(unsigned n);
/* Words of an IMSIC's image, for identities 1..nr_ids */
unsigned kvm_riscv_aia_imsic_words(uint32_t nr_ids);
/* The IMSIC register (iselect) of word i, and its KVM attribute */
uint32_t kvm_riscv_aia_imsic_isel(unsigned i);
uint64_t kvm_riscv_aia_imsic_attr(uint32_t hart, unsigned i);
/* The level of a source's wire, from its rectified input */
bool kvm_riscv_aia_wire_level(uint32_t sourcecfg, bool rectified);

#endif
