"""Every magic of IJava's and JJava's dialect, through jupyter_client, one behaviour at a time.

The %maven tests that name Maven Central need the network (as ./lecture setup does); the
others use a file: repository made here. Every kernel here resolves into a local repository
of its own (-Dmaven.repo.local), so the tests neither read nor fill ~/.m2.
"""
import glob
import hashlib
import os
import subprocess
import threading
import time

import pytest

from conftest import Kernel, displayed, errors, spec_env, stream_text


def make_jar(root, package, classes, jar):
    """Compiles package.Class for each (Class, text it says) and jars them."""
    src = root / ("src-" + package)
    for cls, says in classes:
        f = src / package / (cls + ".java")
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_text('package %s; public class %s { public static String say() { return "%s"; } }'
                     % (package, cls, says))
    out = root / ("classes-" + package)
    subprocess.run(["javac", "-d", str(out)] + [str(p) for p in src.rglob("*.java")], check=True)
    jar.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(["jar", "cf", str(jar), "-C", str(out), "."], check=True)
    return jar


def publish(repo, group, artifact, version, jar, good_checksum=True):
    """Lays out a jar and its POM as a Maven repository does, with .sha1 files."""
    folder = repo / group.replace(".", "/") / artifact / version
    folder.mkdir(parents=True)
    base = folder / ("%s-%s" % (artifact, version))
    pom = ("<project><modelVersion>4.0.0</modelVersion><groupId>%s</groupId><artifactId>%s</artifactId>"
           "<version>%s</version></project>" % (group, artifact, version))
    (base.with_suffix(".pom")).write_text(pom)
    (folder / ("%s-%s.jar" % (artifact, version))).write_bytes(jar.read_bytes())
    for f in (base.with_suffix(".pom"), folder / ("%s-%s.jar" % (artifact, version))):
        digest = hashlib.sha1(f.read_bytes()).hexdigest()
        if not good_checksum and f.suffix == ".jar":
            digest = "0" * 40
        (f.parent / (f.name + ".sha1")).write_text(digest)


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    root = tmp_path_factory.mktemp("magics")
    repo = root / "repo"
    publish(repo, "vae.kernel.test", "hello", "1.0",
            make_jar(root, "hello", [("Hello", "hello from a file repository")], root / "jars/hello.jar"))
    publish(repo, "vae.kernel.test", "tampered", "1.0",
            make_jar(root, "tampered", [("Tampered", "must not load")], root / "jars/tampered.jar"),
            good_checksum=False)
    make_jar(root, "snap", [("First", "first"), ("Second", "second")], root / "lib/snap.jar")
    (root / "defs.jsh").write_text("int loadedValue = 6 * 7;\nString loadedText() { return \"from defs.jsh\"; }\n")
    return root


@pytest.fixture(scope="module")
def k(tmp_path_factory):
    local = tmp_path_factory.mktemp("m2")
    kernel = Kernel(jvm_args=["-Dmaven.repo.local=%s" % local])
    kernel.local_repo = local
    yield kernel
    kernel.shutdown()


def ok(kernel, code):
    reply, outputs = kernel.run(code, timeout=180)
    assert reply["status"] == "ok", "cell failed: %s" % errors(outputs)
    return outputs


def error_text(kernel, code):
    reply, outputs = kernel.run(code, timeout=180)
    assert reply["status"] == "error", "the cell should have failed: %s" % outputs
    return errors(outputs)[0]["evalue"]


# ---------------------------------------------------------------- class path magics

def test_inline_jars_magic_returns_the_jars_added(k, files):
    v = k.value('List<String> added = %%jars %s/jars/hello.jar;\nadded.size() + " " + added.get(0)' % files)
    assert v == "1 %s/jars/hello.jar" % files
    assert k.value("hello.Hello.say()") == "hello from a file repository"


def test_lineMagic_by_hand_as_in_ijava(k, files):
    assert k.value('List<String> c = lineMagic("classpath", List.of("%s/jars/hello.jar"));\nc.size()' % files) == "1"


