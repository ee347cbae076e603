/*
 * A program whose text segment is execute-only (xo-elf.ld gives it
 * p_flags PF_X alone): it writes "xo-elf: ran" and then reads the first
 * byte of its own code.  Where PROT_EXEC-only memory is execute-only that
 * read kills it with SIGSEGV; elsewhere it exits 0 if it read the byte
 * it expected (0xb8, the opcode of answer's mov), 1 if not.
 * xo-init.c also maps this segment itself and calls answer.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#define SYS_write   1
#define SYS_exit    60

    .section .text.answer, "ax"
    .globl answer
answer:                             /* the first bytes of the segment */
    mov     $0x600df00d, %eax
    ret

    .text
    .globl _start
_start:
    mov     $SYS_write, %eax
    mov     $1, %edi
    lea     msg(%rip), %rsi
    mov     $msg_len, %edx
    syscall
    movzbl  answer(%rip), %eax      /* a data read of our own code */
    xor     %edi, %edi
    cmp     $0xb8, %eax
    setne   %dil
    mov     $SYS_exit, %eax
    syscall

    .section .rodata
msg:
    .ascii  "xo-elf: ran\n"
    msg_len = . - msg

    .section .note.GNU-stack, "", @progbits
