# Shared settings for the series' scripts; sourced, not run.

# where cached inputs live, keyed by their hashes (outside the repository)
SERIES_CACHE=${SERIES_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/qemu-kvm-series}

BASE_VERSION=10.0.13
BASE_DEB_VERSION=1:10.0.13+ds-0+deb13u1
BASE_TARBALL=qemu_10.0.13+ds.orig.tar.xz
BASE_SHA256=6a0888e806c2ffc0c5f0733e974f9aea55491950d3c47c98669c8b236dde59ae

# Private apt configuration: our own sources list and package lists, so
# that the system's /etc/apt stays as it is.
APT_DIR=$SERIES_CACHE/apt

# the machine's Debian mirror for archive NAME (debian, debian-security)
debian_mirror() {
    local m
    m=$(sed -n "s/^URIs: *\(http[^ ]*\/$1\)\/* *\$/\1/p" \
        /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -n 1)
    echo "${m:-http://deb.debian.org/$1}"
}

apt_setup() {
    local m s
    m=$(debian_mirror debian)
    s=$(debian_mirror debian-security)
    mkdir -p "$APT_DIR/lists/partial"
    cat > "$APT_DIR/sources.list.new" <<EOT
deb $m bookworm main
deb $s bookworm-security main
deb $m bookworm-updates main
deb $m bookworm-backports main
deb-src $m bookworm main
deb-src $m trixie main
EOT
    mv "$APT_DIR/sources.list.new" "$APT_DIR/sources.list"
}

apt_private() {
    apt-get -o Dir::Etc::SourceList="$APT_DIR/sources.list" \
            -o Dir::Etc::SourceParts=/dev/null \
            -o Dir::State::Lists="$APT_DIR/lists" \
            -o APT::Get::List-Cleanup=0 \
            -o APT::Sandbox::User=root "$@"
}

msg() {
    echo "series: $*" >&2
}

die() {
    echo "series: error: $*" >&2
    exit 1
}
