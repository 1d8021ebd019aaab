"""Benchmark personajourney on synthetic workspaces of 1k, 10k and 100k touchpoints.

Run ``python benchmarks/run.py`` (several minutes) or ``python benchmarks/run.py --quick``
(1k and 10k, under a minute). Human-readable lines come first; the last line is one JSON
object with every figure, ratio and target, so runs can be compared. See README.md.
"""

from __future__ import annotations

import argparse
import cProfile
import dataclasses
import gc
import hashlib
import json
import math
import os
import platform
import pstats
import random
import re
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx as nx

import personajourney as pj

HERE = Path(__file__).resolve().parent
DATA = HERE / ".data"
#: Bump when the generator changes, so cached files are made again.
GENERATOR_VERSION = 2
SIZES = (1_000, 10_000, 100_000)
QUICK_SIZES = (1_000, 10_000)

N_STAGES = 7
N_PERSONAS = 50
N_COMMITTEES = 20
N_MEMBERS = 10
N_MOTIVES = 200
N_SEGMENTS = 30
TRANSITIONS_PER_TOUCHPOINT = 3

TARGETS = {
    # name: (figure it applies to, target, how to read it)
    "checks_per_traversal": ("run_checks / descendants at the largest size", 10.0, "<="),
    "checks_slope": ("log-log slope of run_checks time, 10k -> 100k", 1.15, "<="),
    "graph_slope": ("log-log slope of build_graph time, 10k -> 100k", 1.15, "<="),
    "load_json_overhead": ("load JSON / model_validate_json at the largest size", 1.3, "<="),
    "import_ratio": ("import personajourney / import pydantic+networkx+ruamel.yaml", 1.3, "<="),
    "yaml_speedup": ("load YAML with ruamel.yaml alone / with libyaml, smallest size", 10.0, ">="),
    "check_example_s": ("`personajourney check examples/b2b-software`, whole process", 0.35, "<="),
    "check_1k_yaml_s": ("`personajourney check` of the 1,000-touchpoint YAML file", 1.0, "<="),
}
#: The wall pack with the engine pool over one worker per engine (printed with the pack).
PACK_SPEEDUP_TARGET = 1.7
#: How many times each ``personajourney check`` process is timed (best of).
CHECK_RUNS = 10
QUICK_CHECK_RUNS = 5

# -- synthetic workspaces ------------------------------------------------------------------


