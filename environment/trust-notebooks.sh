#!/usr/bin/env bash
# Marks the series' notebooks, both editions (notebooks/ and the Chinese notebooks/zh/), as
# trusted in this user's Jupyter signature database, so that Jupyter runs the scripts of their
# saved outputs (the interactive figures' sliders and play buttons). Jupyter trusts a notebook
# only as it was signed: run again after the outputs change (./lecture run --save-outputs and
# ./lecture i18n build do). Untrusted, a figure shows its default frame.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
shopt -s nullglob
notebooks=("$root"/notebooks/[0-9][0-9]-*.ipynb)
translated=("$root"/notebooks/*/[0-9][0-9]-*.ipynb)
/usr/bin/python3 -m nbformat.sign "${notebooks[@]}" "${translated[@]}" >/dev/null
echo "notebooks: ${#notebooks[@]} trusted, and ${#translated[@]} of the translated editions (notebooks/zh/) (their interactive figures run in Jupyter)"