def test_a_notebook_run_twice_adds_each_jar_once_from_a_snapshot(k, files):
    ok(k, "%%jars %s/lib/*.jar" % files)
    assert k.value("snap.First.say()") == "first"
    ok(k, "%%jars %s/lib/*.jar" % files)  # the same cell again
    pid = k.value("ProcessHandle.current().pid()")
    copies = glob.glob("/tmp/vae-kernel-classpath-%s-*/*/snap.jar" % pid)
    assert len(copies) == 1, copies
    # Rebuilding lib/ (here: the jar truncated) does not break the running kernel, which
    # reads its snapshot: snap.Second was never loaded before.
    (files / "lib/snap.jar").write_bytes(b"")
    assert k.value("snap.Second.say()") == "second"


# ---------------------------------------------------------------- Maven

def test_maven_from_a_file_repository(k, files):
    ok(k, "%%mavenRepo local %s" % (files / "repo").as_uri())
    outputs = ok(k, "%maven vae.kernel.test:hello:1.0\nhello.Hello.say()")
    assert (k.local_repo / "vae/kernel/test/hello/1.0/hello-1.0.jar").is_file()
    assert [m["content"]["data"]["text/plain"] for m in outputs if m["msg_type"] == "execute_result"] \
        == ["hello from a file repository"]


def test_maven_checksum_mismatch_fails(k, files):
    ok(k, "%%addMavenRepo local %s" % (files / "repo").as_uri())
    e = error_text(k, "%maven vae.kernel.test:tampered:1.0")
    assert "vae.kernel.test:tampered" in e
    assert "checksum" in e.lower(), e
    assert error_text(k, "tampered.Tampered.say()")  # nothing was added


def test_maven_repository_must_be_https(k):
    e = error_text(k, "%mavenRepo plain http://repo.example.org/maven2/")
    assert "only https" in e and "http://repo.example.org/maven2/" in e


def test_unresolvable_coordinate_is_an_error_naming_it(k):
    e = error_text(k, "%maven org.example.vae.nonexistent:nothing-here:1.0")
    assert "org.example.vae.nonexistent:nothing-here" in e
    e = error_text(k, "%maven not-a-coordinate")
    assert "'not-a-coordinate' is not a Maven coordinate" in e


def test_loadFromPOM_cell_with_a_fragment(k, files):
    reply, outputs = k.run("%%%%loadFromPOM\n<repository><id>local</id><url>%s</url></repository>\n"
                           "<properties><v>1.0</v></properties>\n"
                           "<dependency><groupId>vae.kernel.test</groupId><artifactId>hello</artifactId>"
                           "<version>${v}</version></dependency>" % (files / "repo").as_uri(), timeout=180)
    assert reply["status"] == "ok", errors(outputs)
    assert k.value("hello.Hello.say()") == "hello from a file repository"


def test_loadFromPOM_line_with_a_file(k, files, tmp_path):
    pom = tmp_path / "pom.xml"
    pom.write_text("<project><repositories><repository><id>l</id><url>%s</url></repository></repositories>"
                   "<dependencies><dependency><groupId>vae.kernel.test</groupId><artifactId>hello</artifactId>"
                   "<version>1.0</version><scope>test</scope></dependency></dependencies></project>"
                   % (files / "repo").as_uri())
    # Only the test scope is asked for here; the default scopes (compile, runtime...) skip it.
    assert k.value("List<String> none = %%loadFromPOM %s;\nnone.size()" % pom) == "0"
    assert k.value("List<String> one = %%loadFromPOM %s test;\none.size()" % pom) == "1"


@pytest.mark.network
def test_maven_central_transitively(k):
    # commons-csv is not on the notebooks' class path; it brings commons-io and commons-codec.
    outputs = ok(k, "%maven org.apache.commons:commons-csv:1.11.0\n"
                    "org.apache.commons.csv.CSVFormat.DEFAULT.parse(new StringReader(\"a,b\\n1,2\")).getRecords().size()")
    assert [m["content"]["data"]["text/plain"] for m in outputs if m["msg_type"] == "execute_result"] == ["2"]
    assert k.value("org.apache.commons.io.IOUtils.class.getSimpleName()") == "IOUtils"


@pytest.mark.network
def test_second_version_of_a_jar_on_the_class_path_warns_naming_both(k):
    # lib/'s class path holds commons-lang3 3.12.0 (through Tablesaw).
    outputs = ok(k, "%maven org.apache.commons:commons-lang3:3.14.0")
    warning = stream_text(outputs, "stderr")
    assert "org.apache.commons:commons-lang3 3.14.0" in warning and "3.12.0" in warning, warning


