/*
 * RISC-V KVM: the ONE_REG register map
 *
 * Every register this accelerator moves between QEMU and KVM is a row of
 * one table (kvm-reg-table.c): its ONE_REG id, where it lives in CPURISCVState
 * (or, for the CONFIG registers, in RISCVCPUConfig), the group it belongs
 * to and how its value is converted.  Which rows the host has is learned
 * from KVM_GET_REG_LIST; absent registers are skipped.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef TARGET_RISCV_KVM_REG_H
#define TARGET_RISCV_KVM_REG_H

#include "cpu.h"
#include "kvm-reg-table.h"

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

#endif
