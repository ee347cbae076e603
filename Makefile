# Top level of the series.  QEMU's own Makefile is build/qemu/Makefile.
#
#   make          install Debian dependencies, fetch the base, assemble,
#                 configure and build QEMU in build/qemu
#   make check    build, then run the series' tests
#   make clean    remove build/ (the download cache stays)

JOBS ?= $(shell nproc)

.PHONY: all deps build check clean
all: build

deps:
	@series/deps.sh

build: deps
	@./configure
	@$(MAKE) --no-print-directory -C build/qemu -j$(JOBS) all
	@series/firmware.sh build/qemu

check: build
	@/usr/bin/python3 series/check.py

clean:
	rm -rf build
