"""Volumes and networks from a notebook, against the real engine."""

from __future__ import annotations

import pytest
from docker import APIClient

import jupyter_docker as jd
from conftest import BASE_IMAGE


def test_volume_create_ls_inspect_rm(ip, labels, unique) -> None:
    name = ip.run_line_magic("docker", f"volume create {labels} --label kind=data {unique}-vol")
    assert name == f"{unique}-vol"
    df = ip.run_line_magic("docker", f"volume ls --filter name={unique}-vol")
    assert list(df["volume_name"]) == [name] and df["labels"].iloc[0]["kind"] == "data"
    assert ip.run_line_magic("docker", "volume ls -q --filter label=kind=data") == [name]
    assert ip.run_line_magic("docker", f"volume inspect {name}")["Driver"].iloc[0] == "local"
    assert ip.run_line_magic("docker", f"volume rm {name}") == [name]
    assert jd.volume_ls(filter={"name": f"{unique}-vol"}).empty


def test_volume_data_persists_across_containers(ip, api, labels, label_dict, unique) -> None:
    vol = ip.run_line_magic("docker", f"volume create {labels} {unique}-keep")
    binds = api.create_host_config(binds={vol: {"bind": "/data", "mode": "rw"}})
    w = api.create_container(BASE_IMAGE, ["sh", "-c", "echo kept > /data/f"], host_config=binds,
                             labels=label_dict)
    ip.run_line_magic("docker", f"start {w['Id']}")
    assert ip.run_line_magic("docker", f"wait {w['Id']}") == [0]
    r = api.create_container(BASE_IMAGE, ["cat", "/data/f"], host_config=binds, labels=label_dict)
    ip.run_line_magic("docker", f"start {r['Id']}")
    ip.run_line_magic("docker", f"wait {r['Id']}")
    assert api.logs(r["Id"]).strip() == b"kept"
    with pytest.raises(jd.DockerError, match="volume is in use"):
        ip.run_line_magic("docker", f"volume rm {vol}")


def test_volume_prune_needs_confirmation_without_stdin(ip, engine, labels, label_dict,
                                                       unique) -> None:
    ip.run_line_magic("docker", f"volume create {labels} {unique}-pr")
    with pytest.raises(jd.DockerError, match="pass -f"):
        ip.run_line_magic("docker", f"volume prune --filter label=nothing-matches={unique}")
    mine = f"--filter label=jupyter-docker-test.session={label_dict['jupyter-docker-test.session']}"
    if engine.speaks("1.42"):  # the engine prunes only anonymous volumes unless -a, like the CLI
        assert f"{unique}-pr" not in ip.run_line_magic("docker", f"volume prune -f {mine}")
        out = ip.run_line_magic("docker", f"volume prune -a -f {mine}")
    else:
        with pytest.raises(jd.DockerError, match='^"--all" requires API version 1.42, but the '
                                                 'Docker daemon API version is 1.41$'):
            ip.run_line_magic("docker", f"volume prune -a -f {mine}")
        out = ip.run_line_magic("docker", f"volume prune -f {mine}")
    assert f"{unique}-pr" in out.splitlines() and "Total reclaimed space" in out


def test_user_network_resolves_names(ip, api, labels, label_dict, unique) -> None:
    from conftest import free_subnet

    net = ip.run_line_magic("docker", f"network create {labels} --subnet "
                                      f"{free_subnet(api)}.0/24 {unique}-net")
    df = ip.run_line_magic("docker", f"network ls --filter name={unique}-net")
    assert list(df["name"]) == [f"{unique}-net"] and df["network_id"].iloc[0] == net[:12]
    server = api.create_container(BASE_IMAGE, "sleep 300", name=f"{unique}-srv", labels=label_dict)
    ip.run_line_magic("docker", f"start {unique}-srv")
    ip.run_line_magic("docker", f"network connect --alias db {unique}-net {unique}-srv")
    client = api.create_container(BASE_IMAGE, ["ping", "-c1", "-W2", "db"], labels=label_dict,
                                  host_config=api.create_host_config(network_mode=f"{unique}-net"))
    ip.run_line_magic("docker", f"start {client['Id']}")
    assert ip.run_line_magic("docker", f"wait {client['Id']}") == [0], api.logs(client["Id"])
    ip.run_line_magic("docker", f"network disconnect {unique}-net {unique}-srv")
    ip.run_line_magic("docker", f"rm -f {unique}-srv {client['Id']}")
    assert ip.run_line_magic("docker", f"network rm {unique}-net") == [f"{unique}-net"]


def test_network_errors_are_one_line(ip, unique) -> None:
    with pytest.raises(jd.DockerError, match=f"network {unique}-none not found"):
        ip.run_line_magic("docker", f"network rm {unique}-none")
