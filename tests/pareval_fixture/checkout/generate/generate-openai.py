"""Fixture for pytest-pareval's tests: a chat script in the shape of ParEval's, written for the tests.

pytest-pareval reads the two templates below with ast and must never run this file.
"""
raise SystemExit("this fixture script is read, never executed")

SYSTEM_TEMPLATE = """You write C++ for a test harness.
Answer with the function's body in one code block.
"""

PROMPT_TEMPLATE = """Finish {function_name}; write only what goes inside {function_name}.

```cpp
{prompt}
```
"""
