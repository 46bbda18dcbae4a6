"""What IJava's users expect of a Java kernel, checked one behaviour at a time on java-vae."""
import base64
import json
import re
import struct
import subprocess
import threading
import time

import pytest
from jupyter_client.kernelspec import KernelSpecManager

from conftest import KERNEL_NAME, errors, stream_text


def png_size(data_b64):
    png = base64.b64decode(data_b64)
    assert png[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    return struct.unpack(">II", png[16:24])  # IHDR: width, height


# ---------------------------------------------------------------- values and displays

def test_last_expression_is_the_cells_value(kernel):
    assert kernel.value("int a = 5;\nint b = a * 2;\nb + 1") == "11"


def test_declarations_and_statements_show_no_value(kernel):
    reply, outputs = kernel.run("int c = 3;\nif (c > 0) { c++; }\nSystem.out.println(c);")
    assert reply["status"] == "ok"
    assert [m for m in outputs if m["msg_type"] == "execute_result"] == []


def test_buffered_image_is_rendered_as_png(kernel):
    data = kernel.value("new BufferedImage(7, 5, BufferedImage.TYPE_INT_RGB)", mime="image/png")
    assert png_size(data) == (7, 5)


def test_tablesaw_table_is_rendered_as_html(kernel):
    html = kernel.value(
        'tech.tablesaw.api.Table.create("losses",\n'
        '    tech.tablesaw.api.IntColumn.create("epoch", 1, 2, 3),\n'
        '    tech.tablesaw.api.DoubleColumn.create("elbo", -210.5, -150.25, -120.125))',
        mime="text/html")
    assert "<table>" in html
    assert "<th>epoch</th><th>elbo</th>" in html
    assert "<td>2</td><td>-150.25</td>" in html
    assert "3 rows" in html


def test_display_shows_several_things_and_updates_in_place(kernel):
    reply, outputs = kernel.run(
        'String first = display("step 0");\n'
        'display(new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB));\n'
        'updateDisplay(first, "step 1");\n'
        'first')
    assert reply["status"] == "ok", errors(outputs)
    shown = [m["content"] for m in outputs if m["msg_type"] == "display_data"]
    updates = [m["content"] for m in outputs if m["msg_type"] == "update_display_data"]
    assert [d["data"].get("text/plain") for d in shown][0] == "step 0"
    assert "image/png" in shown[1]["data"]
    first_id = shown[0]["transient"]["display_id"]
    assert len(updates) == 1
    assert updates[0]["transient"]["display_id"] == first_id
    assert updates[0]["data"]["text/plain"] == "step 1"
    # display() returns the id, as in IJava
    result = [m["content"] for m in outputs if m["msg_type"] == "execute_result"]
    assert result[0]["data"]["text/plain"] == first_id


# ---------------------------------------------------------------- output while a cell runs

def test_output_is_streamed_while_the_cell_runs(kernel):
    # A progress bar: '\r' redraws, no newline; each step must reach the notebook at once.
    reply, outputs = kernel.run(
        'for (int i = 1; i <= 3; i++) {\n'
        '    System.out.print("\\rstep " + i + "/3");\n'
        '    Thread.sleep(600);\n'
        '}\n'
        'System.err.println("done");')
    assert reply["status"] == "ok", errors(outputs)
    streams = [m for m in outputs if m["msg_type"] == "stream"]
    first = next(m for m in streams if "step 1/3" in m["content"]["text"])
    last = streams[-1]
    # step 1 is printed ~1.2 s before the cell ends; buffered output would arrive at the end.
    assert last["t"] - first["t"] > 0.8, [(m["t"], m["content"]["text"]) for m in streams]
    assert stream_text(outputs) == "\rstep 1/3\rstep 2/3\rstep 3/3"
    assert stream_text(outputs, "stderr") == "done\n"


# ---------------------------------------------------------------- errors point at the cell's lines

def test_compile_error_names_the_cells_line(kernel):
    reply, outputs = kernel.run("int ok1 = 1;\n\nint ok2 = 2;\nString s = notDefinedAnywhere + 1;")
    assert reply["status"] == "error"
    (error,) = errors(outputs)
    traceback = "\n".join(error["traceback"])
    assert "line 4" in traceback
    assert "cannot find symbol" in traceback
    assert "notDefinedAnywhere" in traceback
    assert error["ename"] == "CompilationException"


def test_exception_names_the_cells_lines(kernel):
    reply, outputs = kernel.run(
        "int[] small = new int[2];\n"
        "// a comment line\n"
        "\n"
        "small[5] = 1;")
    assert reply["status"] == "error"
    (error,) = errors(outputs)
    assert "ArrayIndexOutOfBoundsException" in error["evalue"]
    assert error["traceback"][0].startswith("java.lang.ArrayIndexOutOfBoundsException")
    assert "at line 4" in "\n".join(error["traceback"])


def test_exception_in_a_method_from_an_earlier_cell(kernel):
    reply, outputs = kernel.run("double half(int n) {\n    if (n < 0)\n        throw new IllegalArgumentException(\"negative\");\n    return n / 2.0;\n}")
    assert reply["status"] == "ok", errors(outputs)
    defining_cell = reply["execution_count"]
    reply, outputs = kernel.run("double h = half(4);\nhalf(-1)")
    assert reply["status"] == "error"
    traceback = "\n".join(errors(outputs)[0]["traceback"])
    assert "IllegalArgumentException: negative" in traceback
    assert "half (cell [%d], line 3)" % defining_cell in traceback
    assert "at line 2" in traceback


def test_kernel_goes_on_after_errors(kernel):
    kernel.run("throw new RuntimeException(\"x\");")
    assert kernel.value("1 + 1") == "2"


# ---------------------------------------------------------------- interrupt

def test_interrupt_stops_a_busy_loop_and_keeps_variables(kernel, tmp_path):
    kernel.run("int kept = 41;\nlong spins = 0;")
    looping = tmp_path / "looping"
    sent = []

    def interrupt():  # once the loop runs (compiling it takes seconds on a busy machine)
        deadline = time.monotonic() + 60
        while not looping.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.5)
        sent.append(time.monotonic())
        kernel.km.interrupt_kernel()

    timer = threading.Thread(target=interrupt)
    # The marker is made by the loop itself: the cell's snippets compile one by one, so a marker
    # made by a statement before the loop would be there while the loop still compiles.
    reply, outputs = kernel.run('while (true) { if (spins++ == 0) Files.createFile(Path.of("%s")); }' % looping,
                                timeout=90, on_send=timer.start)
    stop_seconds = time.monotonic() - sent[0]
    print("stop time: %.3f s (Java %s)" % (stop_seconds, kernel.value('System.getProperty("java.version")')))
    assert stop_seconds < 10, "the busy loop took %.1f s to stop" % stop_seconds
    assert reply["status"] == "error"
    (error,) = errors(outputs)
    assert error["ename"] == "Interrupted"
    assert kernel.value("kept + 1") == "42"
    assert int(kernel.value("spins")) > 0


