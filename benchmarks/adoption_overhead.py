"""What adoption records cost a build: a generated portal built with and without 200 teams
x 52 weeks of records, interleaved, in one session.

    python benchmarks/adoption_overhead.py --work /tmp/bm-adoption            # 1,000 modules
    python benchmarks/adoption_overhead.py --work /tmp/bm-adoption --modules 200 --teams 40 --pairs 1

The portal comes from generate.py (its behaviours are given ids here, and each role a measure
paired with two of them, so the records can name them). Every team gets a record for each of
the 52 ISO weeks up to 2026-W48, with observed counts for every behaviour of its role's paths.
The two variants differ only in whether teams/ and adoption/ are there: each round builds one
of each, in alternating order, and the report gives the medians, their range, and the median
of the rounds' ratios, by wall time and by CPU time (user + system of the build process and its worker processes: on
a shared machine the CPU time moves less with other people's work). benchmarks/RESULTS.md has
the recorded runs.

``--split`` adds a third build to each round, to tell what the records cost from what the
team pages cost: the portal with its records, built with ``extra: rolepath: adoption:
min_group: 100000`` (``mkdocs-withheld.yml``), so every record is read and checked but every
team and role is withheld: no figures to speak of, no team page, an overview of withheld names.

``--new-week`` then times what a weekly pull request of records costs: a cold build of the portal
with records, then a week's record added for every team and the portal built again with the
build cache the cold build left, per round.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402  (the generator beside this file)

WEEKS = 52
LAST_MONDAY = datetime.date.fromisocalendar(2026, 48, 1)


def give_behaviours_ids(portal: Path) -> dict[str, list[str]]:
    """Rewrite every path's behaviours as {id, text}; return each path's behaviour ids."""
    ids: dict[str, list[str]] = {}
    for file in sorted((portal / "paths").glob("*.yml")):
        data = yaml.safe_load(file.read_text(encoding="utf-8"))
        found = []
        for name, level in data["levels"].items():
            level["behaviours"] = [
                {"id": f"{name[:4]}-{number}", "text": text} for number, text in enumerate(level["behaviours"], start=1)
            ]
            found += [item["id"] for item in level["behaviours"]]
        file.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=10_000), encoding="utf-8")
        ids[file.stem] = found
    return ids


def add_records(portal: Path, teams: int, behaviour_ids: dict[str, list[str]], seed: int) -> int:
    """Write teams/ and adoption/; return the number of record files."""
    rng = random.Random(seed)
    roles = sorted((portal / "roles").glob("*.yml"))
    written = 0
    for number in range(teams):
        role_file = roles[number % len(roles)]
        role = yaml.safe_load(role_file.read_text(encoding="utf-8"))
        refs = [f"{path}/{b}" for path in role["paths"] for b in behaviour_ids.get(path, [])]
        if "measures" not in role:
            role["measures"] = [
                {
                    "id": "cycle-time",
                    "title": "Cycle time",
                    "unit": "days",
                    "baseline": 10,
                    "target": 6,
                    "better": "lower",
                    "behaviours": refs[:2],
                }
            ]
            role_file.write_text(yaml.safe_dump(role, sort_keys=False, allow_unicode=True, width=10_000), "utf-8")
        team_id = f"team-{number:03d}"
        size = rng.randint(5, 20)
        team = {"title": f"Team {number:03d}", "role": role_file.stem, "size": size, "managers": [f"@m{number % 50}"]}
        generate.write_files(portal, {f"teams/{team_id}.yml": yaml.safe_dump(team, sort_keys=False)})
        for week in range(WEEKS):
            monday = LAST_MONDAY - datetime.timedelta(weeks=WEEKS - 1 - week)
            year, iso_week, _ = monday.isocalendar()
            observed = rng.randint(0, size)
            record = {
                "people_observed": observed,
                "observed": {ref: rng.randint(0, observed) for ref in refs},
                "practice_hours": round(rng.uniform(0, size * 2), 1),
                "development_conversations": rng.randint(0, size),
                "experiments": rng.randint(0, 3),
                "process_changes": rng.randint(0, 1),
                "barriers_removed": rng.randint(0, 1),
                "recognitions": rng.randint(0, 2),
                "measures": {"cycle-time": round(10 - 4 * week / WEEKS + rng.uniform(-1, 1), 1)},
            }
            path = f"adoption/{team_id}/{year}-W{iso_week:02d}.yml"
            generate.write_files(portal, {path: yaml.safe_dump(record, sort_keys=False)})
            written += 1
    return written


WITHHELD = "mkdocs-withheld.yml"
"""The ``--split`` build's configuration, beside the portal's mkdocs.yml."""


def timed_build(portal: Path, site: Path, config: str = "mkdocs.yml", *, cold: bool = True) -> tuple[float, float]:
    """The build's wall time and CPU time (user + system of the build process, its worker processes
    included, as os.wait4 counts them: on a shared machine the CPU time moves less with other
    people's work than the wall time). A cold build unless ``cold`` is false: the site and the
    build cache a previous build left are removed first, or every build after the first reuses them."""
    if cold:
        shutil.rmtree(site, ignore_errors=True)
        shutil.rmtree(portal / ".cache" / "rolepath", ignore_errors=True)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    started = time.perf_counter()
    command = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", config, "-d", str(site)]
    child = subprocess.Popen(command, cwd=portal, env=env)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    if status != 0:
        raise SystemExit(f"the build of {portal} failed")
    return wall, usage.ru_utime + usage.ru_stime


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--work", type=Path, required=True, help="a scratch folder (emptied)")
    parser.add_argument("--modules", type=int, default=1000)
    parser.add_argument("--roles", type=int, default=100)
    parser.add_argument("--teams", type=int, default=200)
    parser.add_argument("--pairs", type=int, default=3, help="interleaved rounds of builds (default 3; 0: none)")
    parser.add_argument("--split", action="store_true", help="also build with every team withheld (see above)")
    parser.add_argument("--new-week", type=int, default=0, metavar="ROUNDS", help="time the weekly build (above)")
    args = parser.parse_args()
    shutil.rmtree(args.work, ignore_errors=True)
    with_records = args.work / "portal"
    generate.generate(args.roles, args.modules, with_records, seed=1)
    ids = give_behaviours_ids(with_records)
    records = add_records(with_records, args.teams, ids, seed=1)
    without = args.work / "portal-without"
    shutil.copytree(with_records, without)
    shutil.rmtree(without / "teams")
    shutil.rmtree(without / "adoption")
    print(f"{args.modules} modules, {args.roles} roles; {args.teams} teams x {WEEKS} weeks = {records} records")
    variants = [("without records", without, "mkdocs.yml"), ("with records", with_records, "mkdocs.yml")]
    if args.split:
        (with_records / WITHHELD).write_text(
            "INHERIT: mkdocs.yml\nextra:\n  rolepath:\n    adoption:\n      min_group: 100000\n", encoding="utf-8"
        )
        variants.insert(1, ("records, every team withheld", with_records, WITHHELD))
    times: dict[str, list[float]] = {name: [] for name, _, _ in variants}
    cpu: dict[str, list[float]] = {name: [] for name, _, _ in variants}
    for pair in range(args.pairs):
        for name, portal, config in variants if pair % 2 == 0 else reversed(variants):
            seconds, cpu_seconds = timed_build(portal, args.work / "site", config)
            times[name].append(seconds)
            cpu[name].append(cpu_seconds)
            print(f"round {pair + 1}: {name}: {seconds:.2f} s (CPU {cpu_seconds:.2f} s)", flush=True)
    for label, samples in (("wall", times), ("CPU", cpu)) if args.pairs else ():
        for name in samples:
            print(f"{label}: median {name}: {statistics.median(samples[name]):.2f} s ({_spread(samples[name])})")
        for name in list(samples)[1:]:
            # Each round's builds run within a minute of each other: the ratio within a round
            # cancels most of a change in the machine's speed, which a ratio of medians would not.
            ratios = [a / b for a, b in zip(samples[name], samples["without records"], strict=True)]
            ratio = statistics.median(ratios)
            rounds = ", ".join(f"{r:.2f}" for r in ratios)
            change = f"{(ratio - 1) * 100:+.1f} %"
            print(f"{label}: {name} / without, median of the rounds: {ratio:.3f} ({change}; rounds: {rounds})")
    if args.new_week:
        new_week(with_records, args.work / "site", args.new_week)
    return 0


def new_week(portal: Path, site: Path, rounds: int) -> None:
    """The build of a pull request that adds a week's records for every team, with the build cache
    the last build left (as the pull-request workflow restores it): per round a cold build, then
    the week added and a warm build, then the week taken away again."""
    monday = LAST_MONDAY + datetime.timedelta(weeks=1)
    year, week, _ = monday.isocalendar()
    added = [folder / f"{year}-W{week:02d}.yml" for folder in sorted((portal / "adoption").iterdir())]
    cold_times, warm_times = [], []
    for number in range(rounds):
        cold_times.append(timed_build(portal, site)[0])
        for file in added:
            file.write_text(max(file.parent.glob("*.yml")).read_text(encoding="utf-8"), encoding="utf-8")
        warm_times.append(timed_build(portal, site, cold=False)[0])
        for file in added:
            file.unlink()
        print(f"round {number + 1}: cold {cold_times[-1]:.2f} s, a week of {len(added)} records added: "
              f"{warm_times[-1]:.2f} s", flush=True)  # fmt: skip
    ratio = statistics.median(warm / cold for warm, cold in zip(warm_times, cold_times, strict=True))
    print(f"a new week, warm: median {statistics.median(warm_times):.2f} s, of the cold build: {ratio:.2f}")


def _spread(values: list[float]) -> str:
    return f"from {min(values):.2f} to {max(values):.2f} s"


if __name__ == "__main__":
    sys.exit(main())
