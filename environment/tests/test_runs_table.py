"""Comparing runs: `./lecture runs` and the site's runs page, on the made-up records in
lib/src/test/resources/vae/run/fixture-copy (a beta sweep of 06-train-vae, a run with beta and
latentDim both changed, a malformed record, a committed experiment record; see its README: test
data, never results) and on a copy without records.

What the command and the page show is checked against the fixture's JSON files read here,
independently of the Java reader: the ids, every parameter and metric as a column (a metric with
its K in the column's name), blanks where a run lacks one, the filters and the sort, the CSV
file (relative to the caller's folder), the malformed record named with what is wrong, and a
wrong option refused before anything is written. The page (both languages) is checked for its
table, one plot per (sweep, metric), and in Chromium: images load, no raw TeX, nothing from
outside the site, the language switch leads to the other language's runs page.
"""
import csv
import functools
import json
import os
import re
import shutil
import subprocess
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "environment" / "site"))
import browser_run  # noqa: E402
import build_site  # noqa: E402

FIXTURE = ROOT / "lib" / "src" / "test" / "resources" / "vae" / "run" / "fixture-copy"
BROKEN = "runs/20261201-120000-06-train-vae-broken/record.json"
RUN_COLUMNS = ["id", "name", "preset", "status", "wall seconds", "commit", "dirty", "java", "vector bits", "threads", "weights"]


def fixture_records():
    """The fixture's well-formed records, read here as plain JSON, by id."""
    records = {}
    for path in sorted(FIXTURE.glob("runs/*/record.json")) + sorted(FIXTURE.glob("records/**/*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("schema") == "vae-lecture.run/1" and path.relative_to(FIXTURE).as_posix() != BROKEN:
            records[data["id"]] = data
    return records


def metric_label(m):
    return m["name"] if m.get("k") is None else f'{m["name"]} K={m["k"]}'


def number(text):
    return float(text) if text != "" else None


def lecture_runs(*args, cwd=None):
    """./lecture runs ARGS (the setup is the test run's: VAE_SETUP_DONE=1); (exit status, stdout, stderr)."""
    env = dict(os.environ, VAE_SETUP_DONE="1")
    done = subprocess.run([str(ROOT / "lecture"), "runs", *args], capture_output=True, text=True, timeout=120,
                          cwd=cwd or ROOT, env=env)
    return done.returncode, done.stdout, done.stderr


def table_rows(stdout):
    """The printed table as (header, rows of cells), the cells stripped."""
    lines = [line for line in stdout.splitlines() if "|" in line]
    split = [[c.strip() for c in line.strip().rstrip("|").split("|")] for line in lines]
    return split[0], split[1:]


def test_the_table_has_every_record_parameter_and_metric():
    code, out, err = lecture_runs("--copy", str(FIXTURE))
    assert code == 0, err
    header, rows = table_rows(out)
    records = fixture_records()
    assert sorted(r[header.index("id")] for r in rows) == sorted(records), "one row per well-formed record"
    parameters = {p for r in records.values() for p in r["parameters"] if p != "preset"}
    metrics = {metric_label(m) for r in records.values() for m in r["metrics"]}
    assert "log p(x) K=1000" in metrics and "log p(x) K=5000" in metrics   # the fixture has the same metric at two K
    assert set(header) == set(RUN_COLUMNS) | parameters | metrics, header
    for row in rows:
        record = records[row[header.index("id")]]
        for p in parameters:   # blank exactly where the record lacks the parameter
            value, cell = record["parameters"].get(p), row[header.index(p)]
            if isinstance(value, list):   # a list of numbers, written [1 5000]
                assert cell == "[" + " ".join(f"{v:g}" for v in value) + "]", (record["id"], p, cell)
            else:
                assert number(cell) == (None if value is None else float(value)), (record["id"], p)
        for label in metrics:
            values = [m["value"] for m in record["metrics"] if metric_label(m) == label]
            assert number(row[header.index(label)]) == (values[-1] if values else None), (record["id"], label)
        assert row[header.index("commit")] == record["code"]["commit"][:7]
        assert row[header.index("weights")] == record["models"][0]["weightsDigest"][:12]
    assert f"runs: skipped {BROKEN}: " in err and '"status" is "done", expected "ok" or "failed"' in err, err
    assert "no \"runtime\"" in err and '"metrics"[0]."k" is "5000"' in err, err
    assert out.strip().splitlines()[-1].startswith(f"runs: {len(records)} of {len(records)} runs; 4 in runs/, 1 committed in records/")


def test_filter_sort_and_columns():
    code, out, err = lecture_runs("--copy", str(FIXTURE), "--name", "06-train-vae", "--where", "beta=0.5,2,4",
                                  "--where", "latentDim=20", "--sort", "-beta", "--columns", "id,beta,test ELBO")
    assert code == 0, err
    header, rows = table_rows(out)
    assert header == ["id", "beta", "test ELBO"]
    records = fixture_records()
    want = sorted((r for r in records.values() if r["name"] == "06-train-vae" and r["parameters"].get("beta") in (0.5, 2, 4)
                   and r["parameters"].get("latentDim") == 20), key=lambda r: -r["parameters"]["beta"])
    assert [row[0] for row in rows] == [r["id"] for r in want] and len(want) == 2, rows
    assert [number(row[2]) for row in rows] == [next(m["value"] for m in r["metrics"] if m["name"] == "test ELBO") for r in want]


def test_csv_goes_where_the_caller_is(tmp_path):
    code, out, err = lecture_runs("--copy", str(FIXTURE), "--sort", "wall seconds", "--csv", "runs.csv", cwd=tmp_path)
    assert code == 0, err
    with open(tmp_path / "runs.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    records = fixture_records()
    assert sorted(r["id"] for r in rows) == sorted(records)
    walls = [float(r["wall seconds"]) for r in rows]
    assert walls == sorted(walls) and walls[-1] == 3600, walls   # the experiment's hour last
    for row in rows:
        record = records[row["id"]]
        assert float(row["wall seconds"]) == record["wallSeconds"]
        elbo = [m["value"] for m in record["metrics"] if m["name"] == "test ELBO"]
        assert float(row["test ELBO"]) == elbo[-1]
    assert "written to runs.csv" in out and "|" not in out, out
    assert sorted(p.name for p in tmp_path.iterdir()) == ["runs.csv"], "no temporary file left"


@pytest.mark.parametrize("args, says", [
    (["--sort", "bta"], 'no column "bta"; the columns are: id, name, preset'),
    (["--where", "beta"], "--where beta: expected COLUMN=VALUE"),
    (["--where", "beta=high"], 'column "beta" holds numbers; "high" is not one'),
    (["--columns", "id,gamma"], 'no column "gamma"'),
])
def test_a_wrong_option_is_refused_before_anything_is_written(tmp_path, args, says):
    code, out, err = lecture_runs("--copy", str(FIXTURE), *args, "--csv", "runs.csv", cwd=tmp_path)
    assert code == 2, (out, err)
    assert says in err, err
    assert out == "" and list(tmp_path.iterdir()) == [], "nothing printed, no file written"


def test_no_records_says_how_to_make_one(tmp_path):
    code, out, err = lecture_runs("--copy", str(tmp_path))
    assert code == 0, err
    assert out.startswith("runs: no runs recorded yet (0 in runs/, 0 committed in records/)"), out
    assert "./lecture run notebooks/06-train-vae.ipynb" in out and "-p beta" in out, out


# -- the page ---------------------------------------------------------------------------

def runs_site(out, copy):
    """Only the runs pages (both languages) of a site in `out`, from the records of `copy`, with
    the static files they load; returns (editions, RunsPage's data)."""
    en = build_site.Edition("en", out / "no-notebooks", out)
    zh = build_site.Edition("zh", out / "no-notebooks", out)
    en.other, zh.other = zh, en
    zh.out.mkdir(parents=True, exist_ok=True)
    build_site.copy_static(out)
    data = build_site.build_runs_pages([en, zh], out, runs_from=copy, log=lambda *_: None)
    return [en, zh], data


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory):
    out = tmp_path_factory.mktemp("runs-site")
    return out, *runs_site(out, FIXTURE)


def cells_of(page):
    body = page.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [re.findall(r"<td[^>]*>(.*?)</td>", row) for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, flags=re.S)]


def test_the_page_shows_the_table_and_a_plot_per_sweep_and_metric(fixture_site):
    out, editions, data = fixture_site
    records = fixture_records()
    page = (out / "runs.html").read_text(encoding="utf-8")
    header = re.findall(r'<th class="(?:run|parameter|metric)"[^>]*>(.*?)</th>', page)
    rows = cells_of(page)
    assert sorted(r[header.index("id")] for r in rows) == sorted(records)
    experiment = next(r for r in rows if r[header.index("id")] == "20261130-090000-fixture-experiment")
    assert experiment[header.index("beta")] == "" and experiment[header.index("passes")] == "3280"
    assert "log p(x) K=5000" in header and "log p(x) K=1000" in header
    assert BROKEN in page and "expected &quot;ok&quot; or &quot;failed&quot;" in page, "the malformed record is named"

    # the sweep: the beta runs with everything else equal (beta = 4 also changed latentDim: not in it)
    sweep_ids = sorted(i for i, r in records.items() if r["name"] == "06-train-vae" and r["parameters"]["latentDim"] == 20)
    [sweep] = data["sweeps"]
    assert sweep["parameter"] == "beta" and sorted(sweep["runs"]) == sweep_ids
    reported = [{metric_label(m) for m in records[i]["metrics"]} for i in sweep_ids]
    plotted = {label for label in set.union(*reported) if sum(label in r for r in reported) >= 2}
    assert {p["metric"] for p in sweep["plots"]} == plotted == {"test ELBO", "reconstruction", "KL", "active units"}
    images = re.findall(r'<img src="([^"]+)" alt="([^"]+)"', page)
    assert [src for src, _ in images] == [f"runs/{p['file']}" for p in sweep["plots"]]
    for src, alt in images:
        assert (out / src).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", src
        assert "against beta" in alt, alt

    zh = (out / "zh" / "runs.html").read_text(encoding="utf-8")
    assert '<html lang="zh-Hans">' in zh and "运行记录对照" in zh and ">耗时（秒）</th>" in zh
    assert re.findall(r'<img src="\.\./runs/[^"]+"', zh) and len(cells_of(zh)) == len(rows)


def test_the_page_without_records_shows_the_command(tmp_path):
    out = tmp_path / "site"
    editions, data = runs_site(out, tmp_path / "empty-copy")
    assert data["records"] == 0 and data["sweeps"] == []
    for ed in editions:
        page = (ed.out / "runs.html").read_text(encoding="utf-8")
        assert "<table" not in page and "<img" not in page
        assert build_site.LANGUAGES[ed.lang]["runs_none"] in page
        assert "./lecture run notebooks/06-train-vae.ipynb -p beta 0.5,1,2,4" in page


def test_the_page_with_records_but_no_sweep_says_what_makes_one(tmp_path):
    copy = tmp_path / "copy"
    one = next(FIXTURE.glob("runs/*-beta=1/record.json"))
    (copy / "runs" / one.parent.name).mkdir(parents=True)
    shutil.copy(one, copy / "runs" / one.parent.name / "record.json")
    editions, data = runs_site(tmp_path / "site", copy)
    assert data["records"] == 1 and data["sweeps"] == []
    for ed in editions:
        page = (ed.out / "runs.html").read_text(encoding="utf-8")
        assert len(cells_of(page)) == 1 and "<img" not in page
        assert build_site.LANGUAGES[ed.lang]["runs_no_sweep"] in page and "-p beta 0.5,1,2,4" in page


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def test_the_page_in_the_browser(fixture_site, tmp_path):
    out, editions, data = fixture_site
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(out)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    plan = tmp_path / "plan.json"
    plan.write_text(json.dumps({"base": base, "screenshots": str(tmp_path), "pages": [
        {"path": "runs.html", "kind": "index", "cjk": True, "follow": True},
        {"path": "zh/runs.html", "kind": "index", "cjk": True, "follow": True}]}))
    try:
        code, stdout, stderr, leftovers = browser_run.run("check_site.js", plan)
    except browser_run.BrowserSetupError as e:
        pytest.fail(str(e), pytrace=False)
    finally:
        server.shutdown()
        server.server_close()
    assert code == 0 and not leftovers, stderr[-2000:]
    report = json.loads(stdout)
    plots = sum(len(s["plots"]) for s in data["sweeps"])
    problems = [f"requested from outside the site: {u}" for u in report["offsite"]]
    for p, other in zip(report["pages"], ["zh/runs.html", "runs.html"]):
        name = p["path"]
        problems += [f"{name}: {p['error']}"] if "error" in p else []
        shown = [i for i in p.get("images", []) if i["ok"]]
        if len(shown) != plots or len(p.get("images", [])) != plots:
            problems.append(f"{name}: {len(shown)} of {len(p.get('images', []))} images loaded, {plots} plots")
        problems += [f"{name}: raw TeX: {t}" for t in p.get("rawTex", [])]
        problems += [f"{name}: {m}" for m in p.get("consoleErrors", []) + p.get("pageErrors", [])
                     + p.get("failedRequests", []) + p.get("badResponses", [])]
        followed = p.get("followed") or {}
        if not followed.get("url", "").endswith("/" + other):
            problems.append(f"{name}: the language switch led to {followed.get('url')}, expected {other}")
    assert not problems, "\n".join(problems)
