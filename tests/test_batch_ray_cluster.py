"""``--engine ray --ray-address`` joining a running cluster, as a user on a cluster would.

A real Ray head node is started with the ``ray`` command (``ray start --head``), and
``wikinorm batch`` runs in its own process, so nothing is initialized beforehand: the
engine must find the cluster from the address alone (``auto`` reads Ray's current-cluster
file; an explicit ``host:port`` is the other form). The shards must equal a local run's.
Its own module so that no other Ray instance of the suite is running meanwhile.
"""

from __future__ import annotations

import os
import shutil
import socket
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from batch_helpers import shard_files, small_dump

pytest.importorskip("ray", reason="Ray is in the test extra: pip install -e '.[test]'")

pytestmark = pytest.mark.slow  # a head node and two client processes take ~20 s

RAY = Path(sys.executable).with_name("ray")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


#: Ray's temporary folder for this module's cluster and clients (set by ``head_node``).
_ray_tmpdir: str | None = None


def _env() -> dict[str, str]:
    # RAY_ADDRESS would override what the test asks for.
    env = {k: v for k, v in os.environ.items() if k != "RAY_ADDRESS"}
    if _ray_tmpdir is not None:
        # `auto` reads the current-cluster file in Ray's temporary folder, which is
        # /tmp/ray for every Ray on the machine: another cluster started meanwhile
        # (a second test run) would be the one found. A folder of its own keeps
        # `auto` meaning this cluster, as on a cluster node. Short: Ray puts Unix
        # sockets in it (at most 107 bytes a path).
        env["RAY_TMPDIR"] = _ray_tmpdir
    env["RAY_USAGE_STATS_ENABLED"] = "0"
    # Recent Ray (2.60) turns on token authentication for `ray start` clusters, and its CLI tools
    # and clients disagree on the mode unless told; the test is about finding the cluster.
    env["RAY_AUTH_MODE"] = "disabled"
    return env


@pytest.fixture(scope="module")
def head_node():
    """A running single-node cluster with 2 CPUs; its GCS address.

    ``--block`` keeps the head in this one process, so stopping it stops only this
    cluster (``ray stop`` would stop every Ray process of the user on the machine).
    """
    global _ray_tmpdir
    if not RAY.exists():
        pytest.skip(f"the ray command is not installed next to {sys.executable}")
    _ray_tmpdir = tempfile.mkdtemp(prefix="wnray-", dir="/tmp")
    port = _free_port()
    address = f"127.0.0.1:{port}"
    head = subprocess.Popen(
        [str(RAY), "start", "--head", "--block", f"--port={port}", "--num-cpus=2", "--include-dashboard=false",
         "--disable-usage-stats"],
        env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 180
        # Both, in this order: the head answers before it writes the current-cluster
        # file (`ray start` writes it last), and `auto` reads that file; a client started
        # in between found no cluster (seen once in CI). The file names the node's own
        # IP, not 127.0.0.1, so the port is what identifies this head.
        while not (_cluster_answers(address) and (_current_cluster_file() or "").endswith(f":{port}")):
            assert head.poll() is None, f"ray start --head exited with {head.returncode}"
            assert time.monotonic() < deadline, "the Ray head node did not come up within 180 s"
            time.sleep(1)
        yield address
    finally:
        os.killpg(head.pid, signal.SIGTERM)
        try:
            head.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(head.pid, signal.SIGKILL)
            head.wait()
        shutil.rmtree(_ray_tmpdir, ignore_errors=True)
        _ray_tmpdir = None


def _current_cluster_file() -> str | None:
    """The address in Ray's current-cluster file, the one ``auto`` reads; None until written."""
    assert _ray_tmpdir is not None
    try:
        return (Path(_ray_tmpdir) / "ray" / "ray_current_cluster").read_text().strip()
    except FileNotFoundError:
        return None


def _cluster_answers(address: str) -> bool:
    status = subprocess.run([str(RAY), "status", f"--address={address}"], env=_env(), capture_output=True,
                            timeout=120)
    return status.returncode == 0


def _batch(dump: Path, out: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "wikinorm", "batch", str(dump), "-o", str(out), "--shard-pages", "9", "--quiet", *extra],
        env=_env(), capture_output=True, text=True, timeout=900,  # generous: a loaded machine
    )


@pytest.mark.parametrize("address", ["auto", "explicit"])
def test_ray_address_joins_a_running_cluster(head_node, tmp_path, address):
    dump = small_dump(tmp_path)
    local = _batch(dump, tmp_path / "local", "--jobs", "1")
    assert local.returncode == 0, local.stderr
    joined = _batch(dump, tmp_path / "ray", "--engine", "ray", "--ray-address", head_node if address == "explicit" else "auto")
    assert joined.returncode == 0, joined.stderr
    assert shard_files(tmp_path / "ray") == shard_files(tmp_path / "local")
    assert len(shard_files(tmp_path / "local")) > 1
    # The cluster outlives the client: a joined cluster is never shut down by the batch.
    assert _cluster_answers(head_node)
