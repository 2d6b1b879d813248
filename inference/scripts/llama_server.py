"""Serves a GGUF with llama.cpp's own HTTP server (llama-server), as packaged by xllamacpp.

xllamacpp's prebuilt wheel compiles llama.cpp's tools/server into its extension and runs it in
a thread; it ships no command line, so this is the equivalent of
`llama-server -m MODEL --host HOST --port PORT [--api-key KEY] -c CTX -t THREADS`.
Runs until SIGTERM or SIGINT.
"""

import argparse
import signal

import xllamacpp


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", required=True, help="path to a GGUF file")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--api-key", help="require 'Authorization: Bearer KEY'")
    parser.add_argument("--ctx-size", type=int, default=4096)
    # One thread: on a 2-core box shared with other work, ggml's spinning workers make 2 slower (inference/README.md).
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()

    # Block the signals before the server starts its threads, so they inherit the mask and sigwait sees them.
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM, signal.SIGINT})
    params = xllamacpp.CommonParams()
    params.model.path = args.model
    params.hostnames = [args.host]
    params.port = args.port
    params.n_ctx = args.ctx_size
    params.cpuparams.n_threads = args.threads
    params.cpuparams_batch.n_threads = args.threads
    if args.api_key:
        params.api_keys = [args.api_key]
    server = xllamacpp.Server(params)
    print(f"llama-server (xllamacpp {xllamacpp.__version__}) listening on {server.listening_address}", flush=True)
    signal.sigwait({signal.SIGTERM, signal.SIGINT})


if __name__ == "__main__":
    main()
