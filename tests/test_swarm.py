"""Swarm mode against a real, throwaway engine: `swarm`, `node` and `service` commands.

The swarm lives on a dockerd of its own (tests/throwaway_engine.py), so the suite's engines
never enter swarm mode; the whole engine, its services and tasks are gone afterwards.
"""

from __future__ import annotations

import os
import re
from typing import Any, Iterator

import pytest

import jupyter_docker as jd
from conftest import BASE_IMAGE, api_client
from magic_checks import one_line_error
from throwaway_engine import ThrowawayEngine, throwaway_engine

pytestmark = pytest.mark.one_engine("the swarm lives on a throwaway dockerd of its own (20.10)")

LABEL = "--label jupyter-docker-test=1 --container-label jupyter-docker-test=1"


@pytest.fixture(scope="module")
def swarm(ip: Any) -> Iterator[ThrowawayEngine]:
    """A throwaway engine that is a one-node swarm's manager (init output checked)."""
    if os.geteuid() != 0:
        pytest.skip("a throwaway engine needs root (network namespace, dockerd)")
    with throwaway_engine() as engine:
        text = ip.run_line_magic("docker", f"-H {engine.host} swarm init "
                                           "--advertise-addr 127.0.0.1 " + INIT_FLAGS)
        assert re.match(r"Swarm initialized: current node \(\w+\) is now a manager\.", text)
        assert re.search(r"    docker swarm join --token SWMTKN-\S+ 127\.0\.0\.1:2377\n", text)
        yield engine
        assert ip.run_line_magic("docker", f"-H {engine.host} swarm leave -f") == \
            "Node left the swarm."
    assert engine.leftovers() == []


INIT_FLAGS = ("--task-history-limit 3 --dispatcher-heartbeat 7s --cert-expiry 1000h "
              "--snapshot-interval 5000 --max-snapshots 2 --default-addr-pool 10.240.0.0/16 "
              "--default-addr-pool-mask-length 26 --availability active")


def test_swarm_init_flags_reach_the_swarm_spec(swarm) -> None:
    from conftest import api_client

    spec = api_client(swarm.host).inspect_swarm()
    assert spec["Spec"]["Orchestration"]["TaskHistoryRetentionLimit"] == 3
    assert spec["Spec"]["Dispatcher"]["HeartbeatPeriod"] == 7 * 10**9
    assert spec["Spec"]["CAConfig"]["NodeCertExpiry"] == 1000 * 3600 * 10**9
    assert spec["Spec"]["Raft"]["SnapshotInterval"] == 5000
    assert spec["Spec"]["Raft"]["KeepOldSnapshots"] == 2
    assert spec["DefaultAddrPool"] == ["10.240.0.0/16"] and spec["SubnetSize"] == 26


def on(swarm: ThrowawayEngine, line: str, ip: Any) -> Any:
    return ip.run_line_magic("docker", f"-H {swarm.host} {line}")


def test_join_tokens_and_nodes(ip, swarm) -> None:
    api = api_client(swarm.host)
    token = on(swarm, "swarm join-token -q worker", ip)
    assert token == api.inspect_swarm()["JoinTokens"]["Worker"]
    rotated = on(swarm, "swarm join-token --rotate worker", ip)
    assert rotated.startswith("Successfully rotated worker join token.")
    assert token not in rotated and api.inspect_swarm()["JoinTokens"]["Worker"] in rotated
    assert "docker swarm join --token SWMTKN-" in on(swarm, "swarm join-token manager", ip)

    nodes = on(swarm, "node ls", ip)
    assert len(nodes) == 1 and bool(nodes.loc[0, "self"])
    assert (nodes.loc[0, "status"], nodes.loc[0, "availability"],
            nodes.loc[0, "manager_status"]) == ("Ready", "Active", "Leader")
    assert str(nodes["created"].dtype).startswith("datetime64")
    assert on(swarm, "node update --label-add zone=lab self", ip) == "self"
    me = nodes.loc[0, "id"]
    assert api.inspect_node(me)["Spec"]["Labels"] == {"zone": "lab"}
    on(swarm, "node update --label-rm zone self", ip)
    assert not api.inspect_node(me)["Spec"].get("Labels")
    assert on(swarm, "node inspect -f '{{.Status.State}}' self", ip) == "ready"
    assert on(swarm, "node ls -q", ip) == [nodes.loc[0, "id"]]


