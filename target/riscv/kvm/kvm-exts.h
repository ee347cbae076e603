/*
 * RISC-V KVM: the ISA and SBI extensions KVM knows
 *
 * Pure data: which KVM_RISCV_ISA_EXT_* and KVM_RISCV_SBI_EXT_* ids this
 * accelerator offers as properties of the host CPU, under which names,
 * and where QEMU keeps each ISA extension (a misa letter or a flag of
 * RISCVCPUConfig).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef TARGET_RISCV_KVM_EXTS_H
#define TARGET_RISCV_KVM_EXTS_H

#include "cpu.h"

typedef struct KVMRISCVIsaExt {
    unsigned kvm_id;        /* KVM_RISCV_ISA_EXT_* */
    const char *name;       /* the CPU property */
    uint32_t misa;          /* misa bit, or 0 */
    uint32_t cfg_offset;    /* else: offset of the bool in RISCVCPUConfig */
} KVMRISCVIsaExt;

typedef struct KVMRISCVSbiExt {
    unsigned kvm_id;        /* KVM_RISCV_SBI_EXT_* */
    const char *name;       /* the CPU property */
    bool default_on;        /* turned on by this series, host permitting */
    const char *unserved;   /* else NULL: why it cannot be turned on */
} KVMRISCVSbiExt;

extern const KVMRISCVIsaExt kvm_riscv_isa_exts[];
extern const size_t kvm_riscv_nr_isa_exts;
extern const KVMRISCVSbiExt kvm_riscv_sbi_exts[];
extern const size_t kvm_riscv_nr_sbi_exts;

/* The ONE_REG ids that turn an extension on or off in a vCPU. */
uint64_t kvm_riscv_isa_ext_reg(const KVMRISCVIsaExt *e);
uint64_t kvm_riscv_sbi_ext_reg(const KVMRISCVSbiExt *e);

#endif