def generate(n: int, seed: int = 20240601) -> dict[str, Any]:
    """A realistic workspace as plain data: every rule finds something to report.

    Built-in 7 stages, teams and channels; 200 motives (20 never used), 50 personas (some
    incomplete, some only asserted, some avoiding channels that reach them), 20 committees of
    10 members (two without a decision maker, some missing a required role, introductions,
    influence by stage), 30 segments (some excluded, two with identical criteria), ``n``
    touchpoints in stage blocks with entry points, owners, audiences and motives, and three
    transitions per touchpoint (mostly forward into the next stage, some within the stage,
    some back: cycles; a few touchpoints have none: dead ends).
    """
    rng = random.Random(f"{seed}:{n}")
    stages = [s.id for s in pj.default_stages()]
    teams = [t.id for t in pj.default_teams()]
    channels = [c.id for c in pj.default_channels()]
    roles = [r.value for r in pj.Role]
    deciding = {"decision_maker", "economic_buyer", "executive_sponsor"}
    other_roles = [r for r in roles if r not in deciding]
    motive_kinds = [k.value for k in pj.MotiveKind]

    motives = [
        {
            "id": f"motive-{i:03d}",
            "name": f"Motiivi {i}: säästää aikaa ja vähentää riskiä",
            "kind": rng.choice(motive_kinds),
            "description": "Ostaja haluaa päätöksen, jota ei tarvitse selittää jälkikäteen.",
        }
        for i in range(N_MOTIVES)
    ]
    used_motives = [m["id"] for m in motives[: N_MOTIVES - 20]]  # 20 unused: M003

    def links(k: int) -> list[dict[str, Any]]:
        return [
            {"motive_id": m, "strength": round(rng.uniform(0.2, 1.0), 2)}
            for m in rng.sample(used_motives, k)
        ]

    personas = []
    for i in range(N_PERSONAS):
        persona: dict[str, Any] = {
            "id": f"persona-{i:02d}",
            "name": f"Päättäjä Pörhönen {i}",
            "quote": "“Näytä minulle luvut, älä lupauksia.”",
            "roles": rng.sample(roles, 2),
            "responsibility": rng.choice(["talous", "IT-infrastruktuuri", "rekrytointi"]),
            "goals": ["Vähemmän manuaalista työtä", "Ennustettavat kulut"],
            "problems": ["Järjestelmät eivät keskustele keskenään"],
            "questions": ["Mitä tämä maksaa kolmessa vuodessa?"],
            "channel_ids": rng.sample(channels, 3),
            "avoided_channel_ids": rng.sample(channels, 1),
            "motives": links(3),
            "provenance": (
                {"kind": "researched", "source": f"Haastattelukierros {i % 4 + 1}"}
                if i % 5
                else {"kind": "asserted"}
            ),
        }
        if i % 10 == 0:
            del persona["problems"]  # P001
        personas.append(persona)
    persona_ids = [p["id"] for p in personas]
    reached_personas = persona_ids[:45]  # the last five are in no audience: P003

    committees = []
    member_ids: list[str] = []
    audience: list[str] = []  # members touchpoints may list
    gatekeepers: list[str] = []
    for c in range(N_COMMITTEES):
        own = [f"c{c:02d}-m{m}" for m in range(N_MEMBERS)]
        members = []
        for m, member_id in enumerate(own):
            member_roles = rng.sample(other_roles, 1)
            if m == 0 and c % 10 != 9:  # two committees without a decision maker: C005
                member_roles = ["decision_maker"]
            # Committees 5 and 15: the decision maker avoids the channels that reach them
            # and nobody introduces them (C003).
            gatekept = m == 0 and c % 10 == 5
            member: dict[str, Any] = {
                "id": member_id,
                "name": f"Jäsen {c}-{m} Äijälä",
                "title": rng.choice(["CFO", "CTO", "Hankintapäällikkö", "Kehittäjä"]),
                "roles": member_roles,
                "influence": round(rng.uniform(0.1, 0.9), 2),
                "influence_by_stage": {
                    s: round(rng.uniform(0.3, 1.0), 2) for s in rng.sample(stages, 2)
                },
                "active_stage_ids": sorted(rng.sample(stages, rng.randint(3, 6))) if m % 2 else [],
                "motives": links(2),
                "channel_ids": rng.sample(channels, 2),
                "avoided_channel_ids": ["search", "social"]
                if gatekept
                else rng.sample(channels, 1),
                "introduces_ids": [own[(m + 1) % N_MEMBERS]] if m % 3 == 1 else [],
                "persona_id": rng.choice(reached_personas)
                if 0 < m < 7 or (m == 0 and not gatekept)
                else None,
            }
            members.append(member)
        committees.append(
            {
                "id": f"committee-{c:02d}",
                "name": f"Ostoryhmä {c}",
                "required_roles": ["decision_maker", "technical_buyer", "procurement"],
                "members": members,
            }
        )
        member_ids += own
        gatekeepers += [own[0]] if c % 10 == 5 else []
        # Members 8 and 9 are in no touchpoint's audience; 7 introduces 8, nobody 9 (C001).
        audience += own[1:8] + ([] if c % 10 == 5 else own[:1])

    segments = []
    for s in range(N_SEGMENTS):
        criteria: dict[str, Any] = {
            "industries": [rng.choice(["ohjelmistot", "teollisuus", "kauppa", "julkinen"])],
            "company_size": {"min": 10 * (s + 1), "max": 50 * (s + 1)},
            "motive_ids": rng.sample(used_motives, 2),
        }
        if s == N_SEGMENTS - 1:
            criteria = segments[0]["criteria"]  # identical criteria: S004
        segments.append(
            {
                "id": f"segment-{s:02d}",
                "name": f"Segmentti {s}",
                "criteria": criteria,
                "estimated_size": 100 + 17 * s if s % 6 else None,
                "priority": s % 5 + 1,
                "excluded": s % 10 == 3,
                # s % 7 == 0: no personas (S003); s % 10 == 7: only unreached ones (S002).
                "persona_ids": (
                    persona_ids[45 + s % 5 :][:1]
                    if s % 10 == 7
                    else rng.sample(persona_ids, 1 + s % 3)
                    if s % 7
                    else []
                ),
                "committee_ids": []
                if s % 10 == 7
                else rng.sample([c["id"] for c in committees], s % 3),
                "channel_ids": rng.sample(channels, 2),
            }
        )

    touchpoints = []
    block = [i * N_STAGES // n for i in range(n)]  # stage index of each touchpoint
    starts = [block.index(k) for k in range(N_STAGES)] + [n]
    for i in range(n):
        k = block[i]
        tp: dict[str, Any] = {
            "id": f"tp-{i:06d}",
            "name": f"Kosketuspiste {i}: {rng.choice(['webinaari', 'blogi', 'demo', 'tarjous'])}",
            "description": "Ostaja vertailee vaihtoehtoja ja etsii näyttöä säästöistä.",
            "stage_id": stages[k],
            "channel_id": rng.choice(channels) if rng.random() < 0.9 else None,
            "persona_ids": rng.sample(reached_personas, rng.randint(1, 2))
            if rng.random() < 0.95
            else [],
            "member_ids": rng.sample(audience, rng.randint(1, 2)) if rng.random() < 0.3 else [],
            "motive_ids": rng.sample(used_motives, rng.randint(1, 3)),
            "questions": ["Kuinka nopeasti käyttöönotto onnistuu?"],
            "emotion": rng.randint(-2, 2),
            "entry": k == 0 and rng.random() < 0.05,
        }
        if rng.random() < 0.2:
            tp["owner_id"] = rng.choice(teams)
        touchpoints.append(tp)
    touchpoints[0]["entry"] = True
    for gatekeeper in gatekeepers:
        for tp in rng.sample(touchpoints, 3):
            tp["channel_id"] = rng.choice(["search", "social"])
            tp["member_ids"] = [*tp["member_ids"], gatekeeper]

    transitions = []
    for i in range(n):
        if rng.random() < 0.02:
            continue  # a dead end
        k = block[i]
        for _ in range(TRANSITIONS_PER_TOUCHPOINT):
            roll = rng.random()
            if roll < 0.6 and k + 1 < N_STAGES:
                j = rng.randrange(starts[k + 1], starts[k + 2])
            elif roll < 0.9:
                j = rng.randrange(starts[k], starts[k + 1])
            else:
                j = rng.randrange(n)
            transitions.append(
                {
                    "from_id": f"tp-{i:06d}",
                    "to_id": f"tp-{j:06d}",
                    "handoff": rng.random() < 0.3,
                }
            )

    # The built-in stages, but nobody owns advocacy (O001, and O002 for its touchpoints).
    stage_list = [
        {
            **s.model_dump(exclude_defaults=True),
            "owner_id": None if s.id == "advocacy" else s.owner_id,
        }
        for s in pj.default_stages()
    ]
    return {
        "stages": stage_list,
        "name": f"Synteettinen työtila, {n:,} kosketuspistettä",
        "offering": "Taloushallinnon pilvipalvelu",
        "motives": motives,
        "personas": personas,
        "committees": committees,
        "segments": segments,
        "touchpoints": touchpoints,
        "transitions": transitions,
    }


_PLAIN_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
# Text that YAML reads back as the same text when written without quotes.
_PLAIN_TEXT = re.compile(r"^[^\W\d_](?:[\w.,()/–-]| (?![#\s]))*$")
_NOT_TEXT = {"true", "false", "null", "yes", "no", "on", "off", "y", "n"}


def _scalar(value: Any) -> str:
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int | float):
        return repr(value)
    if _PLAIN_TEXT.match(value) and value.lower() not in _NOT_TEXT and value[-1] != " ":
        return str(value)  # plain, as people write it
    return json.dumps(value, ensure_ascii=False)  # a valid YAML double-quoted scalar


