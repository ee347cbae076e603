/*
 * RISC-V KVM: the in-kernel AIA
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef TARGET_RISCV_KVM_AIA_H
#define TARGET_RISCV_KVM_AIA_H

/* -accel kvm,riscv-aia=: registered on the accelerator's class */
void kvm_riscv_aia_class_init(ObjectClass *oc);

#endif
