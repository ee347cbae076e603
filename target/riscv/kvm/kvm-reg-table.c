/*
 * RISC-V KVM: the ONE_REG register table (see kvm-reg-table.h)
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include <linux/kvm.h>
#include "cpu.h"
#include "kvm-reg-table.h"

#define ENV_FIELD(f) \
    .offset = offsetof(CPURISCVState, f), \
    .field_size = sizeof(((CPURISCVState *)0)->f)
#define CFG_FIELD(f) \
    .offset = offsetof(RISCVCPUConfig, f), \
    .field_size = sizeof(((RISCVCPUConfig *)0)->f)
#define ULONGS(s, f)    (offsetof(s, f) / sizeof(unsigned long))

#define CORE(n, idx, cnt, f) \
    { .name = n, .type = KVM_REG_RISCV_CORE, .index = idx, .count = cnt, \
      .group = KVM_RISCV_REGS_CORE, ENV_FIELD(f) }
#define CSR(sub, n, idx, f) \
    { .name = n, .type = KVM_REG_RISCV_CSR | (sub), .index = idx, \
      .count = 1, .group = KVM_RISCV_REGS_CSR, ENV_FIELD(f) }
#define GENERAL_CSR(n, f) \
    CSR(KVM_REG_RISCV_CSR_GENERAL, "csr." #n, KVM_REG_RISCV_CSR_REG(n), f)
#define VECTOR_CSR(n, f) \
    { .name = "vector." #n, .type = KVM_REG_RISCV_VECTOR, \
      .index = ULONGS(struct __riscv_v_ext_state, n), .count = 1, \
      .group = KVM_RISCV_REGS_VECTOR, ENV_FIELD(f) }
#define CONFIG(n, f) \
    { .name = "config." #n, .type = KVM_REG_RISCV_CONFIG, \
      .index = KVM_REG_RISCV_CONFIG_REG(n), .count = 1, \
      .group = KVM_RISCV_REGS_CONFIG, CFG_FIELD(f) }
#define STA(n, i) \
    { .name = "sbi.sta." #n, \
      .type = KVM_REG_RISCV_SBI_STATE | KVM_REG_RISCV_SBI_STA, \
      .index = KVM_REG_RISCV_SBI_STA_REG(n), .count = 1, \
      .group = KVM_RISCV_REGS_SBI, ENV_FIELD(kvm_sta_shmem[i]) }
/* field n (enable, flags, value) of an FWFT feature f, at env.kvm_fwft[i] */
#define FWFT(f, n, i) \
    { .name = "sbi.fwft." #f "." #n, \
      .type = KVM_REG_RISCV_SBI_STATE | KVM_REG_RISCV_SBI_FWFT, \
      .index = KVM_REG_RISCV_SBI_FWFT_REG(f.n), .count = 1, \
      .group = KVM_RISCV_REGS_SBI, ENV_FIELD(kvm_fwft[i]) }