# ---------------------------------------------------------------- running code

def test_load_runs_a_file_here(k, files):
    assert k.value("%%load %s/defs.jsh\nloadedValue + \" \" + loadedText()" % files) == "42 from defs.jsh"


def test_time_line_and_cell(k):
    reply, outputs = k.run("%time Thread.sleep(300)")
    assert reply["status"] == "ok", errors(outputs)
    (shown,) = displayed(outputs, "text/plain")
    wall = float(shown.split("wall time: ")[1].split(" s")[0])
    assert 0.3 <= wall < 5, shown
    reply, outputs = k.run("%%time\nlong s = 0;\nfor (int i = 0; i < 50_000_000; i++) s += i;\ns")
    assert reply["status"] == "ok", errors(outputs)
    assert [m["content"]["data"]["text/plain"] for m in outputs if m["msg_type"] == "execute_result"] \
        == [str(sum(range(50_000_000)))]
    (shown,) = displayed(outputs, "text/plain")
    cpu = float(shown.split("CPU time: ")[1].split(" s")[0])
    assert cpu > 0, shown


def test_errors_in_timed_code_name_the_cells_lines(k):
    reply, outputs = k.run("int fine = 1;\n%time int bad = notDefinedHere;")
    assert "line 2" in errors(outputs)[0]["evalue"], errors(outputs)
    reply, outputs = k.run("%%time\nint alsoFine = 1;\nint bad = notDefinedEither;")
    assert "line 3" in errors(outputs)[0]["evalue"], errors(outputs)


def test_time_inside_an_expression_is_refused(k):
    assert "must stand alone" in error_text(k, "Object t = %time 1 + 1;")


# ---------------------------------------------------------------- the base library's cell magics

@pytest.mark.parametrize("magic,mime", [("html", "text/html"), ("markdown", "text/markdown"),
                                        ("latex", "text/latex"), ("javascript", "application/javascript"),
                                        ("svg", "image/svg+xml")])
def test_display_cell_magics(k, magic, mime):
    body = {"svg": '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"></svg>'}.get(magic, "x % 2 <b>y</b>")
    outputs = ok(k, "%%%%%s\n%s" % (magic, body))
    assert displayed(outputs, mime) == [body]


def test_writefile_cell_magic(k, tmp_path):
    target = tmp_path / "out.txt"
    ok(k, "%%%%writefile %s\nline 1\nline 2" % target)
    assert target.read_text() == "line 1\nline 2"
    ok(k, "%%%%writefile -a %s\n\nline 3" % target)
    assert target.read_text() == "line 1\nline 2\nline 3"


def test_unknown_cell_magic_lists_the_known_ones(k):
    e = error_text(k, "%%nosuch\nbody")
    assert "unknown cell magic %%nosuch" in e and "%%html" in e


# ---------------------------------------------------------------- detection: Java stays Java

def test_percent_lines_in_a_text_block_are_text(k):
    assert k.value('String t = """\n%jars not/a/magic.jar\n  %d\n""";\nt.length()') == str(len("%jars not/a/magic.jar\n  %d\n"))


def test_modulo_of_a_variable_on_a_continuation_line(k):
    assert k.value("int b = 5;\nint r = 17\n%b;\nr") == "2"


def test_magic_names_complete(k):
    reply = k.shell_reply(k.kc.complete("%mav", 4))
    assert set(reply["matches"]) == {"maven", "mavenRepo"}


# ---------------------------------------------------------------- renderers and output

def test_xchart_chart_is_shown_as_png(k):
    outputs = ok(k, "var c = new org.knowm.xchart.XYChartBuilder().width(120).height(80).build();\n"
                    "c.addSeries(\"s\", new double[]{1, 2}, new double[]{3, 4});\nc")
    (result,) = [m["content"]["data"] for m in outputs if m["msg_type"] == "execute_result"]
    assert "image/png" in result


def test_a_notebook_registers_its_own_renderer(k):
    ok(k, "record Money(long cents) {}\n"
          "getKernelInstance().getRenderer().createRegistration(Money.class)\n"
          "    .preferring(io.github.spencerpark.jupyter.kernel.display.mime.MIMEType.TEXT_HTML)\n"
          "    .register((m, ctx) -> ctx.renderIfRequested(io.github.spencerpark.jupyter.kernel.display.mime.MIMEType.TEXT_HTML,\n"
          "        () -> \"<b>\" + m.cents() / 100.0 + \" EUR</b>\"));")
    assert k.value("new Money(1250)", mime="text/html") == "<b>12.5 EUR</b>"


