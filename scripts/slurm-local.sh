#!/usr/bin/env bash
# A one-node Slurm cluster on this machine, to try `--launcher slurm` before a real cluster (and for dlx's tests).
#
#   eval "$(scripts/slurm-local.sh start)"   starts munged, slurmctld and slurmd; prints only the export lines
#                                            (SLURM_CONF) that point sbatch, squeue and dlx at this cluster
#   scripts/slurm-local.sh status            the daemons, the node and the queue
#   scripts/slurm-local.sh stop              cancels what is queued or running, then stops the daemons
#
# Everything lives under one directory: $DLX_SLURM_DIR, or /tmp/dlx-slurm-<uid> (its path must be
# world-executable: munged refuses a socket below a private directory such as a 0700 home). The node has
# this machine's cores and memory; one partition, `local`. Job records: `scontrol show job` (kept for an
# hour) and $DIR/jobcomp.txt (one line per ended job; there is no accounting database, so no sacct).
#
# Needs Debian's slurm-wlm and munge: apt-get install --no-install-recommends slurm-wlm munge
set -euo pipefail

DIR="${DLX_SLURM_DIR:-${TMPDIR:-/tmp}/dlx-slurm-$(id -u)}"
CONF="$DIR/slurm.conf"
NODE=dlx-local

say() { echo "slurm-local: $*" >&2; }

alive() { [[ -f "$DIR/run/$1.pid" ]] && kill -0 "$(cat "$DIR/run/$1.pid")" 2> /dev/null; }

exports() { echo "export SLURM_CONF=$CONF"; }

# A port nothing listens on, from the range above the usual services.
free_port() {
  local port
  for _ in $(seq 100); do
    port=$((20000 + RANDOM % 30000))
    if ! (echo > "/dev/tcp/127.0.0.1/$port") 2> /dev/null && ! grep -qs "Port=$port\$" "$CONF"; then
      echo "$port"
      return
    fi
  done
  say "no free port found"
  exit 1
}

# Waits up to $1 seconds for the command after it to succeed.
wait_for() {
  local seconds=$1
  shift
  for _ in $(seq $((seconds * 10))); do
    if "$@" > /dev/null 2>&1; then
      return 0
    fi
    sleep 0.1
  done
  return 1
}

# Starts a daemon in the foreground of its own session (so a Ctrl-C aimed at this script does not reach it),
# with its output in log/, and records its pid.
launch() {
  local name=$1
  shift
  setsid "$@" < /dev/null >> "$DIR/log/$name.out" 2>&1 &
  echo $! > "$DIR/run/$name.pid"
}

halt() {
  local name pid
  for name in "$@"; do
    if alive "$name"; then
      pid=$(cat "$DIR/run/$name.pid")
      kill -TERM "$pid" 2> /dev/null || true
      wait_for 10 bash -c "! kill -0 $pid" || kill -KILL "$pid" 2> /dev/null || true
    fi
    rm -f "$DIR/run/$name.pid"
  done
}

