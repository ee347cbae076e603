/*
 * AMD SEV: what the host offers, read from the misc cgroup and CPUID,
 * for QMP, HMP and the errors of a failed guest initialization
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qemu/error-report.h"
#include "qapi/error.h"
#include "cpu.h"
#include "sev-glue.h"
#include "sev-host.h"

#define CGROUP_ROOT     "/sys/fs/cgroup"

static char *read_text(const char *path)
{
    char *text = NULL;

    if (!g_file_get_contents(path, &text, NULL, NULL)) {
        return NULL;
    }
    return text;
}

/* A file of QEMU's own cgroup (cgroup v2), or NULL */
static char *own_cgroup_text(const char *name)
{
    g_autofree char *self = read_text("/proc/self/cgroup");
    g_auto(GStrv) lines = NULL;
    int i;

    if (!self) {
        return NULL;
    }
    lines = g_strsplit(self, "\n", -1);
    for (i = 0; lines[i]; i++) {
        if (g_str_has_prefix(lines[i], "0::/")) {
            g_autofree char *path = g_build_filename(CGROUP_ROOT,
                                                     lines[i] + 3, name,
                                                     NULL);
            return read_text(path);
        }
    }
    return NULL;
}

void sev_asid_host_state(SevAsidState *s)
{
    g_autofree char *capacity = read_text(CGROUP_ROOT "/misc.capacity");
    g_autofree char *current = read_text(CGROUP_ROOT "/misc.current");
    g_autofree char *max = own_cgroup_text("misc.max");
    uint32_t eax, ecx = 0, edx = 0;

    if (sev_asid_from_misc(capacity, current, max, s)) {
        return;
    }
    /* a CPU without the leaf (any Intel one) answers with another's */
    host_cpuid(0x80000000, 0, &eax, NULL, NULL, NULL);
    if (eax >= 0x8000001F) {
        host_cpuid(0x8000001F, 0, &eax, NULL, &ecx, &edx);
    } else {
        eax = 0;
    }
    sev_asid_from_cpuid(eax, ecx, edx, s);
}

/* the members SevCapability and SevInfo share, set from the host */
static void fill_counts(bool *has_sev, uint64_t *sev, bool *has_es,
                        uint64_t *es, bool *has_source,
                        SevAsidSource *source)
{
    SevAsidState s = { 0 };

    sev_asid_host_state(&s);
    *has_sev = *has_es = *has_source = true;
    *sev = s.capacity[SEV_ASID_SEV];
    *es = s.capacity[SEV_ASID_SEV_ES];
    *source = s.source == SEV_ASID_FROM_MISC_CGROUP ?
              SEV_ASID_SOURCE_MISC_CGROUP : SEV_ASID_SOURCE_CPUID;
}

void sev_asid_fill_capability(SevCapability *cap)
{
    fill_counts(&cap->has_sev_guests, &cap->sev_guests,
                &cap->has_sev_es_guests, &cap->sev_es_guests,
                &cap->has_guests_source, &cap->guests_source);
}

void sev_asid_fill_info(SevInfo *info)
{
    fill_counts(&info->has_sev_guests, &info->sev_guests,
                &info->has_sev_es_guests, &info->sev_es_guests,
                &info->has_guests_source, &info->guests_source);
}

int sev_init_failed(int ret, bool es, int fw_error, const char *fw_text,
                    Error **errp)
{
    SevAsidKind kind = es ? SEV_ASID_SEV_ES : SEV_ASID_SEV;
    SevAsidState s = { 0 };
    g_autofree char *text = NULL;
    int err = ret < 0 ? -ret : EIO;

    sev_asid_host_state(&s);
    text = sev_init_error_text(err, kind, &s);
    if (text) {
        /* say it in words, and leave with the errno that says it short */
        error_report("sev: KVM could not start the %s guest: %s",
                     sev_asid_kind_name[kind], text);
        exit(err);
    }
    error_setg(errp, "sev: KVM could not start the %s guest: %s "
               "(firmware error %d: %s)", sev_asid_kind_name[kind],
               strerror(err), fw_error, fw_text);
    return -err;
}
