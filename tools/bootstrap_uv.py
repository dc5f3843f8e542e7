"""Put the pinned uv into TARGET/bin/uv (make setup's first step), with nothing but this Python's standard library.

    python3 tools/bootstrap_uv.py VERSION TARGET

On the common platforms the uv wheel is fetched straight from PyPI by its address and checked against its
sha256 below, then its one binary is unpacked. `pip install uv==VERSION` does the same in about three more
seconds: PyPI lists some 6,000 uv files, and pip weighs every one against this machine's tags before it picks.
Exits 1 on any other platform, for another VERSION, or if the download fails: the Makefile then installs
the same pinned version with pip, as before.
"""
from __future__ import annotations

import hashlib
import io
import platform
import sys
import urllib.request
import zipfile
from pathlib import Path

VERSION = "0.13.9"  # the wheels below; another UV_VERSION in the Makefile goes through pip
FILES = "https://files.pythonhosted.org/packages"
# (system, machine, C library) -> (the wheel's path on PyPI's file host, its sha256 as PyPI lists it)
WHEELS = {
    ("Linux", "x86_64", "glibc"): (
        "3d/aa/26d64642d808de4a652579ef950d7cd2d37f080a8babf9c67c6b75fc4c3f/uv-0.13.9-py3-none-manylinux_2_17_x86_64.manylinux2014_x86_64.whl",
        "d7f459fe4fd247d830351c75686d3996ace3c6f3f728eb0e85a30b7ada0cef19"),
    ("Linux", "x86_64", "musl"): (
        "fe/fe/794884de0efd3ac77a427cab21aa72c0483e100c55a42cd5cbb02c141b84/uv-0.13.9-py3-none-musllinux_1_1_x86_64.whl",
        "2c45530751517d6c3bbc69a19473f6effe47cce047bede01ffd8af7ea7b36b25"),
    ("Linux", "aarch64", "glibc"): (
        "57/15/94b6cd62ac3ff6550288328e8035288875197cbc183f51554b266a69877b/"
        "uv-0.13.9-py3-none-manylinux_2_17_aarch64.manylinux2014_aarch64.musllinux_1_1_aarch64.whl",
        "5435c5ce14a56431208ca0996416d310f1598e8c2c8ba707688985a16bb82dbe"),
    ("Darwin", "x86_64", ""): (
        "1e/db/08e9ef4879bd667e6d7b4705e594e5bd3e4585f10fc63cb16b9fa2fac63e/uv-0.13.9-py3-none-macosx_10_12_x86_64.whl",
        "c16ed11e013557536b3e60065f1b912f6407bd6518e041b961e23ef9e6b4fbf5"),
    ("Darwin", "arm64", ""): (
        "f3/a7/a8d7b074798c7fb3b26b37584b8fe2e29df2ccdc24ce7902caab2a53edbf/uv-0.13.9-py3-none-macosx_11_0_arm64.whl",
        "66c512266d633bef48384a1f53003f41f2a8e7b36fe6e7fbfd3e0fd52d96fa63"),
}
WHEELS[("Linux", "aarch64", "musl")] = WHEELS[("Linux", "aarch64", "glibc")]  # one wheel for both


def this_platform() -> tuple[str, str, str]:
    system, machine = platform.system(), platform.machine()
    libc = ""
    if system == "Linux":
        libc = "glibc" if platform.libc_ver()[0] == "glibc" else "musl"
    return system, machine, libc


def from_pypi(target: Path, path: str, sha256: str) -> None:
    with urllib.request.urlopen(f"{FILES}/{path}", timeout=120) as response:
        wheel = response.read()
    if hashlib.sha256(wheel).hexdigest() != sha256:
        raise ValueError(f"{path.rsplit('/', 1)[-1]} does not match its pinned sha256")
    with zipfile.ZipFile(io.BytesIO(wheel)) as archive:
        binary = archive.read(f"uv-{VERSION}.data/scripts/uv")
    (target / "bin").mkdir(parents=True, exist_ok=True)
    partial = target / "bin" / "uv.partial"
    partial.write_bytes(binary)
    partial.chmod(0o755)
    partial.replace(target / "bin" / "uv")


def main() -> int:
    version, target = sys.argv[1], Path(sys.argv[2])
    wheel = WHEELS.get(this_platform())
    if version != VERSION or wheel is None:
        return 1
    try:
        from_pypi(target, *wheel)
    except Exception as error:  # a proxy, no route to files.pythonhosted.org, a bad download: pip's way
        print(f"fetching uv {VERSION} directly failed ({error}); installing it with pip", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
