"""The client side of ``stepthrough serve``: one long-lived subprocess speaking JSON lines over
stdio. A request is written as one line; while waiting for its response the client answers the
server's ``invokeHandler`` calls by running Python handlers in-process."""

from __future__ import annotations

import json
import subprocess
import tempfile
from typing import IO, Any, Dict, Optional, Sequence, Tuple

from ._handlers import HandlerTable, LambdaContext, call_handler
from ._json import dumps
from .errors import DefinitionError, HandlerNotFound, StepthroughError, StepthroughSetupError, TaskTokenError


class ServerProcess:
    """A running ``stepthrough serve``; started on first use, restarted if it died."""

    def __init__(self, command: Sequence[str], cwd: Optional[str] = None) -> None:
        self.command = list(command)
        self.cwd = cwd
        self._process: Optional[subprocess.Popen[bytes]] = None
        self._stderr: Optional[IO[bytes]] = None
        self._next_id = 1
        # Handlers of started executions, by their start request's id: their calls may arrive while
        # the client waits on any later request.
        self._started_handlers: Dict[int, HandlerTable] = {}
        self._start_request_of: Dict[int, int] = {}

    @property
    def pid(self) -> Optional[int]:
        """The server's process id while it runs."""
        return self._process.pid if self.running and self._process is not None else None

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def _start(self) -> subprocess.Popen[bytes]:
        self._stderr = tempfile.TemporaryFile()
        try:
            self._process = subprocess.Popen(
                self.command,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=self._stderr,
                cwd=self.cwd,
            )
        except OSError as error:
            raise StepthroughSetupError(
                f"cannot start the Stepthrough server ({' '.join(self.command)}): {error}"
            ) from error
        return self._process

    def _stderr_tail(self, limit: int = 4000) -> str:
        if self._stderr is None:
            return ""
        self._stderr.seek(0)
        text = self._stderr.read().decode("utf-8", "replace").strip()
        return text[-limit:]

    def _died(self, process: subprocess.Popen[bytes]) -> StepthroughSetupError:
        code = process.wait()
        tail = self._stderr_tail()
        hint = ""
        if "unknown command 'serve'" in tail:
            hint = "\nThis stepthrough CLI has no `serve` command: install a newer version."
        return StepthroughSetupError(
            f"the Stepthrough server ({' '.join(self.command)}) exited with code {code}"
            + (f":\n{tail}" if tail else " without an error message")
            + hint
        )

    def _write(self, process: subprocess.Popen[bytes], message: Dict[str, Any]) -> None:
        assert process.stdin is not None
        try:
            process.stdin.write(dumps(message).encode("utf-8") + b"\n")
            process.stdin.flush()
        except (BrokenPipeError, OSError):
            raise self._died(process) from None

    def _read(self, process: subprocess.Popen[bytes]) -> Dict[str, Any]:
        assert process.stdout is not None
        line = process.stdout.readline()
        if not line:
            raise self._died(process)
        try:
            message = json.loads(line)
        except ValueError:
            raise StepthroughSetupError(
                f"the Stepthrough server wrote a line that is not JSON: {line[:200]!r}"
            ) from None
        if not isinstance(message, dict):
            raise StepthroughSetupError(f"the Stepthrough server wrote an unexpected message: {message!r}")
        return message

    def request(
        self, message: Dict[str, Any], handlers: Optional[HandlerTable] = None, *, keep_handlers: bool = False
    ) -> Any:
        """Sends one request and returns its result, answering handler calls meanwhile.

        ``keep_handlers``: the request starts an execution that outlives it (``start``); its handler
        calls are answered from ``handlers`` until ``forget_handlers`` with the result's executionId.

        Raises StepthroughError when the server refuses the request, StepthroughSetupError when
        it cannot run, HandlerNotFound when a mock names a handler that cannot be imported.
        """
        process = self._process if self.running else self._start()
        assert process is not None
        request_id = self._next_id
        self._next_id += 1
        if keep_handlers and handlers is not None:
            self._started_handlers[request_id] = handlers
        self._write(process, {**message, "id": request_id})
        stop: Optional[BaseException] = None
        while True:
            reply = self._read(process)
            if reply.get("type") == "invokeHandler":
                caller = reply.get("requestId")
                table = handlers if caller == request_id else self._started_handlers.get(caller)  # type: ignore[arg-type]
                answer, raised = self._invoke(reply, table, stop is not None)
                stop = stop or raised
                self._write(process, {"type": "handlerResult", "callId": reply.get("callId"), **answer})
                continue
            if reply.get("id") == request_id:
                if stop is not None:
                    raise stop
                try:
                    result = self._result(reply)
                except BaseException:
                    self._started_handlers.pop(request_id, None)
                    raise
                if keep_handlers and isinstance(result, dict):
                    self._start_request_of[int(result["executionId"])] = request_id
                return result
            if reply.get("ok") is False and reply.get("id") is None:
                error = reply.get("error") or {}
                raise StepthroughSetupError(f"protocol error reported by the Stepthrough server: {error.get('message')}")

    def _invoke(
        self, call: Dict[str, Any], handlers: Optional[HandlerTable], stopping: bool
    ) -> Tuple[Dict[str, Any], Optional[BaseException]]:
        """Runs one handler call; an exception that must end the test is returned to re-raise later."""
        state = str(call.get("state", ""))
        if stopping:
            return {"ok": False, "error": "Stepthrough.Stopped", "cause": "the test stopped", "abort": True}, None
        try:
            if handlers is None:
                raise HandlerNotFound(f"state {state!r} asks for a handler, but this request registered none")
            handler = handlers.resolve(str(call.get("handler", "")))
            return call_handler(handler, call.get("input"), LambdaContext(state, call.get("context") or {})), None
        except BaseException as error:  # pytest outcomes, KeyboardInterrupt, HandlerNotFound: end the test
            answer = {"ok": False, "error": type(error).__name__, "cause": str(error), "abort": True}
            return answer, error

    def forget_handlers(self, execution_id: int) -> None:
        """A started execution has ended: its handlers are no longer called."""
        request_id = self._start_request_of.pop(execution_id, None)
        if request_id is not None:
            self._started_handlers.pop(request_id, None)

    @staticmethod
    def _result(reply: Dict[str, Any]) -> Any:
        if reply.get("ok") is True:
            return reply.get("result")
        error = reply.get("error") or {}
        if error.get("awsError"):
            raise TaskTokenError(str(error.get("awsError")), str(error.get("message", "")), error.get("hint"))
        if error.get("diagnostics"):
            raise DefinitionError(
                str(error.get("code")),
                str(error.get("message", "")),
                error.get("hint"),
                error.get("location"),
                list(error.get("diagnostics") or []),
            )
        raise StepthroughError(
            str(error.get("code", "E_UNKNOWN")),
            str(error.get("message", "the request failed")),
            error.get("hint"),
            error.get("location"),
        )

    def close(self) -> None:
        """Asks the server to shut down, then makes sure it has exited."""
        process = self._process
        self._process = None
        if process is None:
            return
        if process.poll() is None:
            try:
                assert process.stdin is not None
                process.stdin.write(dumps({"id": 0, "type": "shutdown"}).encode("utf-8") + b"\n")
                process.stdin.close()
                process.wait(timeout=10)
            except (OSError, subprocess.TimeoutExpired):
                process.kill()
                process.wait()
        for stream in (process.stdout, process.stdin):
            if stream is not None and not stream.closed:
                stream.close()
        if self._stderr is not None:
            self._stderr.close()
            self._stderr = None

