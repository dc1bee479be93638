# Runs a Pulumi Python program for scripts/python-language-host.js, on the Pulumi Python SDK's
# public API only, the way the real runner does (`pulumi-language-python-exec` in
# https://github.com/pulumi/pulumi/tree/master/sdk/python/cmd, not shipped in the PyPI wheel):
# stack config from PULUMI_CONFIG / PULUMI_CONFIG_SECRET_KEYS through `set_all_config`, the
# engine's addresses through `configure(Settings(...))`, then the program's `__main__.py` (or the
# given file) inside `run_in_stack`. An error the program raises is logged to the engine, and the
# runner exits with 32, which tells the host the engine has shown it already.
import argparse
import asyncio
import logging
import os
import runpy
import sys
import traceback

try:
    import pulumi
    import pulumi.runtime
except ImportError:
    print(traceback.format_exc(), file=sys.stderr)
    print(
        "The Pulumi SDK is not installed in this Python environment: run `pip install -r requirements.txt` in the program's virtual environment.",
        file=sys.stderr,
    )
    sys.exit(1)

# The exit code meaning "the error was reported to the engine" (pulumi-language-python's `bail`).
EXIT_REPORTED = 32

parser = argparse.ArgumentParser(description="Run a Pulumi Python program")
for flag in ["project", "stack", "parallel", "dry_run", "pwd", "monitor", "engine", "organization", "root_directory"]:
    parser.add_argument(f"--{flag}")
parser.add_argument("PROGRAM")
parser.add_argument("ARGS", nargs="*")
args = parser.parse_args()

pulumi.runtime.set_all_config(pulumi.runtime.get_config_env(), pulumi.runtime.get_config_secret_keys_env())
pulumi.runtime.configure(
    pulumi.runtime.Settings(
        project=args.project,
        stack=args.stack,
        monitor=args.monitor,
        engine=args.engine,
        parallel=int(args.parallel) if args.parallel else None,
        dry_run=args.dry_run == "true",
        organization=args.organization,
        root_directory=args.root_directory,
    )
)

if args.pwd:
    os.chdir(args.pwd)
program = args.PROGRAM
if os.path.isdir(program):
    program = os.path.join(program, "__main__.py")
sys.argv = [program] + args.ARGS
# The program's own modules next to it are importable, as with `python <folder>`.
sys.path.insert(0, os.path.dirname(os.path.abspath(program)))

# Unobserved futures of a failed run are expected (the real runner silences asyncio the same way).
logging.getLogger("asyncio").setLevel(logging.CRITICAL)
loop = asyncio.new_event_loop()
asyncio.set_event_loop(loop)
code = 0
try:
    loop.run_until_complete(pulumi.runtime.run_in_stack(lambda: runpy.run_path(program, run_name="__main__")))
except pulumi.RunError as error:
    pulumi.log.error(str(error))
    code = EXIT_REPORTED
except Exception:
    pulumi.log.error(f"Program failed with an unhandled exception:\n{traceback.format_exc()}")
    code = EXIT_REPORTED
finally:
    loop.close()
    sys.stdout.flush()
    sys.stderr.flush()
sys.exit(code)
