/*
 * RISC-V KVM: the ONE_REG register table
 *
 * Pure data and arithmetic, with no KVM call (tests/series/
 * test-riscv-kvm-tables.c checks it): every register the accelerator
 * moves is a row with its ONE_REG id, its name and where it lives in
 * CPURISCVState or RISCVCPUConfig.  kvm-reg.c drives the syncs from it.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef TARGET_RISCV_KVM_REG_TABLE_H
#define TARGET_RISCV_KVM_REG_TABLE_H

#include "cpu.h"

/* What a register sync is for: rows belong to exactly one group. */
typedef enum KVMRISCVRegGroup {
    KVM_RISCV_REGS_CORE   = 1 << 0,     /* pc, x1-x31, privilege mode */
    KVM_RISCV_REGS_CSR    = 1 << 1,     /* S-mode CSRs, AIA, Smstateen */
    KVM_RISCV_REGS_FP     = 1 << 2,     /* f0-f31 and fcsr */
    KVM_RISCV_REGS_VECTOR = 1 << 3,     /* v0-v31 and vector CSRs */
    KVM_RISCV_REGS_TIME   = 1 << 4,     /* the VM's time */
    KVM_RISCV_REGS_TIMER  = 1 << 5,     /* the vCPU's timer event */
    KVM_RISCV_REGS_SBI    = 1 << 6,     /* SBI state: STA memory, FWFT */
    KVM_RISCV_REGS_CONFIG = 1 << 7,     /* what the host CPU is */
} KVMRISCVRegGroup;

/* What a running vCPU changes; synced whenever QEMU needs the state. */
#define KVM_RISCV_REGS_RUNTIME \
    (KVM_RISCV_REGS_CORE | KVM_RISCV_REGS_CSR | KVM_RISCV_REGS_FP | \
     KVM_RISCV_REGS_VECTOR)
/* The guest timer: saved while the VM is stopped. */
#define KVM_RISCV_REGS_CLOCK (KVM_RISCV_REGS_TIME | KVM_RISCV_REGS_TIMER)

/* How a row's value maps to its field. */
typedef enum KVMRISCVRegKind {
    KVM_RISCV_REG_FIELD,        /* count fields of field_size bytes */
    KVM_RISCV_REG_FCSR,         /* fcsr: frm and the accrued flags */
    KVM_RISCV_REG_VCSR,         /* vcsr: vxrm and vxsat */
    KVM_RISCV_REG_VECTOR,       /* v0-v31, cfg.vlenb bytes each */
    KVM_RISCV_REG_TIMER_STATE,  /* KVM refuses "off" for a timer off */
    KVM_RISCV_REG_SATP_MODE,    /* largest satp mode: satp_mode.supported */
    KVM_RISCV_REG_ISA,          /* the misa letters of the user ISA */
} KVMRISCVRegKind;

typedef struct KVMRISCVRegRow {
    const char *name;       /* "core.x" + index, "csr.sepc", ... */
    uint64_t type;          /* KVM_REG_RISCV_* type | subtype */
    uint16_t index;         /* ONE_REG index of the first register */
    uint8_t count;          /* consecutive registers in this row */
    uint8_t size;           /* bytes in KVM: 4, 8, or 0 for XLEN */
    uint8_t group;          /* KVMRISCVRegGroup */
    uint8_t kind;           /* KVMRISCVRegKind */
    uint16_t offset;        /* of the first field, in env or (CONFIG) cfg */
    uint8_t field_size;     /* bytes of each field */
} KVMRISCVRegRow;

extern const KVMRISCVRegRow kvm_riscv_reg_rows[];
extern const size_t kvm_riscv_nr_reg_rows;

/* Bytes of a row's registers in KVM (vector registers: vlenb). */
unsigned kvm_riscv_reg_row_size(uint16_t vlenb, const KVMRISCVRegRow *r);
/* ONE_REG id of register i (0 .. count - 1) of a row. */
uint64_t kvm_riscv_reg_row_id(uint16_t vlenb, const KVMRISCVRegRow *r,
                              unsigned i);

/*
 * ONE_REG id of a register of the given KVM_REG_RISCV_* type (with its
 * subtype ORed in) and index; size_bytes is 4 or 8 (0: the target's XLEN).
 */
uint64_t kvm_riscv_reg_id(uint64_t type, uint64_t index, unsigned size_bytes);

/* Trace-friendly name of a ONE_REG id ("csr.sepc", "core.x5", ...). */
const char *kvm_riscv_reg_name(uint64_t id, char *buf, size_t len);

#endif
