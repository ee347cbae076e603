/*
 * RISC-V KVM: which function answers an SBI call (see kvm-sbi-table.h)
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "cpu.h"
#include "sbi_ecall_interface.h"
#include "kvm-sbi-table.h"

/* The legacy calls KVM leaves to userspace, by extension id. */
static const KVMRISCVSbiFunc legacy_calls[] = {
    { SBI_EXT_0_1_CONSOLE_PUTCHAR, "legacy-putchar",
      kvm_riscv_sbi_legacy_putchar },
    { SBI_EXT_0_1_CONSOLE_GETCHAR, "legacy-getchar",
      kvm_riscv_sbi_legacy_getchar },
};

static const KVMRISCVSbiFunc dbcn_calls[] = {
    { SBI_EXT_DBCN_CONSOLE_WRITE, "dbcn-write", kvm_riscv_sbi_dbcn_write },
    { SBI_EXT_DBCN_CONSOLE_READ, "dbcn-read", kvm_riscv_sbi_dbcn_read },
    { SBI_EXT_DBCN_CONSOLE_WRITE_BYTE, "dbcn-write-byte",
      kvm_riscv_sbi_dbcn_write_byte },
};

static const KVMRISCVSbiFunc susp_calls[] = {
    { SBI_EXT_SUSP_SYSTEM_SUSPEND, "system-suspend",
      kvm_riscv_sbi_system_suspend },
};

const KVMRISCVSbiRange kvm_riscv_sbi_ranges[] = {
    {
        .first = KVM_RISCV_SBI_LEGACY_FIRST,
        .last = KVM_RISCV_SBI_LEGACY_LAST,
        .legacy = true,
        .funcs = legacy_calls, .nr_funcs = ARRAY_SIZE(legacy_calls),
    }, {
        .first = SBI_EXT_DBCN, .last = SBI_EXT_DBCN,
        .funcs = dbcn_calls, .nr_funcs = ARRAY_SIZE(dbcn_calls),
    }, {
        .first = SBI_EXT_SUSP, .last = SBI_EXT_SUSP,
        .funcs = susp_calls, .nr_funcs = ARRAY_SIZE(susp_calls),
    },
};

const size_t kvm_riscv_nr_sbi_ranges = ARRAY_SIZE(kvm_riscv_sbi_ranges);

const KVMRISCVSbiRange *kvm_riscv_sbi_range(unsigned long ext)
{
    for (size_t i = 0; i < kvm_riscv_nr_sbi_ranges; i++) {
        if (ext >= kvm_riscv_sbi_ranges[i].first &&
            ext <= kvm_riscv_sbi_ranges[i].last) {
            return &kvm_riscv_sbi_ranges[i];
        }
    }
    return NULL;
}

void kvm_riscv_sbi_dispatch(CPUState *cs, struct kvm_run *run,
                            KVMRISCVSbiCall *c)
{
    const KVMRISCVSbiRange *r;

    *c = (KVMRISCVSbiCall) {
        .ext = run->riscv_sbi.extension_id,
        .fid = run->riscv_sbi.function_id,
        .args = (unsigned long *)run->riscv_sbi.args,
        .err = SBI_ERR_NOT_SUPPORTED,
        .name = "unsupported",
    };
    r = kvm_riscv_sbi_range(c->ext);
    for (size_t i = 0; r && i < r->nr_funcs; i++) {
        if (r->funcs[i].fid == (r->legacy ? c->ext : c->fid)) {
            c->name = r->funcs[i].name;
            r->funcs[i].fn(cs, c);
            break;
        }
    }
    run->riscv_sbi.ret[0] = c->err;
    if (!r || !r->legacy) {
        run->riscv_sbi.ret[1] = c->value;
    }
}
