"""`service create` flags -> ServiceSpec (pure), and the swarm frames built from engine JSON."""

from __future__ import annotations

import pytest

import jupyter_docker as jd
from jupyter_docker.frames import swarm as swarm_frames
from jupyter_docker.cli import parse
from jupyter_docker.swarm.servicespec import parse_service_publish, sdk_service_arguments, service_spec


def spec_of(line: str) -> dict:
    inv = parse(line.split())
    values = dict(inv.values)
    return service_spec(values, values.pop("image"), values.pop("command"))


def test_publish_forms() -> None:
    assert parse_service_publish("8080:80") == {"Protocol": "tcp", "TargetPort": 80,
                                                "PublishedPort": 8080, "PublishMode": "ingress"}
    assert parse_service_publish("53:53/udp")["Protocol"] == "udp"
    assert "PublishedPort" not in parse_service_publish("80")
    assert parse_service_publish("published=8080,target=80,mode=host")["PublishMode"] == "host"
    for bad in ("80:http", "published=1", "target=80,mode=bridge", "colour=red,target=1"):
        with pytest.raises(jd.UsageError, match="invalid publish spec"):
            parse_service_publish(bad)


def test_spec_from_the_cli_flags() -> None:
    spec = spec_of("service create --name web --replicas 3 -e A=1 -l team=ds "
                   "--container-label c=1 -p 8080:80 --constraint node.role==manager "
                   "--limit-cpu 0.5 --limit-memory 64m --restart-condition on-failure "
                   "--mount type=volume,source=data,target=/data -w /srv "
                   "img:1 sh -c true")
    task = spec["TaskTemplate"]
    assert spec["Name"] == "web" and spec["Labels"] == {"team": "ds"}
    assert spec["Mode"] == {"Replicated": {"Replicas": 3}}
    assert task["ContainerSpec"] == {
        "Image": "img:1", "Args": ["sh", "-c", "true"], "Env": ["A=1"], "Labels": {"c": "1"},
        "Dir": "/srv", "Mounts": [{"Target": "/data", "Type": "volume", "ReadOnly": False,
                                   "Source": "data"}]}
    assert task["Resources"] == {"Limits": {"NanoCPUs": 500_000_000, "MemoryBytes": 64 << 20}}
    assert task["RestartPolicy"] == {"Condition": "on-failure"}
    assert task["Placement"] == {"Constraints": ["node.role==manager"]}
    assert spec["EndpointSpec"]["Ports"][0]["PublishedPort"] == 8080
    assert set(sdk_service_arguments(spec)) == {"name", "labels", "task_template", "mode",
                                                "endpoint_spec"}
    assert spec_of("service create --mode global img")["Mode"] == {"Global": {}}
    assert spec_of("service create img")["Mode"] == {"Replicated": {"Replicas": 1}}


def test_service_and_task_frames() -> None:
    services = swarm_frames.services([{
        "ID": "a" * 25, "Spec": {"Name": "web", "Mode": {"Replicated": {"Replicas": 2}},
                                 "TaskTemplate": {"ContainerSpec": {"Image": "img:1@sha256:x"}}},
        "Endpoint": {"Ports": [{"Protocol": "tcp", "TargetPort": 80, "PublishedPort": 8080}]},
        "ServiceStatus": {"RunningTasks": 1, "DesiredTasks": 2},
        "CreatedAt": "2026-12-01T07:00:00.123456789Z"}])
    row = services.iloc[0]
    assert (row["id"], row["replicas"], row["running"], row["image"], row["ports"]) == \
        ("a" * 12, "1/2", 1, "img:1", "*:8080->80/tcp")
    assert str(services["created"].dtype).startswith("datetime64")
    tasks = swarm_frames.tasks(
        [{"ID": "t" * 25, "ServiceID": "s1", "Slot": 2, "NodeID": "n1", "DesiredState": "running",
          "Status": {"State": "running", "Timestamp": "2026-12-01T07:00:01Z",
                     "ContainerStatus": {"ContainerID": "c" * 64}},
          "Spec": {"ContainerSpec": {"Image": "img:1"}}}], {"s1": "web"}, {"n1": "lab"})
    assert tasks.iloc[0][["name", "node", "current_state", "container_id"]].tolist() == \
        ["web.2", "lab", "Running", "c" * 12]


def test_service_log_lines_get_the_cli_s_task_prefix() -> None:
    from jupyter_docker.streams.service_logs import prefixed, split_details, task_prefix

    line = ("com.docker.swarm.node.id=n1,com.docker.swarm.service.id=s1,"
            "com.docker.swarm.task.id=t1234567890abcdef hello world")
    attrs, message = split_details(line)
    assert attrs["com.docker.swarm.task.id"] == "t1234567890abcdef" and message == "hello world"
    assert split_details("plain line") == ({}, "plain line")
    prefix = lambda a: task_prefix(a, "web", {"t1234567890abcdef": 2}, {"n1": "lab"})  # noqa
    raw = (line + "\n").encode()
    frames = [(1, raw[:30]), (1, raw[30:] + raw), (2, b"no details\n")]
    out = b"".join(p for _, p in prefixed(frames, prefix)).decode().splitlines()
    assert out == ["web.2.t1234567890a@lab    | hello world"] * 2 + ["no details"]
    assert task_prefix({"com.docker.swarm.task.id": "t" * 25, "com.docker.swarm.node.id": "n1"},
                       "agent", {}, {"n1": "lab"}, task_ids=False, resolve=False) == \
        "agent.n1@n1"


