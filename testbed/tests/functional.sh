#!/bin/sh
# QEMU's functional tests of the series (tests/functional/test_riscv64_kvm.py)
# in the Debian host, against the QEMU under test, the way meson runs
# them: the base's qemu_test and python/qemu, the assets from the cache
# the test bed shares (testbed/functional-assets.py), no downloads.  The
# output is the tests' own TAP; TESTS (e.g.
# test_riscv64_kvm.RiscvKVM.test_gdbstub) runs some through unittest.
#
# Run with testbed/run.py --flavour debian.
f=/tb/functional
export QEMU_TEST_QEMU_BINARY="$(command -v "${TB_QEMU:-qemu-system-riscv64}")"
export QEMU_BUILD_ROOT=/tmp/functional
export QEMU_TEST_CACHE_DIR=$f/cache
export QEMU_TEST_NO_DOWNLOAD=1
export PYTHONPATH=$f/python:$f/tests/functional
export PYTHONDONTWRITEBYTECODE=1
mkdir -p $QEMU_BUILD_ROOT
cd $f/tests/functional || exit 1
if [ -n "$TESTS" ]; then
    # shellcheck disable=SC2086
    timeout "${TIMEOUT:-900}" python3 -m unittest -v $TESTS \
        > /tmp/functional.out 2>&1
else
    timeout "${TIMEOUT:-1100}" python3 test_riscv64_kvm.py \
        > /tmp/functional.out 2>&1
fi
rc=$?
# the tests' TAP first: its "TAP version 13" must be the first line
cat /tmp/functional.out
echo "# QEMU under test: $QEMU_TEST_QEMU_BINARY"
# the test bed has KVM: a skipped test here is a failure
if grep -Eqi '^ok .*# skip|\.\.\. skipped' /tmp/functional.out; then
    echo "not ok - a test skipped in the test bed, which has KVM"
    rc=1
fi
if [ $rc != 0 ]; then
    for l in $(find $QEMU_BUILD_ROOT -name base.log -o -name console.log \
            -o -name '*.log' | sort -u); do
        echo "# --- $l"
        tail -n 15 "$l" | sed 's/^/# /'
    done
fi
exit $rc
