#!/usr/bin/env bash
# Sets up, builds (release, web console embedded) and runs the Manager with a local Agent on
# loopback. Prints the console URL and the administrator's one-time password. Ctrl-C stops all.
#   PRINTWARDEN_DEMO_PORT=8443 (console), agent channel on the next port.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
port=${PRINTWARDEN_DEMO_PORT:-8443}

tools/setup.sh
echo "demo: building the web console and a release build (first time: a few minutes)"
npm --prefix webui run build >/dev/null
cmake --preset release >/dev/null
cmake --build --preset release

demo="$root/build/demo"
rm -rf "$demo" && mkdir -p "$demo"
cat > "$demo/manager.json" <<JSON
{"listen": "127.0.0.1:$port", "agent_listen": "127.0.0.1:$((port + 1))"}
JSON

pids=()
stop_all() {
  trap - INT TERM EXIT
  echo
  echo "demo: stopping"
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  exit 0
}
trap stop_all INT TERM EXIT

env -u PRINTWARDEN_ADMIN_PASSWORD build/release/manager/printwarden-manager \
  --data-dir "$demo/manager" --config "$demo/manager.json" > "$demo/manager.out" 2>&1 &
pids+=($!)
for _ in $(seq 1 300); do
  [ -f "$demo/manager/run/endpoints.json" ] && grep -q "one-time password" "$demo/manager.out" && break
  kill -0 "${pids[0]}" 2>/dev/null || { cat "$demo/manager.out"; exit 1; }
  sleep 0.1
done
url=$(sed -n 's/.*"console":"\([^"]*\)".*/\1/p' "$demo/manager/run/endpoints.json")
password=$(sed -n 's/.*one-time password: \([^ ]*\).*/\1/p' "$demo/manager.out")

# Create the local Agent through the REST API, as the console would.
ca="$demo/manager/pki/ca.crt"
jar="$demo/cookies"
csrf=$(curl -sS --cacert "$ca" -c "$jar" -H 'Content-Type: application/json' \
  -d "{\"username\":\"administrator\",\"password\":\"$password\"}" "${url}api/v1/auth/login" |
  sed -n 's/.*"csrfToken":"\([^"]*\)".*/\1/p')
key=$(curl -sS --cacert "$ca" -b "$jar" -H 'Content-Type: application/json' -H "X-CSRF-Token: $csrf" \
  -d '{"name":"Local agent","local":true}' "${url}api/v1/agents" |
  sed -n 's/.*"activationKey":"\([^"]*\)".*/\1/p')
rm -f "$jar"

build/release/agent/printwarden-agent --data-dir "$demo/agent" --manager "${url%/}" \
  --activation-key "$key" > "$demo/agent.out" 2>&1 &
pids+=($!)

cat <<TEXT

  Printwarden is running.
    Console:   $url
    User:      administrator
    Password:  $password   (one-time: generated for this demo run)
    Local Agent activated; logs in $demo/{manager,agent}.out

  The console uses a certificate from Printwarden's own CA ($ca):
  your browser will ask you to accept it. Press Ctrl-C to stop.
TEXT
wait "${pids[0]}"
