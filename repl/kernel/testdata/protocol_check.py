"""Drives the qmix kernel with jupyter_client, the reference Jupyter client.

Run by TestJupyterProtocol (jupyter_test.go) with /usr/bin/python3 and
JUPYTER_DATA_DIR pointing at a directory where the qmix kernelspec is installed.
Each check prints "ok NAME" or "FAIL NAME: why"; the exit status is the number
of failures (capped at 100), so the Go test fails on any.
"""

import json
import queue
import signal
import sys
import time
import traceback

from jupyter_client.manager import start_new_kernel
from jupyter_client.session import Session

TIMEOUT = 30  # seconds for any one reply; the interpreter starts cold

failures = []
stash = []  # IOPub messages read while looking for others


def check(name):
    def wrap(fn):
        try:
            fn()
            print("ok", name, flush=True)
        except Exception as e:  # noqa: BLE001 - every failure is reported
            detail = "".join(traceback.format_exception_only(type(e), e)).strip()
            print("FAIL", name + ":", detail, flush=True)
            failures.append(name)
        return fn

    return wrap


def expect(cond, what):
    if not cond:
        raise AssertionError(what)


def iopub_for(kc, msg_id, timeout=TIMEOUT):
    """IOPub messages whose parent is msg_id, up to and including its idle."""
    got = [m for m in stash if m["parent_header"].get("msg_id") == msg_id]
    for m in got:
        stash.remove(m)
    deadline = time.monotonic() + timeout
    while not any(
        m["msg_type"] == "status" and m["content"]["execution_state"] == "idle" for m in got
    ):
        left = deadline - time.monotonic()
        expect(left > 0, "no idle on IOPub for %s" % msg_id)
        m = kc.get_iopub_msg(timeout=left)
        if m["parent_header"].get("msg_id") == msg_id:
            got.append(m)
        else:
            stash.append(m)
    return got


def shell_reply(kc, msg_id, timeout=TIMEOUT):
    deadline = time.monotonic() + timeout
    while True:
        m = kc.get_shell_msg(timeout=max(0.01, deadline - time.monotonic()))
        if m["parent_header"].get("msg_id") == msg_id:
            return m


def execute(kc, code, **kw):
    """Runs code; returns (reply content, IOPub messages of the request)."""
    msg_id = kc.execute(code, **kw)
    reply = shell_reply(kc, msg_id)
    return reply["content"], iopub_for(kc, msg_id)


def wait_started(kc, msg_id):
    """Waits for the execute_input of msg_id: the cell is running."""
    deadline = time.monotonic() + TIMEOUT
    while True:
        expect(time.monotonic() < deadline, "cell never started")
        m = kc.get_iopub_msg(timeout=TIMEOUT)
        if m["parent_header"].get("msg_id") != msg_id:
            stash.append(m)
        elif m["msg_type"] == "execute_input":
            stash.append(m)
            return


def statuses(msgs):
    return [m["content"]["execution_state"] for m in msgs if m["msg_type"] == "status"]


