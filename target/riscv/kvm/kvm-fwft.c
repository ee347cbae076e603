/*
 * RISC-V KVM: SBI FWFT state across migration
 *
 * The guest sets firmware features through SBI FWFT, which KVM serves
 * (Linux 7.2 has it; 6.12 does not); the register table
 * (kvm-reg-table.c) moves each feature's enable, flags and value through
 * env.kvm_fwft.  The state travels only when the guest set something,
 * and a destination whose KVM lacks a feature the guest set refuses it:
 * the guest would lose it.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include <linux/kvm.h>
#include "qemu/error-report.h"
#include "cpu.h"
#include "kvm_riscv.h"
#include "kvm-reg.h"
#include "kvm-reg-table.h"

/* The features of struct kvm_riscv_sbi_fwft, at env.kvm_fwft[3 * n] */
static const struct {
    const char *name;
    unsigned first_reg;     /* ONE_REG index of its "enable" */
} fwft_features[] = {
    { "misaligned exception delegation",
      KVM_REG_RISCV_SBI_FWFT_REG(misaligned_deleg.enable) },
    { "pointer masking",
      KVM_REG_RISCV_SBI_FWFT_REG(pointer_masking.enable) },
};
QEMU_BUILD_BUG_ON(3 * ARRAY_SIZE(fwft_features) >
                  ARRAY_SIZE(((CPURISCVState *)0)->kvm_fwft));

/* Set by the guest: a value or a lock that a new vCPU does not have */
static bool fwft_set(const CPURISCVState *env, size_t n)
{
    return env->kvm_fwft[3 * n + 1] || env->kvm_fwft[3 * n + 2];
}

bool kvm_riscv_fwft_needed(RISCVCPU *cpu)
{
    for (size_t n = 0; n < ARRAY_SIZE(fwft_features); n++) {
        if (fwft_set(&cpu->env, n)) {
            return true;
        }
    }
    return false;
}

int kvm_riscv_fwft_post_load(RISCVCPU *cpu)
{
    CPURISCVState *env = &cpu->env;

    for (size_t n = 0; n < ARRAY_SIZE(fwft_features); n++) {
        uint64_t id = kvm_riscv_reg_id(KVM_REG_RISCV_SBI_STATE |
                                       KVM_REG_RISCV_SBI_FWFT,
                                       fwft_features[n].first_reg + 2, 0);

        if (fwft_set(env, n) && !kvm_riscv_regs_has(cpu, id)) {
            error_report("KVM: the incoming guest set the SBI FWFT feature "
                         "'%s' (value %" PRIu64 ", flags 0x%" PRIx64 ") on "
                         "vCPU %d, and this host's KVM does not offer it "
                         "(Linux 7.2 does, where the hart has it)",
                         fwft_features[n].name, env->kvm_fwft[3 * n + 2],
                         env->kvm_fwft[3 * n + 1], CPU(cpu)->cpu_index);
            return -EINVAL;
        }
    }
    return 0;
}
