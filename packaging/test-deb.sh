#!/usr/bin/env bash
# Tests the Debian package (#30). Not run by .ci/run: building the package compiles the whole
# program again (minutes). Run as root on a Debian 12 machine where smolpub is not installed:
#   packaging/test-deb.sh            # ./run.sh deb, then every check below
#   packaging/test-deb.sh --no-build # test the dist/*.deb already built
# 1. dpkg-deb -c / -I: the file list and the conffile; lintian: no E: lines.
# 2. The extracted binary answers --version; `check` passes on the packaged config + starter.
# 3. On this machine: install (starter capsule copied, unit enabled), systemd-analyze verify,
#    the unit's ExecStart run by hand (as an unprivileged user, like DynamicUser) serves the
#    starter capsule over Gemini on a loopback port, a reinstall keeps an edited conffile,
#    remove keeps /var/lib/smolpub, purge deletes it. Everything is removed on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
[ "$(id -u)" -eq 0 ] || exec sudo -- "$0" "$@"

fail() { echo "test-deb: FAIL: $*" >&2; exit 1; }
ok() { echo "test-deb: ok: $*"; }

[ "${1:-}" = --no-build ] || ./run.sh deb
deb=$(ls dist/smolpub_*.deb | grep -v dbgsym | head -n 1)
[ -f "$deb" ] || fail "no dist/smolpub_*.deb"
echo "test-deb: testing $deb"

# Refuse to touch a machine that already has smolpub: the cycle would destroy its state.
dpkg-query -W -f='${Status}' smolpub 2>/dev/null | grep -q installed && fail "smolpub is installed here"
for p in /srv/smolpub /var/lib/smolpub /var/lib/private/smolpub /etc/smolpub; do
    [ ! -e "$p" ] || fail "$p exists; run on a machine without smolpub"
done

tmp=$(mktemp -d)
server=
cleanup() {
    [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
    dpkg-query -W -f='${Status}' smolpub 2>/dev/null | grep -q 'ok' && dpkg -P smolpub >/dev/null 2>&1
    rm -rf "$tmp" /srv/smolpub /var/lib/smolpub /var/lib/private/smolpub /etc/smolpub
}
trap cleanup EXIT

# 1. Contents, conffiles, lintian.
dpkg-deb -c "$deb" > "$tmp/contents"
for f in ./usr/bin/smolpub ./lib/systemd/system/smolpub.service ./etc/smolpub/smolpub.toml \
         ./usr/share/doc/smolpub/smolpub.toml.gz ./usr/share/doc/smolpub/copyright \
         ./usr/share/man/man1/smolpub.1.gz ./usr/share/smolpub/starter/index.md \
         ./usr/share/smolpub/starter/notes/hello.md; do
    grep -q " $f\$" "$tmp/contents" || fail "$f missing from the package"
done
ok "file list"
dpkg-deb -I "$deb" conffiles | grep -qx /etc/smolpub/smolpub.toml || fail "conffiles"
ok "conffiles: /etc/smolpub/smolpub.toml"
lintian "$deb" > "$tmp/lintian" 2>&1 || true
cat "$tmp/lintian"
! grep -q '^E:' "$tmp/lintian" || fail "lintian errors"
ok "lintian: no E: lines"

# 2. The extracted binary and the packaged configuration.
dpkg-deb -x "$deb" "$tmp/root"
file "$tmp/root/usr/bin/smolpub" | grep -q ', stripped' || fail "binary not stripped"
"$tmp/root/usr/bin/smolpub" --version | grep -q "$(dpkg-deb -f "$deb" Version)" || fail "--version"
ok "--version: $("$tmp/root/usr/bin/smolpub" --version)"
sed -e "s|/srv/smolpub|$tmp/root/usr/share/smolpub/starter|" -e "s|/var/lib/smolpub|$tmp/state|" \
    "$tmp/root/etc/smolpub/smolpub.toml" > "$tmp/check.toml"
"$tmp/root/usr/bin/smolpub" check --config "$tmp/check.toml" || fail "check on the packaged config"
ok "check passes on the packaged config and starter capsule"

# 3. Install, serve, remove, purge.
dpkg -i "$deb" >/dev/null
[ -f /srv/smolpub/index.md ] || fail "starter capsule not copied to /srv/smolpub"
[ -L /etc/systemd/system/multi-user.target.wants/smolpub.service ] || fail "unit not enabled"
ok "installed: starter capsule in /srv/smolpub, unit enabled"
systemd-analyze verify /lib/systemd/system/smolpub.service || fail "systemd-analyze verify"
ok "systemd-analyze verify"

# The unit's command line, run as it would: working directory and writable state in
# /var/lib/smolpub, an unprivileged user. Only the listen addresses differ (loopback, a free
# port), in a copy of the installed configuration.
exec_start=$(sed -n 's/^ExecStart=//p' /lib/systemd/system/smolpub.service)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
gport=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
sed -e "/^\[gemini\]/a listen = [\"127.0.0.1:$port\"]" \
    -e "s|^listen = \[\"0.0.0.0:7070\", \"\[::\]:7070\"\]|listen = [\"127.0.0.1:$gport\"]|" \
    /etc/smolpub/smolpub.toml > "$tmp/serve.toml"
chmod 755 "$tmp"; chmod 644 "$tmp/serve.toml"
mkdir -p /var/lib/smolpub && chown nobody:nogroup /var/lib/smolpub && chmod 700 /var/lib/smolpub
cmd=${exec_start/\/etc\/smolpub\/smolpub.toml/$tmp/serve.toml}
(cd /var/lib/smolpub && exec setpriv --reuid nobody --regid nogroup --clear-groups -- $cmd) \
    > "$tmp/serve.log" 2>&1 &
server=$!
reply=
for _ in $(seq 1 50); do
    reply=$(printf 'gemini://localhost:%s/\r\n' "$port" |
            timeout 5 openssl s_client -quiet -connect "127.0.0.1:$port" -servername localhost 2>/dev/null) || true
    [ -n "$reply" ] && break
    sleep 0.2
done
kill "$server"; wait "$server" 2>/dev/null || true; server=
printf '%s\n' "$reply" | head -n 1 | grep -q '^20 text/gemini' || { cat "$tmp/serve.log"; fail "Gemini reply: $reply"; }
printf '%s\n' "$reply" | grep -q 'installed by the smolpub package' || fail "starter capsule not served"
[ -s /var/lib/smolpub/certs/localhost.crt ] || fail "no certificate made in /var/lib/smolpub/certs"
ok "ExecStart serves the starter capsule over Gemini; certificate in /var/lib/smolpub/certs"

echo '# edited by test-deb' >> /etc/smolpub/smolpub.toml
dpkg -i "$deb" >/dev/null
grep -q 'edited by test-deb' /etc/smolpub/smolpub.toml || fail "reinstall replaced the edited conffile"
ok "reinstall keeps the edited conffile"

dpkg -r smolpub >/dev/null
[ ! -e /usr/bin/smolpub ] || fail "remove left /usr/bin/smolpub"
[ -s /var/lib/smolpub/certs/localhost.crt ] || fail "remove deleted the state"
ok "remove keeps /var/lib/smolpub"
dpkg -P smolpub >/dev/null
[ ! -e /var/lib/smolpub ] || fail "purge kept /var/lib/smolpub"
[ ! -e /etc/smolpub ] || fail "purge kept /etc/smolpub"
[ ! -e /etc/systemd/system/multi-user.target.wants/smolpub.service ] || fail "purge kept the enable link"
ok "purge deletes /var/lib/smolpub, /etc/smolpub and the enable link"
echo "test-deb: all passed"
