/*
 * An LD_PRELOAD shim, test code only, that plays the kernel's side of
 * the series' KVM XO interface (target/i386/kvm/xo-abi.h) on a kernel
 * that has none, so that QEMU's userspace half of XO
 * (target/i386/kvm/xo-kvm.c) runs against a real /dev/kvm.  It does
 * what a kernel with XO would do at the ioctl interface, and no more:
 *
 * - KVM_GET_SUPPORTED_CPUID also reports leaf KVM_CPUID_XO with
 *   KVM_CPUID_XO_PRESENT in EAX;
 * - KVM_SET_USER_MEMORY_REGION(2) accepts KVM_MEM_XO_EXECONLY: the
 *   flag is cleared before the real call, and the log says the slot
 *   carried it.
 *
 * The execute-only permission itself is the kernel's part and stays
 * untested: through an alias slot the guest can read and write.
 *
 * Environment:
 *   XO_SHIM_LOG=FILE      append a line per memory-region call to FILE:
 *                         "slot=N gpa=0x.. size=0x.. hva=0x.. flags=0x..
 *                         xo=0|1 ret=R"
 *   XO_SHIM_MEMSLOTS=N    KVM_CHECK_EXTENSION(KVM_CAP_NR_MEMSLOTS) says
 *                         N, for the test of the halved slot budget
 *                         (no kernel offers few enough slots to reach it)
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/kvm.h>
#include "xo-abi.h"

typedef int ioctl_fn(int fd, unsigned long request, ...);

static ioctl_fn *real_ioctl;

static int call(int fd, unsigned long request, void *arg)
{
    if (!real_ioctl) {
        real_ioctl = (ioctl_fn *)dlsym(RTLD_NEXT, "ioctl");
    }
    return real_ioctl(fd, request, arg);
}

static void log_region(uint32_t slot, uint64_t gpa, uint64_t size,
                       uint64_t hva, uint32_t flags, int ret)
{
    const char *path = getenv("XO_SHIM_LOG");
    int saved = errno;      /* the caller's, from the real call */
    FILE *f = path ? fopen(path, "a") : NULL;

    if (!f) {
        errno = saved;
        return;
    }
    fprintf(f, "slot=%u gpa=0x%llx size=0x%llx hva=0x%llx flags=0x%x "
            "xo=%d ret=%d\n", slot, (unsigned long long)gpa,
            (unsigned long long)size, (unsigned long long)hva,
            flags & ~KVM_MEM_XO_EXECONLY, !!(flags & KVM_MEM_XO_EXECONLY),
            ret);
    fclose(f);
    errno = saved;
}

/* KVM_GET_SUPPORTED_CPUID: the real table and leaf KVM_CPUID_XO */
static int supported_cpuid(int fd, unsigned long request,
                           struct kvm_cpuid2 *c)
{
    uint32_t room = c->nent, i;
    int ret = call(fd, request, c);

    if (ret < 0) {
        return ret;
    }
    for (i = 0; i < c->nent; i++) {
        if (c->entries[i].function == KVM_CPUID_XO) {
            c->entries[i].eax |= KVM_CPUID_XO_PRESENT;
            return ret;
        }
    }
    if (c->nent >= room) {
        /* as the kernel does when the table does not fit */
        errno = E2BIG;
        return -1;
    }
    memset(&c->entries[c->nent], 0, sizeof(c->entries[0]));
    c->entries[c->nent].function = KVM_CPUID_XO;
    c->entries[c->nent].eax = KVM_CPUID_XO_PRESENT;
    c->nent++;
    return ret;
}

int ioctl(int fd, unsigned long request, ...)
{
    va_list ap;
    void *arg;
    int ret;

    va_start(ap, request);
    arg = va_arg(ap, void *);
    va_end(ap);

    switch (request) {
    case KVM_GET_SUPPORTED_CPUID:
        return supported_cpuid(fd, request, arg);
    case KVM_SET_USER_MEMORY_REGION:
    case KVM_SET_USER_MEMORY_REGION2: {
        /* the second begins with the first's fields, in the same places */
        struct kvm_userspace_memory_region2 m = { 0 };
        uint32_t flags;

        memcpy(&m, arg, request == KVM_SET_USER_MEMORY_REGION2 ? sizeof(m) :
               sizeof(struct kvm_userspace_memory_region));
        flags = m.flags;
        m.flags &= ~KVM_MEM_XO_EXECONLY;
        ret = call(fd, request, &m);
        log_region(m.slot, m.guest_phys_addr, m.memory_size,
                   m.userspace_addr, flags, ret < 0 ? -errno : ret);
        return ret;
    }
    case KVM_CHECK_EXTENSION:
        if ((long)arg == KVM_CAP_NR_MEMSLOTS && getenv("XO_SHIM_MEMSLOTS")) {
            return atoi(getenv("XO_SHIM_MEMSLOTS"));
        }
        break;
    }
    return call(fd, request, arg);
}
