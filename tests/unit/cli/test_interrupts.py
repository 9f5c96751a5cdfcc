"""Interrupts that Python would swallow are delivered again, not lost."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

#: A program that is interrupted inside a weak-reference callback, where Python
#: cannot let the exception through, then goes on working for a while.
PROGRAM = textwrap.dedent(
    """
    import signal, sys, time, weakref
    from policybrief.cli import interrupts
    interrupts.install()

    class Thing:
        pass

    def callback(ref):
        signal.raise_signal(signal.{signal})  # raised here, inside the callback
        for _ in range(1000):  # give the handler a bytecode to run in
            pass

    thing = Thing()
    ref = weakref.ref(thing, callback)
    try:
        del thing
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            pass
    except KeyboardInterrupt as exc:
        print("raised", type(exc).__name__)
        sys.exit(0)
    print("lost")
    """
)


@pytest.mark.parametrize(
    ("name", "raised"), [("SIGTERM", "Terminated"), ("SIGINT", "KeyboardInterrupt")]
)
def test_an_interrupt_swallowed_in_a_callback_is_raised_after_it(name: str, raised: str) -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROGRAM.format(signal=name)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.stdout.strip() == f"raised {raised}", done.stderr
    assert "Exception ignored" not in done.stderr
    assert "Traceback" not in done.stderr


def test_other_unraisable_exceptions_are_still_reported() -> None:
    program = textwrap.dedent(
        """
        import weakref
        from policybrief.cli import interrupts
        interrupts.install()

        class Thing:
            pass

        def callback(ref):
            raise ValueError("a real fault")

        thing = Thing()
        ref = weakref.ref(thing, callback)
        del thing
        print("went on")
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, timeout=60
    )
    assert done.stdout.strip() == "went on"
    assert "ValueError: a real fault" in done.stderr


def test_install_keeps_the_previous_hook_and_is_idempotent(monkeypatch: pytest.MonkeyPatch) -> None:
    import signal

    from policybrief.cli import interrupts

    seen: list[object] = []
    monkeypatch.setattr(sys, "unraisablehook", seen.append)
    previous_term = signal.getsignal(signal.SIGTERM)
    try:
        interrupts.install()
        hook = sys.unraisablehook
        interrupts.install()
        assert sys.unraisablehook is hook  # not wrapped twice
        assert isinstance(hook, interrupts._Redeliver)
        hook.previous("something")  # type: ignore[attr-defined]
        assert seen == ["something"]
    finally:
        signal.signal(signal.SIGTERM, previous_term)


WRAPPED = textwrap.dedent(
    """
    import signal, sys
    from policybrief.cli import interrupts
    interrupts.install()

    def build_models():  # a library calling back into Python, wrapping what it raised
        try:
            signal.raise_signal(signal.{signal})
            for _ in range(1000):
                pass
        except KeyboardInterrupt as exc:
            raise RuntimeError("SchemaError: " + type(exc).__name__) from None

    try:
        build_models()
    except RuntimeError:
        print(interrupts.received() == signal.{signal})
    """
)


@pytest.mark.parametrize("name", ["SIGTERM", "SIGINT"])
def test_an_interrupt_a_library_wrapped_is_still_known(name: str) -> None:
    done = subprocess.run(
        [sys.executable, "-c", WRAPPED.format(signal=name)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.stdout.strip() == "True", done.stderr


def test_a_wrapped_interrupt_ends_the_command_as_interrupted(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import signal

    from policybrief import cli
    from policybrief.cli import interrupts

    def command(*args: object, **kwargs: object) -> None:
        interrupts._RECEIVED.append(signal.SIGTERM)  # as the handler records it
        raise ValueError("SchemaError: Terminated")

    previous = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)}
    monkeypatch.setattr(cli.cli, "main", command)
    try:
        assert cli.main(["build"]) == 143
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
    assert "interrupted" in capsys.readouterr().err
