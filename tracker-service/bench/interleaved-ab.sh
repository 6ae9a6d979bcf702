#!/usr/bin/env bash
# Compares two builds of the tracker's announce core (AnnounceCoreBench) on a noisy machine: both JVMs run at once,
# but only one at a time is allowed to run, swapped every 0.5 s with SIGSTOP/SIGCONT, so whatever the host does hits
# both alike. Each reports its process CPU per announce over its measured rounds (stopped time is not CPU time).
#
# usage: tracker-service/bench/interleaved-ab.sh OLD_MODULE_DIR NEW_MODULE_DIR [-Dbench.x=y ...]
#   each *_MODULE_DIR is a tracker-service checkout after `../mvnw -q -o test-compile`, e.g. a `git worktree` of the
#   old commit; the test classpath comes from CP_FILE (default /tmp/cp.txt, see docs/benchmarks.md).
set -euo pipefail
old=$(cd "$1" && pwd); new=$(cd "$2" && pwd); shift 2
cp_file=${CP_FILE:-/tmp/cp.txt}
[ -r "$cp_file" ] || { echo "no classpath file $cp_file (see docs/benchmarks.md)" >&2; exit 2; }
out=$(mktemp -d)
start() { # dir name [options]
  (cd "$1" && exec java -cp "target/test-classes:target/classes:$(cat "$cp_file")" -Dbench.warmup=40 \
    -Dbench.rounds=20 "${@:3}" dev.riffle.tracker.bench.AnnounceCoreBench >"$out/$2" 2>&1) &
  echo $!
}
a=$(start "$old" old "$@")
b=$(start "$new" new "$@")
trap 'kill -CONT $a $b 2>/dev/null; kill $a $b 2>/dev/null || true' EXIT
kill -STOP "$b"
alive() { kill -0 "$1" 2>/dev/null; }
while alive "$a" && alive "$b"; do
  sleep 0.5; kill -STOP "$a" 2>/dev/null || true; kill -CONT "$b" 2>/dev/null || true
  sleep 0.5; kill -STOP "$b" 2>/dev/null || true; kill -CONT "$a" 2>/dev/null || true
done
kill -CONT "$a" "$b" 2>/dev/null || true
while alive "$a" || alive "$b"; do sleep 0.5; done   # the one left finishes alone (its last round only)
echo "old: $(tail -n 1 "$out/old")"
echo "new: $(tail -n 1 "$out/new")"
