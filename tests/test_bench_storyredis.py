"""bench/storyredis.py on a small scale: it times both story indexes on the same articles, and
they make the same stories."""

from __future__ import annotations

import re

from bench.storyredis import main
from tests.redisserver import need_redis_server


def test_the_bench_times_both_indexes_and_they_make_the_same_stories(capsys) -> None:
    need_redis_server()
    assert main(["--stories", "6", "--repeat", "1"]) == 0
    printed = capsys.readouterr().out
    assert re.search(r"^sqlite +\d+\.\d+ ms per assignment", printed, re.M), printed
    assert re.search(r"^redis +\d+\.\d+ ms per assignment", printed, re.M), printed
    made = re.findall(r"clusters \[(\d+)\]", printed)
    assert len(made) == 2 and made[0] == made[1] and int(made[0]) > 1, printed
    assert "commands Redis ran per assignment" in printed
