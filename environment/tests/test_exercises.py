"""The exercises and their solutions stay in step, and the grading reports what it should.

The notebooks themselves, with and without their solutions, run in test_notebooks.py (one run
each); here: the pairing, the teacher notebooks, and one small notebook on the real kernel that
shows the checks can fail (a wrong solution is caught, an exception is feedback, not a trace)."""
import sys
from pathlib import Path

import nbformat
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # exercises.py and nbrun.py, one folder up
import exercises  # noqa: E402
import nbrun  # noqa: E402

LECTURE = [p for p in nbrun.notebook_paths() if "01" <= p.name[:2] <= "08"]


@pytest.mark.parametrize("path", LECTURE, ids=[p.stem for p in LECTURE])
def test_each_lecture_notebook_ends_with_two_to_four_exercises_each_with_a_solution(path):
    nb, marked, solved = exercises.in_step(path)
    assert 2 <= len(marked) <= 4, f"{path.name}: {len(marked)} exercises, expected 2 to 4"
    assert all(ident.startswith(path.name[:2] + ".") for ident in marked), f"{path.name}: exercise ids {list(marked)}"
    intro = next(i for i, c in enumerate(nb.cells) if c.metadata.get("vae", {}).get("exercises") == "intro")
    last = len(nb.cells) - 1
    navigation = nb.cells[last].metadata.get("vae", {}).get("navigation")  # the previous/next links close every notebook
    strays = [i for i, c in enumerate(nb.cells[intro:], intro)
              if not (c.metadata.get("vae", {}).get("exercise") or c.metadata.get("vae", {}).get("exercises"))
              and not (i == last and navigation)]
    assert not strays, f"{path.name}: the exercises must end the notebook (before its links), but cells {strays} follow their heading"
    assert all(where["answer"] > intro for where in marked.values()), f"{path.name}: an exercise sits before the heading"


def test_every_solutions_file_belongs_to_a_notebook():
    stems = {p.stem for p in nbrun.notebook_paths()}
    strays = [f.name for f in exercises.SOLUTIONS.glob("*.md") if f.stem not in stems]
    assert not strays, f"solutions for no notebook: {strays}"


def notebook_with(tmp_path, *cells):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": nbrun.KERNEL_NAME, "display_name": "Java", "language": "java"}
    nb.cells = list(cells)
    path = tmp_path / "99-practice.ipynb"
    nbformat.write(nb, path)
    return path


def cell(source, ident=None, role=None):
    meta = {"vae": {"exercise": ident, "role": role}} if ident else {}
    return nbformat.v4.new_code_cell(source, metadata=meta)


ANSWER = "double square(double x) {\n    throw new NotSolved();\n}"
CHECK = ('Exercise.of("99.1", "a square").hint("x times x")\n'
         '        .close("3 squared", 9, () -> square(3), 1e-12).close("-2 squared", 4, () -> square(-2), 1e-12).report();')


def test_a_solution_without_an_exercise_or_an_exercise_without_a_solution_fails(tmp_path):
    path = notebook_with(tmp_path, cell("import vae.exercise.*;"), cell(ANSWER, "99.1", "answer"), cell(CHECK, "99.1", "check"))
    folder = tmp_path / "solutions"
    folder.mkdir()
    with pytest.raises(exercises.ExerciseError, match=r"without a solution .*\['99.1'\]"):
        exercises.in_step(path, folder)
    (folder / "99-practice.md").write_text("## 99.1 · a square\n\n```java\ndouble square(double x) { return x * x; }\n```\n"
                                           "## 99.2 · gone\n\n```java\nint y = 1;\n```\n")
    with pytest.raises(exercises.ExerciseError, match=r"solutions without an exercise: \['99.2'\]"):
        exercises.in_step(path, folder)


def test_a_check_cell_before_its_answer_or_a_doubled_answer_is_refused(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [cell(CHECK, "99.1", "check"), cell(ANSWER, "99.1", "answer")]
    with pytest.raises(exercises.ExerciseError, match="answer cell followed by a check cell"):
        exercises.exercises(nb)
    nb.cells = [cell(ANSWER, "99.1", "answer"), cell(ANSWER, "99.1", "answer")]
    with pytest.raises(exercises.ExerciseError, match="two answer cells"):
        exercises.exercises(nb)


def test_the_teacher_notebook_replaces_exactly_the_answer_cells():
    for path in LECTURE:
        original = nbformat.read(path, as_version=4)
        solved_nb = exercises.with_solutions(path)
        _, marked, solved = exercises.in_step(path)
        answers = {where["answer"]: ident for ident, where in marked.items()}
        assert len(solved_nb.cells) == len(original.cells)
        for index, (before, after) in enumerate(zip(original.cells, solved_nb.cells)):
            if index in answers:
                assert after.source == solved[answers[index]] and after.source != before.source
            else:
                assert after.source == before.source, f"{path.name} cell {index} changed"


def test_on_the_kernel_unsolved_wrong_throwing_and_right_answers_are_told_apart(tmp_path):
    path = notebook_with(tmp_path, cell("import vae.exercise.*;"), cell(ANSWER, "99.1", "answer"), cell(CHECK, "99.1", "check"))
    attempts = {
        "wrong": "double square(double x) { return 2 * x; }",
        "throws": "double square(double x) { return (new double[1])[(int) x]; }",
        "right": "double square(double x) { return x * x; }",
    }
    appended = []
    for name, source in attempts.items():
        appended += [cell(source, "99.1", "solution"), cell(CHECK, "99.1", "solved check")]
    nb, _ = nbrun.execute(path, append=appended, check_plots=False)
    own, extra = nb.cells[:3], nb.cells[3:]
    assert exercises.verify_unsolved(nbformat.from_dict({**nb, "cells": own}), "practice") == []
    checks = [c for c in extra if exercises.role(c)[1] == "solved check"]
    assert [exercises.feedback(c) for c in checks] == [("99.1", "not right yet")] * 2 + [("99.1", "solved")]
    assert "expected 9 ± 1.0000e-12, found 6" in exercises.cell_text(checks[0])
    assert "your code threw ArrayIndexOutOfBoundsException" in exercises.cell_text(checks[1])
    assert all("\tat " not in exercises.cell_text(c) and "Hint: x times x" in exercises.cell_text(c) for c in checks[:2])
    problems = exercises.verify_solved(extra, "practice")
    assert len(problems) == 2 and all("practice exercise 99.1" in p for p in problems), problems
