#!/bin/bash
# Run the built jumpgate-cli in German from the build tree's catalogues.
#
#   test-translation.sh CLI LOCALEDIR
#     CLI is the built jumpgate-cli; LOCALEDIR is the po folder of the build
#     tree, holding de/LC_MESSAGES/jumpgate.mo. The program finds it through
#     JUMPGATE_LOCALEDIR.
#
# The expected German text is looked up in the same catalogue with the
# gettext tool, so the checks depend on the program's messages being
# translated at run time and not on the wording of de.po. They cover the
# --help summary and command list (jumpgate-cli's own strings), the error
# for an unknown command, and an error raised inside libjumpgate-core,
# which translates through dgettext. A run without LANGUAGE must print the
# English text.
#
# The locale is C.UTF-8, which every glibc system has: glibc (checked with
# 2.36) honours LANGUAGE when LC_MESSAGES is C.UTF-8, though not when it is
# C or POSIX, so no de_DE locale needs to be generated.
#
# Every failed check is reported, and the exit status is then 1. It is 77,
# which meson counts as skipped, when the gettext tool is missing.

set -u

if [ $# -ne 2 ]; then
  echo "usage: $0 CLI LOCALEDIR" >&2
  exit 2
fi

cli=$1
localedir=$2
domain=jumpgate
failures=0

fail ()
{
  echo "FAIL: $*"
  failures=$((failures + 1))
}

if ! command -v gettext > /dev/null 2>&1; then
  echo "SKIP: the gettext tool was not found; install gettext-base to run this check"
  exit 77
fi

catalogue="$localedir/de/LC_MESSAGES/$domain.mo"
if [ ! -f "$catalogue" ]; then
  echo "FAIL: $catalogue is missing; add de to po/LINGUAS and build"
  exit 1
fi

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

# Print the German translation of MSGID from the build tree's catalogue.
german ()
{
  TEXTDOMAINDIR=$localedir LANGUAGE=de LC_ALL=C.UTF-8 gettext "$domain" "$1"
}

# Run the CLI in German; standard output and error go to files in $scratch.
run_german ()
{
  JUMPGATE_LOCALEDIR=$localedir LANGUAGE=de LC_ALL=C.UTF-8 LANG=C.UTF-8 \
    "$cli" "$@" > "$scratch/out" 2> "$scratch/err"
}

run_english ()
{
  JUMPGATE_LOCALEDIR=$localedir LANGUAGE= LC_ALL=C.UTF-8 LANG=C.UTF-8 \
    "$cli" "$@" > "$scratch/out" 2> "$scratch/err"
}

# expect_text FILE MSGID [ARG]: FILE contains the German translation of
# MSGID (formatted with ARG when given), and that translation differs
# from the English text.
expect_text ()
{
  local file=$1 msgid=$2 translated english

  translated=$(german "$msgid")
  if [ $# -ge 3 ]; then
    # shellcheck disable=SC2059 # the format comes from the catalogue
    translated=$(printf "$translated" "$3")
    # shellcheck disable=SC2059
    english=$(printf "$msgid" "$3")
  else
    english=$msgid
  fi

  if [ "$translated" = "$english" ]; then
    fail "the catalogue has no German text for “$msgid”"
    return
  fi
  if ! grep -qF -- "$translated" "$scratch/$file"; then
    fail "the $file of the German run lacks “$translated”; it was:"
    sed 's/^/    /' "$scratch/$file"
  fi
  if grep -qF -- "$english" "$scratch/$file"; then
    fail "the $file of the German run still contains the English “$english”"
  fi
}

# --help: the program summary and the heading of the command list.
run_german --help
status=$?
if [ $status -ne 0 ]; then
  fail "jumpgate-cli --help exited with $status in German"
fi
expect_text out "Manage who may assume which IAM role, from one desired state."
expect_text out "Commands:"
expect_text out "Apply the staging area to AWS as a journaled commit"

# An unknown command: the CLI's own error message.
run_german frobnicate
status=$?
if [ $status -ne 2 ]; then
  fail "jumpgate-cli frobnicate exited with $status, expected 2 (usage error)"
fi
expect_text err "“%s” is not a jumpgate-cli command: run “jumpgate-cli --help” for the list" frobnicate

# An error from libjumpgate-core, which binds no domain itself and relies
# on the program's bindtextdomain.
run_german --db "$scratch/jumpgate.db" person remove nobody
status=$?
if [ $status -eq 0 ]; then
  fail "removing a person who does not exist succeeded"
fi
expect_text err "Person %s does not exist" nobody

# The same run without LANGUAGE is English, so the checks above do see
# the language switch.
run_english --db "$scratch/jumpgate.db" person remove nobody
if ! grep -qF "Person nobody does not exist" "$scratch/err"; then
  fail "the English run lacks “Person nobody does not exist”; it was:"
  sed 's/^/    /' "$scratch/err"
fi

if [ $failures -gt 0 ]; then
  echo "$failures check(s) failed"
  exit 1
fi
echo "all checks passed"
exit 0
