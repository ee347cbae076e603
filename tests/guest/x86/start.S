/*
 * Entry of the bare-metal x86-64 test guests: a multiboot header (with
 * load addresses, so QEMU loads the flat image at 1 MiB), the switch from
 * 32-bit protected mode to long mode with the first GiB identity-mapped,
 * trap entry stubs and the way in and out of user mode.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#define MB_MAGIC        0x1BADB002
#define MB_FLAGS        0x00010000      /* the load address fields are valid */

#define PTE_P           0x001
#define PTE_W           0x002
#define PTE_U           0x004
#define PTE_PS          0x080

#define SEL_KCODE       0x08
#define SEL_KDATA       0x10

        .section .mbheader, "a"
        .align 4
mb_header:
        .long MB_MAGIC
        .long MB_FLAGS
        .long -(MB_MAGIC + MB_FLAGS)
        .long mb_header                 /* header_addr */
        .long mb_header                 /* load_addr */
        .long _load_end                 /* load_end_addr */
        .long _end                      /* bss_end_addr */
        .long mb_entry                  /* entry_addr */

        .text
        .code32
        .globl mb_entry
mb_entry:
        cli
        mov     %ebx, mb_info
        mov     $boot_stack_top, %esp

        /* clear .bss */
        mov     $__bss_start, %edi
        mov     $_end, %ecx
        sub     %edi, %ecx
        xor     %eax, %eax
        rep stosb

        /* the first GiB, identity-mapped with 2 MiB pages, user-accessible */
        mov     $pd_ident, %edi
        mov     $(PTE_P | PTE_W | PTE_U | PTE_PS), %eax
        mov     $512, %ecx
1:      mov     %eax, (%edi)
        movl    $0, 4(%edi)
        add     $0x200000, %eax
        add     $8, %edi
        loop    1b
        movl    $(pd_ident + PTE_P + PTE_W + PTE_U), pdpt_ident
        movl    $(pdpt_ident + PTE_P + PTE_W + PTE_U), pml4

        mov     %cr4, %eax
        or      $0x20, %eax                     /* PAE */
        mov     %eax, %cr4
        mov     $pml4, %eax
        mov     %eax, %cr3
        mov     $0xc0000080, %ecx               /* EFER */
        rdmsr
        or      $0x900, %eax                    /* LME, NXE */
        wrmsr
        mov     %cr0, %eax
        or      $0x80000001, %eax               /* PG, PE */
        mov     %eax, %cr0
        lgdt    gdt_desc
        ljmp    $SEL_KCODE, $long_entry

        .code64
long_entry:
        mov     $SEL_KDATA, %ax
        mov     %ax, %ds
        mov     %ax, %es
        mov     %ax, %ss
        mov     %ax, %fs
        mov     %ax, %gs
        mov     $boot_stack_top, %rsp
        call    guest_main
        /* not reached: guest_main exits through the debug-exit port */
2:      hlt
        jmp     2b

/*
 * Trap stubs: each pushes a zero error code where the CPU pushes none,
 * then the vector number, and joins trap_entry, which passes the frame
 * (struct frame in guest.h) to trap() and returns with iretq.
 */
        .macro  trapstub n, err
trap\n:
        .if \err == 0
        push    $0
        .endif
        push    $\n
        jmp     trap_entry
        .endm

        trapstub 0, 0
        trapstub 1, 0
        trapstub 2, 0
        trapstub 3, 0
        trapstub 4, 0
        trapstub 5, 0

        /* #UD at user_return is ring 3's way back: see run_user */
trap6:
        cmpq    $user_return, (%rsp)
        je      user_exit
        push    $0
        push    $6
        jmp     trap_entry
        trapstub 7, 0
        trapstub 8, 1
        trapstub 9, 0
        trapstub 10, 1
        trapstub 11, 1
        trapstub 12, 1
        trapstub 13, 1
        trapstub 14, 1
        trapstub 15, 0
        trapstub 16, 0
        trapstub 17, 1
        trapstub 18, 0
        trapstub 19, 0
        trapstub 20, 0
        trapstub 21, 1

