#!/usr/bin/env bash
# The agent (gitsync --watch) over a fleet: N lean local clusters, one app each (a Namespace, a
# ConfigMap and a Deployment, fetched from its own origin each round), one agent with an apps file
# and one kubeconfig context per cluster, self-heal on, a 10 s interval. It measures how long
# until every app is synced after the agent starts, how long until drift made on every app at once
# is healed, and the agent's idle CPU and memory over the next 60 s (the agent process alone, from
# /proc; its kubectl proxies are shown apart).
#
#   scripts/bench-agent.sh [N]       N defaults to 10; the targets are stated at N=10
# Exits 1 when a target is missed. Needs a built tree; starts (two at a time) and removes its
# own clusters.
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/bench-lib.sh"
n=${1:-10}
interval=10
idle_window=60
gitsync="$bench_plugins/kubectl-gitsync"
bench_start bench-agent

now() { date +%s.%N; }
elapsed_since() { printf '%.2f' "$(echo "$(now) - $1" | bc -l)"; }

# Clusters 2..N beside bench_start's, two at a time.
echo "starting $n lean clusters..."
kubeconfigs=("$KUBECONFIG")
for ((i = 2; i <= n; i += 2)); do
  pids=()
  for j in $i $((i + 1)); do
    ((j <= n)) || continue
    "$bench_root/scripts/local-cluster.sh" up --lean --dir "$work/cluster-$j" >"$work/kubeconfig-$j" &
    pids+=($!)
  done
  for pid in "${pids[@]}"; do wait "$pid"; done
done
for ((i = 2; i <= n; i++)); do kubeconfigs+=("$(cat "$work/kubeconfig-$i")"); done

# One kubeconfig, context cluster-I for cluster I (each cluster's admin).
fleet_kubeconfig="$work/fleet-kubeconfig"
{
  echo "apiVersion: v1"
  echo "kind: Config"
  echo "clusters:"
  for ((i = 1; i <= n; i++)); do
    config=${kubeconfigs[$((i - 1))]}
    echo "- name: cluster-$i"
    echo "  cluster:"
    echo "    server: $(kubectl --kubeconfig "$config" config view --raw -o jsonpath='{.clusters[0].cluster.server}')"
    echo "    certificate-authority-data: $(kubectl --kubeconfig "$config" config view --raw -o jsonpath='{.clusters[0].cluster.certificate-authority-data}')"
  done
  echo "users:"
  for ((i = 1; i <= n; i++)); do
    config=${kubeconfigs[$((i - 1))]}
    echo "- name: admin-$i"
    echo "  user:"
    echo "    token: $(kubectl --kubeconfig "$config" config view --raw -o jsonpath='{.users[?(@.name=="admin")].user.token}')"
  done
  echo "contexts:"
  for ((i = 1; i <= n; i++)); do
    echo "- name: cluster-$i"
    echo "  context: {cluster: cluster-$i, user: admin-$i, namespace: default}"
  done
  echo "current-context: cluster-1"
} >"$fleet_kubeconfig"
chmod 600 "$fleet_kubeconfig"
export KUBECONFIG="$fleet_kubeconfig"

# app_objects I MODE: app I's objects.
app_objects() {
  printf 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: app-%d\n' "$1"
  echo "---"
  printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: app-%d\ndata:\n  mode: %s\n' "$1" "$2"
  echo "---"
  bench_object Deployment 1 25 "app-$1"
}

apps_file="$work/apps.yaml"
echo "apps:" >"$apps_file"
for ((i = 1; i <= n; i++)); do
  origin="$work/origin-$i.git"
  clone="$work/clone-$i"
  git init -q --bare -b main "$origin"
  git clone -q "$origin" "$clone" 2>/dev/null
  mkdir -p "$clone/app"
  app_objects "$i" blue >"$clone/app/objects.yaml"
  bench_commit "$clone" "app $i"
  git -C "$clone" push -q origin HEAD:main
  cat >>"$apps_file" <<APP
- name: app-$i
  repository: $clone
  branch: main
  paths: [app]
  context: cluster-$i
  selfHeal: true
  interval: ${interval}s
APP
done

# /apps from the agent, once it has said where it listens.
apps_json() { curl -sf "http://127.0.0.1:$port/apps"; }
# How many apps' last round ended with one of the reasons given.
apps_with() {
  local reasons
  reasons=$(printf '"%s",' "$@")
  apps_json | jq "[.[] | select(.lastReason | IN(${reasons%,}))] | length"
}
# The count of rounds that ended with REASON, summed over the apps.
rounds_with() {
  curl -sf "http://127.0.0.1:$port/metrics" |
    awk -v reason="reason=\"$1\"" '/^gitops_rounds_total/ && index($0, reason) { sum += $2 } END { print sum + 0 }'
}
# Fails the benchmark when an app's last round was an error.
refuse_errors() {
  local failed
  failed=$(apps_json | jq -r '.[] | select(.lastReason | IN("SyncFailed", "HealthCheckFailed", "RolledBack", "RoundFailed", "VerificationFailed")) | "\(.name) \(.lastReason): \(.lastMessage)"')
  [[ -z "$failed" ]] || {
    echo "bench-agent: error: $failed" >&2
    exit 2
  }
}