def test_interrupt_stops_a_sleeping_cell(kernel):
    timer = threading.Timer(1.0, kernel.km.interrupt_kernel)
    start = time.monotonic()
    reply, outputs = kernel.run("Thread.sleep(60_000);\nint neverSet = 1;", timeout=30, on_send=timer.start)
    assert reply["status"] == "error"
    assert time.monotonic() - start < 20
    reply, outputs = kernel.run("neverSet")
    assert reply["status"] == "error", "the statement after the interrupted one must not run"


# ---------------------------------------------------------------- completion and inspection

def test_completion_of_a_method_and_of_a_variable(kernel):
    # JShell completes against what earlier cells defined (not this cell's own declarations).
    kernel.run("double learningRate = 1e-3;\nString text = \"abc\";")
    code = "int unrelated = 1;\ntext.toUpp"
    reply = kernel.shell_reply(kernel.kc.complete(code, len(code)))
    assert "toUpperCase(" in reply["matches"]
    assert code[reply["cursor_start"]:reply["cursor_end"]] == "toUpp"
    reply = kernel.shell_reply(kernel.kc.complete("learningR", 9))
    assert reply["matches"] == ["learningRate"]


def test_inspection_shows_signatures_and_variable_types(kernel):
    reply = kernel.shell_reply(kernel.kc.inspect("Math.max", 8))
    assert reply["found"]
    assert "double Math.max(double a, double b)" in reply["data"]["text/plain"]
    kernel.run("int inspectedVariable = 3;")
    reply = kernel.shell_reply(kernel.kc.inspect("inspectedVariable", 5))
    assert reply["found"]
    assert "int" in reply["data"]["text/plain"]


# ---------------------------------------------------------------- magics (IJava's syntax)

