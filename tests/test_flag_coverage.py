"""The docker CLI's flags, walked from its own help: each one is ours or refused with a reason;
and a bad value for any flag of the command table is one line, before an engine is asked.

The docker CLI (28.x here) is the reference, never a dependency: without it these skip.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from functools import lru_cache

import pytest

import jupyter_docker as jd
import jupyter_docker.runchecks as rc
from jupyter_docker.commands import REGISTRY
from jupyter_docker.commands.spec import Command, Option

CLI = shutil.which("docker")
needs_cli = pytest.mark.skipif(CLI is None, reason="no docker CLI here to compare with")
FLAG_LINE = re.compile(r"^\s+(?:-(\w), )?--([a-z0-9-]+)")
NOWHERE = "unix:///tmp/jupyter-docker-no-engine.sock"  # an error from here proves no engine was asked

# Commands whose CLI flags are not all done yet: listed, so each gap is seen (xfail, strict:
# when a gap is closed the test passes and this entry must go).
KNOWN_GAPS: dict[str, str] = {}


@lru_cache(maxsize=None)
def cli_help(name: str) -> str:
    out = subprocess.run([CLI, *name.split(), "--help"], capture_output=True, text=True,
                         timeout=30)
    return out.stdout


def cli_flags(name: str) -> list[tuple[str | None, str]]:
    """(shorthand, long name) of every flag in the CLI's help for `name`, --help left out."""
    text = cli_help(name)
    section = text.split("\nOptions:\n", 1)[1] if "\nOptions:\n" in text else ""
    flags = []
    for line in section.splitlines():
        match = FLAG_LINE.match(line)
        if match and match[2] != "help":
            flags.append((match[1], match[2]))
    return flags


def uncovered(cmd: Command) -> list[str]:
    """The CLI's flags of `cmd` that we neither take nor refuse with a reason."""
    missing = []
    for short, long in cli_flags(cmd.name):
        opt = cmd.option(f"--{long}")
        if opt is None:
            missing.append(f"--{long}")
        elif short and f"-{short}" not in opt.names:
            missing.append(f"-{short} (of --{long})")
    return missing


@needs_cli
@pytest.mark.parametrize("name", [
    pytest.param(n, marks=pytest.mark.xfail(strict=True, reason=KNOWN_GAPS[n]))
    if n in KNOWN_GAPS else n
    for n in sorted(REGISTRY.commands)])
def test_every_cli_flag_is_ours_or_refused(name: str) -> None:
    cmd = REGISTRY.commands[name]
    assert cli_help(name).startswith("Usage:"), f"the CLI has no `docker {name}`"
    assert uncovered(cmd) == []
    for opt in cmd.options:
        assert not opt.refused or len(opt.refused.splitlines()) == 1


@needs_cli
@pytest.mark.parametrize("name", ["run", "create"])
def test_run_and_create_cover_the_whole_cli_help(name: str) -> None:
    """The two the issue names, asserted on their own: 94 and 97 flags."""
    flags = cli_flags(name)
    assert len(flags) > 90 and uncovered(REGISTRY.commands[name]) == []


# ------------------------------------------------------------------ bad values, generated

BAD_BY_CHECK = {
    rc.env: "=x", rc.add_host: "nohost", rc.ip_address: "notip", rc.dns_search: "-bad",
    rc.ulimit: "nofile", rc.sysctl: "kernel.x=1", rc.device_cgroup_rule: "x",
    rc.weight_device: "x", rc.bps_device: "/dev/sda:x", rc.iops_device: "x",
    rc.decimal: "abc", rc.memory_swap: "lots", rc.gpus: "foo",
    rc.network: "name=a,bogus=1", rc.security_opt: "x", rc.storage_opt: "x",
    rc.mac_address: "x", rc.detach_keys: "ctrl-", rc.attach: "nope", rc.build_arg: "=x",
    rc.label: "=x", rc.content_trust: "false", rc.availability: "x", rc.cidr: "x",
    rc.external_ca: "x", rc.pull_policy: "sometimes", rc.ratio: "x",
}
PLAIN_LINE = {rc.detach_keys, rc.mac_address, rc.storage_opt, rc.security_opt,
              rc.content_trust, rc.availability, rc.pull_policy}  # not "invalid argument"
BAD_BY_KIND = {"int": "x1", "bytes": "12qq", "duration": "5parsecs", "bool": "maybe"}


def bad_value(opt: Option) -> str | None:
    if opt.refused:
        return "1"
    if opt.check is not None:
        return BAD_BY_CHECK[opt.check]
    if opt.choices:
        return "no-such-choice"
    return BAD_BY_KIND.get(opt.kind)


def bad_cases() -> list[tuple[str, Option, str]]:
    return [(name, opt, bad) for name, cmd in sorted(REGISTRY.commands.items())
            for opt in cmd.options if (bad := bad_value(opt)) is not None]


def test_every_check_has_a_bad_value() -> None:
    checks = {o.check for c in REGISTRY.commands.values() for o in c.options if o.check}
    assert checks <= set(BAD_BY_CHECK), "give each new check a bad value in BAD_BY_CHECK"
    assert len(bad_cases()) > 150


def _ours(line: str) -> str:
    """The one line we print for `%docker <line>` (no engine answers at NOWHERE)."""
    with pytest.raises(jd.DockerError) as err:
        jd.docker(f"-H {NOWHERE} {line}")
    rendered = err.value._render_traceback_()
    assert len(rendered) == 1 and "\n" not in rendered[0], rendered
    assert "Cannot connect" not in rendered[0], f"{line}: asked the engine first"
    return rendered[0]


