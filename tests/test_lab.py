"""`make lab` starts JupyterLab as a reader would, root included, and the notebooks open through its API."""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import time
import urllib.request

import pytest

from sme_clusters import config
from sme_clusters.runner import discover

pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(url: str, token: str) -> dict:
    request = urllib.request.Request(url, headers={"Authorization": f"token {token}"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read().decode("utf-8"))


def test_make_lab_starts_and_serves_every_notebook():
    port, token = free_port(), "sme-clusters-test"
    arguments = f"--no-browser --ip=127.0.0.1 --port={port} --ServerApp.token={token} --ServerApp.port_retries=0"
    lab = subprocess.Popen(["make", "lab", f"LAB_ARGS={arguments}"], cwd=config.ROOT, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, text=True, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                status = get(f"{base}/api/status", token)
                break
            except OSError:
                if lab.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"JupyterLab did not start:\n{lab.stdout.read()[-3000:]}")
                time.sleep(0.5)
        assert "started" in status
        for notebook in discover():
            model = get(f"{base}/api/contents/{notebook.name}?content=1", token)  # the server's root is notebooks/
            assert model["type"] == "notebook" and model["content"]["cells"], notebook.name
            assert model["content"]["metadata"]["kernelspec"]["name"] == "python3"
    finally:
        os.killpg(lab.pid, signal.SIGTERM)
        lab.wait(timeout=30)
