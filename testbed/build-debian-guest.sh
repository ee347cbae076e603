#!/bin/bash
# Build the UEFI guest's disk image from Debian trixie riscv64 binary
# packages (testbed/debian/guest-packages), as a distribution's installer
# would lay it out:
#   partition 1  ESP (FAT): GRUB (Debian's monolithic grubriscv64.efi) at
#                \EFI\BOOT\BOOTRISCV64.EFI and \EFI\tb\grubriscv64.efi,
#                its configuration at \EFI\debian\grub.cfg
#   partition 2  ext4 root, label tb-droot: Debian's kernel and a small
#                initramfs in /boot, busybox, efibootmgr with its
#                libraries, and testbed/guest-init as /sbin/init
# No riscv64 binary runs here (see testbed/build-debian.sh).  Cached by a
# hash of the packages' files and checksums and of the files that shape
# the image; prints the path of the image (qcow2).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
. "$testbed_dir/debian-apt.sh"

apt_setup guest "$deb_dir/guest-not-installed"
packages=$(words "$deb_dir/guest-packages")
apt_begin "UEFI guest" debian-guest /disk.qcow2 \
    "$deb_dir"/guest-packages "$deb_dir"/guest-not-installed \
    "$deb_dir"/guest-modules "$deb_dir"/guest-initramfs \
    "$deb_dir"/grub.cfg "$testbed_dir"/guest-init

rm -rf "$out"
mkdir -p "$out"
w=$out/work
trap 'rm -rf "$w"' EXIT
root=$w/root ird=$w/initramfs
mkdir -p "$root/boot" "$ird/bin"
apt_unpack "$list" "$root" 'linux-image-[0-9]*'

# the initramfs: busybox, the modules (uncompressed, for busybox's insmod)
# in their load order, and testbed/debian/guest-initramfs as /init
# shellcheck disable=SC2046
kver=$(kernel_modules "$(apt_deb "$list" 'linux-image-[0-9]*')" "$ird" \
    "$root/boot/vmlinux" $(words "$deb_dir/guest-modules"))
mv "$ird/usr/lib/modules/$kver" "$ird/modules"
rm -rf "$ird/usr"
find "$ird/modules" -name '*.ko.xz' -exec xz -d {} +
sed 's/\.xz$//' "$ird/modules/load-order" > "$ird/load-order"
cp "$root/usr/bin/busybox" "$ird/bin/busybox"
ln -s busybox "$ird/bin/sh"
mkdir -p "$ird/dev"
mknod -m 600 "$ird/dev/console" c 5 1
install -m 755 "$deb_dir/guest-initramfs" "$ird/init"
(cd "$ird" && find . | cpio -o -H newc -R 0:0 --quiet | gzip -9) \
    > "$root/boot/initrd.img"

# the root: Debian's files, the test bed's init, the heartbeat's file
# (tb.disk), and what the maintainer scripts would have made
grub=$root/usr/lib/grub/riscv64-efi/monolithic/grubriscv64.efi
[ -f "$grub" ] || die "no monolithic GRUB image in grub-efi-riscv64-unsigned"
cp "$grub" "$w/grub.efi"
rm -rf "$root"/usr/lib/grub "$root"/usr/share/doc "$root"/usr/share/man \
    "$root"/usr/share/locale "$root"/usr/share/lintian "$root"/usr/share/info
install -m 755 "$testbed_dir/guest-init" "$root/usr/sbin/init"
mkdir -p "$root/var/lib/tb" "$root/proc" "$root/sys" "$root/dev" \
    "$root/tmp" "$root/root" "$root/etc"
head -c 4096 /dev/zero > "$root/var/lib/tb/disk"
echo "root:x:0:0:root:/root:/bin/sh" > "$root/etc/passwd"
echo "root:x:0:" > "$root/etc/group"
echo "tb-debian-guest" > "$root/etc/hostname"
/usr/sbin/mke2fs -q -t ext4 -L tb-droot -d "$root" "$w/root.img" 192M >/dev/null

# the ESP
/usr/sbin/mkfs.vfat -C -n TB-ESP "$w/esp.img" 32768 >/dev/null
export MTOOLS_SKIP_CHECK=1
mmd -i "$w/esp.img" ::/EFI ::/EFI/BOOT ::/EFI/debian ::/EFI/tb
mcopy -i "$w/esp.img" "$w/grub.efi" ::/EFI/BOOT/BOOTRISCV64.EFI
mcopy -i "$w/esp.img" "$w/grub.efi" ::/EFI/tb/grubriscv64.efi
mcopy -i "$w/esp.img" "$deb_dir/grub.cfg" ::/EFI/debian/grub.cfg

# GPT: the ESP from 1 MiB, the root after it, 1 MiB for the backup table
esp_mib=32 root_mib=192
rm -f "$w/disk.img"
truncate -s $((1 + esp_mib + root_mib + 1))M "$w/disk.img"
/usr/sbin/sfdisk -q "$w/disk.img" <<EOT
label: gpt
start=1MiB, size=${esp_mib}MiB, type=uefi, name="EFI system partition"
start=$((1 + esp_mib))MiB, size=${root_mib}MiB, type=linux, name="tb-droot"
EOT
dd if="$w/esp.img" of="$w/disk.img" bs=1M seek=1 conv=notrunc status=none
dd if="$w/root.img" of="$w/disk.img" bs=1M seek=$((1 + esp_mib)) \
    conv=notrunc status=none
qemu-img convert -q -f raw -O qcow2 "$w/disk.img" "$out/disk.qcow2"
echo "$list" > "$out/packages"
touch "$out/.complete"
echo "$out/disk.qcow2"
