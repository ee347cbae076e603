/*
 * RISC-V KVM: which function answers an SBI call
 *
 * Calls are answered by the extension range they fall in, as the
 * kernel's own SBI dispatch is keyed: the legacy (v0.1) extensions are
 * one range with their own return rule (a0 only, functions keyed by
 * extension id), the others return an error in a0 and a value in a1 and
 * are dispatched by function id.  Anything else gets
 * SBI_ERR_NOT_SUPPORTED and the guest goes on.  The table and the
 * dispatch make no KVM call (tests/series/test-riscv-kvm-tables.c checks
 * them); the functions are in kvm-sbi.c.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef TARGET_RISCV_KVM_SBI_TABLE_H
#define TARGET_RISCV_KVM_SBI_TABLE_H

#include <linux/kvm.h>

/* The legacy extensions, SBI v0.1: extension ids 0x00-0x0f. */
#define KVM_RISCV_SBI_LEGACY_FIRST      0x00
#define KVM_RISCV_SBI_LEGACY_LAST       0x0f

/* SBI system suspend ("SUSP"): KVM checks the call, QEMU suspends */
#define SBI_EXT_SUSP                    0x53555350
#define SBI_EXT_SUSP_SYSTEM_SUSPEND     0

typedef struct KVMRISCVSbiCall {
    unsigned long ext, fid;
    unsigned long *args;        /* a0-a5 */
    long err;                   /* a0 on return */
    unsigned long value;        /* a1 on return (not legacy) */
    const char *name;           /* for the trace */
} KVMRISCVSbiCall;

typedef void KVMRISCVSbiFn(CPUState *cs, KVMRISCVSbiCall *c);

/* One function of an extension. */
typedef struct KVMRISCVSbiFunc {
    unsigned long fid;          /* the extension id, in the legacy range */
    const char *name;
    KVMRISCVSbiFn *fn;
} KVMRISCVSbiFunc;

/* A range of extension ids, and its functions. */
typedef struct KVMRISCVSbiRange {
    unsigned long first, last;
    bool legacy;
    const KVMRISCVSbiFunc *funcs;
    size_t nr_funcs;
} KVMRISCVSbiRange;

extern const KVMRISCVSbiRange kvm_riscv_sbi_ranges[];
extern const size_t kvm_riscv_nr_sbi_ranges;

/* The range an extension id falls in, or NULL. */
const KVMRISCVSbiRange *kvm_riscv_sbi_range(unsigned long ext);

/*
 * Answer the call in run: find its function, call it, and write a0 (and
 * a1 outside the legacy range) back; c says what was called.
 */
void kvm_riscv_sbi_dispatch(CPUState *cs, struct kvm_run *run,
                            KVMRISCVSbiCall *c);

/* The functions (kvm-sbi.c; system suspend: kvm-susp.c) */
KVMRISCVSbiFn kvm_riscv_sbi_legacy_putchar;
KVMRISCVSbiFn kvm_riscv_sbi_legacy_getchar;
KVMRISCVSbiFn kvm_riscv_sbi_dbcn_write;
KVMRISCVSbiFn kvm_riscv_sbi_dbcn_read;
KVMRISCVSbiFn kvm_riscv_sbi_dbcn_write_byte;
KVMRISCVSbiFn kvm_riscv_sbi_system_suspend;

#endif
