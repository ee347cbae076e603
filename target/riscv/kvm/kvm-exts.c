/*
 * RISC-V KVM: the ISA and SBI extensions KVM knows
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include <linux/kvm.h>
#include "cpu.h"
#include "kvm-exts.h"
#include "kvm-reg.h"

#define MISA(ID, n, bit) \
    { .kvm_id = KVM_RISCV_ISA_EXT_##ID, .name = n, .misa = bit }
#define MULTI(ID, f) \
    { .kvm_id = KVM_RISCV_ISA_EXT_##ID, .name = #f, \
      .cfg_offset = CPU_CFG_OFFSET(ext_##f) }

const KVMRISCVIsaExt kvm_riscv_isa_exts[] = {
    MISA(A, "a", RVA), MISA(C, "c", RVC), MISA(D, "d", RVD),
    MISA(F, "f", RVF), MISA(H, "h", RVH), MISA(I, "i", RVI),
    MISA(M, "m", RVM), MISA(V, "v", RVV),
    MULTI(SVPBMT, svpbmt), MULTI(SSTC, sstc), MULTI(SVINVAL, svinval),
    MULTI(ZIHINTPAUSE, zihintpause), MULTI(ZICBOM, zicbom),
    MULTI(ZICBOZ, zicboz), MULTI(ZBB, zbb), MULTI(SSAIA, ssaia),
    MULTI(SVNAPOT, svnapot), MULTI(ZBA, zba), MULTI(ZBS, zbs),
    MULTI(ZICNTR, zicntr), MULTI(ZICSR, zicsr), MULTI(ZIFENCEI, zifencei),
    MULTI(ZIHPM, zihpm), MULTI(SMSTATEEN, smstateen), MULTI(ZICOND, zicond),
    MULTI(ZBC, zbc), MULTI(ZBKB, zbkb), MULTI(ZBKC, zbkc), MULTI(ZBKX, zbkx),
    MULTI(ZKND, zknd), MULTI(ZKNE, zkne), MULTI(ZKNH, zknh), MULTI(ZKR, zkr),
    MULTI(ZKSED, zksed), MULTI(ZKSH, zksh), MULTI(ZKT, zkt),
    MULTI(ZVBB, zvbb), MULTI(ZVBC, zvbc), MULTI(ZVKB, zvkb),
    MULTI(ZVKG, zvkg), MULTI(ZVKNED, zvkned), MULTI(ZVKNHA, zvknha),
    MULTI(ZVKNHB, zvknhb), MULTI(ZVKSED, zvksed), MULTI(ZVKSH, zvksh),
    MULTI(ZVKT, zvkt), MULTI(ZFH, zfh), MULTI(ZFHMIN, zfhmin),
    MULTI(ZIHINTNTL, zihintntl), MULTI(ZVFH, zvfh), MULTI(ZVFHMIN, zvfhmin),
    MULTI(ZFA, zfa), MULTI(ZTSO, ztso), MULTI(ZACAS, zacas),
    MULTI(SSCOFPMF, sscofpmf), MULTI(ZIMOP, zimop), MULTI(ZCA, zca),
    MULTI(ZCB, zcb), MULTI(ZCD, zcd), MULTI(ZCF, zcf), MULTI(ZCMOP, zcmop),
    MULTI(ZAWRS, zawrs), MULTI(SMNPM, smnpm), MULTI(SSNPM, ssnpm),
    MULTI(SVADE, svade), MULTI(SVADU, svadu), MULTI(SVVPTC, svvptc),
    MULTI(ZABHA, zabha), MULTI(ZICCRSE, ziccrse),
    /* after Linux 6.12, by 7.2 */
    MULTI(ZAAMO, zaamo), MULTI(ZALRSC, zalrsc), MULTI(ZICBOP, zicbop),
    MULTI(ZFBFMIN, zfbfmin), MULTI(ZVFBFMIN, zvfbfmin),
    MULTI(ZVFBFWMA, zvfbfwma),
    /*
     * Not here: Zclsd and Zilsd (RV32 only) and Zalasr, which QEMU 10.0's
     * CPU model has no flag or ISA string entry for.
     */
};
const size_t kvm_riscv_nr_isa_exts = ARRAY_SIZE(kvm_riscv_isa_exts);
/* RISCVCPU records which of them the user set in a bitmap */
QEMU_BUILD_BUG_ON(ARRAY_SIZE(kvm_riscv_isa_exts) >
                  8 * sizeof(((RISCVCPU *)0)->kvm_isa_user_set));

#define SBI(ID, n) { .kvm_id = KVM_RISCV_SBI_EXT_##ID, .name = n }

const KVMRISCVSbiExt kvm_riscv_sbi_exts[] = {
    SBI(V01, "sbi-v01"), SBI(TIME, "sbi-time"), SBI(IPI, "sbi-ipi"),
    SBI(RFENCE, "sbi-rfence"), SBI(SRST, "sbi-srst"), SBI(HSM, "sbi-hsm"),
    SBI(PMU, "sbi-pmu"), SBI(EXPERIMENTAL, "sbi-experimental"),
    SBI(VENDOR, "sbi-vendor"),
    /* the debug console is forwarded to us: QEMU serves it */
    { .kvm_id = KVM_RISCV_SBI_EXT_DBCN, .name = "sbi-dbcn",
      .default_on = true },
    SBI(STA, "sbi-sta"),
    /* system suspend: KVM hands it to us, and QEMU suspends the VM */
    { .kvm_id = KVM_RISCV_SBI_EXT_SUSP, .name = "sbi-susp",
      .default_on = true },
    SBI(FWFT, "sbi-fwft"),
    /* KVM forwards the message proxy to us, and we have no channels */
    { .kvm_id = KVM_RISCV_SBI_EXT_MPXY, .name = "sbi-mpxy",
      .unserved = "QEMU has no SBI MPXY message channels to serve" },
};
const size_t kvm_riscv_nr_sbi_exts = ARRAY_SIZE(kvm_riscv_sbi_exts);
QEMU_BUILD_BUG_ON(ARRAY_SIZE(kvm_riscv_sbi_exts) >
                  8 * sizeof(((RISCVCPU *)0)->kvm_sbi_user_set));

uint64_t kvm_riscv_isa_ext_reg(const KVMRISCVIsaExt *e)
{
    return kvm_riscv_reg_id(KVM_REG_RISCV_ISA_EXT | KVM_REG_RISCV_ISA_SINGLE,
                            e->kvm_id, 0);
}

uint64_t kvm_riscv_sbi_ext_reg(const KVMRISCVSbiExt *e)
{
    return kvm_riscv_reg_id(KVM_REG_RISCV_SBI_EXT | KVM_REG_RISCV_SBI_SINGLE,
                            e->kvm_id, 0);
}
