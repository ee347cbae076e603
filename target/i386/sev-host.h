/*
 * AMD SEV: what the host offers (sev-host.c)
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef TARGET_I386_SEV_HOST_H
#define TARGET_I386_SEV_HOST_H

#include "qapi/qapi-types-misc-target.h"
#include "sev-glue.h"

/* the host's ASIDs: its misc cgroup where it has one, else CPUID */
void sev_asid_host_state(SevAsidState *s);

/* how many guests of each kind the host can run, for QMP */
void sev_asid_fill_capability(SevCapability *cap);
void sev_asid_fill_info(SevInfo *info);

/*
 * KVM_SEV_INIT, KVM_SEV_ES_INIT or KVM_SEV_INIT2 returned ret.  When
 * there is advice for its errno (no free ASID, no ASID range), report it
 * and exit with that errno; else set errp and return ret.
 */
int sev_init_failed(int ret, bool es, int fw_error, const char *fw_text,
                    Error **errp);

#endif
