"""TerminalSession: one TTY stream of the engine (`exec -it`, `attach`), bytes both ways.

The engine hijacks the HTTP connection of `exec start` (or `attach`) into a raw two-way stream (with a TTY
there is no multiplexing header). A reader thread forwards what the container writes to
`on_output`; `write` sends keys on the same socket; `resize` uses the engine's resize
endpoint. The stream ends when the shell exits or the engine's detach keys (Ctrl-P Ctrl-Q by
default) are typed; `on_end` then gets one line saying which. `close()` is the one place that
closes the socket; it is safe to call from any thread, any number of times. With a `Window`
(flow.py) the reader stops sending while the page has too much unwritten, so memory stays
bounded on both sides; it reads ahead (a FastForward, fastforward.py) only as far as it may
drop what the page would never show, else the container waits, as on a slow terminal.
"""

from __future__ import annotations

import select
import socket
import threading
from typing import Any, Callable

from ..engine import Engine
from . import hangup, keys
from .fastforward import FastForward
from .flow import Window

THREAD_PREFIX = "jupyter-docker-terminal"
CHUNK = 65536
BATCH = 1 << 20  # at most this much of what has already arrived goes out as one message
POLL = 0.5  # seconds between looks at the stop event while nothing arrives
PACE = 0.002  # seconds the reader rests after a flood-sized read (it lets the kernel's other
# threads have the GIL: a reader reading and scanning without a pause made a cell's `1+1`
# wait up to 0.5 s; the container's bytes wait in the socket meanwhile)
EXITED = 10.0  # seconds an ended stream's container gets to be seen exited
Why = str  # why a stream ended: "ended" (by itself), "keys" (detach keys typed), "button"


class ExecTarget:
    """`exec -it`: an exec made now (a wrong container or command fails the cell itself),
    marked in its environment so that closing its terminal can hang it up."""

    def __init__(self, engine: Engine, container: str, command: list[str],
                 detach_keys: str | None = None, environment: list[str] | None = None,
                 **exec_options: Any) -> None:
        self.engine, self.container = engine, container
        self.keys = keys.chosen(detach_keys)
        self.marker = hangup.new_marker()
        self.exec_id = engine.api.exec_create(container, command, stdin=True, stdout=True,
                                              stderr=True, tty=True, detach_keys=self.keys,
                                              environment=[*(environment or []), self.marker],
                                              **exec_options)["Id"]
        self.name = self.exec_id
        self.title = f"exec -it {container} {' '.join(command)}"
        self.killed = False  # the exec ended by a signal (set by end_line)

    def open(self) -> Any:
        return self.engine.api.exec_start(self.exec_id, tty=True, socket=True)

    def resize(self, rows: int, cols: int) -> None:
        self.engine.api.exec_resize(self.exec_id, height=rows, width=cols)

    def end_line(self, why: Why) -> str:
        from ..commands.container_exec import exit_code

        how = "Detach" if why == "button" else keys.said(self.keys)
        if self.engine.api.exec_inspect(self.exec_id).get("Running"):
            return f"detached from exec in {self.container} ({how}): it keeps running"
        code = exit_code(self.engine, self.exec_id)
        self.killed = code >= 128  # by a signal: its container may be on its way out
        if why == "keys":  # engine 20.10 ends an exec's shell on detach
            return (f"detached from exec in {self.container} ({how}): the engine "
                    f"ended the exec (exit code {code})")
        return f"exit code {code}"

    def release(self) -> None:
        """Nothing held beyond the stream."""

    def hang_up(self) -> str:
        """The terminal closed while the shell ran: end it (the engine would keep it). What
        happened, in words."""
        if hangup.hang_up(self.engine, self.container, self.exec_id, self.marker):
            return "its shell was hung up"
        return "its shell outlived SIGHUP (or its container is gone)"

    def abandon(self) -> str:
        """No view ever came: the exec was never started. What happened, in words."""
        return "the command was not started"


