/*
 * RISC-V KVM: SBI system suspend as QEMU's suspended run state
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef TARGET_RISCV_KVM_SUSP_H
#define TARGET_RISCV_KVM_SUSP_H

/*
 * Under KVM: system_wakeup resumes a hart asleep in SBI system suspend;
 * OFFERED (the vCPU has SBI SUSP): the machine says it can be woken.
 */
void kvm_riscv_susp_init(bool offered);

/*
 * KVM's reset of a suspending vCPU also clears its IMSIC file in the
 * in-kernel AIA; the AIA device (hw/intc/riscv_aia_kvm.c) gives the means
 * to keep it: get returns a copy of vCPU HART's file (g_free it), or NULL
 * with errp set; put writes such a copy back.  NULL: no in-kernel AIA.
 */
typedef struct KVMRISCVImsicHold {
    uint64_t *(*get)(uint32_t hart, Error **errp);
    bool (*put)(uint32_t hart, const uint64_t *img, Error **errp);
} KVMRISCVImsicHold;
void kvm_riscv_susp_imsic_hold(const KVMRISCVImsicHold *hold);

#endif
