/*
 * Unit tests of the RISC-V KVM accelerator's tables: ONE_REG ids and
 * names, the ISA and SBI extension tables, the SBI dispatch by extension
 * range, and the in-kernel AIA's attribute encodings.
 *
 * The expected ids are written from the KVM API documentation
 * (Documentation/virt/kvm/api.rst, "KVM_SET_ONE_REG", RISC-V): bit 63 set,
 * the size in bits 52-55, the type in bits 24-31, the subtype in bits
 * 16-23, the index below.  Built only where the accelerator is (a riscv64
 * host with KVM); it makes no KVM call.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include <linux/kvm.h>
#include "cpu.h"
#include "sbi_ecall_interface.h"
#include "kvm/kvm-reg-table.h"
#include "kvm/kvm-exts.h"
#include "kvm/kvm-sbi-table.h"
#include "hw/intc/riscv_aia_kvm.h"

static const char *name_of(uint64_t id)
{
    static char buf[64];

    return kvm_riscv_reg_name(id, buf, sizeof(buf));
}

static const KVMRISCVRegRow *row_named(const char *name, uint64_t type)
{
    for (size_t n = 0; n < kvm_riscv_nr_reg_rows; n++) {
        const KVMRISCVRegRow *r = &kvm_riscv_reg_rows[n];

        if (!strcmp(r->name, name) && (!type || r->type == type)) {
            return r;
        }
    }
    return NULL;
}

/* Registers whose ids the KVM API documentation fixes */
static void test_reg_ids(void)
{
    static const struct {
        const char *name;
        uint64_t type;          /* to tell fp.fcsr of F from that of D */
        unsigned i;
        uint64_t id;
    } known[] = {
        { "core.pc", 0, 0, 0x8030000002000000ULL },
        { "core.x", 0, 4, 0x8030000002000005ULL },          /* x5 */
        { "core.mode", 0, 0, 0x8030000002000020ULL },
        { "csr.sstatus", 0, 0, 0x8030000003000000ULL },
        { "csr.sepc", 0, 0, 0x8030000003000004ULL },
        { "csr.senvcfg", 0, 0, 0x803000000300000aULL },
        { "csr.aia.siselect", 0, 0, 0x8030000003010000ULL },
        { "csr.aia.iprio", 0, 1, 0x8030000003010002ULL },   /* iprio2 */
        { "csr.smstateen.sstateen0", 0, 0, 0x8030000003020000ULL },
        { "fp.f", 0, 31, 0x802000000500001fULL },
        { "fp.fcsr", KVM_REG_RISCV_FP_F, 0, 0x8020000005000020ULL },
        { "fp.d", 0, 0, 0x8030000006000000ULL },
        { "fp.fcsr", KVM_REG_RISCV_FP_D, 0, 0x8020000006000020ULL },
        { "timer.time", 0, 0, 0x8030000004000001ULL },
        { "timer.compare", 0, 0, 0x8030000004000002ULL },
        { "timer.state", 0, 0, 0x8030000004000003ULL },
        { "config.isa", 0, 0, 0x8030000001000000ULL },
        { "config.zicbom_block_size", 0, 0, 0x8030000001000001ULL },
        { "config.satp_mode", 0, 0, 0x8030000001000006ULL },
        { "sbi.sta.shmem_lo", 0, 0, 0x803000000a000000ULL },
        { "sbi.sta.shmem_hi", 0, 0, 0x803000000a000001ULL },
        /* Linux 7.2: SBI FWFT state, the zicbop block size */
        { "sbi.fwft.misaligned_deleg.value", 0, 0, 0x803000000a010002ULL },
        { "sbi.fwft.pointer_masking.enable", 0, 0, 0x803000000a010003ULL },
        { "sbi.fwft.pointer_masking.value", 0, 0, 0x803000000a010005ULL },
        { "config.zicbop_block_size", 0, 0, 0x8030000001000007ULL },
        { "vector.vstart", 0, 0, 0x8030000009000000ULL },
        { "vector.vlenb", 0, 0, 0x8030000009000004ULL },
    };

    for (size_t k = 0; k < ARRAY_SIZE(known); k++) {
        const KVMRISCVRegRow *r = row_named(known[k].name, known[k].type);

        g_assert_nonnull(r);
        g_assert_cmphex(kvm_riscv_reg_row_id(32, r, known[k].i), ==,
                        known[k].id);
    }
    /* a vector register is vlenb bytes: U256 for vlenb 32 */
    g_assert_cmphex(kvm_riscv_reg_row_id(32, row_named("vector.v", 0), 0) &
                    KVM_REG_SIZE_MASK, ==, KVM_REG_SIZE_U256);
    g_assert_cmphex(kvm_riscv_reg_id(KVM_REG_RISCV_CORE, 1, 4), ==,
                    0x8020000002000001ULL);
}

