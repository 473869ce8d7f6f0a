"""Stand-ins for hostile parses, importable without Django by the parsing process."""

import time


def sleep_then_answer(seconds):
    time.sleep(seconds)
    return "done"


def allocate(mb):
    return len(bytearray(mb * 1024 * 1024))
