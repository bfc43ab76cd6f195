"""The Go-template subset used by --format / inspect -f."""

import pytest

from jupyter_docker.gotemplate import TemplateError, render

C = {
    "Name": "/web", "Id": "abc",
    "State": {"Status": "running", "Running": True, "ExitCode": 0},
    "Config": {"Image": "busybox", "Env": ["A=1", "B=2"], "Cmd": ["sh", "-c", "x"],
               "Labels": {"com.example.x": "y"}},
    "NetworkSettings": {"Networks": {"bridge": {"IPAddress": "172.17.0.2"}},
                        "Ports": {"80/tcp": [{"HostIp": "0.0.0.0", "HostPort": "8080"}]}},
    "Mounts": [1, 2],
}


@pytest.mark.parametrize("template, expected", [
    ("{{.State.Status}}", "running"),
    ("{{json .Config.Labels}}", '{"com.example.x":"y"}'),
    ("{{.Config.Image}}", "busybox"),
    ("{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}", "172.17.0.2"),
    ("{{range $p, $conf := .NetworkSettings.Ports}}{{$p}} -> {{(index $conf 0).HostPort}}{{end}}",
     "80/tcp -> 8080"),
    ('{{index .Config.Labels "com.example.x"}}', "y"),
    ('{{join .Config.Cmd " "}}', "sh -c x"),
    ("{{.Name}} {{.State.Running}}", "/web true"),
    ("{{if .State.Running}}up{{else}}down{{end}}", "up"),
    ("{{if .State.ExitCode}}bad{{else if .State.Running}}ok{{else}}no{{end}}", "ok"),
    ("{{len .Mounts}}", "2"),
    ("{{.Name | upper}}", "/WEB"),
    ("{{.Config.Env}}", "[A=1 B=2]"),
    ("{{.Nope}}", "<no value>"),
    ("{{with .State}}{{.Status}}{{end}}", "running"),
    ("{{$x := .Id}}id={{$x}}", "id=abc"),
    ("{{range .Config.Env}}{{.}};{{end}}", "A=1;B=2;"),
    ("a {{- .Id -}} b", "aabcb"),
    ("{{eq .State.Status \"running\"}}", "true"),
])
def test_render(template: str, expected: str) -> None:
    assert render(template, C) == expected


@pytest.mark.parametrize("template", [
    "{{.State.Status", "{{end}}", "{{if .X}}open", "{{nosuch .X}}", "{{.Config.Image.Foo}}",
])
def test_errors(template: str) -> None:
    with pytest.raises(TemplateError):
        render(template, C)
