/**
 * `npm run bench`: every benchmark of issue 24 in one command, each pair with its ratio (the median
 * of interleaved pairs) and OK or OVER against its target, then one summary.
 *
 *   npm run bench                     every section: preview (vs the CDK peer), fleet, check, phases
 *   npm run bench -- check fleet      only the named sections (npm run bench:check, bench:fleet)
 *   npm run bench -- --quick          a smoke run: fewer pairs, smaller sizes (also BENCH_QUICK=1)
 *
 * It builds dist/ first (the commands are measured as users run them). Every file it generates lives
 * in one scratch folder under the system's temp folder, removed at the end, on failure and on Ctrl-C;
 * the CDK peer's packages, installed on first use, stay in bench/peers/cdk/node_modules.
 * Exit status: 0 every judged target holds, 1 a target is OVER or a bench failed.
 */
import { checkBench, exportFile } from "./check.bench";
import { fleetBench } from "./fleet.bench";
import { phasesReport } from "./phases.bench";
import { previewBench } from "./preview.bench";
import { BenchContext, Verdict, build, load, withScratch } from "./run";

const SECTIONS: Record<string, (ctx: BenchContext) => Verdict[]> = {
    preview: previewBench,
    fleet: fleetBench,
    check: checkBench,
    // Not a target: where a plane's and a check's time goes (see phases.bench.ts).
    phases: (ctx) => phasesReport(ctx, exportFile(ctx.dir, 10_000)),
};

function parse(argv: string[]): { quick: boolean; sections: string[] } {
    const quick = argv.includes("--quick") || ["1", "true"].includes(process.env.BENCH_QUICK ?? "");
    const named = argv.filter((a) => a !== "--quick");
    const unknown = named.filter((a) => !(a in SECTIONS));
    if (unknown.length) throw new Error(`unknown bench section ${unknown.join(", ")}: choose from ${Object.keys(SECTIONS).join(", ")} (or --quick)`);
    return { quick, sections: named.length ? named : Object.keys(SECTIONS) };
}

async function main(): Promise<number> {
    const { quick, sections } = parse(process.argv.slice(2));
    console.log(`bench: ${sections.join(", ")}${quick ? " (quick: fewer pairs, smaller sizes — a smoke run, not the targets' measurement)" : ""}; ${load()}`);
    build();
    const verdicts = await withScratch("dataplane-bench-", (dir) => sections.flatMap((name) => SECTIONS[name]({ dir, quick })));
    console.log(`\n== summary (${load()})`);
    for (const v of verdicts) console.log(`${(v.ok === undefined ? "-" : v.ok ? "OK" : "OVER").padEnd(5)} ${v.target}: ${v.measured}`);
    const over = verdicts.filter((v) => v.ok === false).length;
    console.log(over ? `${over} target(s) OVER` : "every judged target holds");
    return over ? 1 : 0;
}

main().then((status) => { process.exitCode = status; }, (err) => {
    console.error(err);
    process.exitCode = 1;
});
