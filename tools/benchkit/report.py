"""Turns results into the printed tables (Markdown, readable as plain text too) and the
results.json document. The reference server, whose figures the ratios divide by, is Redis."""
from __future__ import annotations

import json
import os

REFERENCE = "redis"


def markdown_table(header: list[str], rows: list[list[str]], align: str) -> str:
    """A Markdown table padded so it also reads well in a terminal; `align` is one l/r per column."""
    widths = [max(len(cell) for cell in column) for column in zip(header, *rows)]

    def line(cells: list[str]) -> str:
        padded = [cell.ljust(w) if a == "l" else cell.rjust(w) for cell, w, a in zip(cells, widths, align)]
        return "| " + " | ".join(padded) + " |"

    rule = "|" + "|".join(("-" * (w + 1) + ":") if a == "r" else ("-" * (w + 2))
                          for w, a in zip(widths, align)) + "|"
    return "\n".join([line(header), rule, *(line(row) for row in rows)])


def sweep_table(rows: list) -> str:
    """One row per workload, server and core count: the medians, and the ratios to Redis."""
    reference = {(row.workload.name, row.cores): row.median for row in rows if row.server == REFERENCE}
    body = []
    for row in rows:
        m = row.median
        ref = reference.get((row.workload.name, row.cores)) if row.server != REFERENCE else None
        body.append([
            row.workload.name, row.server, str(row.cores), f"{m.rps:,.0f}",
            _ms(m.p50_ms), _ms(m.p99_ms), _ms(m.p999_ms),
            f"{m.server_cpu_us_per_request:.2f}", f"{m.loadgen_cpu_percent:.0f}%",
            _ratio(m.rps, ref and ref.rps),
            _ratio(m.server_cpu_us_per_request, ref and ref.server_cpu_us_per_request),
        ])
    header = ["workload", "server", "cores", "requests/s", "p50 ms", "p99 ms", "p99.9 ms",
              "server µs/req", "loadgen CPU", "rps vs Redis", "CPU/req vs Redis"]
    return markdown_table(header, body, "llrrrrrrrrr")


def scaling_table(rows: list) -> str:
    """Each server's requests/s at k cores and as a multiple of its own figure at the fewest cores."""
    servers = sorted({row.server for row in rows}, key=lambda name: name == REFERENCE)
    by_key = {(row.workload.name, row.server, row.cores): row.median.rps for row in rows}
    workloads = list(dict.fromkeys(row.workload.name for row in rows))
    core_counts = sorted({row.cores for row in rows})
    header = ["workload", "cores"]
    for server in servers:
        header += [f"{server} rps", f"{server} ×{core_counts[0]}c" if core_counts else server]
    body = []
    for workload in workloads:
        for cores in core_counts:
            cells = [workload, str(cores)]
            for server in servers:
                rps, base = by_key.get((workload, server, cores)), by_key.get((workload, server, core_counts[0]))
                cells += [f"{rps:,.0f}" if rps else "—", _ratio(rps, base)]
            body.append(cells)
    return markdown_table(header, body, "lr" + "rr" * len(servers))


def memory_table(rows: list) -> str:
    """Bytes per key from used_memory and from RSS, each server side by side, with the ratio."""
    datasets = list(dict.fromkeys(row.dataset for row in rows))
    by_key = {(row.dataset, row.server): row for row in rows}
    body = []
    for dataset in datasets:
        tessera, redis = by_key.get((dataset, "tessera")), by_key.get((dataset, REFERENCE))
        keys = (tessera or redis).keys
        cells = [dataset, f"{keys:,}"]
        for measure in ("bytes_per_key_used_memory", "bytes_per_key_rss"):
            t, r = tessera and getattr(tessera, measure), redis and getattr(redis, measure)
            cells += [_bytes(t), _bytes(r), _ratio(t, r)]
        body.append(cells)
    header = ["data set", "keys", "tessera B/key (used_memory)", "redis B/key (used_memory)", "ratio",
              "tessera B/key (RSS)", "redis B/key (RSS)", "ratio"]
    return markdown_table(header, body, "lrrrrrrr")


def loadgen_check_table(rows: list) -> str:
    body = []
    for row in rows:
        benchmark, load = row.redis_benchmark, row.tessera_load
        body.append([row.workload, row.server, f"{benchmark.rps:,.0f}", f"{load.rps:,.0f}", f"{row.ratio:.3f}",
                     f"{benchmark.cpu_percent:.0f}%", f"{load.cpu_percent:.0f}%",
                     _us(benchmark.server_us), _us(load.server_us),
                     "—" if row.server_cpu_ratio is None else f"{row.server_cpu_ratio:.3f}", row.verdict])
    header = ["workload", "server", "redis-benchmark rps", "tessera-load rps", "rps ratio (median of rounds)",
              "redis-benchmark CPU", "tessera-load CPU", "server µs/req (redis-benchmark)",
              "server µs/req (tessera-load)", "µs/req ratio (median of rounds)", "within 10%"]
    return markdown_table(header, body, "llrrrrrrrrl")


def write_outputs(directory: str, sections: list[tuple[str, str]], document: dict) -> None:
    """table.md (every section's title and table) and results.json, in `directory`."""
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, "table.md"), "w") as out:
        out.write("\n\n".join(f"## {title}\n\n{table}" for title, table in sections) + "\n")
    with open(os.path.join(directory, "results.json"), "w") as out:
        json.dump(document, out, indent=2, default=str)
        out.write("\n")


def _ms(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


def _us(value: float | None) -> str:
    return "—" if not value else f"{value:.2f}"


def _bytes(value: float | None) -> str:
    return "—" if value is None else f"{value:,.1f}"


def _ratio(value: float | None, reference: float | None) -> str:
    if value is None or not reference:
        return "—"
    return f"{value / reference:.2f}×"
