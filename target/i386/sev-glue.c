/*
 * AMD SEV: ASID capacity and the errors users meet when ASIDs run out
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qemu/cutils.h"
#include "sev-glue.h"

const char *const sev_asid_misc_key[SEV_ASID__MAX] = {
    [SEV_ASID_SEV] = "sev",
    [SEV_ASID_SEV_ES] = "sev_es",
};

const char *const sev_asid_kind_name[SEV_ASID__MAX] = {
    [SEV_ASID_SEV] = "SEV",
    [SEV_ASID_SEV_ES] = "SEV-ES/SEV-SNP",
};

void sev_asid_from_cpuid(uint32_t eax, uint32_t ecx, uint32_t edx,
                         SevAsidState *s)
{
    if (!(eax & SEV_CPUID_EAX_SEV)) {
        ecx = edx = 0;
    }
    /* ASIDs 1 .. edx-1 are SEV-ES ones, edx .. ecx plain SEV ones */
    uint64_t min_sev = edx ? MIN((uint64_t)edx, (uint64_t)ecx + 1) : 1;

    s->source = SEV_ASID_FROM_CPUID;
    s->capacity[SEV_ASID_SEV_ES] = min_sev - 1;
    s->capacity[SEV_ASID_SEV] = (uint64_t)ecx + 1 - min_sev;
    s->have_current = s->have_max = false;
}

bool sev_misc_value(const char *text, const char *key, uint64_t *value)
{
    size_t len = strlen(key);
    const char *p = text;

    while (p && *p) {
        const char *end = strchrnul(p, '\n');

        if (!strncmp(p, key, len) && p[len] == ' ') {
            g_autofree char *word = g_strndup(p + len + 1,
                                              end - (p + len + 1));

            g_strstrip(word);
            if (!strcmp(word, "max")) {
                *value = SEV_MISC_UNLIMITED;
                return true;
            }
            /* qemu_strtou64() would take "-1" */
            return g_ascii_isdigit(word[0]) &&
                   qemu_strtou64(word, NULL, 10, value) == 0;
        }
        p = *end ? end + 1 : NULL;
    }
    return false;
}

/* all the kinds' values of one file, or false */
static bool misc_values(const char *text, uint64_t *v)
{
    int k;

    for (k = 0; k < SEV_ASID__MAX; k++) {
        if (!text || !sev_misc_value(text, sev_asid_misc_key[k], &v[k])) {
            return false;
        }
    }
    return true;
}

bool sev_asid_from_misc(const char *capacity, const char *current,
                        const char *max, SevAsidState *s)
{
    uint64_t cap[SEV_ASID__MAX];

    if (!misc_values(capacity, cap)) {
        return false;
    }
    s->source = SEV_ASID_FROM_MISC_CGROUP;
    memcpy(s->capacity, cap, sizeof(cap));
    s->have_current = misc_values(current, s->current);
    s->have_max = misc_values(max, s->max);
    return true;
}

static const char *source_name(const SevAsidState *s)
{
    switch (s->source) {
    case SEV_ASID_FROM_MISC_CGROUP:
        return "misc cgroup capacity";
    case SEV_ASID_FROM_CPUID:
        return "CPUID 0x8000001F";
    default:
        return "unknown";
    }
}

/* "the host runs at most N SEV guests at once (...), M run now, ..." */
static void describe_use(GString *t, SevAsidKind k, const SevAsidState *s)
{
    if (s->source == SEV_ASID_FROM_NONE) {
        g_string_append(t, "the host's ASID capacity is unknown");
        return;
    }
    g_string_append_printf(t, "the host runs at most %" PRIu64 " %s "
                           "guests at once (%s)", s->capacity[k],
                           sev_asid_kind_name[k], source_name(s));
    if (s->have_current) {
        g_string_append_printf(t, ", %" PRIu64 " run now", s->current[k]);
    }
    if (s->have_max && s->max[k] != SEV_MISC_UNLIMITED) {
        g_string_append_printf(t, ", and QEMU's cgroup may use %" PRIu64,
                               s->max[k]);
    }
}

typedef struct SevInitError {
    int err;
    const char *what;       /* %s: the kind of guest */
    const char *advice;     /* %s: the misc key */
} SevInitError;

static const SevInitError sev_init_errors[] = {
    { EBUSY, "no free ASID for another %s guest",
      "Stop another such guest, or raise the \"%s\" limit in misc.max of "
      "QEMU's cgroup.  The counts are in /sys/fs/cgroup/misc.capacity, "
      "misc.current and misc.max." },
    { ENOTTY, "this host has no ASIDs for %s guests",
      "The BIOS divides the ASIDs between SEV and SEV-ES guests (the SEV-ES "
      "ASID space limit); the kvm_amd module can also turn them off "
      "(/sys/module/kvm_amd/parameters/sev, sev_es, sev_snp).  misc.capacity "
      "in /sys/fs/cgroup lists \"%s\" when the host has any." },
};

char *sev_init_error_text(int err, SevAsidKind kind, const SevAsidState *s)
{
    GString *t;
    size_t i;

    for (i = 0; i < ARRAY_SIZE(sev_init_errors); i++) {
        const SevInitError *e = &sev_init_errors[i];

        if (e->err != err) {
            continue;
        }
        t = g_string_new("");
        g_string_append_printf(t, e->what, sev_asid_kind_name[kind]);
        g_string_append(t, ": ");
        describe_use(t, kind, s);
        g_string_append(t, ".  ");
        g_string_append_printf(t, e->advice, sev_asid_misc_key[kind]);
        return g_string_free(t, false);
    }
    return NULL;
}

bool sev_check_cbitpos(uint32_t cbitpos, Error **errp)
{
    /* CPUID 0x8000001F EBX[5:0]; 0 means "the host's" */
    if (cbitpos > 63 || (cbitpos && cbitpos < 32)) {
        error_setg(errp, "cbitpos=%u is not a C-bit position: it must be "
                   "between 32 and 63, or 0 (or left out) for the host's",
                   cbitpos);
        return false;
    }
    return true;
}

bool sev_check_reduced_phys_bits(uint32_t bits, Error **errp)
{
    /* CPUID 0x8000001F EBX[11:6] */
    if (bits < 1 || bits > 63) {
        error_setg(errp, "reduced-phys-bits=%u is out of range: it must be "
                   "between 1 and 63 (1 on every SEV host so far)", bits);
        return false;
    }
    return true;
}