/* Every register of the table has an id of its own and a good size */
static void test_reg_table(void)
{
    g_autoptr(GHashTable) ids = g_hash_table_new(g_int64_hash,
                                                 g_int64_equal);
    g_autofree uint64_t *all = NULL;
    size_t nr = 0, total = 0;

    for (size_t n = 0; n < kvm_riscv_nr_reg_rows; n++) {
        total += kvm_riscv_reg_rows[n].count;
    }
    all = g_new(uint64_t, total);
    for (size_t n = 0; n < kvm_riscv_nr_reg_rows; n++) {
        const KVMRISCVRegRow *r = &kvm_riscv_reg_rows[n];

        g_assert_cmpuint(r->count, >, 0);
        g_assert_true(r->group && !(r->group & (r->group - 1)));
        for (unsigned i = 0; i < r->count; i++) {
            uint64_t id = kvm_riscv_reg_row_id(32, r, i);
            uint64_t size = id & KVM_REG_SIZE_MASK;

            g_assert_cmphex(id & KVM_REG_ARCH_MASK, ==, KVM_REG_RISCV);
            if (r->kind == KVM_RISCV_REG_VECTOR) {
                g_assert_cmphex(size, ==, KVM_REG_SIZE_U256);
            } else {
                g_assert_true(size == KVM_REG_SIZE_U32 ||
                              size == KVM_REG_SIZE_U64);
            }
            all[nr] = id;
            g_assert_false(g_hash_table_contains(ids, &all[nr]));
            g_hash_table_add(ids, &all[nr]);
            nr++;
        }
    }
}

static void test_reg_names(void)
{
    g_assert_cmpstr(name_of(0x8030000002000000ULL), ==, "core.pc");
    g_assert_cmpstr(name_of(0x8030000002000005ULL), ==, "core.x5");
    g_assert_cmpstr(name_of(0x8030000003000004ULL), ==, "csr.sepc");
    g_assert_cmpstr(name_of(0x8030000003010002ULL), ==, "csr.aia.iprio2");
    g_assert_cmpstr(name_of(0x8030000006000003ULL), ==, "fp.d3");
    g_assert_cmpstr(name_of(0x8020000005000020ULL), ==, "fp.fcsr");
    g_assert_cmpstr(name_of(kvm_riscv_reg_row_id(32,
                    row_named("vector.v", 0), 7)), ==, "vector.v7");
    g_assert_cmpstr(name_of(0x803000000a000001ULL), ==, "sbi.sta.shmem_hi");
    /* an id the table does not have is named by its number */
    g_assert_cmpstr(name_of(0x80300000ff000000ULL), ==,
                    "0x80300000ff000000");
}

static void test_isa_exts(void)
{
    bool found_zbb = false, found_v = false, found_zicbop = false;

    for (size_t n = 0; n < kvm_riscv_nr_isa_exts; n++) {
        const KVMRISCVIsaExt *e = &kvm_riscv_isa_exts[n];

        /* a misa letter or a RISCVCPUConfig flag (ext_zba is at 0) */
        g_assert_true(!e->misa || !e->cfg_offset);
        g_assert_cmpuint(e->cfg_offset, <, sizeof(RISCVCPUConfig));
        g_assert_cmphex(kvm_riscv_isa_ext_reg(e), ==,
                        0x8030000007000000ULL | e->kvm_id);
        for (size_t m = 0; m < n; m++) {
            g_assert_cmpstr(kvm_riscv_isa_exts[m].name, !=, e->name);
            g_assert_cmpuint(kvm_riscv_isa_exts[m].kvm_id, !=, e->kvm_id);
        }
        if (!strcmp(e->name, "zbb")) {
            found_zbb = true;
            g_assert_cmphex(kvm_riscv_isa_ext_reg(e), ==,
                            0x803000000700000dULL);
            g_assert_cmpuint(e->cfg_offset, ==, CPU_CFG_OFFSET(ext_zbb));
        }
        if (!strcmp(e->name, "v")) {
            found_v = true;
            g_assert_cmphex(e->misa, ==, RVV);
        }
        if (!strcmp(e->name, "zicbop")) {
            found_zicbop = true;
            g_assert_cmphex(kvm_riscv_isa_ext_reg(e), ==,
                            0x8030000007000047ULL);
            g_assert_cmpuint(e->cfg_offset, ==, CPU_CFG_OFFSET(ext_zicbop));
        }
    }
    g_assert_true(found_zbb && found_v && found_zicbop);
}

