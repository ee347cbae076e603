/*
 * RISC-V KVM: the ONE_REG register map
 *
 * Every register this accelerator moves between QEMU and KVM is a row of
 * one table (kvm-reg.c): its ONE_REG id, where it lives in CPURISCVState
 * (or, for the CONFIG registers, in RISCVCPUConfig), the group it belongs
 * to and how its value is converted.  Which rows the host has is learned
 * from KVM_GET_REG_LIST; absent registers are skipped.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef TARGET_RISCV_KVM_REG_H
#define TARGET_RISCV_KVM_REG_H

#include "cpu.h"

/* What a register sync is for: rows belong to exactly one group. */
typedef enum KVMRISCVRegGroup {
    KVM_RISCV_REGS_CORE   = 1 << 0,     /* pc, x1-x31, privilege mode */
    KVM_RISCV_REGS_CSR    = 1 << 1,     /* S-mode CSRs, AIA, Smstateen */
    KVM_RISCV_REGS_FP     = 1 << 2,     /* f0-f31 and fcsr */
    KVM_RISCV_REGS_VECTOR = 1 << 3,     /* v0-v31 and vector CSRs */
    KVM_RISCV_REGS_TIME   = 1 << 4,     /* the VM's time */
    KVM_RISCV_REGS_TIMER  = 1 << 5,     /* the vCPU's timer event */
    KVM_RISCV_REGS_SBI    = 1 << 6,     /* SBI STA shared memory */
    KVM_RISCV_REGS_CONFIG = 1 << 7,     /* what the host CPU is */
} KVMRISCVRegGroup;

/* What a running vCPU changes; synced whenever QEMU needs the state. */
#define KVM_RISCV_REGS_RUNTIME \
    (KVM_RISCV_REGS_CORE | KVM_RISCV_REGS_CSR | KVM_RISCV_REGS_FP | \
     KVM_RISCV_REGS_VECTOR)
/* The guest timer: saved while the VM is stopped. */
#define KVM_RISCV_REGS_CLOCK (KVM_RISCV_REGS_TIME | KVM_RISCV_REGS_TIMER)

/*
 * Learn the host's registers for this vCPU (after its extensions are
 * set), and what KVM gives a new vCPU in them: the state of a reset.
 */
int kvm_riscv_regs_init(CPUState *cs, Error **errp);
void kvm_riscv_regs_free(RISCVCPU *cpu);

/* Does the host have this ONE_REG id for the vCPU? */
bool kvm_riscv_regs_has(const RISCVCPU *cpu, uint64_t id);

/* Move the registers of the given groups from KVM to env, or back. */
int kvm_riscv_regs_get(CPUState *cs, unsigned groups, Error **errp);
int kvm_riscv_regs_put(CPUState *cs, unsigned groups, Error **errp);

/*
 * Give env the values KVM gave the new vCPU, for every register but the
 * VM's time (vector registers: zero).
 */
void kvm_riscv_regs_reset(RISCVCPU *cpu);

/*
 * Read the CONFIG registers of a vCPU (by its file descriptor: the
 * host probe's scratch vCPU) into cfg, the isa register into *misa.
 * Registers the host lacks leave their fields alone.
 */
void kvm_riscv_regs_read_config(int vcpu_fd, RISCVCPUConfig *cfg,
                                uint32_t *misa);
/* Copy the fields the CONFIG registers fill from one cfg to another. */
void kvm_riscv_regs_copy_config(RISCVCPUConfig *dst,
                                const RISCVCPUConfig *src);

/* Single registers, by ONE_REG id; values are zero-extended. */
int kvm_riscv_get_one(CPUState *cs, uint64_t id, uint64_t *val);
int kvm_riscv_set_one(CPUState *cs, uint64_t id, uint64_t val);
int kvm_riscv_fd_get_one(int vcpu_fd, uint64_t id, uint64_t *val);
int kvm_riscv_fd_set_one(int vcpu_fd, uint64_t id, uint64_t val);

/*
 * ONE_REG id of a register of the given KVM_REG_RISCV_* type (with its
 * subtype ORed in) and index; size_bytes is 4 or 8 (0: the target's XLEN).
 */
uint64_t kvm_riscv_reg_id(uint64_t type, uint64_t index, unsigned size_bytes);

/* Trace-friendly name of a ONE_REG id ("csr.sepc", "core.x5", ...). */
const char *kvm_riscv_reg_name(uint64_t id, char *buf, size_t len);

#endif
