"""Shared set-up for the kernel tests: the installed java-vae kernelspec, one kernel per module.

Run with Debian's python:  /usr/bin/python3 -m pytest environment/kernel/tests
VAE_KERNEL_TEST_JAVA=/path/to/bin/java runs every kernel on that Java instead of the
kernelspec's (how the tests are run on Java 25, say).
"""
import os
import time

import pytest
from jupyter_client import KernelManager
from jupyter_client.kernelspec import KernelSpecManager

KERNEL_NAME = "java-vae"
TIMEOUT = 60  # seconds; generous because the machine is shared with Maven builds


def pytest_configure(config):
    config.addinivalue_line("markers", "network: needs Maven Central (as ./lecture setup does)")
    if KERNEL_NAME not in KernelSpecManager().find_kernel_specs():
        pytest.exit("the Jupyter kernelspec %r is not installed: run environment/setup.sh "
                    "(or environment/kernel/install-kernelspec.sh)" % KERNEL_NAME, returncode=1)


class Kernel:
    """A running kernel and the little protocol the tests need."""

    def __init__(self, env=None, jvm_args=()):
        self.km = KernelManager(kernel_name=KERNEL_NAME)
        if env is not None:
            # The kernelspec's env wins over the caller's, so change the spec itself.
            self.km.kernel_spec.env = env
        argv = list(self.km.kernel_spec.argv)
        java = os.environ.get("VAE_KERNEL_TEST_JAVA")
        if os.path.basename(argv[0]) == "java":
            argv = [java or argv[0]] + list(jvm_args) + argv[1:]
        else:  # a launcher script: it reads the JVM options from the environment
            env = dict(self.km.kernel_spec.env)
            if jvm_args:
                env["JJAVA_JVM_OPTS"] = (env.get("JJAVA_JVM_OPTS", "") + " " + " ".join(jvm_args)).strip()
            if java:
                env["VAE_KERNEL_JAVA"] = java  # start-kernel.sh runs this java
            self.km.kernel_spec.env = env
        self.km.kernel_spec.argv = argv
        self.km.start_kernel()
        self.kc = self.km.client()
        self.kc.start_channels()
        self.kc.wait_for_ready(timeout=TIMEOUT)

    def shutdown(self):
        self.kc.stop_channels()
        self.km.shutdown_kernel(now=False)

    def shell_reply(self, msg_id, timeout=TIMEOUT):
        while True:
            reply = self.kc.get_shell_msg(timeout=timeout)
            if reply["parent_header"].get("msg_id") == msg_id:
                return reply["content"]

    def run(self, code, timeout=TIMEOUT, on_send=None):
        """Execute code. Returns (reply content, [output messages]); each output message gets
        an extra key "t": seconds since the request was sent, when it arrived."""
        msg_id = self.kc.execute(code)
        t0 = time.monotonic()
        if on_send is not None:
            on_send()
        outputs = []
        while True:
            msg = self.kc.get_iopub_msg(timeout=timeout)
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            msg["t"] = time.monotonic() - t0
            kind = msg["msg_type"]
            if kind == "status" and msg["content"]["execution_state"] == "idle":
                break
            if kind not in ("status", "execute_input"):
                outputs.append(msg)
        return self.shell_reply(msg_id, timeout), outputs

    def value(self, code, mime="text/plain"):
        """The execute_result of code, as the given MIME type; fails on an error."""
        reply, outputs = self.run(code)
        assert reply["status"] == "ok", "cell failed: %s" % errors(outputs)
        results = [m["content"]["data"] for m in outputs if m["msg_type"] == "execute_result"]
        assert len(results) == 1, "expected one execute_result, got %s" % outputs
        assert mime in results[0], "no %s in %s" % (mime, list(results[0]))
        return results[0][mime]


def spec_env():
    """A copy of the installed kernelspec's environment, to change for one kernel."""
    return dict(KernelSpecManager().get_kernel_spec(KERNEL_NAME).env)


def displayed(outputs, mime):
    """The given MIME type of every display_data message, in order."""
    return [m["content"]["data"][mime] for m in outputs
            if m["msg_type"] == "display_data" and mime in m["content"]["data"]]


def errors(outputs):
    return [m["content"] for m in outputs if m["msg_type"] == "error"]


def stream_text(outputs, name="stdout"):
    return "".join(m["content"]["text"] for m in outputs
                   if m["msg_type"] == "stream" and m["content"]["name"] == name)


@pytest.fixture(scope="module")
def kernel():
    k = Kernel()
    yield k
    k.shutdown()
