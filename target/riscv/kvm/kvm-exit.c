/*
 * RISC-V KVM: exits that reach userspace
 *
 * SBI calls the kernel forwards are answered from a table; any other
 * extension or function gets SBI_ERR_NOT_SUPPORTED and the guest goes on.
 * Nothing a guest asks for here stops QEMU.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include <linux/kvm.h>
#include "qemu/error-report.h"
#include "qemu/log.h"
#include "qemu/guest-random.h"
#include "system/kvm.h"
#include "system/system.h"
#include "exec/address-spaces.h"
#include "exec/memory.h"
#include "hw/core/cpu.h"
#include "system/hw_accel.h"
#include "cpu.h"
#include "sbi_ecall_interface.h"
#include "kvm_riscv.h"
#include "kvm-console.h"
#include "kvm-debug.h"
#include "trace.h"

#ifndef SBI_ERR_FAILURE
#define SBI_ERR_FAILURE (-1)        /* SBI specification, table 1 */
#endif

/* Largest DBCN transfer served in one call; the guest loops for more. */
#define DBCN_CHUNK 4096

typedef struct SbiCall {
    unsigned long ext, fid;
    unsigned long *args;        /* a0-a5 */
    long err;                   /* a0 on return */
    unsigned long value;        /* a1 on return */
} SbiCall;

static void sbi_legacy_putchar(CPUState *cs, SbiCall *c)
{
    uint8_t ch = c->args[0];

    riscv_kvm_console_write(&ch, 1);
    c->err = 0;
}

static void sbi_legacy_getchar(CPUState *cs, SbiCall *c)
{
    uint8_t ch;

    c->err = riscv_kvm_console_read(&ch, 1) ? ch : -1;
}

/* DBCN write and read: a guest-physical buffer, checked before use. */
static void sbi_dbcn_transfer(CPUState *cs, SbiCall *c, bool write)
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
        len = riscv_kvm_console_read(buf, len);
        res = address_space_write(&address_space_memory, addr,
                                  MEMTXATTRS_UNSPECIFIED, buf, len);
        c->err = res == MEMTX_OK ? 0 : SBI_ERR_FAILURE;
        c->value = res == MEMTX_OK ? len : 0;
        return;
    }
    res = address_space_read(&address_space_memory, addr,
                             MEMTXATTRS_UNSPECIFIED, buf, len);
    if (res != MEMTX_OK) {
        c->err = SBI_ERR_FAILURE;
        return;
    }
    riscv_kvm_console_write(buf, len);
    c->err = 0;
    c->value = len;
}

static void sbi_dbcn_write(CPUState *cs, SbiCall *c)
{
    sbi_dbcn_transfer(cs, c, true);
}

static void sbi_dbcn_read(CPUState *cs, SbiCall *c)
{
    sbi_dbcn_transfer(cs, c, false);
}

static void sbi_dbcn_write_byte(CPUState *cs, SbiCall *c)
{
    sbi_legacy_putchar(cs, c);
}

typedef struct SbiHandler {
    unsigned long ext, fid;
    const char *name;
    void (*fn)(CPUState *cs, SbiCall *c);
} SbiHandler;

static const SbiHandler sbi_handlers[] = {
    { SBI_EXT_0_1_CONSOLE_PUTCHAR, 0, "legacy-putchar", sbi_legacy_putchar },
    { SBI_EXT_0_1_CONSOLE_GETCHAR, 0, "legacy-getchar", sbi_legacy_getchar },
    { SBI_EXT_DBCN, SBI_EXT_DBCN_CONSOLE_WRITE, "dbcn-write",
      sbi_dbcn_write },
    { SBI_EXT_DBCN, SBI_EXT_DBCN_CONSOLE_READ, "dbcn-read", sbi_dbcn_read },
    { SBI_EXT_DBCN, SBI_EXT_DBCN_CONSOLE_WRITE_BYTE, "dbcn-write-byte",
      sbi_dbcn_write_byte },
};

static bool sbi_is_legacy(unsigned long ext)
{
    return ext <= 0xf;
}

