"""What a test needs to know about the processes a run started: which they are, whether they live."""

from __future__ import annotations

from pathlib import Path


def descendants(pid: int) -> set[int]:
    found, todo = set(), [pid]
    while todo:
        parent = todo.pop()
        for task in Path(f"/proc/{parent}/task").glob("*"):
            children = (task / "children").read_text().split() if (task / "children").exists() else []
            for child in map(int, children):
                if child not in found:
                    found.add(child)
                    todo.append(child)
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def survivors(children: set[int], wait: float = 20.0) -> list[bytes]:
    """The command lines of ``children`` still alive after up to ``wait`` seconds."""
    import time

    deadline = time.monotonic() + wait
    while any(alive(c) for c in children) and time.monotonic() < deadline:
        time.sleep(0.2)
    return [Path(f"/proc/{c}/cmdline").read_bytes().replace(b"\0", b" ")[:120] for c in children if alive(c)]
