/*
 * RISC-V KVM: the ONE_REG register map
 *
 * Every register this accelerator moves between QEMU and KVM is a row of
 * one table (kvm-reg.c): its ONE_REG id, where it lives in CPURISCVState,
 * and the sync group it belongs to.  Which rows the host has is learned
 * once from KVM_GET_REG_LIST; absent registers are skipped.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef TARGET_RISCV_KVM_REG_H
#define TARGET_RISCV_KVM_REG_H

#include "cpu.h"

/* What a register sync is for: rows belong to exactly one group. */
typedef enum RiscvKvmRegGroup {
    RISCV_KVM_SYNC_CORE   = 1 << 0,     /* pc, x1-x31, privilege mode */
    RISCV_KVM_SYNC_CSR    = 1 << 1,     /* S-mode CSRs, AIA, Smstateen */
    RISCV_KVM_SYNC_FP     = 1 << 2,     /* f0-f31 and fcsr */
    RISCV_KVM_SYNC_VECTOR = 1 << 3,     /* v0-v31 and vector CSRs */
    RISCV_KVM_SYNC_TIMER  = 1 << 4,     /* time, compare, state */
} RiscvKvmRegGroup;

#define RISCV_KVM_SYNC_STATE \
    (RISCV_KVM_SYNC_CORE | RISCV_KVM_SYNC_CSR | RISCV_KVM_SYNC_FP | \
     RISCV_KVM_SYNC_VECTOR)

/* Per-vCPU knowledge of the host's registers. */
typedef struct RiscvKvmRegs {
    uint64_t *ids;          /* sorted KVM_GET_REG_LIST result */
    size_t nr_ids;
    bool fp_d;              /* FP registers are D (64-bit), else F */
} RiscvKvmRegs;

/* Learn the host's registers for this vCPU. */
int riscv_kvm_regs_init(CPUState *cs, RiscvKvmRegs *regs, Error **errp);
void riscv_kvm_regs_free(RiscvKvmRegs *regs);

/* Does the host have this ONE_REG id? */
bool riscv_kvm_regs_has(const RiscvKvmRegs *regs, uint64_t id);

/* Move the registers of the given groups from KVM to env, or back. */
int riscv_kvm_regs_get(CPUState *cs, const RiscvKvmRegs *regs,
                       unsigned groups, Error **errp);
int riscv_kvm_regs_put(CPUState *cs, const RiscvKvmRegs *regs,
                       unsigned groups, Error **errp);

/* Single registers, by ONE_REG id; values are zero-extended. */
int riscv_kvm_get_one(CPUState *cs, uint64_t id, uint64_t *val);
int riscv_kvm_set_one(CPUState *cs, uint64_t id, uint64_t val);

/*
 * ONE_REG id of a register of the given KVM_REG_RISCV_* type (with its
 * subtype ORed in) and index; size_bytes is 4 or 8 (0: the target's XLEN).
 */
uint64_t riscv_kvm_reg_id(uint64_t type, uint64_t index, unsigned size_bytes);

/* Trace-friendly name of a ONE_REG id ("csr.sepc", "core.x5", ...). */
const char *riscv_kvm_reg_name(uint64_t id, char *buf, size_t len);

#endif
