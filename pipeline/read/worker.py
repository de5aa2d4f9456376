"""One reader call in a child process: what `limits.run_limited` uses off the main thread,
where no signal can interrupt a parser, so that a reader that overruns its time limit is
killed with its process instead of being left running.

Protocol: stdin holds a pickle of (the caller's `sys.path`, a pickle of (function, args));
stdout gets a pickle of ("ok", value), ("error", exception) or ("failed", type name,
message) when the exception itself cannot be pickled. The function is pickled by
reference, so it must be importable by name in the child (reader functions are).
"""

from __future__ import annotations

import copyreg
import io
import os
import pickle
import signal
import sys
from dataclasses import fields
from operator import attrgetter

from schemas.document import Location

_LOCATION_FIELDS = attrgetter(*(f.name for f in fields(Location)))


def _reduce_location(location: Location) -> tuple:
    """A Location as its field values: pickles and unpickles several times faster than a
    frozen dataclass's own state, and a read file has one per character."""
    return Location, _LOCATION_FIELDS(location)


def dumps(value: object) -> bytes:
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = copyreg.dispatch_table.copy()
    pickler.dispatch_table[Location] = _reduce_location
    pickler.dump(value)
    return buffer.getvalue()


def _stop(signum, frame) -> None:
    """SIGTERM from the caller: unwind, so a reader's own `finally` (a LibreOffice
    conversion killing its process group) still runs."""
    raise SystemExit(1)


def main() -> None:
    result_file = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # whatever a library prints goes to stderr, never into the result
    signal.signal(signal.SIGTERM, _stop)
    path, call = pickle.load(sys.stdin.buffer)
    sys.path[:] = path
    try:
        fn, args = pickle.loads(call)
        result = dumps(("ok", fn(*args)))
    except Exception as error:  # handed to the caller, which decides what it means
        try:
            result = dumps(("error", error))
            pickle.loads(result)  # some exceptions pickle but cannot be rebuilt
        except Exception:  # then their name and message
            result = dumps(("failed", type(error).__name__, str(error)))
    result_file.write(result)
    result_file.close()


if __name__ == "__main__":
    main()