def test_service_life_cycle(ip, swarm, capsys) -> None:
    api = api_client(swarm.host)
    capsys.readouterr()
    sid = on(swarm, f"service create {LABEL} --name web --replicas 2 -e GREETING=hi "
                    f"{BASE_IMAGE} sh -c 'echo hello-from-$GREETING; exec sleep 300'", ip)
    out = capsys.readouterr().out
    assert out.splitlines()[-1] == "verify: Service converged"
    assert "overall progress: 2 out of 2 tasks" in out
    assert api.inspect_service("web")["ID"] == sid

    services = on(swarm, "service ls", ip)
    assert list(services["name"]) == ["web"] and services.loc[0, "replicas"] == "2/2"
    assert services.loc[0, "running"] == 2 and services.loc[0, "mode"] == "replicated"
    capsys.readouterr()
    on(swarm, "service logs --raw --tail 5 web", ip)
    assert capsys.readouterr().out.splitlines() == ["hello-from-hi"] * 2  # both tasks
    on(swarm, "service logs web", ip)
    lines = sorted(capsys.readouterr().out.splitlines())
    assert [re.sub(r"\.\w{12}@", ".<task>@", line) for line in lines] == [
        f"web.{n}.<task>@{on(swarm, 'node ls', ip).loc[0, 'hostname']}    | hello-from-hi"
        for n in (1, 2)]
    tasks = on(swarm, "service ps web", ip)
    assert sorted(tasks["name"]) == ["web.1", "web.2"]
    assert set(tasks["current_state"]) == {"Running"} and set(tasks["node"]) != {""}

    on(swarm, "service scale web=3", ip)
    assert "web scaled to 3" in capsys.readouterr().out
    assert on(swarm, "service ls", ip).loc[0, "replicas"] == "3/3"
    assert on(swarm, "service update --env-add GREETING=there --replicas 1 web", ip) == "web"
    spec = api.inspect_service("web")["Spec"]
    assert spec["TaskTemplate"]["ContainerSpec"]["Env"] == ["GREETING=there"]
    assert spec["Mode"] == {"Replicated": {"Replicas": 1}}
    assert on(swarm, "service inspect -f '{{.Spec.Name}}' web", ip) == "web"
    assert on(swarm, "service rollback web", ip) == "web"  # back to GREETING=hi, 3 replicas
    spec = api.inspect_service("web")["Spec"]
    assert spec["TaskTemplate"]["ContainerSpec"]["Env"] == ["GREETING=hi"]
    assert on(swarm, "service ls", ip).loc[0, "replicas"] == "3/3"
    on(swarm, "service update --env-add GREETING=there --replicas 1 web", ip)
    on(swarm, "service update --update-delay 1s --update-order start-first web", ip)
    assert api.inspect_service("web")["Spec"]["UpdateConfig"]["Delay"] == 10**9
    assert api.inspect_service("web")["Spec"]["UpdateConfig"]["Order"] == "start-first"
    on(swarm, "service rollback web", ip)  # the tasks stay: only the update config changed
    assert "Delay" not in (api.inspect_service("web")["Spec"].get("UpdateConfig") or {})

    capsys.readouterr()
    on(swarm, "service logs --no-task-ids web", ip)
    host = on(swarm, "node ls", ip).loc[0, "hostname"]
    assert f"web.1@{host}    | hello-from-there" in capsys.readouterr().out.splitlines()
    assert on(swarm, "service rm web", ip) == ["web"]
    assert on(swarm, "service ls -q", ip) == []


def test_global_and_detached_services(ip, swarm, capsys) -> None:
    sid = on(swarm, f"service create -d {LABEL} --mode global --name everywhere "
                    f"{BASE_IMAGE} sleep 300", ip)
    assert len(sid) == 25
    assert one_line_error(ip, capsys, f"-H {swarm.host} service rollback everywhere") == \
        "docker: service everywhere has no previous spec to roll back to"
    on(swarm, "service update --force everywhere -q", ip)  # waits, prints nothing
    frame = on(swarm, "service ls --filter name=everywhere", ip)
    assert frame.loc[0, "mode"] == "global" and frame.loc[0, "replicas"] == "1/1"
    assert len(on(swarm, "node ps -q", ip)) >= 1
    on(swarm, "service rm everywhere", ip)


