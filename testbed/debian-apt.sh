# A private apt configuration for Debian trixie's riscv64 binary packages
# (testbed/build-debian.sh, testbed/build-debian-guest.sh); sourced after
# testbed/lib.sh, not run.  Nothing is installed on the machine: apt only
# resolves a closure against a fake dpkg status and downloads .debs into
# the test bed's cache, where every user shares them.

deb_dir=$testbed_dir/debian
apt_dir=$TB_CACHE/debian-apt
apt_status=

# words FILE: the words of a list file ('#' starts a comment)
words() {
    sed 's/#.*//' "$1" | tr -s ' \t' '\n\n' | sed '/^$/d'
}

# apt_setup NAME NOT-INSTALLED: a status file (NAME) in which the packages
# NOT-INSTALLED lists count as installed, so that apt leaves them out
apt_setup() {
    local p
    mkdir -p "$apt_dir/lists/partial" "$apt_dir/archives/partial" \
        "$apt_dir/none/partial"
    echo "deb [arch=riscv64] $(debian_mirror debian) trixie main" \
        > "$apt_dir/sources.list"
    apt_status=$apt_dir/status-$1
    for p in $(words "$2"); do
        printf 'Package: %s\nSource: testbed-not-installed\nStatus: install ok installed\nPriority: optional\nSection: misc\nMaintainer: none\nArchitecture: all\nVersion: 9999\nDescription: not in the test bed\n\n' "$p"
    done > "$apt_status"
}

apt_rv() {
    apt-get -o Dir::Etc::SourceList="$apt_dir/sources.list" \
            -o Dir::Etc::SourceParts=/dev/null \
            -o Dir::State::Lists="$apt_dir/lists" \
            -o Dir::State="$apt_dir" -o Dir::State::status="$apt_status" \
            -o Dir::Etc::Preferences=/dev/null \
            -o Dir::Etc::PreferencesParts=/dev/null \
            -o Dir::Cache="$apt_dir" -o Dir::Cache::archives="$apt_dir/archives" \
            -o APT::Architectures::=riscv64 -o APT::Architecture=riscv64 \
            -o APT::Get::List-Cleanup=0 -o APT::Sandbox::User=root \
            -o Debug::NoLocking=1 "$@"
}

# apt_update_or_last WHAT GLOB [SUFFIX]: read the package index; when the
# mirror is out of reach, print the last complete build of WHAT (the
# newest directory GLOB matches, SUFFIX appended) and end the script
apt_update_or_last() {
    local last
    apt_rv update -qq >/dev/null 2>&1 && return 0
    # shellcheck disable=SC2086
    last=$(ls -td $2/.complete 2>/dev/null | head -n 1)
    [ -n "$last" ] ||
        die "cannot read Debian's trixie riscv64 package index (mirror $(debian_mirror debian)), and no $1 was built before"
    msg "warning: cannot read Debian's package index; using the $1 built before ($(dirname "$last"))"
    echo "$(dirname "$last")${3:-}"
    exit 0
}

# apt_begin WHAT NAME SUFFIX FILE...: the start of a build from the
# packages in $packages, cached as $TB_CACHE/NAME-KEY (KEY a hash of the
# closure's files and checksums, this script and FILE...): when it is
# complete (or the index is out of reach, the last one), print it with
# SUFFIX appended and end the script; else download the closure and set
# $list (apt_closure's) and $out
apt_begin() {
    local what=$1 name=$2 suffix=$3
    shift 3
    apt_update_or_last "$what" "$TB_CACHE/$name-*" "$suffix"
    # shellcheck disable=SC2086
    list=$(apt_closure $packages)
    out=$TB_CACHE/$name-$(KEY_EXTRA=$list key "$0" \
        "$testbed_dir"/debian-apt.sh "$@")
    if [ -f "$out/.complete" ]; then
        echo "$out$suffix"
        exit 0
    fi
    msg "$what: $(echo "$list" | wc -l) packages from trixie (riscv64)"
    # shellcheck disable=SC2086
    apt_download $packages
}

