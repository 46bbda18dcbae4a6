"""Parameters, run records and reproduce (issue 19), on the real kernel with a tiny notebook.

The notebook below is the series' MNIST notebooks in small: a parameters cell, a VAE trained on a few
hundred images through ModelStore (so its model lands in the run's models/), one metric through
RunLog. Each run takes seconds; the module's runs share one folder of run folders.
"""
import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import nbformat
import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # nbrun.py, runrecord.py, one folder up
import nbrun  # noqa: E402
import runrecord  # noqa: E402

ROOT = HERE.parent.parent
SCHEMA = json.loads((ROOT / "docs" / "run-record.schema.json").read_text())

PARAMETERS = """\
// The parameters of this test notebook
String preset = Experiment.defaultPreset();   // the size (VAE_FULL=1: full): quick | full
long seed = 1;                                // seeds the weights, the batches and z: >= 0
double beta = 1.0;                            // the KL term's weight, >= 0
int images = 300;                             // training images, 1 to 60000"""

TRAIN = """\
Mnist mnist = Mnist.load();
VaeConfig config = VaeConfig.builder().hiddenDim(24).latentDim(2).batchSize(50).epochs(1).seed(seed).beta(beta)
        .binarisation(Binarisation.BERNOULLI).build();
Matrix testImages = mnist.test().head(200).binarised(2016).images();
ModelStore store = new ModelStore(java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "vae-test-runs-models"));
Vae vae = store.loadOrTrain(config, mnist.train().head(images).images(), testImages, Experiment.named(preset).mode());
double elbo = RunLog.metric("test ELBO", ElboTerms.of(vae, testImages, 1, new Rng(5)).meanElbo(), "nats", null, 200, null);
System.out.println("ELBO " + elbo + " beta " + beta + " preset " + preset);"""


def tiny_notebook(folder):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": nbrun.KERNEL_NAME, "display_name": "Java", "language": "java"}
    intro = nbformat.v4.new_markdown_cell("A tiny recorded run.")
    params = nbformat.v4.new_code_cell(PARAMETERS)
    params.metadata["tags"] = ["parameters"]
    nb.cells = [intro, params, nbformat.v4.new_code_cell(TRAIN)]
    path = Path(folder) / "tiny-run.ipynb"
    nbformat.write(nb, path)
    return path


def lecture_run(*args, env=None):
    """nbrun.py as ./lecture run calls it, in a child process (its own exit code and output)."""
    return subprocess.run([sys.executable, str(HERE.parent / "nbrun.py"), *map(str, args)],
                          capture_output=True, text=True, env=dict(os.environ, **(env or {})), timeout=600)


def records(runs):
    return {p.name: json.loads((p / "record.json").read_text()) for p in Path(runs).iterdir() if (p / "record.json").exists()}


@pytest.fixture(scope="module")
def place(tmp_path_factory):
    folder = tmp_path_factory.mktemp("recorded")
    return tiny_notebook(folder), folder / "runs"


@pytest.fixture(scope="module")
def first_run(place):
    """One run with beta injected: (its folder, its record)."""
    notebook, runs = place
    done = lecture_run(notebook, "-p", "beta", "0.5", "--runs", runs)
    assert done.returncode == 0, done.stdout + done.stderr
    [(name, record)] = [(n, r) for n, r in records(runs).items() if r["injected"] == {"beta": 0.5}]
    return runs / name, record


def test_injected_values_run_after_the_parameters_cell_and_are_kept_where_papermill_keeps_them(first_run):
    folder, record = first_run
    nb = nbformat.read(folder / "tiny-run.ipynb", as_version=4)
    tags = [c.metadata.get("tags", []) for c in nb.cells]
    assert tags[1] == ["parameters"] and tags[2] == ["injected-parameters"], tags
    assert "double beta = 0.5;" in nb.cells[2].source
    assert nb.metadata["papermill"]["parameters"] == {"beta": 0.5}
    # the kernel used the injected value, not the default: the training cell printed it
    printed = "".join(o.get("text", "") for o in nb.cells[3].outputs)
    assert "beta 0.5 preset quick" in printed, printed
    assert record["parameters"] == {"preset": "quick", "seed": 1, "beta": 0.5, "images": 300}
    assert record["id"].endswith("-tiny-run-beta=0.5")
    assert folder.name == record["id"]


