#!/usr/bin/python3
"""Check the gettext files in po/ against the sources.

Usage:
  test-po.py potfiles SOURCE_ROOT
    Every file under src/ and data/ from which xgettext extracts a message
    must be listed in po/POTFILES, and every listed file must exist and
    contain a message. The list must be sorted, without duplicates.
  test-po.py catalogues SOURCE_ROOT
    Every language in po/LINGUAS must have a .po file and the reverse.
    Each catalogue must pass `msgfmt --check` with every message translated
    and none fuzzy, and hold exactly the messages that xgettext extracts
    now from the files in po/POTFILES.
  test-po.py sources SOURCE_ROOT
    No translatable string may be cut short by a macro that xgettext
    cannot expand, such as G_GINT64_FORMAT, because the catalogue then
    contains only a fragment and the whole string is never found at run
    time.

Every failure is printed with the file or message concerned, and the exit
status is then 1. It is 77, which meson counts as skipped, when xgettext or
msgfmt is missing. Run `meson compile -C BUILDDIR jumpgate-update-po` to
refresh the catalogues after a source change.
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile

PACKAGE = "jumpgate"

# The options of meson's i18n.gettext(preset: 'glib') in meson 1.0
# (mesonbuild/modules/i18n.py, PRESET_ARGS), plus the -k_ that meson's
# pot script adds. The extracted messages must match what
# `meson compile jumpgate-pot` produces.
XGETTEXT_ARGS = [
    "--from-code=UTF-8",
    "--add-comments",
    "--keyword=_",
    "--keyword=N_",
    "--keyword=C_:1c,2",
    "--keyword=NC_:1c,2",
    "--keyword=g_dcgettext:2",
    "--keyword=g_dngettext:2,3",
    "--keyword=g_dpgettext2:2c,3",
    "--flag=N_:1:pass-c-format",
    "--flag=C_:2:pass-c-format",
    "--flag=NC_:2:pass-c-format",
    "--flag=g_dngettext:2:pass-c-format",
    "--flag=g_strdup_printf:1:c-format",
    "--flag=g_string_printf:2:c-format",
    "--flag=g_string_append_printf:2:c-format",
    "--flag=g_error_new:3:c-format",
    "--flag=g_set_error:4:c-format",
    "--flag=g_markup_printf_escaped:1:c-format",
    "--flag=g_log:3:c-format",
    "--flag=g_print:1:c-format",
    "--flag=g_printerr:1:c-format",
    "--flag=g_printf:1:c-format",
    "--flag=g_fprintf:2:c-format",
    "--flag=g_sprintf:2:c-format",
    "--flag=g_snprintf:3:c-format",
    "-k_",
]

# Folders whose files may hold translatable strings, and the file name
# endings that xgettext can read there. Templates keep their .in or .in.in
# ending: xgettext strips it to find the language.
SCANNED_FOLDERS = ["src", "data"]
SCANNED_ENDINGS = (
    ".c",
    ".h",
    ".ui",
    ".desktop.in",
    ".desktop.in.in",
    ".metainfo.xml.in",
    ".metainfo.xml.in.in",
    ".gschema.xml",
)

# A msgid that ends inside a printf directive, after "%%" pairs are
# removed. xgettext stops at a macro it cannot expand, so
# _("Commit %" G_GINT64_FORMAT " failed") yields the msgid "Commit %".
TRUNCATED_DIRECTIVE = re.compile(
    r"%[-+ #0'I]*(?:[0-9]+|\*)?(?:\.(?:[0-9]+|\*)?)?(?:hh|h|ll|l|L|q|j|z|t)?$")


def fail(failures, text):
    print("FAIL: " + text)
    failures.append(text)


def read_list(path):
    """Return the non-comment, non-empty lines of a POTFILES or LINGUAS file."""
    entries = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            line = line.strip()
            if line and not line.startswith("#"):
                entries.extend(line.split() if path.endswith("LINGUAS")
                               else [line])
    return entries


def run_xgettext(source_root, files, output):
    """Extract the messages of FILES (relative to SOURCE_ROOT) into OUTPUT.

    Returns xgettext's standard error, which contains its warnings.
    """
    with tempfile.NamedTemporaryFile("w", suffix=".list",
                                     encoding="utf-8") as listing:
        listing.write("\n".join(files) + "\n")
        listing.flush()
        result = subprocess.run(
            ["xgettext", "--package-name=" + PACKAGE, "-f", listing.name,
             "-D", source_root, "-o", output] + XGETTEXT_ARGS,
            capture_output=True, text=True, check=False)
    if result.returncode != 0:
        sys.exit("xgettext failed (exit status %d):\n%s"
                 % (result.returncode, result.stderr))
    return result.stderr


def unquote(text):
    """Decode one C-quoted PO string literal (without its quotes)."""
    escapes = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\", '"': '"',
               "a": "\a", "b": "\b", "f": "\f", "v": "\v"}
    out = []
    i = 0
    while i < len(text):
        char = text[i]
        if char == "\\" and i + 1 < len(text):
            out.append(escapes.get(text[i + 1], text[i + 1]))
            i += 2
        else:
            out.append(char)
            i += 1
    return "".join(out)


def parse_po(path):
    """Return the entries of a PO file as dicts, obsolete ones left out.

    Each entry has the keys "msgctxt", "msgid", "msgid_plural" (None when
    absent), "msgstr" (a list, one item per plural form), "flags" and
    "references".
    """
    entries = []
    entry = None
    field = None

    def finish():
        if entry is not None and entry["msgid"] is not None:
            entries.append(entry)

    def new_entry():
        return {"msgctxt": None, "msgid": None, "msgid_plural": None,
                "msgstr": [], "flags": set(), "references": []}

    with open(path, encoding="utf-8") as handle:
        for raw in handle:
            line = raw.strip()
            if not line or line.startswith("#~"):
                continue
            if line.startswith("#"):
                if entry is not None and entry["msgid"] is not None:
                    finish()
                    entry = None
                if entry is None:
                    entry = new_entry()
                if line.startswith("#,"):
                    entry["flags"].update(
                        flag.strip() for flag in line[2:].split(","))
                elif line.startswith("#:"):
                    entry["references"].extend(line[2:].split())
                continue
            match = re.match(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)'
                             r'\s+"(.*)"$', line)
            if match:
                keyword, value = match.group(1), unquote(match.group(2))
                if keyword in ("msgctxt", "msgid") and entry is not None \
                        and entry["msgid"] is not None:
                    finish()
                    entry = None
                if entry is None:
                    entry = new_entry()
                if keyword.startswith("msgstr"):
                    entry["msgstr"].append(value)
                    field = ("msgstr", len(entry["msgstr"]) - 1)
                else:
                    entry[keyword] = value
                    field = (keyword, None)
                continue
            if line.startswith('"') and line.endswith('"') and field:
                value = unquote(line[1:-1])
                if field[1] is None:
                    entry[field[0]] += value
                else:
                    entry["msgstr"][field[1]] += value
                continue
            sys.exit("%s: cannot parse line: %s" % (path, raw.rstrip()))
    finish()
    return entries


def message_key(entry):
    return (entry["msgctxt"], entry["msgid"], entry["msgid_plural"])


def describe(key):
    context, msgid, plural = key
    text = repr(msgid)
    if plural is not None:
        text += " (plural %r)" % plural
    if context is not None:
        text += " (context %r)" % context
    return text


def scanned_files(source_root):
    found = []
    for folder in SCANNED_FOLDERS:
        for directory, _, names in os.walk(os.path.join(source_root, folder)):
            for name in names:
                if name.endswith(SCANNED_ENDINGS):
                    path = os.path.join(directory, name)
                    found.append(os.path.relpath(path, source_root))
    return sorted(found)


def files_with_messages(source_root, files):
    """Return the subset of FILES from which xgettext extracts a message."""
    with tempfile.TemporaryDirectory() as scratch:
        pot = os.path.join(scratch, "all.pot")
        run_xgettext(source_root, files, pot)
        if not os.path.exists(pot):
            return set()
        referenced = set()
        for entry in parse_po(pot):
            for reference in entry["references"]:
                referenced.add(reference.rsplit(":", 1)[0])
    return referenced


def check_potfiles(source_root):
    failures = []
    potfiles_path = os.path.join(source_root, "po", "POTFILES")
    listed = read_list(potfiles_path)

    if listed != sorted(listed):
        fail(failures, "po/POTFILES is not sorted; sort it with "
             "`LC_ALL=C sort -u`")
    duplicates = sorted({name for name in listed if listed.count(name) > 1})
    for name in duplicates:
        fail(failures, "po/POTFILES lists %s more than once" % name)

    missing_files = [name for name in listed
                     if not os.path.isfile(os.path.join(source_root, name))]
    for name in missing_files:
        fail(failures, "po/POTFILES lists %s, which does not exist; "
             "remove it from po/POTFILES" % name)

    with_messages = files_with_messages(source_root, scanned_files(source_root))
    for name in sorted(with_messages - set(listed)):
        fail(failures, "%s has translatable strings but is missing from "
             "po/POTFILES; add it" % name)

    existing = [name for name in listed if name not in missing_files]
    if existing:
        listed_with_messages = files_with_messages(source_root, existing)
        for name in existing:
            if name not in listed_with_messages:
                fail(failures, "po/POTFILES lists %s, which has no "
                     "translatable string; remove it" % name)

    print("%d files listed in po/POTFILES, %d files under %s with "
          "translatable strings" % (len(listed), len(with_messages),
                                    " and ".join(SCANNED_FOLDERS)))
    return failures


def msgfmt_statistics(po_path):
    """Run msgfmt --check on PO_PATH; return (exit status, output, counts)."""
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", os.devnull, po_path],
        capture_output=True, text=True, check=False,
        env=dict(os.environ, LC_ALL="C", LANGUAGE=""))
    counts = {"translated": 0, "fuzzy": 0, "untranslated": 0}
    for number, kind in re.findall(r"(\d+) (translated|fuzzy|untranslated)",
                                   result.stderr):
        counts[kind] = int(number)
    return result.returncode, result.stderr.strip(), counts


def check_catalogue(source_root, language, current, failures):
    po_path = os.path.join(source_root, "po", language + ".po")
    status, output, counts = msgfmt_statistics(po_path)
    print("%s: %s" % (os.path.relpath(po_path, source_root), output))
    if status != 0:
        fail(failures, "msgfmt --check rejects po/%s.po (exit status %d)"
             % (language, status))
    if counts["fuzzy"]:
        fail(failures, "po/%s.po has %d fuzzy translations; review them and "
             "remove the fuzzy flag" % (language, counts["fuzzy"]))
    if counts["untranslated"]:
        fail(failures, "po/%s.po has %d untranslated messages"
             % (language, counts["untranslated"]))

    entries = parse_po(po_path)
    header = [entry for entry in entries if entry["msgid"] == ""]
    if not header:
        fail(failures, "po/%s.po has no header entry" % language)
    elif "nplurals=" not in header[0]["msgstr"][0]:
        fail(failures, "po/%s.po has no Plural-Forms header" % language)

    messages = {message_key(entry): entry for entry in entries
                if entry["msgid"] != ""}
    for key in sorted(set(current) - set(messages), key=describe):
        fail(failures, "po/%s.po lacks %s from %s; run `meson compile "
             "jumpgate-update-po` and translate it"
             % (language, describe(key), " ".join(current[key]["references"])))
    for key in sorted(set(messages) - set(current), key=describe):
        fail(failures, "po/%s.po has %s, which no source uses any more; run "
             "`meson compile jumpgate-update-po`" % (language, describe(key)))

    for key, entry in sorted(messages.items(), key=lambda item: describe(item[0])):
        if key not in current:
            continue
        expected_forms = 2 if key[2] is not None else 1
        if len(entry["msgstr"]) != expected_forms:
            fail(failures, "po/%s.po has %d translations of %s, expected %d"
                 % (language, len(entry["msgstr"]), describe(key),
                    expected_forms))
        if "fuzzy" in entry["flags"]:
            fail(failures, "po/%s.po marks %s as fuzzy" % (language,
                                                           describe(key)))
        if any(text == "" for text in entry["msgstr"]):
            fail(failures, "po/%s.po has no translation of %s"
                 % (language, describe(key)))


def check_catalogues(source_root):
    failures = []
    po_dir = os.path.join(source_root, "po")
    languages = read_list(os.path.join(po_dir, "LINGUAS"))
    present = sorted(name[:-3] for name in os.listdir(po_dir)
                     if name.endswith(".po"))

    for language in languages:
        if language not in present:
            fail(failures, "po/LINGUAS names %s but po/%s.po does not exist"
                 % (language, language))
    for language in present:
        if language not in languages:
            fail(failures, "po/%s.po exists but po/LINGUAS does not name %s; "
                 "add it" % (language, language))
    if not languages:
        fail(failures, "po/LINGUAS names no language")

    listed = read_list(os.path.join(po_dir, "POTFILES"))
    with tempfile.TemporaryDirectory() as scratch:
        pot = os.path.join(scratch, PACKAGE + ".pot")
        run_xgettext(source_root, listed, pot)
        current = {message_key(entry): entry for entry in parse_po(pot)
                   if entry["msgid"] != ""}
    print("%d messages in the sources listed in po/POTFILES" % len(current))

    for language in languages:
        if language in present:
            check_catalogue(source_root, language, current, failures)
    return failures


def check_sources(source_root):
    failures = []
    listed = read_list(os.path.join(source_root, "po", "POTFILES"))
    with tempfile.TemporaryDirectory() as scratch:
        pot = os.path.join(scratch, PACKAGE + ".pot")
        run_xgettext(source_root, listed, pot)
        entries = parse_po(pot)
    for entry in entries:
        for text in (entry["msgid"], entry["msgid_plural"]):
            if text and TRUNCATED_DIRECTIVE.search(text.replace("%%", "")):
                fail(failures, "%s: the translatable string %r is cut short "
                     "by a macro that xgettext cannot expand, such as "
                     "G_GINT64_FORMAT, so it is never translated; write "
                     "%%\" PRId64 \" (<inttypes.h>) or %%zu instead"
                     % (" ".join(entry["references"]), text))
                break
    print("%d messages checked" % len(entries))
    return failures


def main(argv):
    checks = {
        "potfiles": check_potfiles,
        "catalogues": check_catalogues,
        "sources": check_sources,
    }
    if len(argv) != 3 or argv[1] not in checks:
        sys.exit(__doc__)
    for tool, package in (("xgettext", "gettext"), ("msgfmt", "gettext")):
        if shutil.which(tool) is None:
            print("SKIP: %s not found; install %s to run this check"
                  % (tool, package))
            return 77
    failures = checks[argv[1]](os.path.abspath(argv[2]))
    if failures:
        print("%d check(s) failed" % len(failures))
        return 1
    print("all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
