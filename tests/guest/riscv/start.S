/*
 * Entry points: the boot hart (from QEMU) and harts started through HSM
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#define STACK_SIZE 8192

/* stack of hart a0 at stacks + (a0 + 1) * STACK_SIZE; traps to trap_entry */
.macro hart_setup
    la      sp, stacks
    addi    t0, a0, 1
    li      t1, STACK_SIZE
    mul     t0, t0, t1
    add     sp, sp, t0
    la      t0, trap_entry
    csrw    stvec, t0
.endm

    .section .text.start
    .global _start
_start:
    /* a0 = hart id, a1 = device tree */
    hart_setup
    call    boot_main
1:  wfi
    j       1b

    .global secondary_entry
secondary_entry:
    /* a0 = hart id, a1 = opaque (set by start_hart) */
    hart_setup
    call    secondary_main
1:  wfi
    j       1b

    .align 4
trap_entry:
    addi    sp, sp, -128
    sd      ra, 0(sp)
    sd      t0, 8(sp)
    sd      t1, 16(sp)
    sd      t2, 24(sp)
    sd      a0, 32(sp)
    sd      a1, 40(sp)
    sd      a2, 48(sp)
    sd      a3, 56(sp)
    sd      a4, 64(sp)
    sd      a5, 72(sp)
    sd      a6, 80(sp)
    sd      a7, 88(sp)
    sd      t3, 96(sp)
    sd      t4, 104(sp)
    sd      t5, 112(sp)
    sd      t6, 120(sp)
    csrr    a0, scause
    call    trap_main
    ld      ra, 0(sp)
    ld      t0, 8(sp)
    ld      t1, 16(sp)
    ld      t2, 24(sp)
    ld      a0, 32(sp)
    ld      a1, 40(sp)
    ld      a2, 48(sp)
    ld      a3, 56(sp)
    ld      a4, 64(sp)
    ld      a5, 72(sp)
    ld      a6, 80(sp)
    ld      a7, 88(sp)
    ld      t3, 96(sp)
    ld      t4, 104(sp)
    ld      t5, 112(sp)
    ld      t6, 120(sp)
    addi    sp, sp, 128
    sret

    .bss
    .align 12
stacks:
    .space STACK_SIZE * 9