def test_a_record_is_valid_and_names_its_model_with_the_digest_of_the_file(first_run):
    folder, record = first_run
    jsonschema.validate(record, SCHEMA)
    assert record["status"] == "ok" and record["error"] is None
    [model] = record["models"]
    assert model["file"].startswith("models/vae-z2-h24-beta0.5-") and (folder / model["file"]).is_file()
    assert len(model["weightsDigest"]) == 64
    [metric] = record["metrics"]
    assert metric["name"] == "test ELBO" and metric["images"] == 200 and metric["value"] < 0
    assert record["runtime"]["java"] and record["runtime"]["matmul"] in ("vector-api", "loops")
    assert record["data"]["train-images-idx3-ubyte"] == (ROOT / "environment" / "mnist.sha256").read_text().split(
        "train-images-idx3-ubyte")[0].split()[-1], "the data digest is not the file's checked SHA-256"
    # the model file says how it was made: read here from the format ModelFile documents (magic, version,
    # then three length-prefixed strings: configuration, library version, how it was made)
    data = (folder / model["file"]).read_bytes()
    assert data[:4] == b"VAE1" and int.from_bytes(data[4:8], "big") == 3
    at, strings = 8, []
    for _ in range(3):
        length = int.from_bytes(data[at:at + 2], "big")
        strings.append(data[at + 2:at + 2 + length].decode("utf-8"))
        at += 2 + length
    provenance = json.loads(strings[2])
    assert provenance["run"] == record["id"]
    assert provenance["parameters"] == record["parameters"]
    assert provenance["code"] == record["code"] and provenance["machine"] == record["machine"]


@pytest.mark.parametrize("args, message", [
    (["-p", "betta", "2"], "has no parameter 'betta'; its parameters: String preset"),
    (["-p", "images", "12.5"], "images: expected an int, found '12.5'"),
    (["-p", "beta", "-1"], "beta: expected >= 0, found -1"),
    (["-p", "images", "0"], "images: expected >= 1, found 0"),
    (["-p", "preset", "medium"], "preset: expected one of quick | full, found 'medium'"),
    (["-p", "beta", "1,x"], "beta: expected a double, found 'x'"),
])
def test_a_bad_value_is_named_before_anything_runs_and_nothing_is_written(tmp_path, args, message):
    notebook = tiny_notebook(tmp_path)
    runs = tmp_path / "runs"
    done = lecture_run(notebook, *args, "--runs", runs)
    assert done.returncode == 2, done.stdout + done.stderr
    assert message in done.stderr, done.stderr
    assert "nothing was run or written" in done.stderr
    assert not runs.exists(), "a rejected command line left a folder of runs"


def test_a_sweep_runs_each_value_in_a_folder_of_its_own_with_one_sweep_id(tmp_path):
    notebook = tiny_notebook(tmp_path)
    runs = tmp_path / "runs"
    done = lecture_run(notebook, "-p", "seed", "1,2", "-p", "images", "200", "--runs", runs)
    assert done.returncode == 0, done.stdout + done.stderr
    found = records(runs)
    assert len(found) == 2, found.keys()
    for record in found.values():
        jsonschema.validate(record, SCHEMA)
    seeds = sorted(r["parameters"]["seed"] for r in found.values())
    assert seeds == [1, 2]
    sweeps = {json.dumps(r["sweep"], sort_keys=True) for r in found.values()}
    assert len(sweeps) == 1, sweeps
    sweep = next(iter(found.values()))["sweep"]
    assert sweep["names"] == ["seed"] and sweep["id"].endswith("-tiny-run-sweep")
    digests = {r["models"][0]["weightsDigest"] for r in found.values()}
    assert len(digests) == 2, "two seeds gave the same weights"


def test_reproduce_at_a_narrower_vector_width_and_one_thread_gives_the_same_digest(first_run):
    folder, record = first_run
    narrow = {"JJAVA_JVM_OPTS": "-XX:MaxVectorSize=16 -XX:ActiveProcessorCount=1"}
    done = lecture_run("reproduce", folder, "--runs", folder.parent, env=narrow)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "reproduce: same weights digest" in done.stdout, done.stdout
    new = [r for r in records(folder.parent).values() if r.get("reproduces") == record["id"]
           and r["parameters"] == record["parameters"]]
    assert len(new) == 1
    assert new[0]["runtime"]["threads"] == 1
    if record["runtime"]["matmul"] == "vector-api":
        assert new[0]["runtime"]["vectorBits"] == 128
        if record["runtime"]["vectorBits"] != 128:
            assert "vectorBits" in done.stdout, "the machine's difference is not named"
    assert new[0]["models"][0]["weightsDigest"] == record["models"][0]["weightsDigest"]
    assert new[0]["metrics"] == record["metrics"]


def test_reproduce_with_a_changed_parameter_names_it_and_how_far_the_metric_moved(first_run):
    folder, record = first_run
    done = lecture_run("reproduce", folder, "-p", "seed", "7", "--runs", folder.parent)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "parameters: seed: 1 -> 7" in done.stdout, done.stdout
    assert "different weights digest" in done.stdout
    assert "test ELBO on 200 images:" in done.stdout and "relative" in done.stdout
    assert "reproduce: the weights differ" in done.stdout


