#!/bin/bash
# Checks of the desktop integration files that no upstream validator covers.
#
#   test-data-files.sh gschema-keys SCHEMA_DIR APP_ID
#     SCHEMA_DIR contains gschemas.compiled. Checks that each key other
#     modules read exists with its type, range and default.
#   test-data-files.sh icons ICON_DIR APP_ID
#     ICON_DIR contains the hicolor folder (data/icons). Checks that
#     the app icon and the symbolic icon exist, are well-formed SVG and have
#     the canvas size that their theme folder expects.
#
# Every failed check is reported, and the exit status is then 1. It is 77,
# which meson counts as skipped, when a tool that the check needs is missing.

set -u

failures=0

fail ()
{
  echo "FAIL: $*" >&2
  failures=$((failures + 1))
}

require_tool ()
{
  if ! command -v "$1" > /dev/null 2>&1; then
    echo "SKIP: $1 not found; install $2 to run this check" >&2
    exit 77
  fi
}

check_gschema_keys ()
{
  local schema_dir=$1 schema=$2
  local key expected_range expected_default range default

  require_tool gsettings libglib2.0-bin
  if [ ! -f "$schema_dir/gschemas.compiled" ]; then
    fail "$schema_dir/gschemas.compiled is missing; build the project first"
    return
  fi

  # The memory backend returns the schema defaults and never touches the
  # user's dconf database.
  export GSETTINGS_BACKEND=memory

  if ! gsettings --schemadir "$schema_dir" list-schemas | grep -qxF "$schema"; then
    fail "schema $schema is not in $schema_dir/gschemas.compiled." \
      "Run 'glib-compile-schemas --strict --dry-run data' in the source" \
      "tree to see why the schema file was left out."
    return
  fi

  # key | output of `gsettings range` | default, or * for any value
  while IFS='|' read -r key expected_range expected_default; do
    [ -z "$key" ] && continue
    range=$(gsettings --schemadir "$schema_dir" range "$schema" "$key" 2>&1 | tr -s ' \n' '  ')
    range=${range% }
    if [ "$range" != "$expected_range" ]; then
      fail "key $key: range is '$range', expected '$expected_range'"
      continue
    fi
    [ "$expected_default" = '*' ] && continue
    default=$(gsettings --schemadir "$schema_dir" get "$schema" "$key" 2>&1)
    if [ "$default" != "$expected_default" ]; then
      fail "key $key: default is $default, expected $expected_default"
    fi
  done <<'EOF'
window-width|type i|*
window-height|type i|*
window-maximized|type b|false
endpoint-url|type s|''
max-concurrency|range i 1 64|8
per-account-concurrency|range i 1 16|2
max-attempts|range i 1 10|3
mfa-device-aws|type s|''
mfa-device-aws-us-gov|type s|''
mfa-device-aws-cn|type s|''
last-export-folder|type s|''
EOF
}

# Prints the value of an attribute of the SVG root element, or nothing.
svg_root_attribute ()
{
  xmllint --xpath "string(/*[local-name()='svg']/@$2)" "$1" 2> /dev/null
}

check_svg ()
{
  local file=$1 expected_view_box=$2 view_box

  if [ ! -f "$file" ]; then
    fail "$file is missing"
    return
  fi
  if ! xmllint --noout "$file"; then
    fail "$file is not well-formed XML"
    return
  fi
  if [ "$(xmllint --xpath "local-name(/*)" "$file" 2> /dev/null)" != svg ]; then
    fail "$file: root element is not <svg>"
    return
  fi
  view_box=$(svg_root_attribute "$file" viewBox)
  if [ "$view_box" != "$expected_view_box" ]; then
    fail "$file: viewBox is '$view_box', expected '$expected_view_box'"
  fi
}

check_icons ()
{
  local icon_dir=$1 app_id=$2

  require_tool xmllint libxml2-utils
  check_svg "$icon_dir/hicolor/scalable/apps/$app_id.svg" '0 0 128 128'
  check_svg "$icon_dir/hicolor/symbolic/apps/$app_id-symbolic.svg" '0 0 16 16'
}

if [ $# -ne 3 ]; then
  echo "usage: $0 gschema-keys SCHEMA_DIR APP_ID | icons ICON_DIR APP_ID" >&2
  exit 2
fi

case $1 in
  gschema-keys) check_gschema_keys "$2" "$3" ;;
  icons) check_icons "$2" "$3" ;;
  *)
    echo "unknown check '$1'; expected gschema-keys or icons" >&2
    exit 2
    ;;
esac

if [ "$failures" -gt 0 ]; then
  echo "$failures check(s) failed" >&2
  exit 1
fi
echo "all $1 checks passed"