# apt_closure PACKAGE...: "FILE SHA256" a line, sorted, for the packages
# and what they depend on (apt prints no URI for a .deb already in its
# archives: it lists against an empty one)
apt_closure() {
    local uris
    uris=$(apt_rv -o Dir::Cache::archives="$apt_dir/none" install -qq -y \
        --no-install-recommends --print-uris "$@") ||
        die "apt cannot resolve $*: $(apt_rv install -s -qq -y --no-install-recommends "$@" 2>&1 | tail -n 3)"
    # "'URL' FILE SIZE SHA256:..." a line
    echo "$uris" | awk '{print $2, $4}' | sort
}

# apt_download PACKAGE...: the closure's .debs into the cache
apt_download() {
    apt_rv install -qq -y --no-install-recommends --download-only "$@" \
        >/dev/null || die "downloading $* failed"
}

# apt_unpack LIST ROOT [SKIP-GLOB]: unpack each file of an apt_closure
# LIST into ROOT (merged /usr, as Debian has it), but those matching
# SKIP-GLOB
apt_unpack() {
    local f deb
    mkdir -p "$2/usr/bin" "$2/usr/sbin" "$2/usr/lib"
    for d in bin sbin lib; do
        [ -e "$2/$d" ] || ln -s usr/$d "$2/$d"
    done
    for f in $(echo "$1" | awk '{print $1}'); do
        # shellcheck disable=SC2254
        case $f in
        ${3:-/}) continue ;;
        esac
        deb=$apt_dir/archives/$f
        [ -f "$deb" ] || die "$f is missing after the download"
        dpkg-deb --fsys-tarfile "$deb" |
            tar -x -C "$2" --keep-directory-symlink ||
            die "cannot unpack $f"
    done
}

# apt_deb LIST GLOB: the cached .deb of the LIST entry matching GLOB
apt_deb() {
    local f
    for f in $(echo "$1" | awk '{print $1}'); do
        # shellcheck disable=SC2254
        case $f in
        $2)
            echo "$apt_dir/archives/$f"
            return
            ;;
        esac
    done
    die "no package matching $2 in the closure"
}

# kernel_modules DEB ROOT IMAGE MODULE...: from the kernel package DEB,
# the kernel (an EFI stub Image) to IMAGE, and the modules named with what
# they depend on into ROOT/usr/lib/modules, with their modules.dep and
# their load order (load-order: paths below the version's directory,
# dependencies first); prints the kernel's version
kernel_modules() {
    local deb=$1 root=$2 image=$3 tmp kver mods kroot m rel
    shift 3
    # (each step says when it fails: this runs in a command substitution,
    # where set -e does not reach)
    tmp=$(mktemp -d)
    dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$tmp" \
        --wildcards './boot/vmlinux-*' './usr/lib/modules/*' ||
        die "cannot unpack the kernel from $deb"
    kver=$(ls "$tmp/usr/lib/modules")
    depmod -b "$tmp/usr" "$kver" || die "depmod failed for $kver"
    mods=$(modprobe -d "$tmp/usr" -S "$kver" --show-depends -a "$@") ||
        die "a module of $* is not in $kver"
    mods=$(echo "$mods" | awk '$1 == "insmod" && !seen[$2]++ {print $2}')
    [ -n "$mods" ] || die "no kernel module found for $*"
    kroot=$tmp/usr/lib/modules/$kver
    mkdir -p "$root/usr/lib/modules/$kver"
    for m in $mods; do
        rel=${m#"$kroot"/}
        mkdir -p "$root/usr/lib/modules/$kver/$(dirname "$rel")"
        cp "$m" "$root/usr/lib/modules/$kver/$rel" || die "cannot copy $m"
        echo "$rel"
    done > "$root/usr/lib/modules/$kver/load-order"
    cp "$kroot"/modules.order "$kroot"/modules.builtin* \
        "$root/usr/lib/modules/$kver/" || die "cannot copy $kver's module lists"
    depmod -b "$root/usr" "$kver" || die "depmod failed for $kver"
    cp "$tmp/boot/vmlinux-$kver" "$image" || die "no kernel image in $deb"
    rm -rf "$tmp"
    echo "$kver"
}
