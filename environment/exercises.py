#!/usr/bin/python3
"""The exercises at the end of notebooks 01-08, and their solutions, kept apart.

In a notebook, an exercise is a pair of code cells marked in their metadata:
``"vae": {"exercise": "04.1", "role": "answer"}`` (the student's cell: a method whose body
throws NotSolved, or a guess left empty) and ``"role": "check"`` (the cell that grades it and
prints ``Exercise 04.1 · TITLE: solved | not yet solved | not right yet``).

The solutions live in ``solutions/NN-name.md``, one per notebook, one ``## ID`` section per
exercise with the answer cell's replacement in a ```java block: a teacher reads them there, a
student scrolling the notebook does not see them.

    python3 environment/exercises.py [--out build/solutions]

writes each notebook with its answer cells replaced by the solutions (for a teacher to open
and run). The tests (environment/tests/) run every notebook once, with each exercise's
solution and check appended after the notebook's own cells, and see the notebook's own check
cells say "not yet solved" with a hint and the appended ones say "solved".
"""
import argparse
import copy
import re
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
SOLUTIONS = ROOT / "solutions"
FEEDBACK = re.compile(r"^Exercise (?P<id>\d\d\.\d+) · .*: (?P<status>solved|not yet solved|not right yet)$", re.M)
SECTION = re.compile(r"^## (?P<id>\d\d\.\d+)\b.*?^```java\n(?P<code>.*?)^```", re.M | re.S)


class ExerciseError(Exception):
    """An exercise or a solution is missing, doubled or reports the wrong thing; the message says which."""


def role(cell):
    meta = cell.get("metadata", {}).get("vae", {})
    return meta.get("exercise"), meta.get("role")


def exercises(nb):
    """{id: {"answer": cell index, "check": cell index}} in notebook order; raises on a half-marked pair."""
    found = {}
    for index, cell in enumerate(nb.cells):
        ident, what = role(cell)
        if ident is None or what == "task":
            continue
        if what not in ("answer", "check"):
            raise ExerciseError(f"cell {index}: exercise {ident} has role {what!r}, expected 'answer' or 'check'")
        if what in found.setdefault(ident, {}):
            raise ExerciseError(f"exercise {ident} has two {what} cells ({found[ident][what]} and {index})")
        found[ident][what] = index
    for ident, cells in found.items():
        if set(cells) != {"answer", "check"} or cells["answer"] > cells["check"]:
            raise ExerciseError(f"exercise {ident} needs an answer cell followed by a check cell, found {cells}")
    return found


def solutions_path(notebook, folder=SOLUTIONS):
    return Path(folder) / (Path(notebook).stem + ".md")


def read_solutions(path):
    """{id: source} from a solutions file; raises on an id given twice."""
    text = Path(path).read_text(encoding="utf-8")
    found = {}
    for match in SECTION.finditer(text):
        if match["id"] in found:
            raise ExerciseError(f"{Path(path).name}: exercise {match['id']} has two solutions")
        found[match["id"]] = match["code"].rstrip("\n")
    return found


def in_step(notebook, folder=SOLUTIONS):
    """The notebook's exercises and its solutions, after checking that each has the other."""
    nb = nbformat.read(notebook, as_version=4)
    marked = exercises(nb)
    path = solutions_path(notebook, folder)
    solved = read_solutions(path) if path.exists() else {}
    missing = sorted(set(marked) - set(solved))
    orphans = sorted(set(solved) - set(marked))
    if missing or orphans:
        raise ExerciseError(f"{Path(notebook).name}: exercises without a solution in solutions/{path.name}: {missing or 'none'}; "
                            f"solutions without an exercise: {orphans or 'none'}")
    return nb, marked, solved