def test_a_named_notebook_run_without_values_is_recorded_and_its_build_copy_has_no_injected_cell(tmp_path):
    notebook = tiny_notebook(tmp_path)
    runs, out = tmp_path / "runs", tmp_path / "build"
    done = lecture_run(notebook, "--runs", runs, "--out", out)
    assert done.returncode == 0, done.stdout + done.stderr
    [record] = records(runs).values()
    assert record["injected"] == {} and record["sweep"] is None
    assert record["parameters"] == {"preset": "quick", "seed": 1, "beta": 1.0, "images": 300}
    recorded_nb = nbformat.read(runs / record["id"] / "tiny-run.ipynb", as_version=4)
    assert [c.metadata.get("tags") for c in recorded_nb.cells][2] == ["injected-parameters"]
    shown = nbformat.read(out / "notebooks" / "tiny-run.ipynb", as_version=4)
    assert not any("injected-parameters" in c.metadata.get("tags", []) for c in shown.cells)
    assert "papermill" not in shown.metadata
    counts = [c.execution_count for c in shown.cells if c.cell_type == "code"]
    assert counts == list(range(counts[0], counts[0] + len(counts))), counts
    # the same outputs as the recorded notebook's, cell for cell
    assert [c.outputs for c in shown.cells if c.cell_type == "code"][-1][0]["text"] == \
        [c.outputs for c in recorded_nb.cells if c.cell_type == "code"][-1][0]["text"]


def test_a_notebook_without_presets_refuses_one_before_anything_runs(tmp_path):
    runs = tmp_path / "runs"
    done = lecture_run(ROOT / "notebooks" / "03-sampling-from-q.ipynb", "--preset", "full", "--runs", runs)
    assert done.returncode == 2, done.stdout + done.stderr
    assert "03-sampling-from-q.ipynb has no presets" in done.stderr and "double observation = 4" in done.stderr, done.stderr
    assert not runs.exists()


def test_a_notebook_is_named_by_its_name_and_an_unknown_one_is_refused_with_the_series_listed(tmp_path):
    runs = tmp_path / "runs"
    done = lecture_run("06-train-vae.ipnyb", "-p", "seed", "2", "--runs", runs)         # a typo in the suffix
    assert done.returncode == 2, done.stdout + done.stderr
    assert "no notebook '06-train-vae.ipnyb'" in done.stderr and "06-train-vae, 07-measuring-the-gap" in done.stderr, done.stderr
    assert "Traceback" not in done.stderr and not runs.exists()
    # the name without folder or suffix finds notebooks/03-sampling-from-q.ipynb (refused here for its preset, before running)
    done = lecture_run("03-sampling-from-q", "--preset", "full", "--runs", runs)
    assert done.returncode == 2 and "03-sampling-from-q.ipynb has no presets" in done.stderr, done.stderr


@pytest.mark.parametrize("args, env", [(["--preset", "full"], {}), ([], {"VAE_FULL": "1"})],
                         ids=["--preset full", "VAE_FULL=1"])
def test_the_full_preset_comes_from_the_option_or_from_VAE_FULL_as_before(tmp_path, args, env):
    notebook = tiny_notebook(tmp_path)
    runs = tmp_path / "runs"
    done = lecture_run(notebook, *args, "--runs", runs, "--out", tmp_path / "build", env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    [record] = records(runs).values()
    assert record["preset"] == "full" and record["parameters"]["preset"] == "full"
    assert record["injected"] == ({"preset": "full"} if args else {})
    assert record["models"][0]["file"].endswith("-full.vae")   # the notebook's Experiment.named(preset) saw it


def test_reproduce_finds_a_record_by_id_folder_or_file(tmp_path):
    """find_record: a run's id (a folder of runs/), its folder, or a record file committed elsewhere
    (records/sweeps/...), each to that record; anything else is an error naming what was expected."""
    runs = tmp_path / "runs"
    (runs / "20260101-000000-x").mkdir(parents=True)
    in_folder = runs / "20260101-000000-x" / "record.json"
    in_folder.write_text("{}")
    committed = tmp_path / "records" / "one.json"
    committed.parent.mkdir()
    committed.write_text("{}")
    assert runrecord.find_record("20260101-000000-x", runs) == in_folder
    assert runrecord.find_record(str(runs / "20260101-000000-x"), runs) == in_folder
    assert runrecord.find_record(str(committed), runs) == committed
    with pytest.raises(FileNotFoundError, match="expected a record file, a folder with record.json"):
        runrecord.find_record(str(tmp_path / "records" / "missing.json"), runs)
    with pytest.raises(FileNotFoundError):
        runrecord.find_record("no-such-run", runs)


def test_the_committed_sweep_records_follow_the_schema():
    """records/sweeps/: every record valid against docs/run-record.schema.json, one sweep per folder
    (one sweep id, exactly one parameter varying), as the runs page expects."""
    schema = json.loads((ROOT / "docs" / "run-record.schema.json").read_text())
    folders = sorted(p for p in (ROOT / "records" / "sweeps").iterdir() if p.is_dir())
    assert folders, "no sweep records under records/sweeps/"
    for folder in folders:
        records = [json.loads(f.read_text()) for f in sorted(folder.glob("*.json"))]
        assert len(records) >= 3, f"{folder.name}: {len(records)} records"
        for r in records:
            jsonschema.validate(r, schema)
        assert len({r["sweep"]["id"] for r in records}) == 1, folder.name
        varying = {n for n in records[0]["parameters"] if len({json.dumps(r["parameters"][n]) for r in records}) > 1}
        assert varying == set(records[0]["sweep"]["names"]), (folder.name, varying)
