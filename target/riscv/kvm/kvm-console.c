/*
 * RISC-V KVM: the SBI console (DBCN and the legacy console calls)
 *
 * With -accel kvm,sbi-console=ID the console is the chardev ID, in both
 * directions: what arrives on it is queued here until the guest reads it
 * (DBCN read, legacy getchar).  Without it, guest output goes to the
 * first serial port's chardev beside the UART's, and the guest reads no
 * input: that chardev's input belongs to the UART.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qemu/fifo8.h"
#include "qemu/main-loop.h"
#include "qom/object.h"
#include "chardev/char.h"
#include "chardev/char-fe.h"
#include "system/system.h"
#include "qemu/error-report.h"
#include "kvm-console.h"

#define CONSOLE_INPUT_QUEUE 256

static char *console_id;        /* -accel kvm,sbi-console= */
static CharBackend console_be;
static bool console_own;        /* console_be is ours */
static Fifo8 console_in;        /* input not yet read; under the BQL */

static int console_can_receive(void *opaque)
{
    return fifo8_num_free(&console_in);
}

static void console_receive(void *opaque, const uint8_t *buf, int size)
{
    fifo8_push_all(&console_in, buf, size);
}

/*
 * Claim the chardev once the machine is built: a device given the same
 * chardev (-serial chardev:ID) has claimed it by then, and the error is
 * ours to report.
 */
static void console_claim(Notifier *n, void *data)
{
    Error *err = NULL;

    if (!qemu_chr_fe_init(&console_be, qemu_chr_find(console_id), &err)) {
        error_reportf_err(err, "-accel kvm,sbi-console=%s: ", console_id);
        exit(1);
    }
    fifo8_create(&console_in, CONSOLE_INPUT_QUEUE);
    qemu_chr_fe_set_handlers(&console_be, console_can_receive,
                             console_receive, NULL, NULL, NULL, NULL, true);
    console_own = true;
}

static Notifier console_claim_notifier = { .notify = console_claim };

int kvm_riscv_console_init(Error **errp)
{
    if (!console_id) {
        return 0;
    }
    if (!qemu_chr_find(console_id)) {
        error_setg(errp, "sbi-console: there is no chardev '%s'; add one "
                   "with -chardev ...,id=%s", console_id, console_id);
        return -ENOENT;
    }
    qemu_add_machine_init_done_notifier(&console_claim_notifier);
    return 0;
}

void kvm_riscv_console_write(const uint8_t *buf, size_t len)
{
    Chardev *chr;

    if (console_own) {
        qemu_chr_fe_write_all(&console_be, buf, len);
        return;
    }
    chr = serial_hd(0);
    if (chr) {
        qemu_chr_write(chr, buf, len, true);
    }
}

size_t kvm_riscv_console_read(uint8_t *buf, size_t max)
{
    size_t n = 0;

    if (!console_own) {
        return 0;
    }
    bql_lock();
    while (n < max && !fifo8_is_empty(&console_in)) {
        buf[n++] = fifo8_pop(&console_in);
    }
    if (n) {
        /* room again: let the chardev send what it holds back */
        qemu_chr_fe_accept_input(&console_be);
    }
    bql_unlock();
    return n;
}

static char *console_get(Object *obj, Error **errp)
{
    return g_strdup(console_id ? console_id : "");
}

static void console_set(Object *obj, const char *val, Error **errp)
{
    g_free(console_id);
    console_id = *val ? g_strdup(val) : NULL;
}

void kvm_riscv_console_class_init(ObjectClass *oc)
{
    object_class_property_add_str(oc, "sbi-console", console_get,
                                  console_set);
    object_class_property_set_description(oc, "sbi-console",
        "Chardev id of the SBI console (DBCN and legacy putchar/getchar), "
        "for output and input; default: output to the first serial port, "
        "no input");
}