static void handle_sbi(CPUState *cs, struct kvm_run *run)
{
    SbiCall c = {
        .ext = run->riscv_sbi.extension_id,
        .fid = run->riscv_sbi.function_id,
        .args = (unsigned long *)run->riscv_sbi.args,
        .err = SBI_ERR_NOT_SUPPORTED,
    };
    const char *name = "unsupported";

    for (size_t i = 0; i < ARRAY_SIZE(sbi_handlers); i++) {
        const SbiHandler *h = &sbi_handlers[i];

        /* legacy calls have no function id */
        if (h->ext == c.ext && (sbi_is_legacy(c.ext) || h->fid == c.fid)) {
            name = h->name;
            h->fn(cs, &c);
            break;
        }
    }
    trace_riscv_kvm_sbi(cs->cpu_index, c.ext, c.fid, name, c.err);
    run->riscv_sbi.ret[0] = c.err;
    if (!sbi_is_legacy(c.ext)) {
        run->riscv_sbi.ret[1] = c.value;
    }
}

/*
 * Make the guest take an illegal-instruction trap on the CSR instruction
 * KVM stopped at.  KVM completes that instruction when the vCPU runs
 * again: it writes ret_value to rd and moves the pc past the 4-byte
 * instruction.  So rd is handed its own value back and the pc is put 4
 * bytes before the trap vector, with sepc, scause, stval and sstatus as
 * the hart's trap would leave them.
 */
static target_ulong csr_illegal(CPUState *cs, unsigned long num)
{
    CPURISCVState *env = &RISCV_CPU(cs)->env;
    uint32_t insn = 0;
    target_ulong rd_value = 0;
    uint64_t status;

    cpu_synchronize_state(cs);
    if (cpu_memory_rw_debug(cs, env->pc, &insn, sizeof(insn), false) == 0) {
        unsigned rd;

        insn = le32_to_cpu(insn);
        rd = extract32(insn, 7, 5);
        rd_value = rd ? env->gpr[rd] : 0;
    } else {
        qemu_log_mask(LOG_GUEST_ERROR, "KVM: vCPU %d: cannot read the CSR "
                      "instruction at 0x%" PRIx64 "; its rd reads as 0\n",
                      cs->cpu_index, (uint64_t)env->pc);
        insn = 0;
    }
    qemu_log_mask(LOG_GUEST_ERROR, "KVM: vCPU %d accessed CSR 0x%lx, which "
                  "QEMU does not emulate: illegal-instruction trap\n",
                  cs->cpu_index, num);

    status = env->mstatus;      /* KVM's sstatus lives in mstatus */
    status = set_field(status, MSTATUS_SPP, env->priv != PRV_U);
    status = set_field(status, MSTATUS_SPIE, get_field(status, MSTATUS_SIE));
    status = set_field(status, MSTATUS_SIE, 0);
    env->mstatus = status;
    env->sepc = env->pc;
    env->scause = RISCV_EXCP_ILLEGAL_INST;
    env->stval = insn;
    env->priv = PRV_S;
    /* exceptions go to the vector's base in both stvec modes */
    env->pc = (env->stvec & ~(target_ulong)3) - 4;
    trace_riscv_kvm_csr_illegal(cs->cpu_index, num, env->sepc);
    return rd_value;
}

static void handle_csr(CPUState *cs, struct kvm_run *run)
{
    unsigned long num = run->riscv_csr.csr_num;

    if (num == CSR_SEED) {
        uint16_t entropy = 0;

        qemu_guest_getrandom_nofail(&entropy, sizeof(entropy));
        run->riscv_csr.ret_value = SEED_OPST_ES16 | entropy;
    } else {
        run->riscv_csr.ret_value = csr_illegal(cs, num);
        return;
    }
    trace_riscv_kvm_csr(cs->cpu_index, num, run->riscv_csr.ret_value);
}

int kvm_arch_handle_exit(CPUState *cs, struct kvm_run *run)
{
    switch (run->exit_reason) {
    case KVM_EXIT_RISCV_SBI:
        handle_sbi(cs, run);
        return 0;
    case KVM_EXIT_RISCV_CSR:
        handle_csr(cs, run);
        return 0;
    case KVM_EXIT_DEBUG:
        return riscv_kvm_debug_exit(cs) ? EXCP_DEBUG : 0;
    default:
        qemu_log_mask(LOG_UNIMP, "KVM: vCPU %d: unhandled exit reason %d\n",
                      cs->cpu_index, run->exit_reason);
        return 0;
    }
}

bool kvm_arch_stop_on_emulation_error(CPUState *cs)
{
    return true;
}