class AttachTarget:
    """`attach`: the TTY of a running container made with -it (the detach keys in effect)."""

    def __init__(self, engine: Engine, container: str, detach_keys: str | None = None) -> None:
        self.engine, self.container = engine, container
        self.keys = keys.chosen(detach_keys)
        self.name = self.label = container
        self.title = f"attach {container}"

    def open(self) -> Any:
        params = {"stdin": 1, "stdout": 1, "stderr": 1, "stream": 1, "detachKeys": self.keys}
        return self.engine.api.attach_socket(self.container, params=params)

    def resize(self, rows: int, cols: int) -> None:
        self.engine.api.resize(self.container, height=rows, width=cols)

    def end_line(self, why: Why) -> str:
        if why == "ended":  # the shell exited: its code once the engine recorded it
            code = self.exit_code()
            if code is not None:
                return f"exit code {code}"
        state = self.engine.api.inspect_container(self.container)["State"]
        if state.get("Running"):
            how = "Detach" if why == "button" else keys.said(self.keys)
            return f"detached from {self.label} ({how}): it keeps running"
        return f"exit code {state.get('ExitCode') or 0}"

    def exit_code(self) -> int | None:
        """The exit code once the container stopped (None: still running after EXITED s)."""
        try:
            return int(self.engine.api.wait(self.container, timeout=EXITED)["StatusCode"])
        except Exception as exc:  # noqa: BLE001 - still running: a timeout, said by the caller
            if "timed out" in str(exc).lower() or "timeout" in type(exc).__name__.lower():
                return None
            raise

    def release(self) -> None:
        """Nothing held beyond the stream."""

    def hang_up(self) -> str:
        """Nothing: the container runs on, as when the CLI's client goes away. In words."""
        return f"{self.label} keeps running"

    def abandon(self) -> str:
        """No view ever came: nothing was attached. What happened, in words."""
        return "nothing was attached"


class StartTarget(AttachTarget):
    """`start -ai`: attach first, then start (the first prompt is not lost)."""

    def __init__(self, engine: Engine, container: str, detach_keys: str | None = None) -> None:
        super().__init__(engine, container, detach_keys)
        self.title = f"start -ai {container}"

    def abandon(self) -> str:
        return "the container was not started"

    def open(self) -> Any:
        stream = super().open()
        try:
            self.engine.api.start(self.container)
        except BaseException:
            _close(stream)
            raise
        return stream


class RunTarget(StartTarget):
    """`run -it`: a created container; the session waits for its exit (or removal with
    --rm, the engine's AutoRemove, as the CLI), attaches, then starts it."""

    def __init__(self, engine: Engine, cid: str, label: str, rm: bool,
                 detach_keys: str | None = None, title: str = "") -> None:
        super().__init__(engine, cid, detach_keys)
        self.label, self.rm, self.title = label, rm, title or f"run -it {label}"
        self._wait: Any = None

    def open(self) -> Any:
        api = self.engine.api
        self._wait = api._post(api._url("/containers/{0}/wait", self.container), timeout=None,
                               stream=True,
                               params={"condition": "removed" if self.rm else "next-exit"})
        self._wait.raise_for_status()
        try:
            return super().open()
        except BaseException:
            self.release()
            if self.rm:
                try:
                    api.remove_container(self.container, force=True, v=True)
                except Exception:  # noqa: BLE001 - never hide the start's error
                    pass
            raise

    def exit_code(self) -> int | None:
        wait, self._wait = self._wait, None
        if wait is None:
            return None
        try:
            return int(wait.json()["StatusCode"])
        finally:
            wait.close()

    def end_line(self, why: Why) -> str:
        if why != "ended":  # detached: the container runs on (and --rm removes it later)
            self.release()
        return super().end_line(why)

    def release(self) -> None:
        wait, self._wait = self._wait, None
        if wait is not None:
            _close(wait)

    def abandon(self) -> str:
        """No view ever came: the container this cell created is removed, never started."""
        try:
            self.engine.api.remove_container(self.container, force=True, v=True)
        except Exception as exc:  # noqa: BLE001 - said in the line instead
            return f"the container {self.label} was not started (removing it failed: " \
                   f"{type(exc).__name__})"
        return f"the container {self.label} was not started and is removed"


