"""The Go-template subset used by --format / inspect -f."""

import pytest

from jupyter_docker.gotemplate import GoTime, TemplateError, render

C = {
    "Name": "/web", "Id": "abc",
    "State": {"Status": "running", "Running": True, "ExitCode": 0},
    "Config": {"Image": "busybox", "Env": ["A=1", "B=2"], "Cmd": ["sh", "-c", "x"],
               "Labels": {"com.example.x": "y"}},
    "NetworkSettings": {"Networks": {"bridge": {"IPAddress": "172.17.0.2"}},
                        "Ports": {"80/tcp": [{"HostIp": "0.0.0.0", "HostPort": "8080"}]}},
    "Mounts": [1, 2],
    "HostConfig": {"PortBindings": {"7890/tcp": [{"HostIp": "127.0.0.1", "HostPort": "28431"}]},
                   "CapAdd": None},
    "Created": GoTime("2026-12-01T20:56:46.354141041Z"),
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
    ("{{.HostConfig.PortBindings}}", "map[7890/tcp:[{127.0.0.1 28431}]]"),
    ("{{.HostConfig.CapAdd}}", "[]"),
    ("{{.State}}", "{running true false false false false 0 0    <nil>}"),  # all its fields
    ("{{.Created}}", "2026-12-01 20:56:46.354141041 +0000 UTC"),
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


def test_missing_map_key_is_no_value() -> None:  # a typed map's missing key, as the CLI
    assert render("{{.Config.Labels.nope}}", C) == "<no value>"


@pytest.mark.parametrize("template, message", [  # the CLI's words (docker 28.2, inspect -f)
    ("{{.Nope}}", 'template: :1:2: executing "" at <.Nope>: map has no entry for key "Nope"'),
    ("x\n {{.State.Nope}}",
     'template: :2:9: executing "" at <.State.Nope>: map has no entry for key "Nope"'),
])
def test_missing_key_is_the_clis_error(template: str, message: str) -> None:
    with pytest.raises(TemplateError) as exc:
        render(template, C)
    assert str(exc.value) == message


def test_tabwriter_aligns_as_go() -> None:
    from jupyter_docker.tabwriter import tabwrite

    text = "NAMES\tSTATUS\nweb\tUp 3 seconds\na-much-longer-name\tUp\n"
    assert tabwrite(text) == ("NAMES                STATUS\nweb                  Up 3 seconds\n"
                              "a-much-longer-name   Up\n")
    assert tabwrite("a\tb\tc\nxx\ty\n") == "a         b         c\nxx        y\n"


def test_a_nil_slice_or_map_prints_empty_but_marshals_as_null() -> None:
    """As Go (and the CLI, checked on an imported image: `Env=null`): a JSON null under a
    slice or map field prints `[]` / `map[]`, while `json` marshals it as `null`."""
    image = {"Config": {"Env": None, "Labels": None, "Cmd": ["/bin/sh"]}}
    assert render("{{.Config.Env}} {{.Config.Labels}} {{len .Config.Env}}", image) == "[] map[] 0"
    assert render("{{json .Config.Env}} {{json .Config.Labels}} {{json .Config.Cmd}}", image) == \
        'null null ["/bin/sh"]'
    assert render("{{json .Config}}", {"Config": {"Env": None}}) == '{"Env":null}'
