"""Orchestration: what is stale, the build state, jobs, atomic writes, the project lock and
progress; ``build_project(root, options)``.
"""
