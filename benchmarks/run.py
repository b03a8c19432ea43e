"""Benchmark rolepath builds side by side with plain Material (navigation.prune) on the same pages.

    python benchmarks/run.py --sizes small,medium
    python benchmarks/run.py --size 50x500 --repeat 5 --keep

For each size it generates a synthetic portal and its plain twins (generate.py):
the baseline, plain Material with the modules in topic folders of about 50 pages,
and an extra one with every module in one flat folder. It checks them against
the contract and each other (validate.py), then measures, each in a child
process, ``--repeat`` rounds (default 3) of: an interleaved pair of cold
``mkdocs build``s, baseline and rolepath (the order alternates between rounds);
a second rolepath ``mkdocs build`` in a new process after appending a line to
one module (warm: it reuses the build cache the cold build left); serve-style rebuilds
in one process (serve_rebuild.py) after appending a line to one module and
after changing its title; ``rolepath check``; and the flat plain build. It prints
the fair ratios (rolepath ÷ plain in topic folders) and the full table, and writes
them, with the raw samples as JSON, to benchmarks/results/. See README.md.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import fcntl
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import generate
import validate

HERE = Path(__file__).resolve().parent
SIZES = {"small": (20, 200), "medium": (100, 1000), "large": (300, 5000)}
MIB = 1024 * 1024
GIB = 1024 * MIB


@dataclass
class Sample:
    """One measured child process."""

    wall_s: float
    cpu_s: float
    peak_mib: float
    returncode: int
    load_1m: float = 0.0
    error: str = ""
    extra: dict[str, float] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.returncode == 0


@dataclass(frozen=True)
class Size:
    label: str
    roles: int
    modules: int


@dataclass(frozen=True)
class Options:
    python: str
    repo_root: Path
    work: Path
    repeat: int
    keep: bool
    seed: int
    timeout: float
    rebuild: tuple[str, ...]
    plain_rebuild: bool
    check: bool
    do_validate: bool
    flat: bool
    one_process: bool = False


@dataclass
class Variant:
    """Everything measured for one variant (plain, plain_flat or rolepath) at one size.

    Every round appends one sample to each of its runs, so the n-th samples of two variants
    come from the same round (see ``paired_ratio``)."""

    pages: int = 0
    site_bytes: int = 0
    runs: dict[str, list[Sample]] = field(default_factory=dict)

    def add(self, name: str, sample: Sample) -> None:
        self.runs.setdefault(name, []).append(sample)

    def median(self, name: str, attr: str = "wall_s") -> float | None:
        values = [getattr(s, attr) for s in self.runs.get(name, []) if s.ok]
        return statistics.median(values) if values else None

    def failed(self, name: str) -> bool:
        return any(not s.ok for s in self.runs.get(name, []))


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def process_tree_pss_kib(root: int) -> int:
    """The proportional set size of ``root`` and all its descendants, in KiB: each page shared
    between processes (a forked worker's copy-on-write pages) counted once, split between them."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(stat.parent.name)] = int(fields[1])
    tree, frontier = {root}, [root]
    while frontier:
        parent = frontier.pop()
        children = [pid for pid, ppid in parents.items() if ppid == parent and pid not in tree]
        tree.update(children)
        frontier += children
    total = 0
    for pid in tree:
        try:
            rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
        except OSError:
            continue
        total += next((int(line.split()[1]) for line in rollup.splitlines() if line.startswith("Pss:")), 0)
    return total


class PeakMemory:
    """Samples a process tree's memory (`process_tree_pss_kib`) every ``interval`` seconds."""

    def __init__(self, pid: int, interval: float = 0.1) -> None:
        self.peak_kib = 0
        self._pid, self._interval = pid, interval
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        while not self._done.wait(self._interval):
            self.peak_kib = max(self.peak_kib, process_tree_pss_kib(self._pid))

    def stop(self) -> int:
        self._done.set()
        self._thread.join()
        return self.peak_kib


def run_measured(cmd: list[str], cwd: Path, env: dict[str, str], timeout: float) -> tuple[Sample, str]:
    """Run ``cmd``; wall time and CPU time of the child and its workers (os.wait4), and their peak
    memory: the larger of the sampled sum over the process tree (`PeakMemory`) and the largest
    single process's peak resident set (``ru_maxrss``, which a sample may miss)."""
    load = os.getloadavg()[0]
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=out, stderr=err)
        memory = PeakMemory(proc.pid)
        timer = threading.Timer(timeout, proc.kill)
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
            peak_kib = memory.stop()
        wall = time.perf_counter() - start
        proc.returncode = code = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        stderr = err.read().decode("utf-8", "replace")
    cpu = usage.ru_utime + usage.ru_stime
    peak = max(peak_kib, usage.ru_maxrss) / 1024  # both in KiB on Linux
    sample = Sample(wall, cpu, peak, code, load, "" if code == 0 else tail(stderr or stdout))
    return sample, stdout


