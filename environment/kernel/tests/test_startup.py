"""A broken start-up (bad script line, missing class path entry) must not cost the kernel."""
import pytest
from jupyter_client.kernelspec import KernelSpecManager

from conftest import KERNEL_NAME, Kernel, errors, stream_text


@pytest.fixture(scope="module")
def broken_start(tmp_path_factory):
    folder = tmp_path_factory.mktemp("startup")
    script = folder / "broken.jsh"
    script.write_text("import java.util.concurrent.*;\n"
                      "import no.such.star.*;\n"
                      "import no.such.pkg.Thing;\n"
                      "int fromScript = 7;\n"
                      "int broken = 1 / 0;\n"
                      "String afterErrors = \"still run\";\n")
    env = dict(KernelSpecManager().get_kernel_spec(KERNEL_NAME).env)
    env["IJAVA_CLASSPATH"] = env.get("IJAVA_CLASSPATH", "") + ":" + str(folder / "missing/*")
    env["IJAVA_STARTUP_SCRIPTS_PATH"] = str(script)
    env["IJAVA_STARTUP_SCRIPT"] = "int inlineStartup = 5;"
    k = Kernel(env=env)
    yield k, folder
    k.shutdown()


def test_kernel_starts_and_reports_problems_in_the_first_cell(broken_start):
    k, folder = broken_start
    reply, outputs = k.run("fromScript + inlineStartup")
    assert reply["status"] == "ok", errors(outputs)
    assert [m["content"]["data"]["text/plain"] for m in outputs if m["msg_type"] == "execute_result"] == ["12"]
    report = stream_text(outputs, "stderr")
    assert "no.such.pkg" in report
    assert "no.such.star" in report  # in a batch of on-demand imports that then ran one by one
    assert "ArithmeticException" in report
    assert str(folder / "missing") in report
    # Only the first cell carries the report.
    assert k.value("TimeUnit.SECONDS.toMillis(fromScript)") == "7000"  # the good import of that batch
    reply, outputs = k.run("afterErrors")
    assert stream_text(outputs, "stderr") == ""
    assert [m["content"]["data"]["text/plain"] for m in outputs if m["msg_type"] == "execute_result"] == ["still run"]
