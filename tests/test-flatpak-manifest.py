#!/usr/bin/python3
"""Check the Flatpak manifest against the sandbox and build rules of the app.

Usage: test-flatpak-manifest.py MANIFEST APP_ID

The manifest must be strict JSON, without the comments that flatpak-builder
would accept. It must name the app and its command and build on the GNOME
runtime. It may ask for no sandbox permission beyond network, IPC, display
and GPU, and its last module must build the local tree with meson. Every
failed rule is printed, and the exit status is 1 if any failed.
"""

import json
import re
import sys

COMMAND = "jumpgate"
RUNTIME = "org.gnome.Platform"
SDK = "org.gnome.Sdk"

# The whole permission set of the sandbox. Anything else needs a reason
# and a change here.
ALLOWED_FINISH_ARGS = {
    "--share=network",
    "--share=ipc",
    "--socket=wayland",
    "--socket=fallback-x11",
    "--device=dri",
}

# Permissions that would defeat the sandbox for this app: files go through
# the file chooser portal and secrets through the Secret portal.
FORBIDDEN_FINISH_ARG_PREFIXES = (
    "--filesystem=",
    "--talk-name=org.freedesktop.secrets",
    "--socket=session-bus",
    "--device=all",
)

SHA256_PATTERN = re.compile(r"^[0-9a-f]{64}$")


def check_identity(manifest, app_id, errors):
    ids = [manifest[key] for key in ("id", "app-id") if key in manifest]
    if not ids:
        errors.append("neither 'id' nor 'app-id' is set")
    for value in ids:
        if value != app_id:
            errors.append(f"app id is {value!r}, expected {app_id!r}")

    if manifest.get("command") != COMMAND:
        errors.append(
            f"command is {manifest.get('command')!r}, expected {COMMAND!r}"
        )


def check_runtime(manifest, errors):
    if manifest.get("runtime") != RUNTIME:
        errors.append(
            f"runtime is {manifest.get('runtime')!r}, expected {RUNTIME!r}"
        )
    if manifest.get("sdk") != SDK:
        errors.append(f"sdk is {manifest.get('sdk')!r}, expected {SDK!r}")

    # The manifest format defines runtime-version as a string ("51"), not as
    # a number.
    version = manifest.get("runtime-version")
    if not isinstance(version, str) or not version:
        errors.append(
            f"runtime-version is {version!r}, expected a non-empty string "
            "such as \"51\""
        )


def check_finish_args(manifest, errors):
    finish_args = manifest.get("finish-args", [])
    if not isinstance(finish_args, list):
        errors.append("finish-args is not a list")
        return

    seen = set()
    for arg in finish_args:
        if arg in seen:
            errors.append(f"finish-args lists {arg!r} twice")
        seen.add(arg)
        for prefix in FORBIDDEN_FINISH_ARG_PREFIXES:
            if isinstance(arg, str) and arg.startswith(prefix):
                errors.append(f"finish-args contains forbidden {arg!r}")
        if arg not in ALLOWED_FINISH_ARGS:
            errors.append(
                f"finish-args contains {arg!r}, which is not one of "
                f"{sorted(ALLOWED_FINISH_ARGS)}"
            )


def check_pinned_sources(module, errors):
    """Require a sha256 on every downloaded archive or file."""
    name = module.get("name", "?")
    for source in module.get("sources", []):
        if not isinstance(source, dict):
            continue
        if source.get("type") in ("archive", "file") and "url" in source:
            sha256 = source.get("sha256", "")
            if not SHA256_PATTERN.match(sha256):
                errors.append(
                    f"module {name!r}: source {source['url']} has no valid "
                    "sha256"
                )
        if source.get("type") == "git" and "url" in source:
            if not source.get("commit") and not source.get("tag"):
                errors.append(
                    f"module {name!r}: git source {source['url']} is not "
                    "pinned to a commit or tag"
                )


def check_modules(manifest, errors):
    modules = manifest.get("modules")
    if not isinstance(modules, list) or not modules:
        errors.append("modules is missing or empty")
        return

    for module in modules:
        if isinstance(module, dict):
            check_pinned_sources(module, errors)

    app = modules[-1]
    if not isinstance(app, dict):
        errors.append("the last module is not an object")
        return

    if app.get("buildsystem") != "meson":
        errors.append(
            f"last module buildsystem is {app.get('buildsystem')!r}, "
            "expected 'meson'"
        )
    if "-Dgui=enabled" not in app.get("config-opts", []):
        errors.append("last module config-opts lacks -Dgui=enabled")

    local_tree = [
        source
        for source in app.get("sources", [])
        if isinstance(source, dict)
        and source.get("type") == "dir"
        and source.get("path") == ".."
    ]
    if not local_tree:
        errors.append(
            "last module has no source {\"type\": \"dir\", \"path\": \"..\"} "
            "for the local tree"
        )


def main(argv):
    if len(argv) != 3:
        print(f"usage: {argv[0]} MANIFEST APP_ID", file=sys.stderr)
        return 2
    path, app_id = argv[1], argv[2]

    try:
        with open(path, encoding="utf-8") as f:
            manifest = json.load(f)
    except OSError as e:
        print(f"FAIL: cannot open {path}: {e}", file=sys.stderr)
        return 1
    except ValueError as e:
        print(
            f"FAIL: {path} is not valid JSON: {e}. Comments are not allowed.",
            file=sys.stderr,
        )
        return 1
    if not isinstance(manifest, dict):
        print(f"FAIL: {path} is not a JSON object", file=sys.stderr)
        return 1

    errors = []
    check_identity(manifest, app_id, errors)
    check_runtime(manifest, errors)
    check_finish_args(manifest, errors)
    check_modules(manifest, errors)

    for error in errors:
        print(f"FAIL: {path}: {error}", file=sys.stderr)
    if errors:
        return 1
    print(f"{path}: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