def tail(text: str, lines: int = 15) -> str:
    return "\n".join(text.strip().splitlines()[-lines:])


def child_env(repo_root: Path, for_check: bool = False) -> dict[str, str]:
    """Environment for children: quiet Material banner; hooks/ importable for ``-m rolepath``."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    if for_check:
        extra = str(repo_root / "hooks")
        env["PYTHONPATH"] = os.pathsep.join(p for p in (extra, env.get("PYTHONPATH", "")) if p)
    return env


ONE_PROCESS_CONFIG = "mkdocs-one-process.yml"
"""The rolepath portal's configuration with ``workers: 1``: every page made in the main process."""


def build_cmd(python: str, portal: Path, site: Path, config: str = "mkdocs.yml") -> list[str]:
    return [python, "-m", "mkdocs", "build", "-q", "-f", str(portal / config), "-d", str(site)]


def check_cmd(python: str, portal: Path) -> list[str]:
    """``rolepath check DIR``: the console script beside ``python`` if any, else ``-m rolepath``."""
    script = Path(python).parent / "rolepath"
    base = [str(script)] if script.exists() else [python, "-m", "rolepath"]
    return [*base, "check", str(portal)]


def serve_cmd(python: str, portal: Path, site: Path, edit: Path, change: str = "body") -> list[str]:
    return [
        python,
        str(HERE / "serve_rebuild.py"),
        "-f",
        str(portal / "mkdocs.yml"),
        "-d",
        str(site),
        "--edit",
        str(edit),
        "--change",
        change,
    ]


def site_stats(site: Path) -> tuple[int, int]:
    """(HTML pages except 404.html, total bytes of all files) in a built site."""
    pages = total = 0
    for path in site.rglob("*"):
        if path.is_file():
            total += path.stat().st_size
            pages += path.suffix == ".html" and path.name != "404.html"
    return pages, total


def remove(path: Path) -> None:
    if path.exists():
        shutil.rmtree(path)


def remove_site(site: Path) -> None:
    """A site and any staging folder the engine left beside it (``.<site>.rolepath-staging*``)."""
    remove(site)
    for staging in site.parent.glob(f".{site.name}.rolepath-staging*"):
        remove(staging)


