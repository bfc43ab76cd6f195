"""`run`/`create` flags against the real engine: each reaches the container's config as the
CLI's does; argument semantics (-e VAR, -v ./dir, --network long form); bad input is one line
and leaves nothing behind."""

from __future__ import annotations

import threading
import time
import _thread

import pytest

import jupyter_docker as jd
from conftest import BASE_IMAGE, SESSION_LABEL, api_client
from magic_checks import fails


@pytest.fixture
def api():
    return api_client()


def test_the_cli_s_run_flags_reach_the_engine(ip, api, labels, unique, tmp_path,
                                              monkeypatch) -> None:
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("JD_FROM_KERNEL", "kernel-value")
    monkeypatch.delenv("JD_NOT_SET", raising=False)
    cid = ip.run_line_magic("docker", (
        f"create {labels} --name {unique}-all --add-host h1:10.1.2.3 --add-host h6=[::1] "
        "--ulimit nofile=1024:2048 --dns 9.9.9.9 --dns-search example.com --dns-opt ndots:2 "
        "--log-driver json-file --log-opt max-size=1m --health-cmd true --health-interval 5s "
        "--health-retries 3 --health-timeout 1m30s --health-start-period 1s "
        "--device /dev/null:/dev/mynull:r --device-cgroup-rule 'c 1:3 mr' "
        "--security-opt no-new-privileges --sysctl net.ipv4.ip_forward=1 -m 64m "
        "--memory-swap 128m --memory-reservation 32m --pids-limit 50 -c 512 --cpuset-cpus 0 "
        f"--group-add 10 --cidfile {tmp_path}/cid --domainname ex.org --oom-kill-disable "
        "--runtime runc --cgroupns private --ipc shareable --pid host --uts host "
        "--memory-swappiness 10 --oom-score-adj 100 --cpu-period 100000 --cpu-quota 50000 "
        "--mac-address 92:d0:c6:0a:29:33 -e JD_FROM_KERNEL -e JD_NOT_SET -e A=1 "
        "-v ./sub:/x:ro -v ../:/up --device-read-bps /dev/null:1mb "
        "--device-write-iops /dev/null:100 --volume-driver local --isolation default "
        f"--stop-timeout 7 -q {BASE_IMAGE} true"))
    info = api.inspect_container(cid)
    host, config = info["HostConfig"], info["Config"]
    assert host["ExtraHosts"] == ["h1:10.1.2.3", "h6:::1"]
    assert host["Ulimits"] == [{"Name": "nofile", "Soft": 1024, "Hard": 2048}]
    assert (host["Dns"], host["DnsSearch"], host["DnsOptions"]) == (
        ["9.9.9.9"], ["example.com"], ["ndots:2"])
    assert host["LogConfig"] == {"Type": "json-file", "Config": {"max-size": "1m"}}
    assert config["Healthcheck"] == {"Test": ["CMD-SHELL", "true"], "Interval": 5 * 10**9,
                                     "Timeout": 90 * 10**9, "StartPeriod": 10**9, "Retries": 3}
    assert host["Devices"] == [{"PathOnHost": "/dev/null", "PathInContainer": "/dev/mynull",
                                "CgroupPermissions": "r"}]
    assert host["DeviceCgroupRules"] == ["c 1:3 mr"]
    assert "no-new-privileges" in host["SecurityOpt"]
    assert host["Sysctls"] == {"net.ipv4.ip_forward": "1"}
    assert (host["Memory"], host["MemorySwap"], host["MemoryReservation"]) == (
        64 << 20, 128 << 20, 32 << 20)
    assert (host["PidsLimit"], host["CpuShares"], host["CpusetCpus"]) == (50, 512, "0")
    assert (host["CpuPeriod"], host["CpuQuota"]) == (100000, 50000)
    assert host["GroupAdd"] == ["10"] and host["OomKillDisable"] is True
    assert (host["Runtime"], host["CgroupnsMode"], host["IpcMode"], host["PidMode"],
            host["UTSMode"]) == ("runc", "private", "shareable", "host", "host")
    assert (host["MemorySwappiness"], host["OomScoreAdj"]) == (10, 100)
    assert host["BlkioDeviceReadBps"] == [{"Path": "/dev/null", "Rate": 1 << 20}]
    assert host["BlkioDeviceWriteIOps"] == [{"Path": "/dev/null", "Rate": 100}]
    assert (host["VolumeDriver"], host["Isolation"]) == ("local", "default")
    assert (config["Domainname"], config["MacAddress"]) == ("ex.org", "92:d0:c6:0a:29:33")
    # -e VAR takes the kernel's value; an unset one is left out (as the CLI does)
    assert "JD_FROM_KERNEL=kernel-value" in config["Env"] and "A=1" in config["Env"]
    assert not any(e.startswith("JD_NOT_SET") for e in config["Env"])
    # -v ./dir and ../ are binds of paths relative to the working directory
    assert host["Binds"] == [f"{tmp_path}/sub:/x:ro", f"{tmp_path.parent}:/up:rw"]
    assert (tmp_path / "cid").read_text() == cid
    assert config["StopTimeout"] == 7


