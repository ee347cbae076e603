#!/bin/sh
# The unit test of the RISC-V KVM accelerator's tables (tests/unit/
# test-riscv-kvm-tables.c), built by the cross build and run here, on a
# riscv64 host: it prints its own TAP.
exec /tb/bin/test-riscv-kvm-tables --tap -k
