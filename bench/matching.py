"""Company-name matching quality on ../shared/data/patstat_names (names as typed in patent
filings, grouped by hand), ours beside Splink's (duckdb backend) on the same names in the
same run:

    python -m bench.matching

Prints, for each: pairwise precision, recall, F1 and the seconds it took. Splink is a bench
dependency (`pip install -e '.[bench]'`, done by `make bench`); without it, its line says so.
Both get the names after the same normalisation (normalise.name_key), so that the comparison
is of the matching, not of the cleaning.
"""

import csv
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from otdel.base.matching import cluster
from otdel.base.normalise import name_key


def load() -> tuple[list[str], list[str]]:
    """(name keys, the hand-made group of each) in file order."""
    from otdel.demo.files import shared_data_dir

    path = Path(shared_data_dir()) / "patstat_names" / "patstat_reference.csv"
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return [name_key(r["person_name"].lstrip("* ")) for r in rows], [r["leuven_id"] for r in rows]


def pairwise(found: Sequence[str], truth: Sequence[str]) -> tuple[float, float, float]:
    """Precision, recall and F1 over all pairs of records put (or truly) in one group."""

    def pairs(labels) -> int:
        return sum(n * (n - 1) // 2 for n in Counter(labels).values())

    both = pairs(zip(found, truth, strict=True))
    precision, recall = both / max(pairs(found), 1), both / max(pairs(truth), 1)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def ours(keys: list[str]) -> list[str]:
    groups = cluster(keys)
    return [groups[k][0] if k else f"#{i}" for i, k in enumerate(keys)]


def splink(keys: list[str]) -> list[str]:
    """Splink 4's usual set-up for one name column: blocking on the first letters of the name
    and of its last word, Jaro-Winkler and Jaccard levels with term-frequency adjustment,
    the prior from exact name pairs, u by random sampling, m by expectation
    maximisation (each column trained on pairs blocked by the other), clusters at match probability 0.9."""
    import pandas as pd
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    frame = pd.DataFrame(
        {
            "unique_id": range(len(keys)),
            "name": keys,
            "sorted_name": [" ".join(sorted(k.split())) for k in keys],
        }
    )
    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            cl.JaroWinklerAtThresholds("name", [0.95, 0.88]).configure(
                term_frequency_adjustments=True
            ),
            cl.JaccardAtThresholds("sorted_name", [0.9, 0.7]),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("substr(name, 1, 4)"),
            block_on("substr(sorted_name, 1, 4)"),
        ],
        retain_intermediate_calculation_columns=False,
    )
    linker = Linker(frame, settings, db_api=DuckDBAPI())
    linker.training.estimate_probability_two_random_records_match([block_on("name")], recall=0.5)
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=1)
    # Each comparison is trained on pairs blocked by the other column.
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("substr(sorted_name, 1, 3)")
    )
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("substr(name, 1, 3)")
    )
    predictions = linker.inference.predict(threshold_match_probability=0.5)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(predictions, 0.9)
    result = clusters.as_pandas_dataframe()
    cluster_of = dict(zip(result["unique_id"], result["cluster_id"], strict=True))
    return [str(cluster_of[i]) for i in range(len(keys))]


def measure() -> list[str]:
    keys, truth = load()
    lines = []
    for who, run in (("otdel", ours), ("splink", splink)):
        started = time.perf_counter()
        try:
            found = run(keys)
        except ImportError:
            lines.append(f"{who:7} not installed: pip install -e '.[bench]'")
            continue
        seconds = time.perf_counter() - started
        precision, recall, f1 = pairwise(found, truth)
        lines.append(
            f"{who:7} {len(keys)} names  precision {precision:.3f}  recall {recall:.3f}"
            f"  F1 {f1:.3f}  {seconds:.2f} s"
        )
    return lines


if __name__ == "__main__":
    import logging
    import os

    logging.disable(logging.WARNING)  # Splink narrates its training
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "otdel.settings")
    import django

    django.setup()
    for line in measure():
        print(line)
