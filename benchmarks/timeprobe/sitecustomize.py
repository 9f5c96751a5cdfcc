"""Event probe for benchmarks/timeline.py; inert unless ``PB_TIMELINE`` is set.

``timeline.py`` puts this folder on ``PYTHONPATH``, so every Python process of
a build (the main process and each spawned PDF worker) imports it at start-up.
It wraps a few build functions as their modules are imported and appends one
line per event to the file ``PB_TIMELINE`` names: ``SECONDS PID EVENT DETAIL``,
SECONDS on the boot clock (the one ``/proc/PID/stat`` counts process starts
in). Functions a revision does not have are skipped, so one probe serves the
baseline and the working tree alike.
"""

import os

_LOG = os.environ.get("PB_TIMELINE")

if _LOG:
    import atexit
    import functools
    import importlib.abc
    import sys
    import time

    def _event(name: str, detail: str = "", log: str = _LOG) -> None:
        line = f"{time.clock_gettime(time.CLOCK_BOOTTIME):.6f} {os.getpid()} {name} {detail}\n"
        fd = os.open(log, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            os.write(fd, line.encode())
        finally:
            os.close(fd)

    def _slug(args: tuple, kwargs: dict) -> str:
        for value in args:
            slug = getattr(value, "slug", None)
            if isinstance(slug, str):
                return slug
            if isinstance(value, dict):
                for key in value:
                    if isinstance(key, str) and key.endswith(".pdf"):
                        return key.split("/")[0]
        return ""

    #: module -> [(attribute path, event name, when: "enter"/"exit"/"both")]
    _HOOKS = {
        "policybrief.build.project": [("build_project", "build-called", "enter")],
        "policybrief.content.load": [("load_project", "load", "both")],
        "policybrief.render.pdf": [
            ("start_workers", "workers-start", "enter"),
            ("_init_worker", "weasyprint-imported", "exit"),
            ("warm_up", "warm", "exit"),
            ("render_pdf", "render", "both"),
        ],
        "policybrief.build.pool": [
            ("PdfPool.submit", "submit", "enter"),
            ("PdfPool.close", "pool-close", "both"),
            ("PdfPool.stop", "pool-stop", "both"),
        ],
        "policybrief.build.outputs": [
            ("write_brief", "brief-written", "exit"),
            ("copy_assets", "assets", "both"),
        ],
        "policybrief.build.site_output": [
            ("build_site", "site", "both"),
            ("render_site", "site-render", "both"),
            ("write_site", "site-write", "both"),
        ],
        "policybrief.build.state": [("save_state", "state-written", "exit")],
        "policybrief.render.webfonts": [("subset_woff2", "subset", "both")],
        "policybrief.build.scan": [("scan_inputs", "scan", "both")],
    }

    def _wrap(func, name: str, when: str):
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            detail = _slug(args, kwargs)
            if when in ("enter", "both"):
                _event(name + (":start" if when == "both" else ""), detail)
            try:
                return func(*args, **kwargs)
            finally:
                if when in ("exit", "both"):
                    _event(name + (":end" if when == "both" else ""), detail)

        return wrapper

    class _Patcher(importlib.abc.MetaPathFinder):
        def find_spec(self, fullname, path, target=None):
            if fullname not in _HOOKS:
                return None
            for finder in sys.meta_path:
                if finder is self:
                    continue
                spec = finder.find_spec(fullname, path, target)
                if spec is not None:
                    break
            else:
                return None
            run = spec.loader.exec_module

            def exec_module(module, run=run, hooks=_HOOKS[fullname]):
                run(module)
                for attr, name, when in hooks:
                    owner, _, leaf = attr.rpartition(".")
                    holder = getattr(module, owner) if owner else module
                    if hasattr(holder, leaf):
                        setattr(holder, leaf, _wrap(getattr(holder, leaf), name, when))

            spec.loader.exec_module = exec_module
            return spec

    sys.meta_path.insert(0, _Patcher())
    _worker = "spawn_main" in " ".join(sys.argv) or any("multiprocessing" in a for a in sys.argv)
    _event("process-up", "worker" if _worker else "main")
    atexit.register(lambda: _event("atexit"))
