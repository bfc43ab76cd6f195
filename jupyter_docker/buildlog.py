"""Reading a classic-builder log as it streams: the current step, the last good layer, failures.

The engine (20.10, API builds) sends text chunks: `Step 3/5 : RUN make`, ` ---> Running in
<container>`, the step's own output, ` ---> <image id>` when a step is done, and at the end an
`aux` message with the image id. When a step fails, the last ` ---> <id>` seen is the image of
the last step that worked: the place to start debugging (`docker run --rm -it <id> sh`). As
with the CLI, the failed step's container stays (exited) unless `--force-rm`, and that last
good layer stays as an untagged image: the failure block says both, and how to remove them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .errors import DockerError

STEP = re.compile(r"^Step (\d+)/(\d+) : (.*)$")
LAYER = re.compile(r"^ ---> ([0-9a-f]{12,64})\s*$")
RUNNING = re.compile(r"^ ---> Running in ([0-9a-f]{12,64})\s*$")
BUILT = re.compile(r"^Successfully built ([0-9a-f]{12,64})\s*$")
KEEP_LINES = 20  # lines of the failing step's output kept for a quiet build's failure report


class BuildFailed(DockerError):
    """A build stopped at a step: the step, the engine's message, the last good layer."""


@dataclass
class BuildLog:
    """Follows the build's text; `feed()` it every chunk, in order."""

    step: str = ""
    number: int = 0
    total: int = 0
    last_layer: str = ""
    container: str = ""  # the current step's container (` ---> Running in <id>`)
    image_id: str = ""
    step_output: list[str] = field(default_factory=list)
    _pending: str = ""

    def feed(self, chunk: str) -> list[tuple[int, int]]:
        """Take a chunk of text; returns the (number, total) of steps that began in it."""
        began = []
        self._pending += chunk
        *lines, self._pending = self._pending.split("\n")
        for line in lines:
            began.extend(self._line(line))
        return began

    def _line(self, line: str) -> list[tuple[int, int]]:
        step = STEP.match(line)
        if step:
            self.number, self.total = int(step.group(1)), int(step.group(2))
            self.step, self.step_output, self.container = line, [], ""
            return [(self.number, self.total)]
        layer = LAYER.match(line)
        built = BUILT.match(line)
        running = RUNNING.match(line)
        if running:
            self.container = running.group(1)
        elif layer:
            self.last_layer = layer.group(1)
        elif built:
            self.image_id = self.image_id or built.group(1)
        elif line.strip() and not line.startswith((" ---> ", "Removing intermediate")):
            self.step_output = [*self.step_output[-(KEEP_LINES - 1):], line]
        return []

    def finish(self) -> None:
        """The stream ended: a last line without a newline still counts."""
        if self._pending:
            self._line(self._pending)
            self._pending = ""

    def failure(self, message: str, *, show_output: bool = False, container: str = "",
                untagged: bool = False) -> BuildFailed:
        """One block: which step failed, with what message, where to debug from, and what
        the build left on the engine (`container`: the failed step's, if it is still there;
        `untagged`: the last good layer is an image without a tag)."""
        self.finish()
        lines = [f"build failed at {self.step}" if self.step else "build failed"]
        if show_output:
            lines.extend(f"  | {line}" for line in self.step_output)
        lines.append(f"  {message.strip()}")
        if self.last_layer and self.number > 1:
            lines.append(f"  last good layer: {self.last_layer} (the image before this step; "
                         f"debug from it: %docker run --rm -it {self.last_layer} sh)")
        if container:
            lines.append(f"  left behind: the failed step's container {container} (exited; "
                         f"%docker rm {container}; --force-rm leaves none)")
        if untagged and self.last_layer and self.number > 1:
            lines.append(f"  left behind: the last good layer, an untagged image (<none>); "
                         f"%docker rmi {self.last_layer} when done with it")
        return BuildFailed("\n".join(lines))
