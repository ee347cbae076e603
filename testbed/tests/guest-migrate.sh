#!/bin/sh
# The bare-metal guest programs that keep state across a migration
# (tests/guest/riscv/*-migrate): each starts on a source QEMU, sets its
# state, says "# waiting for migration" and waits for a byte on the SBI
# console, which only the destination has waiting; the script migrates
# it then, and the program checks its state on the destination.  Each
# check of the two halves becomes a TAP line here.  A program may skip
# only for a feature this host lacks (host_offers).  Then a destination
# that lacks what the guest set must refuse the stream.
. /tb/tests/tap.sh
. /tb/tests/mon.sh
printf 'g' > /tmp/migrate-go
# what each program needs (host_offers)
needs() {
    case $1 in
    fwft-*) echo sbi-fwft ;;
    vector-*) echo isa-v ;;
    esac
}
runnable=
for elf in /tb/guest-riscv/*-migrate.elf; do
    f=$(needs $(basename $elf .elf))
    if [ -z "$f" ] || host_offers $f; then
        runnable=1
    fi
done
if [ -z "$runnable" ]; then
    echo "1..0 # SKIP this host lacks what every program needs (Linux $(host_linux), ISA $(host_isa_letters))"
    exit 0
fi

# start PROG [DESTINATION -cpu]: a source and a destination QEMU ($s, $d)
# for the program, the source's log in $src, the destination's in $dst;
# false when the program skipped or ended without waiting
start() {
    elf=/tb/guest-riscv/$1.elf
    src=/tmp/$1-src.log dst=/tmp/$1-dst.log
    dst_cpu=${2:-host}
    rm -f $src $dst
    set -- -accel kvm,sbi-console=con -M virt -smp 1 -m 128M -display none \
        -kernel $elf
    "$TB_QEMU" "$@" -cpu host -chardev file,id=con,path=$src \
        -monitor tcp:127.0.0.1:4471,server=on,wait=off \
        </dev/null >$src.err 2>&1 &
    s=$!
    "$TB_QEMU" "$@" -cpu "$dst_cpu" \
        -chardev file,id=con,path=$dst,input-path=/tmp/migrate-go \
        -monitor tcp:127.0.0.1:4472,server=on,wait=off \
        -incoming tcp:127.0.0.1:4473 </dev/null >$dst.err 2>&1 &
    d=$!
    if ! wait_for $src '^# waiting for migration|^1\.\.' 60; then
        not_ok "$prog: reached the point of migration"
        diag $src 10
        kill -9 $s $d 2>/dev/null
        return 1
    fi
    if grep -q '^1\.\.' $src; then
        # skipped, or ended before waiting: no migration
        kill -9 $d 2>/dev/null
        wait_exit $s 20
        unix_lines $src
        guest_tap $prog $src $feature
        return 1
    fi
    hmp 4471 "migrate -d tcp:127.0.0.1:4473" >/dev/null
}

for elf in /tb/guest-riscv/*-migrate.elf; do
    prog=$(basename $elf .elf)
    feature=$(needs $prog) refuse=
    case $prog in
    fwft-*) refuse=host,sbi-fwft=false ;;
    esac
    start $prog || continue
    check "$prog: migration completed" \
        hmp_until 4471 "info migrate" "status:[[:space:]]*completed" 30
    hmp 4471 quit >/dev/null
    wait_exit $s 20
    wait_exit $d 60
    check "$prog: the destination ran to its end (exit status $wait_status)" \
        test "$wait_status" = 0
    # the checks of both halves, in order
    cat $src $dst > /tmp/$prog.log
    unix_lines /tmp/$prog.log
    before=$tap_failed
    guest_tap $prog /tmp/$prog.log $feature
    if [ $tap_failed != $before ]; then
        diag /tmp/$prog.log 15
        diag $dst.err 5
    fi

    [ -n "$refuse" ] || continue
    # a destination without the feature: it refuses, the source goes on
    start $prog $refuse || continue
    wait_exit $d 30
    diag $dst.err 2
    check "$prog: a destination with -cpu $refuse refuses the stream (exit $wait_status)" \
        sh -c "test '$wait_status' = 1 &&
               grep -q 'SBI FWFT feature' $dst.err"
    # precopy without a return path: the source thinks it is done and
    # waits paused; the user continues it there
    hmp 4471 cont >/dev/null
    check "$prog: the source runs on after the failed migration (cont)" \
        hmp_until 4471 "info status" "status: running" 5
    hmp 4471 quit >/dev/null
    wait_exit $s 20
done
tap_end
