"""The Python handler worker: a child process of Stepthrough that imports one callable and runs it as
the AWS Lambda Python runtime would, one invocation at a time.

It speaks the worker protocol declared in host/handlers/protocol.ts (JSON lines on file descriptor 3,
both ways), mirrored by MESSAGE_FIELDS below; a test compares the two tables. The handler's own
print()/logging output stays on stdout/stderr, which Stepthrough shows as the function's logs.

As the runtime does: the code root is first on sys.path and the working directory; an unhandled
exception becomes ``{errorMessage, errorType, requestId, stackTrace}`` written with ``json.dumps``;
import problems are Runtime.ImportModuleError / Runtime.UserCodeSyntaxError / Runtime.HandlerNotFound;
a result JSON cannot hold is Runtime.MarshalError.

Standalone on purpose (no imports from this package): Stepthrough ships this file beside its CLI and
runs it with any Python 3.8+; ``python lambda_worker.py --describe-protocol`` prints MESSAGE_FIELDS.
"""

import decimal
import importlib
import json
import os
import sys
import threading
import time
import traceback

MESSAGE_FIELDS = {
    "init": ["type", "target"],
    "invoke": ["type", "id", "event", "context"],
    "ready": ["type", "runtime", "version"],
    "initError": ["type", "error"],
    "result": ["type", "id", "value"],
    "error": ["type", "id", "error", "text"],
}

INVOCATION_CONTEXT_FIELDS = [
    "functionName",
    "functionVersion",
    "invokedFunctionArn",
    "memoryLimitInMB",
    "awsRequestId",
    "logGroupName",
    "logStreamName",
    "deadlineMs",
]

CHANNEL_FD = 3


class LambdaContext(object):
    """The ``context`` argument, with the attributes of the Lambda Python runtime's context object."""

    def __init__(self, data):
        self.function_name = data["functionName"]
        self.function_version = data["functionVersion"]
        self.invoked_function_arn = data["invokedFunctionArn"]
        self.memory_limit_in_mb = str(data["memoryLimitInMB"])
        self.aws_request_id = data["awsRequestId"]
        self.log_group_name = data["logGroupName"]
        self.log_stream_name = data["logStreamName"]
        self.identity = None
        self.client_context = None
        self._deadline_ms = data["deadlineMs"]

    def get_remaining_time_in_millis(self):
        return max(0, int(self._deadline_ms - time.time() * 1000))

    def __repr__(self):
        return "LambdaContext(function_name=%r, aws_request_id=%r)" % (self.function_name, self.aws_request_id)


def _decimal(value):
    if isinstance(value, decimal.Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    raise TypeError("Object of type %s is not JSON serializable" % type(value).__name__)


def error_object(error, request_id, frames):
    """The runtime's error document for an unhandled exception (key order as it writes it)."""
    return {
        "errorMessage": str(error),
        "errorType": type(error).__name__,
        "requestId": request_id,
        "stackTrace": traceback.format_list(frames),
    }


def _user_frames(tb):
    """The traceback from the handler down (the runtime drops its own bootstrap frames)."""
    frames = traceback.extract_tb(tb)
    return frames[1:]


class Channel(object):
    """JSON lines on the inherited descriptor; the end of input ends the process, even mid-handler."""

    def __init__(self, fd):
        self.fd = fd
        self.lock = threading.Lock()
        self.messages = []
        self.ready = threading.Condition()

    def send(self, message):
        data = (json.dumps(message, separators=(",", ":"), allow_nan=False) + "\n").encode("utf-8")
        with self.lock:
            view = memoryview(data)
            while view:
                written = os.write(self.fd, view)
                view = view[written:]

    def send_raw(self, text):
        with self.lock:
            view = memoryview(text.encode("utf-8"))
            while view:
                written = os.write(self.fd, view)
                view = view[written:]

    def read_forever(self):
        buffered = b""
        while True:
            try:
                chunk = os.read(self.fd, 65536)
            except OSError:
                chunk = b""
            if not chunk:
                # Stepthrough closed the channel or went away: stop at once, whatever the handler does.
                os._exit(0)
            buffered += chunk
            while b"\n" in buffered:
                line, buffered = buffered.split(b"\n", 1)
                if line.strip():
                    with self.ready:
                        self.messages.append(json.loads(line.decode("utf-8")))
                        self.ready.notify()

    def receive(self):
        with self.ready:
            while not self.messages:
                self.ready.wait()
            return self.messages.pop(0)


def load(target):
    """The handler callable, or the runtime's init error object."""
    module_name = target["module"]
    root = target["root"]
    if root not in sys.path:
        sys.path.insert(0, root)
    try:
        module = importlib.import_module(module_name)
    except SyntaxError as error:
        return None, {
            "errorMessage": "Syntax error in module '%s': %s" % (module_name, error),
            "errorType": "Runtime.UserCodeSyntaxError",
            "requestId": "",
            "stackTrace": traceback.format_list(traceback.extract_tb(error.__traceback__)[1:]),
        }
    except Exception as error:  # ImportError and anything the module raises while it loads
        return None, {
            "errorMessage": "Unable to import module '%s': %s" % (module_name, error),
            "errorType": "Runtime.ImportModuleError",
            "requestId": "",
            "stackTrace": [],
        }
    value = module
    for part in target["attribute"].split("."):
        if not hasattr(value, part):
            return None, {
                "errorMessage": "Handler '%s' missing on module '%s'" % (target["attribute"], module_name),
                "errorType": "Runtime.HandlerNotFound",
                "requestId": "",
                "stackTrace": [],
            }
        value = getattr(value, part)
    if not callable(value):
        return None, {
            "errorMessage": "Handler '%s' on module '%s' is not callable" % (target["attribute"], module_name),
            "errorType": "Runtime.HandlerNotFound",
            "requestId": "",
            "stackTrace": [],
        }
    return value, None


def invoke(channel, handler, message):
    request_id = message["context"]["awsRequestId"]
    try:
        value = handler(message["event"], LambdaContext(message["context"]))
    except Exception as error:
        document = error_object(error, request_id, _user_frames(error.__traceback__))
        channel.send({"type": "error", "id": message["id"], "error": document, "text": json.dumps(document)})
        return
    try:
        text = json.dumps(value, default=_decimal, allow_nan=False, separators=(",", ":"))
    except (TypeError, ValueError) as error:
        document = {
            "errorMessage": "Unable to marshal response: %s" % error,
            "errorType": "Runtime.MarshalError",
            "requestId": request_id,
            "stackTrace": [],
        }
        channel.send({"type": "error", "id": message["id"], "error": document, "text": json.dumps(document)})
        return
    channel.send_raw('{"type":"result","id":%d,"value":%s}\n' % (message["id"], text))


def main():
    if "--describe-protocol" in sys.argv:
        print(json.dumps({"messages": MESSAGE_FIELDS, "context": INVOCATION_CONTEXT_FIELDS}))
        return
    channel = Channel(CHANNEL_FD)
    reader = threading.Thread(target=channel.read_forever, name="stepthrough-channel", daemon=True)
    reader.start()
    init = channel.receive()
    handler, failure = load(init["target"])
    if failure is not None:
        channel.send({"type": "initError", "error": failure})
    else:
        version = "%d.%d.%d" % sys.version_info[:3]
        channel.send({"type": "ready", "runtime": "python", "version": version})
    while True:
        message = channel.receive()
        if message.get("type") == "invoke" and handler is not None:
            invoke(channel, handler, message)


if __name__ == "__main__":
    main()