def test_service_create_takes_the_cli_s_container_flags(ip, swarm) -> None:
    from conftest import api_client

    on(swarm, f"service create -d {LABEL} --name flagged --cap-add NET_ADMIN --dns 9.9.9.9 "
              "--host db:10.0.0.9 --health-cmd true --health-interval 5s --init --read-only "
              "--stop-grace-period 3s --stop-signal USR1 --sysctl net.core.somaxconn=100 "
              "--ulimit nofile=10:20 --limit-pids 50 --restart-delay 2s "
              "--placement-pref spread=node.labels.zone --replicas-max-per-node 2 "
              "--log-driver json-file --log-opt max-size=1m --endpoint-mode dnsrr "
              f"--update-max-failure-ratio 0.3 --group 10 {BASE_IMAGE} sleep 300", ip)
    spec = api_client(swarm.host).inspect_service("flagged")["Spec"]
    task, container = spec["TaskTemplate"], spec["TaskTemplate"]["ContainerSpec"]
    assert container["CapabilityAdd"] == ["NET_ADMIN"]
    assert container["DNSConfig"] == {"Nameservers": ["9.9.9.9"]}
    assert container["Hosts"] == ["10.0.0.9 db"] and container["Groups"] == ["10"]
    assert container["Healthcheck"] == {"Test": ["CMD-SHELL", "true"], "Interval": 5 * 10**9}
    assert container["Init"] is True and container["ReadOnly"] is True
    assert (container["StopGracePeriod"], container["StopSignal"]) == (3 * 10**9, "USR1")
    assert container["Sysctls"] == {"net.core.somaxconn": "100"}
    assert container["Ulimits"] == [{"Name": "nofile", "Soft": 10, "Hard": 20}]
    assert task["Resources"]["Limits"]["Pids"] == 50
    assert task["RestartPolicy"]["Delay"] == 2 * 10**9
    assert task["Placement"]["Preferences"] == [{"Spread": {"SpreadDescriptor":
                                                            "node.labels.zone"}}]
    assert task["Placement"]["MaxReplicas"] == 2
    assert task["LogDriver"] == {"Name": "json-file", "Options": {"max-size": "1m"}}
    assert spec["EndpointSpec"]["Mode"] == "dnsrr"
    assert spec["UpdateConfig"]["MaxFailureRatio"] == 0.3
    # service update: the --X-add/--X-rm pairs and the single fields
    on(swarm, "service update -d --host-rm db --host-add cache:10.0.0.7 --limit-pids 9 "
              "--dns-rm 9.9.9.9 --dns-add 1.1.1.1 --sysctl-rm net.core.somaxconn "
              "--stop-signal TERM --update-max-failure-ratio 0.5 flagged", ip)
    spec = api_client(swarm.host).inspect_service("flagged")["Spec"]
    container = spec["TaskTemplate"]["ContainerSpec"]
    assert container["Hosts"] == ["10.0.0.7 cache"]
    assert container["DNSConfig"]["Nameservers"] == ["1.1.1.1"]
    assert not container.get("Sysctls") and container["StopSignal"] == "TERM"
    assert spec["TaskTemplate"]["Resources"]["Limits"]["Pids"] == 9
    assert spec["UpdateConfig"]["MaxFailureRatio"] == 0.5
    lines = on(swarm, "service ps --format '{{.Name}} {{.DesiredState}} {{.Image}}' flagged", ip)
    newest = str(lines).splitlines()[0]  # the CLI's order: a slot's newest task first
    assert re.fullmatch(rf"flagged\.1 (Running|Ready) {re.escape(BASE_IMAGE)}", newest), newest
    mine = on(swarm, "node ps --no-resolve --format '{{.Node}}|{{.CurrentState}}' self", ip)
    assert all(re.fullmatch(r"\w{25}\|\w+ .* ago", l) for l in str(mine).splitlines())
    on(swarm, "service update -d --rollback flagged", ip)
    spec = api_client(swarm.host).inspect_service("flagged")["Spec"]
    assert spec["TaskTemplate"]["ContainerSpec"]["Hosts"] == ["10.0.0.9 db"]
    on(swarm, "service rm flagged", ip)


