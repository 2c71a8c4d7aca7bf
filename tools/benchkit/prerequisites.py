"""Installs what the benchmark needs when it is missing, and builds Tessera in release mode."""
from __future__ import annotations

import importlib
import os
import re
import shutil
import site
import subprocess
import sys
from typing import Callable

# Program -> Debian package that provides it.
_PROGRAMS = {"redis-server": "redis-server", "redis-cli": "redis-tools",
             "redis-benchmark": "redis-tools", "taskset": "util-linux"}


class PrerequisiteFailure(RuntimeError):
    pass


def ensure_packages(log: Callable[[str], None]) -> None:
    missing = sorted({package for program, package in _PROGRAMS.items() if shutil.which(program) is None})
    if not missing:
        return
    log(f"installing {' '.join(missing)} (apt-get)")
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    # RUNLEVEL=1 keeps Debian's redis-server service from starting on port 6379.
    env = dict(os.environ, RUNLEVEL="1", DEBIAN_FRONTEND="noninteractive")
    for argv in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", *missing]):
        if subprocess.run(sudo + argv, env=env).returncode != 0:
            raise PrerequisiteFailure(f"'{' '.join(argv)}' failed; install {' '.join(missing)} by hand")


def ensure_matplotlib(log: Callable[[str], None]) -> bool:
    """True when matplotlib can be imported, after a pip install if needed."""
    if _importable("matplotlib"):
        return True
    log("installing matplotlib (pip)")
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "matplotlib"])
    if not _importable("matplotlib"):
        return False
    # A user site directory pip has just created is not on this process's path yet.
    if os.path.isdir(site.getusersitepackages()):
        site.addsitedir(site.getusersitepackages())
    importlib.invalidate_caches()
    return True


def build(repository: str, products: list[str], log: Callable[[str], None]) -> None:
    for product in products:
        log(f"building {product} (tools/build-release)")
        argv = [os.path.join(repository, "tools", "build-release"), "--product", product]
        if subprocess.run(argv, cwd=repository).returncode != 0:
            raise PrerequisiteFailure(f"'{' '.join(argv)}' failed in {repository}")


def redis_version(binary: str) -> str:
    """The x.y.z of `redis-server --version`."""
    output = subprocess.run([binary, "--version"], capture_output=True, text=True).stdout
    match = re.search(r"v=(\d+\.\d+\.\d+)", output)
    return match.group(1) if match else "unknown"


def git_revision(repository: str) -> str:
    result = subprocess.run(["git", "-C", repository, "describe", "--always", "--dirty"],
                            capture_output=True, text=True)
    return result.stdout.strip() or "unknown"


def _importable(module: str) -> bool:
    return subprocess.run([sys.executable, "-c", f"import {module}"], capture_output=True).returncode == 0
