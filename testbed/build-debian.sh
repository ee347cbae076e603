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

deb_dir=$testbed_dir/debian
apt_dir=$TB_CACHE/debian-apt
mkdir -p "$apt_dir/lists/partial" "$apt_dir/archives/partial"

words() {
    sed 's/#.*//' "$1" | tr -s ' \t' '\n\n' | sed '/^$/d'
}

# the private apt configuration: riscv64 only, trixie
mirror=$(debian_mirror debian)
echo "deb [arch=riscv64] $mirror trixie main" > "$apt_dir/sources.list"
: > "$apt_dir/status"
for p in $(words "$deb_dir/not-installed"); do
    printf 'Package: %s\nSource: testbed-not-installed\nStatus: install ok installed\nPriority: optional\nSection: misc\nMaintainer: none\nArchitecture: all\nVersion: 9999\nDescription: not in the test bed\n\n' "$p"
done >> "$apt_dir/status"
apt_rv() {
    apt-get -o Dir::Etc::SourceList="$apt_dir/sources.list" \
            -o Dir::Etc::SourceParts=/dev/null \
            -o Dir::State::Lists="$apt_dir/lists" \
            -o Dir::State="$apt_dir" -o Dir::State::status="$apt_dir/status" \
            -o Dir::Etc::Preferences=/dev/null \
            -o Dir::Etc::PreferencesParts=/dev/null \
            -o Dir::Cache="$apt_dir" -o Dir::Cache::archives="$apt_dir/archives" \
            -o APT::Architectures::=riscv64 -o APT::Architecture=riscv64 \
            -o APT::Get::List-Cleanup=0 -o APT::Sandbox::User=root \
            -o Debug::NoLocking=1 "$@"
}
packages=$(words "$deb_dir/packages")
# apt_install [APT-OPTION...] INSTALL-OPTION...: apt on the package list
apt_install() {
    local opts=()
    while [ $# -gt 0 ] && [ "$1" = -o ]; do
        opts+=("$1" "$2")
        shift 2
    done
    apt_rv "${opts[@]}" install -qq -y --no-install-recommends "$@" $packages
}

if ! apt_rv update -qq >/dev/null 2>&1; then
    # offline: the last Debian host built here, if there is one
    last=$(ls -td "$TB_CACHE"/debian-host-*/.complete 2>/dev/null | head -n 1)
    [ -n "$last" ] ||
        die "cannot read Debian's trixie riscv64 package index (mirror $mirror), and no Debian host was built before"
    msg "warning: cannot read Debian's package index; using the Debian host built before ($(dirname "$last"))"
    dirname "$last"
    exit 0
fi
# (apt prints no URI for a .deb already in its archives: list against an
# empty one)
mkdir -p "$apt_dir/none/partial"
uris=$(apt_install -o Dir::Cache::archives="$apt_dir/none" --print-uris) ||
    die "apt cannot resolve the Debian host's packages: $(apt_install -s 2>&1 | tail -n 3)"
# "'URL' FILE SIZE SHA256:..." a line; the key covers files and checksums
list=$(echo "$uris" | awk '{print $2, $4}' | sort)
KEY_EXTRA=$list k=$(key "$0" "$deb_dir"/packages "$deb_dir"/not-installed \
    "$deb_dir"/modules "$deb_dir"/setup "$testbed_dir"/host-init \
    "$testbed_dir"/mkinitramfs.sh)
out=$TB_CACHE/debian-host-$k
if [ -f "$out/.complete" ]; then
    echo "$out"
    exit 0
fi

msg "Debian host: $(echo "$list" | wc -l) packages from trixie (riscv64)"
apt_install --download-only >/dev/null ||
    die "downloading the Debian host's packages failed"

rm -rf "$out" "$out.root" "$out.kernel"
trap 'rm -rf "$out.root" "$out.kernel"' EXIT
root=$out.root
mkdir -p "$out" "$root/usr/bin" "$root/usr/sbin" "$root/usr/lib" "$out.kernel"
# merged /usr, as Debian has it
for d in bin sbin lib; do
    ln -s usr/$d "$root/$d"
done
kdeb=
for f in $(echo "$list" | awk '{print $1}'); do
    deb=$apt_dir/archives/$f
    [ -f "$deb" ] || die "$f is missing after the download"
    case $f in
    linux-image-[0-9]*)
        kdeb=$deb
        continue
        ;;
    esac
    dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$root" --keep-directory-symlink ||
        die "cannot unpack $f"
done
[ -n "$kdeb" ] || die "no linux-image package in the closure"

# the kernel: its Image (an EFI stub Image that -kernel boots), and the
# modules of testbed/debian/modules with what they depend on
dpkg-deb --fsys-tarfile "$kdeb" | tar -x -C "$out.kernel" \
    --wildcards './boot/vmlinux-*' './usr/lib/modules/*'
kver=$(ls "$out.kernel/usr/lib/modules")
cp "$out.kernel/boot/vmlinux-$kver" "$out/Image"
depmod -b "$out.kernel/usr" "$kver"
mods=$(modprobe -d "$out.kernel/usr" -S "$kver" --show-depends -a \
    $(words "$deb_dir/modules")) ||
    die "a module of testbed/debian/modules is not in $kver"
mods=$(echo "$mods" | awk '$1 == "insmod" {print $2}' | sort -u)
[ -n "$mods" ] || die "no kernel module found for testbed/debian/modules"
kroot=$out.kernel/usr/lib/modules/$kver
for m in $mods; do
    rel=${m#"$kroot"/}
    mkdir -p "$root/usr/lib/modules/$kver/$(dirname "$rel")"
    cp "$m" "$root/usr/lib/modules/$kver/$rel"
done
cp "$kroot"/modules.order "$kroot"/modules.builtin* "$root/usr/lib/modules/$kver/"
depmod -b "$root/usr" "$kver"
rm -rf "$out.kernel"

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
