"""Errors a user can cause. Each renders as one line in IPython, never a traceback."""

from __future__ import annotations


class DockerError(Exception):
    """A failure the user caused or the engine reported; shown as `docker: <message>`."""

    prefix = "docker: "

    def __init__(self, message: str, *, status: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.status = status

    def __str__(self) -> str:
        return self.message

    def line(self) -> str:
        return f"{self.prefix}{self.message}"

    def _render_traceback_(self) -> list[str]:
        """IPython shows these lines instead of a traceback."""
        return [self.line()]


class UsageError(DockerError):
    """Bad command line: unknown command or flag, missing or extra argument."""

    def __init__(self, message: str, *, command: str = "") -> None:
        super().__init__(message, status=125)
        self.reason, self.command = message, command
        self.about(command)

    def about(self, command: str) -> "UsageError":
        """Point the hint at this command's help (an executor's error may not know its name)."""
        self.command = command
        where = f"docker {command} --help" if command else "docker help"
        self.message = f"{self.reason} (see '%{where}')"
        self.args = (self.message,)
        return self


class EngineUnreachable(DockerError):
    """No engine answered at the address we tried."""


class NotFound(DockerError):
    """The engine has no such object (container, image, volume, network)."""


class APIError(DockerError):
    """The engine refused the request; carries its own message."""


class ExitStatus(DockerError):
    """A container or exec ended with a non-zero exit code."""

    def __init__(self, message: str, code: int) -> None:
        super().__init__(message, status=code)
        self.code = code
