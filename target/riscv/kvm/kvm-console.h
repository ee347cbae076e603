/*
 * RISC-V KVM: the SBI console
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef TARGET_RISCV_KVM_CONSOLE_H
#define TARGET_RISCV_KVM_CONSOLE_H

/* -accel kvm,sbi-console=: registered on the accelerator's class */
void riscv_kvm_console_class_init(ObjectClass *oc);

/* At accelerator start-up: take the chardev sbi-console names, if any. */
int riscv_kvm_console_init(Error **errp);

/* Guest output, from a vCPU thread. */
void riscv_kvm_console_write(const uint8_t *buf, size_t len);

/* Has input been queued?  Take up to max bytes of it (vCPU thread). */
bool riscv_kvm_console_has_input(void);
size_t riscv_kvm_console_read(uint8_t *buf, size_t max);

#endif
