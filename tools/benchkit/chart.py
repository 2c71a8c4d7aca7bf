"""The scaling chart: requests/s against server cores, one line per server per headline workload."""
from __future__ import annotations


class ChartUnavailable(RuntimeError):
    pass


def draw_scaling_chart(rows: list, path: str) -> None:
    try:
        import matplotlib
        matplotlib.use("Agg")  # no display on servers and in CI
        import matplotlib.pyplot as plt
    except ImportError as error:
        raise ChartUnavailable(f"matplotlib is not installed ({error})") from error

    headline = [row for row in rows if row.workload.headline] or rows
    series: dict[tuple[str, str], list[tuple[int, float]]] = {}
    for row in headline:
        series.setdefault((row.workload.name, row.server), []).append((row.cores, row.median.rps))

    figure, axes = plt.subplots(figsize=(8, 5), dpi=120)
    # One colour per workload; the line style tells the servers apart.
    workloads = list(dict.fromkeys(row.workload.name for row in headline))
    colours = {name: f"C{index}" for index, name in enumerate(workloads)}
    for (workload, server), points in sorted(series.items()):
        points.sort()
        tessera = server == "tessera"
        axes.plot([cores for cores, _ in points], [rps for _, rps in points],
                  color=colours[workload], linestyle="-" if tessera else "--",
                  marker="o" if tessera else "s", label=f"{server} {workload}")
    core_counts = sorted({row.cores for row in headline})
    axes.set_xticks(core_counts)
    axes.set_xlabel("server cores (taskset)")
    axes.set_ylabel("requests/s (median)")
    axes.set_ylim(bottom=0)
    axes.set_title("Tessera and Redis 7.0: requests/s against cores")
    axes.grid(True, alpha=0.3)
    axes.legend(fontsize="small")
    axes.yaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda value, _: f"{value:,.0f}"))
    figure.tight_layout()
    figure.savefig(path)
    plt.close(figure)