def _key(key: str) -> str:
    return key if _PLAIN_KEY.match(key) else json.dumps(key, ensure_ascii=False)


def _inline(value: Any) -> str:
    if isinstance(value, dict):
        return "{}"
    if isinstance(value, list):
        return "[]"
    return _scalar(value)


def _block(value: Any, indent: str) -> list[str]:
    """Lines of a non-empty mapping or sequence whose entries start at ``indent``."""
    lines: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, dict | list) and item:
                lines.append(f"{indent}{_key(key)}:")
                lines += _block(item, indent + "  ")
            else:
                lines.append(f"{indent}{_key(key)}: {_inline(item)}")
        return lines
    for item in value:
        if isinstance(item, dict | list) and item:
            inner = _block(item, indent + "  ")
            inner[0] = f"{indent}- {inner[0][len(indent) + 2 :]}"
            lines += inner
        else:
            lines.append(f"{indent}- {_inline(item)}")
    return lines


def to_yaml(data: dict[str, Any]) -> str:
    """Block-style YAML, as people write it (a fast emitter for this benchmark's data)."""
    return "\n".join(_block(data, "")) + "\n" if data else "{}\n"


def data_files(n: int) -> tuple[Path, Path, pj.Workspace | None]:
    """The JSON and YAML files of size ``n``, written unless cached in ``benchmarks/.data``.

    Also returns the generated workspace when the files were made now (else ``None``).
    """
    DATA.mkdir(parents=True, exist_ok=True)
    (DATA / ".gitignore").write_text("*\n")
    stem = DATA / f"ws-{n}-g{GENERATOR_VERSION}"
    json_path, yaml_path = stem.with_suffix(".json"), stem.with_suffix(".yaml")
    if json_path.exists() and yaml_path.exists():
        return json_path, yaml_path, None
    ws = pj.Workspace.model_validate(generate(n))
    yaml_path.write_text(to_yaml(ws.model_dump(mode="json", exclude_defaults=True)), "utf-8")
    json_path.write_text(pj.dumps(ws, format="json"), encoding="utf-8")
    return json_path, yaml_path, ws


# -- timing ----------------------------------------------------------------------------------


