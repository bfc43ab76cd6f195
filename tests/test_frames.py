"""Engine JSON -> DataFrames, on samples captured from a Docker Engine 20.10 (API 1.41), trimmed.

Expected strings come from the docker CLI 28 on the same engine (`docker ps`, `docker images`,
`docker history`, `docker system df`) or from hand computation of the CLI's formulas.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from jupyter_docker import frames as F
from jupyter_docker.display import ATTR, humanized

TIME = "datetime64[ns, UTC]"
WEB_ID = "084723d862e920f787d47e19991517d833f4bfee884ac8644f87f29f286f73cf"
STOPPED_ID = "2aacd6ba431a0e9188f5f53c4b26caff59cae05fc4d92f49338cee4d0ab03ba7"
IMAGE_ID = "sha256:91261045b47cc3e4010ebec02595db8a9ee5b6a38bcd97e2ec4dbb19173cdead"
BASE_ID = "sha256:7f730d1431a2ad923f3ac201dd5d90ebe8350554ece5ada1a7a78456a3b66647"
LABELS = {"jupyter-docker-test": "1", "jupyter-docker-test.session": "frames-helper",
          "purpose": "frames"}

# GET /containers/json?all=1&size=1 (NetworkSettings trimmed)
CONTAINERS = [
    {"Id": STOPPED_ID, "Names": ["/jdt-frames-stopped"], "Image": "jdt-frames:v1",
     "ImageID": IMAGE_ID, "Command": "true", "Created": 1795562316, "Ports": [],
     "SizeRootFs": 2282302, "Labels": LABELS, "State": "created", "Status": "Created",
     "HostConfig": {"NetworkMode": "default"}, "Mounts": []},
    {"Id": WEB_ID, "Names": ["/jdt-frames-web"], "Image": "jdt-frames:v1", "ImageID": IMAGE_ID,
     "Command": "sh -c 'echo hello > /data/x; touch /newfile; rm /one; sleep 3600'",
     "Created": 1795562315,
     "Ports": [
         {"IP": "0.0.0.0", "PrivatePort": 9000, "PublicPort": 9000, "Type": "tcp"},
         {"IP": "::", "PrivatePort": 9000, "PublicPort": 9000, "Type": "tcp"},
         {"IP": "0.0.0.0", "PrivatePort": 9001, "PublicPort": 9001, "Type": "tcp"},
         {"IP": "::", "PrivatePort": 9001, "PublicPort": 9001, "Type": "tcp"},
         {"IP": "0.0.0.0", "PrivatePort": 53, "PublicPort": 32768, "Type": "udp"},
         {"IP": "::", "PrivatePort": 53, "PublicPort": 32768, "Type": "udp"},
         {"IP": "0.0.0.0", "PrivatePort": 80, "PublicPort": 8080, "Type": "tcp"},
         {"IP": "::", "PrivatePort": 80, "PublicPort": 8080, "Type": "tcp"},
     ],
     "SizeRw": 12, "SizeRootFs": 2282302, "Labels": LABELS, "State": "running",
     "Status": "Up 3 seconds", "HostConfig": {"NetworkMode": "default"},
     "Mounts": [{"Type": "volume", "Name": "jdt-frames-vol",
                 "Source": "/var/lib/docker/volumes/jdt-frames-vol/_data",
                 "Destination": "/data", "Driver": "local", "Mode": "rw", "RW": True,
                 "Propagation": ""}]},
]
# what `docker ps` (CLI 28.2) printed for the web container
WEB_PORTS = ("0.0.0.0:9000-9001->9000-9001/tcp, [::]:9000-9001->9000-9001/tcp, "
             "0.0.0.0:32768->53/udp, [::]:32768->53/udp, 0.0.0.0:8080->80/tcp, [::]:8080->80/tcp")

# GET /images/json?all=1 (one intermediate image, the tagged ones), plus a pulled image
IMAGES = [
    {"Containers": -1, "Created": 1795558265, "Id": BASE_ID, "Labels": None, "ParentId": "",
     "RepoDigests": None, "RepoTags": ["jdtest/busybox:latest"], "SharedSize": -1,
     "Size": 1982298, "VirtualSize": 1982298},
    {"Containers": -1, "Created": 1795562315, "Id": IMAGE_ID, "Labels": LABELS,
     "ParentId": "sha256:af254a66973a33e9e7f72dce1c3ed4e74a5a3e29356b286c32390a469caa89ec",
     "RepoDigests": None,
     "RepoTags": ["jdt-frames:v1", "jdt-frames:v2", "localhost:5000/jdt-frames:v1"],
     "SharedSize": -1, "Size": 2282302, "VirtualSize": 2282302},
    {"Containers": -1, "Created": 1795562315,
     "Id": "sha256:9827140ffe220bddeea5114b81e894f22880c3836d3009312913151a50aee21c",
     "Labels": None, "ParentId": BASE_ID, "RepoDigests": ["<none>@<none>"],
     "RepoTags": ["<none>:<none>"], "SharedSize": -1, "Size": 1982302, "VirtualSize": 1982302},
    {"Containers": -1, "Created": 1700000000,
     "Id": "sha256:3f57d9401f8d42f986df300f0c69192fc41da28ccc8d797829467780db3dd741",
     "Labels": None, "ParentId": "",
     "RepoDigests": ["busybox@sha256:3fbc632167424a6d997e74f52b878d7cc478225cffac6bc977eedfe51c7f4e79",
                     "registry.example.com/tools/busybox@sha256:1111111111111111111111111111111111111111111111111111111111111111"],
     "RepoTags": ["busybox:1.36"], "SharedSize": -1, "Size": 4261550,
     "VirtualSize": 4261550},
]

# GET /images/jdt-frames:v1/history
HISTORY = [
    {"Comment": "", "Created": 1795562315,
     "CreatedBy": "/bin/sh -c #(nop)  LABEL jupyter-docker-test.session=frames-helper",
     "Id": IMAGE_ID, "Size": 0, "Tags": ["jdt-frames:v1", "jdt-frames:v2"]},
    {"Comment": "", "Created": 1795562315, "CreatedBy": "/bin/sh -c #(nop)  CMD [\"sleep\" \"3600\"]",
     "Id": "<missing>", "Size": 0, "Tags": None},
    {"Comment": "", "Created": 1795562315, "CreatedBy": "/bin/sh -c head -c 300000 /dev/zero > /big",
     "Id": "sha256:abed5bb7a7a46c684c78368e8fb2cdf7dd9519ad081f709203f716986cd7fb13",
     "Size": 300000, "Tags": None},
    {"Comment": "Imported from -", "Created": 1795558265, "CreatedBy": "", "Id": BASE_ID,
     "Size": 1982298, "Tags": ["jdtest/busybox:latest"]},
]

# GET /containers/{id}/json and GET /images/{name}/json, trimmed
INSPECT_CONTAINER = {
    "Id": STOPPED_ID, "Created": "2026-11-24T23:18:36.072656851Z", "Path": "true", "Args": [],
    "State": {"Status": "created", "Running": False, "Paused": False, "Restarting": False,
              "OOMKilled": False, "Dead": False, "Pid": 0, "ExitCode": 0, "Error": "",
              "StartedAt": "0001-01-01T00:00:00Z", "FinishedAt": "0001-01-01T00:00:00Z"},
    "Image": IMAGE_ID, "Name": "/jdt-frames-stopped", "RestartCount": 0,
    "HostConfig": {"Binds": None, "LogConfig": {"Type": "json-file", "Config": {}},
                   "NetworkMode": "default", "ConsoleSize": [0, 0]},
    "Mounts": [],
    "Config": {"Hostname": "2aacd6ba431a", "Env": ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],
               "Cmd": ["true"], "Image": "jdt-frames:v1", "Labels": LABELS},
    "NetworkSettings": {"Ports": {}, "IPAddress": "",
                        "Networks": {"bridge": {"IPAMConfig": None, "Gateway": "",
                                                "IPAddress": "", "MacAddress": ""}}},
}
INSPECT_IMAGE = {
    "Id": IMAGE_ID, "RepoTags": ["jdt-frames:v1", "jdt-frames:v2"], "RepoDigests": [],
    "Created": "2026-11-24T23:18:35.762133259Z", "DockerVersion": "20.10.24+dfsg1",
    "Config": {"Env": ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],
               "Cmd": ["sleep", "3600"], "Labels": LABELS},
    "Architecture": "amd64", "Os": "linux", "Size": 2282302, "VirtualSize": 2282302,
    "RootFS": {"Type": "layers", "Layers": ["sha256:36b337989da0d6254baf33740f0611543054668ca0dcb6a81250e2e213bd71ae"]},
    "Metadata": {"LastTagTime": "2026-11-24T23:18:35.773377943Z"},
}

# GET /events (decoded)
EVENTS = [
    {"status": "start", "id": WEB_ID, "from": "jdt-frames:v1", "Type": "container",
     "Action": "start",
     "Actor": {"ID": WEB_ID, "Attributes": {"image": "jdt-frames:v1", "name": "jdt-frames-web",
                                            "purpose": "frames"}},
     "scope": "local", "time": 1795562316, "timeNano": 1795562316069848096},
    {"Type": "network", "Action": "connect",
     "Actor": {"ID": "100c7d26de4f8ab6508e8ef129910a418b8344e9596e16fb68ef8300a0585ecd",
               "Attributes": {"container": WEB_ID, "name": "bridge", "type": "bridge"}},
     "scope": "local", "time": 1795562314, "timeNano": 1795562314967474687},
    {"Type": "volume", "Action": "create",
     "Actor": {"ID": "jdt-frames-vol", "Attributes": {"driver": "local"}},
     "scope": "local", "time": 1795562316, "timeNano": 1795562316000000001},
]

# GET /system/df
SYSTEM_DF = {
    "LayersSize": 2282302,
    "Images": [
        {"Containers": 2, "Created": 1795562315, "Id": IMAGE_ID, "Labels": LABELS,
         "ParentId": "", "RepoDigests": None,
         "RepoTags": ["jdt-frames:v1", "jdt-frames:v2", "localhost:5000/jdt-frames:v1"],
         "SharedSize": 1982298, "Size": 2282302, "VirtualSize": 2282302},
        {"Containers": 0, "Created": 1795558265, "Id": BASE_ID, "Labels": None, "ParentId": "",
         "RepoDigests": None, "RepoTags": ["jdtest/busybox:latest"], "SharedSize": 1982298,
         "Size": 1982298, "VirtualSize": 1982298},
    ],
    "Containers": CONTAINERS,
    "Volumes": [
        {"CreatedAt": "2026-11-24T23:18:36Z", "Driver": "local", "Labels": LABELS,
         "Mountpoint": "/var/lib/docker/volumes/jdt-frames-vol/_data", "Name": "jdt-frames-vol",
         "Options": None, "Scope": "local", "UsageData": {"RefCount": 1, "Size": 6}},
        {"CreatedAt": "2026-11-24T23:20:00+01:00", "Driver": "local", "Labels": None,
         "Mountpoint": "/var/lib/docker/volumes/old/_data", "Name": "old", "Options": None,
         "Scope": "local", "UsageData": {"RefCount": 0, "Size": 1000}},
        {"CreatedAt": "2026-11-24T23:20:00Z", "Driver": "other", "Labels": None,
         "Mountpoint": "", "Name": "remote", "Options": None, "Scope": "global",
         "UsageData": {"RefCount": 0, "Size": -1}},
    ],
    "BuildCache": None,
    "BuilderSize": 0,
}

# GET /containers/{id}/stats?stream=false on cgroup v1 (captured, idle container)
STATS_V1_IDLE = {
    "read": "2026-11-24T23:18:39.101551478Z", "preread": "2026-11-24T23:18:38.097184811Z",
    "pids_stats": {"current": 1},
    "blkio_stats": {"io_service_bytes_recursive": []},
    "num_procs": 0, "storage_stats": {},
    "cpu_stats": {"cpu_usage": {"total_usage": 21692117, "percpu_usage": [13774117, 7918000]},
                  "system_cpu_usage": 8622070000000, "online_cpus": 2},
    "precpu_stats": {"cpu_usage": {"total_usage": 21692117, "percpu_usage": [13774117, 7918000]},
                     "system_cpu_usage": 8620080000000, "online_cpus": 2},
    "memory_stats": {"usage": 503808, "max_usage": 3555328,
                     "stats": {"cache": 8192, "inactive_file": 4096,
                               "total_inactive_file": 4096, "total_cache": 8192},
                     "limit": 25276502016},
    "name": "/jdt-frames-web", "id": WEB_ID,
    "networks": {"eth0": {"rx_bytes": 736, "rx_packets": 8, "tx_bytes": 0, "tx_packets": 0}},
}
# a stopped container answers with empty sections
STATS_STOPPED = {
    "read": "0001-01-01T00:00:00Z", "preread": "0001-01-01T00:00:00Z", "pids_stats": {},
    "blkio_stats": {"io_service_bytes_recursive": None}, "num_procs": 0, "storage_stats": {},
    "cpu_stats": {"cpu_usage": {"total_usage": 0}, "throttling_data": {}},
    "precpu_stats": {"cpu_usage": {"total_usage": 0}, "throttling_data": {}},
    "memory_stats": {}, "name": "/jdt-frames-stopped", "id": STOPPED_ID,
}


def hints(df: pd.DataFrame) -> dict:
    return df.attrs[ATTR]


# --- ports ------------------------------------------------------------------------------------

@pytest.mark.parametrize("ports, text", [
    ([], ""),
    (None, ""),
    ([{"PrivatePort": 80, "Type": "tcp"}], "80/tcp"),
    ([{"IP": "0.0.0.0", "PrivatePort": 80, "PublicPort": 8080, "Type": "tcp"},
      {"IP": "::", "PrivatePort": 80, "PublicPort": 8080, "Type": "tcp"}],
     "0.0.0.0:8080->80/tcp, [::]:8080->80/tcp"),
    # exposed, unpublished ranges group; a group closed by a gap is listed at once, the
    # groups still open at the end follow in the order they were opened (the CLI's quirk)
    ([{"PrivatePort": p, "Type": "tcp"} for p in (8002, 8000, 8001, 9000)]
     + [{"PrivatePort": 53, "Type": "udp"}],
     "8000-8002/tcp, 53/udp, 9000/tcp"),
    # published on the same port number: grouped per address
    ([{"IP": "127.0.0.1", "PrivatePort": 5000, "PublicPort": 5000, "Type": "tcp"},
      {"IP": "127.0.0.1", "PrivatePort": 5001, "PublicPort": 5001, "Type": "tcp"},
      {"PrivatePort": 6379, "Type": "tcp"}],
     "127.0.0.1:5000-5001->5000-5001/tcp, 6379/tcp"),
    ([{"PrivatePort": p, "Type": "tcp"} for p in (1, 2, 5)] + [{"PrivatePort": 3, "Type": "udp"}],
     "1-2/tcp, 5/tcp, 3/udp"),
    # captured from `docker run --expose 8000-8002 --expose 9000 --expose 53/udp --expose 1-2
    # --expose 5 --expose 3/udp`; the string is what `docker ps` (CLI 28.2) printed
    ([{"PrivatePort": 2, "Type": "tcp"}, {"PrivatePort": 3, "Type": "udp"},
      {"PrivatePort": 53, "Type": "udp"}, {"PrivatePort": 8001, "Type": "tcp"},
      {"PrivatePort": 8002, "Type": "tcp"}, {"PrivatePort": 9000, "Type": "tcp"},
      {"PrivatePort": 1, "Type": "tcp"}, {"PrivatePort": 5, "Type": "tcp"},
      {"PrivatePort": 8000, "Type": "tcp"}],
     "1-2/tcp, 3/udp, 5/tcp, 8000-8002/tcp, 9000/tcp, 53/udp"),
])
def test_port_string(ports, text) -> None:
    assert F.port_string(ports) == text


def test_port_string_matches_docker_ps_and_leaves_input_alone() -> None:
    ports = CONTAINERS[1]["Ports"]
    before = list(ports)
    assert F.port_string(ports) == WEB_PORTS
    assert ports == before


# --- containers -------------------------------------------------------------------------------

def test_containers_columns_types_and_cli_truncation() -> None:
    df = F.containers(CONTAINERS)
    assert list(df.columns) == ["container_id", "image", "command", "created", "status", "state",
                                "ports", "names", "labels"]
    assert str(df["created"].dtype) == TIME
    web = df.iloc[1]
    assert web["container_id"] == WEB_ID[:12]
    assert web["command"] == '"sh -c \'echo hello >…"'  # 19 characters, an ellipsis, quoted
    assert df["command"].iloc[0] == '"true"'
    assert web["names"] == "jdt-frames-web"
    assert web["ports"] == WEB_PORTS
    assert web["state"] == "running" and web["status"] == "Up 3 seconds"
    assert web["created"] == pd.Timestamp(1795562315, unit="s", tz="UTC")
    assert web["labels"] == LABELS
    assert df.attrs["raw"] is not None and df.attrs["raw"][1]["Id"] == WEB_ID
    assert hints(df)["times"] == ["created"] and hints(df)["sizes"] == []


def test_containers_no_trunc_and_size() -> None:
    df = F.containers(CONTAINERS, no_trunc=True, size=True)
    assert df["container_id"].iloc[1] == WEB_ID
    assert df["command"].iloc[1] == '"' + CONTAINERS[1]["Command"].replace("'", "'") + '"'
    assert list(df.columns)[-2:] == ["size_rw", "size_root_fs"]
    assert str(df["size_rw"].dtype) == "Int64"
    assert list(df["size_rw"]) == [0, 12]  # the engine omits a zero SizeRw
    assert list(df["size_root_fs"]) == [2282302, 2282302]
    assert hints(df)["sizes"] == ["size_rw", "size_root_fs"]
    assert humanized(df)["size_root_fs"].iloc[0] == "2.28MB"


def test_container_image_names_and_commands_like_the_cli() -> None:
    base = {"Id": WEB_ID, "ImageID": IMAGE_ID, "Created": 1, "Names": ["/web", "/other/alias"]}
    items = [
        {**base, "Image": IMAGE_ID, "Command": 'echo "hi"\tthere'},
        {**base, "Image": "nginx:1.25@sha256:" + "a" * 64, "Command": "x"},
        {**base, "Image": "nginx@sha256:" + "a" * 64, "Command": "x"},
        {**base, "Image": "", "Command": "x"},
        {**base, "Image": "registry:5000/team/app:v1", "Command": "日本語のコマンドをここに書きます"},
        {**base, "Image": "docker.io/library/redis:7", "Command": "x"},
    ]
    df = F.containers(items)
    assert list(df["image"]) == [IMAGE_ID[7:19], "nginx:1.25", "nginx", "<no image>",
                                 "registry:5000/team/app:v1", "redis:7"]
    assert df["command"].iloc[0] == '"echo \\"hi\\"\\tthere"'
    assert df["command"].iloc[4] == '"日本語のコマンドを…"'  # 9 wide characters (18 columns) + …
    assert list(df["names"]) == ["web"] * 6
    full = F.containers(items, no_trunc=True)
    assert full["names"].iloc[0] == "web,other/alias"
    assert full["image"].iloc[1] == items[1]["Image"]


def test_containers_empty_keeps_columns_and_dtypes() -> None:
    df = F.containers([], size=True)
    assert len(df) == 0
    assert list(df.columns) == ["container_id", "image", "command", "created", "status", "state",
                                "ports", "names", "labels", "size_rw", "size_root_fs"]
    assert str(df["created"].dtype) == TIME
    assert str(df["size_rw"].dtype) == "Int64"


def test_ellipsis_and_go_quote() -> None:
    assert F.ellipsis("short", 20) == "short"
    assert F.ellipsis("a" * 21, 20) == "a" * 19 + "…"
    assert F.ellipsis("a" * 20, 20) == "a" * 20
    assert F.ellipsis("你好世界", 5) == "你好…"
    assert F.ellipsis("你好", 4) == "你好"
    assert F.go_quote("plain") == '"plain"'
    assert F.go_quote('a"b\\c\nd\x01é') == '"a\\"b\\\\c\\nd\\x01é"'


# --- images -----------------------------------------------------------------------------------

def test_images_one_row_per_tag_newest_first() -> None:
    df = F.images(IMAGES)
    assert list(df.columns) == ["repository", "tag", "image_id", "created", "size"]
    rows = list(zip(df["repository"], df["tag"], df["image_id"]))
    assert rows == [
        ("jdt-frames", "v1", "91261045b47c"),
        ("jdt-frames", "v2", "91261045b47c"),
        ("localhost:5000/jdt-frames", "v1", "91261045b47c"),
        ("<none>", "<none>", "9827140ffe22"),
        ("jdtest/busybox", "latest", "7f730d1431a2"),
        ("busybox", "1.36", "3f57d9401f8d"),
        ("registry.example.com/tools/busybox", "<none>", "3f57d9401f8d"),
    ]
    assert str(df["size"].dtype) == "int64" and df["size"].iloc[0] == 2282302
    assert str(df["created"].dtype) == TIME
    assert df["created"].is_monotonic_decreasing
    assert hints(df)["sizes"] == ["size"] and hints(df)["times"] == ["created"]
    assert len(df.attrs["raw"]) == 4


def test_images_digests_and_no_trunc() -> None:
    df = F.images(IMAGES, digests=True, no_trunc=True)
    assert list(df.columns) == ["repository", "tag", "digest", "image_id", "created", "size"]
    by_repo = {(r, t): d for r, t, d in zip(df["repository"], df["tag"], df["digest"])}
    assert by_repo[("busybox", "1.36")] == "sha256:3fbc632167424a6d997e74f52b878d7cc478225cffac6bc977eedfe51c7f4e79"
    assert by_repo[("registry.example.com/tools/busybox", "<none>")] == "sha256:" + "1" * 64
    assert by_repo[("jdt-frames", "v1")] == "<none>"
    assert by_repo[("<none>", "<none>")] == "<none>"
    assert df["image_id"].iloc[0] == IMAGE_ID


def test_images_reference_filter_and_empty() -> None:
    df = F.images(IMAGES, reference="jdt-frames:v2")
    assert list(zip(df["repository"], df["tag"])) == [("jdt-frames", "v2")]
    assert list(F.images(IMAGES, reference="*/jdt-frames")["repository"]) == [
        "localhost:5000/jdt-frames"]
    empty = F.images([], digests=True)
    assert list(empty.columns) == ["repository", "tag", "digest", "image_id", "created", "size"]
    assert str(empty["size"].dtype) == "int64" and str(empty["created"].dtype) == TIME


def test_history_like_docker_history() -> None:
    df = F.history(HISTORY)
    assert list(df.columns) == ["image_id", "created", "created_by", "size", "comment"]
    assert list(df["image_id"]) == ["91261045b47c", "<missing>", "abed5bb7a7a4", "7f730d1431a2"]
    # what `docker history` printed: the #(nop) prefix stays, cut at 45 columns
    assert df["created_by"].iloc[0] == "/bin/sh -c #(nop)  LABEL jupyter-docker-test…"
    assert df["created_by"].iloc[2] == "/bin/sh -c head -c 300000 /dev/zero > /big"
    assert list(df["size"]) == [0, 0, 300000, 1982298] and str(df["size"].dtype) == "int64"
    assert df["comment"].iloc[3] == "Imported from -"
    assert str(df["created"].dtype) == TIME
    assert hints(df)["sizes"] == ["size"]
    full = F.history(HISTORY, no_trunc=True, human=False)
    assert full["image_id"].iloc[0] == IMAGE_ID and full["image_id"].iloc[1] == "<missing>"
    assert full["created_by"].iloc[0] == HISTORY[0]["CreatedBy"]
    assert hints(full)["sizes"] == [] and hints(full)["times"] == []
    assert list(F.history([]).columns) == list(df.columns)


# --- inspect ----------------------------------------------------------------------------------

def test_inspect_flattens_to_dotted_columns() -> None:
    df = F.inspect([INSPECT_CONTAINER, INSPECT_IMAGE])
    assert len(df) == 2
    cols = list(df.columns)
    assert cols[:5] == ["Id", "Created", "Path", "Args", "State.Status"]  # first appearance
    assert cols.index("RepoTags") > cols.index("NetworkSettings.Networks.bridge.MacAddress")
    assert df["State.Status"].iloc[0] == "created"
    assert df["Config.Labels.purpose"].tolist() == ["frames", "frames"]
    assert df["Config.Env"].iloc[0] == INSPECT_CONTAINER["Config"]["Env"]  # lists stay lists
    assert df["HostConfig.ConsoleSize"].iloc[0] == [0, 0]
    assert df["NetworkSettings.Networks.bridge.IPAddress"].iloc[0] == ""
    assert df["HostConfig.LogConfig.Config"].iloc[0] == {}  # an empty dict is a value
    assert df.attrs["raw"][0] is INSPECT_CONTAINER


def test_inspect_times_sizes_and_go_zero_time() -> None:
    df = F.inspect([INSPECT_CONTAINER, INSPECT_IMAGE])
    for col in ("Created", "State.StartedAt", "State.FinishedAt", "Metadata.LastTagTime"):
        assert str(df[col].dtype) == TIME, col
    assert df["Created"].iloc[0] == pd.Timestamp("2026-11-24T23:18:36.072656851Z")
    assert pd.isna(df["State.StartedAt"].iloc[0])  # 0001-01-01T00:00:00Z
    assert pd.isna(df["Metadata.LastTagTime"].iloc[0])  # the container has none
    assert df["Metadata.LastTagTime"].iloc[1].nanosecond == 943
    assert df["Size"].iloc[1] == 2282302 and pd.isna(df["Size"].iloc[0])
    assert set(hints(df)["sizes"]) == {"Size", "VirtualSize"}
    assert set(hints(df)["times"]) == {"Created", "State.StartedAt", "State.FinishedAt",
                                       "Metadata.LastTagTime"}
    image = F.inspect([INSPECT_IMAGE])
    assert str(image["Size"].dtype) == "int64"
    assert humanized(image)["Size"].iloc[0] == "2.28MB"


def test_inspect_other_objects_and_empty() -> None:
    vol = {"CreatedAt": "2026-11-24T23:18:36+01:00", "Driver": "local", "Labels": None,
           "Mountpoint": "/m", "Name": "v", "Options": None, "Scope": "local"}
    df = F.inspect([vol])
    assert df["CreatedAt"].iloc[0] == pd.Timestamp("2026-11-24T22:18:36Z")
    assert df["Labels"].iloc[0] is None
    assert len(F.inspect([])) == 0


# --- events, volumes, networks ----------------------------------------------------------------

def test_events() -> None:
    df = F.events(EVENTS)
    assert list(df.columns) == ["time", "type", "action", "actor_id", "scope", "name", "image",
                                "attributes"]
    assert str(df["time"].dtype) == TIME
    assert df["time"].iloc[0].value == 1795562316069848096  # nanoseconds kept
    assert list(df["type"]) == ["container", "network", "volume"]
    assert list(df["name"]) == ["jdt-frames-web", "bridge", ""]
    assert list(df["image"]) == ["jdt-frames:v1", "", ""]
    assert df["actor_id"].iloc[2] == "jdt-frames-vol"
    assert df["attributes"].iloc[1]["container"] == WEB_ID
    old = F.events([{"status": "die", "id": "abc", "from": "busybox", "time": 1700000000}])
    assert (old["action"].iloc[0], old["actor_id"].iloc[0], old["image"].iloc[0]) == (
        "die", "abc", "busybox")
    assert old["time"].iloc[0] == pd.Timestamp(1700000000, unit="s", tz="UTC")
    empty = F.events([])
    assert list(empty.columns) == list(df.columns) and str(empty["time"].dtype) == TIME


def test_volumes_and_networks() -> None:
    df = F.volumes({"Volumes": SYSTEM_DF["Volumes"], "Warnings": None})
    assert list(df.columns) == ["driver", "volume_name", "created", "mountpoint", "labels",
                                "scope"]
    assert list(df["volume_name"]) == ["jdt-frames-vol", "old", "remote"]
    assert df["created"].iloc[1] == pd.Timestamp("2026-11-24T22:20:00Z")
    assert df["labels"].iloc[1] == {}
    assert list(F.volumes([]).columns) == list(df.columns)
    assert len(F.volumes({"Volumes": None})) == 0

    nets = [{"Name": "bridge", "Id": "100c7d26de4f8ab6508e8ef129910a418b8344e9596e16fb68ef8300a0585ecd",
             "Created": "2026-11-24T22:10:58.041555916Z", "Scope": "local", "Driver": "bridge",
             "EnableIPv6": False, "Internal": False, "Labels": {}},
            {"Name": "jdt-frames-net", "Id": "90a42ad7401af5813da45f3c58188ec5b44fd221664ec2e12ecf6ac2f3536c0a",
             "Created": "2026-11-24T23:18:35.777364256Z", "Scope": "local", "Driver": "bridge",
             "EnableIPv6": True, "Internal": True, "Labels": LABELS}]
    df = F.networks(nets)
    assert list(df.columns) == ["network_id", "name", "driver", "scope", "created", "internal",
                                "ipv6", "labels"]
    assert list(df["network_id"]) == ["100c7d26de4f", "90a42ad7401a"]
    assert list(df["ipv6"]) == [False, True] and str(df["internal"].dtype) == "bool"
    assert str(df["created"].dtype) == TIME
    empty = F.networks([])
    assert list(empty.columns) == list(df.columns) and str(empty["ipv6"].dtype) == "bool"


# --- stats, top, changes ----------------------------------------------------------------------

def test_stats_cgroup_v1_formulas() -> None:
    sample = {
        "id": WEB_ID, "name": "/web",
        "cpu_stats": {"cpu_usage": {"total_usage": 400_000_000, "percpu_usage": [1, 2, 3, 4]},
                      "system_cpu_usage": 20_000_000_000},  # no online_cpus: count percpu
        "precpu_stats": {"cpu_usage": {"total_usage": 200_000_000},
                         "system_cpu_usage": 18_000_000_000},
        "memory_stats": {"usage": 100 * 2**20, "limit": 2 * 2**30,
                         "stats": {"cache": 10 * 2**20, "total_inactive_file": 4 * 2**20,
                                   "inactive_file": 1 * 2**20}},
        "networks": {"eth0": {"rx_bytes": 1000, "tx_bytes": 2000},
                     "eth1": {"rx_bytes": 500, "tx_bytes": 0}},
        "blkio_stats": {"io_service_bytes_recursive": [
            {"major": 8, "minor": 0, "op": "Read", "value": 4096},
            {"major": 8, "minor": 0, "op": "Write", "value": 8192},
            {"major": 8, "minor": 0, "op": "Sync", "value": 12288},
            {"major": 8, "minor": 0, "op": "Total", "value": 12288},
            {"major": 8, "minor": 16, "op": "Read", "value": 1000},
        ]},
        "pids_stats": {"current": 7},
    }
    row = F.stats_row(sample, "")
    assert list(row) == ["container_id", "name", "cpu_percent", "mem_usage", "mem_limit",
                         "mem_percent", "net_rx", "net_tx", "block_read", "block_write", "pids"]
    # (2e8 / 2e9) * 4 cpus * 100
    assert row["cpu_percent"] == pytest.approx(40.0)
    # usage - total_inactive_file: 100 MiB - 4 MiB
    assert row["mem_usage"] == 96 * 2**20
    assert row["mem_limit"] == 2 * 2**30
    assert row["mem_percent"] == pytest.approx(96 / 2048 * 100)
    assert (row["net_rx"], row["net_tx"]) == (1500, 2000)
    assert (row["block_read"], row["block_write"]) == (5096, 8192)
    assert row["pids"] == 7
    assert (row["container_id"], row["name"]) == (WEB_ID[:12], "web")
    assert F.stats_row(sample, "given")["name"] == "given"


def test_stats_cgroup_v2_formulas() -> None:
    sample = {
        "id": WEB_ID, "name": "/web",
        "cpu_stats": {"cpu_usage": {"total_usage": 1_500_000}, "system_cpu_usage": 3_000_000_000,
                      "online_cpus": 8},
        "precpu_stats": {"cpu_usage": {"total_usage": 500_000}, "system_cpu_usage": 1_000_000_000,
                         "online_cpus": 8},
        "memory_stats": {"usage": 50_000_000, "limit": 9223372036854771712,
                         "stats": {"anon": 30_000_000, "file": 15_000_000,
                                   "inactive_file": 10_000_000, "active_file": 5_000_000}},
        "blkio_stats": {"io_service_bytes_recursive": [
            {"major": 254, "minor": 0, "op": "read", "value": 300},
            {"major": 254, "minor": 0, "op": "write", "value": 700}]},
        "pids_stats": {"current": 3, "limit": 4096},
    }
    row = F.stats_row(sample, "web")
    assert row["cpu_percent"] == pytest.approx(1_000_000 / 2_000_000_000 * 8 * 100)  # 0.4 %
    assert row["mem_usage"] == 40_000_000  # usage - inactive_file
    assert row["mem_percent"] == pytest.approx(40_000_000 / 9223372036854771712 * 100)
    assert (row["block_read"], row["block_write"]) == (300, 700)
    assert (row["net_rx"], row["net_tx"]) == (0, 0)


def test_stats_frame_from_captured_samples() -> None:
    df = F.stats([F.stats_row(STATS_V1_IDLE, ""), F.stats_row(STATS_STOPPED, "")])
    assert list(df["name"]) == ["jdt-frames-web", "jdt-frames-stopped"]
    web, stopped = df.iloc[0], df.iloc[1]
    assert web["cpu_percent"] == 0.0  # no CPU used between the two reads
    assert web["mem_usage"] == 503808 - 4096
    assert web["mem_percent"] == pytest.approx(499712 / 25276502016 * 100)
    assert (web["net_rx"], web["pids"]) == (736, 1)
    assert (stopped["mem_usage"], stopped["mem_limit"], stopped["mem_percent"],
            stopped["pids"]) == (0, 0, 0.0, 0)
    for col in ("mem_usage", "mem_limit", "net_rx", "block_write", "pids"):
        assert str(df[col].dtype) == "int64"
    assert str(df["cpu_percent"].dtype) == "float64"
    h = hints(df)
    assert h["binary_sizes"] == ["mem_usage", "mem_limit"]
    assert h["sizes"] == ["net_rx", "net_tx", "block_read", "block_write"]
    assert h["percents"] == ["cpu_percent", "mem_percent"]
    shown = humanized(df)
    assert shown["mem_usage"].iloc[0] == "488KiB" and shown["net_rx"].iloc[0] == "736B"
    empty = F.stats([])
    assert list(empty.columns) == list(df.columns) and str(empty["mem_usage"].dtype) == "int64"


def test_top_and_changes() -> None:
    data = {"Titles": ["UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD"],
            "Processes": [["root", "8205", "8185", "0", "23:18", "?", "00:00:00", "sleep 3600"]]}
    df = F.top(data)
    assert list(df.columns) == data["Titles"]
    assert df["CMD"].iloc[0] == "sleep 3600" and df["PID"].iloc[0] == "8205"
    empty = F.top({"Titles": ["PID", "CMD"], "Processes": None})
    assert list(empty.columns) == ["PID", "CMD"] and len(empty) == 0

    ch = F.changes([{"Path": "/newfile", "Kind": 1}, {"Path": "/data", "Kind": 0},
                    {"Path": "/one", "Kind": 2}])
    assert list(ch.columns) == ["kind", "path"]
    assert list(ch["kind"]) == ["A", "C", "D"]
    assert list(F.changes(None).columns) == ["kind", "path"]


# --- system df --------------------------------------------------------------------------------

def test_system_df_summary_reclaimable_like_the_cli() -> None:
    tables = F.system_df(SYSTEM_DF)
    assert list(tables) == ["summary"]
    df = tables["summary"]
    assert list(df.columns) == ["type", "total", "active", "size", "reclaimable",
                                "reclaimable_percent"]
    assert list(df["type"]) == ["Images", "Containers", "Local Volumes", "Build Cache"]
    rows = {r["type"]: r for r in df.to_dict("records")}
    # `docker system df` printed: Images 2 1 2.282MB 1.982MB (86%)
    # used by containers: Size - SharedSize = 2282302 - 1982298 = 300004
    img = rows["Images"]
    assert (img["total"], img["active"], img["size"]) == (2, 1, 2282302)
    assert img["reclaimable"] == 2282302 - 300004
    assert int(img["reclaimable_percent"]) == 86
    ctr = rows["Containers"]  # only the created (not running) one is reclaimable: SizeRw 0
    assert (ctr["total"], ctr["active"], ctr["size"], ctr["reclaimable"]) == (2, 1, 12, 0)
    vol = rows["Local Volumes"]  # the -1 size is unknown, not counted
    assert (vol["total"], vol["active"], vol["size"], vol["reclaimable"]) == (3, 1, 1006, 1000)
    assert vol["reclaimable_percent"] == pytest.approx(1000 * 100 / 1006)
    bc = rows["Build Cache"]
    assert (bc["total"], bc["active"], bc["size"], bc["reclaimable"]) == (0, 0, 0, 0)
    assert math.isnan(bc["reclaimable_percent"])
    for col in ("total", "active", "size", "reclaimable"):
        assert str(df[col].dtype) == "int64"
    assert hints(df)["sizes"] == ["size", "reclaimable"]


def test_system_df_build_cache_and_verbose() -> None:
    cache = [
        {"ID": "k5pt6q5w1bq5bjbwk5nq4d1xh", "Parents": None, "Type": "regular",
         "Description": "mount / from exec /bin/sh -c apk add curl", "InUse": False,
         "Shared": False, "Size": 1000, "CreatedAt": "2026-11-20T10:00:00Z",
         "LastUsedAt": "2026-11-21T10:00:00Z", "UsageCount": 2},
        {"ID": "a1b2c3d4e5f6g7h8i9j0k1l2m", "Parents": None, "Type": "source.local",
         "Description": "local source for context", "InUse": True, "Shared": False,
         "Size": 300, "CreatedAt": "2026-11-20T10:00:00Z", "LastUsedAt": None, "UsageCount": 1},
        {"ID": "zzzzzzzzzzzzzzzzzzzzzzzzz", "Parents": None, "Type": "regular",
         "Description": "pulled from docker.io/library/alpine", "InUse": False, "Shared": True,
         "Size": 5000, "CreatedAt": "2026-11-19T10:00:00Z",
         "LastUsedAt": "2026-11-19T11:00:00Z", "UsageCount": 1},
    ]
    tables = F.system_df({**SYSTEM_DF, "BuildCache": cache}, verbose=True)
    assert list(tables) == ["summary", "images", "containers", "volumes", "build_cache"]
    bc = tables["summary"].set_index("type").loc["Build Cache"]
    # size counts non-shared records; reclaimable = size - (in use and not shared)
    assert (bc["total"], bc["active"], bc["size"], bc["reclaimable"]) == (3, 1, 1300, 1000)

    images = tables["images"]  # one row per image, its first tag
    assert list(zip(images["repository"], images["tag"])) == [("jdt-frames", "v1"),
                                                              ("jdtest/busybox", "latest")]
    assert list(images["unique_size"]) == [300004, 0]
    assert list(images["shared_size"]) == [1982298, 1982298]
    assert list(images["containers"]) == [2, 0]

    ctrs = tables["containers"]
    assert list(ctrs.columns) == ["container_id", "image", "command", "local_volumes", "size",
                                  "created", "status", "names"]
    assert list(ctrs["local_volumes"]) == [0, 1] and list(ctrs["size"]) == [0, 12]

    vols = tables["volumes"]
    assert list(vols.columns) == ["volume_name", "links", "size"]
    assert list(vols["links"]) == [1, 0, 0] and pd.isna(vols["size"].iloc[2])

    build = tables["build_cache"]  # never used first, then least recently used
    assert list(build["cache_id"]) == ["a1b2c3d4e5f6", "zzzzzzzzzzzz", "k5pt6q5w1bq5"]
    assert list(build["in_use"]) == [True, False, False]
    assert pd.isna(build["last_used"].iloc[0]) and str(build["last_used"].dtype) == TIME


def test_system_df_empty_engine() -> None:
    tables = F.system_df({"LayersSize": 0, "Images": [], "Containers": [], "Volumes": None,
                          "BuildCache": None}, verbose=True)
    summary = tables["summary"]
    assert list(summary["total"]) == [0, 0, 0, 0] and list(summary["reclaimable"]) == [0] * 4
    for name in ("images", "containers", "volumes", "build_cache"):
        assert len(tables[name]) == 0 and len(tables[name].columns) > 0
    assert str(tables["images"]["created"].dtype) == TIME
