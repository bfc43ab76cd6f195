"""`--format` lines from Docker's CLI reference, run by the docker CLI (28.2) and by us on the
same engine: the text must be the same, byte for byte (table headers and alignment, `json`
lines, Go's printing of values, the template errors)."""

from __future__ import annotations

import shlex
import subprocess
from typing import Any

import pytest

from conftest import BASE_IMAGE

# {c}: our container, {f}: a ps filter for it, {v}: a volume filter, {n}: a network filter
LINES = [
    # docker ps (reference: "Format the output")
    "ps {f} --format 'table {{{{.Names}}}}\\t{{{{.Status}}}}'",
    "ps {f} --format table",
    "ps {f} --format json",
    "ps {f} --format '{{{{.ID}}}}: {{{{.Command}}}}'",
    "ps {f} --format '{{{{.Names}}}} {{{{.Size}}}}'",
    "ps {f} --format '{{{{.Ports}}}} {{{{.Networks}}}} {{{{.LocalVolumes}}}} {{{{.Mounts}}}}'",
    "ps {f} --format '{{{{.Label \"jd.fmt\"}}}} {{{{.State}}}} {{{{.CreatedAt}}}}'",
    "ps -a {f} --no-trunc --format '{{{{.ID}}}} {{{{.Command}}}}'",
    # docker images / history
    "images {img} --format '{{{{.ID}}}}: {{{{.Repository}}}}'",
    "images {img} --format 'table {{{{.ID}}}}\\t{{{{.Repository}}}}\\t{{{{.Tag}}}}'",
    "images {img} --format json",
    "images --digests {img} --format json",  # the containerd store lists digests: shown only
    "images {img} --format '{{{{.Repository}}}} {{{{.Digest}}}}'",  # with --digests or .Digest
    "images {img} --format table",
    "images {img} --format '{{{{.Containers}}}} {{{{.VirtualSize}}}} {{{{.SharedSize}}}} "
    "{{{{.UniqueSize}}}} {{{{.CreatedAt}}}}'",
    "history {img}:v1 --format '{{{{.ID}}}}: {{{{.CreatedSince}}}}'",
    "history {img}:v1 --format json",
    "history {img}:v1 --format table",
    "history -H=false {img}:v1 --format '{{{{.CreatedSince}}}} {{{{.Size}}}} {{{{.CreatedAt}}}}'",
    "history --no-trunc {img}:v1 --format '{{{{.ID}}}} {{{{.CreatedBy}}}}'",
    "images --digests {img} --format table",
    "ps {f} -s --format table",
    "ps {f} --format '{{{{.Names}}}}\\t{{{{.ID}}}}'",
    # stats (reference: "Format the output"), system df
    "stats --no-stream {c} --format 'table {{{{.Container}}}}\\t{{{{.CPUPerc}}}}\\t{{{{.MemUsage}}}}'",
    "stats --no-stream {c} --format 'table {{{{.Name}}}}\\t{{{{.ID}}}}\\t{{{{.PIDs}}}}\\t{{{{.BlockIO}}}}'",
    "stats --no-stream {c} --format json",
    "stats --no-stream {c} --format '{{{{.Container}}}}: {{{{.CPUPerc}}}}'",
    "stats --no-stream {c} --format table",
    "stats --no-stream --no-trunc {c} --format '{{{{.ID}}}} {{{{.MemPerc}}}}'",
    "system df --format 'table {{{{.Type}}}}\\t{{{{.TotalCount}}}}\\t{{{{.Size}}}}'",
    "system df --format json",
    "system df --format table",
    # contexts
    "context ls --format json",
    "context ls --format table",
    "context ls --format '{{{{.Name}}}} {{{{.Current}}}} {{{{.DockerEndpoint}}}}'",
    # volumes and networks, in the CLI's order
    "volume ls {v} --format json",
    "volume ls {v} --format '{{{{.Name}}}}: {{{{.Driver}}}}'",
    "volume ls {v} -q",
    "network ls {n} -q",
    "volume ls {v} --format 'table {{{{.Name}}}}\\t{{{{.Driver}}}}'",
    "volume ls {v} --format table",
    "network ls {n} --format '{{{{.ID}}}}: {{{{.Driver}}}}'",
    "network ls {n} --format json",
    "network ls {n} --format table",
    "network inspect bridge --format '{{{{.ID}}}} {{{{.Created}}}} {{{{.Name}}}}'",
    # inspect (reference: "Get an instance's IP address", "List all port bindings", ...)
    "inspect --format '{{{{range .NetworkSettings.Networks}}}}{{{{.IPAddress}}}}{{{{end}}}}' {c}",
    "inspect --format '{{{{range $p, $conf := .NetworkSettings.Ports}}}} {{{{$p}}}} -> "
    "{{{{(index $conf 0).HostPort}}}} {{{{end}}}}' {c}",
    "inspect --format '{{{{.HostConfig.PortBindings}}}}' {c}",
    "inspect --format '{{{{json .Config.Labels}}}}' {c}",
    "inspect --format '{{{{.LogPath}}}}' {c}",
    "inspect --format '{{{{.Name}}}}\\t{{{{printf \"%.12s\" .Id}}}} {{{{slice .Id 0 5}}}}' {c}",
    "inspect --format '{{{{printf \"%v-%s-%q\" .State.Running .Name .Name}}}}' {c}",
    "inspect --format '{{{{.Id | printf \"%.5s\"}}}} {{{{lt 1 2}}}} {{{{len .Name}}}}' {c}",
    "inspect --format '{{{{.Config.Image}}}} {{{{range .Mounts}}}}{{{{.Name}}}} {{{{.Destination}}}}"
    "{{{{end}}}} {{{{json .Mounts}}}}' {c}",
    "container inspect --format '{{{{.State.Status}}}} {{{{.NetworkSettings.IPAddress}}}} "
    "{{{{range .NetworkSettings.Networks}}}}{{{{.MacAddress}}}}{{{{end}}}}' {c}",
    "inspect --format '{{{{if .State.Running}}}}up{{{{else}}}}down{{{{end}}}} "
    "{{{{with .State.Health}}}}h{{{{else}}}}no health{{{{end}}}}' {c}",
    "inspect --format '{{{{.Config.Labels}}}} {{{{.HostConfig.CapAdd}}}} {{{{.Config.Entrypoint}}}}' {c}",
    "inspect --format '{{{{.HostConfig.LogConfig}}}} {{{{.ID}}}}' {c}",
    "version --format '{{{{.Server.Version}}}} {{{{.Server.Os}}}} {{{{.Server.APIVersion}}}}'",
    "version --format '{{{{.Client.APIVersion}}}} {{{{json .Server.Components}}}}'",
    "version --format '{{{{.Client.Context}}}} {{{{.Client.Os}}}} {{{{.Client.Arch}}}} "
    "{{{{.Client.APIVersion}}}} {{{{.Client.DefaultAPIVersion | len | lt 0}}}}'",
    "info --format '{{{{.ServerVersion}}}} {{{{json .Plugins}}}} {{{{.Swarm.LocalNodeState}}}}'",
    "inspect --format json {net}",
    "network inspect --format '{{{{json .IPAM}}}} {{{{.IPAM}}}} {{{{.Labels}}}}' {net}",
    # events of our objects, a closed time window (reference: "Format the output")
    "events {since} --filter label=jd.fmt={u} --format '{{{{.Type}}}} {{{{.Status}}}} "
    "{{{{.Action}}}} {{{{.Actor.Attributes.name}}}}'",
    "events {since} --filter label=jd.fmt={u} --format '{{{{json .}}}}'",
    "events {since} --filter label=jd.fmt={u} --format json",
    "inspect --format '{{{{.Config.Labels.nope}}}}' {c}",
]
ERRORS = [  # the CLI's error text (ours begins with "docker: ")
    "inspect --format '{{{{.Nope}}}}' {c}",
    "ps {f} --format '{{{{.Nope}}}}'",
    "ps {f} --format '{{{{.Label}}}}'",
    "images {img} --format '{{{{.Nope}}}}'",
    "network ls {n} --format '{{{{.Nope}}}}'",
    "version --format '{{{{.Nope}}}}'",
    "info --format '{{{{.Nope}}}}'",
    "events {since} --format '{{{{.Nope}}}}'",
    "stats --no-stream {c} --format '{{{{.Nope}}}}'",
    "system df --format '{{{{.Nope}}}}'",
    "volume ls {v} --format '{{{{.Nope}}}}'",
    "context ls --format '{{{{.Nope}}}}'",
]