def timed(
    fig: dict[str, Any], steps: dict[str, Callable[[], Any]], repeat: int, budget: float
) -> dict[str, Any]:
    """Time ``steps`` taking turns, for up to ``repeat`` rounds or ``budget`` seconds.

    Records in ``fig``, for each step name, the best wall time (``<name>_s``,
    ``time.perf_counter``), the best CPU time of this process (``<name>_cpu_s``,
    ``time.process_time``, which other processes on a busy machine disturb less) and the
    number of rounds (``<name>_runs``). Taking turns makes ratios between the steps fair when
    the machine's load changes; every other round runs them in reverse order, so that none
    always profits from memory the one before it just freed; each step starts with the
    previous result freed and a full garbage collection, so every step sees the same heap. At
    least one round always runs. Returns ``{name: result}`` for the step that ran last.
    """
    names = list(steps)
    wall = dict.fromkeys(names, math.inf)
    cpu = dict.fromkeys(names, math.inf)
    result: Any = None
    began = time.perf_counter()
    rounds = 0
    while True:
        round_began = time.perf_counter()
        for name in names if rounds % 2 == 0 else names[::-1]:
            result = None
            gc.collect()
            start, start_cpu = time.perf_counter(), time.process_time()
            result = steps[name]()
            wall[name] = min(wall[name], time.perf_counter() - start)
            cpu[name] = min(cpu[name], time.process_time() - start_cpu)
        rounds += 1
        now = time.perf_counter()
        if rounds >= repeat or now - began + (now - round_began) > budget:
            break
    for name in names:
        fig[f"{name}_s"], fig[f"{name}_cpu_s"], fig[f"{name}_runs"] = wall[name], cpu[name], rounds
    return {name: result}


IMPORT_BASELINE = "import pydantic, networkx, ruamel.yaml"
#: ``import pydantic`` is lazy: this baseline also loads the model machinery (informational).
IMPORT_BASELINE_MODELS = IMPORT_BASELINE + "; from pydantic import BaseModel"


def import_seconds(statements: list[str], repeat: int) -> list[tuple[float, float]]:
    """Best (wall, CPU) time of each statement in fresh interpreters, bytecode caches warm.

    Only the statement is timed, not the interpreter's start-up. The statements take turns,
    so that a busy machine slows them alike.
    """
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # let the warm-up write .pyc files
    timer = "import time; t, c = time.perf_counter(), time.process_time(); {}; "
    timer += "print(time.perf_counter() - t, time.process_time() - c)"
    commands = [[sys.executable, "-c", timer.format(statement)] for statement in statements]
    for command in commands:
        subprocess.run(command, env=env, check=True, capture_output=True)
    best = [(math.inf, math.inf)] * len(commands)
    for _ in range(repeat):
        for k, command in enumerate(commands):
            done = subprocess.run(command, env=env, check=True, capture_output=True, text=True)
            wall, cpu = map(float, done.stdout.split())
            best[k] = (min(best[k][0], wall), min(best[k][1], cpu))
    return best


def extra_modules() -> list[str]:
    """Top-level packages ``import personajourney`` loads beyond the three dependencies."""
    code = (
        "import sys; a = set(sys.modules); import pydantic, networkx, ruamel.yaml; "
        "b = set(sys.modules); import personajourney; "
        "print(' '.join(sorted({m.split('.')[0] for m in set(sys.modules) - b})))"
    )
    done = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    return done.stdout.split()


