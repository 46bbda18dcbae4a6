"""The parameters cell's grammar (environment/runrecord.py), without a kernel: what it reads from each
declaration, the values it accepts and the Java it injects; and the series' own cells."""
import sys
from pathlib import Path

import nbformat
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import runrecord  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent.parent


def cell_of(*lines):
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("\n".join(lines))
    cell.metadata["tags"] = ["parameters"]
    nb.cells = [cell, nbformat.v4.new_code_cell("int after = 1;")]
    return nb


def test_types_defaults_and_ranges_are_read_from_the_declarations():
    params = runrecord.declared(cell_of(
        "// a comment line is skipped",
        'String preset = Experiment.defaultPreset();   // the size (VAE_FULL=1: full): quick | full',
        'String name = "a b";      // a label, any',
        "long seed = 1;            // seeds everything: >= 0",
        "double beta = 1.0;        // KL weight (1: the ELBO), >= 0",
        "int images = 60_000;      // training images, 1 to 60000",
        "int[] ks = new int[] {1, 10};   // samples per image, each >= 1, ascending, holding 1"))
    assert list(params) == ["preset", "name", "seed", "beta", "images", "ks"]
    assert params["preset"].default is None and params["preset"].choices == ["quick", "full"]
    assert params["name"].default == "a b"
    assert params["seed"].default == 1 and params["seed"].bounds == [(">=", 0)]
    assert params["beta"].default == 1.0
    assert params["images"].default == 60000 and params["images"].bounds == [(">=", 1), ("<=", 60000)]
    assert params["ks"].default == [1, 10] and params["ks"].ascending and params["ks"].holding == [1]


def test_values_are_parsed_checked_and_written_back_as_java():
    params = runrecord.declared(cell_of(
        "long seed = 1;            // seeds everything: >= 0",
        "double beta = 1.0;        // KL weight, > 0",
        "boolean plot = true;      // draw the figures: any",
        'String mode = "a";        // the mode: a | b',
        "double[] betas = new double[] {1};   // weights, each > 0, ascending"))
    assert params["beta"].java(params["beta"].parse("2")) == "double beta = 2.0;"
    assert params["seed"].java(params["seed"].parse("12345678901")) == "long seed = 12345678901L;"
    assert params["plot"].java(params["plot"].parse("false")) == "boolean plot = false;"
    assert params["mode"].java(params["mode"].parse("b")) == 'String mode = "b";'
    assert params["betas"].java(params["betas"].parse("[0.5,2]")) == "double[] betas = new double[] {0.5, 2.0};"
    for name, text, message in [("beta", "0", "expected > 0"), ("plot", "yes", "expected a boolean"),
                                ("mode", "c", "expected one of a | b"), ("betas", "[2,1]", "expected ascending"),
                                ("seed", "1.5", "expected a long"), ("betas", "[]", r"such as \[1,10,100\]")]:
        with pytest.raises(runrecord.ParameterError, match=message):
            params[name].parse(text)


def test_a_sweep_splits_at_commas_outside_brackets_and_runs_every_combination():
    assert runrecord.split_values("[1,10],[1,100]") == ["[1,10]", "[1,100]"]
    params = runrecord.declared(cell_of("double beta = 1.0;  // w, >= 0", "long seed = 1;  // s: >= 0"))
    combos, swept = runrecord.combinations(params, [("beta", "1,2"), ("seed", "1,2,3")], "nb")
    assert len(combos) == 6 and swept == ["beta", "seed"]
    assert combos[0] == {"beta": 1.0, "seed": 1} and combos[-1] == {"beta": 2.0, "seed": 3}


def test_a_declaration_without_its_allowed_values_is_an_error_in_the_notebook():
    with pytest.raises(ValueError, match="must end with the allowed values"):
        runrecord.declared(cell_of("double beta = 1.0;  // the KL weight"))
    with pytest.raises(ValueError, match="holds only declarations"):
        runrecord.declared(cell_of("double beta = 1.0;", "System.out.println(beta);"))


def test_the_injected_cell_follows_the_parameters_cell_and_papermill_metadata_holds_the_values():
    nb = cell_of("double beta = 1.0;  // w, >= 0", "long seed = 1;  // s: >= 0")
    params = runrecord.declared(nb)
    runrecord.inject(nb, params, {"beta": 4.0})
    assert nb.cells[1].metadata["tags"] == ["injected-parameters"]
    assert "double beta = 4.0;" in nb.cells[1].source and "long seed" not in nb.cells[1].source.split("//")[1]
    assert 'vae.run.RunLog.parameters("beta", beta, "seed", seed);' in nb.cells[1].source
    assert nb.cells[2].source == "int after = 1;"
    assert nb.metadata["papermill"] == {"parameters": {"beta": 4.0}, "default_parameters": {"beta": 1.0, "seed": 1}}


@pytest.mark.parametrize("name", ["03-sampling-from-q", "06-train-vae", "07-measuring-the-gap", "08-latent-space",
                                  "09-common-mistakes"])
def test_the_series_parameters_cells_parse_and_their_literal_defaults_are_allowed(name):
    nb = nbformat.read(ROOT / "notebooks" / f"{name}.ipynb", as_version=4)
    params = runrecord.declared(nb, name)
    assert params, f"{name} has no parameters cell"
    assert ("preset" in params) == (name != "03-sampling-from-q")
    for p in params.values():
        if p.default is not None:
            p.parse(runrecord._show(p.default))   # raises if the default is outside its own range
