/*
 * A power button for machines that have no other way to tell a guest
 * that it was pressed: a virtio input device whose only key is KEY_POWER.
 * Its board creates it (it is not user-creatable); every powerdown
 * request (system_powerdown in QMP and HMP, which is what libvirt's
 * "virsh shutdown" and "virsh reboot" send) presses and releases the key.
 * A Linux guest binds virtio_input to it and sees an input device with a
 * power key, which systemd-logind, acpid or a script reading evdev turn
 * into an orderly shutdown, as they do for a laptop's button.
 *
 * A guest without the driver (or one that has not reached it yet) gets
 * nothing, as with a button nobody listens to.  A press while the VM is
 * stopped waits for it to run again: nothing reaches guest memory while
 * it is stopped (a migration may be sending it).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qapi/error.h"
#include "hw/virtio/virtio-input.h"
#include "hw/input/virtio-power-key.h"
#include "system/runstate.h"
#include "qemu/main-loop.h"
#include "standard-headers/linux/input-event-codes.h"
#include "trace.h"

#define POWER_KEY_NAME "QEMU Virtio Power Key"

OBJECT_DECLARE_SIMPLE_TYPE(VirtIOPowerKey, VIRTIO_POWER_KEY)

struct VirtIOPowerKey {
    VirtIOInput parent_obj;
    Notifier powerdown;
    VMChangeStateEntry *vmstate_change;
    bool pending;   /* pressed while the VM was stopped */
};

/* one press: key down, report, key up, report */
static const struct {
    uint16_t type, code;
    uint32_t value;
} power_key_press[] = {
    { EV_KEY, KEY_POWER, 1 },
    { EV_SYN, SYN_REPORT, 0 },
    { EV_KEY, KEY_POWER, 0 },
    { EV_SYN, SYN_REPORT, 0 },
};

static void virtio_power_key_press(VirtIOPowerKey *pk)
{
    VirtIOInput *vinput = VIRTIO_INPUT(pk);
    size_t i;

    trace_virtio_power_key_press(vinput->active);
    for (i = 0; i < ARRAY_SIZE(power_key_press); i++) {
        virtio_input_event ev = {
            .type = cpu_to_le16(power_key_press[i].type),
            .code = cpu_to_le16(power_key_press[i].code),
            .value = cpu_to_le32(power_key_press[i].value),
        };
        virtio_input_send(vinput, &ev);
    }
}

static void virtio_power_key_powerdown(Notifier *n, void *opaque)
{
    VirtIOPowerKey *pk = container_of(n, VirtIOPowerKey, powerdown);

    if (!runstate_is_running()) {
        trace_virtio_power_key_pending();
        pk->pending = true;
        return;
    }
    virtio_power_key_press(pk);
}

static void virtio_power_key_press_bh(void *opaque)
{
    virtio_power_key_press(opaque);
}

static void virtio_power_key_run_state(void *opaque, bool running,
                                       RunState state)
{
    VirtIOPowerKey *pk = opaque;

    if (running && pk->pending) {
        pk->pending = false;
        /* once every device, the transport included, runs again */
        aio_bh_schedule_oneshot(qemu_get_aio_context(),
                                virtio_power_key_press_bh, pk);
    }
}

static void virtio_power_key_init(Object *obj)
{
    VirtIOInput *vinput = VIRTIO_INPUT(obj);
    virtio_input_config cfg[3] = {
        {
            .select = VIRTIO_INPUT_CFG_ID_NAME,
            .size = sizeof(POWER_KEY_NAME) - 1,
            .u.string = POWER_KEY_NAME,
        }, {
            .select = VIRTIO_INPUT_CFG_EV_BITS,
            .subsel = EV_KEY,
            .size = KEY_POWER / 8 + 1,
        },
        { /* end of the list */ },
    };

    cfg[1].u.bitmap[KEY_POWER / 8] = 1 << (KEY_POWER % 8);
    virtio_input_init_config(vinput, cfg);
}

static void virtio_power_key_realize(DeviceState *dev, Error **errp)
{
    VirtIOPowerKey *pk = VIRTIO_POWER_KEY(dev);

    pk->powerdown.notify = virtio_power_key_powerdown;
    qemu_register_powerdown_notifier(&pk->powerdown);
    pk->vmstate_change =
        qemu_add_vm_change_state_handler(virtio_power_key_run_state, pk);
}

static void virtio_power_key_unrealize(DeviceState *dev)
{
    VirtIOPowerKey *pk = VIRTIO_POWER_KEY(dev);

    notifier_remove(&pk->powerdown);
    qemu_del_vm_change_state_handler(pk->vmstate_change);
}

static void virtio_power_key_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    VirtIOInputClass *vic = VIRTIO_INPUT_CLASS(klass);

    vic->realize = virtio_power_key_realize;
    vic->unrealize = virtio_power_key_unrealize;
    dc->desc = "power button (KEY_POWER on system_powerdown)";
    /* its board creates it and nothing else would press it */
    dc->user_creatable = false;
}

static const TypeInfo virtio_power_key_info = {
    .name = TYPE_VIRTIO_POWER_KEY,
    .parent = TYPE_VIRTIO_INPUT,
    .instance_size = sizeof(VirtIOPowerKey),
    .instance_init = virtio_power_key_init,
    .class_init = virtio_power_key_class_init,
};

static void virtio_power_key_register_types(void)
{
    type_register_static(&virtio_power_key_info);
}

type_init(virtio_power_key_register_types)

DeviceState *virtio_power_key_create(BusState *bus, Error **errp)
{
    DeviceState *dev = qdev_new(TYPE_VIRTIO_POWER_KEY);

    if (!qdev_realize_and_unref(dev, bus, errp)) {
        return NULL;
    }
    return dev;
}
