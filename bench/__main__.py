"""Run every benchmark and print its figures: ``python -m bench [name ...]``."""

import sys

from bench import boundaries_bench, coverage_bench, import_bench

BENCHMARKS = {"grenzen": boundaries_bench.main, "dekking": coverage_bench.main, "import": import_bench.main}


def main(names: list[str]) -> int:
    for name in names or list(BENCHMARKS):
        if name not in BENCHMARKS:
            print(f"Onbekende benchmark {name!r}; kies uit {', '.join(BENCHMARKS)}", file=sys.stderr)
            return 2
        BENCHMARKS[name]()
    return 0


sys.exit(main(sys.argv[1:]))
