#!/bin/bash
# Boot the RISC-V host, and in it a 4-vCPU guest under KVM with our
# qemu-system-riscv64.  With a terminal: the guest's shell, interactive.
# Without one: the guest boots, prints its CPU count and ISA line, and
# powers off; the exit status says whether all of that happened.
set -euo pipefail
cd "$(dirname "$0")"
guest=(env SMP=4 MEM=512M tb-guest)
if [ -t 0 ] && [ -t 1 ]; then
    echo "testbed: booting the RISC-V host, then a guest under KVM in it;"
    echo "testbed: in the guest, 'poweroff -f' ends the demo"
    exec ./run.py --tty -- env ACTION=shell "${guest[@]}"
fi
log=$(mktemp)
trap 'rm -f "$log"' EXIT
# serial consoles end lines with \r\n
./run.py --console --timeout 600 -- env ACTION=poweroff "${guest[@]}" |
    tr -d '\r' | tee "$log"
grep -q 'TB-GUEST booted cpus=4$' "$log" || { echo "demo: the guest did not boot with 4 CPUs" >&2; exit 1; }
grep -q 'TB-GUEST poweroff' "$log" || { echo "demo: the guest did not power off" >&2; exit 1; }
echo "demo: $(grep -m1 'TB-GUEST booted' "$log" | cut -d' ' -f3); $(grep -m1 'TB-GUEST isa=' "$log" | cut -d' ' -f2-)"
