"""Draw the benchmark figures of docs/benchmarks.md from the JSON the bench scripts write.

    .venv/bin/pip install -e ".[bench]"        # matplotlib
    .venv/bin/python -m bench.plot_benchmarks  # reads bench/out/*.json, writes docs/img/*.png

- read_latency.png: p50 and p99 per read scenario for each read_bench_<label>.json, with the
  SQL floor of the same requests (`bench.load read`);
- sql_floor.png: the SQL floor of each scenario per label, on a log scale (before/after fixes);
- ingest_fifths.png (or --ingest-image): ingestion throughput against the articles stored, per
  fiftieth (or fifth) of a run, per corpus size and number of workers (`bench.ingest workers`),
  flat when the cost per article stays flat;
- worker_rss.png (or --rss-image): the resident set of each worker process over the runs that
  sampled it (the rss_samples of `bench.ingest workers`), main process and pool processes.

--only draws some of them and leaves the other images as they are.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from bench.common import OUT, REPO


def _save(plt, fig, target: Path) -> None:
    """Write a finished figure as the PNG the docs show, and free it."""
    fig.tight_layout()
    fig.savefig(target, dpi=110)
    plt.close(fig)


def read_runs(out: Path) -> dict[str, list[dict]]:
    runs = {}
    for path in sorted(out.glob("read_bench_*.json")):
        rows = json.loads(path.read_text())
        if rows:
            runs[path.stem.removeprefix("read_bench_")] = rows
    return runs


def plot_read_latency(plt, runs: dict[str, list[dict]], target: Path) -> None:
    scenarios = list(dict.fromkeys(r["scenario"] for rows in runs.values() for r in rows))
    fig, ax = plt.subplots(figsize=(10, 4.8))
    width = 0.8 / max(1, len(runs))
    for n, (label, rows) in enumerate(runs.items()):
        by = {r["scenario"]: r for r in rows}
        xs = [i + n * width for i, s in enumerate(scenarios) if s in by]
        p50 = [by[s]["p50_ms"] for s in scenarios if s in by]
        p99 = [by[s]["p99_ms"] for s in scenarios if s in by]
        floor = [by[s]["sql_floor_ms"] for s in scenarios if s in by]
        ax.bar(xs, p99, width * 0.9, alpha=0.35, label=f"{label}: p99")
        ax.bar(xs, p50, width * 0.9, label=f"{label}: p50")
        ax.scatter(xs, floor, marker="_", s=300, color="black", zorder=3)
    ax.scatter([], [], marker="_", s=300, color="black", label="SQL floor")
    ax.set_xticks([i + width * (len(runs) - 1) / 2 for i in range(len(scenarios))])
    ax.set_xticklabels(scenarios)
    ax.set_yscale("log")
    ax.set_ylabel("ms per request (log)")
    rows = [row for some in runs.values() for row in some]
    layouts = ", ".join(sorted({row.get("gunicorn", "2x4") for row in rows}))
    clients = ", ".join(sorted({str(row.get("concurrency", 8)) for row in rows}))
    ax.set_title(f"Reads at 1M events, 100k articles (gunicorn {layouts}; {clients} clients)")
    ax.legend(fontsize=8, ncol=2)
    _save(plt, fig, target)


def plot_sql_floor(plt, runs: dict[str, list[dict]], target: Path) -> None:
    scenarios = list(dict.fromkeys(r["scenario"] for rows in runs.values() for r in rows))
    fig, ax = plt.subplots(figsize=(10, 4))
    width = 0.8 / max(1, len(runs))
    for n, (label, rows) in enumerate(runs.items()):
        by = {r["scenario"]: r for r in rows}
        xs = [i + n * width for i, s in enumerate(scenarios) if s in by]
        ax.bar(xs, [by[s]["sql_floor_ms"] for s in scenarios if s in by], width * 0.9, label=label)
    ax.set_xticks([i + width * (len(runs) - 1) / 2 for i in range(len(scenarios))])
    ax.set_xticklabels(scenarios)
    ax.set_yscale("log")
    ax.set_ylabel("SQL ms per request (log)")
    ax.set_title("SQL floor per request (EXPLAIN ANALYZE of every query it runs)")
    ax.legend(fontsize=8)
    _save(plt, fig, target)


def words(row: dict) -> str:
    """The article length for a run's label, when the run recorded it."""
    return f" of ~{row['words']} words" if row.get("words") else ""


def plot_ingest(plt, rows: list[dict], target: Path) -> None:
    """Throughput against the articles already stored: flat when the cost per article stays
    flat as the database grows (fiftieths of a run where the JSON has them, else fifths)."""
    fig, ax = plt.subplots(figsize=(8, 4))
    for row in rows:
        rates = row.get("per_fiftieth_articles_per_s") or row["per_fifth_articles_per_s"]
        share = row["articles"] / len(rates)
        stopped = " (stopped at its time limit)" if row.get("stopped_at_time_limit") else ""
        ax.plot(
            [share * (n + 1) for n in range(len(rates))],
            rates,
            marker="o" if len(rates) <= 10 else ".",
            label=f"{row['articles']:,} articles{words(row)}, {row['workers']} worker(s)"
            + (f" ({row['label']})" if row.get("label") else "")
            + stopped,
        )
    ax.set_xlabel("articles stored")
    ax.set_ylabel("articles/s")
    ax.set_ylim(bottom=0)
    ax.set_title("Ingestion with extraction, Celery on Redis, PostgreSQL")
    ax.legend(fontsize=8)
    _save(plt, fig, target)