trap_entry:
        push    %rax
        push    %rbx
        push    %rcx
        push    %rdx
        push    %rsi
        push    %rdi
        push    %rbp
        push    %r8
        push    %r9
        push    %r10
        push    %r11
        push    %r12
        push    %r13
        push    %r14
        push    %r15
        mov     %rsp, %rdi
        call    trap
        pop     %r15
        pop     %r14
        pop     %r13
        pop     %r12
        pop     %r11
        pop     %r10
        pop     %r9
        pop     %r8
        pop     %rbp
        pop     %rdi
        pop     %rsi
        pop     %rdx
        pop     %rcx
        pop     %rbx
        pop     %rax
        add     $16, %rsp
        iretq

        .section .rodata
        .globl trap_stubs
trap_stubs:
        .irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21
        .quad trap\n
        .endr
        .text

/*
 * uint64_t run_user(uint64_t (*fn)(uint64_t), uint64_t arg): call fn(arg)
 * in ring 3 on the user stack and return its result.  Ring 3 comes back
 * with ud2 at user_return, which trap6 sends to user_exit.  (int $0x80
 * would be the usual way; under this machine's nested KVM it raised #UD.)
 */
        .globl run_user
run_user:
        push    %rbx
        push    %rbp
        push    %r12
        push    %r13
        push    %r14
        push    %r15
        mov     %rsp, kernel_rsp
        mov     %rdi, %rax
        mov     %rsi, %rdi
        push    $0x1b                           /* user data, RPL 3 */
        push    $user_stack_top
        push    $0x2                            /* RFLAGS: IF clear */
        push    $0x23                           /* user code, RPL 3 */
        push    $user_start
        iretq

user_start:
        call    *%rax
user_return:
        ud2

user_exit:
        /* from ring 3 through the #UD at user_return: to run_user's caller */
        mov     kernel_rsp, %rsp
        mov     $SEL_KDATA, %bx
        mov     %bx, %ds
        mov     %bx, %es
        pop     %r15
        pop     %r14
        pop     %r13
        pop     %r12
        pop     %rbp
        pop     %rbx
        ret

/*
 * The probes: one access each, at a labelled instruction, so that the
 * #PF handler knows where to resume (probe_fixup() in guest.c).
 */
        .globl probe_load, probe_load_insn, probe_load_done
probe_load:
        xor     %eax, %eax
probe_load_insn:
        movb    (%rdi), %al
probe_load_done:
        ret

        .globl probe_store, probe_store_insn, probe_store_done
probe_store:
        mov     $0x5a, %eax
probe_store_insn:
        movb    %al, (%rdi)
probe_store_done:
        ret

        /* call the code at rdi; a fetch fault returns here with rax 0 */
        .globl probe_fetch
probe_fetch:
        xor     %eax, %eax
        call    *%rdi
        ret

        .data
        .globl mb_info
mb_info:
        .long   0
        .align 16
        .globl gdt
gdt:
        .quad   0
        .quad   0x00af9a000000ffff              /* 0x08 kernel code, 64-bit */
        .quad   0x00cf92000000ffff              /* 0x10 kernel data */
        .quad   0x00cff2000000ffff              /* 0x18 user data */
        .quad   0x00affa000000ffff              /* 0x20 user code, 64-bit */
        .quad   0, 0                            /* 0x28 TSS, set by C */
gdt_end:
gdt_desc:
        .word   gdt_end - gdt - 1
        .quad   gdt

        .bss
        .align 4096
        .globl pml4, pdpt_ident, pd_ident
pml4:   .space 4096
pdpt_ident:
        .space 4096
pd_ident:
        .space 4096
        .align 16
kernel_rsp:
        .space 8
        .space 16384
boot_stack_top:
        .space 16384
        .globl user_stack_top
user_stack_top:
        .space 16384
        .globl trap_stack_top
trap_stack_top:
