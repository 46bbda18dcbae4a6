#!/usr/bin/python3
"""Parameters, run records and reproduction for the lecture's notebooks (issue 19).

    ./lecture run NOTEBOOK -p NAME VALUE [-p NAME VALUE ...] [--preset full]
    ./lecture reproduce RUN [-p NAME VALUE ...]      (RUN: a run's id or folder)

Parameters, papermill's way: a notebook's one code cell tagged ``parameters`` declares its
defaults as plain Java, one a line, each with a comment that ends with the allowed values:

    double beta = 1.0;        // the KL term's weight, >= 0

A run with values given on the command line gets a cell tagged ``injected-parameters`` right after
that one, redeclaring them (JShell allows it), and the values go where papermill keeps them
(``metadata.papermill.parameters`` of the executed notebook). Every value is checked against the
parameters cell (known name, type, range) before any cell runs. The runs (one per combination of
the values of a sweep: ``-p beta 0.5,1,2``) each get a folder runs/<id>/ with the executed
notebook, the models it saved and record.json (docs/run-record.md). Used by nbrun.py.
"""
import datetime
import hashlib
import itertools
import json
import math
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
RUNS = ROOT / "runs"
DATA = ROOT / "data" / "mnist"
SCHEMA = "vae-lecture.run/1"
PARAMETERS_TAG = "parameters"
INJECTED_TAG = "injected-parameters"
PRESETS = ("quick", "full")


class ParameterError(Exception):
    """A value given on the command line that the notebook's parameters cell does not allow."""


# ---------------------------------------------------------------------------------------------
# The parameters cell

_TYPES = ("int", "long", "double", "boolean", "String", "int[]", "double[]")
_DECLARATION = re.compile(
    r"^\s*(int\[\]|double\[\]|int|long|double|boolean|String)\s+([A-Za-z_]\w*)\s*=\s*(.+?);\s*//\s*(.+?)\s*$")
_NUMBER = r"-?(?:\d[\d_]*\.?\d*(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?)"
_BOUND = re.compile(r"(>=|>|<=|<)\s*(" + _NUMBER + r")$")
_BETWEEN = re.compile(r"(" + _NUMBER + r")\s+to\s+(" + _NUMBER + r")$")


class Parameter:
    """One declaration of a parameters cell: type, name, default (None when the notebook computes
    it, e.g. from the preset), and the allowed values taken from the end of its comment:
    ``>= a``, ``> a``, ``<= b``, ``< b``, ``a to b`` (both included), ``x | y | z`` (the only
    values), or ``any``; for an array ``each ...`` (every element), then optionally ``, ascending``
    and ``, holding a and b`` (values it must contain)."""

    def __init__(self, type_, name, default_source, comment):
        self.type, self.name, self.default_source, self.comment = type_, name, default_source.strip(), comment
        self.ascending, self.holding = False, []
        rule = comment
        if type_.endswith("[]"):
            m = re.search(r",\s*holding\s+(" + _NUMBER + r"(?:\s*(?:,|and)\s*" + _NUMBER + r")*)$", rule)
            if m:
                self.holding = [_number(v) for v in re.findall(_NUMBER, m.group(1))]
                rule = rule[: m.start()]
            m = re.search(r",\s*ascending$", rule)
            if m:
                self.ascending, rule = True, rule[: m.start()]
        self.choices, self.bounds = None, []
        tail = rule.rsplit(":", 1)[-1].rsplit(",", 1)[-1].strip()
        if type_.endswith("[]"):
            if not tail.startswith("each "):
                raise ValueError(f"parameter {name}: an array's range is written 'each ...', found '{tail}'")
            tail = tail[len("each "):].strip()
        if tail == "any":
            pass
        elif "|" in tail:
            self.choices = [c.strip() for c in tail.split("|")]
        elif _BETWEEN.search(tail):
            lo, hi = _BETWEEN.search(tail).groups()
            self.bounds = [(">=", _number(lo)), ("<=", _number(hi))]
        elif _BOUND.search(tail):
            op, v = _BOUND.search(tail).groups()
            self.bounds = [(op, _number(v))]
        else:
            raise ValueError(f"parameter {name}: its comment must end with the allowed values "
                             f"(>= a, > a, <= b, < b, a to b, x | y, any), found '{comment}'")
        self.default = self._literal(self.default_source)

    def _literal(self, source):
        """The default's value when it is a literal, else None (the notebook computes it)."""
        if self.type == "String" and not (len(source) >= 2 and source[0] == source[-1] == '"'):
            return None   # a String's literal is quoted; anything else is an expression
        try:
            return self.parse(source.replace("new int[]", "").replace("new double[]", "").strip(), check=False)
        except ParameterError:
            return None

    def range_text(self):
        if self.choices:
            return " | ".join(self.choices)
        if self.bounds:
            return ", ".join(f"{op} {_show(v)}" for op, v in self.bounds)
        return "any"

    def describe(self):
        default = self.default_source if self.default is None else _show(self.default)
        extra = (", ascending" if self.ascending else "") + (", holding " + ", ".join(map(_show, self.holding)) if self.holding else "")
        return f"{self.type} {self.name} = {default}  ({'each ' if self.type.endswith('[]') else ''}{self.range_text()}{extra})"

    def parse(self, text, check=True):
        """The value ``text`` stands for, checked against the type and the range; ParameterError if not."""
        text = text.strip()
        if self.type.endswith("[]"):
            inner = text[1:-1] if text[:1] in "[{" and text[-1:] in "]}" else text
            parts = [p.strip() for p in inner.split(",") if p.strip()]
            if not parts:
                raise ParameterError(f"{self.name}: expected a {self.type} such as [1,10,100], found '{text}'")
            values = [self._scalar(self.type[:-2], p) for p in parts]
            if check:
                for v in values:
                    self._check(v, text)
                if self.ascending and any(b <= a for a, b in zip(values, values[1:])):
                    raise ParameterError(f"{self.name}: expected ascending values, found {text}")
                missing = [v for v in self.holding if v not in values]
                if missing:
                    raise ParameterError(f"{self.name}: expected values holding {', '.join(map(_show, self.holding))}, "
                                         f"found {text} (without {', '.join(map(_show, missing))})")
            return values
        value = self._scalar(self.type, text)
        if check:
            self._check(value, text)
        return value

    def _scalar(self, type_, text):
        wrong = ParameterError(f"{self.name}: expected {'an' if type_[0] in 'i' else 'a'} {type_}, found '{text}'")
        if type_ in ("int", "long"):
            if not re.fullmatch(r"-?\d[\d_]*[lL]?", text):
                raise wrong
            v = int(text.rstrip("lL").replace("_", ""))
            if type_ == "int" and not -2**31 <= v < 2**31 or not -2**63 <= v < 2**63:
                raise ParameterError(f"{self.name}: {text} does not fit in a Java {type_}")
            return v
        if type_ == "double":
            if not re.fullmatch(_NUMBER + r"[dD]?", text):
                raise wrong
            v = float(text.rstrip("dD").replace("_", ""))
            if not math.isfinite(v):
                raise wrong
            return v
        if type_ == "boolean":
            if text not in ("true", "false"):
                raise ParameterError(f"{self.name}: expected a boolean (true or false), found '{text}'")
            return text == "true"
        if type_ == "String":
            if len(text) >= 2 and text[0] == text[-1] == '"':
                return json.loads(text)
            return text
        raise ValueError(type_)

    def _check(self, value, text):
        if self.choices is not None and (str(value).lower() if isinstance(value, bool) else str(value)) not in self.choices:
            raise ParameterError(f"{self.name}: expected one of {' | '.join(self.choices)}, found '{text}'")
        for op, bound in self.bounds:
            ok = {">=": value >= bound, ">": value > bound, "<=": value <= bound, "<": value < bound}[op]
            if not ok:
                raise ParameterError(f"{self.name}: expected {op} {_show(bound)}, found {_show(value)}")

    def java(self, value):
        """A Java declaration of this parameter with ``value``."""
        return f"{self.type} {self.name} = {_java_value(self.type, value)};"


def _number(text):
    text = text.replace("_", "")
    return float(text) if re.search(r"[.eE]", text) else int(text)


def _show(v):
    if isinstance(v, float):
        return f"{v:g}" if v == v else "NaN"
    if isinstance(v, list):
        return "[" + ",".join(_show(x) for x in v) + "]"
    return str(v).lower() if isinstance(v, bool) else str(v)


def _java_value(type_, value):
    if type_.endswith("[]"):
        return f"new {type_} {{" + ", ".join(_java_value(type_[:-2], v) for v in value) + "}"
    if type_ == "long":
        return f"{value}L"
    if type_ == "double":
        return repr(float(value))
    if type_ == "boolean":
        return "true" if value else "false"
    if type_ == "String":
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def parameters_cell(nb):
    """(index, cell) of the notebook's one cell tagged 'parameters', or None."""
    found = [(i, c) for i, c in enumerate(nb.cells)
             if c.cell_type == "code" and PARAMETERS_TAG in c.get("metadata", {}).get("tags", [])]
    if len(found) > 1:
        raise ValueError(f"{len(found)} cells are tagged '{PARAMETERS_TAG}'; a notebook has one")
    return found[0] if found else None


def declared(nb, where="the notebook"):
    """The parameters of a notebook, by name, in the order of its parameters cell (empty if it has none)."""
    found = parameters_cell(nb)
    if found is None:
        return {}
    params = {}
    for line in found[1].source.splitlines():
        if not line.strip() or line.strip().startswith("//"):
            continue
        m = _DECLARATION.match(line)
        if not m:
            raise ValueError(f"{where}: the parameters cell holds only declarations 'TYPE NAME = DEFAULT;  "
                             f"// what it is, allowed values' (types {', '.join(_TYPES)}); found: {line.strip()}")
        params[m.group(2)] = Parameter(*m.groups())
    return params


def split_values(text):
    """The values of a sweep, ``0.5,1,2``: split at commas outside brackets (an array is one value)."""
    values, depth, current = [], 0, ""
    for ch in text:
        depth += ch in "[{"
        depth -= ch in "]}"
        if ch == "," and depth == 0:
            values.append(current)
            current = ""
        else:
            current += ch
    values.append(current)
    return [v.strip() for v in values]


def combinations(params, given, where):
    """The runs a command line asks for: a list of {name: value} (one per combination of the
    swept values, in the order given), and the names swept. Raises ParameterError naming the
    first value the parameters cell does not allow."""
    if given and not params:
        raise ParameterError(f"{where} has no cell tagged '{PARAMETERS_TAG}': it takes no parameters")
    names, choices = [], []
    for name, text in given:
        if name not in params:
            raise ParameterError(f"{where} has no parameter '{name}'; its parameters: "
                                 + "; ".join(p.describe() for p in params.values()))
        if name in names:
            raise ParameterError(f"parameter '{name}' is given twice; give the values of a sweep as one list: -p {name} a,b,c")
        values = [params[name].parse(v) for v in split_values(text)]
        names.append(name)
        choices.append(values)
    combos = [dict(zip(names, c)) for c in itertools.product(*choices)]
    swept = [n for n, c in zip(names, choices) if len(c) > 1]
    return combos, swept


def inject(nb, params, values, cell_id="injected-parameters"):
    """Inserts the injected-parameters cell after the parameters cell: a declaration per given
    value, then RunLog.parameters(...) with every parameter, so the record gets the values used.
    Keeps the given values where papermill does (metadata.papermill.parameters)."""
    index, _ = parameters_cell(nb)
    lines = ["// Injected by ./lecture run -p: these values replace the defaults above."]
    lines += [params[n].java(v) for n, v in values.items()] or ["// (no value given: the defaults above)"]
    lines.append("// Every value this run uses, for its record (runs/<id>/record.json):")
    lines.append("vae.run.RunLog.parameters(" + ", ".join(f'"{n}", {n}' for n in params) + ");")
    cell = nbformat.v4.new_code_cell("\n".join(lines))
    cell.id = cell_id
    cell.metadata["tags"] = [INJECTED_TAG]
    nb.cells.insert(index + 1, cell)
    nb.metadata["papermill"] = {"parameters": values,
                                "default_parameters": {n: p.default for n, p in params.items()}}
    return nb


# ---------------------------------------------------------------------------------------------
# What the runner knows before the run

def utc_now():
    return datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)


def run_id(when, name, values):
    """<UTC yyyyMMdd-HHmmss>-<name>[-<name>=<value>...], only characters safe in a folder name."""
    parts = [when.strftime("%Y%m%d-%H%M%S"), name] + [f"{n}={_show(v)}" for n, v in values.items()]
    return re.sub(r"[^A-Za-z0-9._=+-]", "_", "-".join(parts))


def _git(*args):
    return subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, text=True, check=True).stdout


def code():
    try:
        commit = _git("rev-parse", "HEAD").strip()
        dirty = bool(_git("status", "--porcelain").strip())
    except (OSError, subprocess.CalledProcessError):
        commit, dirty = None, None
    version = None
    pom = ROOT / "lib" / "pom.xml"
    m = re.search(r"<parent>.*?<version>([^<]+)</version>", pom.read_text(), re.S) if pom.exists() else None
    if m:
        version = m.group(1)
    return {"commit": commit, "dirty": dirty, "libraryVersion": version}


def machine():
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    if cpu == "unknown":
        cpu = platform.processor() or "unknown"
    return {"cpu": cpu, "cores": os.cpu_count(), "os": f"{platform.system()} {platform.release()} {platform.machine()}"}


def data_digests(folder=None):
    """SHA-256 of each MNIST file the notebooks read (the library's data folder, VAE_DATA_DIR if set)."""
    folder = Path(folder or os.environ.get("VAE_DATA_DIR") or DATA)
    digests = {}
    for f in sorted(folder.glob("*-ubyte")) if folder.is_dir() else []:
        h = hashlib.sha256()
        with open(f, "rb") as stream:
            for block in iter(lambda: stream.read(1 << 20), b""):
                h.update(block)
        digests[f.name] = h.hexdigest()
    return digests