def plot_rss(plt, rows: list[dict], target: Path) -> None:
    """Resident set of a worker's processes through a run: the main process holds the preloaded
    pipeline; a pool process grows with the texts it reads until it is replaced."""
    fig, ax = plt.subplots(figsize=(8, 4))
    for row in rows:
        samples = row["rss_samples"]
        name = f"{row['articles']:,} articles, {row['workers']} worker(s)"
        if row.get("label"):
            name = f"{row['label']} ({name})"
        ax.plot([s[0] for s in samples], [s[1] for s in samples], label=f"{name}: main process")
        slots = max(len(s[2]) for s in samples)
        for k in range(slots):
            points = [(s[0], s[2][k]) for s in samples if len(s[2]) > k]
            ax.plot(
                [t for t, _ in points],
                [mb for _, mb in points],
                linestyle="--",
                label=f"{name}: pool process {k + 1}",
            )
    ax.set_xlabel("seconds into the run")
    ax.set_ylabel("resident set (MB)")
    ax.set_ylim(bottom=0)
    ax.set_title("Worker memory during ingestion")
    ax.legend(fontsize=8)
    _save(plt, fig, target)


def print_tables(runs: dict[str, list[dict]], ingest: list[dict]) -> None:
    """The markdown tables of docs/benchmarks.md, from the same JSON as the plots."""
    print(
        "| run | scenario | requests/s | p50 ms | p95 ms | p99 ms | SQL floor ms | p50/floor "
        "| load |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|---|")
    for label, rows in runs.items():
        for r in rows:
            load = " → ".join(f"{x:.1f}" for x in r["load_average"])
            print(
                f"| {label} | {r['scenario']} | {r['rps']:.0f} | {r['p50_ms']:.0f} "
                f"| {r['p95_ms']:.0f} | {r['p99_ms']:.0f} | {r['sql_floor_ms']:.1f} "
                f"| {r['ratio_p50_to_floor']} | {load} |"
            )
    if ingest:
        print(
            "\n| articles | workers | seconds | articles/s | per fifth (articles/s) | peak RSS MB "
            "| load avg |"
        )
        print("|---:|---:|---:|---:|---|---:|---|")
        for r in ingest:
            fifths = " · ".join(map(str, r["per_fifth_articles_per_s"]))
            load = " → ".join(map(str, r.get("load_average", [])))
            print(
                f"| {r['articles']:,}{words(r)}{' (' + r['label'] + ')' if r.get('label') else ''} "
                f"| {r['workers']} | {r['seconds']} "
                f"| {r['articles_per_s']} | {fifths} | {r['peak_worker_rss_mb']} | {load} |"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--img", type=Path, default=REPO / "docs" / "img")
    parser.add_argument(
        "--labels", nargs="*", help="labels of `bench.load read` runs to draw (default: all)"
    )
    parser.add_argument(
        "--ingest", nargs="+", default=["ingest_workers.json"], help="files under --out"
    )
    parser.add_argument(
        "--ingest-image", default="ingest_fifths.png", help="file name of the throughput plot"
    )
    parser.add_argument(
        "--rss-image", default="worker_rss.png", help="file name of the worker memory plot"
    )
    images = ("read_latency", "sql_floor", "ingest", "rss")
    parser.add_argument("--only", nargs="+", choices=images, default=images)
    parser.add_argument("--tables", action="store_true", help="also print markdown tables")
    args = parser.parse_args()
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        parser.exit(1, 'matplotlib is missing: pip install -e ".[bench]"\n')

    args.img.mkdir(parents=True, exist_ok=True)
    runs = read_runs(args.out)
    if args.labels:
        runs = {label: runs[label] for label in args.labels if label in runs}
    written = []
    if runs and "read_latency" in args.only:
        plot_read_latency(plt, runs, args.img / "read_latency.png")
        written.append("read_latency.png")
    if runs and "sql_floor" in args.only:
        plot_sql_floor(plt, runs, args.img / "sql_floor.png")
        written.append("sql_floor.png")
    ingest = []
    for name in args.ingest:
        if (args.out / name).exists():
            ingest += json.loads((args.out / name).read_text())
    if ingest and "ingest" in args.only:
        plot_ingest(plt, ingest, args.img / args.ingest_image)
        written.append(args.ingest_image)
    sampled = [row for row in ingest if row.get("rss_samples")]
    if sampled and "rss" in args.only:
        plot_rss(plt, sampled, args.img / args.rss_image)
        written.append(args.rss_image)
    if not written:
        parser.exit(1, f"nothing to draw: no read_bench_*.json or ingestion runs in {args.out}\n")
    if args.tables:
        print_tables(runs, ingest)
    print("wrote", ", ".join(f"{args.img.relative_to(REPO)}/{name}" for name in written))


if __name__ == "__main__":
    main()
