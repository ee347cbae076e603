/*
 * SBI system suspend woken by the virt board's RTC: the guest sets the
 * goldfish RTC's alarm a few seconds ahead, with its interrupt enabled,
 * and suspends the system; the alarm must wake it (testbed/tests/susp.sh
 * sends no system_wakeup, and sees QEMU's SUSPEND and WAKEUP events).
 * Then it sets the alarm again with the interrupt masked and suspends
 * once more: that alarm must not wake it, and susp.sh wakes it with
 * system_wakeup once the alarm is long past.  Last, it lets the alarm
 * fire with its interrupt enabled before it suspends, and leaves the
 * interrupt pending: the suspend must end at once, as a pending wake
 * interrupt ends it on real boards.  Each resume comes at the resume
 * address, no earlier than the alarm, with the alarm fired.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "guest.h"

#define NS_PER_SEC          1000000000ULL
#define WAKING_ALARM_SEC    4   /* long enough for QEMU to suspend first */
#define MASKED_ALARM_SEC    4   /* susp.sh waits well past it */

#define OPAQUE_WAKING       0x7a11UL
#define OPAQUE_MASKED       0x3a5cUL
#define OPAQUE_PENDING      0x9e4dUL

static volatile uint64_t alarm_at;  /* read after the wakeup */

static uint32_t rtc_read(unsigned long reg)
{
    return read32(RTC_BASE + reg);
}

static void rtc_write(unsigned long reg, uint32_t v)
{
    write32(RTC_BASE + reg, v);
}

/* arm the alarm SECONDS ahead; the low half's write starts it */
static void rtc_alarm_in(unsigned seconds, bool irq)
{
    rtc_write(RTC_IRQ_ENABLED, irq);
    alarm_at = rtc_now() + seconds * NS_PER_SEC;
    rtc_write(RTC_ALARM_HIGH, alarm_at >> 32);
    rtc_write(RTC_ALARM_LOW, (uint32_t)alarm_at);
}

/* the checks of a resume from the suspend that OPAQUE named */
static void check_resume(const char *round, unsigned long hartid,
                         unsigned long opaque, unsigned long want)
{
    uint64_t now = rtc_now();

    puts_console("# resumed (");
    puts_console(round);
    puts_console(")\n");
    check(round, opaque == want && hartid == 0, "a1", opaque);
    check("woken-no-earlier-than-the-alarm", now >= alarm_at,
          "ns before the alarm", (long)(alarm_at - now));
    check("the-alarm-fired", rtc_read(RTC_ALARM_STATUS) == 0,
          "alarm status", rtc_read(RTC_ALARM_STATUS));
}

static void resumed_pending(unsigned long hartid, unsigned long opaque)
{
    check_resume("resume-with-the-alarm-pending", hartid, opaque,
                 OPAQUE_PENDING);
    rtc_write(RTC_CLEAR_INTERRUPT, 1);
    done();
}

static void resumed_masked(unsigned long hartid, unsigned long opaque)
{
    long err;

    check_resume("resume-after-masked-alarm", hartid, opaque, OPAQUE_MASKED);
    rtc_write(RTC_CLEAR_INTERRUPT, 1);

    /* an alarm due now fires as it is set: its interrupt stays pending */
    rtc_alarm_in(0, true);
    check("alarm-pending", rtc_read(RTC_ALARM_STATUS) == 0, "alarm status",
          rtc_read(RTC_ALARM_STATUS));
    puts_console("# suspending (alarm pending)\n");
    err = system_suspend(hartid, resumed_pending, OPAQUE_PENDING);
    check("suspend-pending", false, "system_suspend returned", err);
}

static void resumed_waking(unsigned long hartid, unsigned long opaque)
{
    long err;

    check_resume("resume-by-the-alarm", hartid, opaque, OPAQUE_WAKING);
    rtc_write(RTC_CLEAR_INTERRUPT, 1);

    rtc_alarm_in(MASKED_ALARM_SEC, false);
    puts_console("# suspending (alarm masked)\n");
    err = system_suspend(hartid, resumed_masked, OPAQUE_MASKED);
    check("suspend-masked", false, "system_suspend returned", err);
}

void test_main(unsigned long hartid, void *fdt)
{
    long err;

    if (!sbi_has(SBI_EXT_SUSP)) {
        skip_all("the host's KVM has no SBI SUSP");
    }
    /* interrupts stay off: the alarm wakes the system, not the hart */
    csr_write(sie, 0);
    rtc_alarm_in(WAKING_ALARM_SEC, true);
    check("alarm-armed", rtc_read(RTC_ALARM_STATUS) == 1, "alarm status",
          rtc_read(RTC_ALARM_STATUS));
    puts_console("# suspending (alarm on)\n");
    err = system_suspend(hartid, resumed_waking, OPAQUE_WAKING);
    check("suspend", false, "system_suspend returned", err);
}