def main():
    km, kc = start_new_kernel(kernel_name="qmix", startup_timeout=60)
    stash.clear()

    @check("kernel_info_reply on shell, busy/idle around it")
    def _():
        msg_id = kc.kernel_info()
        r = shell_reply(kc, msg_id)["content"]
        li = r["language_info"]
        expect(r["status"] == "ok", r)
        expect(r["implementation"] == "qmix", r["implementation"])
        expect(r["protocol_version"].startswith("5."), r["protocol_version"])
        expect((li["name"], li["mimetype"], li["file_extension"]) == ("go", "text/x-go", ".go"), li)
        expect(statuses(iopub_for(kc, msg_id)) == ["busy", "idle"], "status messages")

    @check("execute ok: stream and execute_result")
    def _():
        r, pub = execute(kc, 'x := 40 + 2\nfmt.Println("hello from a cell")\nx')
        expect(r["status"] == "ok", r)
        types = [m["msg_type"] for m in pub]
        expect(types[0] == "status" and types[1] == "execute_input", types)
        streams = "".join(m["content"]["text"] for m in pub if m["msg_type"] == "stream")
        expect("hello from a cell" in streams, "stream text %r" % streams)
        results = [m for m in pub if m["msg_type"] == "execute_result"]
        expect(len(results) == 1, types)
        expect(results[0]["content"]["data"]["text/plain"].strip() == "42", results[0]["content"])
        expect(results[0]["content"]["execution_count"] == r["execution_count"], "execution_count")

    @check("execute ok: output of compiled code captured at the fd level")
    def _():
        # lib.DisplayText is compiled code writing to the process's fd 1 (a
        # script's os.Stdout is the real one), which only fd capture can see.
        r, pub = execute(kc, 'lib.DisplayText(os.Stdout, "from compiled lib")\nos.Stderr.WriteString("to fd 2\\n")')
        expect(r["status"] == "ok", r)
        out = "".join(m["content"]["text"] for m in pub if m["msg_type"] == "stream" and m["content"]["name"] == "stdout")
        err = "".join(m["content"]["text"] for m in pub if m["msg_type"] == "stream" and m["content"]["name"] == "stderr")
        expect("from compiled lib" in out, "stdout %r" % out)
        expect("to fd 2" in err, "stderr %r" % err)

    @check("execute error: traceback is a list of strings")
    def _():
        r, pub = execute(kc, "y := undefinedName + 1", stop_on_error=False)
        expect(r["status"] == "error", r)
        tb = r["traceback"]
        expect(isinstance(tb, list) and tb and all(isinstance(s, str) for s in tb), tb)
        errs = [m for m in pub if m["msg_type"] == "error"]
        expect(len(errs) == 1 and isinstance(errs[0]["content"]["traceback"], list), pub)
        expect("undefinedName" in r["evalue"] + "".join(tb), r)

    @check("is_complete: complete and incomplete")
    def _():
        for code, want in [
            ("x := 1", "complete"),
            ("for i := 0; i < 3; i++ {", "incomplete"),
            ("func f() {\n\treturn", "incomplete"),
        ]:
            msg_id = kc.is_complete(code)
            r = shell_reply(kc, msg_id)["content"]
            expect(r["status"] == want, "%r: %r, want %s" % (code, r, want))
            iopub_for(kc, msg_id)

    @check("complete: lib.Lo offers lib.Load")
    def _():
        code = "df, err := lib.Lo"
        r = kc.complete(code, len(code), reply=True, timeout=TIMEOUT)["content"]
        expect(r["status"] == "ok", r)
        applied = [code[: r["cursor_start"]] + m + code[r["cursor_end"] :] for m in r["matches"]]
        expect(any(a.endswith("lib.Load") for a in applied), r)

    @check("inspect: lib.Load has documentation")
    def _():
        r = kc.inspect("lib.Load", 6, reply=True, timeout=TIMEOUT)["content"]
        expect(r["status"] == "ok" and r["found"], r)
        expect("Load" in r["data"]["text/plain"], r["data"])

    @check("history: tail holds stored inputs")
    def _():
        r = kc.history(hist_access_type="tail", n=10, output=False, raw=True, reply=True, timeout=TIMEOUT)
        h = r["content"]["history"]
        expect(any("40 + 2" in e[2] for e in h), h)

    @check("comm_info: no comms")
    def _():
        r = kc.comm_info(reply=True, timeout=TIMEOUT)["content"]
        expect(r["status"] == "ok" and r["comms"] == {}, r)

    @check("interrupt a running cell, then run another in the same kernel")
    def _():
        msg_id = kc.execute("n := 0\nfor {\n\tn++\n}")
        # Once the cell runs, interrupt through the manager (an interrupt_request
        # on control, as JupyterLab's stop button sends).
        wait_started(kc, msg_id)
        time.sleep(0.5)
        km.interrupt_kernel()
        r = shell_reply(kc, msg_id)["content"]
        expect(r["status"] == "error", r)
        expect(isinstance(r["traceback"], list), r)
        expect("idle" in statuses(iopub_for(kc, msg_id)), "idle after interrupt")
        r, pub = execute(kc, "x * 2")
        expect(r["status"] == "ok", r)
        res = [m["content"]["data"]["text/plain"] for m in pub if m["msg_type"] == "execute_result"]
        expect(res and res[0].strip() == "84", res)

    @check("SIGINT (signal interrupt mode) stops a compiled call; the kernel lives on")
    def _():
        msg_id = kc.execute("time.Sleep(time.Hour)")
        wait_started(kc, msg_id)
        time.sleep(0.5)
        km.signal_kernel(signal.SIGINT)
        r = shell_reply(kc, msg_id)["content"]
        expect(r["status"] == "error", r)
        iopub_for(kc, msg_id)
        r, pub = execute(kc, "x + 1")
        expect(r["status"] == "ok", r)
        expect(km.is_alive(), "kernel died")

    @check("a message with a bad signature gets no reply")
    def _():
        bad = Session(key=b"not-the-key", signature_scheme="hmac-sha256", session=kc.session.session)
        msg = bad.msg("kernel_info_request", {})
        bad.send(kc.shell_channel.socket, msg)
        try:
            m = kc.get_shell_msg(timeout=2)
            raise AssertionError("got a reply: %s" % m["msg_type"])
        except queue.Empty:
            pass
        try:
            while True:
                m = kc.get_iopub_msg(timeout=0.2)
                expect(m["parent_header"].get("msg_id") != msg["header"]["msg_id"], "IOPub answered it")
        except queue.Empty:
            pass
        r = kc.kernel_info(reply=True, timeout=TIMEOUT)["content"]
        expect(r["status"] == "ok", "kernel still answers good messages")

    @check("restart: a new kernel process on the same connection, state gone")
    def _():
        old = km.provisioner.process.pid
        km.restart_kernel(now=False)
        kc.wait_for_ready(timeout=60)
        stash.clear()
        expect(km.provisioner.process.pid != old, "same process after restart")
        r, pub = execute(kc, "x", stop_on_error=False)
        expect(r["status"] == "error" and "x" in r["evalue"], r)
        r, pub = execute(kc, "y := 2\ny")
        expect(r["status"] == "ok", r)

    @check("shutdown_request on control: reply, then the process exits 0")
    def _():
        r = kc.shutdown(reply=True, timeout=TIMEOUT)["content"]
        expect(r["status"] == "ok" and r["restart"] is False, r)
        code = km.provisioner.process.wait(timeout=TIMEOUT)
        expect(code == 0, "exit status %s" % code)

    kc.stop_channels()
    if km.is_alive():
        km.shutdown_kernel(now=True)
    print(json.dumps({"failures": failures}))
    return min(len(failures), 100)


if __name__ == "__main__":
    sys.exit(main())