def write_json(path, value):
    """Writes JSON to a temporary file beside ``path``, then renames it over ``path``."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix="." + path.name + ".", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(value, f, indent=2, ensure_ascii=False)
            f.write("\n")
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def read_json(path, default=None):
    path = Path(path)
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else default


def read_jsonl(path):
    path = Path(path)
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


# ---------------------------------------------------------------------------------------------
# One recorded run

class Run:
    """A run about to happen: its folder, run.json, the notebook with its injected cell."""

    def __init__(self, source, nb, edition, params, values, preset, runs, sweep=None, reproduces=None):
        self.source, self.edition, self.params, self.values = Path(source), edition, params, dict(values)
        self.preset = preset
        self.name = self.source.stem
        self.started = utc_now()
        runs = Path(runs)
        runs.mkdir(parents=True, exist_ok=True)
        base = run_id(self.started, self.name, self.values)
        self.id, n = base, 2
        while True:   # two runs in the same second with the same values: -2, -3, ...
            try:
                (runs / self.id).mkdir()
                break
            except FileExistsError:
                self.id, n = f"{base}-{n}", n + 1
        self.folder = runs / self.id
        (self.folder / "models").mkdir()
        known = {n: p.default for n, p in params.items() if p.default is not None}
        known.update(self.values)
        if "preset" in params:
            known["preset"] = preset
        try:
            notebook = str(self.source.resolve().relative_to(ROOT))
        except ValueError:
            notebook = str(self.source.resolve())
        self.run = {
            "schema": SCHEMA, "id": self.id, "kind": "notebook", "name": self.name, "edition": edition,
            "notebook": notebook, "preset": preset, "parameters": known, "injected": self.values, "sweep": sweep,
            "reproduces": reproduces, "code": code(), "machine": machine(), "data": data_digests(),
            "started": self.started.isoformat().replace("+00:00", "Z"),
        }
        write_json(self.folder / "run.json", self.run)
        self.nb = inject(nb, params, self.values)

    def environment(self):
        """The kernel's environment: the run's folder, and the preset as VAE_FULL (what the notebooks read)."""
        env = dict(os.environ)
        env["VAE_RUN_DIR"] = str(self.folder.resolve())
        if "preset" in self.params:
            env["VAE_FULL"] = "1" if self.preset == "full" else "0"
        return env

    def finish(self, executed, seconds, failure=None, error=None):
        """Writes the executed notebook, then record.json (last, atomically); returns the record."""
        nbformat.write(executed, self.folder / f"{self.name}.ipynb")
        record = dict(self.run)
        used = read_json(self.folder / "parameters.json")
        if used:
            record["parameters"] = used | ({"preset": self.preset} if "preset" in self.params else {})
        record["runtime"] = read_json(self.folder / "runtime.json")
        record["wallSeconds"] = round(seconds, 1)
        record["status"] = "failed" if failure else "ok"
        record["error"] = error if failure else None
        record["metrics"] = read_jsonl(self.folder / "metrics.jsonl")
        record["models"] = read_jsonl(self.folder / "models.jsonl")
        order = ["schema", "id", "kind", "name", "edition", "notebook", "preset", "parameters", "injected", "sweep",
                 "reproduces", "code", "runtime", "machine", "data", "started", "wallSeconds", "status", "error",
                 "metrics", "models"]
        record = {k: record.get(k) for k in order}
        write_json(self.folder / "record.json", record)
        return record


NO_PRESET = "default"   # the record's preset of a notebook that has none (a toy notebook: one size)


def default_preset(params):
    """The preset when none is given: full with VAE_FULL=1 in the environment, as the notebooks read
    it, else quick; "default" for a notebook without presets."""
    if "preset" not in params:
        return NO_PRESET
    return "full" if os.environ.get("VAE_FULL") == "1" else "quick"


def plan(source, nb, given, preset, where):
    """Validates everything a command line asks of one notebook, before any run: returns
    (params, combinations, swept names). ParameterError otherwise."""
    params = declared(nb, where)
    given = list(given)
    if preset is not None:
        if any(n == "preset" for n, _ in given):
            raise ParameterError("the preset is given twice: --preset and -p preset; give one")
        given.append(("preset", preset))
    if not params and not given:
        return params, [{}], []
    if "preset" not in params and any(n == "preset" for n, _ in given):
        raise ParameterError(f"{where} has no presets (its parameters cell declares no 'preset'); its parameters: "
                             + "; ".join(p.describe() for p in params.values()))
    combos, swept = combinations(params, given, where)
    return params, combos, swept


# ---------------------------------------------------------------------------------------------
# Reproduce

def find_record(text, runs=RUNS):
    """The record.json of a run named by id, by its folder, or by the record file itself (a record
    committed under records/, whose run folder is not in this copy)."""
    p = Path(text)
    if p.suffix == ".json" and p.is_file():
        return p
    for candidate in (p, Path(runs) / text):
        if (candidate / "record.json").is_file():
            return candidate / "record.json"
    raise FileNotFoundError(f"no run '{text}': expected a record file, a folder with record.json, or the id of one in {runs}")


def _relative(a, b):
    if a is None or b is None:
        return "n/a"
    if a == b:
        return "0"
    if a == 0:
        return "n/a (was 0)"
    return f"{(b - a) / abs(a):+.3g}"


def compare(old, new):
    """Lines saying what differs between two records: models (weights digests), parameters,
    versions, runtime and machine, data, and how far each metric moved. Returns (lines, same_digests)."""
    lines = []
    # The runs save the same models in the same order (a changed parameter may change their names).
    old_models = [(m["file"], m["weightsDigest"]) for m in old.get("models") or []]
    new_models = [(m["file"], m["weightsDigest"]) for m in new.get("models") or []]
    same = bool(old_models) and [d for _, d in old_models] == [d for _, d in new_models]
    for (f, a), (g, b) in zip(old_models, new_models):
        name = f if f == g else f"{f} / {g}"
        lines.append(f"same weights digest: {name} {a[:16]}..." if a == b
                     else f"different weights digest: {name}: {a[:16]}... then {b[:16]}...")
    for f, _ in old_models[len(new_models):]:
        lines.append(f"model only in the old run: {f}")
    for f, _ in new_models[len(old_models):]:
        lines.append(f"model only in the new run: {f}")
    if not old_models and not new_models:
        lines.append("no model saved by either run: no weights digest to compare")

    def differ(title, a, b):
        a, b = a or {}, b or {}
        diffs = [f"{k}: {json.dumps(a.get(k))} -> {json.dumps(b.get(k))}" for k in sorted(set(a) | set(b)) if a.get(k) != b.get(k)]
        lines.append(f"{title}: " + ("same" if not diffs else "; ".join(diffs)))
        return diffs

    differ("parameters", old.get("parameters"), new.get("parameters"))
    differ("preset", {"preset": old.get("preset")}, {"preset": new.get("preset")})
    differ("versions (code)", old.get("code"), new.get("code"))
    differ("java", {k: (old.get("runtime") or {}).get(k) for k in ("java", "vm")},
           {k: (new.get("runtime") or {}).get(k) for k in ("java", "vm")})
    differ("machine", dict(old.get("machine") or {}, **{k: (old.get("runtime") or {}).get(k) for k in ("matmul", "vectorBits", "threads")}),
           dict(new.get("machine") or {}, **{k: (new.get("runtime") or {}).get(k) for k in ("matmul", "vectorBits", "threads")}))
    differ("data", old.get("data"), new.get("data"))

    def keyed(metrics):
        seen, out = {}, {}
        for m in metrics or []:
            key = (m["name"], m.get("k"), m.get("images"))
            seen[key] = seen.get(key, 0) + 1
            out[key + (seen[key],)] = m
        return out

    a, b = keyed(old.get("metrics")), keyed(new.get("metrics"))
    moved = []
    for key in list(a) + [k for k in b if k not in a]:
        label = key[0] + (f" (K = {key[1]})" if key[1] is not None else "") + (f" on {key[2]} images" if key[2] is not None else "")
        if key[3] > 1:
            label += f" #{key[3]}"
        if key not in a or key not in b:
            moved.append(f"  {label}: only in the {'new' if key not in a else 'old'} run")
            continue
        x, y = a[key].get("value"), b[key].get("value")
        if x == y:
            continue
        diff = "n/a" if x is None or y is None else f"{y - x:+.6g}"
        moved.append(f"  {label}: {x} -> {y} {a[key].get('unit') or ''} (moved {diff}, relative {_relative(x, y)})")
    lines.append(f"metrics: {len(a)} in the old run, {len(b)} in the new; "
                 + ("every value the same" if not moved else f"{len(moved)} moved:"))
    lines.extend(moved)
    return lines, same


if __name__ == "__main__":
    print(__doc__)
    sys.exit(2)