def test_stdout_is_sent_per_flush_not_per_println(k):
    reply, outputs = k.run("for (int i = 0; i < 5000; i++) System.out.println(i);")
    assert reply["status"] == "ok"
    streams = [m for m in outputs if m["msg_type"] == "stream"]
    assert stream_text(outputs) == "".join("%d\n" % i for i in range(5000))
    assert len(streams) <= 20, "%d stream messages for 5000 lines" % len(streams)


def test_output_before_a_display_stays_before_it(k):
    reply, outputs = k.run('System.out.print("before");\ndisplay("shown");\nSystem.out.print("after");')
    kinds = [(m["msg_type"], m["content"].get("text") or m["content"].get("data", {}).get("text/plain"))
             for m in outputs if m["msg_type"] in ("stream", "display_data")]
    assert kinds == [("stream", "before"), ("display_data", "shown"), ("stream", "after")], kinds


# ---------------------------------------------------------------- settings under JJava's names

@pytest.fixture(scope="module")
def jjava_kernel(tmp_path_factory, files):
    folder = tmp_path_factory.mktemp("jjava")
    (folder / "a.jsh").write_text("int fromScriptsPath = 3;\n")
    env = spec_env()
    for name in ("CLASSPATH", "STARTUP_SCRIPTS_PATH", "STARTUP_SCRIPT", "COMPILER_OPTS", "TIMEOUT"):
        env.pop("IJAVA_" + name, None)
    spec = spec_env()
    # The launcher adds the copy's library to whichever names are set (JJAVA_ wins in the kernel).
    env["JJAVA_CLASSPATH"] = str(files / "jars/hello.jar")
    env["JJAVA_STARTUP_SCRIPTS_PATH"] = str(folder / "*.jsh")
    env["JJAVA_STARTUP_SCRIPT"] = "int fromScript = 4;"
    env["JJAVA_COMPILER_OPTS"] = spec.get("IJAVA_COMPILER_OPTS", "")
    env["JJAVA_TIMEOUT"] = "8000"  # compiling a cell can take seconds on a busy machine
    kernel = Kernel(env=env)
    yield kernel
    kernel.shutdown()


def test_jjava_settings(jjava_kernel):
    assert jjava_kernel.value("fromScriptsPath + fromScript") == "7"
    assert jjava_kernel.value("hello.Hello.say()") == "hello from a file repository"
    assert jjava_kernel.value("vae.prob.Normal.logDensityStandard(0.0)").startswith("-0.918938533")  # the copy's library stays
    assert int(jjava_kernel.value("jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.length()")) >= 1


def test_jjava_timeout_stops_a_long_cell(jjava_kernel):
    assert jjava_kernel.value("1 + 1") == "2"  # JShell has started: the time below is the cell's
    start = time.monotonic()
    e = error_text(jjava_kernel, "long spin = 0;\nwhile (true) { spin++; }")
    assert "JJAVA_TIMEOUT = 8000 ms" in e
    assert 8 <= time.monotonic() - start < 40
    assert jjava_kernel.value("1 + 1") == "2"


def test_a_looping_startup_script_can_be_stopped(tmp_path):
    looping = tmp_path / "looping"
    env = spec_env()
    env["IJAVA_STARTUP_SCRIPT"] = ("int beforeLoop = 1;\nwhile (true) { if (!Files.exists(Path.of(%s))) Files.createFile(Path.of(%s)); }\n"
                                   "int afterLoop = 2;" % ('"%s"' % looping, '"%s"' % looping))

    def stop_once_looping():
        deadline = time.monotonic() + 60
        while not looping.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        kernel.km.interrupt_kernel()

    kernel = Kernel(env=env)
    try:
        timer = threading.Thread(target=stop_once_looping)
        reply, outputs = kernel.run("beforeLoop", timeout=90, on_send=timer.start)
        assert reply["status"] == "ok", errors(outputs)
        assert "stopped at line 2" in stream_text(outputs, "stderr")
        assert [m["content"]["data"]["text/plain"] for m in outputs if m["msg_type"] == "execute_result"] == ["1"]
    finally:
        kernel.shutdown()
