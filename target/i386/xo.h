/*
 * x86 execute-only guest memory (XO): the CPU side
 *
 * With the "xo" CPU feature (CPUID 0x40000030 EAX bit 0) the guest sees a
 * MAXPHYADDR one less than the CPU's phys-bits, and bit M, M being that
 * MAXPHYADDR, of a leaf page-table entry maps the frame execute-only.
 * docs/system/i386/xo.rst describes the ABI; xo-layout.h has the address
 * arithmetic, xo.c the checks made when a CPU is realized, and
 * kvm/xo-kvm.c what KVM needs.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef TARGET_I386_XO_H
#define TARGET_I386_XO_H

#include "xo-layout.h"

/* feature_word_info[FEAT_4000_0030_EAX] in cpu.c */
#define XO_FEATURE_WORD_INFO {                                  \
        .type = CPUID_FEATURE_WORD,                             \
        .feat_names = { [0] = "xo" },                           \
        .cpuid = { .eax = XO_CPUID_LEAF, .reg = R_EAX, },       \
        .tcg_features = XO_CPUID_EAX_PRESENT,                   \
        /* it changes MAXPHYADDR: never part of "max" or "host" */ \
        .no_autoenable_flags = XO_CPUID_EAX_PRESENT,            \
    }

static inline bool x86_cpu_has_xo(const CPUX86State *env)
{
    return env->features[FEAT_4000_0030_EAX] & XO_CPUID_EAX_PRESENT;
}

/* The MAXPHYADDR the guest sees in CPUID 0x80000008 EAX[7:0] */
static inline uint32_t x86_xo_maxphyaddr(X86CPU *cpu)
{
    return cpu->phys_bits - (x86_cpu_has_xo(&cpu->env) ? 1 : 0);
}

/* The XO bit of a page-table entry, 0 without XO */
static inline uint64_t x86_xo_mask(CPUX86State *env)
{
    if (!x86_cpu_has_xo(env)) {
        return 0;
    }
    return (uint64_t)1 << (env_archcpu(env)->phys_bits - 1);
}

/* The highest hypervisor leaf: at least XO's when XO is on */
static inline uint32_t x86_xo_hv_limit(const CPUX86State *env,
                                       uint32_t limit)
{
    return x86_cpu_has_xo(env) ? MAX(limit, XO_CPUID_LEAF) : limit;
}

/*
 * Check, once phys-bits is settled, that XO can work for this CPU with
 * this accelerator and machine, and prepare the accelerator for it.
 */
bool x86_cpu_xo_realize(X86CPU *cpu, Error **errp);

#endif
