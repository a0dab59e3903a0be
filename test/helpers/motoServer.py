"""moto's server for the end-to-end tests (started by test/helpers/moto.ts with moto's own arguments).

It ends when its stdin closes -- when the process that started it exits, however it exits -- and
spares moto work that only costs CPU, each change tested in test/e2e/moto.spec.ts:

- One boto3 Session for moto's region lookups. moto asks a new `boto3.Session()` for botocore's
  region lists (EC2's regions module makes three, imported by SSM and EC2; each reads botocore's
  endpoint data again, about 0.25 s of CPU). The lists are read-only data: one session without
  arguments, made on first use, serves them all.
- `GET /moto-api/data.json?service=<name>`: the records of that one service. moto's data.json
  serialises every record of every service (each attribute tried with json.dumps), a fifth of
  the launch suite's server CPU, where the tests read one service's.
- A Step Functions definition that moto validated once (CreateStateMachine parses it with its
  ANTLR grammar, about 0.3 s each) is not parsed again for the next state machine with the very
  same text. Invalid definitions are never remembered, so each is refused as before.

moto's modules are patched as they load (the Step Functions parser alone takes over a second to
import, which a server that never sees Step Functions should not pay).
"""
import importlib.abc
import json
import os
import sys
import threading
from urllib.parse import parse_qs, urlparse

import boto3


def watch_stdin():
    sys.stdin.buffer.read()
    os._exit(0)


threading.Thread(target=watch_stdin, daemon=True).start()

fresh_session = boto3.session.Session
made = []


def one_session(*args, **kwargs):
    if args or kwargs:
        return fresh_session(*args, **kwargs)
    if not made:
        made.append(fresh_session())
    return made[0]


boto3.Session = one_session


def service_model_data(responses):
    everything = responses.MotoAPIResponse.model_data

    def model_data(self, request, full_url, headers):
        service = parse_qs(urlparse(full_url).query).get("service", [None])[0]
        if service is None:
            return everything(self, request, full_url, headers)
        from moto.core.model_instances import model_data as services

        # moto's own loop (moto/moto_api/_internal/responses.py, moto 5.2), for one service.
        models = services.get(service, {})
        results = {service: {}}
        for name in sorted(models):
            results[service][name] = []
            for instance in models[name].instances_tracked:
                record = {}
                for attr in dir(instance):
                    if not attr.startswith("_"):
                        try:
                            json.dumps(getattr(instance, attr))
                        except (TypeError, AttributeError, ValueError):
                            pass
                        else:
                            record[attr] = getattr(instance, attr)
                results[service][name].append(record)
        return 200, {"Content-Type": "application/javascript"}, json.dumps(results)

    responses.MotoAPIResponse.model_data = model_data


def validate_once(models):
    backend = models.StepFunctionsParserBackend
    validate = backend._validate_definition
    valid = set()
    lock = threading.Lock()

    def validated(definition):
        with lock:
            if definition in valid:
                return
        validate(definition=definition)
        with lock:
            valid.add(definition)

    backend._validate_definition = staticmethod(validated)


AFTER_IMPORT = {
    "moto.moto_api._internal.responses": service_model_data,
    "moto.stepfunctions.parser.models": validate_once,
}


class AfterImport(importlib.abc.MetaPathFinder):
    """Finds a module in AFTER_IMPORT as the other finders do, and patches it once it has run."""

    def find_spec(self, name, path, target=None):
        patch = AFTER_IMPORT.get(name)
        if patch is None:
            return None
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(name, path, target)
            if spec is not None:
                break
        else:
            return None
        run = spec.loader.exec_module

        def exec_module(module):
            run(module)
            try:
                patch(module)
            except AttributeError as err:
                # Another moto 5.x (ensureMoto accepts any) may have moved what a patch replaces:
                # serve unpatched, only slower, and say so.
                print(f"motoServer.py: {name} left unpatched ({err})", file=sys.stderr)

        spec.loader.exec_module = exec_module
        return spec


sys.meta_path.insert(0, AfterImport())

from moto.server import main  # noqa: E402

main(sys.argv[1:])
