#!/usr/bin/env bash
# Provision what jupyter-docker and its test suite need on this machine.
#
#   scripts/provision.sh          docker engine at /var/run/docker.sock + base image
#   scripts/provision.sh --lab    ... plus the lessons' registry, lesson 9's swarm engine and a
#                                 CJK font (what `make lab` runs)
#   scripts/provision.sh --test   ... plus a second engine (H2), the registry, a CJK font and chromium
#   scripts/provision.sh --show-registry   print "ADDRESS USER PASSWORD" of the registry
#
# Idempotent and fast when everything is already up: every service is detected by its
# pidfile AND a real probe; a dead one is restarted, a running one is left alone.
# Everything it starts keeps running after it exits (the tests use it).
# Installs Debian packages only when something is missing (needs root on Debian).
#
#   main engine   unix:///var/run/docker.sock            log /var/log/jupyter-docker-dockerd.log
#   base image    jupyter-docker/busybox:latest          (busybox-static, every applet linked)
#   H2 engine     unix:///var/run/jupyter-docker-h2.sock in network namespace "jdh2"
#   Engine 26     unix:///var/run/jupyter-docker-e26.sock  netns "jde26" (Debian 13's dockerd)
#   Engine 26 cs  unix:///var/run/jupyter-docker-e26c.sock netns "jde26c" (containerd image store)
#   registry      http://127.0.0.1:5000 (htpasswd: jdtest / jdtest-secret, test and lessons)
#   swarm engine  unix:///var/run/jupyter-docker-swarm.sock netns "jdswarm" (lesson 9's swarm)
#
# Why H2 runs in its own network namespace: a second dockerd in the host namespace manages
# the same `docker0` bridge and iptables chains as the first one, and with `--bridge none`
# it even deletes `docker0` on start (moby: configureNetworking -> removeDefaultBridgeInterface);
# after that every `docker run` on the main engine fails. In its own namespace it has its
# own docker0/iptables and cannot touch the host's.
set -euo pipefail

TEST=0
LAB=0
SHOW_REGISTRY=0
for arg in "$@"; do
    case $arg in
        --test) TEST=1 ;;
        --lab) LAB=1 ;;
        --show-registry) SHOW_REGISTRY=1 ;;
        -h|--help) sed -n '2,25p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "provision: unknown argument: $arg (use --lab, --test or --help)" >&2; exit 2 ;;
    esac
done

MAIN_SOCK=/var/run/docker.sock
MAIN_PIDFILE=/var/run/docker.pid
MAIN_LOG=/var/log/jupyter-docker-dockerd.log
BASE_IMAGE=jupyter-docker/busybox:latest
# The image's Comment names what is in it; an image with another Comment is rebuilt.
# (Not a label: image labels are copied into every container made from the image.)
BASE_COMMENT="jupyter-docker base v1: busybox-static, applets at their usual paths"

# JD_H2_NAME / JD_H2_NETNS / JD_REGISTRY_NAME / JD_REGISTRY_ADDR only exist to try this
# script on a spare set of services; tests/conftest.py expects the defaults.
H2_NAME=${JD_H2_NAME:-jupyter-docker-h2}
H2_NETNS=${JD_H2_NETNS:-jdh2}
H2_SOCK=/var/run/$H2_NAME.sock
H2_PIDFILE=/var/run/$H2_NAME.pid
H2_DATA=/var/lib/$H2_NAME
H2_EXEC=/var/run/$H2_NAME
H2_LOG=/var/log/$H2_NAME.log

REG_NAME=${JD_REGISTRY_NAME:-jupyter-docker-registry}
REG_DIR=/var/lib/$REG_NAME
REG_ADDR=${JD_REGISTRY_ADDR:-127.0.0.1:5000}
REG_PIDFILE=/var/run/$REG_NAME.pid
REG_LOG=/var/log/$REG_NAME.log
REG_USER=jdtest
REG_PASSWORD=jdtest-secret   # test and classroom credentials, the registry listens on 127.0.0.1 only
REG_REALM=jupyter-docker
if ((SHOW_REGISTRY)); then echo "$REG_ADDR $REG_USER $REG_PASSWORD"; exit 0; fi

export PATH="$PATH:/usr/sbin:/sbin"
T0=$EPOCHREALTIME
IS_ROOT=0; [[ $(id -u) == 0 ]] && IS_ROOT=1
IS_DEBIAN=0; [[ -r /etc/debian_version ]] && command -v apt-get >/dev/null && IS_DEBIAN=1
APT_UPDATED=0
TMP=""
trap '[[ -n $TMP ]] && rm -rf "$TMP"' EXIT

# ---------------------------------------------------------------------------- helpers
step() { printf 'provision: %-11s %s\n' "$1" "$2"; }
die() { printf 'provision: %-11s FAILED: %s\n' "$1" "$2" >&2; exit 1; }
since() { # seconds since $1 (an $EPOCHREALTIME), 2 decimals
    local a=${1/./} b=${EPOCHREALTIME/./}
    local d=$(( (b - a) / 10000 ))
    printf '%d.%02ds' $((d / 100)) $((d % 100))
}
tmpdir() { [[ -n $TMP ]] || TMP=$(mktemp -d /tmp/jupyter-docker-provision.XXXXXX); }

