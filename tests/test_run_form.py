"""The run form: the line it shows, the problems it flags, and its Run button on the engine."""

from __future__ import annotations

import pytest

import jupyter_docker as jd
from conftest import BASE_IMAGE, api_client


def test_form_builds_the_equivalent_line_and_flags_bad_input(ip, labels, unique) -> None:
    form = ip.run_line_magic("docker", f"run --form {BASE_IMAGE}")
    assert BASE_IMAGE in form.image.options  # the picker lists local images
    assert form.command_line == f"%docker run -d {BASE_IMAGE}" and not form.run_button.disabled
    form.name.value = f"{unique} web"
    form.ports.add_row("127.0.0.1:8080:80")
    form.env.add_row("GREETING=hi there")
    form.command.value = "sh -c 'echo $GREETING'"
    assert form.command_line == (f"%docker run -d --name '{unique} web' -p 127.0.0.1:8080:80 "
                                 f"-e 'GREETING=hi there' {BASE_IMAGE} sh -c 'echo $GREETING'")
    assert form.command_line in form.line.value.replace("&#x27;", "'")
    bad = form.ports.add_row("80:x")
    form.restart.value = "always"
    form.rm.value = True
    assert form.run_button.disabled
    assert "invalid port specification: '80:x'" in form.check()
    assert "--rm and --restart cannot be used together" in form.check()
    form.ports.remove_row(bad)
    assert len(form.ports.children) == 2  # the good row and the add button
    form.restart.value = ""
    assert form.check() == [] and not form.run_button.disabled
    # the menus say what "not given" means
    assert form.network.label == form.restart.label == "(default)"
    assert form.network.options[0] == form.restart.options[0] == ("(default)", "")


def test_run_button_starts_the_container_then_the_form_is_ready_for_another(
        ip, labels, unique) -> None:
    form = jd.run_form(BASE_IMAGE)
    form.name.value = f"{unique}-form"
    form.labels.add_row("jupyter-docker-test=1")
    form.labels.add_row(labels.split("--label ")[2].strip())
    form.command.value = "sleep 30"
    cid = form.run()
    info = api_client().inspect_container(f"{unique}-form")
    assert info["Id"] == cid and info["State"]["Running"]
    assert info["Config"]["Cmd"] == ["sleep", "30"]
    # ready again: the name just taken is replaced by a free one, and the form says what ran
    assert form.name.value == f"{unique}-form-2"
    assert form.check() == [] and not form.run_button.disabled
    assert f"✓ started container {unique}-form (the line below)" in form.ran.value
    assert f"--name is now <code>{unique}-form-2</code>" in form.ran.value
    form.name.value = f"{unique}-form"  # typed back: a taken name is still flagged
    assert form.check() == [f'the name "{unique}-form" is already in use by a container']
    assert form.run_button.disabled
    from jupyter_docker.widgets.log_viewer import LogViewer

    for viewer in list(LogViewer.live):
        if getattr(viewer, "container", None) == cid:
            viewer.stop()
            assert viewer.join()


def test_plain_run_still_needs_an_image(ip) -> None:
    with pytest.raises(jd.UsageError, match='"docker run" requires at least 1 argument'):
        ip.run_line_magic("docker", "run")


def test_an_attached_run_from_the_form_streams_its_output(ip, labels, unique, capfd) -> None:
    form = jd.run_form(BASE_IMAGE)
    form.detach.value = False
    form.rm.value = True
    form.name.value = f"{unique}-attached"
    for label in labels.split("--label ")[1:]:
        form.labels.add_row(label.strip())
    form.command.value = "sh -c 'echo from-the-form; exit 3'"
    assert form.command_line.startswith("%docker run --rm --name ")
    capfd.readouterr()
    code = form.run()
    assert code == 3  # the exit code, as `%docker run` returns it
    assert "from-the-form" in capfd.readouterr().out
    assert not api_client().containers(all=True, filters={"name": f"{unique}-attached"})
