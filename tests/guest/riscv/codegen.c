/*
 * Code generation: write instructions, fence.i, execute them; then the
 * same on another hart after a remote fence.i through SBI RFENCE.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "guest.h"

/* li a0, imm (addi a0, zero, imm); ret (jalr zero, 0(ra)) */
#define INSN_LI_A0(imm) (0x00000513U | ((uint32_t)(imm) << 20))
#define INSN_RET        0x00008067U

static uint32_t code[64] __attribute__((aligned(64)));
static volatile int remote_ready, remote_go;     /* between harts */
static volatile long remote_result;     /* between harts */

static long run_code(void)
{
    long (*fn)(void) = (long (*)(void))(unsigned long)code;

    return fn();
}

static void emit(int value)
{
    code[0] = INSN_LI_A0(value);
    code[1] = INSN_RET;
    __asm__ volatile("fence rw, rw" : : : "memory");
}

static void second(unsigned long hartid, unsigned long opaque)
{
    /* run the old code once so that it is in this hart's I-cache */
    remote_result = run_code();
    remote_ready = 1;
    while (!remote_go) {
        /* wait */
    }
    remote_result = run_code();
    remote_go = 0;
    for (;;) {
        __asm__ volatile("wfi");
    }
}

void test_main(unsigned long hartid, void *fdt)
{
    unsigned long other = hartid == 0 ? 1 : 0, t;
    long r;

    emit(42);
    __asm__ volatile("fence.i" : : : "memory");
    r = run_code();
    check("codegen-local", r == 42, "wrong result", r);
    emit(7);
    __asm__ volatile("fence.i" : : : "memory");
    r = run_code();
    check("codegen-local-rewrite", r == 7, "stale code ran", r);

    if (start_hart(other, second, 0)) {
        check("codegen-remote", false, "cannot start the second hart", 0);
        return;
    }
    for (t = rdtime(); !remote_ready && rdtime() - t < 50000000UL;) {
        /* wait */
    }
    emit(99);
    r = sbi_call(SBI_EXT_RFENCE, 0, 1UL << other, 0, 0).error;
    check("rfence-remote-fence-i", r == 0, "remote_fence_i failed", r);
    remote_go = 1;
    for (t = rdtime(); remote_go && rdtime() - t < 50000000UL;) {
        /* wait */
    }
    check("codegen-remote", remote_result == 99,
          "the other hart ran stale code", remote_result);
}
