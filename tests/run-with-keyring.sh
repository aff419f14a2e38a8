#!/bin/sh
# Runs a command in a private D-Bus session with its own gnome-keyring,
# whose "login" collection is created and unlocked with a throwaway
# password, so libsecret finds a default collection and never prompts.
# HOME and the XDG folders point at a temporary folder removed afterwards,
# so the developer's own keyring is never touched.
#
# Usage: run-with-keyring.sh COMMAND [ARGUMENT…]
#
# The command gets JG_TEST_KEYRING_HOME (the temporary folder) and
# JG_TEST_KEYRING_PASSWORD (the collection's password) in its environment.

set -eu

if [ "$#" -eq 0 ]; then
  echo "usage: $0 COMMAND [ARGUMENT…]" >&2
  exit 2
fi

for tool in dbus-run-session gnome-keyring-daemon; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "$0: $tool is not installed: install the dbus and gnome-keyring" \
         "packages" >&2
    exit 1
  fi
done

root=$(mktemp -d "${TMPDIR:-/tmp}/jumpgate-keyring-XXXXXX")
trap 'rm -rf "$root"' EXIT INT TERM

mkdir -p "$root/home" "$root/data" "$root/config" "$root/cache" "$root/runtime"
chmod 700 "$root/runtime"

export HOME="$root/home"
export XDG_DATA_HOME="$root/data"
export XDG_CONFIG_HOME="$root/config"
export XDG_CACHE_HOME="$root/cache"
export XDG_RUNTIME_DIR="$root/runtime"
export JG_TEST_KEYRING_HOME="$root"
export JG_TEST_KEYRING_PASSWORD="jumpgate-test-password"
unset DISPLAY WAYLAND_DISPLAY GNOME_KEYRING_CONTROL SSH_AUTH_SOCK

# gnome-keyring-daemon --unlock reads the password on standard input,
# creates the login collection if there is none and unlocks it. The
# daemon forks into the background and exits when the bus goes away.
status=0
dbus-run-session -- sh -c '
  printf %s "$JG_TEST_KEYRING_PASSWORD" \
    | gnome-keyring-daemon --unlock --components=secrets >/dev/null
  exec "$@"
' run-with-keyring "$@" || status=$?

exit "$status"