def test_cidfile_and_gpus_refusals_leave_nothing(ip, api, labels, unique, tmp_path) -> None:
    taken = tmp_path / "cid"
    taken.write_text("old")
    fails(ip, [
        (f"run {labels} --name {unique}-cid --cidfile {taken} {BASE_IMAGE} true", jd.DockerError,
         f"^Container ID file found, make sure the other container isn't running or delete "
         f"{taken}$"),
        (f"run {labels} --name {unique}-cid --cidfile {tmp_path}/no/dir {BASE_IMAGE} true",
         jd.DockerError, "failed to create the container ID file: open .*: no such file"),
    ])
    assert taken.read_text() == "old"
    assert api.containers(all=True, filters={"name": f"{unique}-cid"}) == []


def test_network_long_form_aliases_and_addresses(ip, api, engine, labels, unique) -> None:
    from conftest import free_subnet

    net, sub = f"{unique}-net", free_subnet(api)
    ip.run_line_magic("docker", f"network create {labels} --subnet {sub}.0/24 {net}")
    ip.run_line_magic("docker", f"run -d {labels} --name {unique}-long "
                                f"--network name={net},alias=db,alias=store,ip={sub}.7 "
                                f"{BASE_IMAGE} sleep 30")
    point = api.inspect_container(f"{unique}-long")["NetworkSettings"]["Networks"][net]
    assert point["IPAddress"] == f"{sub}.7"
    assert {"db", "store"} <= set(point["Aliases"])
    # the old flags, and --net (the old spelling of --network)
    ip.run_line_magic("docker", f"run -d {labels} --name {unique}-old --net {net} "
                                f"--ip {sub}.8 --network-alias cache {BASE_IMAGE} sleep 30")
    point = api.inspect_container(f"{unique}-old")["NetworkSettings"]["Networks"][net]
    assert point["IPAddress"] == f"{sub}.8" and "cache" in point["Aliases"]
    two = f"run -d {labels} --name {unique}-two --network {net} --network bridge {BASE_IMAGE} " \
          "sleep 30"
    if engine.speaks("1.44"):  # Engine 26 attaches both at create, as the CLI asks it to
        ip.run_line_magic("docker", two)
        networks = api.inspect_container(f"{unique}-two")["NetworkSettings"]["Networks"]
        assert set(networks) == {net, "bridge"}
        return
    # two --network: this engine (API 1.41) cannot attach two at create: its words, as the CLI
    # (the engine names the two in its map's order, which changes from run to run)
    with pytest.raises(jd.DockerError, match="^Error response from daemon: Container cannot be "
                                             "connected to network endpoints: "
                                             f"({net}, bridge|bridge, {net})$"):
        ip.run_line_magic("docker", two)
    assert api.containers(all=True, filters={"name": f"{unique}-two"}) == []


def test_use_api_socket_and_sig_proxy(ip, api, labels, unique, capfd) -> None:
    code = ip.run_line_magic("docker", f"run --rm {labels} --use-api-socket {BASE_IMAGE} "
                                       "sh -c 'test -S /var/run/docker.sock && echo socket'")
    assert code == 0 and "socket" in capfd.readouterr().out
    with pytest.raises(jd.UsageError, match="--use-api-socket can only be used with unix "
                                            "sockets"):
        ip.run_line_magic("docker", f"-H tcp://127.0.0.1:1 run --use-api-socket {BASE_IMAGE}")
    # --sig-proxy=false: an interrupt stops following, the container keeps running
    def interrupt_once_following() -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if api.inspect_container(f"{unique}-sp")["State"]["Running"]:
                    break
            except Exception:  # noqa: BLE001 - not created yet
                pass
            time.sleep(0.1)
        time.sleep(1.0)  # started: the run is in its output loop by now
        _thread.interrupt_main()

    threading.Thread(target=interrupt_once_following, daemon=True).start()
    ip.run_line_magic("docker", f"run {labels} --name {unique}-sp --sig-proxy=false "
                                f"{BASE_IMAGE} sh -c 'while :; do echo t; sleep 0.2; done'")
    assert "interrupted: stopped following" in capfd.readouterr().err
    assert api.inspect_container(f"{unique}-sp")["State"]["Status"] == "running"


