"""The pytest plugin on top of the stages: hooks (hooks.py, the pytest11 entry point), options and settings
(settings.py), the items of a session (session.py), the controller's side (controller.py: selection,
records, manifest.py, report), the side that runs items (items.py) and the live progress line
(progress.py)."""
