/*
 * kvm-loop: the least a KVM userspace can be, for bench/: one vCPU, RAM,
 * an ELF guest, and a KVM_RUN loop that answers MMIO reads with a fixed
 * value and SBI debug-console calls by printing, with no device model.
 * It is the floor that QEMU's exit round trips are measured against.
 *
 * Usage: kvm-loop GUEST.elf
 *   RAM: 64 MiB at 0x80000000.  The guest starts at its ELF entry in
 *   S-mode with a0 = 0 (hart id) and a1 = 0 (no device tree).  MMIO
 *   reads of 0x10001000 return the virtio-mmio magic ("virt"), other MMIO
 *   reads 0, writes are dropped.  DBCN write and write_byte print; any
 *   other forwarded SBI call returns SBI_ERR_NOT_SUPPORTED.  A system
 *   event (SRST) ends the loop with status 0.
 *
 *   Output is unbuffered: the SBI specification makes write and
 *   write_byte blocking calls that return once the bytes are written, so
 *   each call costs a write(2) here as it does in QEMU, and the floor
 *   answers the same exits with the same contract.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/kvm.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define RAM_BASE        0x80000000UL
#define RAM_SIZE        (64UL << 20)
#define VIRTIO_MAGIC_AT 0x10001000UL
#define VIRTIO_MAGIC    0x74726976

/* KVM's RISC-V register ids (arch/riscv/include/uapi/asm/kvm.h) */
#define REG_RISCV       0x8000000000000000ULL
#define REG_U64         0x0030000000000000ULL
#define REG_CORE        (0x02ULL << 24)
#define REG_SBI_EXT     (0x08ULL << 24)
#define CORE_PC         0
#define CORE_A0         10
#define CORE_A1         11
#define SBI_EXT_DBCN_ID 9           /* KVM_RISCV_SBI_EXT_DBCN */

#define SBI_EXT_DBCN    0x4442434E
#define SBI_NOT_SUPP    (-2L)

static uint8_t *ram;

static void die(const char *what)
{
    perror(what);
    exit(1);
}

static void set_reg(int vcpu, uint64_t id, uint64_t value)
{
    struct kvm_one_reg reg = { .id = id, .addr = (uintptr_t)&value };

    if (ioctl(vcpu, KVM_SET_ONE_REG, &reg) < 0) {
        die("KVM_SET_ONE_REG");
    }
}

