/*
 * Unit tests for the SEV ASID capacity, misc-cgroup parsing, the advice
 * given when a guest cannot start, and the sev-guest property checks
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "sev-glue.h"

static void test_cpuid(void)
{
    SevAsidState s = { 0 };

    /* 509 ASIDs, SEV from 100: 99 SEV-ES, 410 SEV */
    sev_asid_from_cpuid(SEV_CPUID_EAX_SEV, 509, 100, &s);
    g_assert_cmpint(s.source, ==, SEV_ASID_FROM_CPUID);
    g_assert_cmpuint(s.capacity[SEV_ASID_SEV_ES], ==, 99);
    g_assert_cmpuint(s.capacity[SEV_ASID_SEV], ==, 410);
    g_assert_false(s.have_current);

    /* no SEV-ES split (EDX 0 or 1): every ASID is for SEV */
    sev_asid_from_cpuid(SEV_CPUID_EAX_SEV, 15, 0, &s);
    g_assert_cmpuint(s.capacity[SEV_ASID_SEV_ES], ==, 0);
    g_assert_cmpuint(s.capacity[SEV_ASID_SEV], ==, 15);
    sev_asid_from_cpuid(SEV_CPUID_EAX_SEV, 15, 1, &s);
    g_assert_cmpuint(s.capacity[SEV_ASID_SEV_ES], ==, 0);
    g_assert_cmpuint(s.capacity[SEV_ASID_SEV], ==, 15);

    /* every ASID for SEV-ES */
    sev_asid_from_cpuid(SEV_CPUID_EAX_SEV, 15, 16, &s);
    g_assert_cmpuint(s.capacity[SEV_ASID_SEV_ES], ==, 15);
    g_assert_cmpuint(s.capacity[SEV_ASID_SEV], ==, 0);

    /* a leaf without the SEV bit counts nothing */
    sev_asid_from_cpuid(0, 509, 100, &s);
    g_assert_cmpuint(s.capacity[SEV_ASID_SEV_ES], ==, 0);
    g_assert_cmpuint(s.capacity[SEV_ASID_SEV], ==, 0);

    /* no SEV at all (this machine), and nonsense that must not wrap */
    sev_asid_from_cpuid(SEV_CPUID_EAX_SEV, 0, 0, &s);
    g_assert_cmpuint(s.capacity[SEV_ASID_SEV_ES], ==, 0);
    g_assert_cmpuint(s.capacity[SEV_ASID_SEV], ==, 0);
    sev_asid_from_cpuid(SEV_CPUID_EAX_SEV, 10, 4000, &s);
    g_assert_cmpuint(s.capacity[SEV_ASID_SEV_ES], ==, 10);
    g_assert_cmpuint(s.capacity[SEV_ASID_SEV], ==, 0);
    sev_asid_from_cpuid(SEV_CPUID_EAX_SEV, UINT32_MAX, 0, &s);
    g_assert_cmpuint(s.capacity[SEV_ASID_SEV], ==, UINT32_MAX);
}

static void test_misc_value(void)
{
    const char *text = "sev 410\nsev_es 99\ntdx 12\n";
    uint64_t v;

    g_assert_true(sev_misc_value(text, "sev", &v));
    g_assert_cmpuint(v, ==, 410);
    g_assert_true(sev_misc_value(text, "sev_es", &v));
    g_assert_cmpuint(v, ==, 99);
    g_assert_true(sev_misc_value("sev max\n", "sev", &v));
    g_assert_cmpuint(v, ==, SEV_MISC_UNLIMITED);
    /* no final newline */
    g_assert_true(sev_misc_value("sev_es 7", "sev_es", &v));
    g_assert_cmpuint(v, ==, 7);
    /* "sev" is not a prefix match of "sev_es" */
    g_assert_false(sev_misc_value("sev_es 7\n", "sev", &v));
    g_assert_false(sev_misc_value("", "sev", &v));
    g_assert_false(sev_misc_value("sev lots\n", "sev", &v));
    g_assert_false(sev_misc_value("sev -1\n", "sev", &v));
    g_assert_false(sev_misc_value("sev\n", "sev", &v));
}