def solution_cells(notebook, folder=SOLUTIONS):
    """For each exercise, its solution and a copy of its check cell, as new cells to append after the notebook."""
    nb, marked, solved = in_step(notebook, folder)
    cells = []
    for ident, where in marked.items():
        cells.append(nbformat.v4.new_code_cell(solved[ident], metadata={"vae": {"exercise": ident, "role": "solution"}}))
        check = nbformat.v4.new_code_cell(nb.cells[where["check"]].source, metadata={"vae": {"exercise": ident, "role": "solved check"}})
        cells.append(check)
    return cells


def with_solutions(notebook, folder=SOLUTIONS):
    """The notebook with each answer cell replaced by its solution, for a teacher; the answer and check
    cells' outputs are cleared (they showed the unsolved state)."""
    nb, marked, solved = in_step(notebook, folder)
    nb = copy.deepcopy(nb)
    for ident, where in marked.items():
        nb.cells[where["answer"]].source = solved[ident]
        for index in where.values():
            nb.cells[index].outputs = []
            nb.cells[index].execution_count = None
    return nb


def feedback(cell):
    """(id, status) printed by an executed check cell, or None when it printed no feedback line."""
    text = "".join(out.get("text", "") for out in cell.get("outputs", []) if out.get("output_type") == "stream")
    match = FEEDBACK.search(text)
    return (match["id"], match["status"]) if match else None


def cell_text(cell):
    return "".join(out.get("text", "") + "".join(str(v) for v in out.get("data", {}).values()) + "".join(out.get("traceback", []))
                   for out in cell.get("outputs", []))


def verify_unsolved(nb, name):
    """Every check cell of the notebook as shipped says 'not yet solved' with a hint, and no stack trace."""
    problems = []
    for ident, where in exercises(nb).items():
        cell = nb.cells[where["check"]]
        text = cell_text(cell)
        if feedback(cell) != (ident, "not yet solved"):
            problems.append(f"{name} exercise {ident}: expected 'not yet solved', the check cell printed {feedback(cell)}: {text[:300]!r}")
        elif "\n  Hint: " not in text:
            problems.append(f"{name} exercise {ident}: 'not yet solved' without a hint: {text[:300]!r}")
        if "\tat " in text or "Exception" in text or any(o.get("output_type") == "error" for o in cell.outputs):
            problems.append(f"{name} exercise {ident}: the check cell shows an exception or a stack trace: {text[:300]!r}")
    return problems


def verify_solved(cells, name):
    """Every appended check cell (after its solution) says 'solved'."""
    problems = []
    for cell in cells:
        ident, what = role(cell)
        if what == "solved check" and feedback(cell) != (ident, "solved"):
            problems.append(f"{name} exercise {ident}: with its solution the check printed {feedback(cell)}: {cell_text(cell)[:600]!r}")
    return problems


def seconds(cells):
    """The time the kernel spent on these executed cells, from nbclient's timing metadata (0 for cells never run)."""
    from datetime import datetime
    total = 0.0
    for cell in cells:
        timing = cell.get("metadata", {}).get("execution", {})
        if "iopub.execute_input" in timing and "shell.execute_reply" in timing:
            start, end = (datetime.fromisoformat(timing[k].replace("Z", "+00:00")) for k in ("iopub.execute_input", "shell.execute_reply"))
            total += (end - start).total_seconds()
    return total


def own_cells(nb):
    """The exercise section's cells (its heading, set-up, tasks, answers and checks)."""
    return [c for c in nb.cells if c.get("metadata", {}).get("vae", {}).get("exercise") or c.get("metadata", {}).get("vae", {}).get("exercises")]


def main(argv=None):
    parser = argparse.ArgumentParser(description="Write the notebooks with their exercises solved, for teachers.")
    parser.add_argument("--out", default=str(ROOT / "build" / "solutions"), help="folder for the solved notebooks")
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import nbrun
    for path in nbrun.notebook_paths():
        nb = with_solutions(path)
        if exercises(nb):
            nbformat.write(nb, out / path.name)
            print(f"exercises: {out / path.name}: the solutions of its {len(exercises(nb))} exercises filled in")
    return 0


if __name__ == "__main__":
    sys.exit(main())