# ensure_pkgs STEP PKG[=PATH]...: install the packages whose PATH does not exist (or which
# dpkg does not list as installed, for PKG without =PATH). apt-get update runs at most once.
ensure_pkgs() {
    local what=$1; shift
    local missing=() spec pkg path
    for spec in "$@"; do
        pkg=${spec%%=*}; path=${spec#*=}
        if [[ $spec == *=* ]]; then
            [[ -e $path ]] || missing+=("$pkg")
        elif ! dpkg-query -W -f='${db:Status-Abbrev}' "$pkg" 2>/dev/null | grep -q '^ii'; then
            missing+=("$pkg")
        fi
    done
    ((${#missing[@]})) || return 0
    if ((!IS_ROOT || !IS_DEBIAN)); then
        die "$what" "missing ${missing[*]}; install them (Debian: apt-get install ${missing[*]}) or run this script as root on Debian"
    fi
    local t=$EPOCHREALTIME
    if ((!APT_UPDATED)); then
        apt-get update -qq >/dev/null || die "$what" "apt-get update failed"
        APT_UPDATED=1
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        "${missing[@]}" >/dev/null || die "$what" "apt-get install ${missing[*]} failed"
    step "$what" "installed ${missing[*]} ($(since "$t"))"
}

# ping SOCKET: the engine at SOCKET answers its API
ping() { [[ -S $1 ]] && [[ $(curl -s -m 2 --unix-socket "$1" http://docker/_ping 2>/dev/null) == OK ]]; }

# alive PIDFILE [CMDLINE-SUBSTRING]: pid in PIDFILE is a live process (running that command)
alive() {
    local pid
    pid=$(cat "$1" 2>/dev/null) && [[ $pid =~ ^[0-9]+$ ]] && ! gone "$pid" || return 1
    [[ -z ${2:-} ]] || tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$2"
}

# spawn LOG CMD...: run CMD in the background in its own session, stdin from /dev/null,
# output appended to LOG, and no inherited file descriptors beyond 0-2 (a daemon keeping
# our lock or a CI pipe open would block the next provision / hang the CI job).
spawn() {
    local log=$1; shift
    (
        cd /
        for fd in "/proc/$BASHPID/fd/"*; do
            fd=${fd##*/}
            ((fd > 2)) && eval "exec $fd>&-"
        done 2>/dev/null
        exec setsid nohup "$@" </dev/null >>"$log" 2>&1
    ) &
}

# wait_for SECONDS CMD...: retry CMD every 0.2s until it succeeds or SECONDS have passed
wait_for() {
    local end=$(( ${EPOCHREALTIME/./} + $1 * 1000000 )); shift
    until "$@"; do
        (( ${EPOCHREALTIME/./} < end )) || return 1
        sleep 0.2
    done
}

# stop_pid PIDFILE: TERM (then KILL after 15s) the process in PIDFILE; only ours are passed
stop_pid() {
    local pid; pid=$(cat "$1" 2>/dev/null) || return 0
    if ! [[ $pid =~ ^[0-9]+$ ]] || ! kill -0 "$pid" 2>/dev/null; then rm -f "$1"; return 0; fi
    kill "$pid" 2>/dev/null || true
    wait_for 15 gone "$pid" || kill -9 "$pid" 2>/dev/null || true
    wait_for 5 gone "$pid" || true
    rm -f "$1"
}
gone() { ! kill -0 "$1" 2>/dev/null || [[ $(cut -d' ' -f3 "/proc/$1/stat" 2>/dev/null) == Z ]]; }

engine_version() { # SOCKET -> "20.10.24+dfsg1 (API 1.41)"
    curl -s -m 3 --unix-socket "$1" http://docker/version 2>/dev/null |
        sed -n 's/.*"Version":"\([^"]*\)","ApiVersion":"\([^"]*\)".*/\1 (API \2)/p'
}

# Run a docker CLI against SOCKET, whatever DOCKER_HOST/DOCKER_CONTEXT say.
dk() { local sock=$1; shift; env -u DOCKER_CONTEXT docker -H "unix://$sock" "$@"; }

# ---------------------------------------------------------------------------- lock
# Several engineers may run this (via `make test`) at the same time: one at a time.
LOCK=/var/lock/jupyter-docker-provision.lock
((IS_ROOT)) || LOCK=/tmp/jupyter-docker-provision.$(id -u).lock
exec 9>>"$LOCK"
if ! flock -n 9; then
    step lock "waiting for another provision run"
    flock -w 600 9 || die lock "another provision run holds $LOCK for more than 10 min"
fi

command -v curl >/dev/null || ensure_pkgs tools curl=/usr/bin/curl ca-certificates=/etc/ssl/certs

# ---------------------------------------------------------------------------- main engine
main_engine() {
    if ping "$MAIN_SOCK"; then
        step engine "up $(engine_version "$MAIN_SOCK") at unix://$MAIN_SOCK"
        return
    fi
    local t=$EPOCHREALTIME
    if alive "$MAIN_PIDFILE" dockerd; then
        # running but not answering yet: maybe still starting. Not ours to kill.
        wait_for 30 ping "$MAIN_SOCK" ||
            die engine "dockerd (pid $(cat "$MAIN_PIDFILE")) runs but $MAIN_SOCK does not answer; see its log (e.g. $MAIN_LOG)"
        step engine "up $(engine_version "$MAIN_SOCK") (was starting, $(since "$t"))"
        return
    fi
    if [[ -S $MAIN_SOCK && ! -w $MAIN_SOCK ]]; then
        die engine "no permission on $MAIN_SOCK; run as root or join the group $(stat -c %G "$MAIN_SOCK")"
    fi
    ((IS_ROOT && IS_DEBIAN)) ||
        die engine "no docker engine answers at $MAIN_SOCK; start one (this script can, as root on Debian)"
    ensure_pkgs engine docker.io=/usr/sbin/dockerd iptables=/usr/sbin/iptables \
        ca-certificates=/etc/ssl/certs
    command -v docker >/dev/null || die engine "no docker CLI on PATH (Debian's is /usr/bin/docker)"
    if [[ -d /run/systemd/system ]] && command -v systemctl >/dev/null; then
        systemctl start docker || die engine "systemctl start docker failed"
    else
        rm -f "$MAIN_PIDFILE"   # not a live dockerd (checked above); dockerd refuses a stale one
        spawn "$MAIN_LOG" dockerd --pidfile "$MAIN_PIDFILE"
    fi
    wait_for 30 ping "$MAIN_SOCK" || die engine "dockerd did not answer within 30s; see $MAIN_LOG"
    step engine "started $(engine_version "$MAIN_SOCK") at unix://$MAIN_SOCK ($(since "$t"), log $MAIN_LOG)"
}

# ---------------------------------------------------------------------------- base image
ROOTFS_TAR=""
rootfs_tar() { # build (once per run) a tar of a busybox rootfs; sets ROOTFS_TAR
    [[ -z $ROOTFS_TAR ]] || return 0
    ensure_pkgs image busybox-static
    [[ -x /bin/busybox ]] || die image "/bin/busybox missing after installing busybox-static"
    tmpdir
    local r=$TMP/rootfs d
    mkdir -p "$r/bin" "$r/etc" "$r/root" "$r/tmp"
    cp /bin/busybox "$r/bin/busybox"
    # Every applet at its usual place (bin/sh, usr/sbin/httpd, ...) -> /bin/busybox.
    while read -r d; do mkdir -p "$r/$d"; done < <(/bin/busybox --list-full | sed 's|/[^/]*$||' | sort -u)
    if ! { ((IS_ROOT)) && chroot "$r" /bin/busybox --install -s 2>/dev/null; }; then
        while read -r d; do
            [[ -e $r/$d ]] || ln -s /bin/busybox "$r/$d"
        done < <(/bin/busybox --list-full)
    fi
    chmod 1777 "$r/tmp"
    chmod 700 "$r/root"
    printf '%s\n' 'root:x:0:0:root:/root:/bin/sh' \
        'nobody:x:65534:65534:nobody:/nonexistent:/bin/false' >"$r/etc/passwd"
    printf '%s\n' 'root:x:0:' 'nobody:x:65534:' >"$r/etc/group"
    ROOTFS_TAR=$TMP/rootfs.tar
    tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$r" -cf "$ROOTFS_TAR" .
}

# base_image STEP SOCKET: import the base image into the engine at SOCKET if it lacks it
# (or has an older build of it), then check that it runs.
base_image() {
    local what=$1 sock=$2 t=$EPOCHREALTIME out old="" how=built
    out=$(curl -s -m 5 --unix-socket "$sock" "http://docker/images/$BASE_IMAGE/json" 2>/dev/null) || true
    if [[ $out == *"\"Comment\":\"$BASE_COMMENT\""* ]]; then
        step "$what" "present $BASE_IMAGE"
        return
    fi
    if [[ $out == '{"Id":"'* ]]; then
        old=${out#'{"Id":"'}; old=${old%%'"'*}; how=rebuilt
    fi
    rootfs_tar
    dk "$sock" import -c 'CMD ["/bin/sh"]' -m "$BASE_COMMENT" "$ROOTFS_TAR" "$BASE_IMAGE" >/dev/null ||
        die "$what" "docker import failed"
    out=$(dk "$sock" run --rm "$BASE_IMAGE" echo ok 2>&1) && [[ $out == ok ]] ||
        die "$what" "docker run --rm $BASE_IMAGE echo ok said: $out"
    # The older build is now untagged; remove it unless containers still use it.
    [[ -z $old ]] || dk "$sock" rmi "$old" >/dev/null 2>&1 || true
    step "$what" "$how $BASE_IMAGE, runs 'echo ok' ($(since "$t"))"
}

# ---------------------------------------------------------------------------- H2 engine
netns_inode() { stat -L -c %i "/var/run/netns/$H2_NETNS" 2>/dev/null; }

h2_ok() { # H2 runs, answers, and lives in its own network namespace
    alive "$H2_PIDFILE" "$H2_SOCK" && ping "$H2_SOCK" || return 1
    ((IS_ROOT)) || return 0
    [[ $(readlink "/proc/$(cat "$H2_PIDFILE")/ns/net") == "net:[$(netns_inode)]" ]]
}

# main engine still runs containers, with a published port reachable on 127.0.0.1
main_still_runs() {
    local out name=jupyter-docker-provision-check-$$ port
    out=$(dk "$MAIN_SOCK" run --rm "$BASE_IMAGE" echo ok 2>&1) && [[ $out == ok ]] ||
        { echo "docker run --rm $BASE_IMAGE echo ok said: $out"; return 1; }
    dk "$MAIN_SOCK" run -d --name "$name" --label jupyter-docker-provision=1 -p 127.0.0.1::80 \
        "$BASE_IMAGE" sh -c 'echo ok >/tmp/index.html && exec httpd -f -p 80 -h /tmp' >/dev/null 2>&1 ||
        { echo "docker run -d -p 127.0.0.1::80 failed"; dk "$MAIN_SOCK" rm -f "$name" >/dev/null 2>&1; return 1; }
    port=$(dk "$MAIN_SOCK" port "$name" 80/tcp | sed -n 's/^127\.0\.0\.1:\([0-9]*\)$/\1/p')
    wait_for 10 eval "[[ \$(curl -s -m 2 http://127.0.0.1:$port/) == ok ]]"
    local rc=$?
    dk "$MAIN_SOCK" rm -f "$name" >/dev/null 2>&1 || true
    ((rc == 0)) || { echo "published port 127.0.0.1:$port did not answer"; return 1; }
}

h2_engine() {
    if h2_ok; then
        step h2-engine "up $(engine_version "$H2_SOCK") pid $(cat "$H2_PIDFILE") in netns $H2_NETNS"
        return
    fi
    ((IS_ROOT)) || die h2-engine "the second engine is not running; run this script as root"
    local t=$EPOCHREALTIME why=started
    if alive "$H2_PIDFILE" "$H2_SOCK"; then
        # ours, alive but not answering (or in the wrong namespace): give it a moment, then restart
        if wait_for 10 h2_ok; then
            step h2-engine "up $(engine_version "$H2_SOCK") (was starting)"; return
        fi
        stop_pid "$H2_PIDFILE"; why=restarted
    fi
    ensure_pkgs h2-engine docker.io=/usr/sbin/dockerd iproute2=/usr/sbin/ip util-linux=/usr/bin/nsenter
    # The namespace: create it, or recreate a stale one (file left without its nsfs mount).
    if ! nsenter --net="/var/run/netns/$H2_NETNS" true 2>/dev/null; then
        ip netns delete "$H2_NETNS" 2>/dev/null || rm -f "/var/run/netns/$H2_NETNS"
        ip netns add "$H2_NETNS" || die h2-engine "ip netns add $H2_NETNS failed"
    fi
    [[ $(netns_inode) != "$(stat -L -c %i /proc/self/ns/net)" ]] ||
        die h2-engine "netns $H2_NETNS is the host's own network namespace; refusing to start"
    ip -n "$H2_NETNS" link set lo up
    local had_docker0=0; ip link show docker0 >/dev/null 2>&1 && had_docker0=1
    mkdir -p "$H2_DATA" "$H2_EXEC"
    # A stale pidfile makes dockerd refuse to start when its pid still exists, e.g. as a
    # zombie (here pid 1 does not reap) or reused by another process: it is not ours, drop it.
    rm -f "$H2_PIDFILE"
    # Same for the containerd that dockerd runs under its exec-root: a zombie left by a dead
    # H2 makes the next dockerd wait for it ("containerd is still running") and give up;
    # an orphaned live one is ours (its config is under $H2_EXEC): stop it.
    local ctd=$H2_EXEC/containerd/containerd.pid
    if alive "$ctd" "$H2_EXEC/containerd/"; then stop_pid "$ctd"; else rm -f "$ctd"; fi
    # nsenter --net only (not `ip netns exec`, which also makes a mount namespace with a
    # fresh /sys that hides the cgroup mounts dockerd needs). --iptables=false: nothing
    # in H2 needs NAT; its containers only have to run and be listed.
    spawn "$H2_LOG" nsenter --net="/var/run/netns/$H2_NETNS" \
        dockerd --data-root "$H2_DATA" --exec-root "$H2_EXEC" -H "unix://$H2_SOCK" \
        --pidfile "$H2_PIDFILE" --iptables=false
    wait_for 30 h2_ok || die h2-engine "dockerd for $H2_SOCK did not answer within 30s; see $H2_LOG"
    if ((had_docker0)) && ! ip link show docker0 >/dev/null 2>&1; then
        stop_pid "$H2_PIDFILE"
        die h2-engine "starting H2 removed the host's docker0 bridge; stopped H2. Restart the main dockerd."
    fi
    step h2-engine "$why $(engine_version "$H2_SOCK") pid $(cat "$H2_PIDFILE") in netns $H2_NETNS ($(since "$t"), log $H2_LOG)"
    H2_STARTED=1
}

# ---------------------------------------------------------------------------- swarm engine
# Lesson 9 makes a one-node swarm. It does that on an engine of its own (the system's dockerd,
# in its own network namespace like H2, with its own data/exec root and containerd), so the
# engine every other lesson uses never enters swarm mode, even with the lessons running at once.
SW_NAME=${JD_SWARM_NAME:-jupyter-docker-swarm}
SW_NETNS=${JD_SWARM_NETNS:-jdswarm}
SW_SOCK=/var/run/$SW_NAME.sock
SW_UP=0
swarm_engine() {
    local pidfile=/var/run/$SW_NAME.pid data=/var/lib/$SW_NAME exec=/var/run/$SW_NAME
    local log=/var/log/$SW_NAME.log config=/var/lib/$SW_NAME.json t=$EPOCHREALTIME why=started
    if ns_engine_ok "$SW_SOCK" "$pidfile" "$SW_NETNS"; then
        step swarm "up $(engine_version "$SW_SOCK") pid $(cat "$pidfile") in netns $SW_NETNS"
        SW_UP=1; return
    fi
    if ((!IS_ROOT)); then  # not fatal for `make lab`: only lesson 9 needs it, and says so
        step swarm "not running and not root: lesson 9 (swarm) needs it; run this script as root"
        return
    fi
    if alive "$pidfile" "$SW_SOCK"; then
        if wait_for 10 ns_engine_ok "$SW_SOCK" "$pidfile" "$SW_NETNS"; then
            step swarm "up $(engine_version "$SW_SOCK") (was starting)"; SW_UP=1; return
        fi
        stop_pid "$pidfile"; why=restarted
    fi
    ensure_pkgs swarm docker.io=/usr/sbin/dockerd iproute2=/usr/sbin/ip util-linux=/usr/bin/nsenter
    netns_up swarm "$SW_NETNS"
    mkdir -p "$data" "$exec"
    echo '{}' >"$config"   # not /etc/docker/daemon.json: nothing of the host's setup
    rm -f "$pidfile"   # see h2_engine: a stale pidfile is not ours
    local ctd=$exec/containerd/containerd.pid
    if alive "$ctd" "$exec/containerd/"; then stop_pid "$ctd"; else rm -f "$ctd"; fi
    spawn "$log" nsenter --net="/var/run/netns/$SW_NETNS" \
        dockerd --config-file "$config" --data-root "$data" --exec-root "$exec" \
        -H "unix://$SW_SOCK" --pidfile "$pidfile"
    wait_for 30 ns_engine_ok "$SW_SOCK" "$pidfile" "$SW_NETNS" ||
        die swarm "dockerd for $SW_SOCK did not answer within 30s; see $log"
    step swarm "$why $(engine_version "$SW_SOCK") pid $(cat "$pidfile") in netns $SW_NETNS ($(since "$t"), log $log)"
    SW_UP=1
}

# ---------------------------------------------------------------------------- newer engines
# Debian 13's (trixie) Engine 26 runs on this Debian 12 machine: `apt-get download` of its
# docker.io, containerd, docker-buildx and docker-compose through a sources list of our own
# (-o Dir::Etc::SourceList=...; the system's apt sources, lists and preferences are not
# touched, so nothing else on the machine ever sees trixie), `dpkg-deb -x` into $NEW_DIR,
# cached there (a rerun does nothing). Two engines run from it, each in its own network
# namespace like H2: "e26" with the classic image store (graphdriver overlay2) and "e26c"
# with the containerd image store (features.containerd-snapshotter). Each has its own
# data-root, exec-root, pidfile, socket and containerd namespace, and uses the system's runc
# and docker-init (Debian 13's runc needs a newer glibc, so it is not downloaded and not on
# PATH). A relay in each namespace forwards its 127.0.0.1:5000 to the registry on the host's
# 127.0.0.1:5000, so pushes from these engines land in the same registry as the main engine's.
NEW_DIR=/var/lib/jupyter-docker-engines
NEW_SUITE=trixie
NEW_PKGS=(docker.io containerd docker-buildx docker-compose)
NEW_ROOT=$NEW_DIR/$NEW_SUITE/root

# new_tree: download and unpack the trixie packages once; a rerun finds them and returns
new_tree() {
    local stamp=$NEW_ROOT/.jupyter-docker-packages want="${NEW_PKGS[*]}"
    if [[ -x $NEW_ROOT/usr/sbin/dockerd && $(cat "$stamp" 2>/dev/null) == "$want" ]]; then
        step new-engines "present $(sed -n 's/^Version: //p' "$NEW_ROOT/.docker.io.version" 2>/dev/null) in $NEW_ROOT"
        return
    fi
    ((IS_ROOT && IS_DEBIAN)) || die new-engines "Debian 13's engine is not unpacked in $NEW_ROOT; run this script as root on Debian"
    local t=$EPOCHREALTIME apt=$NEW_DIR/$NEW_SUITE/apt debs=$NEW_DIR/$NEW_SUITE/debs
    local keyring=/usr/share/keyrings/debian-archive-keyring.gpg
    [[ -r $keyring ]] || ensure_pkgs new-engines debian-archive-keyring=$keyring
    mkdir -p "$apt/lists/partial" "$apt/cache/archives/partial" "$debs"
    cat >"$apt/$NEW_SUITE.sources" <<EOF
# written by scripts/provision.sh: used only by its own apt-get download (-o Dir::Etc::SourceList)
Types: deb
URIs: http://deb.debian.org/debian
Suites: $NEW_SUITE
Components: main
Signed-By: $keyring
EOF
    local opts=(-o "Dir::Etc::SourceList=$apt/$NEW_SUITE.sources" -o Dir::Etc::SourceParts=/dev/null
        -o Dir::Etc::Preferences=/dev/null -o Dir::Etc::PreferencesParts=/dev/null
        -o "Dir::State::Lists=$apt/lists" -o "Dir::Cache=$apt/cache" -o APT::Sandbox::User=root)
    apt-get "${opts[@]}" update -qq >/dev/null 2>&1 || die new-engines "apt-get update of $NEW_SUITE failed"
    rm -f "$debs"/*.deb
    (cd "$debs" && apt-get "${opts[@]}" download -qq "${NEW_PKGS[@]}" >/dev/null 2>&1) ||
        die new-engines "apt-get download ${NEW_PKGS[*]} from $NEW_SUITE failed"
    rm -rf "$NEW_ROOT.new"; mkdir -p "$NEW_ROOT.new"
    local deb
    for deb in "$debs"/*.deb; do
        dpkg-deb -x "$deb" "$NEW_ROOT.new" || die new-engines "dpkg-deb -x $deb failed"
    done
    dpkg-deb -f "$debs"/docker.io_*.deb Version | sed 's/^/Version: /' >"$NEW_ROOT.new/.docker.io.version"
    # Debian 13's runc is not among the packages; make sure no runc comes with them.
    find "$NEW_ROOT.new" -name runc -delete
    echo "$want" >"$NEW_ROOT.new/.jupyter-docker-packages"
    rm -rf "$NEW_ROOT"; mv "$NEW_ROOT.new" "$NEW_ROOT"
    step new-engines "unpacked ${NEW_PKGS[*]} $(sed -n 's/^Version: //p' "$NEW_ROOT/.docker.io.version") from $NEW_SUITE ($(since "$t"))"
}

# new_engine NAME NETNS SNAPSHOTTER(0|1): run Debian 13's dockerd as jupyter-docker-NAME in
# netns NETNS (unix:///var/run/jupyter-docker-NAME.sock); SNAPSHOTTER=1: containerd image store
new_engine() {
    local name=jupyter-docker-$1 netns=$2 snap=$3
    local sock=/var/run/$name.sock pidfile=/var/run/$name.pid data=/var/lib/$name
    local exec=/var/run/$name log=/var/log/$name.log config=/var/lib/$name.json
    local t=$EPOCHREALTIME why=started features=""
    ((snap)) && features=',
  "features": {"containerd-snapshotter": true}'
    tmpdir
    cat >"$TMP/$name.json" <<EOF
{
  "init-path": "/usr/bin/docker-init",
  "iptables": false,
  "containerd-namespace": "$name",
  "containerd-plugins-namespace": "$name-plugins"$features
}
EOF
    if ns_engine_ok "$sock" "$pidfile" "$netns" && cmp -s "$TMP/$name.json" "$config"; then
        step "$1" "up $(engine_version "$sock") pid $(cat "$pidfile") in netns $netns"
        return
    fi
    ((IS_ROOT)) || die "$1" "the engine $sock is not running; run this script as root"
    if alive "$pidfile" "$sock"; then
        if cmp -s "$TMP/$name.json" "$config" && wait_for 10 ns_engine_ok "$sock" "$pidfile" "$netns"; then
            step "$1" "up $(engine_version "$sock") (was starting)"; return
        fi
        stop_pid "$pidfile"; why=restarted
    fi
    cp "$TMP/$name.json" "$config"
    ensure_pkgs "$1" iproute2=/usr/sbin/ip util-linux=/usr/bin/nsenter docker.io=/usr/bin/docker-init \
        runc=/usr/sbin/runc
    netns_up "$1" "$netns"
    mkdir -p "$data" "$exec"
    rm -f "$pidfile"   # see h2_engine: a stale pidfile is not ours
    local ctd=$exec/containerd/containerd.pid
    if alive "$ctd" "$exec/containerd/"; then stop_pid "$ctd"; else rm -f "$ctd"; fi
    # PATH: the unpacked dockerd, docker-proxy, containerd and its shims first, then the
    # system's (runc, iptables). nsenter --net only, as for H2.
    spawn "$log" nsenter --net="/var/run/netns/$netns" \
        env PATH="$NEW_ROOT/usr/sbin:$NEW_ROOT/usr/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
        "$NEW_ROOT/usr/sbin/dockerd" --config-file "$config" --data-root "$data" --exec-root "$exec" \
        -H "unix://$sock" --pidfile "$pidfile"
    wait_for 30 ns_engine_ok "$sock" "$pidfile" "$netns" ||
        die "$1" "dockerd for $sock did not answer within 30s; see $log"
    step "$1" "$why $(engine_version "$sock") pid $(cat "$pidfile") in netns $netns ($(since "$t"), log $log)"
}

# ns_engine_ok SOCKET PIDFILE NETNS: the engine runs, answers, and lives in netns NETNS
ns_engine_ok() {
    alive "$2" "$1" && ping "$1" || return 1
    [[ $(readlink "/proc/$(cat "$2")/ns/net") == "net:[$(stat -L -c %i "/var/run/netns/$3" 2>/dev/null)]" ]]
}

# netns_up STEP NETNS: the namespace exists (a stale one is recreated), not the host's, lo up
netns_up() {
    if ! nsenter --net="/var/run/netns/$2" true 2>/dev/null; then
        ip netns delete "$2" 2>/dev/null || rm -f "/var/run/netns/$2"
        ip netns add "$2" || die "$1" "ip netns add $2 failed"
    fi
    [[ $(stat -L -c %i "/var/run/netns/$2") != "$(stat -L -c %i /proc/self/ns/net)" ]] ||
        die "$1" "netns $2 is the host's own network namespace; refusing to use it"
    ip -n "$2" link set lo up
}

# registry_relay NETNS: 127.0.0.1:$port inside NETNS forwards to the host's registry
# (socat listens in NETNS; for each connection a socat in the host's namespace connects).
registry_relay() {
    local netns=$1 name=jupyter-docker-relay-$1 port=${REG_ADDR##*:} t=$EPOCHREALTIME
    local pidfile=/var/run/$name.pid log=/var/log/$name.log host_ns=/var/run/netns/jd-host
    relay_ok() { [[ $(nsenter --net="/var/run/netns/$netns" curl -s -m 2 -o /dev/null -w '%{http_code}' \
        "http://127.0.0.1:$port/v2/" 2>/dev/null) == 401 ]]; }
    if alive "$pidfile" "TCP-LISTEN:$port" && relay_ok; then
        step relay "up 127.0.0.1:$port in netns $netns -> host's $REG_ADDR"
        return
    fi
    ((IS_ROOT)) || die relay "the registry relay in netns $netns is not running; run this script as root"
    ensure_pkgs relay socat=/usr/bin/socat
    stop_pid "$pidfile"
    # The host's namespace by name (this script's own), for the relay's connecting side.
    if [[ $(stat -L -c %i "$host_ns" 2>/dev/null) != "$(stat -L -c %i /proc/self/ns/net)" ]]; then
        ip netns delete jd-host 2>/dev/null || rm -f "$host_ns"
        ip netns attach jd-host $$ || die relay "ip netns attach jd-host failed"
    fi
    # shellcheck disable=SC2016  # $$, $1.. are the inner sh's
    spawn "$log" sh -c 'echo $$ >"$1" && exec nsenter --net="$2" socat \
        "TCP-LISTEN:$3,bind=127.0.0.1,fork,reuseaddr" "EXEC:nsenter --net=$4 socat STDIO TCP\:$5"' \
        sh "$pidfile" "/var/run/netns/$netns" "$port" "$host_ns" "${REG_ADDR//:/\\:}"
    wait_for 10 relay_ok || die relay "127.0.0.1:$port in netns $netns does not reach $REG_ADDR; see $log"
    step relay "started 127.0.0.1:$port in netns $netns -> host's $REG_ADDR pid $(cat "$pidfile") ($(since "$t"))"
}

# new_engines: Debian 13's engine twice (classic, containerd image store), base image, relay
new_engines() {
    new_tree
    new_engine e26 jde26 0
    base_image e26-image /var/run/jupyter-docker-e26.sock
    new_engine e26c jde26c 1
    base_image e26c-image /var/run/jupyter-docker-e26c.sock
    registry_relay jde26
    registry_relay jde26c
}

# ---------------------------------------------------------------------------- registry
reg_status() { # [USER:PASSWORD] -> HTTP status of /v2/
    curl -s -m 2 -o /dev/null -w '%{http_code}' ${1:+-u "$1"} "http://$REG_ADDR/v2/" 2>/dev/null || true
}
reg_realm_ok() { # the 401 names our realm (so it is our registry, not another one on :5000)
    curl -s -m 3 -o /dev/null -D - "http://$REG_ADDR/v2/" 2>/dev/null |
        grep -qi "^www-authenticate:.*realm=\"$REG_REALM\""
}
reg_ok() { [[ $(reg_status) == 401 && $(reg_status "$REG_USER:$REG_PASSWORD") == 200 ]]; }

registry() {
    local config=$REG_DIR/config.yml t=$EPOCHREALTIME why=started changed=0
    if [[ -f $config ]] && alive "$REG_PIDFILE" "$config" && reg_ok; then
        step registry "up http://$REG_ADDR (401 without, 200 with credentials) pid $(cat "$REG_PIDFILE")"
        return
    fi
    ((IS_ROOT)) || die registry "the registry is not running; run this script as root"
    ensure_pkgs registry docker-registry=/usr/bin/docker-registry apache2-utils=/usr/bin/htpasswd
    mkdir -p "$REG_DIR/data"
    tmpdir
    cat >"$TMP/config.yml" <<EOF
# written by scripts/provision.sh (jupyter-docker test registry)
version: 0.1
log:
  level: info
  fields:
    service: jupyter-docker-registry
storage:
  filesystem:
    rootdirectory: $REG_DIR/data
  delete:
    enabled: true
http:
  addr: $REG_ADDR
  secret: jupyter-docker-test-only
  headers:
    X-Content-Type-Options: [nosniff]
auth:
  htpasswd:
    realm: $REG_REALM
    path: $REG_DIR/htpasswd
EOF
    cmp -s "$TMP/config.yml" "$config" || { cp "$TMP/config.yml" "$config"; changed=1; }
    if ! htpasswd -vb "$REG_DIR/htpasswd" "$REG_USER" "$REG_PASSWORD" >/dev/null 2>&1; then
        htpasswd -Bbn "$REG_USER" "$REG_PASSWORD" | sed '/^$/d' >"$REG_DIR/htpasswd.new"
        mv "$REG_DIR/htpasswd.new" "$REG_DIR/htpasswd"; changed=1
    fi
    if alive "$REG_PIDFILE" "$config"; then
        if ((!changed)) && wait_for 10 reg_ok; then
            step registry "up http://$REG_ADDR (was starting)"; return
        fi
        stop_pid "$REG_PIDFILE"; why=restarted
    fi
    if [[ $(reg_status) != 000 ]]; then
        if reg_realm_ok && reg_ok; then
            step registry "up http://$REG_ADDR (realm $REG_REALM, not started by this script: no pidfile)"
            return
        fi
        die registry "something else listens on $REG_ADDR; stop it (systemd: systemctl disable --now docker-registry)"
    fi
    # shellcheck disable=SC2016  # $$, $1, $2 are the inner sh's
    spawn "$REG_LOG" sh -c 'echo $$ >"$1" && exec docker-registry serve "$2"' sh "$REG_PIDFILE" "$config"
    wait_for 30 reg_ok || die registry "no 401/200 from http://$REG_ADDR/v2/ within 30s; see $REG_LOG"
    step registry "$why http://$REG_ADDR user $REG_USER pid $(cat "$REG_PIDFILE") ($(since "$t"), log $REG_LOG)"
}

# ---------------------------------------------------------------------------- chromium
chromium() {
    if [[ -x /usr/bin/chromium ]]; then
        step chromium "present /usr/bin/chromium"
        return
    fi
    ensure_pkgs chromium chromium=/usr/bin/chromium
    step chromium "installed /usr/bin/chromium"
}

# ---------------------------------------------------------------------------- fonts
# The Korean lessons (notebooks/ko/) render as empty boxes in a browser on this machine
# (headless Chromium in the browser tests, a classroom VM's own browser) without a CJK font.
fonts() {
    local faces
    faces=$(fc-list 2>/dev/null | grep -ci cjk || true)   # not `grep -q`: pipefail + SIGPIPE
    if ((faces)); then
        step fonts "present ($faces CJK faces)"
        return
    fi
    ensure_pkgs fonts fonts-noto-cjk   # says "installed ..." when it installs
}

# ---------------------------------------------------------------------------- run
H2_STARTED=0
main_engine
base_image image "$MAIN_SOCK"
if ((TEST)); then
    h2_engine
    base_image h2-image "$H2_SOCK"
    if ((H2_STARTED)); then
        t=$EPOCHREALTIME
        why=$(main_still_runs) || die h2-check "after starting H2 the main engine broke: $why"
        step h2-check "main engine still runs containers and publishes 127.0.0.1 ports ($(since "$t"))"
    fi
fi
((TEST || LAB)) && registry
if ((TEST || LAB)); then
    swarm_engine
    ((SW_UP)) && base_image swarm-image "$SW_SOCK"
fi
# lesson 4 builds from a git repository it makes itself (docker.io does not pull git in here)
((TEST || LAB)) && ensure_pkgs lessons git=/usr/bin/git
((TEST)) && new_engines
((TEST || LAB)) && fonts
((TEST)) && chromium
step "done" "in $(since "$T0")"