static void test_sbi_exts(void)
{
    bool found_dbcn = false, found_mpxy = false;

    for (size_t n = 0; n < kvm_riscv_nr_sbi_exts; n++) {
        const KVMRISCVSbiExt *e = &kvm_riscv_sbi_exts[n];

        g_assert_true(g_str_has_prefix(e->name, "sbi-"));
        g_assert_cmphex(kvm_riscv_sbi_ext_reg(e), ==,
                        0x8030000008000000ULL | e->kvm_id);
        for (size_t m = 0; m < n; m++) {
            g_assert_cmpstr(kvm_riscv_sbi_exts[m].name, !=, e->name);
        }
        if (!strcmp(e->name, "sbi-dbcn")) {
            found_dbcn = true;
            g_assert_true(e->default_on);
            g_assert_null(e->unserved);
        }
        if (!strcmp(e->name, "sbi-mpxy")) {
            /* KVM_RISCV_SBI_EXT_MPXY: off, and refused on */
            found_mpxy = true;
            g_assert_cmphex(kvm_riscv_sbi_ext_reg(e), ==,
                            0x803000000800000dULL);
            g_assert_false(e->default_on);
            g_assert_nonnull(e->unserved);
        }
    }
    g_assert_true(found_dbcn && found_mpxy);
}

/* The SBI functions, as stubs that say they were called */
static const char *called;

static void stub(const char *name, KVMRISCVSbiCall *c)
{
    called = name;
    c->err = 0;
    c->value = 42;
}

void kvm_riscv_sbi_legacy_putchar(CPUState *cs, KVMRISCVSbiCall *c)
{
    stub("legacy-putchar", c);
}

void kvm_riscv_sbi_legacy_getchar(CPUState *cs, KVMRISCVSbiCall *c)
{
    stub("legacy-getchar", c);
}

void kvm_riscv_sbi_dbcn_write(CPUState *cs, KVMRISCVSbiCall *c)
{
    stub("dbcn-write", c);
}

void kvm_riscv_sbi_dbcn_read(CPUState *cs, KVMRISCVSbiCall *c)
{
    stub("dbcn-read", c);
}

void kvm_riscv_sbi_dbcn_write_byte(CPUState *cs, KVMRISCVSbiCall *c)
{
    stub("dbcn-write-byte", c);
}

void kvm_riscv_sbi_system_suspend(CPUState *cs, KVMRISCVSbiCall *c)
{
    stub("system-suspend", c);
}

/* Dispatch ext/fid; a1 starts as a sentinel to see whether it is set */
static void sbi(unsigned long ext, unsigned long fid, const char *want,
                long a0, unsigned long a1)
{
    struct kvm_run run = { 0 };
    KVMRISCVSbiCall c;

    run.riscv_sbi.extension_id = ext;
    run.riscv_sbi.function_id = fid;
    run.riscv_sbi.ret[1] = 0xdead;
    called = NULL;
    kvm_riscv_sbi_dispatch(NULL, &run, &c);
    g_assert_cmpstr(called, ==, want);
    g_assert_cmpstr(c.name, ==, want ? want : "unsupported");
    g_assert_cmpint((long)run.riscv_sbi.ret[0], ==, a0);
    g_assert_cmphex(run.riscv_sbi.ret[1], ==, a1);
}

