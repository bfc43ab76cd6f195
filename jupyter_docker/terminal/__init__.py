"""A live terminal in the cell's output: an exec's or a container's TTY over the engine's
hijacked socket (session.py), drawn by xterm.js in an anywidget (widget.py, terminal.js)."""
