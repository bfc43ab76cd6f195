"""The flags of `run` and `create`: every flag of `docker run --help` (CLI 28), in its order.

Each value is checked as the CLI checks it (`check=`), so a bad one is refused before anything
is created; `runconfig.sdk_arguments` turns the values into the engine's create request.
"""

from __future__ import annotations

import jupyter_docker.runchecks as rc  # not `from .. import`: the package __getattr__ is the API
from .common import DETACH_KEYS
from .spec import Option, flag, value


def _list(*names: str, help: str, metavar: str = "list", **kw: object) -> Option:
    return value(*names, kind="list", metavar=metavar, help=help, **kw)  # type: ignore[arg-type]


CONTENT_TRUST = flag("--disable-content-trust", default=True, check=rc.content_trust,
                     help="Skip image verification (default true; content trust, Notary, is "
                          "not supported here: =false is refused)")

RUN_OPTIONS = (
    _list("--add-host", check=rc.add_host, help="Add a custom host-to-IP mapping (host:ip)"),
    _list("-a", "--attach", check=rc.attach, help="Attach to STDIN, STDOUT or STDERR"),
    value("--blkio-weight", kind="int", metavar="uint16",
          help="Block IO (relative weight), between 10 and 1000, or 0 to disable (default 0)"),
    _list("--blkio-weight-device", check=rc.weight_device,
          help="Block IO weight (relative device weight)"),
    _list("--cap-add", help="Add Linux capabilities"),
    _list("--cap-drop", help="Drop Linux capabilities"),
    value("--cgroup-parent", metavar="string", help="Optional parent cgroup for the container"),
    value("--cgroupns", metavar="string", help="Cgroup namespace to use (host|private)"),
    value("--cidfile", metavar="string", help="Write the container ID to the file"),
    value("--cpu-period", kind="int", metavar="int",
          help="Limit CPU CFS (Completely Fair Scheduler) period"),
    value("--cpu-quota", kind="int", metavar="int",
          help="Limit CPU CFS (Completely Fair Scheduler) quota"),
    value("--cpu-rt-period", kind="int", metavar="int",
          help="Limit CPU real-time period in microseconds"),
    value("--cpu-rt-runtime", kind="int", metavar="int",
          help="Limit CPU real-time runtime in microseconds"),
    value("-c", "--cpu-shares", kind="int", metavar="int", help="CPU shares (relative weight)"),
    value("--cpus", metavar="decimal", check=rc.decimal, help="Number of CPUs"),
    value("--cpuset-cpus", metavar="string", help="CPUs in which to allow execution (0-3, 0,1)"),
    value("--cpuset-mems", metavar="string", help="MEMs in which to allow execution (0-3, 0,1)"),
    flag("-d", "--detach", help="Run container in background and print container ID"),
    DETACH_KEYS,
    _list("--device", help="Add a host device to the container"),
    _list("--device-cgroup-rule", check=rc.device_cgroup_rule,
          help="Add a rule to the cgroup allowed devices list"),
    _list("--device-read-bps", check=rc.bps_device,
          help="Limit read rate (bytes per second) from a device"),
    _list("--device-read-iops", check=rc.iops_device,
          help="Limit read rate (IO per second) from a device"),
    _list("--device-write-bps", check=rc.bps_device,
          help="Limit write rate (bytes per second) to a device"),
    _list("--device-write-iops", check=rc.iops_device,
          help="Limit write rate (IO per second) to a device"),
    CONTENT_TRUST,
    _list("--dns", check=rc.ip_address, help="Set custom DNS servers"),
    _list("--dns-option", aliases=("--dns-opt",), help="Set DNS options"),
    _list("--dns-search", check=rc.dns_search, help="Set custom DNS search domains"),
    value("--domainname", metavar="string", help="Container NIS domain name"),
    value("--entrypoint", metavar="string", help="Overwrite the default ENTRYPOINT of the image"),
    _list("-e", "--env", check=rc.env,
          help="Set environment variables (a bare VAR takes the kernel's value)"),
    _list("--env-file", completer="path", help="Read in a file of environment variables"),
    _list("--expose", help="Expose a port or a range of ports"),
    value("--gpus", metavar="gpu-request", check=rc.gpus,
          help="GPU devices to add to the container ('all' to pass all GPUs)"),
    _list("--group-add", help="Add additional groups to join"),
    value("--health-cmd", metavar="string", help="Command to run to check health"),
    value("--health-interval", kind="duration", metavar="duration",
          help="Time between running the check (ms|s|m|h) (default 0s)"),
    value("--health-retries", kind="int", metavar="int",
          help="Consecutive failures needed to report unhealthy"),
    value("--health-start-period", kind="duration", metavar="duration",
          help="Start period for the container to initialize before starting health-retries "
               "countdown (ms|s|m|h) (default 0s)"),
    value("--health-timeout", kind="duration", metavar="duration",
          help="Maximum time to allow one check to run (ms|s|m|h) (default 0s)"),
    value("-h", "--hostname", metavar="string", help="Container host name"),
    flag("--init", help="Run an init inside the container that forwards signals and reaps processes"),
    flag("-i", "--interactive",
         help="Keep STDIN open (-it where widgets draw: a live terminal; with -d: `-dit` keeps "
              "a shell alive for `attach`/`exec`; %%docker run -i: the cell body is stdin)"),
    value("--ip", metavar="string", help="IPv4 address (e.g., 172.30.100.104)"),
    value("--ip6", metavar="string", help="IPv6 address (e.g., 2001:db8::33)"),
    value("--ipc", metavar="string", help="IPC mode to use"),
    value("--isolation", metavar="string", help="Container isolation technology"),
    value("--kernel-memory", kind="bytes", metavar="bytes", help="Kernel memory limit"),
    _list("-l", "--label", help="Set meta data on a container"),
    _list("--label-file", completer="path", help="Read in a line delimited file of labels"),
    _list("--link", help="Add link to another container"),
    _list("--link-local-ip", help="Container IPv4/IPv6 link-local addresses"),
    value("--log-driver", metavar="string", help="Logging driver for the container"),
    _list("--log-opt", help="Log driver options"),
    value("--mac-address", metavar="string", check=rc.mac_address,
          help="Container MAC address (e.g., 92:d0:c6:0a:29:33)"),
    value("-m", "--memory", kind="bytes", metavar="bytes", help="Memory limit"),
    value("--memory-reservation", kind="bytes", metavar="bytes", help="Memory soft limit"),
    value("--memory-swap", kind="bytes", metavar="bytes", check=rc.memory_swap,
          help="Swap limit equal to memory plus swap: '-1' to enable unlimited swap"),
    value("--memory-swappiness", kind="int", metavar="int", default=-1,
          help="Tune container memory swappiness (0 to 100) (default -1)"),
    _list("--mount", metavar="mount",
          help="Attach a filesystem mount to the container (type=volume|bind|tmpfs,target=...)"),
    value("--name", metavar="string", help="Assign a name to the container"),
    _list("--network", aliases=("--net",), metavar="network", completer="network",
          check=rc.network,
          help="Connect a container to a network (NET, or name=NET,alias=A,ip=IP,...)"),
    _list("--network-alias", aliases=("--net-alias",),
          help="Add network-scoped alias for the container"),
    flag("--no-healthcheck", help="Disable any container-specified HEALTHCHECK"),
    flag("--oom-kill-disable", help="Disable OOM Killer"),
    value("--oom-score-adj", kind="int", metavar="int",
          help="Tune host's OOM preferences (-1000 to 1000)"),
    value("--pid", metavar="string", help="PID namespace to use"),
    value("--pids-limit", kind="int", metavar="int",
          help="Tune container pids limit (set -1 for unlimited)"),
    value("--platform", metavar="string", help="Set platform if server is multi-platform capable"),
    flag("--privileged", help="Give extended privileges to this container"),
    _list("-p", "--publish", help="Publish a container's port(s) to the host"),
    flag("-P", "--publish-all", help="Publish all exposed ports to random ports"),
    value("--pull", metavar="string", check=rc.pull_policy, default="missing",
          help='Pull image before running ("always", "missing", "never")'),
    flag("-q", "--quiet", help="Suppress the pull output"),
    flag("--read-only", help="Mount the container's root filesystem as read only"),
    value("--restart", metavar="string",
          help='Restart policy to apply when a container exits (default "no")'),
    flag("--rm", help="Automatically remove the container and its associated anonymous volumes "
                      "when it exits"),
    value("--runtime", metavar="string", help="Runtime to use for this container"),
    _list("--security-opt", check=rc.security_opt, help="Security Options"),
    value("--shm-size", kind="bytes", metavar="bytes", help="Size of /dev/shm"),
    value("--stop-signal", metavar="string", help="Signal to stop the container"),
    value("--stop-timeout", kind="int", metavar="int", help="Timeout (in seconds) to stop a container"),
    value("--storage-opt", kind="map", metavar="list", check=rc.storage_opt,
          help="Storage driver options for the container"),
    value("--sysctl", kind="map", metavar="map", check=rc.sysctl, help="Sysctl options"),
    _list("--tmpfs", help="Mount a tmpfs directory"),
    flag("-t", "--tty", help="Allocate a pseudo-TTY (with -d, or -it where widgets draw: a live "
                             "terminal in the cell's output; else none)"),
    _list("--ulimit", metavar="ulimit", check=rc.ulimit, help="Ulimit options"),
    flag("--use-api-socket", help="Bind mount Docker API socket (a unix socket engine; "
                                  "credentials are not copied into the container)"),
    value("-u", "--user", metavar="string", help="Username or UID (format: <name|uid>[:<group|gid>])"),
    value("--userns", metavar="string", help="User namespace to use"),
    value("--uts", metavar="string", help="UTS namespace to use"),
    _list("-v", "--volume", help="Bind mount a volume (./dir and ../dir: relative to the "
                                 "working directory)"),
    value("--volume-driver", metavar="string", help="Optional volume driver for the container"),
    _list("--volumes-from", help="Mount volumes from the specified container(s)"),
    value("-w", "--workdir", metavar="string", help="Working directory inside the container"),
    # Windows-engine flags the CLI hides on Linux
    *(value(name, kind="int", metavar="int", hidden=True,
            refused="a Windows engine flag; this engine API (Linux) cannot do it")
      for name in ("--cpu-count", "--cpu-percent", "--io-maxiops")),
    value("--io-maxbandwidth", kind="bytes", metavar="bytes", hidden=True,
          refused="a Windows engine flag; this engine API (Linux) cannot do it"),
)

SIG_PROXY = flag("--sig-proxy", default=True,
                 help="Proxy received signals to the process: an interrupt stops the container "
                      "(--sig-proxy=false: only stop following) (default true)")
