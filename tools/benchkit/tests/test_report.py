"""The printed tables: ratios to Redis, scaling multiples, alignment."""
from benchkit.measurement import Measurement
from benchkit.memory import MemoryRow
from benchkit.report import markdown_table, memory_table, scaling_table, sweep_table
from benchkit.sweep import ResultRow
from benchkit.workloads import by_name

SET_P16 = by_name(["set-P16"])[0]


def row(server, cores, rps, cpu):
    m = Measurement(requests=1, seconds=1.0, rps=rps, p50_ms=0.2, p99_ms=0.9, p999_ms=None,
                    server_cpu_us_per_request=cpu, loadgen_cpu_percent=99.4)
    return ResultRow(SET_P16, server, cores, m, [m])


def cells(table: str, line: int) -> list[str]:
    return [cell.strip() for cell in table.splitlines()[line].strip("|").split("|")]


def test_sweep_rows_carry_ratios_to_redis_in_the_same_workload_and_core_count():
    table = sweep_table([row("tessera", 1, 500_000, 1.5), row("redis", 1, 250_000, 3.0),
                         row("tessera", 2, 900_000, 1.6)])
    tessera_1, redis_1, tessera_2 = cells(table, 2), cells(table, 3), cells(table, 4)
    assert tessera_1[3] == "500,000" and tessera_1[-2:] == ["2.00×", "0.50×"]
    assert redis_1[-2:] == ["—", "—"]
    assert tessera_2[-2:] == ["—", "—"]  # no Redis figure at 2 cores
    assert tessera_1[6] == "—" and tessera_1[8] == "99%"


def test_scaling_divides_each_server_by_its_own_figure_at_the_fewest_cores():
    table = scaling_table([row("tessera", 1, 100, 1), row("redis", 1, 200, 1),
                           row("tessera", 4, 350, 1), row("redis", 4, 190, 1)])
    assert cells(table, 0) == ["workload", "cores", "tessera rps", "tessera ×1c", "redis rps", "redis ×1c"]
    assert cells(table, 3) == ["set-P16", "4", "350", "3.50×", "190", "0.95×"]


def test_memory_table_puts_servers_side_by_side_per_measure():
    rows = [MemoryRow("strings", "tessera", 1000, 1_000, 101_000, 10_000, 160_000),
            MemoryRow("strings", "redis", 1000, 1_000, 51_000, 10_000, 110_000)]
    assert cells(memory_table(rows), 2) == ["strings", "1,000", "100.0", "50.0", "2.00×", "150.0", "100.0", "1.50×"]


def test_markdown_table_pads_columns_and_marks_right_alignment():
    table = markdown_table(["a", "number"], [["long text", "1"]], "lr")
    assert table.splitlines() == ["| a         | number |", "|-----------|-------:|", "| long text |      1 |"]