def _removed(target: Any) -> bool:
    """Whether the stream ended because the container was removed (`rm -f` under it)."""
    from docker.errors import NotFound

    api = target.engine.api
    try:
        state = api.inspect_container(target.container)["State"]
        if state.get("Running") and getattr(target, "killed", False):
            try:  # an exec's process dies just before its container's does
                api.wait(target.container, timeout=2)
            except Exception:  # noqa: BLE001 - still running (or gone): asked again below
                pass
            state = api.inspect_container(target.container)["State"]
    except NotFound:
        return True
    return state.get("Status") in ("removing", "dead")


def _close(stream: Any) -> None:
    from ..streams.attached import close_stream

    try:
        close_stream(stream)
    except (OSError, ValueError):
        pass


Target = ExecTarget | AttachTarget


class TerminalSession:
    """A TTY stream of `target` (ExecTarget, AttachTarget), opened by `start()`."""

    def __init__(self, target: Target, on_output: Callable[[bytes], None],
                 on_end: Callable[[str], None], window: Window | None = None,
                 ahead: FastForward | None = None) -> None:
        self.target = target
        self.window = window
        self.ahead = FastForward(enabled=False) if ahead is None else ahead  # read, not sent
        self.on_output = on_output
        self.on_end = on_end
        self.stop = threading.Event()
        self._lock = threading.Lock()
        self._stream: Any = None
        self._sock: socket.socket | None = None
        self.thread: threading.Thread | None = None
        self.ended = ""
        self._typed = b""  # the last keys sent: were they the detach keys?
        self._detach = keys.as_bytes(target.keys)
        self._why: Why = ""  # "button" once detach() was asked

    @classmethod
    def exec(cls, engine: Engine, container: str, command: list[str],
             on_output: Callable[[bytes], None], on_end: Callable[[str], None],
             **exec_options: Any) -> "TerminalSession":
        return cls(ExecTarget(engine, container, command, **exec_options), on_output, on_end)

    def start(self, rows: int = 24, cols: int = 80) -> None:
        """Start the exec on a hijacked socket and its reader thread (once)."""
        with self._lock:
            if self._stream is not None or self.stop.is_set():
                return
            self._stream = self.target.open()
            self._sock = getattr(self._stream, "_sock", self._stream)
        self.resize(rows, cols)
        self.thread = threading.Thread(target=self._read, daemon=True,
                                       name=f"{THREAD_PREFIX}-{self.target.name[:12]}")
        self.thread.start()

    def _read(self) -> None:
        """Read the container's bytes into the fast-forward's buffer (ahead of the page, up to
        its LOOKAHEAD, when it is on), send them as the window allows, until the stream ends
        and all it said was sent."""
        ahead, ended = self.ahead, False
        try:
            while not self.stop.is_set():
                free = self.window.free() if self.window else BATCH
                if len(ahead) and free:
                    data = ahead.take(min(free, BATCH))
                    if self.window:
                        self.window.sending(len(data))
                    self.on_output(data)
                    continue
                if ended and not len(ahead):
                    break
                sock = self._sock
                if sock is None:
                    break
                limit = ahead.room() if ahead.enabled else (0 if len(ahead) else min(BATCH, free))
                waits = [sock] if limit and not ended else []
                wake = self.window.waker() if self.window and (len(ahead) or not free) else -1
                if wake >= 0:
                    waits.append(wake)  # the page's acknowledgement frees the window
                try:  # a bounded wait: the stop event is seen even if a shutdown is not
                    ready = select.select(waits, [], [], POLL)[0] if waits else []
                    if not waits:
                        self.stop.wait(POLL)
                    if wake in ready:
                        self.window.woken()
                    if sock not in ready:
                        continue
                    data = sock.recv(min(CHUNK, limit))
                except (OSError, ValueError):  # closed under us
                    break
                if not data:
                    ended = True
                    continue
                more, ended = self._already_there(len(data), limit)
                ahead.add(data + more if more else data)
                if more and len(data) + len(more) >= CHUNK:
                    self.stop.wait(PACE)
        finally:
            line = "" if self.stop.is_set() else self._end_line()
            stopped = self.stop.is_set()  # close() while the end line was asked
            try:
                self.close()
            finally:
                if self.window:
                    self.window.close()
                if not stopped:
                    self._finish(line)

    def _already_there(self, have: int, limit: int) -> tuple[bytes, bool]:
        """What else has arrived, without waiting, up to `limit` bytes in all (a burst such as
        `cat` of a big file goes out in a few large messages, not one per TTY read; the first
        bytes after a pause go out at once); and whether the stream ended."""
        parts: list[bytes] = []
        sock = self._sock
        while sock is not None and have < limit and select.select([sock], [], [], 0)[0]:
            try:
                data = sock.recv(min(CHUNK, limit - have))
            except (OSError, ValueError):
                return b"".join(parts), True
            if not data:
                return b"".join(parts), True
            parts.append(data)
            have += len(data)
        return b"".join(parts), False

    def _end_line(self) -> str:
        """Why the stream ended: the shell exited (its code) or the user detached."""
        why = self._why or ("keys" if self._typed.endswith(self._detach) else "ended")
        try:
            line = self.target.end_line(why)
            if why == "ended" and not getattr(self.target, "rm", False) and _removed(self.target):
                name = getattr(self.target, "label", self.target.container)
                return f"the container {name} was removed ({line})"
            return line
        except Exception as exc:  # noqa: BLE001 - the engine gone is one line, not a traceback
            from docker.errors import APIError

            if isinstance(exc, APIError):  # it answered: its words, as the CLI prints them
                from ..engine import translate

                return translate(exc, self.target.engine.target).line()
            return f"docker: the stream ended and the engine did not answer ({type(exc).__name__})"

    def _finish(self, line: str) -> None:
        self.ended = line
        self.on_end(line)

    def write(self, data: bytes) -> None:
        """Send keys to the TTY (dropped once the session ended)."""
        sock = self._sock
        if sock is None or self.stop.is_set():
            return
        self._typed = (self._typed + data)[-len(self._detach):]
        try:
            sock.sendall(data)
        except OSError:
            pass  # the reader sees the end and says why

    def detach(self) -> None:
        """The Detach button: end the client's stream, the container (or exec) runs on; the
        reader then says so. The engine has no detach request of its own, and on engine 20.10
        an exec's detach keys end its shell, so the stream is closed instead of typed."""
        sock = self._sock
        if sock is None or self.stop.is_set():
            return
        self._why = "button"
        if self.window:  # the reader must read on to see the end, acknowledged or not
            self.window.release()
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    def ack(self, offset: int) -> None:
        """The page has written the stream up to `offset` (flow control; no window: ignored)."""
        if self.window:
            self.window.ack(offset)

    def resize(self, rows: int, cols: int) -> None:
        """The TTY's size follows the terminal on the page (`stty size` agrees)."""
        if self._stream is None or self.stop.is_set() or rows < 1 or cols < 1:
            return
        try:
            self.target.resize(rows, cols)
        except Exception:  # noqa: BLE001 - the exec may have just ended; nothing to resize
            pass

    def close(self) -> None:
        """Stop reading and close the socket and its HTTP response (the one place that does)."""
        with self._lock:
            self.stop.set()
            stream, self._stream, self._sock = self._stream, None, None
        if self.window:
            self.window.release()
        self.target.release()
        if stream is None:
            return
        raw = getattr(stream, "_sock", stream)
        try:
            raw.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        _close(stream)  # already shut down: its buffered writer cannot flush, said nothing
        try:
            raw.close()
        except OSError:
            pass
