"""The community's kernel conformance suite (Debian's python3-jupyter-kernel-test) for streamz-ts.

Run by kernel/test/conformance.test.ts with JUPYTER_PATH pointing at a temporary kernelspec install.
Not covered, because the kernel has no such feature: the pager and clear_output.
"""
import unittest

import jupyter_kernel_test


class StreamzTsKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = "streamz-ts"
    language_name = "typescript"
    file_extension = ".ts"

    code_hello_world = "console.log('hello, world')"
    code_stderr = "console.error('to stderr')"

    completion_samples = [
        {"text": "Math.ab", "matches": {"abs"}},
        {"text": "const someLongName = 1; someLong", "matches": {"someLongName"}},
    ]
    complete_code_samples = ["1", "const a = 1;", "function f(x: number) { return x; }"]
    incomplete_code_samples = ["function f() {", "const xs = [1,"]

    code_generate_error = "throw new Error('expected failure')"
    code_execute_result = [
        {"code": "6 * 7", "result": "42"},
        {"code": "'stream' + 'z'", "result": "'streamz'"},
        {"code": "[1, 2].map((x) => x * 2)", "result": "[ 2, 4 ]"},
    ]
    code_display_data = [
        {"code": "import * as tslab from 'tslab'; tslab.display.html('<b>bold</b>')", "mime": "text/html"},
        {"code": "import { display } from '@streamz-ts/widgets'; display({ a: 1 })", "mime": "text/plain"},
    ]
    code_inspect_sample = "Math.max"
    code_history_pattern = "6 *"
    supported_history_operations = ("tail", "range", "search")


if __name__ == "__main__":
    unittest.main()
