/*
 * The XO Linux guest's benchmark programs, which xo-bench.c runs; their
 * text segment is execute-only (xo-elf.ld) where the kernel uses XO:
 * - built with -DSPIN (xo-spin): calls FUNCS functions, one per page,
 *   ITERS times over, each adding a word of read-only data, and exits 0
 *   if the sum is right (compute-heavy);
 * - built without (xo-true): exits 0 at once (exec-heavy, run many
 *   times).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#define SYS_exit    60
#define FUNCS       64
#ifndef ITERS
#define ITERS       200000
#endif

    .text
    .globl _start
_start:
#ifdef SPIN
    xor     %eax, %eax
    lea     data(%rip), %r8
    mov     $ITERS, %r12d
1:
    lea     funcs(%rip), %rbx
    mov     $FUNCS, %r13d
2:
    call    *%rbx
    add     $4096, %rbx
    dec     %r13d
    jnz     2b
    dec     %r12d
    jnz     1b
    mov     $ITERS * FUNCS * 3, %rcx
    xor     %edi, %edi
    cmp     %rcx, %rax
    setne   %dil
#else
    xor     %edi, %edi
#endif
    mov     $SYS_exit, %eax
    syscall

#ifdef SPIN
    .balign 4096
funcs:
    .rept   FUNCS
    .balign 4096
    add     (%r8), %rax
    ret
    .endr

    .section .rodata
data:
    .quad   3
#endif

    .section .note.GNU-stack, "", @progbits
