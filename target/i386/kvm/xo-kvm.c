/*
 * x86 execute-only guest memory (XO) with KVM
 *
 * KVM carries XO as memslots: every RAM slot at guest address g has an
 * alias slot at g | (1 << M) with KVM_MEM_XO_EXECONLY, over the same host
 * memory.  The aliases take the upper half of KVM's slot ids, so QEMU's
 * own slots are limited to the lower half; an alias is written, changed
 * and deleted with its slot (KVMState.memslot_mirror, called by
 * kvm_set_user_memory_region()).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qemu/error-report.h"
#include "qemu/bitops.h"
#include "cpu.h"
#include "system/kvm_int.h"
#include "kvm_i386.h"
#include "xo.h"
#include "xo-kvm.h"
#include "trace.h"

static uint64_t xo_mask;
static int xo_slot_base;
static unsigned long *xo_aliased;      /* slot ids that have an alias */

bool kvm_xo_supported(void)
{
    return kvm_arch_get_supported_cpuid(kvm_state, XO_CPUID_LEAF, 0, R_EAX) &
           XO_CPUID_EAX_PRESENT;
}

static int xo_set_region(struct kvm_userspace_memory_region2 *mem, bool v2)
{
    int ret = kvm_vm_ioctl(kvm_state, v2 ? KVM_SET_USER_MEMORY_REGION2 :
                           KVM_SET_USER_MEMORY_REGION, mem);

    trace_kvm_xo_alias(mem->slot, mem->guest_phys_addr, mem->memory_size,
                       mem->flags, ret);
    if (ret < 0) {
        error_report("xo: KVM refused the execute-only alias slot %u at 0x%"
                     PRIx64 " (0x%" PRIx64 " bytes): %s", mem->slot,
                     (uint64_t)mem->guest_phys_addr,
                     (uint64_t)mem->memory_size, strerror(-ret));
    }
    return ret;
}

/*
 * Keep the alias of the slot that mem has just written in step.  No
 * slot reaches the XO bit: memory the guest puts there (a BAR it moves)
 * is beyond its MAXPHYADDR and KVM never sees it (memslot_end).
 * guest_memfd memory has no alias: KVM binds it to one slot only.  KVM
 * cannot change a slot's READONLY flag in place: such a change deletes
 * the alias and adds it again.
 */
static int xo_mirror(KVMMemoryListener *kml, KVMSlot *slot,
                     const struct kvm_userspace_memory_region2 *mem,
                     uint32_t old_flags, bool v2)
{
    struct kvm_userspace_memory_region2 alias = *mem;
    bool had = test_bit(slot->slot, xo_aliased);
    bool want = mem->memory_size && !(mem->flags & KVM_MEM_GUEST_MEMFD);
    int ret;

    if (kml->as_id != 0) {
        /* only guest memory gets aliases, not the SMM address space */
        return 0;
    }
    alias.slot = (slot->slot + xo_slot_base) | (kml->as_id << 16);
    alias.guest_phys_addr = mem->guest_phys_addr | xo_mask;
    /* nothing is written through an alias: it needs no dirty log */
    alias.flags = (mem->flags & ~KVM_MEM_LOG_DIRTY_PAGES) |
                  KVM_MEM_XO_EXECONLY;
    if (had && (!want || ((mem->flags ^ old_flags) & KVM_MEM_READONLY))) {
        alias.memory_size = 0;
        ret = xo_set_region(&alias, v2);
        if (ret < 0) {
            return ret;
        }
        clear_bit(slot->slot, xo_aliased);
        had = false;
    }
    if (want && !had) {
        alias.memory_size = mem->memory_size;
        ret = xo_set_region(&alias, v2);
        if (ret < 0) {
            return ret;
        }
        set_bit(slot->slot, xo_aliased);
    }
    return 0;
}

bool kvm_xo_enable(uint64_t mask, Error **errp)
{
    KVMState *s = kvm_state;
    unsigned used;
    int i;

    if (xo_mask) {
        if (mask != xo_mask) {
            error_setg(errp, "xo: every CPU must have the same phys-bits "
                       "(its XO bit is 0x%" PRIx64 ", the first CPU's is 0x%"
                       PRIx64 ")", mask, xo_mask);
            return false;
        }
        return true;
    }
    used = s->nr_slots_max - kvm_get_free_memslots();
    if (used) {
        /* their aliases would be missing */
        error_setg(errp, "xo: %u KVM memory slots were set up before the "
                   "CPU; XO must be enabled before any", used);
        return false;
    }
    /* each slot QEMU may use needs room for its alias */
    xo_slot_base = s->nr_slots_max / 2;
    if (!xo_slots_fit(xo_slot_base, s->nr_slots_max, errp)) {
        return false;
    }
    s->nr_slots_max = xo_slot_base;
    /*
     * The listeners may have made more slot ids than QEMU may now use;
     * none is in use yet, and ids from xo_slot_base on are the aliases'
     */
    for (i = 0; i < s->nr_as; i++) {
        KVMMemoryListener *kml = s->as[i].ml;

        if (kml && kml->nr_slots_allocated > xo_slot_base) {
            kml->nr_slots_allocated = xo_slot_base;
        }
    }
    xo_aliased = bitmap_new(xo_slot_base);
    xo_mask = mask;
    s->memslot_end = mask;
    s->memslot_mirror = xo_mirror;
    return true;
}

int kvm_xo_add_cpuid(X86CPU *cpu, struct kvm_cpuid2 *cpuid, int n, int max)
{
    struct kvm_cpuid_entry2 *c, *hv = NULL;
    uint32_t sig[3];
    int i;

    if (!x86_cpu_has_xo(&cpu->env)) {
        return n;
    }
    for (i = 0; i < n; i++) {
        if (cpuid->entries[i].function == 0x40000000) {
            hv = &cpuid->entries[i];
        }
    }
    memcpy(sig, "KVMKVMKVM\0\0\0", sizeof(sig));
    if (hv && (hv->ebx != sig[0] || hv->ecx != sig[1] || hv->edx != sig[2])) {
        error_report("xo: the hypervisor CPUID leaves belong to another "
                     "interface (Hyper-V or Xen), and leaf 0x%x is in "
                     "their range; xo needs KVM's", XO_CPUID_LEAF);
        return -EINVAL;
    }
    if (n + (hv ? 1 : 2) > max) {
        error_report("xo: the vCPU's CPUID table is full");
        return -ENOSPC;
    }
    if (!hv) {
        /* kvm=off: a bare leaf 0x40000000 that covers XO's */
        hv = &cpuid->entries[n++];
        memset(hv, 0, sizeof(*hv));
        hv->function = 0x40000000;
    }
    hv->eax = MAX(hv->eax, XO_CPUID_LEAF);

    c = &cpuid->entries[n++];
    memset(c, 0, sizeof(*c));
    c->function = XO_CPUID_LEAF;
    c->eax = cpu->env.features[FEAT_4000_0030_EAX];
    return n;
}