echo "starting the agent on $n apps (interval ${interval}s)..."
: >"$work/agent.out"
: >"$work/agent.err" # before the agent opens it: the loop below reads it at once
started=$(now)
"$gitsync" --watch --apps "$apps_file" --listen 127.0.0.1:0 >"$work/agent.out" 2>"$work/agent.err" &
agent=$!
bench_pids+=("$agent")
port=""
until [[ -n "$port" ]]; do
  kill -0 "$agent" 2>/dev/null || {
    echo "bench-agent: error: the agent exited: $(tail -3 "$work/agent.err")" >&2
    exit 2
  }
  port=$(sed -n 's/.*(port \([0-9]*\)).*/\1/p' "$work/agent.err")
  sleep 0.05
done
until (($(apps_with SyncSucceeded InSync) == n)); do
  refuse_errors
  sleep 0.1
done
synced_after=$(elapsed_since "$started")

echo "making drift on all $n apps..."
healed_before=$(rounds_with DriftCorrected)
drifted_at=$(now)
patches=()
for ((i = 1; i <= n; i++)); do
  kubectl --context "cluster-$i" -n "app-$i" patch configmap settings --type merge -p '{"data":{"mode":"drifted"}}' >/dev/null &
  patches+=($!)
done
for pid in "${patches[@]}"; do wait "$pid"; done
until (($(rounds_with DriftCorrected) - healed_before >= n)); do
  refuse_errors
  sleep 0.1
done
healed_after=$(elapsed_since "$drifted_at")
for ((i = 1; i <= n; i++)); do
  mode=$(kubectl --context "cluster-$i" -n "app-$i" get configmap settings -o jsonpath='{.data.mode}')
  [[ "$mode" == blue ]] || {
    echo "bench-agent: error: app-$i reported its drift corrected, yet its mode is '$mode'" >&2
    exit 2
  }
done

echo "measuring the idle agent for ${idle_window}s..."
ticks_per_second=$(getconf CLK_TCK)
# cpu_ticks PID: user and system time so far, in clock ticks (fields 14 and 15 of /proc/PID/stat,
# counted after the command's closing parenthesis).
cpu_ticks() { sed 's/.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'; }
rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }
proxies() { cat /proc/"$agent"/task/*/children 2>/dev/null | tr ' ' '\n' | grep -v '^$' || true; }
proxies_ticks() {
  local total=0 pid
  for pid in $(proxies); do total=$((total + $(cpu_ticks "$pid" 2>/dev/null || echo 0))); done
  echo "$total"
}
proxies_rss_kb() {
  local total=0 pid
  for pid in $(proxies); do total=$((total + $(rss_kb "$pid" 2>/dev/null || echo 0))); done
  echo "$total"
}
idle_rounds_before=$(rounds_with InSync)
ticks_before=$(cpu_ticks "$agent")
proxy_ticks_before=$(proxies_ticks)
window_start=$(now)
rss_sum=0 rss_peak=0 samples=0
while (($(echo "$(now) - $window_start < $idle_window" | bc -l))); do
  rss=$(rss_kb "$agent")
  rss_sum=$((rss_sum + rss))
  ((rss > rss_peak)) && rss_peak=$rss
  samples=$((samples + 1))
  sleep 1
done
ticks_after=$(cpu_ticks "$agent")
proxy_ticks_after=$(proxies_ticks)
window=$(echo "$(now) - $window_start" | bc -l)
idle_rounds=$(($(rounds_with InSync) - idle_rounds_before))
refuse_errors
cpu_percent=$(printf '%.2f' "$(echo "($ticks_after - $ticks_before) / $ticks_per_second / $window * 100" | bc -l)")
proxy_cpu_percent=$(printf '%.2f' "$(echo "($proxy_ticks_after - $proxy_ticks_before) / $ticks_per_second / $window * 100" | bc -l)")
rss_avg_mb=$(printf '%.1f' "$(echo "$rss_sum / $samples / 1024" | bc -l)")
rss_peak_mb=$(printf '%.1f' "$(echo "$rss_peak / 1024" | bc -l)")
hwm_mb=$(printf '%.1f' "$(echo "$(awk '/^VmHWM:/ { print $2 }' "/proc/$agent/status") / 1024" | bc -l)")
proxies_mb=$(printf '%.0f' "$(echo "$(proxies_rss_kb) / 1024" | bc -l)")

missed=0
verdict() {
  if (($(echo "$1" | bc -l))); then echo pass; else
    echo FAIL
  fi
}
line() {
  local result
  result=$(verdict "$3")
  [[ $result == pass ]] || missed=1
  printf '%-44s %-26s %-20s %s\n' "$1" "$2" "(target: $4)" "$result"
}
echo
echo "== the agent: $n lean clusters, one app each, one agent, interval ${interval}s"
line "all synced, from the agent's start" "$synced_after s" "$synced_after < $interval" "< ${interval} s"
line "drift on all $n healed, from making it" "$healed_after s" "$healed_after < $interval" "< ${interval} s"
line "idle CPU over $(printf '%.0f' "$window") s ($idle_rounds rounds)" "$cpu_percent% of one core" "$cpu_percent < 2" "< 2%"
line "memory over $(printf '%.0f' "$window") s" "avg $rss_avg_mb MB, peak $rss_peak_mb MB" "$rss_peak_mb < 100" "< 100 MB"
printf '%-44s %s\n' "peak memory since start (VmHWM)" "$hwm_mb MB"
printf '%-44s %s\n' "its $(proxies | wc -l) kubectl proxies (not in the targets)" "$proxy_cpu_percent% of one core, $proxies_mb MB"
exit "$missed"