@pytest.fixture(scope="module")
def names(ip: Any, engine: Any, labels: str) -> Any:
    import secrets
    import time

    from conftest import api_client

    u = f"jdt-{secrets.token_hex(3)}"
    api = api_client(engine.host)
    start = int(time.time())
    with engine.active():  # a module fixture runs before the test's DOCKER_HOST is set
        for vol in ("vol10", "vol2", "Vol1"):
            ip.run_line_magic("docker", f"volume create {labels} --label jd.fmt={u} {u}-{vol}")
        ip.run_line_magic("docker", f"network create {labels} --label jd.fmt={u} {u}-net10")
        ip.run_line_magic("docker", f"network create {labels} --label jd.fmt={u} {u}-net9")
        ip.run_line_magic("docker", f"tag {BASE_IMAGE} {u}-img:v1")
        ip.run_line_magic("docker", f"run -d {labels} --label jd.fmt={u} --name {u}-c "
                                    f"-p 127.0.0.1:28431:7890 -v {u}-vol2:/data {BASE_IMAGE} "
                                    "sh -c 'sleep 600; echo a long command line'")
    time.sleep(1.1)
    yield {"u": u, "net": f"{u}-net9", "since": f"--since {start} --until {int(time.time())}",
           "c": f"{u}-c", "f": f"--filter label=jd.fmt={u}", "v": f"--filter label=jd.fmt={u}",
           "n": f"--filter label=jd.fmt={u}", "img": f"{u}-img"}
    api.remove_container(f"{u}-c", force=True)
    api.remove_image(f"{u}-img:v1")
    for vol in ("vol10", "vol2", "Vol1"):
        api.remove_volume(f"{u}-{vol}")
    for net in ("net10", "net9"):
        api.remove_network(f"{u}-{net}")


