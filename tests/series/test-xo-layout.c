/*
 * Unit tests for the x86 execute-only memory address arithmetic
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "xo-layout.h"

#define GiB (1ULL << 30)

static void test_layout_bits(void)
{
    XoLayout l;

    g_assert_true(xo_layout_init(&l, 48, 48, 4 * GiB, &error_abort));
    g_assert_cmpuint(l.phys_bits, ==, 48);
    g_assert_cmpuint(l.maxphyaddr, ==, 47);
    g_assert_cmphex(l.xo_mask, ==, 0x800000000000ULL);

    /* no host limit (TCG) */
    g_assert_true(xo_layout_init(&l, 40, 0, 8 * GiB, &error_abort));
    g_assert_cmpuint(l.maxphyaddr, ==, 39);
}

static void test_alias(void)
{
    XoLayout l;

    g_assert_true(xo_layout_init(&l, 40, 48, GiB, &error_abort));
    g_assert_cmphex(xo_alias(&l, 0), ==, 0x8000000000ULL);
    g_assert_cmphex(xo_alias(&l, 0x12345000), ==, 0x8012345000ULL);
    /* aliasing twice changes nothing */
    g_assert_cmphex(xo_alias(&l, xo_alias(&l, 0x1000)), ==,
                    xo_alias(&l, 0x1000));
    g_assert_false(xo_is_alias(&l, 0x7fffffffffULL));
    g_assert_true(xo_is_alias(&l, xo_alias(&l, 0x7fffffffffULL)));
}

static void check_refused(unsigned phys, unsigned host, uint64_t ram_end,
                          const char *needle)
{
    XoLayout l = { 0 };
    Error *err = NULL;

    g_assert_false(xo_layout_init(&l, phys, host, ram_end, &err));
    g_assert_nonnull(err);
    g_assert_nonnull(strstr(error_get_pretty(err), needle));
    error_free(err);
    /* a refused layout is not half-written */
    g_assert_cmpuint(l.xo_mask, ==, 0);
}

static void test_refusals(void)
{
    check_refused(32, 0, GiB, "between 33 and 52");
    check_refused(53, 0, GiB, "between 33 and 52");
    check_refused(49, 48, GiB, "the host has 48");
    /* RAM may end exactly at the XO bit, not beyond */
    check_refused(33, 0, 4 * GiB + 1, "above the XO bit (bit 32");
}

static void test_edges(void)
{
    XoLayout l;

    g_assert_true(xo_layout_init(&l, 33, 33, 4 * GiB, &error_abort));
    g_assert_cmphex(l.xo_mask, ==, 4 * GiB);
    g_assert_true(xo_layout_init(&l, 52, 52, 0, &error_abort));
    g_assert_cmphex(xo_alias(&l, 0), ==, 1ULL << 51);
}

static void test_slots(void)
{
    Error *err = NULL;

    g_assert_true(xo_slots_fit(0, 0, &error_abort));
    g_assert_true(xo_slots_fit(16, 32, &error_abort));
    g_assert_false(xo_slots_fit(17, 32, &err));
    g_assert_nonnull(strstr(error_get_pretty(err), "need 34 KVM memory"));
    error_free(err);
    err = NULL;
    /* no overflow on absurd counts */
    g_assert_false(xo_slots_fit(UINT_MAX, UINT_MAX, &err));
    error_free(err);
}

static void check_sev_refused(unsigned phys, unsigned cbitpos,
                              unsigned reduced, unsigned host,
                              const char *needle)
{
    XoLayout l;
    Error *err = NULL;

    g_assert_true(xo_layout_init(&l, phys, 0, GiB, &error_abort));
    g_assert_false(xo_sev_check(&l, cbitpos, reduced, host, &err));
    g_assert_nonnull(err);
    g_assert_nonnull(strstr(error_get_pretty(err), needle));
    error_free(err);
}

static void test_sev(void)
{
    XoLayout l;

    /* EPYC: C-bit 47, 48 host bits, 1 reduced: phys-bits 47, M = 46 */
    g_assert_true(xo_layout_init(&l, 47, 48, GiB, &error_abort));
    g_assert_true(xo_sev_check(&l, 47, 1, 48, &error_abort));
    g_assert_cmpuint(l.maxphyaddr, ==, 46);
    /* C-bit 51 with 52 host bits leaves room up to phys-bits 51 */
    g_assert_true(xo_layout_init(&l, 51, 52, GiB, &error_abort));
    g_assert_true(xo_sev_check(&l, 51, 1, 52, &error_abort));

    /* the XO bit on the C-bit, above it, in the reduced bits */
    check_sev_refused(48, 47, 1, 0, "would be SEV's C-bit");
    check_sev_refused(49, 47, 1, 0, "lies above SEV's C-bit (bit 47)");
    check_sev_refused(48, 51, 1, 48, "with SEV the host has 47");
    check_sev_refused(46, 51, 5, 48, "use phys-bits=43 or less");
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/xo-layout/bits", test_layout_bits);
    g_test_add_func("/xo-layout/alias", test_alias);
    g_test_add_func("/xo-layout/refusals", test_refusals);
    g_test_add_func("/xo-layout/edges", test_edges);
    g_test_add_func("/xo-layout/slots", test_slots);
    g_test_add_func("/xo-layout/sev", test_sev);
    return g_test_run();
}
