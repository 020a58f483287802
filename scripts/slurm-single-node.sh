#!/usr/bin/env bash
# A real single-node Slurm (munged + slurmctld + slurmd from Debian's packages) on this machine, without
# systemd, for tests/test_slurm.py and for trying `--pareval-launcher="srun ..."` locally.
#
#   scripts/slurm-single-node.sh install   # apt-get install slurm-wlm munge (Debian 12; root)
#   scripts/slurm-single-node.sh start     # write slurm.conf, start the three daemons, wait for the node
#   scripts/slurm-single-node.sh status    # sinfo
#   scripts/slurm-single-node.sh stop      # stop the daemons (state stays in $PAREVAL_SLURM_DIR)
#
# Everything (config, state, logs, pid files) lives in $PAREVAL_SLURM_DIR (default /var/tmp/pareval-slurm);
# the config goes to /etc/slurm/slurm.conf too, where srun/sinfo look for it. No accounting, no cgroups:
# ProctrackType=proctrack/linuxproc and TaskPlugin=task/none work in a container without a writable
# cgroup hierarchy for slurmd.
set -euo pipefail

DIR=${PAREVAL_SLURM_DIR:-/var/tmp/pareval-slurm}
CONF=/etc/slurm/slurm.conf
NODE=$(hostname -s)

die() { echo "slurm-single-node: $*" >&2; exit 1; }

install() {
    [ "$(id -u)" -eq 0 ] || die "install needs root"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -q --no-install-recommends slurm-wlm munge >/dev/null
}

write_conf() {
    local cpus mem
    cpus=$(nproc)
    mem=$(free -m | awk '/^Mem:/ {print int($2 * 0.9)}')
    mkdir -p "$DIR"/{ctld,slurmd,log} /etc/slurm
    cat > "$CONF" <<EOF
# Written by scripts/slurm-single-node.sh: one node, no accounting, no cgroups.
ClusterName=pareval
SlurmctldHost=$NODE
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
StateSaveLocation=$DIR/ctld
SlurmdSpoolDir=$DIR/slurmd
SlurmctldPidFile=$DIR/slurmctld.pid
SlurmdPidFile=$DIR/slurmd.pid
SlurmctldLogFile=$DIR/log/slurmctld.log
SlurmdLogFile=$DIR/log/slurmd.log
SlurmctldPort=6817
SlurmdPort=6818
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
MpiDefault=pmi2
ReturnToService=2
SlurmctldTimeout=30
SlurmdTimeout=30
InactiveLimit=30
KillWait=5
MinJobAge=30
# The ranks inherit the soft rlimits of the srun that started them (the sandbox's limits).
PropagateResourceLimits=ALL
NodeName=$NODE CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=debug Nodes=$NODE Default=YES MaxTime=INFINITE State=UP OverSubscribe=FORCE:4
EOF
}

start_munge() {
    if pgrep -x munged >/dev/null; then return; fi
    [ -s /etc/munge/munge.key ] || { mungekey --create --force 2>/dev/null || \
        dd if=/dev/urandom bs=1 count=1024 of=/etc/munge/munge.key 2>/dev/null; }
    mkdir -p /run/munge /var/log/munge /var/lib/munge
    chown -R munge:munge /etc/munge /run/munge /var/log/munge /var/lib/munge
    chmod 0700 /etc/munge /var/log/munge /var/lib/munge; chmod 0400 /etc/munge/munge.key; chmod 0755 /run/munge
    runuser -u munge -- /usr/sbin/munged
}

wait_for_node() {
    local i state
    for i in $(seq 1 60); do
        state=$(sinfo -h -n "$NODE" -o %T 2>/dev/null || true)
        case "$state" in idle*|mixed*|allocated*) echo "slurm-single-node: node $NODE is $state"; return 0 ;; esac
        sleep 0.5
    done
    die "node $NODE did not become idle (state: ${state:-none}); see $DIR/log/"
}

start() {
    [ "$(id -u)" -eq 0 ] || die "start needs root"
    command -v slurmctld >/dev/null || die "slurmctld not found: run '$0 install' first"
    write_conf
    start_munge
    munge -n | unmunge >/dev/null || die "munge does not work (see /var/log/munge/munged.log)"
    pgrep -x slurmctld >/dev/null || slurmctld -i
    pgrep -x slurmd >/dev/null || slurmd
    wait_for_node
    scontrol update nodename="$NODE" state=resume 2>/dev/null || true
}

stop() {
    local name
    for name in slurmd slurmctld; do
        [ -s "$DIR/$name.pid" ] && kill "$(cat "$DIR/$name.pid")" 2>/dev/null || true
    done
    [ -s /run/munge/munged.pid ] && kill "$(cat /run/munge/munged.pid)" 2>/dev/null || true
    for _ in $(seq 1 20); do
        pgrep -x slurmctld >/dev/null || pgrep -x slurmd >/dev/null || break
        sleep 0.25
    done
}

case "${1:-}" in
    install) install ;;
    start) start ;;
    stop) stop ;;
    status) sinfo ;;
    *) die "usage: $0 install|start|stop|status" ;;
esac
