#!/usr/bin/env bash
# slurm.sh - the project's throwaway single-node SLURM (Debian packages, as root, no systemd), for the cluster tests
# (test/node/slurm.test.ts) and CI (.ci/run). Derived from shared/tools/slurm-local.sh.
#
#   .ci/slurm.sh install        apt-get install slurmctld slurmd slurm-client munge when any is missing
#   .ci/slurm.sh up             install if needed, write the config, start munged + slurmctld + slurmd, wait until the
#                               node is idle; idempotent (a cluster already up in $DIR is reused, a dead one restarted)
#   .ci/slurm.sh down [--purge] cancel every job, stop the daemons by their recorded PIDs (--purge: rm -rf $DIR)
#   .ci/slurm.sh status         exit 0 when the cluster in $DIR answers
#
# Clients need SLURM_CONF=$DIR/etc/slurm.conf (`source $DIR/env`). Knobs (environment):
#   EA_SLURM_DIR   state, config, logs (default ${TMPDIR:-/tmp}/emergent-align-slurm)
#   EA_SLURM_CPUS  CPUs the node advertises (default 8: more than the cores, so 4 shards × 2 CPUs run at once)
#   EA_SLURM_PORT  slurmctld's port; slurmd uses the next one (default 16817: not SLURM's 6817, so a cluster of
#                  another project on this machine is left alone)
set -euo pipefail

DIR=${EA_SLURM_DIR:-${TMPDIR:-/tmp}/emergent-align-slurm}
CONF=$DIR/etc/slurm.conf
PIDS=$DIR/pids
TIMEOUT=${EA_SLURM_TIMEOUT:-60}
PORT=${EA_SLURM_PORT:-16817}
NODE=$(hostname -s)
export SLURM_CONF=$CONF

log() { echo "slurm.sh: $*" >&2; }
die() { log "ERROR: $*"; if [ -n "${UP_STARTED:-}" ]; then cmd_down || true; fi; exit 1; }

# wait_for SECONDS CMD...: poll CMD every 0.1 s until it succeeds
wait_for() {
  local end=$((SECONDS + $1)); shift
  until "$@" >/dev/null 2>&1; do
    [ "$SECONDS" -lt "$end" ] || return 1
    sleep 0.1
  done
}

alive() { [ -n "${1:-}" ] && kill -0 "$1" 2>/dev/null; }

