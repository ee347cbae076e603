/*
 * RISC-V KVM: SBI calls the kernel forwards to userspace
 *
 * Calls are answered by the extension range they fall in, as the
 * kernel's own SBI dispatch is keyed: the legacy (v0.1) extensions are
 * one range with their own return rule (a0 only, no function ids), the
 * others return an error in a0 and a value in a1 and are dispatched by
 * function id.  Anything else gets SBI_ERR_NOT_SUPPORTED and the guest
 * goes on.  Nothing a guest asks for here stops QEMU.
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
#include "trace.h"

/* Largest DBCN transfer served in one call; the guest loops for more. */
#define DBCN_CHUNK 4096

/* The legacy extensions, SBI v0.1: extension ids 0x00-0x0f. */
#define SBI_EXT_0_1_FIRST       SBI_EXT_0_1_SET_TIMER
#define SBI_EXT_0_1_LAST        0x0f

typedef struct SbiCall {
    unsigned long ext, fid;
    unsigned long *args;        /* a0-a5 */
    long err;                   /* a0 on return */
    unsigned long value;        /* a1 on return (not legacy) */
    const char *name;           /* for the trace */
} SbiCall;

typedef void SbiFn(CPUState *cs, SbiCall *c);

/* One function of an extension. */
typedef struct SbiFunc {
    unsigned long fid;
    const char *name;
    SbiFn *fn;
} SbiFunc;

static void legacy_putchar(CPUState *cs, SbiCall *c)
{
    uint8_t ch = c->args[0];

    kvm_riscv_console_write(&ch, 1);
    c->err = 0;
}

static void legacy_getchar(CPUState *cs, SbiCall *c)
{
    uint8_t ch;

    c->err = kvm_riscv_console_read(&ch, 1) ? ch : -1;
}

/* The legacy calls KVM leaves to userspace, by extension id. */
static const SbiFunc legacy_calls[] = {
    { SBI_EXT_0_1_CONSOLE_PUTCHAR, "legacy-putchar", legacy_putchar },
    { SBI_EXT_0_1_CONSOLE_GETCHAR, "legacy-getchar", legacy_getchar },
};

/* DBCN write and read: a guest-physical buffer, checked before use. */
static void dbcn_transfer(CPUState *cs, SbiCall *c, bool write)
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

static void dbcn_write(CPUState *cs, SbiCall *c)
{
    dbcn_transfer(cs, c, true);
}

static void dbcn_read(CPUState *cs, SbiCall *c)
{
    dbcn_transfer(cs, c, false);
}

static void dbcn_write_byte(CPUState *cs, SbiCall *c)
{
    legacy_putchar(cs, c);
}

static const SbiFunc dbcn_calls[] = {
    { SBI_EXT_DBCN_CONSOLE_WRITE, "dbcn-write", dbcn_write },
    { SBI_EXT_DBCN_CONSOLE_READ, "dbcn-read", dbcn_read },
    { SBI_EXT_DBCN_CONSOLE_WRITE_BYTE, "dbcn-write-byte", dbcn_write_byte },
};

/* A range of extension ids, and its functions. */
typedef struct SbiRange {
    unsigned long first, last;
    bool legacy;                /* functions keyed by extension id */
    const SbiFunc *funcs;
    size_t nr_funcs;
} SbiRange;

static const SbiRange sbi_ranges[] = {
    {
        .first = SBI_EXT_0_1_FIRST, .last = SBI_EXT_0_1_LAST,
        .legacy = true,
        .funcs = legacy_calls, .nr_funcs = ARRAY_SIZE(legacy_calls),
    }, {
        .first = SBI_EXT_DBCN, .last = SBI_EXT_DBCN,
        .funcs = dbcn_calls, .nr_funcs = ARRAY_SIZE(dbcn_calls),
    },
};

static const SbiRange *sbi_range(unsigned long ext)
{
    for (size_t i = 0; i < ARRAY_SIZE(sbi_ranges); i++) {
        if (ext >= sbi_ranges[i].first && ext <= sbi_ranges[i].last) {
            return &sbi_ranges[i];
        }
    }
    return NULL;
}

void kvm_riscv_sbi_call(CPUState *cs, struct kvm_run *run)
{
    SbiCall c = {
        .ext = run->riscv_sbi.extension_id,
        .fid = run->riscv_sbi.function_id,
        .args = (unsigned long *)run->riscv_sbi.args,
        .err = SBI_ERR_NOT_SUPPORTED,
        .name = "unsupported",
    };
    const SbiRange *r = sbi_range(c.ext);

    for (size_t i = 0; r && i < r->nr_funcs; i++) {
        if (r->funcs[i].fid == (r->legacy ? c.ext : c.fid)) {
            c.name = r->funcs[i].name;
            r->funcs[i].fn(cs, &c);
            break;
        }
    }
    trace_kvm_riscv_sbi(cs->cpu_index, c.ext, c.fid, c.name, c.err);
    run->riscv_sbi.ret[0] = c.err;
    if (!r || !r->legacy) {
        run->riscv_sbi.ret[1] = c.value;
    }
}
