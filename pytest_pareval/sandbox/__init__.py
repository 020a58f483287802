"""Contained execution: every compile and every run of generated code goes through ``core.run`` (namespaces,
rlimits, uid lease, cgroup), started by a small compiled exec helper (exec.c) whose host side is host.py.

``python -m pytest_pareval.sandbox`` prints what this machine offers."""
