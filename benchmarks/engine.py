"""Engine benchmark: Accord next to NegMAS (the reference), printed side by side.

    .venv/bin/python benchmarks/engine.py            # installs NegMAS on first run
    .venv/bin/python benchmarks/engine.py --no-negmas

NegMAS (AGPL-3.0) lives in its own virtual env under benchmarks/.work/ and is driven
through benchmarks/engine_negmas.py in a subprocess; Accord never imports it.
Measures: Pareto frontier time and memory at 10^4..10^6 outcomes; identical frontier
and Nash point on the nine ANAC domains and random domains; negotiations per second
(Boulware vs Conceder, 3 issues × 5 values, 100 rounds); the win-win agent's
agreement rate and distance to Nash against cooperative opponents and against NegMAS and
Genius agents at 100 and 1,000 rounds; the firm (hardball) agent's own utility against
NegMAS AspirationNegotiator's in the same games.

    .venv/bin/python benchmarks/engine.py --quality --rounds 100 1000
    .venv/bin/python benchmarks/engine.py --zopa     # ZOPA and MESOs at 10^4..10^8 only
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np

from accord.adapters.scenarios import builtin_scenarios, load_genius_domain
from accord.domain.engine.agents import TimeDependentAgent
from accord.domain.engine.analysis import analyze, disagreement_point
from accord.domain.engine.bargaining import nash_point
from accord.domain.engine.meso import mesos
from accord.domain.engine.pareto import additive_frontier, pareto_frontier, pareto_indices
from accord.domain.engine.preferences import Preferences
from accord.domain.engine.scenario import Scenario
from accord.domain.engine.simulator import negotiate
from accord.domain.engine.space import OutcomeSpace
from accord.domain.engine.terms import categorical_term
from accord.domain.engine.tournament import make_agent
from accord.domain.engine.zopa import zopa

HERE = Path(__file__).resolve().parent
WORK = HERE / ".work"
VENV = WORK / "negmas-venv"
NEGMAS_PY = VENV / "bin" / "python"
ANAC = HERE.parent.parent / "shared" / "fixtures" / "anac"
ANAC_DOMAINS = sorted(p for p in ANAC.glob("*/*") if p.is_dir()) if ANAC.is_dir() else []


def ensure_negmas() -> bool:
    if NEGMAS_PY.exists():
        return True
    print("installing NegMAS into", VENV, "(first run only)")
    WORK.mkdir(parents=True, exist_ok=True)
    try:
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
        subprocess.run(
            [str(VENV / "bin" / "pip"), "install", "-q", "negmas", "negmas-genius-agents"],
            check=True,
        )
    except (subprocess.CalledProcessError, OSError) as exc:
        print("could not install NegMAS:", exc)
        return False
    return True


def negmas(request: dict[str, object]) -> object:
    proc = subprocess.run(
        [str(NEGMAS_PY), str(HERE / "engine_negmas.py")],
        input=json.dumps(request),
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(proc.stdout)


def random_scenario(shape: tuple[int, ...], seed: int, reservation: float = 0.0) -> Scenario:
    rng = np.random.default_rng(seed)
    terms = tuple(
        categorical_term(f"i{k}", [f"v{j}" for j in range(n)]) for k, n in enumerate(shape)
    )

    def prefs() -> Preferences:
        w = rng.random(len(shape)) + 0.01
        return Preferences(w / w.sum(), tuple(rng.random(n) for n in shape), reservation)

    return Scenario(f"random-{seed}", OutcomeSpace(terms), prefs(), prefs(), deadline_rounds=100)


def timed(fn: object, reps: int) -> float:
    assert callable(fn)
    fn()
    t0 = time.perf_counter()
    for _ in range(reps):
        fn()
    return (time.perf_counter() - t0) / reps


def bench_pareto(use_negmas: bool) -> None:
    print("\n== Pareto frontier of two utilities ==")
    sizes = [10_000, 100_000, 1_000_000]
    theirs = {}
    if use_negmas:
        for row in negmas({"task": "pareto_timing", "sizes": sizes}):  # type: ignore[union-attr]
            theirs[row["size"]] = row["seconds"]
    print(
        f"{'outcomes':>10} {'Accord pts':>11} {'Accord e2e':>11} {'term-wise':>10} "
        f"{'NegMAS pts':>11}  peak MB"
    )
    shapes = {10_000: (10,) * 4, 100_000: (10,) * 5, 1_000_000: (10,) * 6}
    for size in sizes:
        rng = np.random.default_rng(size)
        u1 = rng.random(size)
        u2 = np.clip(1.0 - u1 + 0.3 * rng.random(size), 0, None)
        reps = 20 if size <= 100_000 else 5
        pts = timed(lambda u1=u1, u2=u2: pareto_indices(u1, u2), reps)
        sc = random_scenario(shapes[size], seed=size)

        def end_to_end(sc: Scenario = sc) -> None:
            u_a = sc.space.utilities(sc.ours)
            u_b = sc.space.utilities(sc.theirs)
            pareto_indices(u_a, u_b)

        e2e = timed(end_to_end, reps)
        termwise = timed(lambda sc=sc: additive_frontier(sc), reps)
        fast = additive_frontier(sc)
        slow = pareto_indices(sc.space.utilities(sc.ours), sc.space.utilities(sc.theirs))
        assert set(fast.indices.tolist()) == set(slow.tolist()), "term-wise frontier differs"
        tracemalloc.start()
        end_to_end()
        peak = tracemalloc.get_traced_memory()[1] / 1e6
        tracemalloc.stop()
        ref = f"{theirs[size] * 1000:9.1f}ms" if size in theirs else "        —"
        print(
            f"{size:>10,} {pts * 1000:9.2f}ms {e2e * 1000:9.2f}ms {termwise * 1000:8.3f}ms "
            f"{ref:>11}  {peak:6.1f}"
        )
    print(
        "(pts = frontier from given utility points; e2e = build both linear-additive "
        "utilities + frontier;\n term-wise = the same frontier built term by term without "
        "enumerating the space, as pareto_frontier does beyond 4M outcomes)"
    )


def bench_zopa_meso() -> None:
    """ZOPA and MESOs on the split space against the former exhaustive versions."""
    sys.path.insert(0, str(HERE.parent))
    from tests.domain.engine.exhaustive import exhaustive_mesos, exhaustive_zopa_count

    print("\n== ZOPA and MESOs (ms; peak extra MB, tracemalloc) ==")
    print(f"{'packages':>12} {'ZOPA now':>16} {'before':>16} {'MESOs now':>16} {'before':>16}")

    def run(fn: object, sc: Scenario, reps: int) -> str:
        assert callable(fn)
        vars(sc).pop("our_utilities", None)  # the exhaustive versions cache these
        vars(sc).pop("their_utilities", None)
        tracemalloc.start()
        fn()
        peak = tracemalloc.get_traced_memory()[1] / 1e6
        tracemalloc.stop()
        t0 = time.perf_counter()
        for _ in range(reps):
            vars(sc).pop("our_utilities", None)
            vars(sc).pop("their_utilities", None)
            fn()
        return f"{(time.perf_counter() - t0) / reps * 1000:8.1f} {peak:6.1f}"

    for digits in (4, 6, 7, 8):
        sc = random_scenario((10,) * digits, seed=digits, reservation=0.5)
        target = 0.6
        reps = 5 if digits <= 6 else 1
        old = digits <= 7  # beyond, the exhaustive versions exceed the 50M-outcome cap
        row = [
            run(lambda sc=sc: zopa(sc), sc, reps),
            run(lambda sc=sc: exhaustive_zopa_count(sc), sc, reps) if old else "—",
            run(lambda sc=sc, t=target: mesos(sc, t), sc, reps),
            run(lambda sc=sc, t=target: exhaustive_mesos(sc, t), sc, reps) if old else "—",
        ]
        print(f"{10**digits:>12,} " + " ".join(f"{c:>16}" for c in row))
    print("(10 levels per term, both reservations 0.5, MESO target 0.6 ± 0.03 for us)")


def export(sc: Scenario) -> dict[str, object]:
    return {
        "name": sc.name,
        "issues": [[str(x) for x in t.levels] for t in sc.space.terms],
        "sides": [
            {
                "weights": p.weights.tolist(),
                "values": [v.tolist() for v in p.values],
                "reservation": p.reservation,
            }
            for p in (sc.ours, sc.theirs)
        ],
    }


def bench_identity(use_negmas: bool) -> None:
    print("\n== Frontier and Nash point versus NegMAS ==")
    scenarios = [load_genius_domain(d) for d in ANAC_DOMAINS]
    scenarios += [
        random_scenario((3, 4, 5, 4), seed=s, reservation=0.3 * (s % 3)) for s in range(20)
    ]
    if not use_negmas:
        print("skipped (no NegMAS)")
        return
    answers = negmas({"task": "frontier", "domains": [export(s) for s in scenarios]})
    same_front = same_nash = 0
    for sc, ans in zip(scenarios, answers, strict=True):  # type: ignore[arg-type]
        fr = pareto_frontier(sc)
        r1, r2 = sc.ours.reservation, sc.theirs.reservation
        ok = (fr.ours >= r1) & (fr.theirs >= r2)  # NegMAS keeps rational outcomes only
        mine = {(round(a, 9), round(b, 9)) for a, b in zip(fr.ours[ok], fr.theirs[ok], strict=True)}
        ref = {(round(a, 9), round(b, 9)) for a, b in ans["frontier"]}
        f_ok = mine == ref
        d1, d2 = disagreement_point(sc)
        nash = nash_point(fr, d1, d2)
        ref_nash = [tuple(p) for p in ans["nash"]]
        if nash is None:
            n_ok = not ref_nash
        else:
            n_ok = any(
                abs(nash.ours - a) < 1e-9 and abs(nash.theirs - b) < 1e-9 for a, b in ref_nash
            )
        same_front += f_ok
        same_nash += n_ok
        if not (f_ok and n_ok) or sc.name in {d.name for d in ANAC_DOMAINS}:
            shown = f"({nash.ours:.4f}, {nash.theirs:.4f})" if nash else "none (no ZOPA)"
            print(
                f"{sc.name:>20}: frontier {len(ref):3d} pts {'same' if f_ok else 'DIFFERENT'}, "
                f"Nash {shown} {'same' if n_ok else 'DIFFERENT'}"
            )
    n = len(scenarios)
    print(f"identical frontier: {same_front}/{n}, identical Nash: {same_nash}/{n}")
    check_genius_reading()


def check_genius_reading() -> None:
    if not ANAC_DOMAINS:
        return
    answers = negmas({"task": "genius", "folders": [str(d) for d in ANAC_DOMAINS]})
    agree = 0
    for d, ans in zip(ANAC_DOMAINS, answers, strict=True):  # type: ignore[arg-type]
        sc = load_genius_domain(d)
        # NegMAS may load more profiles (University has nine): each of ours must match one
        ok = all(
            any(same_profile(sc, mine, t) for t in ans["sides"]) for mine in (sc.ours, sc.theirs)
        )
        agree += ok
    print(f"Genius profiles read as NegMAS reads them: {agree}/{len(ANAC_DOMAINS)} domains")


def same_profile(sc: Scenario, mine: Preferences, theirs: dict[str, object]) -> bool:
    w = np.array(theirs["weights"], dtype=float)
    if not np.allclose(mine.weights, w / w.sum()):
        return False
    tables = theirs["values"]
    assert isinstance(tables, list)
    for t, v, table in zip(sc.space.terms, mine.values, tables, strict=True):
        raw = np.array([table[str(x)] for x in t.levels], dtype=float)
        if not np.allclose(v, raw / raw.max()):
            return False
    return True


def bench_simulation(use_negmas: bool) -> None:
    print("\n== Simulation: Boulware vs Conceder, 3 issues x 5 values, 100 rounds ==")
    scenarios = [random_scenario((5, 5, 5), seed=s) for s in range(10)]
    n = 5000
    t0 = time.perf_counter()
    agreed = 0
    for k in range(n):
        res = negotiate(
            scenarios[k % 10],
            TimeDependentAgent("boulware", 0.2),
            TimeDependentAgent("conceder", 3.0),
            rounds=100,
        )
        agreed += res.agreement is not None
    accord_rate = n / (time.perf_counter() - t0)
    n_loop = 2000
    t0 = time.perf_counter()
    for k in range(n_loop):  # the step-by-step loop (as used by reactive agents)
        negotiate(scenarios[k % 10], make_agent("tit-for-tat"), make_agent("conceder"), rounds=100)
    loop_rate = n_loop / (time.perf_counter() - t0)
    print(f"Accord vectorised: {accord_rate:8.0f} negotiations/s ({agreed}/{n} agreed)")
    print(f"Accord step loop (tit-for-tat vs conceder): {loop_rate:8.0f} negotiations/s")
    if use_negmas:
        ans = negmas({"task": "simulate", "n": 200, "rounds": 100})
        assert isinstance(ans, dict)
        print(f"NegMAS SAOMechanism:  {ans['per_second']:8.0f} negotiations/s")


def bench_quality() -> None:
    print("\n== Win-win agent against cooperative opponents ==")
    scenarios = [load_genius_domain(d) for d in ANAC_DOMAINS] + builtin_scenarios()
    scenarios += [random_scenario((5, 4, 6), seed=s, reservation=0.2) for s in range(30)]
    distances: list[float] = []
    games = agreed = 0
    for sc in scenarios:
        an = analyze(sc, meso_count=1)
        if an.nash is None:
            continue
        for opp in ("conceder", "linear", "tit-for-tat", "win-win"):
            for swap in (False, True):
                s = sc.swapped() if swap else sc
                res = negotiate(s, make_agent("win-win"), make_agent(opp), rounds=60)
                games += 1
                if res.agreement is None:
                    continue
                agreed += 1
                u1, u2 = (
                    float(sc.our_utilities[res.agreement]),
                    float(sc.their_utilities[res.agreement]),
                )
                distances.append(an.nash.distance(u1, u2))
    print(
        f"{games} negotiations on {len(scenarios)} scenarios: agreement {agreed / games:.0%}, "
        f"mean distance to Nash {np.mean(distances):.3f} (target: 100%, <= 0.20)"
    )


NEGMAS_OPPONENTS = [
    "BoulwareTBNegotiator",
    "ConcederTBNegotiator",
    "LinearTBNegotiator",
    "NaiveTitForTatNegotiator",
    "AspirationNegotiator",
    "AgreeableAgent2018",
    "Atlas3",
    "HardHeaded",
    "CUHKAgent",
    "AgentK",
    "AgentGG",
    "PonPokoAgent",
]
COOPERATIVE = {
    "ConcederTBNegotiator",
    "LinearTBNegotiator",
    "NaiveTitForTatNegotiator",
    "AgreeableAgent2018",
}
"""Opponents the win-win agent must always agree with (target: 100%, <= 0.20 from Nash)."""


def play_against_negmas(
    sc: Scenario,
    style: str,
    accord_side: int,
    rounds: int,
    opponents: list[str] | None = None,
    native: str | None = None,
) -> list[dict]:
    """An Accord agent (here) against each NegMAS opponent (in the NegMAS process).

    With ``native`` (a NegMAS agent class name) that agent plays the Accord side
    inside the NegMAS process instead: the reference for the same games.
    """
    from accord.domain.engine.agents import ACCEPT, WALK_AWAY
    from accord.domain.engine.simulator import side_views

    views = side_views(sc)
    view = views[accord_side]
    req = {
        "task": "play",
        "domain": export(sc),
        "opponents": opponents or NEGMAS_OPPONENTS,
        "rounds": rounds,
        "accord_side": accord_side,
        "native": native,
    }
    proc = subprocess.Popen(
        [str(NEGMAS_PY), str(HERE / "engine_negmas.py")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert proc.stdin is not None and proc.stdout is not None
    proc.stdin.write(json.dumps(req) + "\n")
    proc.stdin.flush()
    agent = make_agent(style)

    def reply(answer: int) -> dict[str, object]:
        if answer == ACCEPT:
            return {"accept": True, "walk": False}
        if answer == WALK_AWAY:
            return {"accept": False, "walk": True}
        return {"accept": False, "walk": False, "levels": sc.space.levels_of(answer).tolist()}

    results: list[dict] = []
    for line in proc.stdout:
        try:
            msg = json.loads(line)
        except json.JSONDecodeError:
            continue  # NegMAS chatter
        if not isinstance(msg, dict) or "op" not in msg:
            continue
        if msg["op"] == "done":
            results = msg["results"]
            break
        if msg["op"] == "start":
            agent = make_agent(style)
            agent.start(view, 2 * rounds)
            answer: dict[str, object] = {"ok": True}
        elif msg["op"] == "propose":
            answer = reply(agent.propose(min(1.0, msg["t"])))
        else:
            offer = sc.space.index_of(msg["offer"])
            answer = reply(agent.respond(min(1.0, msg["t"]), offer))
        proc.stdin.write(json.dumps(answer) + "\n")
        proc.stdin.flush()
    proc.wait(timeout=600)
    return results


Row = tuple[bool, float, float, float]
"""agreed, own utility, distance to Nash, own utility minus own reservation value."""


def negmas_games(
    style: str,
    rounds: int,
    opponents: list[str],
    native: str | None = None,
    workers: int = 2,
) -> dict[str, list[Row]]:
    """Every opponent on 8 ANAC domains with a ZOPA + the built-ins, both sides."""
    from concurrent.futures import ThreadPoolExecutor

    scenarios = [load_genius_domain(d) for d in ANAC_DOMAINS if d.name != "Lunch"]
    scenarios += builtin_scenarios()
    jobs = [(sc, side) for sc in scenarios for side in (0, 1)]

    def run(job: tuple[Scenario, int]) -> list[tuple[str, Row]]:
        sc, side = job
        an = analyze(sc, meso_count=1)
        assert an.nash is not None
        out: list[tuple[str, Row]] = []
        res_value = (sc.ours.reservation, sc.theirs.reservation)[side]
        for res in play_against_negmas(sc, style, side, rounds, opponents, native):
            if res["agreement"] is None:
                out.append((res["opponent"], (False, res_value, float("nan"), 0.0)))
                continue
            idx = sc.space.index_of(res["agreement"])
            u = (float(sc.our_utilities[idx]), float(sc.their_utilities[idx]))
            row = (True, u[side], an.nash.distance(*u), u[side] - res_value)
            out.append((res["opponent"], row))
        return out

    rows: dict[str, list[Row]] = {n: [] for n in opponents}
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for part in pool.map(run, jobs):
            for name, row in part:
                rows[name].append(row)
    return rows


def bench_negmas_opponents(
    use_negmas: bool, rounds_list: list[int], opponents: list[str], workers: int
) -> None:
    print("\n== Accord win-win agent against NegMAS agents (in the NegMAS process) ==")
    if not use_negmas:
        print("skipped (no NegMAS)")
        return
    for rounds in rounds_list:
        t0 = time.perf_counter()
        rows = negmas_games("win-win", rounds, opponents, workers=workers)
        print(f"-- {rounds} rounds ({time.perf_counter() - t0:.0f} s)")
        print(f"{'opponent':>26} {'agreed':>7} {'own utility':>12} {'d Nash':>7}  target")
        for name, r in rows.items():
            ok = [x for x in r if x[0]]
            own = np.mean([x[1] for x in ok]) if ok else float("nan")
            dn = np.mean([x[2] for x in ok]) if ok else float("nan")
            rate = len(ok) / max(1, len(r))
            if name in COOPERATIVE:
                met = rate == 1.0 and dn <= 0.20
                verdict = "met" if met else "MISSED"
            else:
                verdict = ""
            print(f"{name:>26} {rate:7.0%} {own:12.3f} {dn:7.3f}  {verdict}")


def bench_firm(
    use_negmas: bool, rounds_list: list[int], opponents: list[str], workers: int
) -> None:
    print("\n== Firm agent (hardball) versus NegMAS AspirationNegotiator, same games ==")
    if not use_negmas:
        print("skipped (no NegMAS)")
        return
    opponents = [o for o in opponents if o != "AspirationNegotiator"] + ["AspirationNegotiator"]
    for rounds in rounds_list:
        mine = negmas_games("hardball", rounds, opponents, workers=workers)
        ref = negmas_games("hardball", rounds, opponents, "AspirationNegotiator", workers)
        print(f"-- {rounds} rounds: own utility (a failure scores the reservation value)")
        print(f"{'opponent':>26} {'firm':>7} {'agreed':>7} {'Aspiration':>11} {'agreed':>7}")
        all_mine: list[float] = []
        all_ref: list[float] = []
        for name in opponents:
            a = [x[1] for x in mine[name]]
            b = [x[1] for x in ref[name]]
            all_mine += a
            all_ref += b
            ra = np.mean([x[0] for x in mine[name]])
            rb = np.mean([x[0] for x in ref[name]])
            print(f"{name:>26} {np.mean(a):7.3f} {ra:7.0%} {np.mean(b):11.3f} {rb:7.0%}")
        ok = np.mean(all_mine) >= np.mean(all_ref)
        print(
            f"{'all':>26} {np.mean(all_mine):7.3f} {'':>7} {np.mean(all_ref):11.3f}  "
            f"target firm >= Aspiration: {'met' if ok else 'MISSED'}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--no-negmas", action="store_true", help="Skip the NegMAS reference.")
    parser.add_argument(
        "--quality", action="store_true", help="Only the negotiation-quality sections."
    )
    parser.add_argument(
        "--rounds", type=int, nargs="+", default=[100, 1000], help="Deadlines to play."
    )
    parser.add_argument(
        "--opponents", nargs="+", default=NEGMAS_OPPONENTS, help="NegMAS/Genius agents."
    )
    parser.add_argument("--no-firm", action="store_true", help="Skip firm vs Aspiration.")
    parser.add_argument("--workers", type=int, default=2, help="Parallel NegMAS processes.")
    parser.add_argument("--zopa", action="store_true", help="Only ZOPA and MESO timings.")
    args = parser.parse_args()
    if args.zopa:
        bench_zopa_meso()
        return
    use_negmas = not args.no_negmas and ensure_negmas()
    if not args.quality:
        bench_pareto(use_negmas)
        bench_zopa_meso()
        bench_identity(use_negmas)
        bench_simulation(use_negmas)
    bench_quality()
    bench_negmas_opponents(use_negmas, args.rounds, args.opponents, args.workers)
    if not args.no_firm:
        bench_firm(use_negmas, args.rounds, args.opponents, args.workers)


if __name__ == "__main__":
    main()
