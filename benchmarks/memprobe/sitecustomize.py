"""Peak-memory probe for benchmarks/engine.py; inert unless ``PB_BENCH_MEMLOG`` is set.

``engine.py`` puts this folder on ``PYTHONPATH`` so that every Python process of
a build (the main process and each spawned PDF worker, which inherit the
environment) imports this module at start-up. At exit (or at ``os._exit``), each process appends one
JSON line to the file ``PB_BENCH_MEMLOG`` names: its role, pid and parent pid,
and its peak resident set size, ``VmHWM`` from ``/proc/self/status`` (in KiB).

Why not ``getrusage``: a spawned worker's ``ru_maxrss`` starts from the RSS its
parent had when it forked (Linux carries the old address space's high-water
mark over ``exec``), so it over-reports small workers of a large main process;
``VmHWM`` belongs to the process's own address space. Why not ``/usr/bin/time``
or polling ``/proc/<pid>``: the first reports the maximum over the whole process
tree, not per process, and polling can miss a peak just before a worker exits.
"""

import os

_LOG = os.environ.get("PB_BENCH_MEMLOG")

if _LOG:
    import atexit
    import sys

    def _report(log: str = _LOG) -> None:
        import json
        import resource

        hwm = None
        try:
            with open("/proc/self/status", encoding="ascii") as status:
                for line in status:
                    if line.startswith("VmHWM:"):
                        hwm = int(line.split()[1])
        except OSError:
            pass
        # A spawned child takes its parent's sys.argv, so ask multiprocessing.
        mp = sys.modules.get("multiprocessing")
        if mp is not None and mp.parent_process() is not None:
            role = "worker"
        elif sys.argv and sys.argv[0].endswith("build.py"):
            role = "main"
        else:
            role = "other"
        record = {
            "role": role,
            "pid": os.getpid(),
            "ppid": os.getppid(),
            "vmhwm_kib": hwm,
            "ru_maxrss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        }
        fd = os.open(log, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            os.write(fd, (json.dumps(record) + "\n").encode())
        finally:
            os.close(fd)

    # Registered first, so it runs last: the peak includes every other exit handler.
    atexit.register(_report)

    # A PDF worker ends with os._exit from an exit handler of its own (it skips
    # tearing down its heap), so the handler above never runs there: report
    # before any os._exit too, once.
    _os_exit = os._exit

    def _exit_reporting(status: int) -> None:
        atexit.unregister(_report)
        try:
            _report()
        finally:
            _os_exit(status)

    os._exit = _exit_reporting