def edit_target(portal: Path) -> Path:
    """The module edited for the rebuild measurement: the middle one, by name."""
    modules = sorted((portal / "content" / "modules").glob("*.md"))
    return modules[len(modules) // 2]


def report(size: Size, what: str, sample: Sample) -> None:
    status = "ok" if sample.ok else f"FAILED (exit {sample.returncode})\n{sample.error}"
    log(f"[{size.label}] {what}: {sample.wall_s:.2f} s, {sample.peak_mib:.0f} MiB, {status}")


BUILD_CACHE = Path(".cache/rolepath")
"""rolepath's build cache, inside the portal (extra: rolepath: cache:)."""


def measure_build(
    opts: Options, size: Size, portal: Path, site: Path, variant: Variant, config: str = "mkdocs.yml"
) -> None:
    """One cold build (no site, no build cache); page count and site size come from the first successful one."""
    remove_site(site)
    remove(portal / BUILD_CACHE / Path(config).stem)  # this configuration's: the others' stay for their warm builds
    command = build_cmd(opts.python, portal, site, config)
    sample, _ = run_measured(command, portal, child_env(opts.repo_root), opts.timeout)
    variant.add("build", sample)
    report(size, f"{portal.name} build ({config})", sample)
    if sample.ok and not variant.pages:
        variant.pages, variant.site_bytes = site_stats(site)


SERVE_REBUILDS = {"body": "serve_rebuild", "title": "serve_rebuild_title"}
"""What serve_rebuild.py changes in the module, and the name its samples are kept under."""


def measure_serve(opts: Options, size: Size, portal: Path, variant: Variant, change: str = "body") -> None:
    """Serve-style rebuild in one process; wall_s is the rebuild, extra has the first build."""
    site = opts.work / f"{portal.name}-serve-site"
    remove(site)
    cmd = serve_cmd(opts.python, portal, site, edit_target(portal), change)
    sample, stdout = run_measured(cmd, portal, child_env(opts.repo_root), opts.timeout)
    if sample.ok:
        timings = json.loads(stdout.strip().splitlines()[-1])
        sample.extra = {"process_wall_s": sample.wall_s, "first_build_s": timings["first_build_s"]}
        sample.wall_s = timings["rebuild_s"]
    variant.add(SERVE_REBUILDS[change], sample)
    report(size, f"{portal.name} serve-style rebuild ({change} edit)", sample)
    remove(site)


def measure_process_rebuild(opts: Options, size: Size, portal: Path, site: Path, variant: Variant) -> None:
    """A second ``mkdocs build`` in a new process after appending one line to one module, with
    the build cache and the site the cold build left."""
    target = edit_target(portal)
    original = target.read_bytes()
    target.write_bytes(original + b"\nOne more line, edited by the rebuild benchmark.\n")
    try:
        sample, _ = run_measured(build_cmd(opts.python, portal, site), portal, child_env(opts.repo_root), opts.timeout)
    finally:
        target.write_bytes(original)
    variant.add("process_rebuild", sample)
    report(size, f"{portal.name} warm build after one edit (new process)", sample)


def measure_check(opts: Options, size: Size, portal: Path, variant: Variant) -> None:
    sample, _ = run_measured(check_cmd(opts.python, portal), portal, child_env(opts.repo_root, True), opts.timeout)
    variant.add("check", sample)
    report(size, "rolepath check", sample)


def site_dir(opts: Options, portal: Path) -> Path:
    return opts.work / f"{portal.name}-site"


def measure_plain_build(opts: Options, size: Size, portal: Path, variant: Variant) -> None:
    """A plain build; after the first one, every Markdown page must have its HTML page."""
    first = not variant.runs
    measure_build(opts, size, portal, site_dir(opts, portal), variant)
    if first and opts.do_validate and not variant.failed("build"):
        problems = validate.check_built_pages(portal, site_dir(opts, portal))
        if problems:
            raise SystemExit("a plain site lacks pages:\n" + "\n".join(problems[:20]))


def measure_round(opts: Options, size: Size, written: generate.Written, variants: dict[str, Variant], n: int) -> None:
    """Round ``n``: the interleaved cold pair (order alternating), then everything measured once per round."""
    plain, rolepath = variants["plain"], variants["rolepath"]
    portal = written.rolepath_dir
    pair = [
        lambda: measure_plain_build(opts, size, written.plain_dir, plain),
        lambda: measure_build(opts, size, portal, site_dir(opts, portal), rolepath),
    ]
    if opts.one_process:
        one = variants["rolepath_one"]
        site = opts.work / f"{portal.name}-one-process-site"
        pair.append(lambda: measure_build(opts, size, portal, site, one, ONE_PROCESS_CONFIG))
    for build in pair if n % 2 == 0 else reversed(pair):
        build()
    if not rolepath.failed("build"):
        if "process" in opts.rebuild:
            site = site_dir(opts, written.rolepath_dir)
            measure_process_rebuild(opts, size, written.rolepath_dir, site, rolepath)
        if "serve" in opts.rebuild:
            for change in SERVE_REBUILDS:
                measure_serve(opts, size, written.rolepath_dir, rolepath, change)
    if opts.plain_rebuild and "serve" in opts.rebuild:
        measure_serve(opts, size, written.plain_dir, plain)
    if opts.check:
        measure_check(opts, size, written.rolepath_dir, rolepath)
    if opts.flat:
        measure_plain_build(opts, size, written.plain_flat_dir, variants["plain_flat"])


def bench_size(opts: Options, size: Size) -> dict[str, Variant]:
    """Generate, validate and measure every variant at one size, in ``opts.repeat`` rounds."""
    written = generate.generate(size.roles, size.modules, opts.work / size.label, opts.seed, opts.repo_root)
    log(f"[{size.label}] generated {written.rolepath_dir}, {written.plain_dir} and {written.plain_flat_dir}")
    if opts.do_validate:
        problems = validate.validate(written.rolepath_dir, written.plain_dir, written.plain_flat_dir)
        if problems:
            raise SystemExit("generated portal breaks the contract:\n" + "\n".join(problems[:20]))
    (written.rolepath_dir / ONE_PROCESS_CONFIG).write_text(
        "INHERIT: mkdocs.yml\nextra:\n  rolepath:\n    workers: 1\n", encoding="utf-8"
    )
    variants = {name: Variant() for name in VARIANTS}
    for n in range(opts.repeat):
        measure_round(opts, size, written, variants, n)
    if not opts.keep:
        for directory in (written.rolepath_dir, written.plain_dir, written.plain_flat_dir):
            remove_site(site_dir(opts, directory))
            remove(directory)
    return variants


# ---------------------------------------------------------------- reporting


def fmt(value: float | None, digits: int = 2, failed: bool = False) -> str:
    if failed and value is None:
        return "failed"
    return "—" if value is None else f"{value:.{digits}f}"


def per_page_ms(variant: Variant) -> float | None:
    wall = variant.median("build")
    return wall / variant.pages * 1000 if wall is not None and variant.pages else None


def ratio(a: float | None, b: float | None) -> float | None:
    return a / b if a is not None and b else None


def paired_ratio(samples: list[Sample], baseline: list[Sample], attr: str = "wall_s") -> float | None:
    """Median over rounds of sample ÷ baseline sample of the same round (both must have succeeded).

    Pairing cancels most of a load change on a shared machine, which a ratio of medians would not."""
    ratios = [
        getattr(a, attr) / getattr(b, attr)
        for a, b in zip(samples, baseline, strict=False)
        if a.ok and b.ok and getattr(b, attr)
    ]
    return statistics.median(ratios) if ratios else None


def fair_ratio(variants: dict[str, Variant], name: str, attr: str = "wall_s") -> float | None:
    """``name``'s cold build ÷ the baseline's (plain Material, modules in topic folders), paired by round."""
    return paired_ratio(variants[name].runs.get("build", []), variants["plain"].runs.get("build", []), attr)


VARIANTS = {
    "plain": "plain, topic folders (baseline)",
    "plain_flat": "plain, flat folder",
    "rolepath": "rolepath",
    "rolepath_one": "rolepath, one process (workers: 1)",
}
"""Variant keys, as in the JSON, and their labels in the tables."""

FAIR_HEAD = (
    "| size | plain, topic folders: build s | rolepath: build s | rolepath ÷ plain (wall) | rolepath ÷ plain (CPU) "
    "| rolepath, one process ÷ plain (wall) | rolepath: warm build after one-module edit, new process, s "
    "| warm ÷ rolepath cold | warm ÷ plain | plain, flat folder: build s | rolepath ÷ plain, flat folder |\n"
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
)


def fair_row(size: Size, variants: dict[str, Variant]) -> str:
    """The headline: cold builds against the fair baseline; the flat folder only for comparison."""
    plain, flat, rolepath = variants["plain"], variants["plain_flat"], variants["rolepath"]
    warm = rolepath.runs.get("process_rebuild", [])
    cells = [
        f"{size.roles} roles × {size.modules} modules",
        fmt(plain.median("build"), failed=plain.failed("build")),
        fmt(rolepath.median("build"), failed=rolepath.failed("build")),
        fmt(fair_ratio(variants, "rolepath")),
        fmt(fair_ratio(variants, "rolepath", "cpu_s")),
        fmt(fair_ratio(variants, "rolepath_one")),
        fmt(rolepath.median("process_rebuild"), failed=rolepath.failed("process_rebuild")),
        fmt(paired_ratio(warm, rolepath.runs.get("build", []))),
        # A plain Material site has no cache: after an edit, it builds from nothing again.
        fmt(paired_ratio(warm, plain.runs.get("build", []))),
        fmt(flat.median("build"), failed=flat.failed("build")),
        fmt(paired_ratio(rolepath.runs.get("build", []), flat.runs.get("build", []))),
    ]
    return "| " + " | ".join(cells) + " |"


def fair_table(results: list[tuple[Size, dict[str, Variant]]]) -> str:
    return "\n".join([FAIR_HEAD, *(fair_row(size, variants) for size, variants in results)])


TABLE_HEAD = (
    "| size | variant | pages | build s | CPU s | ms/page | peak memory MiB (with workers) | site MiB "
    "| build ÷ plain, topic folders "
    "| CPU ÷ plain, topic folders | rebuild s (serve) | rebuild s (serve, title edit) "
    "| warm build s after one-module edit (new process, build cache) | check s |\n"
    "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
)


def table_row(size: Size, name: str, variants: dict[str, Variant]) -> str:
    variant = variants[name]
    build, cpu = variant.median("build"), variant.median("build", "cpu_s")
    cells = [
        f"{size.roles} roles × {size.modules} modules",
        VARIANTS[name],
        str(variant.pages or "—"),
        fmt(build, failed=variant.failed("build")),
        fmt(cpu),
        fmt(per_page_ms(variant), 1),
        fmt(variant.median("build", "peak_mib"), 0),
        fmt(variant.site_bytes / MIB if variant.site_bytes else None, 1),
        fmt(fair_ratio(variants, name)),
        fmt(fair_ratio(variants, name, "cpu_s")),
        fmt(variant.median("serve_rebuild"), failed=variant.failed("serve_rebuild")),
        fmt(variant.median("serve_rebuild_title"), failed=variant.failed("serve_rebuild_title")),
        fmt(variant.median("process_rebuild"), failed=variant.failed("process_rebuild")),
        fmt(variant.median("check"), failed=variant.failed("check")),
    ]
    return "| " + " | ".join(cells) + " |"


def markdown_table(results: list[tuple[Size, dict[str, Variant]]]) -> str:
    rows = [TABLE_HEAD]
    for size, variants in results:
        rows += [table_row(size, name, variants) for name in VARIANTS if variants[name].runs]
    return "\n".join(rows)


def at_modules(results: list[tuple[Size, dict[str, Variant]]], modules: int) -> Variant | None:
    return next((v["rolepath"] for s, v in results if s.modules == modules), None)


def verdict(ok: bool | None) -> str:
    return "n/a" if ok is None else ("PASS" if ok else "FAIL")


def target_rows(results: list[tuple[Size, dict[str, Variant]]]) -> list[tuple[str, str, str]]:
    """(target, measured, verdict) for each target that these sizes can answer."""
    rows = []
    ratios = [(s, fair_ratio(v, "rolepath")) for s, v in results]
    known = [r for _, r in ratios if r is not None]
    rows.append(
        (
            "cold build ≤ 0.9 × plain Material (prune, topic folders) at every size",
            ", ".join(f"{s.label}: {fmt(r)}" for s, r in ratios) or "—",
            verdict(all(r <= 0.9 for r in known) if known and len(known) == len(ratios) else None),
        )
    )
    big = [(s, r) for s, r in ratios if s.modules in (1000, 5000)]
    rows.append(
        (
            "cold build ≤ 0.6 × plain Material (prune, topic folders) at 1,000 and 5,000 modules (issue 17)",
            ", ".join(f"{s.label}: {fmt(r)}" for s, r in big) or "—",
            verdict(all(r is not None and r <= 0.6 for _, r in big) if len(big) == 2 else None),
        )
    )
    at_1000, at_5000 = at_modules(results, 1000), at_modules(results, 5000)
    growth = ratio(per_page_ms(at_5000), per_page_ms(at_1000)) if at_1000 and at_5000 else None
    rows.append(
        (
            "time per page at 5,000 modules ≤ 1.2 × at 1,000",
            fmt(growth),
            verdict(None if growth is None else growth <= 1.2),
        )
    )
    rows.append(rebuild_target(at_1000))
    edited = paired_ratio(at_1000.runs.get("process_rebuild", []), at_1000.runs.get("build", [])) if at_1000 else None
    rows.append(
        (
            "`mkdocs build` after a one-module edit, new process, ≤ 0.15 × a cold build at 1,000 modules (issue 17)",
            fmt(edited),
            verdict(None if edited is None else edited <= 0.15),
        )
    )
    rss = at_5000.median("build", "peak_mib") if at_5000 else None
    rows.append(
        (
            "peak memory, workers counted, ≤ 1.5 GiB at 5,000 modules",
            "—" if rss is None else f"{rss / 1024:.2f} GiB",
            verdict(None if rss is None else rss * MIB <= 1.5 * GIB),
        )
    )
    check = at_5000.median("check") if at_5000 else None
    rows.append(
        (
            "`rolepath check` at 5,000 modules ≤ 3 s",
            "—" if check is None else f"{check:.2f} s",
            verdict(None if check is None else check <= 3),
        )
    )
    return rows


def rebuild_target(variant: Variant | None) -> tuple[str, str, str]:
    """Rebuild after one edit at 1,000 modules: serve-style if measured, else new process."""
    name = "rebuild after editing one module at 1,000 modules ≤ 3 s or ≤ 15 % of a full build"
    if variant is None:
        return name, "—", "n/a"
    kind = "serve_rebuild" if variant.median("serve_rebuild") is not None else "process_rebuild"
    rebuild, full = variant.median(kind), variant.median("build")
    if rebuild is None or full is None:
        return name, "—", "n/a"
    label = "serve" if kind == "serve_rebuild" else "new process"
    measured = f"{rebuild:.2f} s ({label}), {rebuild / full:.0%} of {full:.2f} s"
    return name, measured, verdict(rebuild <= 3 or rebuild <= 0.15 * full)


def targets_table(results: list[tuple[Size, dict[str, Variant]]]) -> str:
    rows = ["| target | measured | verdict |", "|---|---|---|"]
    rows += [f"| {a} | {b} | {c} |" for a, b, c in target_rows(results)]
    return "\n".join(rows)


# ------------------------------------------------------------- environment


def versions(python: str) -> dict[str, str]:
    code = (
        "import json, platform; from importlib.metadata import version as v; "
        "print(json.dumps({'python': platform.python_version(), 'mkdocs': v('mkdocs'), "
        "'mkdocs-material': v('mkdocs-material')}))"
    )
    done = subprocess.run([python, "-c", code], capture_output=True, text=True, check=False)
    return json.loads(done.stdout) if done.returncode == 0 else {}


def git_commit(repo_root: Path) -> str:
    def git(*args: str) -> str:
        done = subprocess.run(["git", "-C", str(repo_root), *args], capture_output=True, text=True, check=False)
        return done.stdout.strip()

    commit = git("rev-parse", "--short", "HEAD") or "unknown"
    return commit + ("+dirty" if git("status", "--porcelain", "--untracked-files=no") else "")


def metadata(opts: Options, argv: list[str], started: dt.datetime, load_at_start: float) -> dict[str, Any]:
    """What was measured where; load averages show whether something else was using the CPUs."""
    return {
        "date": started.isoformat(timespec="seconds"),
        "command": " ".join(["python", "benchmarks/run.py", *argv]),
        "commit": git_commit(opts.repo_root),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, {platform.system()} {platform.release()}",
        **versions(opts.python),
        "seed": opts.seed,
        "repeat": opts.repeat,
        "load average at start": round(load_at_start, 2),
        "load average at end": round(os.getloadavg()[0], 2),
    }


def warm_up(python: str) -> None:
    """Import MkDocs and Material once so the first measured build doesn't pay for cold caches."""
    code = "import mkdocs.commands.build, material, pymdownx, markdown, yaml"
    subprocess.run([python, "-c", code], check=False)


def render(meta: dict[str, Any], results: list[tuple[Size, dict[str, Variant]]]) -> str:
    header = ", ".join(f"{k}: {v}" for k, v in meta.items() if k != "command")
    return (
        f"# rolepath benchmark, {meta['date']}\n\n`{meta['command']}`\n\n{header}\n\n"
        "## Fair ratios: cold builds against plain Material with the modules in topic folders\n\n"
        f"{fair_table(results)}\n\n"
        f"Times are medians of {meta['repeat']} round(s); a ratio is the median over rounds of the two builds "
        "made one after the other in that round.\n\n"
        f"## All measurements\n\n{markdown_table(results)}\n\nMedians over {meta['repeat']} round(s). "
        "Columns are explained in benchmarks/README.md.\n\n"
        f"## Targets\n\n{targets_table(results)}\n"
    )


def as_json(meta: dict[str, Any], results: list[tuple[Size, dict[str, Variant]]]) -> dict[str, Any]:
    return {
        "meta": meta,
        "sizes": [
            {
                "label": s.label,
                "roles": s.roles,
                "modules": s.modules,
                **{name: asdict(v) for name, v in variants.items()},
            }
            for s, variants in results
        ],
        "targets": [dict(zip(("target", "measured", "verdict"), row, strict=True)) for row in target_rows(results)],
    }


def save(results_dir: Path, markdown: str, data: dict[str, Any]) -> Path:
    results_dir.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    target = results_dir / f"{stamp}.md"
    target.write_text(markdown, encoding="utf-8")
    target.with_suffix(".json").write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    return target


# --------------------------------------------------------------------- CLI


def parse_size(text: str) -> Size:
    if text in SIZES:
        roles, modules = SIZES[text]
    else:
        try:
            roles, modules = (int(part) for part in text.lower().split("x"))
        except ValueError:
            message = f"size must be small, medium, large or ROLESxMODULES, not {text!r}"
            raise argparse.ArgumentTypeError(message) from None
    return Size(f"{roles}x{modules}", roles, modules)


def parse_args(argv: list[str]) -> tuple[argparse.Namespace, list[Size]]:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", help="comma-separated: small (20x200), medium (100x1000), large (300x5000)")
    parser.add_argument(
        "--size",
        action="append",
        default=[],
        type=parse_size,
        help="a custom size ROLESxMODULES, e.g. 20x200 (repeatable)",
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=3,
        help="rounds per size (default 3): each an interleaved pair of cold builds, baseline and rolepath, "
        "plus the other measurements; medians are reported",
    )
    parser.add_argument("--keep", action="store_true", help="keep generated portals and sites in --work")
    parser.add_argument("--work", type=Path, default=HERE / "work", help="scratch directory (default benchmarks/work)")
    parser.add_argument("--results-dir", type=Path, default=HERE / "results")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--python", default=sys.executable, help="interpreter with mkdocs installed")
    parser.add_argument("--repo-root", type=Path, default=generate.default_repo_root())
    parser.add_argument("--timeout", type=float, default=3600, help="seconds before a child is killed")
    parser.add_argument(
        "--rebuild",
        choices=("both", "serve", "process", "none"),
        default="both",
        help="which rebuild-after-one-edit measurements to take (default both)",
    )
    parser.add_argument(
        "--plain-rebuild", action="store_true", help="also measure the serve-style rebuild of plain Material"
    )
    parser.add_argument("--no-check", action="store_true", help="skip timing `rolepath check`")
    parser.add_argument(
        "--no-flat",
        action="store_true",
        help="skip the extra plain build with every module in one folder (it grows with the square of the modules)",
    )
    parser.add_argument(
        "--one-process",
        action="store_true",
        help="also build the rolepath portal with workers: 1 in each round, to show what the worker processes give",
    )
    parser.add_argument("--no-validate", action="store_true", help="skip the contract check of generated portals")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    named = [parse_size(name.strip()) for name in (args.sizes or "").split(",") if name.strip()]
    sizes = named + args.size or [parse_size(name) for name in SIZES]
    return args, sizes


def options(args: argparse.Namespace) -> Options:
    rebuild = {"both": ("serve", "process"), "none": ()}.get(args.rebuild, (args.rebuild,))
    return Options(
        python=args.python,
        repo_root=args.repo_root.resolve(),
        work=args.work.resolve(),
        repeat=args.repeat,
        keep=args.keep,
        seed=args.seed,
        timeout=args.timeout,
        rebuild=rebuild,
        plain_rebuild=args.plain_rebuild,
        check=not args.no_check,
        do_validate=not args.no_validate,
        flat=not args.no_flat,
        one_process=args.one_process,
    )


@contextlib.contextmanager
def work_lock(work: Path) -> Iterator[None]:
    """Hold an exclusive lock on WORK, so two runs never rewrite each other's portals mid-build."""
    work.mkdir(parents=True, exist_ok=True)
    with open(work / ".run.lock", "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise SystemExit(f"another run.py is using {work}; wait for it or pass --work DIR") from None
        yield


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args, sizes = parse_args(argv)
    opts = options(args)
    started, load_at_start = dt.datetime.now(dt.UTC), os.getloadavg()[0]
    with work_lock(opts.work):
        warm_up(opts.python)
        results = [(size, bench_size(opts, size)) for size in sizes]
    meta = metadata(opts, argv, started, load_at_start)
    markdown = render(meta, results)
    print(markdown)
    saved = save(args.results_dir, markdown, as_json(meta, results))
    log(f"wrote {saved} and {saved.with_suffix('.json')}")
    failed = any(
        any(not s.ok for runs in v.runs.values() for s in runs) for _, variants in results for v in variants.values()
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