/* load the PT_LOAD segments of an ELF64 file; return its entry */
static uint64_t load_elf(const char *path)
{
    struct stat st;
    Elf64_Ehdr *eh;
    uint8_t *file;
    int fd = open(path, O_RDONLY), i;

    if (fd < 0 || fstat(fd, &st) < 0) {
        die(path);
    }
    file = mmap(NULL, st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (file == MAP_FAILED) {
        die("mmap");
    }
    eh = (Elf64_Ehdr *)file;
    if (st.st_size < (off_t)sizeof(*eh) || memcmp(eh->e_ident, ELFMAG, 4) ||
        eh->e_ident[EI_CLASS] != ELFCLASS64) {
        fprintf(stderr, "%s: not an ELF64 file\n", path);
        exit(1);
    }
    for (i = 0; i < eh->e_phnum; i++) {
        Elf64_Phdr *ph = (Elf64_Phdr *)(file + eh->e_phoff) + i;

        if (ph->p_type != PT_LOAD) {
            continue;
        }
        if (ph->p_paddr < RAM_BASE || ph->p_memsz > RAM_SIZE ||
            ph->p_paddr - RAM_BASE > RAM_SIZE - ph->p_memsz ||
            ph->p_filesz > ph->p_memsz ||
            ph->p_offset + ph->p_filesz > (uint64_t)st.st_size) {
            fprintf(stderr, "%s: a segment lies outside RAM\n", path);
            exit(1);
        }
        memcpy(ram + ph->p_paddr - RAM_BASE, file + ph->p_offset,
               ph->p_filesz);
    }
    close(fd);
    return eh->e_entry;
}

/* the SBI calls KVM forwards: the debug console, and nothing else */
static void sbi(struct kvm_run *run)
{
    unsigned long *a = run->riscv_sbi.args;

    run->riscv_sbi.ret[0] = 0;
    run->riscv_sbi.ret[1] = 0;
    if (run->riscv_sbi.extension_id != SBI_EXT_DBCN) {
        run->riscv_sbi.ret[0] = SBI_NOT_SUPP;
        return;
    }
    switch (run->riscv_sbi.function_id) {
    case 0:     /* write: a0 bytes at a1 (a2: high half) */
        if (a[2] || a[1] < RAM_BASE || a[0] > RAM_SIZE ||
            a[1] - RAM_BASE > RAM_SIZE - a[0]) {
            run->riscv_sbi.ret[0] = -3;  /* SBI_ERR_INVALID_PARAM */
            return;
        }
        fwrite(ram + a[1] - RAM_BASE, 1, a[0], stdout);
        run->riscv_sbi.ret[1] = a[0];
        break;
    case 2:     /* write_byte */
        putchar((int)(a[0] & 0xff));
        break;
    default:
        run->riscv_sbi.ret[0] = SBI_NOT_SUPP;
    }
}

int main(int argc, char **argv)
{
    struct kvm_userspace_memory_region mem;
    struct kvm_run *run;
    uint64_t entry;
    int kvm, vm, vcpu;
    long run_size;

    if (argc != 2) {
        fprintf(stderr, "usage: kvm-loop GUEST.elf\n");
        return 2;
    }
    setvbuf(stdout, NULL, _IONBF, 0);
    kvm = open("/dev/kvm", O_RDWR);
    if (kvm < 0) {
        die("/dev/kvm");
    }
    vm = ioctl(kvm, KVM_CREATE_VM, 0);
    if (vm < 0) {
        die("KVM_CREATE_VM");
    }
    ram = mmap(NULL, RAM_SIZE, PROT_READ | PROT_WRITE,
               MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (ram == MAP_FAILED) {
        die("mmap");
    }
    mem = (struct kvm_userspace_memory_region) {
        .slot = 0, .guest_phys_addr = RAM_BASE, .memory_size = RAM_SIZE,
        .userspace_addr = (uintptr_t)ram,
    };
    if (ioctl(vm, KVM_SET_USER_MEMORY_REGION, &mem) < 0) {
        die("KVM_SET_USER_MEMORY_REGION");
    }
    entry = load_elf(argv[1]);
    vcpu = ioctl(vm, KVM_CREATE_VCPU, 0);
    run_size = ioctl(kvm, KVM_GET_VCPU_MMAP_SIZE, 0);
    if (vcpu < 0 || run_size <= 0) {
        die("KVM_CREATE_VCPU");
    }
    run = mmap(NULL, run_size, PROT_READ | PROT_WRITE, MAP_SHARED, vcpu, 0);
    if (run == MAP_FAILED) {
        die("mmap kvm_run");
    }
    set_reg(vcpu, REG_RISCV | REG_U64 | REG_CORE | CORE_PC, entry);
    set_reg(vcpu, REG_RISCV | REG_U64 | REG_CORE | CORE_A0, 0);
    set_reg(vcpu, REG_RISCV | REG_U64 | REG_CORE | CORE_A1, 0);
    /* KVM forwards DBCN only once userspace turns it on */
    set_reg(vcpu, REG_RISCV | REG_U64 | REG_SBI_EXT | SBI_EXT_DBCN_ID, 1);

    for (;;) {
        if (ioctl(vcpu, KVM_RUN, 0) < 0) {
            if (errno == EINTR || errno == EAGAIN) {
                continue;
            }
            die("KVM_RUN");
        }
        switch (run->exit_reason) {
        case KVM_EXIT_MMIO:
            if (!run->mmio.is_write) {
                uint32_t v = run->mmio.phys_addr == VIRTIO_MAGIC_AT ?
                             VIRTIO_MAGIC : 0;

                memset(run->mmio.data, 0, sizeof(run->mmio.data));
                memcpy(run->mmio.data, &v,
                       run->mmio.len < 4 ? run->mmio.len : 4);
            }
            break;
        case KVM_EXIT_RISCV_SBI:
            sbi(run);
            break;
        case KVM_EXIT_SYSTEM_EVENT:
            fflush(stdout);
            return 0;
        default:
            fprintf(stderr, "kvm-loop: exit reason %u\n", run->exit_reason);
            return 1;
        }
    }
}
