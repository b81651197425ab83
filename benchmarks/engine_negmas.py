"""NegMAS side of the engine benchmark — runs INSIDE the separate NegMAS venv.

NegMAS is AGPL-3.0: Accord never imports it. benchmarks/engine.py starts this script
with the NegMAS venv's interpreter, sends one JSON request on stdin and reads one JSON
answer on stdout. Tasks:

* ``frontier``  — Pareto frontier and Nash point(s) of given linear-additive domains;
* ``genius``    — NegMAS's own reading of Genius folders (weights, raw evaluations);
* ``pareto_timing`` — time NegMAS's frontier extraction on random utility points;
* ``simulate``  — negotiations/s of Boulware vs Conceder on 3 issues × 5 values;
* ``play``      — NegMAS opponents against an Accord agent that lives in the parent
  process: the proxy negotiator writes one JSON line per decision to stdout and reads
  the Accord agent's answer from stdin (outcomes travel as level indices). With
  ``native`` set, that NegMAS agent (e.g. ``AspirationNegotiator``) takes the Accord
  side instead, as the reference for the Accord agent's own utility.
"""

from __future__ import annotations

import json
import sys
import time
import warnings

import numpy as np

warnings.filterwarnings("ignore")


def _ufuns(domain):
    from negmas import make_issue
    from negmas.preferences import LinearAdditiveUtilityFunction as LUFun

    issues = [
        make_issue(values=list(labels), name=f"i{k}") for k, labels in enumerate(domain["issues"])
    ]
    ufuns = []
    for side in domain["sides"]:
        values = [
            dict(zip(labels, vals, strict=True))
            for labels, vals in zip(domain["issues"], side["values"], strict=True)
        ]
        ufuns.append(
            LUFun(
                values=values,
                weights=side["weights"],
                issues=issues,
                reserved_value=side["reservation"],
            )
        )
    return issues, ufuns


def frontier(req):
    from negmas.preferences.ops import nash_points, pareto_frontier

    out = []
    for domain in req["domains"]:
        issues, ufuns = _ufuns(domain)
        t0 = time.perf_counter()
        points, _ = pareto_frontier(ufuns, issues=issues, sort_by_welfare=True)
        elapsed = time.perf_counter() - t0
        nash = nash_points(ufuns, points, issues=issues)
        out.append(
            {
                "name": domain["name"],
                "frontier": [list(p) for p in points],
                "nash": [list(p) for p, _ in nash],
                "seconds": elapsed,
            }
        )
    return out


def genius(req):
    from negmas.inout import Scenario

    out = []
    for folder in req["folders"]:
        s = Scenario.from_genius_folder(folder, ignore_discount=True)
        sides = []
        for u in s.ufuns:
            sides.append(
                {
                    "weights": list(u.weights),
                    "values": [dict(getattr(v, "mapping", v)) for v in u.values],
                    "reserved": u.reserved_value,
                }
            )
        out.append(
            {"folder": folder, "issues": [i.name for i in s.outcome_space.issues], "sides": sides}
        )
    return out


def pareto_timing(req):
    from negmas.preferences.ops import pareto_frontier_numpy

    out = []
    for size in req["sizes"]:
        rng = np.random.default_rng(size)
        u1 = rng.random(size)
        u2 = np.clip(1.0 - u1 + 0.3 * rng.random(size), 0, None)
        pts = np.stack([u1, u2], axis=1)
        reps = 3 if size <= 100_000 else 1
        t0 = time.perf_counter()
        for _ in range(reps):
            front = pareto_frontier_numpy(pts)
        out.append(
            {"size": size, "seconds": (time.perf_counter() - t0) / reps, "points": len(front)}
        )
    return out


def simulate(req):
    from negmas import BoulwareTBNegotiator, ConcederTBNegotiator, SAOMechanism

    rng = np.random.default_rng(0)
    domains = []
    for _ in range(10):
        labels = [[f"v{j}" for j in range(5)] for _ in range(3)]
        sides = []
        for _ in range(2):
            w = rng.random(3)
            vals = [list(rng.random(5)) for _ in range(3)]
            sides.append({"weights": list(w / w.sum()), "values": vals, "reservation": 0.0})
        domains.append({"issues": labels, "sides": sides})
    built = [_ufuns(d) for d in domains]
    n = req["n"]
    agreed = 0
    t0 = time.perf_counter()
    for k in range(n):
        issues, (ua, ub) = built[k % len(built)]
        m = SAOMechanism(issues=issues, n_steps=req["rounds"])
        m.add(BoulwareTBNegotiator(name="a"), ufun=ua)
        m.add(ConcederTBNegotiator(name="b"), ufun=ub)
        state = m.run()
        agreed += state.agreement is not None
    elapsed = time.perf_counter() - t0
    return {"n": n, "seconds": elapsed, "per_second": n / elapsed, "agreed": agreed}


def _opponent(name):
    import negmas
    import negmas_genius_agents

    for module in (negmas, negmas_genius_agents):
        if hasattr(module, name):
            return getattr(module, name)
    raise ValueError(f"unknown NegMAS agent {name}")


def _ask(message):
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()
    return json.loads(sys.stdin.readline())


def play(req):
    from negmas import ResponseType, SAOMechanism
    from negmas.sao import SAONegotiator

    issues, ufuns = _ufuns(req["domain"])
    labels = req["domain"]["issues"]

    def to_levels(outcome):
        return [lab.index(v) for lab, v in zip(labels, outcome, strict=True)]

    def to_outcome(levels):
        return tuple(lab[i] for lab, i in zip(labels, levels, strict=True))

    class AccordProxy(SAONegotiator):
        pending = None

        def propose(self, state, dest=None):
            if self.pending is not None:
                out, self.pending = self.pending, None
                return to_outcome(out)
            ans = _ask({"op": "propose", "t": state.relative_time})
            return None if ans["walk"] else to_outcome(ans["levels"])

        def respond(self, state, source=None):
            offer = state.current_offer
            ans = _ask({"op": "respond", "t": state.relative_time, "offer": to_levels(offer)})
            if ans["accept"]:
                return ResponseType.ACCEPT_OFFER
            if ans["walk"]:
                return ResponseType.END_NEGOTIATION
            self.pending = ans["levels"]
            return ResponseType.REJECT_OFFER

    results = []
    native = req.get("native")  # a NegMAS agent plays the Accord side instead (reference)
    for name in req["opponents"]:
        m = SAOMechanism(issues=issues, n_steps=req["rounds"])
        accord_side = req["accord_side"]
        proxy = AccordProxy(name="accord") if native is None else _opponent(native)(name=native)
        other = _opponent(name)(name=name)
        pair = [(proxy, ufuns[accord_side]), (other, ufuns[1 - accord_side])]
        if accord_side == 1:
            pair.reverse()
        for neg, uf in pair:
            m.add(neg, ufun=uf)
        if native is None:
            _ask({"op": "start", "opponent": name})
        state = m.run()
        agreement = None if state.agreement is None else to_levels(state.agreement)
        results.append({"opponent": name, "agreement": agreement, "steps": state.step})
    sys.stdout.write(json.dumps({"op": "done", "results": results}) + "\n")
    sys.stdout.flush()


def main() -> None:
    first = sys.stdin.readline()
    req = json.loads(first)
    if req["task"] == "play":
        play(req)
        return
    task = {
        "frontier": frontier,
        "genius": genius,
        "pareto_timing": pareto_timing,
        "simulate": simulate,
    }[req["task"]]
    json.dump(task(req), sys.stdout)


if __name__ == "__main__":
    main()
