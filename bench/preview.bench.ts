/**
 * Benchmark: the offline preview of each example plane (`dataplane preview --json`, a whole
 * process, compiled) against the floor of a process that only loads @pulumi/aws, measured in
 * turns (floor, private, shared, floor, private, shared, …) so that load on the machine hits all
 * alike. Prints medians and each ratio; the target is a ratio of at most 0.8.
 *
 *   npm run bench            (BENCH_RUNS=n for more turns; default 9)
 */
import { build, interleaved, median } from "./run";

const RUNS = Number(process.env.BENCH_RUNS ?? 9);
const TARGET = 0.8;

build();
const samples = interleaved({
    "floor: node -e require(@pulumi/aws)": ["-e", "require('@pulumi/aws')"],
    "preview private-example": ["bin/dataplane.js", "preview", "--config", "Pulumi.private-example.yaml", "--json"],
    "preview shared-example": ["bin/dataplane.js", "preview", "--config", "Pulumi.shared-example.yaml", "--json"],
}, RUNS);
const floor = median(samples["floor: node -e require(@pulumi/aws)"].map((s) => s.ms));
let worst = 0;
for (const [label, xs] of Object.entries(samples)) {
    const ms = xs.map((s) => s.ms);
    const m = median(ms);
    const ratio = m / floor;
    if (!label.startsWith("floor")) worst = Math.max(worst, ratio);
    console.log(`${label.padEnd(36)} median ${m.toFixed(0).padStart(5)} ms (min ${Math.min(...ms).toFixed(0)}, max ${Math.max(...ms).toFixed(0)}, n=${RUNS}), ` +
        `peak ${median(xs.map((s) => s.maxRssMiB)).toFixed(0)} MiB, ratio to floor ${ratio.toFixed(2)}x`);
}
console.log(worst <= TARGET ? `OK: every preview within ${TARGET}x of the load floor (worst ${worst.toFixed(2)}x)` : `OVER TARGET: worst preview ${worst.toFixed(2)}x the load floor (target ${TARGET}x)`);
process.exitCode = worst <= TARGET ? 0 : 1;
