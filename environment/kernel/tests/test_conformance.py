"""Jupyter's own kernel test suite (Debian: python3-jupyter-kernel-test) run against java-vae.

Every message is validated against the protocol's schema; the samples below are Java.
"""
import jupyter_kernel_test

from conftest import KERNEL_NAME


class JavaVaeKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = KERNEL_NAME
    language_name = "java"
    file_extension = ".java"

    code_hello_world = 'System.out.println("hello, world");'
    code_stderr = 'System.err.println("something on stderr");'

    completion_samples = [
        {"text": "Math.signu", "matches": {"signum("}},
        {"text": "long t = 0;\nt = System.currentTimeMil", "matches": {"currentTimeMillis()"}},
    ]

    complete_code_samples = ["1 + 1", "int x = 1;", "void f() { }"]
    incomplete_code_samples = ["for (int i = 0; i < 3; i++) {", "double y = 2 *", "class A {"]
    invalid_code_samples = ['"an unterminated string', "}"]

    code_generate_error = 'throw new IllegalStateException("generated error");'

    code_execute_result = [
        {"code": "6 * 7", "result": "42"},
        {"code": '"con" + "cat"', "result": "concat"},
        {"code": "new java.awt.image.BufferedImage(3, 2, java.awt.image.BufferedImage.TYPE_INT_RGB)",
         "mime": "image/png"},
    ]

    code_display_data = [
        {"code": 'display("shown with display()");', "mime": "text/plain"},
        {"code": "display(new BufferedImage(2, 2, BufferedImage.TYPE_INT_ARGB));", "mime": "image/png"},
    ]

    code_inspect_sample = "Math.abs"