@pytest.mark.parametrize("name, opt, bad", bad_cases(),
                         ids=[f"{n} {o.names[-1]}={b}" for n, o, b in bad_cases()])
def test_a_bad_value_is_one_line_before_the_engine(name: str, opt: Option, bad: str) -> None:
    spelled = opt.names[-1]
    line = _ours(f"{name} {spelled}={bad}")
    assert line.startswith("docker: ")
    if opt.refused:
        assert opt.refused in line
    elif opt.check not in PLAIN_LINE:
        assert f'invalid argument "{bad}" for "{opt.label}" flag: ' in line
    if opt.kind == "bool" and not opt.refused and opt.check is None:
        return  # the Python API takes Python truth values for these
    # the Python API refuses the same value the same way
    fn = getattr(jd, REGISTRY.commands[name].api_name)
    with pytest.raises(jd.DockerError):
        fn(**{opt.dest: False if opt.kind == "bool" else bad}, host=NOWHERE)


def _cli_line(line: str) -> str:
    where = "" if line.startswith("-H") else f"-H {NOWHERE} "
    out = subprocess.run(f"{CLI} {where}{line}", shell=True, capture_output=True,
                         text=True, timeout=30, stdin=subprocess.DEVNULL)
    lines = [l for l in (out.stderr + out.stdout).splitlines()
             if l.strip() and not l.startswith(("DEPRECATED", "            "))]
    return lines[0].removeprefix("docker: ") if lines else ""


def _text(ours: str) -> str:
    return re.sub(r" \(see '%docker [^']*'\)$", "", ours.removeprefix("docker: "))


@needs_cli
def test_bad_values_read_as_the_cli_reads_them() -> None:
    """Every generated bad value the CLI refuses by itself: the same text as the CLI's."""
    compared, differ = 0, []
    for name, opt, bad in bad_cases():
        if opt.refused or f"--{opt.dest.replace('_', '-')}" not in cli_help(name):
            continue
        spelled = opt.names[-1]
        theirs = _cli_line(f"{name} {spelled}={bad}")
        if not theirs.startswith("invalid argument"):
            continue  # the CLI leaves this one to the engine
        compared += 1
        ours = _text(_ours(f"{name} {spelled}={bad}"))
        if ours != theirs:
            differ.append(f"{name} {spelled}={bad}\n  cli:  {theirs}\n  ours: {ours}")
    assert compared > 100 and not differ, "\n".join(differ)


# lines the CLI refuses before asking an engine, with its words
CLI_LINES = [
    "run --cpus abc x", "create --cpus abc x", "create -a nope x", "run -d -a stdout x",
    "run --memory-swappiness 200 x", "run --pid x x", "run --uts x x", "run --userns x x",
    "run --cgroupns x x", "run --no-healthcheck --health-cmd true x",
    "run --health-timeout -1s x", "run --health-retries -1 x", "run --mac-address x x",
    "run --storage-opt x x", "run --security-opt x x", "run --ulimit nofile=5:2 x",
    "run --gpus count=x x", "run --add-host h:notip x", "run --rm --restart always x",
    "run --network name=a,bogus=1 x", "run --stop-timeout 1.5 x", "run -e =x x",
    "run --pull sometimes x",
    "tag x a:bad:tag", "tag x Foo", "commit x -x", "commit x Foo",
    "network create --gateway 10.9.0.1 n", "network create --ip-range 10.9.0.0/24 n",
    "network create --subnet 10.9.0.0/24 --gateway 10.8.0.1 n",
    "network create --subnet 10.9.0.0/24 --ip-range 10.8.0.0/24 n",
    "network create --subnet 10.9.0.0/24 --subnet 10.9.0.0/16 n",
    "build --build-arg =x .", "build --add-host nohost .", "build --ulimit x .",
    "swarm init --availability x", "swarm join --availability x --token t h:1",
    "swarm init --external-ca protocol=x,url=y", "swarm init --default-addr-pool x",
    "-H tcp://[::1 ps", "-H tcp://h:abc ps", "-H foo://x ps",
]


@needs_cli
@pytest.mark.parametrize("line", CLI_LINES)
def test_bad_lines_say_what_the_cli_says(line: str) -> None:
    theirs = _cli_line(line)
    with pytest.raises(jd.DockerError) as err:
        jd.docker(line if line.startswith("-H") else f"-H {NOWHERE} {line}")
    rendered = err.value._render_traceback_()
    assert len(rendered) == 1 and _text(rendered[0]) == theirs


def test_h_with_a_port_out_of_range_is_one_line() -> None:
    """The CLI says it when it dials; we say it before: its text, not urllib's ValueError."""
    for host in ("tcp://localhost:99999", "tcp://[::1]:99999"):
        with pytest.raises(jd.DockerError, match=r"^error during connect: dial tcp: address "
                                                 r"99999: invalid port$"):
            jd.docker(f"-H {host} ps")


def test_search_format_sees_the_cli_s_fields() -> None:
    from jupyter_docker.commands.common import render_format
    from jupyter_docker.commands.image_search import search_rows

    items = [{"name": "busybox", "description": "Busybox base image.\nSmall.", "star_count": 3,
              "is_official": True, "is_automated": False}]
    line = render_format("{{.Name}}|{{.StarCount}}|{{.IsOfficial}}|{{.IsAutomated}}|"
                         "{{.Description}}", search_rows(items))
    assert str(line) == "busybox|3|[OK]||Busybox base image. Small."