def wall_pack_figures(quick: bool) -> dict[str, Any]:
    """Time the full wall pack of the largest example, all formats with PNG, on one engine
    worker per engine and on the full pool, taking turns; worker start-up is included, as a
    user sees it. Also counts the WeasyPrint layouts per page (a page asked for as PDF and
    PNG is laid out once) and how many cores the pool kept busy: the CPU time of the
    benchmark process and its workers over the wall time."""
    import resource
    import tempfile

    from personajourney.render.engines import EnginePool, Job
    from personajourney.render.pack import build_pack

    folders = list((Path(__file__).resolve().parent.parent / "examples").iterdir())
    loaded = {p.name: pj.load(p) for p in sorted(folders) if p.is_dir()}
    name = max(loaded, key=lambda key: (len(loaded[key].touchpoints), key))
    ws = loaded[name]
    report = pj.run_checks(ws)
    pool_size = min(os.cpu_count() or 1, 4)
    layouts: list[str] = []

    class CountingPool(EnginePool):
        def submit_all(self, job: Job, *, priority: float = 0.0) -> dict[str, Any]:
            if job.engine == "weasyprint":
                layouts.append(job.name)
            return super().submit_all(job, priority=priority)

    def cpu() -> float:
        own = resource.getrusage(resource.RUSAGE_SELF)
        workers = resource.getrusage(resource.RUSAGE_CHILDREN)  # counted once reaped
        return own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime

    seconds: dict[str, float] = {}
    cores: dict[str, float] = {}
    files = pages = 0
    for round_ in range(1 if quick else 3):
        turns = (("one_worker", 1), ("pool", pool_size))
        for label, workers in turns if round_ % 2 == 0 else turns[::-1]:
            with tempfile.TemporaryDirectory() as out:
                layouts.clear()
                began, began_cpu = time.perf_counter(), cpu()
                with CountingPool(workers) as pool:
                    result = build_pack(ws, out, png=True, report=report, pool=pool)
                    took = time.perf_counter() - began
                used = cpu() - began_cpu  # after the workers have ended
                files = len(result.written)
                pages = len(set(layouts))
                if result.failed:
                    raise RuntimeError(f"wall pack failed: {result.failed[:3]}")
            if took < seconds.get(label, math.inf):
                seconds[label], cores[label] = took, used / took
    speedup = seconds["one_worker"] / seconds["pool"]
    per_page = len(layouts) / pages if pages else 0.0
    print(
        f"\nwall pack of examples/{name} ({files} files, html+svg+pdf+png): "
        f"{seconds['pool']:.1f} s with {pool_size} workers per engine, "
        f"{seconds['one_worker']:.1f} s with one; speed-up {speedup:.2f}× "
        f"(target >= 1.7); cores busy {cores['pool']:.2f} (pool), "
        f"{cores['one_worker']:.2f} (one); WeasyPrint layouts per page {per_page:.2f}"
    )
    return {
        "example": name,
        "files": files,
        "workers": pool_size,
        "rounds": 1 if quick else 3,
        "seconds_pool": round(seconds["pool"], 2),
        "seconds_one_worker": round(seconds["one_worker"], 2),
        "speedup": round(speedup, 2),
        "cores_busy_pool": round(cores["pool"], 2),
        "cores_busy_one_worker": round(cores["one_worker"], 2),
        "weasyprint_pages": pages,
        "weasyprint_layouts_per_page": round(per_page, 2),
    }


def check_process_seconds(runs: int) -> dict[str, Any]:
    """Best wall time of whole ``personajourney check`` processes, as a user waits for them:
    the bundled example, and the 1,000-touchpoint YAML file (made if missing)."""
    example = HERE.parent / "examples" / "b2b-software"
    yaml_1k = data_files(1_000)[1]
    command = [sys.executable, "-c", "from personajourney.cli import main; main()", "check"]
    best = {"example_s": math.inf, "yaml_1k_s": math.inf}
    for _ in range(runs):
        for name, target in (("example_s", example), ("yaml_1k_s", yaml_1k)):
            began = time.perf_counter()
            done = subprocess.run([*command, str(target)], capture_output=True)
            elapsed = time.perf_counter() - began
            if done.returncode not in (0, 1):  # 1: findings at the failing level
                raise SystemExit(f"personajourney check {target} failed: {done.stderr[-500:]!r}")
            best[name] = min(best[name], elapsed)
    return {**best, "runs": runs}


def limits() -> pj.Limits:
    big = 2 * 1024**3
    names = {f.name for f in dataclasses.fields(pj.Limits)}
    extra = {"max_json_bytes": big} if "max_json_bytes" in names else {}
    return pj.Limits(max_bytes=big, **extra)


def entry_node(G: nx.MultiDiGraph) -> str:
    return next(n for n, d in G.nodes(data=True) if d.get("kind") == "touchpoint" and d["entry"])


def git_commit() -> str | None:
    try:
        done = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=HERE, capture_output=True, text=True
        )
    except OSError:
        return None
    return done.stdout.strip() or None


# -- the run ---------------------------------------------------------------------------------


def load_pure(path: Path, lim: pj.Limits) -> pj.Workspace:
    """``pj.load`` with YAML read by ruamel.yaml alone (the reader before libyaml)."""
    import functools

    files = pj.io.files
    fast = files.parse_yaml
    files.parse_yaml = functools.partial(fast, parser="pure")  # type: ignore[assignment]
    try:
        return pj.load(path, limits=lim)
    finally:
        files.parse_yaml = fast


