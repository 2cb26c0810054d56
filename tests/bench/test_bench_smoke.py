"""The benchmarks' code must not rot: run the fan-out scenario (real server and the bare floor) and
the vote burst with five phones against a real `workshop serve` process, the vote burst once more
on two processes (PostgreSQL, Redis, nginx), and the exports once each, and check what they count —
nothing lost, nothing duplicated, every client at the final version, 30 actions exported. No
timing checks: speed is measured by `python -m bench.run_all`, not asserted here."""
from __future__ import annotations

import asyncio
import shutil

import pytest
import services
import urllib3  # noqa: F401 - named in a warning filter

from bench import exports, fanout, votes


def test_fanout_with_five_phones_loses_and_duplicates_nothing():
    args = fanout.parser().parse_args(["--n", "5", "--mode", "eventlet", "--procs", "1", "--ideas-window", "1",
                                       "--dots-window", "1", "--timeout", "60"])
    out = asyncio.run(fanout.run(args))
    real = out["workshop"]
    assert real["intents"]["sent"] == real["intents"]["applied"] == 5 * (2 + 5) + 5  # ideas, dots, IC steps
    assert real["intents"]["rejected"] == 0 and real["intents"]["no_ack"] == 0
    assert real["exactly_once"]["lost"] == 0 and real["exactly_once"]["duplicated"] == 0
    assert real["exactly_once"]["ideas_in_state"] == 10 and real["exactly_once"]["dots_in_state"] == 25
    assert real["clients_at_final"] == real["clients"] == 7
    assert real["latency_ms"]["missing_pairs"] == 0
    assert real["state_bytes"]["participant"]["max"] > 0
    bare = out["bare"]
    assert bare["intents"]["applied"] == real["intents"]["applied"]
    assert bare["clients_at_final"] == bare["clients"] == 7
    assert out["ratio_to_bare"]["all"] is not None


def test_vote_burst_with_five_phones_counts_every_vote_once():
    args = votes.parser().parse_args(["--n", "5", "--mode", "eventlet", "--procs", "1", "--resend", "1.0"])
    out = asyncio.run(votes.run(args))
    assert out["votes_sent"] == out["acked_applied"] == out["counted_in_state"] == 5
    assert out["resends"] == out["resends_acked_duplicate"] == 5
    assert out["lost"] == 0 and out["duplicated"] == 0 and out["rejected"] == 0
    assert out["clients_at_final"] == out["clients"] == 7


@pytest.mark.filterwarnings("ignore::urllib3.exceptions.InsecureRequestWarning")  # nginx's throwaway cert
def test_vote_burst_on_two_processes_behind_nginx_counts_every_vote_once():
    services.need_postgres()
    services.need_redis()
    if not (shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin")):
        services.absent("nginx", "not installed (scripts/test.sh installs Debian's nginx-light)")
    args = votes.parser().parse_args(["--n", "5", "--mode", "gevent", "--setup", "2proc", "--procs", "1"])
    out = asyncio.run(votes.run(args))
    assert out["votes_sent"] == out["acked_applied"] == out["counted_in_state"] == 5
    assert out["lost"] == 0 and out["duplicated"] == 0 and out["rejected"] == 0
    assert out["clients_at_final"] == out["clients"] == 7
    stack = out["stack"]
    assert stack["processes"] == 2 and stack["database"] == "postgresql"
    # every socket (5 phones, the console, the board) went through nginx to one of the two processes
    assert sum(stack["connections_per_process"].values()) == 7 and len(stack["connections_per_process"]) <= 2


def test_exports_of_a_thirty_action_workshop_are_made_and_timed():
    out = exports.run(exports.parser().parse_args(["--repeat", "1"]))
    assert out["record"]["actions"] == 30
    assert set(out["ms"]) == {"pdf", "docx", "xlsx"} and all(len(t) == 1 for t in
                                                             (out["times_ms"][f] for f in ("pdf", "docx", "xlsx")))
    assert out["bytes"]["pdf"] > 10_000 and out["bytes"]["docx"] > 10_000 and out["bytes"]["xlsx"] > 3_000