static void test_sbi_dispatch(void)
{
    /* the legacy range: keyed by extension id, a0 only */
    sbi(SBI_EXT_0_1_CONSOLE_PUTCHAR, 7, "legacy-putchar", 0, 0xdead);
    sbi(0x02, 0, "legacy-getchar", 0, 0xdead);
    sbi(SBI_EXT_0_1_SHUTDOWN, 0, NULL, SBI_ERR_NOT_SUPPORTED, 0xdead);
    /* the others: keyed by function id, error in a0 and value in a1 */
    sbi(SBI_EXT_DBCN, SBI_EXT_DBCN_CONSOLE_WRITE, "dbcn-write", 0, 42);
    sbi(SBI_EXT_DBCN, SBI_EXT_DBCN_CONSOLE_READ, "dbcn-read", 0, 42);
    sbi(SBI_EXT_DBCN, SBI_EXT_DBCN_CONSOLE_WRITE_BYTE, "dbcn-write-byte",
        0, 42);
    sbi(SBI_EXT_DBCN, 3, NULL, SBI_ERR_NOT_SUPPORTED, 0);
    /* SUSP ("SUSP"): SYSTEM_SUSPEND is function 0, and the only one */
    sbi(SBI_EXT_SUSP, SBI_EXT_SUSP_SYSTEM_SUSPEND, "system-suspend", 0, 42);
    sbi(SBI_EXT_SUSP, 1, NULL, SBI_ERR_NOT_SUPPORTED, 0);
    sbi(SBI_EXT_BASE, 0, NULL, SBI_ERR_NOT_SUPPORTED, 0);
    sbi(0x0a000000, 0, NULL, SBI_ERR_NOT_SUPPORTED, 0);

    /* ranges do not overlap, and each has functions */
    for (size_t i = 0; i < kvm_riscv_nr_sbi_ranges; i++) {
        const KVMRISCVSbiRange *r = &kvm_riscv_sbi_ranges[i];

        g_assert_cmpuint(r->first, <=, r->last);
        g_assert_cmpuint(r->nr_funcs, >, 0);
        g_assert_true(kvm_riscv_sbi_range(r->first) == r);
        g_assert_true(kvm_riscv_sbi_range(r->last) == r);
        for (size_t j = 0; j < i; j++) {
            g_assert_true(kvm_riscv_sbi_ranges[j].last < r->first ||
                          kvm_riscv_sbi_ranges[j].first > r->last);
        }
    }
}

static void test_aia(void)
{
    static const struct { unsigned n, bits; } bits[] = {
        { 0, 0 }, { 1, 0 }, { 2, 1 }, { 3, 2 }, { 4, 2 }, { 5, 3 },
        { 64, 6 }, { 65, 7 },
    };

    for (size_t i = 0; i < ARRAY_SIZE(bits); i++) {
        g_assert_cmpuint(kvm_riscv_aia_bits_for(bits[i].n), ==,
                         bits[i].bits);
    }
    /* 255 identities: eip0/eie0 .. eip6/eie6 on RV64 (4 pairs) */
    g_assert_cmpuint(kvm_riscv_aia_imsic_words(255), ==, 2 + 2 * 4);
    g_assert_cmpuint(kvm_riscv_aia_imsic_words(63), ==, 2 + 2 * 1);
    g_assert_cmpuint(kvm_riscv_aia_imsic_words(2047), ==, 2 + 2 * 32);
    /* the privileged spec's iselect numbers of the AIA IMSIC */
    g_assert_cmphex(kvm_riscv_aia_imsic_isel(0), ==, 0x70);  /* delivery */
    g_assert_cmphex(kvm_riscv_aia_imsic_isel(1), ==, 0x72);  /* threshold */
    g_assert_cmphex(kvm_riscv_aia_imsic_isel(2), ==, 0x80);  /* eip0 */
    g_assert_cmphex(kvm_riscv_aia_imsic_isel(3), ==, 0xc0);  /* eie0 */
    g_assert_cmphex(kvm_riscv_aia_imsic_isel(4), ==, 0x82);  /* eip2 */
    g_assert_cmphex(kvm_riscv_aia_imsic_isel(9), ==, 0xc6);  /* eie6 */
    /* KVM's IMSIC attribute: the vCPU above a 12-bit iselect */
    g_assert_cmphex(kvm_riscv_aia_imsic_attr(0, 0), ==, 0x070);
    g_assert_cmphex(kvm_riscv_aia_imsic_attr(3, 2), ==, 0x3080);
    g_assert_cmphex(kvm_riscv_aia_imsic_attr(511, 3), ==, 0x1ff0c0);
    /* the wire of a source, from its rectified input and mode */
    g_assert_true(kvm_riscv_aia_wire_level(6, true));       /* level high */
    g_assert_false(kvm_riscv_aia_wire_level(7, true));      /* level low */
    g_assert_true(kvm_riscv_aia_wire_level(7, false));
    g_assert_true(kvm_riscv_aia_wire_level(4, true));       /* edge rise */
    g_assert_false(kvm_riscv_aia_wire_level(5, true));      /* edge fall */
    g_assert_true(kvm_riscv_aia_wire_level(0x400 | 7, true)); /* delegated */
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/riscv-kvm/reg/ids", test_reg_ids);
    g_test_add_func("/riscv-kvm/reg/table", test_reg_table);
    g_test_add_func("/riscv-kvm/reg/names", test_reg_names);
    g_test_add_func("/riscv-kvm/exts/isa", test_isa_exts);
    g_test_add_func("/riscv-kvm/exts/sbi", test_sbi_exts);
    g_test_add_func("/riscv-kvm/sbi/dispatch", test_sbi_dispatch);
    g_test_add_func("/riscv-kvm/aia", test_aia);
    return g_test_run();
}