write_conf() {
  local cpus memory user ctld_port slurmd_port
  # not plain nproc: it answers OMP_NUM_THREADS when that is set (dlx sets it to 1)
  cpus=$(env -u OMP_NUM_THREADS -u OMP_THREAD_LIMIT nproc)
  memory=$(awk '/MemTotal/ {print int($2 / 1024 * 0.9)}' /proc/meminfo)
  user=$(id -un)
  ctld_port=$(free_port)
  slurmd_port=$(free_port)
  while [[ $slurmd_port == "$ctld_port" ]]; do slurmd_port=$(free_port); done
  cat > "$CONF.tmp" << EOF
# written by dlx's scripts/slurm-local.sh: a one-node cluster, all state under $DIR
ClusterName=dlxlocal
SlurmctldHost=$(hostname -s)(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
SlurmUser=$user
SlurmdUser=$user
AuthType=auth/munge
CredType=cred/munge
# cred_expire: a requeued job waits this long before it may start again (Slurm default 120 s)
AuthInfo=socket=$DIR/munge/munge.socket,cred_expire=5
StateSaveLocation=$DIR/state
SlurmdSpoolDir=$DIR/spool
SlurmctldPidFile=$DIR/run/slurmctld.daemon.pid
SlurmdPidFile=$DIR/run/slurmd.daemon.pid
SlurmctldLogFile=$DIR/log/slurmctld.log
SlurmdLogFile=$DIR/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/filetxt
JobCompLoc=$DIR/jobcomp.txt
SchedulerType=sched/backfill
# look at pending jobs every second (default 60 s): a requeued job starts once its wait is over, not a minute later
SchedulerParameters=sched_interval=1,bf_interval=1
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
MpiDefault=none
ReturnToService=2
# a cancelled or preempted job gets SIGTERM, then this many seconds to save its checkpoint and sum up before SIGKILL
KillWait=60
# ended jobs stay visible to scontrol show job for an hour
MinJobAge=3600
InactiveLimit=0
SlurmdTimeout=300
NodeName=$NODE NodeAddr=127.0.0.1 NodeHostname=$(hostname -s) CPUs=$cpus RealMemory=$memory State=UNKNOWN
PartitionName=local Nodes=$NODE Default=YES MaxTime=INFINITE State=UP
EOF
  mv "$CONF.tmp" "$CONF"
}

start() {
  local missing=()
  for tool in munged slurmctld slurmd sbatch scontrol; do
    command -v "$tool" > /dev/null || missing+=("$tool")
  done
  if ((${#missing[@]})); then
    say "not installed: ${missing[*]} (Debian: apt-get install --no-install-recommends slurm-wlm munge)"
    exit 2
  fi
  if alive munged && alive slurmctld && alive slurmd; then
    say "already running under $DIR"
    exports
    return
  fi
  halt slurmd slurmctld munged
  mkdir -p "$DIR"/{munge,state,spool,log,run}
  chmod 755 "$DIR"
  chmod 711 "$DIR/munge"
  if [[ ! -s "$DIR/munge/munge.key" ]]; then
    (umask 077 && head -c 1024 /dev/urandom > "$DIR/munge/munge.key")
  fi
  write_conf
  # a Ctrl-C or a failure half-way stops what was started: those daemons are in sessions of their own
  trap 'say "start failed or interrupted; stopping the daemons (logs: $DIR/log)"; halt slurmd slurmctld munged; exit 1' ERR INT TERM

  local force=()
  [[ $(id -u) -eq 0 ]] && force=(--force)
  launch munged munged --foreground "${force[@]}" --socket="$DIR/munge/munge.socket" \
    --key-file="$DIR/munge/munge.key" --pid-file="$DIR/run/munged.daemon.pid" \
    --seed-file="$DIR/munge/munged.seed" --log-file="$DIR/log/munged.log"
  wait_for 10 test -S "$DIR/munge/munge.socket" || { say "munged did not start (see $DIR/log/munged.*)"; false; }

  export SLURM_CONF="$CONF"
  launch slurmctld slurmctld -D -i -f "$CONF"
  wait_for 20 scontrol ping || { say "slurmctld did not start (see $DIR/log/slurmctld.*)"; false; }
  launch slurmd slurmd -D -f "$CONF" -N "$NODE"
  wait_for 20 bash -c "sinfo -h -n $NODE -o %T | grep -qx idle" \
    || { say "slurmd did not register (see $DIR/log/slurmd.*)"; false; }
  trap - ERR INT TERM
  say "running under $DIR: node $NODE with $(env -u OMP_NUM_THREADS -u OMP_THREAD_LIMIT nproc) CPUs, partition local"
  exports
}

stop() {
  if alive slurmctld; then
    export SLURM_CONF="$CONF"
    # jobs first: a job's processes outlive slurmd, and a cancelled trial needs a moment to save last.zip
    scancel --user "$(id -un)" 2> /dev/null || true
    wait_for 70 bash -c '[[ -z $(squeue -h -o %i) ]]' || say "jobs still ending; stopping anyway"
  fi
  halt slurmd slurmctld munged
  say "stopped ($DIR kept: logs, job records)"
}

status() {
  local name up=0
  for name in munged slurmctld slurmd; do
    if alive "$name"; then
      echo "$name: running (pid $(cat "$DIR/run/$name.pid"))"
    else
      echo "$name: stopped"
      up=1
    fi
  done
  if ((up == 0)); then
    export SLURM_CONF="$CONF"
    echo "SLURM_CONF=$CONF"
    sinfo
    squeue
  fi
  return $up
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *)
    echo "usage: $0 start|stop|status   (state in \$DLX_SLURM_DIR, default /tmp/dlx-slurm-<uid>)" >&2
    exit 2
    ;;
esac
