#!/usr/bin/env python3
"""Checks deploy/*.yml against the built image, without an engine: every qbt-rules service
builds this repository's Dockerfile; its volumes are the image's VOLUME or directories it
has; its ports are EXPOSEd; each secret it reads through a *_FILE variable is one it
declares, backed by a file; each environment name is read by the entrypoint (PUID, PGID),
by the C library (TZ, checked against the image's zoneinfo) or by qbt-rules: `qbt-rules
--show-config`, run inside the image root with the service's environment (secrets made up),
must report every QBT_RULES_* name as a source and warn about none.

  compose_check.py SOURCE_DIR IMAGE_ROOT VOLUMES PORTS IMAGE_ENV
"""
import glob
import os
import re
import subprocess
import sys
import tempfile

import yaml

src, root, volumes, ports, image_env = sys.argv[1:6]
volumes, ports = volumes.split(), ports.split()
image_env = [line for line in image_env.splitlines() if line]
errors = []


def check(condition, message):
    if not condition:
        errors.append(message)


def as_dict(env):
    if isinstance(env, list):
        return dict(item.split("=", 1) for item in env)
    return {k: str(v) for k, v in (env or {}).items()}


def show_config(env, secrets):
    """qbt-rules --show-config in the image root, with the image Env, then the service's."""
    secret_dir = os.path.join(root, "run/secrets")
    os.makedirs(secret_dir, exist_ok=True)
    for name in secrets:
        with open(os.path.join(secret_dir, name), "w") as f:
            f.write("made-up-secret-for-the-check\n")
    config_dir = tempfile.mkdtemp(dir=os.path.join(root, "tmp"))
    inner = "/" + os.path.relpath(config_dir, root)
    argv = ["chroot", root, "/usr/bin/env", "-i", *image_env,
            *(f"{k}={v}" for k, v in env.items()),
            "/usr/bin/qbt-rules", "--config-dir", inner, "--show-config"]
    result = subprocess.run(argv, capture_output=True, text=True, timeout=60)
    return result.returncode, result.stdout + result.stderr


def check_qbt_rules(file, name, service, top_secrets):
    where = f"{file}: service {name}"
    check(service.get("build") == "..", f"{where}: build is {service.get('build')!r}, wanted '..'")
    check(os.path.isfile(os.path.join(os.path.dirname(file), "..", "Dockerfile")), f"{where}: no Dockerfile at its build context")
    for volume in service.get("volumes", []):
        target = volume.split(":")[1]
        check(target in volumes or os.path.isdir(root + target), f"{where}: volume target {target} is no VOLUME or directory of the image")
    for port in service.get("ports", []):
        inner = str(port).split(":")[-1]
        check(f"{inner}/tcp" in ports, f"{where}: port {inner} is not EXPOSEd ({ports})")
    secrets = service.get("secrets", [])
    for secret in secrets:
        declared = top_secrets.get(secret, {})
        check("file" in declared, f"{where}: secret {secret} is not declared with a file at the top level")
    env = as_dict(service.get("environment"))
    for key, value in env.items():
        if key.endswith("_FILE"):
            match = re.fullmatch(r"/run/secrets/(.+)", value)
            check(match and match.group(1) in secrets, f"{where}: {key}={value} is not one of its secrets {secrets}")
    entrypoint = open(os.path.join(root, "usr/share/qbt-rules/docker-entrypoint.sh")).read()
    for key in env:
        if key in ("PUID", "PGID"):
            check("${%s:-" % key in entrypoint, f"{where}: the entrypoint does not read {key}")
        elif key == "TZ":
            check(os.path.isfile(os.path.join(root, "usr/share/zoneinfo", env[key])), f"{where}: TZ={env[key]} has no zoneinfo in the image")
        elif not key.startswith("QBT_RULES_"):
            errors.append(f"{where}: {key} is read by nothing in the image")
    status, output = show_config(env, secrets)
    check(status == 0, f"{where}: --show-config exited {status}: {output.strip()}")
    for line in output.splitlines():
        check(" warning " not in line, f"{where}: --show-config: {line}")
    for key in env:
        if key.startswith("QBT_RULES_"):
            check(f"[env {key}]" in output or f"via {key}]" in output, f"{where}: --show-config does not use {key}")
    return 1


checked = 0
for file in sorted(glob.glob(os.path.join(src, "deploy", "*.yml"))):
    with open(file) as f:
        compose = yaml.safe_load(f)
    top_secrets = compose.get("secrets") or {}
    for name, service in (compose.get("services") or {}).items():
        if "qbt-rules" in str(service.get("image", "")):
            checked += check_qbt_rules(os.path.relpath(file, src), name, service, top_secrets)
check(checked > 0, "no qbt-rules service found in deploy/*.yml")
for error in errors:
    print("compose_check:", error, file=sys.stderr)
print(f"compose_check: {checked} qbt-rules services in deploy/*.yml checked, {len(errors)} problems")
sys.exit(1 if errors else 0)