@pytest.fixture(scope="module")
def greeter_jar(tmp_path_factory):
    """A jar and a class folder that are not on the kernel's class path."""
    root = tmp_path_factory.mktemp("magic")
    for pkg, cls in (("magicjar", "Greeter"), ("magicdir", "Farewell")):
        src = root / "src" / pkg / (cls + ".java")
        src.parent.mkdir(parents=True)
        src.write_text("package %s; public class %s { public String say() { return \"%s from %s\"; } }"
                       % (pkg, cls, cls, pkg))
    subprocess.run(["javac", "-d", str(root / "jarclasses"), str(root / "src/magicjar/Greeter.java")], check=True)
    (root / "jars").mkdir()
    subprocess.run(["jar", "cf", str(root / "jars/greeter.jar"), "-C", str(root / "jarclasses"), "."], check=True)
    subprocess.run(["javac", "-d", str(root / "classes"), str(root / "src/magicdir/Farewell.java")], check=True)
    return root


def test_jars_magic_with_a_glob(kernel, greeter_jar):
    reply, outputs = kernel.run("new magicjar.Greeter().say()")
    assert reply["status"] == "error", "the test jar must not be on the class path yet"
    value = kernel.value("%%jars %s/jars/*.jar\nnew magicjar.Greeter().say()" % greeter_jar)
    assert value == "Greeter from magicjar"


def test_classpath_magic_with_a_folder(kernel, greeter_jar):
    reply, outputs = kernel.run("%%classpath %s/classes" % greeter_jar)
    assert reply["status"] == "ok", errors(outputs)
    assert kernel.value("new magicdir.Farewell().say()") == "Farewell from magicdir"


def test_magic_that_matches_nothing_warns(kernel, tmp_path):
    reply, outputs = kernel.run("%%jars %s/*.jar" % tmp_path)
    assert reply["status"] == "ok"
    assert "nothing matches" in stream_text(outputs, "stderr")


def test_unknown_magic_is_a_clear_error(kernel):
    reply, outputs = kernel.run("%nosuchmagic a b")
    assert reply["status"] == "error"
    evalue = errors(outputs)[0]["evalue"]
    assert "unknown line magic %nosuchmagic" in evalue
    assert "%maven" in evalue and "%jars" in evalue, "the message lists the magics there are: " + evalue


def test_modulo_at_a_line_start_is_java_not_a_magic(kernel):
    assert kernel.value("int r = 17\n  % 5;\nr") == "2"


# ---------------------------------------------------------------- the kernelspec's settings

def test_kernelspec_sets_headless_interrupt_by_message_and_the_vector_module(kernel):
    spec = KernelSpecManager().get_kernel_spec(KERNEL_NAME)
    assert spec.interrupt_mode == "message"  # SIGINT would end the JVM
    assert spec.display_name == "Java (VAE lecture)"
    assert spec.language == "java"
    # The JVM options live in each copy's start-kernel.sh, which the kernelspec's launcher runs.
    assert spec.argv == ["bash", "{resource_dir}/launcher.sh", "{connection_file}"], spec.argv
    assert kernel.value('System.getProperty("java.awt.headless")') == "true"
    # The Vector API compiles and runs: --add-modules reached both the JVM and JShell.
    assert int(kernel.value("jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.length()")) >= 1


def test_startup_script_imports_are_in_scope(kernel):
    # startup.jsh imports java.util.stream.* and java.awt.image.*
    assert kernel.value("IntStream.rangeClosed(1, 4).sum()") == "10"


def test_a_cells_import_keeps_the_startup_imports(kernel):
    # The start-up scripts' on-demand imports are compiled as one JShell snippet (a faster
    # start); a cell that imports one of those packages again must not drop the others.
    reply, outputs = kernel.run("import java.util.*;")
    assert reply["status"] == "ok", errors(outputs)
    assert kernel.value('new ArrayList<>(List.of(new File("a.txt").getName(), Path.of("b").toString())).size() '
                        '+ IntStream.of(1, 2).sum()') == "5"


def test_renderers_are_the_precompiled_ones(kernel):
    # XChart's and Tablesaw's renderers are compiled with the kernel and defined in the
    # notebook's class loader, not compiled from JShell source at every start.
    kernel.value('tech.tablesaw.api.Table.create("t")', mime="text/html")
    assert kernel.value('Class.forName("vae.kernel.render.XChartRenderer", false, '
                        'org.knowm.xchart.XYChart.class.getClassLoader()).getClassLoader() '
                        '== org.knowm.xchart.XYChart.class.getClassLoader()') == "true"