def measure(n: int, quick: bool, notes: list[str], pure_yaml: bool = False) -> dict[str, Any]:
    """Every figure for size ``n``; with ``pure_yaml``, YAML is also loaded without libyaml."""
    json_path, yaml_path, generated = data_files(n)
    raw = json_path.read_bytes()
    lim = limits()
    repeat = 5 if n <= 10_000 else 3
    budget = 10.0 if quick else 60.0
    fig: dict[str, Any] = {
        "touchpoints": n,
        "json_bytes": len(raw),
        "yaml_bytes": yaml_path.stat().st_size,
    }

    last = timed(
        fig,
        {
            "model_validate_json": lambda: pj.Workspace.model_validate_json(raw),
            "load_json": lambda: pj.load(json_path, limits=lim),
        },
        repeat,
        budget,
    )
    ws = last["load_json"] if "load_json" in last else pj.load(json_path, limits=lim)
    fig["transitions"] = len(ws.transitions)
    if generated is not None and ws != generated:
        raise SystemExit(f"{json_path} does not load back to the generated workspace")
    positions_limit = getattr(pj.io.files, "JSON_POSITIONS_MAX_BYTES", 0)
    if len(raw) <= positions_limit:
        notes.append(
            f"{n:,}: the JSON file is at most {positions_limit:,} bytes, so pj.load also parses "
            "it as YAML for line numbers (that is most of load JSON here)"
        )

    # libyaml reads the YAML (several MB/s): timed like JSON. ruamel.yaml alone, the reader
    # before (~0.2-0.4 MB/s), is timed once, at the sizes asked for.
    load_yaml = {"load_yaml": lambda: pj.load(yaml_path, limits=lim)}
    from_yaml = timed(fig, load_yaml, repeat, budget)["load_yaml"]
    if from_yaml != ws:
        raise SystemExit(f"{yaml_path} does not load to the workspace {json_path} holds")
    fig["yaml_parser"] = pj.io.yaml_parser()
    fig["load_yaml_over_json"] = fig["load_yaml_s"] / fig["load_json_s"]
    fig["load_yaml_over_json_cpu"] = fig["load_yaml_cpu_s"] / fig["load_json_cpu_s"]
    del from_yaml
    if pure_yaml:
        from_pure = timed(fig, {"load_yaml_pure": lambda: load_pure(yaml_path, lim)}, 1, 0)
        if from_pure["load_yaml_pure"] != ws:
            raise SystemExit(f"{yaml_path} loads differently without libyaml")
        del from_pure
        fig["yaml_speedup"] = fig["load_yaml_pure_s"] / fig["load_yaml_s"]
        fig["yaml_speedup_cpu"] = fig["load_yaml_pure_cpu_s"] / fig["load_yaml_cpu_s"]

    G = timed(fig, {"build_graph": lambda: pj.build_graph(ws)}, repeat, budget)["build_graph"]
    fig["graph_nodes"], fig["graph_edges"] = G.number_of_nodes(), G.number_of_edges()
    source = entry_node(G)
    last = timed(
        fig,
        {"descendants": lambda: nx.descendants(G, source), "run_checks": lambda: pj.run_checks(ws)},
        repeat,
        budget,
    )
    report = last["run_checks"] if "run_checks" in last else pj.run_checks(ws)
    reached = nx.descendants(G, source)
    fig["findings"] = len(report.findings)
    fig["finding_codes"] = sorted({f.code for f in report.findings})
    fig["descendants_reached"] = len(reached)
    fig["checks_per_traversal"] = fig["run_checks_s"] / fig["descendants_s"]
    fig["checks_per_traversal_cpu"] = fig["run_checks_cpu_s"] / fig["descendants_cpu_s"]
    fig["load_json_overhead"] = fig["load_json_s"] / fig["model_validate_json_s"]
    fig["load_json_overhead_cpu"] = fig["load_json_cpu_s"] / fig["model_validate_json_cpu_s"]
    missing = sorted({r.code for r in pj.rules()} - set(fig["finding_codes"]))
    if missing:
        notes.append(f"{n:,}: rules that ran without findings: {', '.join(missing)}")
    return fig


def show_size(fig: dict[str, Any]) -> None:
    mb = 1024 * 1024
    print(
        f"\n{fig['touchpoints']:,} touchpoints, {fig['transitions']:,} transitions "
        f"(graph: {fig['graph_nodes']:,} nodes, {fig['graph_edges']:,} edges; "
        f"{fig['findings']:,} findings)"
    )
    print(
        f"  JSON {fig['json_bytes'] / mb:7.1f} MB   load {fig['load_json_s']:8.3f} s   "
        f"model_validate_json {fig['model_validate_json_s']:8.3f} s   "
        f"ratio {fig['load_json_overhead']:.2f}"
    )
    pure = ""
    if "load_yaml_pure_s" in fig:
        pure = (
            f"   without libyaml {fig['load_yaml_pure_s']:8.3f} s "
            f"(libyaml {fig['yaml_speedup']:.1f}× faster)"
        )
    print(
        f"  YAML {fig['yaml_bytes'] / mb:7.1f} MB   load {fig['load_yaml_s']:8.3f} s   "
        f"YAML/JSON {fig['load_yaml_over_json']:.2f}{pure}"
    )
    print(
        f"  build_graph {fig['build_graph_s']:7.3f} s   run_checks {fig['run_checks_s']:7.3f} s   "
        f"descendants {fig['descendants_s']:7.3f} s ({fig['descendants_reached']:,} nodes)   "
        f"run_checks/descendants {fig['checks_per_traversal']:.2f}"
    )


