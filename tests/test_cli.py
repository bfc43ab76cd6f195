"""The CLI-style parser: pflag rules, argument counts, one-line usage errors."""

import pytest

from jupyter_docker.cli import bind_python, parse
from jupyter_docker.commands import REGISTRY
from jupyter_docker.errors import UsageError


def values(line: str) -> dict:
    return parse(line.split()).values


def test_combined_short_flags() -> None:
    v = values("ps -aq")
    assert v["all"] is True and v["quiet"] is True and v["size"] is False


def test_short_flag_values_attached_separate_and_equals() -> None:
    assert values("ps -n5")["last"] == 5
    assert values("ps -n 5")["last"] == 5
    assert values("ps -n=5")["last"] == 5
    assert values("ps --last=7")["last"] == 7
    assert values("ps --last 7")["last"] == 7
    assert values("ps -an3") == {**values("ps -a -n 3")}


def test_repeated_list_flags_accumulate_in_order() -> None:
    v = values("ps --filter status=exited -f label=a=b --filter=name=web")
    assert v["filter"] == ["status=exited", "label=a=b", "name=web"]


def test_bool_flag_explicit_false() -> None:
    assert values("ps --all=false")["all"] is False
    assert values("history --human=false x")["human"] is False
    assert values("history x")["human"] is True


def test_management_forms_resolve_to_the_same_command() -> None:
    assert parse(["container", "ls", "-a"]).command is REGISTRY.names["ps"]
    assert parse(["image", "ls"]).command is REGISTRY.names["images"]
    assert parse(["container", "inspect", "x"]).command.name == "container inspect"


def test_global_flags_before_the_command() -> None:
    inv = parse(["-H", "unix:///tmp/x.sock", "ps"])
    assert inv.host == "unix:///tmp/x.sock" and inv.command.name == "ps"
    inv = parse(["--context=other", "images"])
    assert inv.context == "other"


def test_interspersed_flags_after_positionals() -> None:
    inv = parse(["inspect", "a", "--type", "container", "b"])
    assert inv.values["name"] == ["a", "b"] and inv.values["type"] == "container"


def test_double_dash_ends_flags() -> None:
    assert parse(["inspect", "--", "-weird"]).values["name"] == ["-weird"]


@pytest.mark.parametrize("line, message", [
    ("ps --bogus", "unknown flag: --bogus"),
    ("ps -z", "unknown shorthand flag: 'z' in -z"),
    ("ps -n", "flag needs an argument: 'n' in -n"),
    ("ps --last", "flag needs an argument: --last"),
    ("ps -n x", 'invalid argument "x" for "-n, --last" flag: strconv.ParseInt: parsing "x": invalid syntax'),
    ("history", '"docker history" requires exactly 1 argument.'),
    ("history a b", '"docker history" requires exactly 1 argument.'),
    ("inspect", '"docker inspect" requires at least 1 argument.'),
    ("images a b", '"docker images" requires at most 1 argument.'),
    ("inspect --type pod x", 'expected one of container, image, volume, network'),
    ("frobnicate", "unknown command: docker frobnicate (see '%docker help')"),
    ("container frob", "unknown command: docker container frob (see '%docker container --help')"),
    # the CLI's line, and the closest spelling the command table knows
    ("psa", "unknown command: docker psa, did you mean ps? (see '%docker help')"),
    ("container lss", "unknown command: docker container lss, did you mean ls?"),
    ("run --detatch busybox", "unknown flag: --detatch, did you mean --detach? "
                              "(see '%docker run --help')"),
    ("ps --al", "unknown flag: --al, did you mean --all?"),
])
def test_usage_errors_are_one_line(line: str, message: str) -> None:
    with pytest.raises(UsageError) as err:
        parse(line.split())
    rendered = err.value._render_traceback_()
    assert len(rendered) == 1 and "\n" not in rendered[0]
    assert message in rendered[0] and rendered[0].startswith("docker: ")


def test_help_requests() -> None:
    assert parse(["ps", "--help"]).help
    assert parse([]).help
    inv = parse(["help", "container", "ls"])
    assert inv.help and inv.command is REGISTRY.names["ps"]
    assert parse(["container"]).help


def test_python_binding_accepts_natural_values() -> None:
    ps = REGISTRY.names["ps"]
    v = bind_python(ps, (), {"all": True, "filter": {"status": "exited"}, "last": 2})
    assert v["all"] is True and v["filter"] == ["status=exited"] and v["last"] == 2
    inspect = REGISTRY.names["inspect"]
    assert bind_python(inspect, ("a", "b"), {})["name"] == ["a", "b"]
    assert bind_python(inspect, (["a", "b"],), {})["name"] == ["a", "b"]  # a list spreads
    run = REGISTRY.names["run"]
    assert bind_python(run, ("img", ["sleep", "30"]), {})["command"] == ["sleep", "30"]
    with pytest.raises(UsageError, match="unknown option: bogus"):
        bind_python(ps, (), {"bogus": 1})
    with pytest.raises(UsageError, match="requires exactly 1 argument"):
        bind_python(REGISTRY.names["history"], (), {})


def test_every_command_is_well_formed() -> None:
    for name, cmd in REGISTRY.names.items():
        dests = [o.dest for o in cmd.options] + [a.dest for a in cmd.arguments]
        assert len(dests) == len(set(dests)), name
        assert all(d.isidentifier() for d in dests), name
        assert cmd.summary, name


def test_a_flag_spelled_twice_in_one_command_is_refused_at_definition() -> None:
    from jupyter_docker.commands.spec import Command, Registry, flag, value

    twice = Command(name="x prune", summary="", run=lambda engine: None,
                    options=(value("-f", "--filter"), flag("-f", "--force")))
    with pytest.raises(ValueError, match="docker x prune: flag defined twice: -f"):
        Registry().add(twice)


def test_prune_commands_take_f_as_force_and_filter_long_only() -> None:
    for name in ("container prune", "image prune", "volume prune", "network prune",
                 "system prune", "builder prune"):
        v = parse([*name.split(), "-f", "--filter", "label=a=b"]).values
        assert v["force"] is True and v["filter"] == ["label=a=b"], name


def test_detach_keys_are_accepted_where_the_cli_takes_them() -> None:
    """A notebook has no terminal to detach from (the interrupt does it), but a line copied
    from the CLI (`run -it --detach-keys ctrl-x ...`) must not fail on the flag."""
    for line in ("run -d --detach-keys ctrl-x img",
                 "exec --detach-keys ctrl-x web ls", "start -a --detach-keys ctrl-x web",
                 "attach --detach-keys ctrl-x web"):
        assert parse(line.split()).values["detach_keys"] == "ctrl-x", line
    for line in ("create --detach-keys ctrl-x img", "create -d img"):  # not create's (CLI 28)
        with pytest.raises(UsageError, match="unknown"):
            parse(line.split())
    with pytest.raises(UsageError, match=r"Invalid detach keys \(ctrl-\) provided"):
        parse("run --detach-keys ctrl- img".split())


def test_an_argument_may_not_take_the_python_api_s_engine_keywords() -> None:
    from jupyter_docker.commands.spec import Argument, Command, Registry

    clash = Command(name="context use", summary="", run=lambda engine, context: None,
                    arguments=(Argument("CONTEXT"),))
    with pytest.raises(ValueError, match="context is the Python API's engine keyword"):
        Registry().add(clash)
