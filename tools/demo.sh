#!/usr/bin/env bash
# Sets up, builds (release, web console embedded) and runs the Manager with a local Agent and a
# simulated printer fleet on loopback, discovered once at start. Prints the console URL and the
# administrator's one-time password. Ctrl-C stops all.
#   PRINTWARDEN_DEMO_PORT=8443 (console), agent channel on the next port.
#   PRINTWARDEN_DEMO_PRINTERS=120 simulated printers on 127.16.0.1 and up (SNMP port 16161),
#   replaying the development recordings in ../shared/fixtures/printers/snmprec.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
port=${PRINTWARDEN_DEMO_PORT:-8443}
printers=${PRINTWARDEN_DEMO_PRINTERS:-120}
snmp_port=16161
recordings="$root/../shared/fixtures/printers/snmprec"

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
field() { python3 -c "import json, sys; print(json.load(sys.stdin)$1)"; }  # field '["a"][0]'
agent_id=$(curl -sS --cacert "$ca" -b "$jar" "${url}api/v1/agents" | field '["items"][0]["id"]')

build/release/agent/printwarden-agent --data-dir "$demo/agent" --manager "${url%/}" \
  --activation-key "$key" > "$demo/agent.out" 2>&1 &
pids+=($!)

# The simulated fleet, the Agent's scope and credential, and a first discovery run.
build/release/tools/simulator/printwarden-sim --recordings "$recordings" \
  --first-address 127.16.0.1 --count "$printers" --port "$snmp_port" \
  > "$demo/simulator.out" 2>&1 &
pids+=($!)
api() { # METHOD PATH [BODY]
  curl -sS --fail-with-body --cacert "$ca" -b "$jar" -H 'Content-Type: application/json' \
    -H "X-CSRF-Token: $csrf" -X "$1" ${3:+-d "$3"} "${url}api/v1/$2"
}
api PUT "agents/$agent_id/scope" '{"ipv4":["127.16.0.0/22"],"fqdnSuffixes":[],
  "discovery":{"method":"scope","addresses":[],"hostNames":[]}}' >/dev/null
api POST credentials "{\"kind\":\"snmpv1\",\"description\":\"Demo fleet\",
  \"agentIds\":[$agent_id],\"fields\":{\"version\":\"v2c\",\"community\":\"public\"}}" >/dev/null
for _ in $(seq 1 300); do
  api GET "agents/$agent_id" | grep -q '"status":"active"' && break
  sleep 0.1
done
run=$(api POST discoveries "{\"agentIds\":[$agent_id],\"port\":$snmp_port}" | field '["id"]')
echo "demo: discovering the simulated fleet (run $run)"
for _ in $(seq 1 600); do
  [ "$(api GET "discoveries/$run" | field '["state"]')" = running ] || break
  sleep 0.2
done
found=$(api GET "discoveries/$run" | field '["summary"]["found"]')
rm -f "$jar"

cat <<TEXT

  Printwarden is running.
    Console:   $url
    User:      administrator
    Password:  $password   (one-time: generated for this demo run)
    Local Agent activated; $found simulated printers discovered (SNMP on 127.16.0.x:$snmp_port)
    Logs in $demo/{manager,agent,simulator}.out

  The console uses a certificate from Printwarden's own CA ($ca):
  your browser will ask you to accept it. Press Ctrl-C to stop.
TEXT
wait "${pids[0]}"