def test_run_refusals_are_one_line_and_create_nothing(ip, api, labels, unique) -> None:
    name = f"{unique}-bad"
    lines = [
        ("--cpus abc", 'invalid argument "abc" for "--cpus" flag: failed to parse abc as a '
                       "rational number"),
        ("-a nope", 'invalid argument "nope" for "-a, --attach" flag: valid streams are STDIN, '
                    "STDOUT and STDERR"),
        ("-d -a stdout", "conflicting options: cannot specify both --attach and --detach"),
        ("--detach-keys ctrl-", r"Invalid detach keys \(ctrl-\) provided"),
        ("--ipc x", "--ipc: invalid IPC mode"),
        ("--link-local-ip x", r"Invalid link-local IP address: \[x\]"),
        ("--ip notip", "invalid IPv4 address: notip"),
        ("--oom-score-adj 5000", r"Invalid value 5000, range for oom score adj is \[-1000, 1000\]"),
        ("--tmpfs x", "invalid mount path: 'x' mount path must be absolute"),
        ("--device x", "x is not an absolute path"),
        ("--disable-content-trust=false", "content trust"),
        ("--cpu-count 2", "--cpu-count: a Windows engine flag"),
    ]
    for flags, message in lines:
        with pytest.raises(jd.DockerError, match=message) as err:
            ip.run_line_magic("docker", f"run {labels} --name {name} {flags} {BASE_IMAGE} true")
        assert len(err.value._render_traceback_()) == 1
    assert api.containers(all=True, filters={"name": name}) == []


def test_tag_commit_and_network_refusals_leave_nothing(ip, api, labels, label_dict,
                                                       unique) -> None:
    box = f"{unique}-box"
    api.create_container(BASE_IMAGE, "true", name=box, labels=label_dict)
    mine = {"label": SESSION_LABEL}  # a commit's image carries the container's labels
    before = set(api.images(all=True, quiet=True, filters=mine))
    fails(ip, [
        (f"tag {BASE_IMAGE} {unique}:bad:tag", jd.DockerError,
         rf'^Error parsing reference: "{unique}:bad:tag" is not a valid repository/tag: '
         "invalid reference format$"),
        (f"commit {box} {unique}:bad:tag", jd.DockerError, "^invalid reference format$"),
        (f"commit {box} -x", jd.DockerError, "^invalid reference format$"),
        (f"network create {labels} --gateway 10.9.0.1 {unique}-n", jd.DockerError,
         "^every ip-range or gateway must have a corresponding subnet$"),
        (f"network create {labels} --ip-range 10.9.0.0/24 {unique}-n", jd.DockerError,
         "^every ip-range or gateway must have a corresponding subnet$"),
        (f"network create {labels} --subnet 10.9.0.0/24 --gateway 10.8.0.1 {unique}-n",
         jd.DockerError, "^no matching subnet for gateway 10.8.0.1$"),
    ])
    assert api.images(name=unique) == []
    assert set(api.images(all=True, quiet=True, filters=mine)) <= before  # no untagged image left
    assert api.networks(names=[f"{unique}-n"]) == []
    # gateway and range go with the subnet that holds them
    from conftest import free_subnet

    sub = free_subnet(api)
    ip.run_line_magic("docker", f"network create {labels} --ip-range {sub}.128/25 "
                                f"--gateway {sub}.1 --subnet {sub}.0/24 {unique}-ok")
    [config] = api.inspect_network(f"{unique}-ok")["IPAM"]["Config"]
    assert (config["Subnet"], config["Gateway"], config["IPRange"]) == (
        f"{sub}.0/24", f"{sub}.1", f"{sub}.128/25")


def test_top_passes_everything_after_the_container_to_ps(ip, labels, unique) -> None:
    ip.run_line_magic("docker", f"run -d {labels} --name {unique}-top {BASE_IMAGE} sleep 30")
    frame = ip.run_line_magic("docker", f"top {unique}-top -eo pid,comm")
    assert list(frame.columns) == ["PID", "COMMAND"] and "sleep" in set(frame["COMMAND"])