def profile(step: str, n: int) -> None:
    """Print a cProfile of one step at size ``n`` (to stderr), for finding hot spots."""
    json_path, yaml_path, _ = data_files(n)
    lim = limits()
    ws = pj.load(json_path, limits=lim)
    G = pj.build_graph(ws)
    steps: dict[str, Callable[[], object]] = {
        "load_json": lambda: pj.load(json_path, limits=lim),
        "load_yaml": lambda: pj.load(yaml_path, limits=lim),
        "load_yaml_pure": lambda: load_pure(yaml_path, lim),
        "model_validate_json": lambda: pj.Workspace.model_validate_json(json_path.read_bytes()),
        "build_graph": lambda: pj.build_graph(ws),
        "run_checks": lambda: pj.run_checks(ws),
        "descendants": lambda: nx.descendants(G, entry_node(G)),
    }
    profiler = cProfile.Profile()
    profiler.runcall(steps[step])
    stats = pstats.Stats(profiler, stream=sys.stderr)
    stats.sort_stats("cumulative").print_stats(30)
    stats.sort_stats("tottime").print_stats(20)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="1k and 10k only (under a minute)")
    parser.add_argument(
        "--pure-yaml-sizes",
        type=int,
        nargs="*",
        help="sizes at which YAML is also loaded without libyaml (default: 1k; full run 1k, 10k)",
    )
    parser.add_argument("--sizes", type=int, nargs="+", help="touchpoint counts to run")
    parser.add_argument(
        "--profile",
        choices=[
            "load_json",
            "load_yaml",
            "load_yaml_pure",
            "model_validate_json",
            "build_graph",
            "run_checks",
            "descendants",
        ],
        help="print a cProfile of one step at the largest size instead of benchmarking",
    )
    args = parser.parse_args(argv)
    sizes = tuple(args.sizes or (QUICK_SIZES if args.quick else SIZES))
    if args.profile:
        profile(args.profile, max(sizes))
        return 0

    began = time.perf_counter()
    load_before = os.getloadavg()[0]
    print(
        f"personajourney {pj.__version__} benchmark ({'quick' if args.quick else 'full'}): "
        f"Python {platform.python_version()}, {platform.machine()}, {os.cpu_count()} CPUs"
    )
    notes: list[str] = []
    if args.quick:
        notes.append("quick: sizes 1k and 10k only; YAML without libyaml at 1k only")
    pure_sizes = args.pure_yaml_sizes
    if pure_sizes is None:
        pure_sizes = [min(sizes)] if args.quick else [n for n in sizes if n <= 10_000]
    sections: dict[str, float] = {}
    mark = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal mark
        sections[name] = round(time.perf_counter() - mark, 1)
        mark = time.perf_counter()

    results: dict[int, dict[str, Any]] = {}
    for n in sorted(sizes):
        results[n] = measure(n, args.quick, notes, pure_yaml=n in pure_sizes)
        show_size(results[n])

    lap("sizes")
    (ours, ours_cpu), (base, base_cpu), (base_models, _) = import_seconds(
        ["import personajourney", IMPORT_BASELINE, IMPORT_BASELINE_MODELS],
        repeat=3 if args.quick else 7,
    )
    extra = extra_modules()
    print(
        f"\nimport personajourney {ours * 1000:.0f} ms; import pydantic+networkx+ruamel.yaml "
        f"{base * 1000:.0f} ms; ratio {ours / base:.2f}"
    )
    print(
        f"  (with pydantic.BaseModel loaded too, the baseline is {base_models * 1000:.0f} ms: "
        f"ratio {ours / base_models:.2f}, for information)"
    )
    print(f"  packages imported beyond those three: {' '.join(extra) or '-'}")

    lap("import")
    checks = check_process_seconds(QUICK_CHECK_RUNS if args.quick else CHECK_RUNS)
    lap("check_process")
    print(
        f"\npersonajourney check, whole process (best of {checks['runs']}): "
        f"examples/b2b-software {checks['example_s']:.3f} s; "
        f"1,000-touchpoint YAML {checks['yaml_1k_s']:.3f} s"
    )

    largest = max(sizes)
    speedups = {n: fig["yaml_speedup"] for n, fig in results.items() if "yaml_speedup" in fig}
    ratios: dict[str, float | None] = {
        "checks_per_traversal": results[largest]["checks_per_traversal"],
        "load_json_overhead": results[largest]["load_json_overhead"],
        "import_ratio": ours / base,
        "checks_slope": None,
        "graph_slope": None,
        "yaml_speedup": speedups[min(speedups)] if speedups else None,
        "yaml_over_json": (results[10_000]["load_yaml_over_json"] if 10_000 in results else None),
        "check_example_s": checks["example_s"],
        "check_1k_yaml_s": checks["yaml_1k_s"],
    }
    cpu_ratios: dict[str, float | None] = {
        "checks_per_traversal": results[largest]["checks_per_traversal_cpu"],
        "load_json_overhead": results[largest]["load_json_overhead_cpu"],
        "import_ratio": ours_cpu / base_cpu,
        "checks_slope": None,
        "graph_slope": None,
        "yaml_speedup": (results[min(speedups)]["yaml_speedup_cpu"] if speedups else None),
        "yaml_over_json": (
            results[10_000]["load_yaml_over_json_cpu"] if 10_000 in results else None
        ),
        "check_example_s": None,
        "check_1k_yaml_s": None,
    }
    if 10_000 in results and 100_000 in results:
        small, big = results[10_000], results[100_000]
        for name, step in (("checks_slope", "run_checks"), ("graph_slope", "build_graph")):
            ratios[name] = math.log(big[f"{step}_s"] / small[f"{step}_s"]) / math.log(10)
            cpu_ratios[name] = math.log(big[f"{step}_cpu_s"] / small[f"{step}_cpu_s"]) / math.log(
                10
            )
    else:
        notes.append("checks_slope and graph_slope need 10k and 100k; not measured")
    if largest < 100_000:
        notes.append(f"checks_per_traversal and load_json_overhead are at {largest:,}, not 100k")

    targets: dict[str, dict[str, Any]] = {}
    print("\ntargets:")
    for name, (what, limit, sense) in TARGETS.items():
        value = ratios[name]
        passed = None if value is None else (value >= limit if sense == ">=" else value <= limit)
        targets[name] = {"what": what, "value": value, "target": limit, "pass": passed}
        shown = "n/a" if value is None else f"{value:.2f}"
        cpu_value = cpu_ratios[name]
        cpu_shown = "" if cpu_value is None else f"  [by CPU time: {cpu_value:.2f}]"
        verdict = {True: "PASS", False: "FAIL", None: "not measured"}[passed]
        print(f"  {verdict:12} {name:22} {shown:>7} (target {sense} {limit})  {what}{cpu_shown}")
    stretch = ratios["yaml_over_json"]
    if stretch is not None:
        print(f"  (stretch, not a target: load YAML / load JSON at 10k {stretch:.2f}, goal <= 3)")
    print("\njourney diagram layout (benchmarks/bench_layout.py):")
    import bench_layout

    layout = bench_layout.run(quick=args.quick)
    lap("layout")
    for name, passed in layout["targets"].items():
        print(f"  {({True: 'PASS', False: 'FAIL', None: 'not measured'})[passed]:12} {name}")
    if args.quick:
        notes.append("quick: the naive 500-node layout (about a minute) is skipped")
    wall = wall_pack_figures(args.quick)
    lap("wall_pack")
    passed = wall["speedup"] >= PACK_SPEEDUP_TARGET
    targets["pack_speedup"] = {
        "what": "wall pack of the largest example: one worker per engine / the pool",
        "value": wall["speedup"],
        "target": PACK_SPEEDUP_TARGET,
        "pass": passed,
    }
    print(
        f"  {'PASS' if passed else 'FAIL':12} {'pack_speedup':22} {wall['speedup']:7.2f} "
        f"(target >= {PACK_SPEEDUP_TARGET})  {targets['pack_speedup']['what']}"
    )
    for note in notes:
        print(f"note: {note}")
    elapsed = time.perf_counter() - began
    load_after = os.getloadavg()[0]
    # The benchmark itself adds about 1 to the load average.
    if max(load_before, load_after) > (os.cpu_count() or 1):
        print(
            f"note: the machine was busy (load average {load_before:.1f} at the start, "
            f"{load_after:.1f} at the end, {os.cpu_count()} CPUs): wall times are noisy; "
            "the CPU-time ratios in brackets are steadier"
        )
    print(f"total time {elapsed:.1f} s")

    summary = {
        "benchmark": "personajourney",
        "version": pj.__version__,
        "commit": git_commit(),
        "mode": "quick" if args.quick else "full",
        "python": platform.python_version(),
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
        "generator": GENERATOR_VERSION,
        "data_sha256": {
            n: hashlib.sha256(
                (DATA / f"ws-{n}-g{GENERATOR_VERSION}.json").read_bytes()
            ).hexdigest()[:16]
            for n in sizes
        },
        "sizes": {str(n): fig for n, fig in results.items()},
        "import": {
            "personajourney_s": ours,
            "personajourney_cpu_s": ours_cpu,
            "baseline_s": base,
            "baseline_cpu_s": base_cpu,
            "baseline_with_basemodel_s": base_models,
            "ratio_vs_baseline_with_basemodel": ours / base_models,
            "extra_packages": extra,
        },
        "check_process": checks,
        "ratios": ratios,
        "ratios_by_cpu_time": cpu_ratios,
        "load_average": {"start": load_before, "end": load_after},
        "targets": targets,
        "layout": layout,
        "wall_pack": wall,
        "all_pass": all(t["pass"] is not False for t in targets.values()) and layout["passed"],
        "notes": notes,
        "elapsed_s": elapsed,
        "sections_s": sections,
    }
    print(json.dumps(summary, ensure_ascii=False, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
