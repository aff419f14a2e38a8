#!/usr/bin/env bash
# Writes a PNG of each page of the Jumpgate window to docs/screenshots/,
# from the sandbox: the IAM emulator on 127.0.0.1 loaded with the sample
# organisation, one commit made with jumpgate-cli, and a few changes
# staged on top of it.
#
#   tests/ui/screenshots.sh [BUILD_DIR]
#
# Needs xvfb-run, dbus-run-session, gdbus and ImageMagick's import.
# BUILD_DIR defaults to _build and must hold a build with the GUI.
set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$top/_build}
seed="$top/data/sandbox/sample-org.json"
python=/usr/bin/python3
cli="$build/src/cli/jumpgate-cli"
gui="$build/src/gui/jumpgate"
out="$top/docs/screenshots"

for program in xvfb-run dbus-run-session gdbus import; do
  if ! command -v "$program" >/dev/null; then
    echo "screenshots.sh: $program not found; install xvfb, dbus, libglib2.0-bin and imagemagick" >&2
    exit 1
  fi
done
if [ ! -x "$gui" ] || [ ! -x "$cli" ]; then
  echo "screenshots.sh: $gui or $cli is missing; build with -Dgui=enabled first" >&2
  exit 1
fi

sandbox=$(mktemp -d "${TMPDIR:-/tmp}/jumpgate-screenshots.XXXXXX")
emulator_pid=
cleanup() {
  if [ -n "$emulator_pid" ] && kill -0 "$emulator_pid" 2>/dev/null; then
    kill -TERM "$emulator_pid"
    wait "$emulator_pid" 2>/dev/null || true
  fi
  rm -rf "$sandbox"
}
trap cleanup EXIT

"$python" "$top/tests/emulator/jumpgate_emulator.py" --port 0 --seed "$seed" \
  >"$sandbox/emulator.out" 2>"$sandbox/emulator.log" &
emulator_pid=$!
port=
for _ in $(seq 1 200); do
  line=$(head -n 1 "$sandbox/emulator.out" 2>/dev/null || true)
  if [[ "$line" == JUMPGATE_EMULATOR_PORT=* ]]; then
    port=${line#JUMPGATE_EMULATOR_PORT=}
    break
  fi
  sleep 0.1
done
if [ -z "$port" ]; then
  echo "screenshots.sh: the emulator did not start; its log:" >&2
  cat "$sandbox/emulator.log" >&2
  exit 1
fi
endpoint="http://127.0.0.1:$port"

# A new access key of the seed's admin user; the secret travels only
# through this pipe and the environment.
mapfile -t key < <("$python" - "$seed" "$endpoint" <<'PY'
import json
import sys
import urllib.request

with open(sys.argv[1], encoding="utf-8") as seed_file:
    seed = json.load(seed_file)
jump = seed["jump_account_id"]
account = [a for a in seed["accounts"] if a["id"] == jump][0]
admin = [u for u in account["users"] if u.get("admin")][0]
request = urllib.request.Request(
    sys.argv[2] + "/_emulator/access-keys",
    data=json.dumps({"account_id": jump, "user_name": admin["name"]}).encode(),
    method="POST")
opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
with opener.open(request, timeout=10) as response:
    created = json.load(response)
print(created["AccessKeyId"])
print(created["SecretAccessKey"])
PY
)
export AWS_ACCESS_KEY_ID=${key[0]}
export AWS_SECRET_ACCESS_KEY=${key[1]}
unset key AWS_SESSION_TOKEN AWS_PROFILE

export XDG_DATA_HOME="$sandbox/data"
export XDG_CONFIG_HOME="$sandbox/config"
export XDG_CACHE_HOME="$sandbox/cache"
export GSETTINGS_BACKEND=memory
export GSETTINGS_SCHEMA_DIR="$build/data"
export AWS_CONFIG_FILE="$sandbox/aws-config"
export AWS_SHARED_CREDENTIALS_FILE="$sandbox/aws-credentials"
export JUMPGATE_ENDPOINT_URL="$endpoint"
export JUMPGATE_SANDBOX=1
export JUMPGATE_DB="$XDG_DATA_HOME/jumpgate/jumpgate.db"
export GSK_RENDERER=cairo
export GTK_A11Y=none
mkdir -p "$XDG_DATA_HOME/jumpgate" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME"

"$python" "$top/tests/emulator/seed_to_cli.py" "$seed" --cli "$cli" \
  --db "$JUMPGATE_DB" >/dev/null
"$cli" --db "$JUMPGATE_DB" commit --no-keyring \
  -m "Adopt the grants both sides already agree on" >/dev/null
# Something staged, so the summary and the access map show pending
# changes.
"$cli" --db "$JUMPGATE_DB" grant amara.okafor \
  arn:aws:iam::530917264185:role/Billing >/dev/null
"$cli" --db "$JUMPGATE_DB" revoke bjorn.lindqvist \
  arn:aws:iam::617482093519:role/ReadOnly >/dev/null

cat >"$sandbox/shoot.sh" <<'SH'
#!/usr/bin/env bash
set -euo pipefail
"$JG_GUI" >"$JG_SANDBOX/gui.log" 2>&1 &
gui_pid=$!
sleep 4
activate() {
  gdbus call --session --dest io.github.jumpgate.Jumpgate \
    --object-path /io/github/jumpgate/Jumpgate \
    --method org.gtk.Actions.Activate "$1" "[<'$2'>]" "{}" >/dev/null
  sleep 1.5
}
shoot() {
  import -window root -crop 1100x720+0+0 +repage "$JG_OUT/$1.png"
}
shoot permissions
activate show-page configuration
shoot configuration
activate show-page history
shoot history
activate show-page access-map
shoot access-map
kill "$gui_pid"
wait "$gui_pid" 2>/dev/null || true
SH
chmod +x "$sandbox/shoot.sh"

mkdir -p "$out"
JG_GUI="$gui" JG_SANDBOX="$sandbox" JG_OUT="$out" \
  xvfb-run --auto-servernum --server-args="-screen 0 1100x720x24" \
  dbus-run-session -- "$sandbox/shoot.sh"
echo "Wrote $out/permissions.png, configuration.png, history.png and access-map.png"
