#!/bin/bash
# Build the Debian flavour of the test bed's RISC-V host from Debian
# trixie riscv64 binary packages: Debian's kernel (KVM as a module) and an
# initramfs holding libvirt, Debian's QEMU, python3, gdb and the rest of
# testbed/debian/packages.  No riscv64 binary and no maintainer script
# runs: apt computes the closure against a private, fake dpkg status
# (testbed/debian/not-installed), each .deb is unpacked, and what the
# scripts would have done is done here or in testbed/debian/setup.
#
# Cached by a hash of the packages' file names and checksums and of the
# files that shape the result; the .debs stay in the cache too.
# Prints the directory that holds Image and host.cpio.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

. "$testbed_dir/debian-apt.sh"

apt_setup host "$deb_dir/not-installed"
packages=$(words "$deb_dir/packages")
apt_begin "Debian host" debian-host "" "$deb_dir"/packages \
    "$deb_dir"/not-installed "$deb_dir"/modules "$deb_dir"/setup \
    "$testbed_dir"/host-init "$testbed_dir"/mkinitramfs.sh

rm -rf "$out" "$out.root"
trap 'rm -rf "$out.root"' EXIT
root=$out.root
mkdir -p "$out"
apt_unpack "$list" "$root" 'linux-image-[0-9]*'
# the kernel, and the modules of testbed/debian/modules with what they
# depend on
# shellcheck disable=SC2046
kernel_modules "$(apt_deb "$list" 'linux-image-[0-9]*')" "$root" \
    "$out/Image" $(words "$deb_dir/modules") >/dev/null

# what no one needs in a test host, and the firmware of other machines
rm -rf "$root"/usr/share/doc "$root"/usr/share/man "$root"/usr/share/info \
    "$root"/usr/share/locale "$root"/usr/share/lintian
find "$root/usr/lib/u-boot" -mindepth 1 -maxdepth 1 ! -name 'qemu-riscv64*' \
    -exec rm -rf {} +

# what the maintainer scripts would have done
cat > "$root/etc/passwd" <<EOT
root:x:0:0:root:/root:/bin/sh
libvirt-qemu:x:64055:994:libvirt qemu:/var/lib/libvirt:/usr/sbin/nologin
nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
EOT
cat > "$root/etc/group" <<EOT
root:x:0:
kvm:x:993:
libvirt:x:995:
libvirt-qemu:x:994:
nogroup:x:65534:
EOT
echo "passwd: files
group: files
hosts: files" > "$root/etc/nsswitch.conf"
echo "127.0.0.1 localhost tb-debian" > "$root/etc/hosts"
ln -sfn busybox "$root/usr/bin/sh"
rm -rf "$root/var/run" "$root/var/lock"
ln -s /run "$root/var/run"
ln -s /run/lock "$root/var/lock"
mkdir -p "$root/root" "$root/tmp" "$root/run" "$root/etc/testbed"
# libvirtd as root, with no init system, no polkit, no virtlogd
sed -i -e 's/^#\?auth_unix_ro = .*/auth_unix_ro = "none"/' \
       -e 's/^#\?auth_unix_rw = .*/auth_unix_rw = "none"/' \
       -e 's/^#\?unix_sock_group = .*/unix_sock_group = "root"/' \
    "$root/etc/libvirt/libvirtd.conf"
cat >> "$root/etc/libvirt/qemu.conf" <<EOT
# the test bed (testbed/build-debian.sh)
user = "root"
group = "root"
dynamic_ownership = 0
remember_owner = 0
security_driver = "none"
namespaces = [ ]
stdio_handler = "file"
EOT
words "$deb_dir/modules" > "$root/etc/testbed/modules"
cp "$deb_dir/setup" "$root/etc/testbed/setup"
echo "debian" > "$root/etc/testbed/flavour"
echo "$list" > "$root/etc/testbed/packages"

"$testbed_dir/mkinitramfs.sh" --root "$root" "$testbed_dir/host-init" \
    "$out/host.cpio"
rm -rf "$root"
touch "$out/.complete"
echo "$out"
