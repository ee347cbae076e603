/*
 * RISC-V KVM: what the host offers
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef TARGET_RISCV_KVM_HOST_H
#define TARGET_RISCV_KVM_HOST_H

#include "cpu.h"

/* What a new vCPU of this host has, read once from a scratch vCPU. */
typedef struct KVMRISCVHost {
    int err;                /* errno of a failed probe, else 0 */
    uint32_t misa;          /* the isa CONFIG register */
    RISCVCPUConfig cfg;     /* the fields the CONFIG registers fill */
    int8_t *isa_has;        /* by kvm_riscv_isa_exts: 1 on, 0 off, */
    int8_t *sbi_has;        /* -1 KVM does not know it */
} KVMRISCVHost;

/* The host, probed on first use. */
const KVMRISCVHost *kvm_riscv_host(void);

/* Can KVM turn this ISA extension off?  Tried on a scratch vCPU. */
bool kvm_riscv_host_can_disable(unsigned isa_ext_index);

#endif
