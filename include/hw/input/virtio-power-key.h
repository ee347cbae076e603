/*
 * A virtio input device with one key, KEY_POWER, pressed when QEMU is
 * asked to power the guest down.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef HW_INPUT_VIRTIO_POWER_KEY_H
#define HW_INPUT_VIRTIO_POWER_KEY_H

#include "hw/qdev-core.h"

#define TYPE_VIRTIO_POWER_KEY "virtio-power-key-device"

/*
 * Create the power key on @bus (a virtio transport's bus, e.g. one of a
 * board's virtio-mmio slots) and realize it; it presses itself on every
 * system_powerdown request.
 */
DeviceState *virtio_power_key_create(BusState *bus, Error **errp);

#endif