def test_rollout_flags() -> None:
    spec = spec_of("service create --update-parallelism 2 --update-delay 1m30s "
                   "--update-failure-action rollback --update-order start-first "
                   "--rollback-monitor 500ms img")
    # fields left out are the CLI's defaults (its spec, seen on a throwaway swarm)
    assert spec["UpdateConfig"] == {"Parallelism": 2, "Delay": 90 * 10**9,
                                    "FailureAction": "rollback", "Order": "start-first",
                                    "Monitor": 5 * 10**9, "MaxFailureRatio": 0}
    assert spec["RollbackConfig"] == {"Parallelism": 1, "FailureAction": "pause",
                                      "Monitor": 500_000_000, "MaxFailureRatio": 0,
                                      "Order": "stop-first"}
    assert "UpdateConfig" not in spec_of("service create img")  # none given: none sent
    for line, error in [("--update-delay soon", 'invalid argument "soon" for "--update-delay"'),
                        ("--rollback-failure-action rollback", "use pause, continue"),
                        ("--update-order sideways", "use start-first or stop-first")]:
        with pytest.raises(jd.UsageError, match=error):
            spec_of(f"service create {line} img")


def test_service_logs_details_and_no_trunc_as_the_cli_writes_them() -> None:
    """--details: the other attributes, `k=v` sorted, `,`-joined, then a space; --no-trunc:
    the whole task id (docker/cli's service logWriter and taskFormatter)."""
    from jupyter_docker.streams.service_logs import prefixed, task_prefix

    task = "t1234567890abcdefghij"
    line = (f"com.docker.swarm.node.id=n1,com.docker.swarm.service.id=s1,"
            f"com.docker.swarm.task.id={task},zeta=1,alpha=x hi\n").encode()
    prefix = lambda a: task_prefix(a, "web", {task: 1}, {"n1": "lab"}, no_trunc=True)  # noqa
    out = b"".join(p for _, p in prefixed([(1, line)], prefix, details=True)).decode()
    assert out == f"web.1.{task}@lab    | alpha=x,zeta=1 hi\n"


def test_service_update_add_and_rm_flags_edit_the_spec() -> None:
    from jupyter_docker.cli import parse
    import shlex

    from jupyter_docker.swarm.serviceupdate import apply_update

    spec = {"TaskTemplate": {"ContainerSpec": {"Image": "i", "Hosts": ["10.0.0.1 old"],
                                               "Labels": {"a": "1", "b": "2"}},
                             "Placement": {"Constraints": ["node.role==manager"]}},
            "EndpointSpec": {"Ports": [{"Protocol": "tcp", "TargetPort": 80,
                                        "PublishedPort": 8080, "PublishMode": "ingress"}]}}
    values = parse(shlex.split("service update --host-rm old --host-add db:10.0.0.9 "
                    "--container-label-rm a --container-label-add c=3 "
                    "--constraint-rm node.role==manager --constraint-add node.role==worker "
                    "--publish-rm 80 --publish-add 9090:90 --dns-add 9.9.9.9 --cap-add NET_ADMIN "
                    "--args 'sleep 5' --stop-grace-period 2s --limit-pids 7 --ulimit-add "
                    "nofile=1:2 --mount-add type=tmpfs,target=/t --network-add n1 web"))
    apply_update(spec, values.values)
    container = spec["TaskTemplate"]["ContainerSpec"]
    assert container["Hosts"] == ["10.0.0.9 db"]
    assert container["Labels"] == {"b": "2", "c": "3"}
    assert spec["TaskTemplate"]["Placement"]["Constraints"] == ["node.role==worker"]
    assert [p["TargetPort"] for p in spec["EndpointSpec"]["Ports"]] == [90]
    assert container["DNSConfig"] == {"Nameservers": ["9.9.9.9"]}
    assert container["CapabilityAdd"] == ["NET_ADMIN"] and container["Args"] == ["sleep", "5"]
    assert container["StopGracePeriod"] == 2 * 10**9
    assert spec["TaskTemplate"]["Resources"]["Limits"]["Pids"] == 7
    assert container["Ulimits"] == [{"Name": "nofile", "Soft": 1, "Hard": 2}]
    assert container["Mounts"][0]["Target"] == "/t"
    assert spec["TaskTemplate"]["Networks"] == [{"Target": "n1"}]