static void test_misc(void)
{
    SevAsidState s = { 0 };

    g_assert_true(sev_asid_from_misc("sev 410\nsev_es 99\n",
                                     "sev 3\nsev_es 99\n",
                                     "sev max\nsev_es 10\n", &s));
    g_assert_cmpint(s.source, ==, SEV_ASID_FROM_MISC_CGROUP);
    g_assert_cmpuint(s.capacity[SEV_ASID_SEV], ==, 410);
    g_assert_cmpuint(s.capacity[SEV_ASID_SEV_ES], ==, 99);
    g_assert_true(s.have_current);
    g_assert_cmpuint(s.current[SEV_ASID_SEV], ==, 3);
    g_assert_true(s.have_max);
    g_assert_cmpuint(s.max[SEV_ASID_SEV], ==, SEV_MISC_UNLIMITED);
    g_assert_cmpuint(s.max[SEV_ASID_SEV_ES], ==, 10);

    /* a host whose misc controller has no SEV resources: CPUID's turn */
    memset(&s, 0, sizeof(s));
    g_assert_false(sev_asid_from_misc("tdx 12\n", NULL, NULL, &s));
    g_assert_false(sev_asid_from_misc(NULL, NULL, NULL, &s));
    g_assert_false(sev_asid_from_misc("sev 4\n", NULL, NULL, &s));
    g_assert_cmpint(s.source, ==, SEV_ASID_FROM_NONE);

    /* the capacity alone */
    g_assert_true(sev_asid_from_misc("sev 4\nsev_es 0\n", NULL, "", &s));
    g_assert_false(s.have_current);
    g_assert_false(s.have_max);
}

static void test_errors(void)
{
    SevAsidState s = { 0 };
    g_autofree char *busy = NULL, *busy_cpuid = NULL, *none = NULL;

    sev_asid_from_misc("sev 410\nsev_es 99\n", "sev 2\nsev_es 99\n",
                       "sev max\nsev_es 10\n", &s);
    busy = sev_init_error_text(EBUSY, SEV_ASID_SEV_ES, &s);
    g_assert_nonnull(busy);
    g_assert_nonnull(strstr(busy, "no free ASID for another "
                            "SEV-ES/SEV-SNP guest"));
    g_assert_nonnull(strstr(busy, "at most 99 SEV-ES/SEV-SNP guests at "
                            "once (misc cgroup capacity), 99 run now, and "
                            "QEMU's cgroup may use 10"));
    g_assert_nonnull(strstr(busy, "\"sev_es\" limit in misc.max"));
    g_assert_nonnull(strstr(busy, "misc.capacity, misc.current"));

    memset(&s, 0, sizeof(s));
    sev_asid_from_cpuid(SEV_CPUID_EAX_SEV, 509, 100, &s);
    busy_cpuid = sev_init_error_text(EBUSY, SEV_ASID_SEV, &s);
    g_assert_nonnull(strstr(busy_cpuid, "at most 410 SEV guests at once "
                            "(CPUID 0x8000001F)."));
    g_assert_null(strstr(busy_cpuid, "run now"));

    sev_asid_from_cpuid(SEV_CPUID_EAX_SEV, 509, 0, &s);
    none = sev_init_error_text(ENOTTY, SEV_ASID_SEV_ES, &s);
    g_assert_nonnull(strstr(none, "this host has no ASIDs for "
                            "SEV-ES/SEV-SNP guests"));
    g_assert_nonnull(strstr(none, "at most 0 SEV-ES/SEV-SNP guests"));
    g_assert_nonnull(strstr(none, "SEV-ES ASID space limit"));
    g_assert_nonnull(strstr(none, "kvm_amd/parameters"));

    /* other errors have no advice of their own */
    g_assert_null(sev_init_error_text(EPERM, SEV_ASID_SEV, &s));
    g_assert_null(sev_init_error_text(0, SEV_ASID_SEV, &s));
}

static void test_properties(void)
{
    Error *err = NULL;

    g_assert_true(sev_check_cbitpos(0, &error_abort));
    g_assert_true(sev_check_cbitpos(47, &error_abort));
    g_assert_true(sev_check_cbitpos(51, &error_abort));
    g_assert_false(sev_check_cbitpos(64, &err));
    g_assert_nonnull(strstr(error_get_pretty(err), "cbitpos=64"));
    error_free(err);
    err = NULL;
    g_assert_false(sev_check_cbitpos(12, &err));
    error_free(err);
    err = NULL;

    g_assert_true(sev_check_reduced_phys_bits(1, &error_abort));
    g_assert_true(sev_check_reduced_phys_bits(63, &error_abort));
    g_assert_false(sev_check_reduced_phys_bits(0, &err));
    g_assert_nonnull(strstr(error_get_pretty(err), "between 1 and 63"));
    error_free(err);
    err = NULL;
    g_assert_false(sev_check_reduced_phys_bits(64, &err));
    error_free(err);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/sev-glue/cpuid", test_cpuid);
    g_test_add_func("/sev-glue/misc-value", test_misc_value);
    g_test_add_func("/sev-glue/misc", test_misc);
    g_test_add_func("/sev-glue/errors", test_errors);
    g_test_add_func("/sev-glue/properties", test_properties);
    return g_test_run();
}
