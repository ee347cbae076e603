/*
 * MMIO to QEMU devices: the virtio-mmio magic value, and the RTC's time
 * moving forward.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "guest.h"

#define VIRTIO_MMIO_BASE    0x10001000UL    /* virt: first virtio-mmio slot */
#define VIRTIO_MAGIC        0x74726976      /* "virt" */

void test_main(unsigned long hartid, void *fdt)
{
    uint64_t t0, t1;
    unsigned long start;
    unsigned i, same = 0;

    check("mmio-virtio-magic", read32(VIRTIO_MMIO_BASE) == VIRTIO_MAGIC,
          "wrong magic", read32(VIRTIO_MMIO_BASE));
    for (i = 0; i < 1000; i++) {
        same += read32(VIRTIO_MMIO_BASE) == VIRTIO_MAGIC;
    }
    check("mmio-virtio-magic-1000", same == 1000, "reads differ", same);

    t0 = rtc_now();
    start = rdtime();
    while (rdtime() - start < 200000) {
        /* let the RTC move */
    }
    t1 = rtc_now();
    check("mmio-rtc-advances", t1 > t0, "RTC did not advance", t1 - t0);
}
