#!/usr/bin/env bash
# Tests the package's service life cycle under a real systemd (#30): installing enables and
# starts smolpub.service, Gemini answers on 1965 and Gopher on 7070, `systemctl reload` (SIGHUP)
# serves an edit without a restart, `apt-get remove` keeps /var/lib/smolpub and `purge` deletes
# it. The checks themselves are packaging/test-service-guest.sh, run at boot by a unit inside a
# throwaway Debian 12 root. Not run by .ci/run (slow). As root:
#   packaging/test-service.sh [--no-build] [--qemu | --nspawn]
#     --no-build  test the dist/smolpub_*_amd64.deb already built (else ./run.sh deb first)
#     --qemu      boot the root as a virtual machine: qemu-system-x86_64, KVM if
#                 /dev/kvm exists, else software emulation (minutes); Debian's kernel, serial console
#     --nspawn    (default) boot it in a container: systemd-nspawn -b, no machine registration
#                 (works without systemd on the host; about 10 s once the root exists)
# The root is made once with debootstrap (from deb.debian.org) and kept in
# $SMOLPUB_TEST_ROOT (default /var/tmp/smolpub-test/root); delete it to make it again.
set -euo pipefail
cd "$(dirname "$0")/.."
[ "$(id -u)" -eq 0 ] || exec sudo -- "$0" "$@"

build=yes mode=nspawn
for arg in "$@"; do
    case $arg in
    --no-build) build=no ;;
    --qemu) mode=qemu ;;
    --nspawn) mode=nspawn ;;
    *) echo "usage: $0 [--no-build] [--qemu | --nspawn]" >&2; exit 2 ;;
    esac
done

fail() { echo "test-service: FAIL: $*" >&2; exit 1; }
t0=$(date +%s)
elapsed() { echo "$(( $(date +%s) - t0 )) s"; }

# shellcheck source=../install_missing.sh
source ./install_missing.sh
tools=(debootstrap e2fsprogs)
if [ "$mode" = qemu ]; then tools+=(qemu-system-x86); else tools+=(systemd-container); fi
install_missing "${tools[@]}"

[ "$build" = no ] || ./run.sh deb
deb=$(ls dist/smolpub_*_amd64.deb | grep -v dbgsym | head -n 1)
[ -f "$deb" ] || fail "no dist/smolpub_*_amd64.deb"
echo "test-service: testing $deb ($mode)"

root=${SMOLPUB_TEST_ROOT:-/var/tmp/smolpub-test/root}
if [ ! -e "$root/.smolpub-test-root" ]; then
    # The package's run-time dependencies go in now: the guest has no network.
    deps=$(dpkg-deb -f "$deb" Depends | tr ',' '\n' | sed -e 's/(.*)//' -e 's/|.*//' -e 's/ //g' |
           grep -v '^\$' | paste -sd, -)
    echo "test-service: debootstrap bookworm into $root (once; minutes)"
    rm -rf "$root.new"
    mkdir -p "$(dirname "$root")"
    debootstrap --variant=minbase \
        --include="systemd,systemd-sysv,dbus,openssl,linux-image-amd64,$deps" \
        bookworm "$root.new" http://deb.debian.org/debian > "$root.log" 2>&1 ||
        { tail -n 20 "$root.log"; fail "debootstrap (log: $root.log)"; }
    echo smolpub-test > "$root.new/etc/hostname"
    # No login prompt on the console: the test unit is the only thing to run.
    ln -sf /dev/null "$root.new/etc/systemd/system/serial-getty@ttyS0.service"
    ln -sf /dev/null "$root.new/etc/systemd/system/console-getty.service"
    rm -rf "$root" && mv "$root.new" "$root"
    touch "$root/.smolpub-test-root"
    echo "test-service: root ready ($(elapsed))"
fi

# The payload, fresh each run: the package, the guest's checks, and the unit that runs them.
rm -rf "$root/opt/smolpub-test" && mkdir -p "$root/opt/smolpub-test/out"
cp "$deb" "$root/opt/smolpub-test/smolpub.deb"
install -m 0755 packaging/test-service-guest.sh "$root/opt/smolpub-test/guest.sh"
cat > "$root/etc/systemd/system/smolpub-test.service" <<'EOF'
[Unit]
Description=smolpub package test (packaging/test-service.sh)
After=multi-user.target
[Service]
Type=oneshot
ExecStart=/opt/smolpub-test/guest.sh
StandardOutput=journal+console
StandardError=journal+console
TimeoutStartSec=1500
EOF
mkdir -p "$root/etc/systemd/system/default.target.wants"
ln -sf ../smolpub-test.service "$root/etc/systemd/system/default.target.wants/smolpub-test.service"

run=$(mktemp -d /var/tmp/smolpub-test/run.XXXXXX)
trap 'rm -rf "$run"' EXIT
mkdir -p "$run/out"
# Generous bounds: under software emulation a boot takes minutes.
limit=${SMOLPUB_TEST_TIMEOUT:-1500}
if [ "$mode" = nspawn ]; then
    [ -d /run/systemd/system ] || echo "test-service: warning: the host does not run systemd" >&2
    # --volatile=overlay: the root is read-only underneath, every write is thrown away.
    timeout "$limit" systemd-nspawn -q -D "$root" --volatile=overlay --register=no --keep-unit \
        --bind="$run/out:/opt/smolpub-test/out" -b < /dev/null > "$run/console" 2>&1 || true
else
    kernel=$(ls "$root"/boot/vmlinuz-* | sort -V | tail -n 1)
    initrd=$(ls "$root"/boot/initrd.img-* | sort -V | tail -n 1)
    # A disk image of the root, made fresh each run (seconds), so the root stays clean.
    mke2fs -q -t ext4 -F -L smolpub-test -d "$root" "$run/disk.img" 3G
    accel=tcg; [ -w /dev/kvm ] && accel=kvm
    echo "test-service: booting ($accel; console in $run/console while it runs)"
    timeout "$limit" nice -n 19 qemu-system-x86_64 -accel "$accel" -cpu max -smp 1 -m 1024 \
        -display none -monitor none -serial "file:$run/console" -no-reboot -nic none \
        -kernel "$kernel" -initrd "$initrd" \
        -append "root=/dev/vda rw console=ttyS0 panic=-1 systemd.show_status=false" \
        -drive "file=$run/disk.img,format=raw,if=virtio" < /dev/null || true
    debugfs -R "dump /opt/smolpub-test/out/log $run/out/log" "$run/disk.img" > /dev/null 2>&1 || true
fi
if [ ! -s "$run/out/log" ]; then
    tail -n 40 "$run/console"
    fail "the guest wrote no result ($(elapsed))"
fi
cat "$run/out/log"
tail -n 1 "$run/out/log" | grep -q '^test-service: PASSED' || fail "see above ($(elapsed))"
echo "test-service: all passed ($mode, $(elapsed))"
