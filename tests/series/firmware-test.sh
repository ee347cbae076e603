#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Check that a binary of the build tree starts its machine with the
# firmware found without -L (Debian's packages, linked by
# series/firmware.sh), by watching the firmware's own first words.
#
# Usage: firmware-test.sh QEMU_BINARY x86-tcg|x86-kvm|riscv-tcg
# TAP output; a missing accelerator is a TAP skip ("1..0 # SKIP why").
set -u
qemu=$1
case=$2
log=$(mktemp)
trap 'rm -f "$log"' EXIT

case $case in
x86-kvm)
    if [ ! -w /dev/kvm ]; then
        echo "1..0 # SKIP x86 KVM: /dev/kvm is missing or not writable"
        exit 0
    fi
    set -- -accel kvm -cpu EPYC -M q35 -chardev file,id=fw,path="$log" \
        -device isa-debugcon,iobase=0x402,chardev=fw
    want='SeaBIOS (version'
    ;;
x86-tcg)
    set -- -accel tcg -M q35 -chardev file,id=fw,path="$log" \
        -device isa-debugcon,iobase=0x402,chardev=fw
    want='SeaBIOS (version'
    ;;
riscv-tcg)
    set -- -accel tcg -M virt -serial file:"$log"
    want='OpenSBI v'
    ;;
*)
    echo "usage: $0 QEMU x86-tcg|x86-kvm|riscv-tcg" >&2
    exit 2
    ;;
esac

echo "1..2"
# default devices stay: q35's NIC needs its iPXE ROM, its VGA the VGA BIOS
"$qemu" "$@" -display none -monitor none 2>"$log.err" &
pid=$!
i=0
while [ $i -lt 300 ] && kill -0 $pid 2>/dev/null; do
    grep -q "$want" "$log" 2>/dev/null && break
    sleep 0.1
    i=$((i + 1))
done
if kill -0 $pid 2>/dev/null; then
    echo "ok 1 - $case: QEMU is running"
    kill $pid
else
    echo "not ok 1 - $case: QEMU exited: $(cat "$log.err")"
fi
wait $pid 2>/dev/null
rm -f "$log.err"
if grep -q "$want" "$log"; then
    first=$(grep -m1 "$want" "$log" | cut -c1-40)
    echo "ok 2 - $case: firmware started ($first)"
else
    echo "not ok 2 - $case: no '$want' from the firmware"
fi
