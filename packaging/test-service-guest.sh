#!/bin/bash
# Runs inside the booted Debian 12 root of packaging/test-service.sh (a systemd unit started at
# boot), never on a real machine: it installs, reloads, removes and purges smolpub. Every line
# goes to OUT/log and the console; the last line is "test-service: PASSED" or a FAIL line.
# Then it powers the machine off. Every wait is bounded.
set -u
here=/opt/smolpub-test
out=$here/out
mkdir -p "$out"
log=$out/log
: > "$log"
say() { echo "test-service: $*" | tee -a "$log" > /dev/console; }
finish() {
    sync
    systemctl --no-block poweroff
    exit 0
}
fail() {
    say "FAIL: $*"
    journalctl -u smolpub --no-pager -n 40 2>&1 | sed 's/^/test-service: journal: /' | tee -a "$log" > /dev/console
    finish
}

# A Gemini request on 127.0.0.1:1965; prints the reply.
gemini() {
    printf 'gemini://localhost%s\r\n' "$1" |
        timeout 20 openssl s_client -quiet -connect 127.0.0.1:1965 -servername localhost 2>/dev/null
}
# Up to SECONDS tries of a command, one a second.
retry() {
    local seconds=$1; shift
    for _ in $(seq 1 "$seconds"); do
        "$@" && return 0
        sleep 1
    done
    return 1
}

say "booted: $(uname -r), systemd $(systemctl --version | head -n 1 | cut -d' ' -f2), $(systemctl is-system-running)"
start=$(date +%s)
DEBIAN_FRONTEND=noninteractive timeout 600 apt-get install -y "$here/smolpub.deb" \
    > "$out/apt-install.log" 2>&1 || { tail -n 20 "$out/apt-install.log" | tee -a "$log"; fail "apt-get install"; }
say "ok: apt-get install ./smolpub.deb ($(( $(date +%s) - start )) s)"

[ "$(systemctl is-enabled smolpub)" = enabled ] || fail "unit not enabled"
retry 60 systemctl -q is-active smolpub || fail "service not active: $(systemctl is-active smolpub)"
say "ok: installing enabled and started smolpub.service"

home_ok() { reply=$(gemini /) && printf '%s\n' "$reply" | head -n 1 | grep -q '^20 text/gemini' &&
            printf '%s\n' "$reply" | grep -q 'installed by the smolpub package'; }
reply=
retry 60 home_ok || fail "Gemini on 127.0.0.1:1965: '$(printf '%s' "$reply" | head -n 1)'"
say "ok: Gemini answers on 1965: $(printf '%s\n' "$reply" | head -n 1 | tr -d '\r')"

gopher() { timeout 20 bash -c 'exec 3<>/dev/tcp/127.0.0.1/7070 && printf "\r\n" >&3 && cat <&3'; }
menu=$(gopher) || true
printf '%s\n' "$menu" | grep -q 'Notes' || fail "Gopher on 7070: '$menu'"
say "ok: Gopher answers on 7070"

[ -s /var/lib/smolpub/certs/localhost.crt ] || fail "no certificate in /var/lib/smolpub/certs"
say "ok: certificate made in /var/lib/smolpub/certs"

# Reload (SIGHUP): the same process serves an edited capsule.
pid=$(systemctl show -p MainPID --value smolpub)
echo 'Reloaded by test-service.' >> /srv/smolpub/index.md
timeout 60 systemctl reload smolpub || fail "systemctl reload"
reloaded() { reply=$(gemini /) && printf '%s\n' "$reply" | grep -q 'Reloaded by test-service'; }
retry 30 reloaded || fail "the edit is not served after systemctl reload"
[ "$(systemctl show -p MainPID --value smolpub)" = "$pid" ] || fail "reload restarted the process"
systemctl -q is-active smolpub || fail "not active after reload"
say "ok: systemctl reload (SIGHUP) serves the edit, same PID $pid"

DEBIAN_FRONTEND=noninteractive timeout 300 apt-get remove -y smolpub > "$out/apt-remove.log" 2>&1 ||
    fail "apt-get remove"
! systemctl -q is-active smolpub || fail "still active after remove"
[ ! -e /usr/bin/smolpub ] || fail "remove left /usr/bin/smolpub"
[ -s /var/lib/private/smolpub/certs/localhost.crt ] || fail "remove deleted the state"
say "ok: apt-get remove stops the service, keeps /var/lib/smolpub (certificate)"

DEBIAN_FRONTEND=noninteractive timeout 300 apt-get purge -y smolpub > "$out/apt-purge.log" 2>&1 ||
    fail "apt-get purge"
for p in /var/lib/smolpub /var/lib/private/smolpub /etc/smolpub; do
    [ ! -e "$p" ] && [ ! -L "$p" ] || fail "purge kept $p"
done
[ -d /srv/smolpub ] || fail "purge deleted the user's capsule /srv/smolpub"
say "ok: apt-get purge deletes /var/lib/smolpub and /etc/smolpub, keeps /srv/smolpub"
say "PASSED ($(( $(date +%s) - start )) s in the guest)"
finish
