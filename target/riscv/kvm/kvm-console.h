/*
 * RISC-V KVM: the SBI console
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef TARGET_RISCV_KVM_CONSOLE_H
#define TARGET_RISCV_KVM_CONSOLE_H

/* -accel kvm,sbi-console=: registered on the accelerator's class */
void kvm_riscv_console_class_init(ObjectClass *oc);

/* At accelerator start-up: take the chardev sbi-console names, if any. */
int kvm_riscv_console_init(Error **errp);

/* Guest output, from a vCPU thread. */
void kvm_riscv_console_write(const uint8_t *buf, size_t len);

/* Take up to max bytes of the queued input (vCPU thread). */
size_t kvm_riscv_console_read(uint8_t *buf, size_t max);

#endif
