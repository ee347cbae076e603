# Top level of the series.  QEMU's own Makefile is build/qemu/Makefile.
#
#   make                install Debian dependencies, fetch the base, assemble,
#                       configure and build QEMU in build/qemu, build the
#                       RISC-V test bed, and boot a guest under KVM in it
#   make check          build everything the tests need, then run them
#   make check-quick    unit tests, qtests, x86 guests, the test bed's boot
#   make compare        the test-bed tests against the base and Debian's
#                       QEMU too; rewrites the table in
#                       docs/system/riscv/kvm.rst
#   make guest-x86-linux  build the XO Linux guest (build/guest-x86-linux):
#                       an x86-64 kernel with the series' guest patch
#   make testbed        build the test bed only (build/testbed)
#   make testbed-debian also its Debian host (Debian's riscv64 packages)
#   make testbed-hosts  also its other host kernels (Linux 6.1 and 7.2,
#                       testbed/host-kernels/list)
#   make testbed-kvm-only  also our QEMU built KVM only (--disable-tcg)
#   make demo           boot a 4-vCPU guest under KVM in the test bed
#   make testbed-shell  an interactive shell in the test bed's RISC-V host
#                       (TESTBED=debian: in the Debian host)
#   make bench          run bench/ (ratios against the base, in one run) and
#                       write bench/performance.md and its plot
#   make export         the series as git format-patch files on the pristine
#                       base in build/export (git am of them gives build/src)
#   make export-check   apply them one by one, building after each and
#                       running checkpatch on each
#   make clean          remove build/ (the caches outside the repo stay)

JOBS ?= $(shell nproc)
# ccache hits across clones in other folders (CI clones anew each time):
# paths below the repository are hashed relative to it, and the build
# directory is not hashed (an object from the cache may then name another
# clone's directory in its debug information)
export CCACHE_BASEDIR ?= $(CURDIR)
export CCACHE_NOHASHDIR ?= 1

.PHONY: all deps build guest-x86-linux testbed testbed-anchor testbed-debian demo \
	testbed-hosts testbed-kvm-only testbed-bench testbed-check testbed-all testbed-shell check check-quick compare bench export \
	export-check clean
all: demo

deps:
	@series/deps.sh

build: deps
	@./configure
	@$(MAKE) --no-print-directory -C build/qemu -j$(JOBS) all
	@series/firmware.sh build/qemu

guest-x86-linux: build
	@tests/guest/x86/linux/build.sh build/guest-x86-linux

testbed: build
	@testbed/build.sh

testbed-anchor: build
	@testbed/build.sh --anchor

testbed-debian: build
	@testbed/build.sh --debian

testbed-hosts: build
	@testbed/build.sh --hosts

testbed-kvm-only: build
	@testbed/build.sh --kvm-only

# what make check runs on: the Debian host, the other host kernels and
# the KVM-only build too
testbed-check: build
	@testbed/build.sh --debian --hosts --kvm-only

# what make bench compares: the anchor and the KVM-only build
testbed-bench: build
	@testbed/build.sh --anchor --kvm-only

testbed-all: build
	@testbed/build.sh --anchor --debian

demo: testbed
	@testbed/demo.sh

testbed-shell: $(if $(filter debian,$(TESTBED)),testbed-debian,testbed)
	@testbed/run.py --shell

check: build guest-x86-linux testbed-check
	@/usr/bin/python3 series/check.py

check-quick: build guest-x86-linux testbed
	@/usr/bin/python3 series/check.py --quick

compare: build testbed-all
	@/usr/bin/python3 series/compare.py

bench: build guest-x86-linux testbed-bench
	@series/deps.sh --bench
	@bench/run.py
	@bench/report.py

export: deps
	@./configure
	@/usr/bin/python3 series/export.py "$$(series/fetch-base.sh)" build/src \
		build/export

export-check: export testbed
	@series/export-check.sh

clean:
	rm -rf build
