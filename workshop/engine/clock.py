"""The server clock, in one place: reducers never read it; the engine stamps intents with it."""
import time


def now_ms() -> int:
    return int(time.time() * 1000)