def test_rollout_configs_are_the_cli_s(ip, swarm) -> None:
    """`service create` and `service update` send the UpdateConfig/RollbackConfig the docker
    CLI sends: its defaults where a flag leaves a field out (Parallelism 1, not the engine's 0,
    which updates every task at once), and an update changes only the fields it names."""
    import shutil
    import subprocess

    if not shutil.which("docker"):
        pytest.skip("the docker CLI (the reference) is not installed")

    def configs(name: str) -> tuple[Any, Any]:
        spec = api_client(swarm.host).inspect_service(name)["Spec"]
        return spec.get("UpdateConfig"), spec.get("RollbackConfig")

    def cli(*args: str) -> None:
        subprocess.run(["docker", "-H", swarm.host, "service", *args], check=True,
                       capture_output=True, env={**os.environ, "DOCKER_CONTEXT": "default"})

    for flags in ("", "--update-delay 10s --rollback-monitor 500ms"):
        on(swarm, f"service create -d {LABEL} --name ours {flags} {BASE_IMAGE} sleep 300", ip)
        cli("create", "-d", *LABEL.split(), "--name", "theirs", *flags.split(), BASE_IMAGE,
            "sleep", "300")
        assert configs("ours") == configs("theirs")
        on(swarm, "service update -d --update-parallelism 3 ours", ip)
        cli("update", "-d", "--update-parallelism", "3", "theirs")
        assert configs("ours") == configs("theirs")
        assert configs("ours")[0]["Parallelism"] == 3
        on(swarm, "service rm ours", ip)
        cli("rm", "theirs")


def test_swarm_mistakes_are_one_line(ip, swarm, capsys) -> None:
    host = f"-H {swarm.host}"
    for line, expected in [
        (f"{host} service inspect nosuch", "docker: Error response from daemon: "
                                          "service nosuch not found"),
        (f"{host} service create -p 80:http {BASE_IMAGE}",
         "docker: invalid publish spec '80:http': ports are numbers "
         "(see '%docker service create --help')"),
        (f"{host} service create --mode global --replicas 2 {BASE_IMAGE}",
         "docker: replicas can only be used with replicated mode "
         "(see '%docker service create --help')"),
        (f"{host} service scale web", "docker: invalid scale specifier 'web': use "
                                     "SERVICE=REPLICAS (see '%docker service scale --help')"),
        (f"{host} service rollback nosuch", "docker: Error response from daemon: "
                                           "service nosuch not found"),
        (f"{host} swarm join-token admin", "docker: unknown role admin: use worker or manager "
                                          "(see '%docker swarm join-token --help')"),
        (f"{host} swarm join 127.0.0.1:2377", "docker: --token is required: get it with "
         "'%docker swarm join-token worker' on a manager (see '%docker swarm join --help')"),
        (f"{host} node update --availability away self", "docker: invalid value for "
         "--availability: away: use active, pause, drain (see '%docker node update --help')"),
    ]:
        assert one_line_error(ip, capsys, line) == expected


def test_an_engine_outside_a_swarm_says_so_in_one_line(ip, capsys) -> None:
    text = one_line_error(ip, capsys, "node ls")
    assert text.startswith("docker: Error response from daemon: This node is not a swarm "
                           "manager.")
    with pytest.raises(jd.DockerError, match="not a swarm manager"):
        jd.service_ls()


def test_a_service_that_cannot_run_shows_why_and_the_stop_button_stops_waiting(
        ip, swarm, capsys) -> None:
    from magic_checks import interrupted

    capsys.readouterr()
    sid, _, _, threads_left = interrupted(lambda: on(
        swarm, f"service create {LABEL} --name broken jdt-no-such-image:1 true", ip), after=4)
    out = capsys.readouterr()
    assert re.search(r"^task \w{12}: rejected: .*jdt-no-such-image", out.err, re.M), out.err
    assert "docker: interrupted: stopped waiting; the swarm keeps converging the service " \
           "(see %docker service ps broken)" in out.err
    assert "overall progress: 0 out of 1 tasks" in out.out and threads_left == 0
    assert api_client(swarm.host).inspect_service("broken")["ID"] == sid  # still there
    on(swarm, "service rm broken", ip)