def cli(line: str) -> subprocess.CompletedProcess:
    return subprocess.run(["docker", *shlex.split(line)], capture_output=True, text=True)


def ours(ip: Any, line: str) -> str:
    result = ip.run_line_magic("docker", line)
    return "\n".join(result) if isinstance(result, list) else str(result)  # -q: a list


def unordered_labels(text: str) -> str:
    """The CLI joins a container's labels in Go's random map order: compare them sorted."""
    import re

    return re.sub(r'"Labels":"([^"]*)"',
                  lambda m: '"Labels":"' + ",".join(sorted(m.group(1).split(","), key=lambda p: p.split("=")[0])) + '"', text)


@pytest.mark.parametrize("template", LINES)
def test_same_text_as_the_cli(ip: Any, names: dict[str, str], template: str) -> None:
    line = template.format(**names)
    for _ in range(5):  # "Up 3 seconds" may tick between the two runs, others' tests change df
        theirs = cli(line)
        assert theirs.returncode == 0, theirs.stderr
        mine, text = ours(ip, line), unordered_labels(theirs.stdout.rstrip("\n"))
        if mine == text:
            return
    assert mine == text


@pytest.mark.parametrize("template", ERRORS)
def test_same_error_as_the_cli(ip: Any, names: dict[str, str], template: str) -> None:
    from jupyter_docker.errors import DockerError

    line = template.format(**names)
    theirs = cli(line)
    assert theirs.returncode != 0
    with pytest.raises(DockerError) as exc:
        ours(ip, line)
    assert exc.value.message == theirs.stderr.strip()


def test_dataframes_in_the_clis_order(ip: Any, names: dict[str, str]) -> None:
    """volume ls and network ls sort by name as the CLI does (Vol1, vol2, vol10: natural)."""
    volumes = ip.run_line_magic("docker", f"volume ls {names['v']}")
    assert list(volumes["volume_name"]) == cli(f"volume ls {names['v']} -q").stdout.split()
    assert list(volumes["volume_name"])[1:] == [f"{names['u']}-vol2", f"{names['u']}-vol10"]
    networks = ip.run_line_magic("docker", f"network ls {names['n']}")
    assert list(networks["name"]) == cli(f"network ls {names['n']} --format '{{{{.Name}}}}'"
                                         ).stdout.split()
    assert list(networks["name"]) == [f"{names['u']}-net9", f"{names['u']}-net10"]
