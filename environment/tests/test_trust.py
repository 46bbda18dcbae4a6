"""The setup trusts the series' notebooks, so that Jupyter runs their interactive figures."""
import pathlib
import subprocess

import nbformat
from nbformat.sign import NotebookNotary

ROOT = pathlib.Path(__file__).resolve().parents[2]


def test_trust_script_signs_every_notebook_of_the_series_in_both_editions():
    out = subprocess.run([str(ROOT / "environment" / "trust-notebooks.sh")],
                         check=True, capture_output=True, text=True).stdout
    notebooks = sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
    chinese = sorted((ROOT / "notebooks" / "zh").glob("[0-9][0-9]-*.ipynb"))
    assert chinese, "no Chinese edition in notebooks/zh/"
    assert f"{len(notebooks)} trusted, and {len(chinese)} of the translated editions" in out, out
    notebooks += chinese
    notary = NotebookNotary()
    untrusted = [p.name for p in notebooks if not notary.check_signature(nbformat.read(p, 4))]
    assert untrusted == [], f"not trusted after trust-notebooks.sh: {untrusted}"
