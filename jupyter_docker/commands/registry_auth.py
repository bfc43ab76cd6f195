"""`login` and `logout`: registry credentials, shared with the docker CLI.

The password never reaches the cell output. Without `-p` it is asked with a hidden prompt
(`getpass`, which Jupyter draws as a password box). With `-p` it works but warns like the CLI,
and the password is masked in this session's input history (`history_scrub`).
"""

from __future__ import annotations

import sys

from ..engine.credentials import lookup, remove, save, server_key, stored_username
from ..display import DoneText, Text
from ..engine import Engine
from ..errors import DockerError, UsageError
from ..notice import warning
from ..progress import widget_frontend
from .spec import Argument, command, flag, value

SERVER = Argument("SERVER", "?")
PASSWORD_WARNING = "WARNING! Using --password via the CLI is insecure. Use --password-stdin."


@command("login", "Log in to a registry (Docker Hub if no server is given)",
         options=(value("-p", "--password", metavar="string", help="Password"),
                  flag("--password-stdin", help="Take the password from stdin"),
                  value("-u", "--username", metavar="string", help="Username")),
         arguments=(SERVER,))
def login(engine: Engine, server: str | None = None, username: str | None = None,
          password: str | None = None, password_stdin: bool = False) -> Text:
    """Check the credentials with the engine, then store them where the docker CLI does."""
    if password is not None:
        _warn_about_password(password)
    if password is not None and password_stdin:
        raise UsageError("--password and --password-stdin are mutually exclusive",
                         command="login")
    if password_stdin:
        if not username:
            raise UsageError("Must provide --username with --password-stdin", command="login")
        password = _read_stdin()
    key = server_key(server)
    if not username and password is None:
        stored = lookup(key)
        if stored and _try_stored(engine, key, stored):
            return DoneText("Login Succeeded")
    username = username or _ask_username(key)
    if password is None:
        password = _ask_password()
    if not password:
        raise DockerError("Error: Password Required")
    token = _check(engine, key, username, password)
    where = save(key, username, password, token)
    if not where.startswith("docker-credential-"):
        warning(f"WARNING! Your password will be stored unencrypted in {where}.\n"
                "Configure a credential helper to remove this warning. See\n"
                "https://docs.docker.com/engine/reference/commandline/login/#credentials-store")
    return DoneText("Login Succeeded")


def _warn_about_password(password: str) -> None:
    from ..history_scrub import scrub

    warning(PASSWORD_WARNING)
    if scrub(password) and widget_frontend():
        warning("The password was masked in this session's input history, but this cell's text "
                "still shows it: delete it there, or omit -p to be asked with a hidden prompt.")


def _read_stdin() -> str:
    if widget_frontend() or sys.stdin is None:
        raise DockerError("--password-stdin reads standard input, which a notebook cannot "
                          "feed: omit -p to be asked with a hidden prompt")
    return sys.stdin.read().rstrip("\r\n")


def _ask_username(key: str) -> str:
    known = stored_username(key)
    prompt = f"Username ({known}): " if known else "Username: "
    try:
        answer = input(prompt).strip()
    except Exception:  # noqa: BLE001 - no stdin here (nbclient, scripts)
        raise DockerError("Error: Cannot perform an interactive login from a non TTY device: "
                          "give -u and --password-stdin") from None
    if not answer and not known:
        raise DockerError("Error: Non-null Username Required")
    return answer or str(known)


def _ask_password() -> str:
    import getpass  # looked up now: ipykernel replaces getpass.getpass while a cell runs

    try:
        return getpass.getpass("Password: ")
    except Exception:  # noqa: BLE001 - the frontend cannot ask (nbclient, no stdin)
        raise DockerError("Error: Cannot perform an interactive login from a non TTY device: "
                          "give -u and --password-stdin") from None


def _check(engine: Engine, key: str, username: str, password: str) -> str:
    """Ask the engine to log in to the registry; returns its identity token (often empty)."""
    api = engine.api
    body = {"username": username, "password": password, "serveraddress": key}
    answer = api._result(api._post_json(api._url("/auth"), data=body), json=True) or {}
    return answer.get("IdentityToken") or ""


def _try_stored(engine: Engine, key: str, stored: dict) -> bool:
    """Re-check a stored login, like the CLI's `Authenticating with existing credentials...`."""
    username = stored.get("username") or stored.get("Username") or ""
    secret = stored.get("password") or stored.get("Password") or ""
    if not username or not secret:
        return False
    print(f"Authenticating with existing credentials... [Username: {username}]")
    try:
        _check(engine, key, username, secret)
    except Exception:  # noqa: BLE001 - stale credentials: ask for new ones
        warning("Login did not succeed with the stored credentials")
        return False
    return True


@command("logout", "Log out from a registry (Docker Hub if no server is given)",
         arguments=(SERVER,))
def logout(engine: Engine, server: str | None = None) -> Text:
    """Remove the stored credentials for the registry (no engine needed)."""
    key = server_key(server)
    if not remove(key):
        return DoneText(f"Not logged in to {key}")
    return DoneText(f"Removing login credentials for {key}")
