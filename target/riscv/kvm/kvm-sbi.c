/*
 * RISC-V KVM: SBI calls the kernel forwards to userspace
 *
 * The functions that answer them; kvm-sbi-table.c finds the function
 * for a call.  Nothing a guest asks for here stops QEMU.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qemu/log.h"
#include "exec/address-spaces.h"
#include "exec/memory.h"
#include "cpu.h"
#include "sbi_ecall_interface.h"
#include "kvm-console.h"
#include "kvm-sbi.h"
#include "kvm-sbi-table.h"
#include "trace.h"

/* Largest DBCN transfer served in one call; the guest loops for more. */
#define DBCN_CHUNK 4096

void kvm_riscv_sbi_legacy_putchar(CPUState *cs, KVMRISCVSbiCall *c)
{
    uint8_t ch = c->args[0];

    kvm_riscv_console_write(&ch, 1);
    c->err = 0;
}

void kvm_riscv_sbi_legacy_getchar(CPUState *cs, KVMRISCVSbiCall *c)
{
    uint8_t ch;

    c->err = kvm_riscv_console_read(&ch, 1) ? ch : -1;
}

/* DBCN write and read: a guest-physical buffer, checked before use. */
static void dbcn_transfer(CPUState *cs, KVMRISCVSbiCall *c, bool write)
{
    uint64_t len = c->args[0];
    uint64_t addr = c->args[1];
    uint8_t buf[DBCN_CHUNK];
    MemTxResult res;

    if (sizeof(target_ulong) == 4) {
        addr |= (uint64_t)c->args[2] << 32;
    } else if (c->args[2]) {
        c->err = SBI_ERR_INVALID_PARAM;
        return;
    }
    len = MIN(len, sizeof(buf));
    if (addr + len < addr ||
        !address_space_access_valid(&address_space_memory, addr, len, !write,
                                    MEMTXATTRS_UNSPECIFIED)) {
        qemu_log_mask(LOG_GUEST_ERROR, "SBI DBCN: vCPU %d gave a buffer "
                      "outside guest memory (0x%" PRIx64 ", %" PRIu64
                      " bytes)\n", cs->cpu_index, addr, len);
        c->err = SBI_ERR_INVALID_PARAM;
        return;
    }
    if (!write) {
        len = kvm_riscv_console_read(buf, len);
        res = address_space_write(&address_space_memory, addr,
                                  MEMTXATTRS_UNSPECIFIED, buf, len);
        c->err = res == MEMTX_OK ? 0 : SBI_ERR_FAILED;
        c->value = res == MEMTX_OK ? len : 0;
        return;
    }
    res = address_space_read(&address_space_memory, addr,
                             MEMTXATTRS_UNSPECIFIED, buf, len);
    if (res != MEMTX_OK) {
        c->err = SBI_ERR_FAILED;
        return;
    }
    kvm_riscv_console_write(buf, len);
    c->err = 0;
    c->value = len;
}

void kvm_riscv_sbi_dbcn_write(CPUState *cs, KVMRISCVSbiCall *c)
{
    dbcn_transfer(cs, c, true);
}

void kvm_riscv_sbi_dbcn_read(CPUState *cs, KVMRISCVSbiCall *c)
{
    dbcn_transfer(cs, c, false);
}

void kvm_riscv_sbi_dbcn_write_byte(CPUState *cs, KVMRISCVSbiCall *c)
{
    kvm_riscv_sbi_legacy_putchar(cs, c);
}

void kvm_riscv_sbi_call(CPUState *cs, struct kvm_run *run)
{
    KVMRISCVSbiCall c;

    kvm_riscv_sbi_dispatch(cs, run, &c);
    trace_kvm_riscv_sbi(cs->cpu_index, c.ext, c.fid, c.name, c.err);
}