def test_service_logs_follow_in_a_live_viewer_until_the_service_is_removed(ip, swarm) -> None:
    from jupyter_docker.engine import connect
    from jupyter_docker.widgets.log_viewer import ServiceLogViewer
    from throwaway_engine import wait_until

    on(swarm, f"service create {LABEL} --name ticker {BASE_IMAGE} "
              "sh -c 'while true; do echo tick; sleep 0.2; done'", ip)
    viewer = ServiceLogViewer(connect(swarm.host), "ticker")
    try:
        assert wait_until(lambda: viewer.buffer.received >= 3, 20)
        lines = [text for _, text in viewer.buffer.snapshot()]
        assert all(re.fullmatch(r"ticker\.1\.\w{12}@\S+    \| tick", t) for t in lines), lines
        assert viewer.status.value.startswith("service ticker: following")
        on(swarm, "service rm ticker", ip)
        assert wait_until(lambda: not viewer.following, 30), viewer.status.value
        assert viewer.join() and viewer.reason == "the service was removed"
        import threading
        assert not [t for t in threading.enumerate() if t.name.startswith("jd-service-logs")]
    finally:
        viewer.stop()


def test_in_a_notebook_convergence_is_a_progress_bar(ip, swarm, capsys, monkeypatch) -> None:
    shown: list = []
    monkeypatch.setenv("JUPYTER_DOCKER_PROGRESS", "widget")
    monkeypatch.setattr("IPython.display.display", lambda obj: shown.append(obj))
    capsys.readouterr()
    on(swarm, f"service create {LABEL} --name barred --replicas 2 {BASE_IMAGE} sleep 300", ip)
    assert "overall progress" not in capsys.readouterr().out  # the bar says it instead
    (box,) = shown
    overall = box.children[0]
    bar, label = overall.children
    assert bar.value == 1.0 and bar.bar_style == "success"
    assert label.value.endswith("converged: 2 of 2 tasks running")
    on(swarm, "service rm barred", ip)


@pytest.mark.browser
@pytest.mark.slow
def test_convergence_bar_and_service_log_viewer_in_the_page(lab, page, swarm) -> None:
    from follow_checks import wait_seen
    from lab_browser import ARTIFACTS, NOTEBOOK, kernel_threads, open_docker_notebook, run_cell

    engine = f"-H {swarm.host}"
    open_docker_notebook(page, lab, "swarm.ipynb")
    run_cell(page, f"%docker {engine} service create {LABEL} --name paged --replicas 2 "
                   f"{BASE_IMAGE} sh -c 'i=0; while true; do i=$((i+1)); echo tick $i; "
                   "sleep 0.2; done'")
    done = page.locator(f"{NOTEBOOK} .jd-progress-done")
    done.wait_for(timeout=60_000)
    assert "service paged: converged: 2 of 2 tasks running" in done.inner_text()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "service-converged.png"))
    run_cell(page, f"%docker {engine} service logs -f paged")
    page.locator(f"{NOTEBOOK} .jd-log-lines:has-text('paged.2.')").wait_for(timeout=30_000)
    # the newest line drawn is in sight while lines arrive, like the container log viewer
    logs = f"{NOTEBOOK} .jd-log-lines"
    page.locator(logs).scroll_into_view_if_needed()
    newest = "el => { const l = el.querySelectorAll('[data-seq]'); return l[l.length-1].innerText; }"
    drawn = []
    for _ in range(4):
        drawn.append(page.locator(logs).evaluate(newest).strip())
        wait_seen(page, logs, drawn[-1], 1000)
        page.wait_for_timeout(500)
    assert len(set(drawn)) == 4 and all("| tick " in line for line in drawn), drawn
    page.screenshot(path=str(ARTIFACTS / "service-logs-live.png"))
    run_cell(page, f"%docker {engine} service rm paged")
    page.locator(f"{NOTEBOOK} .jd-log-status:has-text('the service was removed')").wait_for(
        timeout=30_000)
    assert kernel_threads(page, "jd-service-logs") == []


def test_leaving_no_swarm_says_so_even_with_force(ip, capsys) -> None:
    for line in ("swarm leave", "swarm leave -f"):
        assert one_line_error(ip, capsys, line) == \
            "docker: Error response from daemon: This node is not part of a swarm"
