/*
 * QTest: the SEV paths that must answer without SEV hardware
 *
 * The QMP commands give an error that says what is missing, not a crash;
 * query-sev and "info sev" report the host's capacity; the sev-guest
 * object checks its properties when they are set.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "libqtest.h"
#include "qobject/qdict.h"

static QTestState *start(void)
{
    return qtest_init("-machine q35");
}

/* the command fails with a GenericError whose text has needle */
static void G_GNUC_PRINTF(3, 4)
check_error(QTestState *qts, const char *needle, const char *fmt, ...)
{
    va_list ap;
    QDict *rsp, *err;

    va_start(ap, fmt);
    rsp = qtest_vqmp(qts, fmt, ap);
    va_end(ap);
    err = qdict_get_qdict(rsp, "error");

    g_assert_nonnull(err);
    g_assert_cmpstr(qdict_get_str(err, "class"), ==, "GenericError");
    g_assert_nonnull(strstr(qdict_get_str(err, "desc"), needle));
    qobject_unref(rsp);
}

static void test_query_sev(void)
{
    QTestState *qts = start();
    QDict *rsp = qtest_qmp_assert_success_ref(qts,
                                              "{'execute': 'query-sev'}");
    const char *source;

    g_assert_false(qdict_get_bool(rsp, "enabled"));
    g_assert_true(qdict_haskey(rsp, "sev-guests"));
    g_assert_true(qdict_haskey(rsp, "sev-es-guests"));
    source = qdict_get_str(rsp, "guests-source");
    g_assert_true(!strcmp(source, "cpuid") || !strcmp(source, "misc-cgroup"));
    qobject_unref(rsp);
    qtest_quit(qts);
}

static void test_info_sev(void)
{
    QTestState *qts = start();
    g_autofree char *out = qtest_hmp(qts, "info sev");

    g_assert_nonnull(strstr(out, "host capacity: "));
    g_assert_nonnull(strstr(out, "SEV-ES/SEV-SNP guests (from "));
    g_assert_nonnull(strstr(out, "SEV is not enabled"));
    qtest_quit(qts);
}

static void test_no_hardware(void)
{
    QTestState *qts = start();

    check_error(qts, "KVM not enabled",
                "{'execute': 'query-sev-capabilities'}");
    check_error(qts, "SEV launch measurement is not available",
                "{'execute': 'query-sev-launch-measure'}");
    check_error(qts, "SEV is not enabled",
                "{'execute': 'query-sev-attestation-report', "
                "'arguments': {'mnonce': 'AAAAAAAAAAAAAAAAAAAAAA=='}}");
    check_error(qts, "SEV not enabled for guest",
                "{'execute': 'sev-inject-launch-secret', "
                "'arguments': {'packet-header': 'AAAA', 'secret': 'AAAA'}}");
    qtest_quit(qts);
}

static void test_properties(void)
{
    QTestState *qts = start();
    QDict *rsp;

    check_error(qts, "cbitpos=64 is not a C-bit position",
                "{'execute': 'object-add', 'arguments': "
                "{'qom-type': 'sev-guest', 'id': 's1', 'cbitpos': 64}}");
    check_error(qts, "between 32 and 63",
                "{'execute': 'object-add', 'arguments': "
                "{'qom-type': 'sev-guest', 'id': 's1', 'cbitpos': 5}}");
    check_error(qts, "reduced-phys-bits=0 is out of range",
                "{'execute': 'object-add', 'arguments': "
                "{'qom-type': 'sev-guest', 'id': 's1', "
                "'reduced-phys-bits': 0}}");
    check_error(qts, "reduced-phys-bits=64 is out of range",
                "{'execute': 'object-add', 'arguments': "
                "{'qom-type': 'sev-snp-guest', 'id': 's1', "
                "'reduced-phys-bits': 64}}");

    /* the refused ones left nothing behind; a good one is made */
    qtest_qmp_assert_success(qts, "{'execute': 'object-add', 'arguments': "
                             "{'qom-type': 'sev-guest', 'id': 's1', "
                             "'cbitpos': 47}}");
    rsp = qtest_qmp(qts, "{'execute': 'qom-get', 'arguments': "
                    "{'path': '/objects/s1', 'property': 'reduced-phys-bits'}}");
    g_assert_cmpint(qdict_get_int(rsp, "return"), ==, 1);
    qobject_unref(rsp);
    rsp = qtest_qmp(qts, "{'execute': 'qom-get', 'arguments': "
                    "{'path': '/objects/s1', 'property': 'cbitpos'}}");
    g_assert_cmpint(qdict_get_int(rsp, "return"), ==, 47);
    qobject_unref(rsp);

    /* left out, cbitpos is 0: "the host's", filled in at start-up */
    qtest_qmp_assert_success(qts, "{'execute': 'object-add', 'arguments': "
                             "{'qom-type': 'sev-guest', 'id': 's2'}}");
    rsp = qtest_qmp(qts, "{'execute': 'qom-get', 'arguments': "
                    "{'path': '/objects/s2', 'property': 'cbitpos'}}");
    g_assert_cmpint(qdict_get_int(rsp, "return"), ==, 0);
    qobject_unref(rsp);
    qtest_quit(qts);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    qtest_add_func("/sev/query-sev", test_query_sev);
    qtest_add_func("/sev/info-sev", test_info_sev);
    qtest_add_func("/sev/no-hardware", test_no_hardware);
    qtest_add_func("/sev/properties", test_properties);
    return g_test_run();
}
