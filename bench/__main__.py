"""Run every benchmark and print its figures: ``python -m bench [name [options] ...]``.

Words after a benchmark's name that are not themselves a benchmark's name are that
benchmark's options (``sessies``, ``gelijktijdig`` and ``eerstekaart`` take some: ``python -m bench sessies --help``).
"""

import sys

from bench import (boundaries_bench, candidates_bench, concurrent_bench, context_bench, coverage_bench, files_bench,
                   first_map_bench, import_bench, population_bench, progress_bench, sessions_bench)

BENCHMARKS = {"grenzen": boundaries_bench.main, "dekking": coverage_bench.main, "import": import_bench.main,
              "sessies": sessions_bench.main, "bestanden": files_bench.main, "lagen": context_bench.main,
              "bevolking": population_bench.main, "voortgang": progress_bench.main,
              "kandidaten": candidates_bench.main, "gelijktijdig": concurrent_bench.main,
              "eerstekaart": first_map_bench.main}
WITH_OPTIONS = {"sessies", "gelijktijdig", "eerstekaart"}


def main(argv: list[str]) -> int:
    runs: list[tuple[str, list[str]]] = []
    for word in argv:
        if word in BENCHMARKS:
            runs.append((word, []))
        elif runs and runs[-1][0] in WITH_OPTIONS:
            runs[-1][1].append(word)
        elif runs:
            print(f"Benchmark {runs[-1][0]!r} neemt geen opties ({word!r})", file=sys.stderr)
            return 2
        else:
            print(f"Onbekende benchmark {word!r}; kies uit {', '.join(BENCHMARKS)}", file=sys.stderr)
            return 2
    for name, options in runs or [(name, []) for name in BENCHMARKS]:
        if name in WITH_OPTIONS:
            BENCHMARKS[name](options)
        else:
            BENCHMARKS[name]()
    return 0


sys.exit(main(sys.argv[1:]))
