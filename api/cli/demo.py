"""`overcap demo`: the real Xinzhou registry with generated outputs, end to end."""

from __future__ import annotations

import argparse
from typing import Any

from api.bootstrap import Container
from api.cli.common import command, print_json
from api.cli.ledger import GEM_SOURCE, mine_rows, mines_table
from workflows.conditions_demo import generate_conditions
from workflows.demo import SEED, generate
from workflows.gem import bundled_xinzhou_path, parse_registry
from workflows.sharing_demo import demo_round


def register(sub: Any) -> None:
    demo = command(
        sub,
        "demo",
        run_demo,
        "演示：忻州54座煤矿与生成的产量 demo on the 54 Xinzhou mines",
        listing=True,
    )
    demo.add_argument("--months", type=int, default=24)
    demo.add_argument("--seed", type=int, default=SEED)
    demo.add_argument(
        "--bulletin", action="store_true", help="also print the month's bulletin"
    )


def run_demo(args: argparse.Namespace, container: Container) -> int:
    app = container.app
    parsed = parse_registry(bundled_xinzhou_path())
    registry = app.import_registry(
        parsed,
        capacity_effective=app.rules_effective_default,
        source=f"{GEM_SOURCE} (bundled Xinzhou extract)",
    )
    plan, outputs = generate(app, months=args.months, seed=args.seed)
    last = plan.months[-1]
    conditions = generate_conditions(app, last)
    # The round is compiled on the 5th of the next month: share the latest month
    # whose compilation day has come, so nothing in the demo is dated after today.
    shared = last if app.today().day >= 5 else last.previous()
    bulletin = demo_round(app, shared)
    year = last.year
    years = {m.year for m in plan.months}
    rows = mine_rows(container, year, years)
    if args.json:
        print_json(
            {
                "registry": registry.as_dict(),
                "outputs": outputs.as_dict(),
                "conditions": conditions.as_dict(),
                "bulletin": bulletin,
                "months": [str(m) for m in plan.months],
                "mines": rows,
            }
        )
        return 0
    print(
        f"忻州市煤矿 Xinzhou mines: {len(parsed.rows)} (GEM Global Coal Mine Tracker, "
        "CC BY 4.0)"
    )
    print(
        f"新登记 registered {registry.added}, 已有 already there {registry.unchanged}"
    )
    print(
        f"产量 outputs {plan.months[0]} .. {plan.months[-1]}: 新增 added "
        f"{outputs.added}, 已有 unchanged {outputs.unchanged}, 事件 events "
        f"{outputs.events}"
    )
    print(f"注意 note: 产量为生成数据 outputs are {plan.label}")
    print()
    print(
        f"生产条件 conditions {last}: 事件 events {conditions.events}; "
        f"{shared} 月度通报已汇编 bulletin compiled (overcap share bulletin {shared})"
    )
    print()
    window = f"{plan.months[0]}..{last}"
    print(mines_table(rows, year, f"结论 findings {window}"))
    print()
    print(
        "* 生成数据 generated figures. R1 年度超能力 annual, R2 月度超能力 monthly, "
        "R3 累计超进度 year to date, R17 重点监管 key supervision; "
        "R5-R11 生产条件 production conditions (overcap conditions MINE)"
    )
    if args.bulletin:
        print()
        print(bulletin)
    return 0
