"""The arithmetic of `python -m bench turn_profile`, apart from any server."""

from __future__ import annotations

import os
import subprocess
import sys
import time

from bench.turn_profile import Script, composition, tree_cpu_seconds


def test_composition_counts_slots_by_name_biggest_first() -> None:
    events = [
        {"event": "user", "text": "a red t-shirt please", "parse_data": {}},
        {"event": "slot", "name": "color", "value": "red"},
        {"event": "slot", "name": "color", "value": None},
        {"event": "action", "name": "action_listen"},
    ]
    made = composition(events)
    assert made["events"] == 4
    kinds = {kind["kind"]: kind["events"] for kind in made["by_kind"]}
    assert kinds == {"user": 1, "slot color": 2, "action": 1}
    sizes = [kind["bytes"] for kind in made["by_kind"]]
    assert sizes == sorted(sizes, reverse=True) and sum(sizes) == made["bytes"]


def test_a_childs_cpu_counts_in_its_parents_tree() -> None:
    busy = "import time\nend = time.process_time() + 0.3\nwhile time.process_time() < end: pass"
    child = subprocess.Popen([sys.executable, "-c", busy + "\ntime.sleep(30)"])
    try:
        time.sleep(2)  # the child has burnt its CPU by now and sleeps
        assert tree_cpu_seconds(child.pid) >= 0.25
        # This process's own figure would not count it; its tree does (10 ms clock ticks).
        assert tree_cpu_seconds(os.getpid()) >= time.process_time() + 0.2
    finally:
        child.kill()
        child.wait()


def test_the_loop_follows_the_bots_buttons() -> None:
    script = Script()
    details = [{"buttons": [{"payload": '/product_details{"sku": "A"}'}]}]
    assert script.message(3, details) == '/product_details{"sku": "A"}'
    assert script.message(3, []) == "tell me more about the first one"
    assert script.message(5, []) == "show my cart"  # no size asked
    assert script.message(11, []) == script.message(1, [])