const KVMRISCVRegRow kvm_riscv_reg_rows[] = {
    /* pc, then x1-x31 at indexes 1-31, then the privilege mode */
    CORE("core.pc", KVM_REG_RISCV_CORE_REG(regs.pc), 1, pc),
    CORE("core.x", 1, 31, gpr[1]),
    CORE("core.mode", KVM_REG_RISCV_CORE_REG(mode), 1, priv),

    /* KVM's sstatus, sie and sip live where TCG keeps the M-mode ones */
    GENERAL_CSR(sstatus, mstatus),
    GENERAL_CSR(sie, mie),
    GENERAL_CSR(stvec, stvec),
    GENERAL_CSR(sscratch, sscratch),
    GENERAL_CSR(sepc, sepc),
    GENERAL_CSR(scause, scause),
    GENERAL_CSR(stval, stval),
    GENERAL_CSR(sip, mip),
    GENERAL_CSR(satp, satp),
    GENERAL_CSR(scounteren, scounteren),
    GENERAL_CSR(senvcfg, senvcfg),
    CSR(KVM_REG_RISCV_CSR_AIA, "csr.aia.siselect",
        KVM_REG_RISCV_CSR_AIA_REG(siselect), siselect),
    /* iprio1 and iprio2 hold the byte priorities of interrupts 0-15 */
    { .name = "csr.aia.iprio", .type = KVM_REG_RISCV_CSR |
      KVM_REG_RISCV_CSR_AIA, .index = KVM_REG_RISCV_CSR_AIA_REG(iprio1),
      .count = 2, .size = 8, .group = KVM_RISCV_REGS_CSR,
      .offset = offsetof(CPURISCVState, siprio), .field_size = 8 },
    CSR(KVM_REG_RISCV_CSR_SMSTATEEN, "csr.smstateen.sstateen0",
        KVM_REG_RISCV_CSR_SMSTATEEN_REG(sstateen0), sstateen[0]),

    /*
     * f0-f31 and fcsr (index 32): F (32-bit) or D (64-bit) registers,
     * whichever the host has; the list has only one kind.
     */
    { .name = "fp.f", .type = KVM_REG_RISCV_FP_F, .count = 32, .size = 4,
      .group = KVM_RISCV_REGS_FP, .offset = offsetof(CPURISCVState, fpr),
      .field_size = 8 },
    { .name = "fp.fcsr", .type = KVM_REG_RISCV_FP_F, .index = 32,
      .count = 1, .size = 4, .group = KVM_RISCV_REGS_FP,
      .kind = KVM_RISCV_REG_FCSR },
    { .name = "fp.d", .type = KVM_REG_RISCV_FP_D, .count = 32, .size = 8,
      .group = KVM_RISCV_REGS_FP, .offset = offsetof(CPURISCVState, fpr),
      .field_size = 8 },
    { .name = "fp.fcsr", .type = KVM_REG_RISCV_FP_D, .index = 32,
      .count = 1, .size = 4, .group = KVM_RISCV_REGS_FP,
      .kind = KVM_RISCV_REG_FCSR },

    /* vector CSRs, then v0-v31 after the CSR block */
    VECTOR_CSR(vstart, vstart),
    VECTOR_CSR(vl, vl),
    VECTOR_CSR(vtype, vtype),
    { .name = "vector.vcsr", .type = KVM_REG_RISCV_VECTOR,
      .index = ULONGS(struct __riscv_v_ext_state, vcsr), .count = 1,
      .group = KVM_RISCV_REGS_VECTOR, .kind = KVM_RISCV_REG_VCSR },
    { .name = "vector.v", .type = KVM_REG_RISCV_VECTOR,
      .index = KVM_REG_RISCV_VECTOR_REG(0), .count = 32,
      .group = KVM_RISCV_REGS_VECTOR, .kind = KVM_RISCV_REG_VECTOR,
      .offset = offsetof(CPURISCVState, vreg) },

    { .name = "timer.time", .type = KVM_REG_RISCV_TIMER,
      .index = KVM_REG_RISCV_TIMER_REG(time), .count = 1, .size = 8,
      .group = KVM_RISCV_REGS_TIME, ENV_FIELD(kvm_timer_time) },
    { .name = "timer.compare", .type = KVM_REG_RISCV_TIMER,
      .index = KVM_REG_RISCV_TIMER_REG(compare), .count = 1, .size = 8,
      .group = KVM_RISCV_REGS_TIMER, ENV_FIELD(kvm_timer_compare) },
    { .name = "timer.state", .type = KVM_REG_RISCV_TIMER,
      .index = KVM_REG_RISCV_TIMER_REG(state), .count = 1, .size = 8,
      .group = KVM_RISCV_REGS_TIMER, .kind = KVM_RISCV_REG_TIMER_STATE,
      ENV_FIELD(kvm_timer_state) },

    STA(shmem_lo, 0),
    STA(shmem_hi, 1),
    /* SBI FWFT: after Linux 6.12, by 7.2 */
    FWFT(misaligned_deleg, enable, 0),
    FWFT(misaligned_deleg, flags, 1),
    FWFT(misaligned_deleg, value, 2),
    FWFT(pointer_masking, enable, 3),
    FWFT(pointer_masking, flags, 4),
    FWFT(pointer_masking, value, 5),

    /* read once, from the host probe's vCPU, into RISCVCPUConfig */
    { .name = "config.isa", .type = KVM_REG_RISCV_CONFIG,
      .index = KVM_REG_RISCV_CONFIG_REG(isa), .count = 1,
      .group = KVM_RISCV_REGS_CONFIG, .kind = KVM_RISCV_REG_ISA },
    CONFIG(mvendorid, mvendorid),
    CONFIG(marchid, marchid),
    CONFIG(mimpid, mimpid),
    CONFIG(zicbom_block_size, cbom_blocksize),
    CONFIG(zicboz_block_size, cboz_blocksize),
    CONFIG(zicbop_block_size, cbop_blocksize),
    { .name = "config.satp_mode", .type = KVM_REG_RISCV_CONFIG,
      .index = KVM_REG_RISCV_CONFIG_REG(satp_mode), .count = 1,
      .group = KVM_RISCV_REGS_CONFIG, .kind = KVM_RISCV_REG_SATP_MODE },
    { .name = "vector.vlenb", .type = KVM_REG_RISCV_VECTOR,
      .index = ULONGS(struct __riscv_v_ext_state, vlenb), .count = 1,
      .group = KVM_RISCV_REGS_CONFIG, CFG_FIELD(vlenb) },
};

const size_t kvm_riscv_nr_reg_rows = ARRAY_SIZE(kvm_riscv_reg_rows);

uint64_t kvm_riscv_reg_id(uint64_t type, uint64_t index, unsigned size_bytes)
{
    uint64_t size;

    if (size_bytes == 0) {
        size_bytes = sizeof(target_ulong);
    }
    size = (uint64_t)ctz32(size_bytes) << KVM_REG_SIZE_SHIFT;
    return KVM_REG_RISCV | size | type | index;
}

unsigned kvm_riscv_reg_row_size(uint16_t vlenb, const KVMRISCVRegRow *r)
{
    if (r->kind == KVM_RISCV_REG_VECTOR) {
        return vlenb;
    }
    return r->size ? r->size : sizeof(target_ulong);
}

uint64_t kvm_riscv_reg_row_id(uint16_t vlenb, const KVMRISCVRegRow *r,
                              unsigned i)
{
    return kvm_riscv_reg_id(r->type, r->index + i,
                            kvm_riscv_reg_row_size(vlenb, r));
}

const char *kvm_riscv_reg_name(uint64_t id, char *buf, size_t len)
{
    uint64_t low = id & ~(KVM_REG_ARCH_MASK | KVM_REG_SIZE_MASK);

    for (size_t n = 0; n < kvm_riscv_nr_reg_rows; n++) {
        const KVMRISCVRegRow *r = &kvm_riscv_reg_rows[n];
        uint64_t first = r->type | r->index;

        if (low < first || low >= first + r->count) {
            continue;
        }
        if (r->count == 1) {
            snprintf(buf, len, "%s", r->name);
        } else {
            /* x1-x31, f0-f31, iprio1-2 are numbered by their index; v0-v31 */
            uint64_t num = low - r->type -
                           (r->kind == KVM_RISCV_REG_VECTOR ? r->index : 0);

            snprintf(buf, len, "%s%" PRIu64, r->name, num);
        }
        return buf;
    }
    snprintf(buf, len, "0x%" PRIx64, id);
    return buf;
}