dump_logs() {
  for f in "$DIR"/log/*.log; do [ -f "$f" ] && { echo "== $f"; tail -n 30 "$f"; }; done >&2
}

have_pkgs() { command -v munged && command -v slurmctld && command -v slurmd && command -v sbatch && command -v squeue; } >/dev/null

cmd_install() {
  have_pkgs && return 0
  [ "$(id -u)" -eq 0 ] || die "SLURM is not installed and only root can install it (apt-get install slurmctld slurmd slurm-client munge)"
  log "installing slurmctld slurmd slurm-client munge"
  export DEBIAN_FRONTEND=noninteractive
  apt-get -o DPkg::Lock::Timeout=120 update -qq
  apt-get -o DPkg::Lock::Timeout=120 install -y -qq --no-install-recommends slurmctld slurmd slurm-client munge >/dev/null
}

write_config() {
  mkdir -p "$DIR"/{etc,state,spool,log,run,munge}
  chmod 755 "$DIR" "$DIR/munge"   # munged: the socket's directory must be a+x, not group/other-writable
  local cpus=${EA_SLURM_CPUS:-8}
  local mem=$(( $(awk '/^MemTotal:/ {print $2}' /proc/meminfo) / 1024 ))
  cat >"$CONF" <<EOF
ClusterName=emergentalign
SlurmctldHost=$NODE(127.0.0.1)
SlurmctldPort=$PORT
SlurmdPort=$((PORT + 1))
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$DIR/munge/munge.socket.2
StateSaveLocation=$DIR/state
SlurmdSpoolDir=$DIR/spool
SlurmctldPidFile=$DIR/run/slurmctld.pid
SlurmdPidFile=$DIR/run/slurmd.pid
SlurmctldLogFile=$DIR/log/slurmctld.log
SlurmdLogFile=$DIR/log/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
SchedulerParameters=batch_sched_delay=0,sched_min_interval=0
SlurmdParameters=config_overrides
ReturnToService=2
MinJobAge=600
KillWait=5
MpiDefault=none
MailProg=/bin/true
NodeName=$NODE NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF
  echo "export SLURM_CONF=$CONF" >"$DIR/env"
  if [ ! -s "$DIR/munge/munge.key" ]; then
    dd if=/dev/urandom of="$DIR/munge/munge.key" bs=1024 count=1 status=none
    chmod 400 "$DIR/munge/munge.key"
  fi
}

answers() { scontrol ping 2>/dev/null | grep -q UP && sinfo -h -n "$NODE" -o %t 2>/dev/null | grep -qE '^(idle|mix|alloc)'; }

cmd_up() {
  [ "$(id -u)" -eq 0 ] || die "must run as root (SlurmUser=root, munged as root)"
  if [ -f "$PIDS" ]; then
    # shellcheck disable=SC1090
    . "$PIDS"
    if alive "${MUNGED_PID:-}" && alive "${SLURMCTLD_PID:-}" && alive "${SLURMD_PID:-}" && answers; then
      log "already up in $DIR ($(tr '\n' ' ' <"$PIDS"))"; return 0
    fi
    log "a previous cluster in $DIR is half up or dead; stopping what is left of it"
    cmd_down
  fi
  cmd_install
  write_config
  : >"$PIDS"
  UP_STARTED=1   # from here on, a failure stops whatever was started

  munged --socket="$DIR/munge/munge.socket.2" --key-file="$DIR/munge/munge.key" \
    --pid-file="$DIR/run/munged.pid" --log-file="$DIR/log/munged.log" \
    --seed-file="$DIR/munge/munged.seed" || { dump_logs; die "munged failed to start"; }
  wait_for 10 test -s "$DIR/run/munged.pid" || die "no munged pid file"
  echo "MUNGED_PID=$(cat "$DIR/run/munged.pid")" >>"$PIDS"
  wait_for 10 sh -c "munge -S '$DIR/munge/munge.socket.2' -n | unmunge -S '$DIR/munge/munge.socket.2'" ||
    { dump_logs; die "munge round-trip failed"; }

  # -c: a clean start (no jobs or node state from an earlier run in the same directory)
  slurmctld -c -f "$CONF" || { dump_logs; die "slurmctld failed to start"; }
  wait_for 10 test -s "$DIR/run/slurmctld.pid" || { dump_logs; die "no slurmctld pid file"; }
  echo "SLURMCTLD_PID=$(cat "$DIR/run/slurmctld.pid")" >>"$PIDS"
  wait_for "$TIMEOUT" sh -c 'scontrol ping | grep -q UP' || { dump_logs; die "slurmctld not responding"; }

  slurmd -f "$CONF" -N "$NODE" || { dump_logs; die "slurmd failed to start"; }
  wait_for 10 test -s "$DIR/run/slurmd.pid" || { dump_logs; die "no slurmd pid file"; }
  echo "SLURMD_PID=$(cat "$DIR/run/slurmd.pid")" >>"$PIDS"

  wait_for "$TIMEOUT" sh -c "sinfo -h -n '$NODE' -o %t | grep -qx idle" ||
    { sinfo -N -l >&2 || true; dump_logs; die "node $NODE never became idle"; }
  log "up in $DIR: node $NODE idle, $(sinfo -h -o %c) CPUs; $(tr '\n' ' ' <"$PIDS")"
}

# stop_pids NAME=PID...: SIGTERM each PID that still runs NAME, wait up to 15 s for all, then SIGKILL
stop_pids() {
  local kv name pid sent=()
  for kv in "$@"; do
    name=${kv%%=*}; pid=${kv#*=}
    alive "$pid" || continue
    if [ "$(cat /proc/"$pid"/comm 2>/dev/null)" != "$name" ]; then
      log "pid $pid is not $name any more; leaving it alone"; continue
    fi
    kill -TERM "$pid" && sent+=("$pid")
  done
  for pid in "${sent[@]}"; do
    wait_for 15 sh -c "! kill -0 $pid" || { log "pid $pid ignored SIGTERM; SIGKILL"; kill -KILL "$pid" || true; }
  done
}

cmd_down() {
  if [ -f "$PIDS" ]; then
    # shellcheck disable=SC1090
    . "$PIDS"
    if alive "${SLURMCTLD_PID:-}"; then
      # running job steps (slurmstepd) outlive slurmd: cancel them first
      local ids
      ids=$(squeue -h -o %A 2>/dev/null | tr '\n' ' ' || true)
      if [ -n "${ids// /}" ]; then
        # shellcheck disable=SC2086
        scancel $ids || true
        wait_for 30 sh -c '[ -z "$(squeue -h -o %A)" ]' || log "jobs still in the queue: $(squeue -h | tr '\n' ';')"
      fi
    fi
    stop_pids slurmd="${SLURMD_PID:-}" slurmctld="${SLURMCTLD_PID:-}" munged="${MUNGED_PID:-}"
    rm -f "$PIDS"
    log "down ($DIR)"
  fi
  if [ "${1:-}" = "--purge" ]; then rm -rf "$DIR"; fi
}

cmd_status() { [ -f "$PIDS" ] && answers; }

case "${1:-}" in
  install) cmd_install ;;
  up) cmd_up ;;
  down) shift; cmd_down "${1:-}" ;;
  status) cmd_status ;;
  *) echo "usage: $0 install | up | down [--purge] | status" >&2; exit 2 ;;
esac
