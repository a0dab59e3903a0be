/**
 * Benchmark: the offline preview of each example plane (`dataplane preview --json`, a whole
 * process) against the floor of a process that only loads @pulumi/aws, in the same run.
 * Prints medians and the ratio; the target is a ratio of at most 2.
 *
 *   npm run bench
 */
import { spawnSync } from "child_process";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..");
const RUNS = Number(process.env.BENCH_RUNS ?? 7);

function time(args: string[]): number {
    const start = process.hrtime.bigint();
    const r = spawnSync(process.execPath, args, { cwd: ROOT, encoding: "utf8" });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (r.status !== 0) throw new Error(`${args.join(" ")} exited ${r.status}: ${r.stderr}`);
    return ms;
}

function median(xs: number[]): number {
    const s = [...xs].sort((a, b) => a - b);
    return s[Math.floor(s.length / 2)];
}

function measure(label: string, args: string[]): number {
    time(args); // warm the file cache
    const samples = Array.from({ length: RUNS }, () => time(args));
    const m = median(samples);
    console.log(`${label.padEnd(34)} median ${m.toFixed(0).padStart(5)} ms  (min ${Math.min(...samples).toFixed(0)}, max ${Math.max(...samples).toFixed(0)}, n=${RUNS})`);
    return m;
}

// Measure the command as users run it: compiled (bin/dataplane.js falls back to tsx when dist/ is stale).
const build = spawnSync("npm", ["run", "--silent", "build"], { cwd: ROOT, encoding: "utf8" });
if (build.status !== 0) throw new Error(`npm run build failed: ${build.stdout}${build.stderr}`);

const floor = measure("floor: node -e require(@pulumi/aws)", ["-e", "require('@pulumi/aws')"]);
let worst = 0;
for (const stack of ["private-example", "shared-example"]) {
    const m = measure(`preview ${stack}`, [path.join("bin", "dataplane.js"), "preview", "--config", `Pulumi.${stack}.yaml`, "--json"]);
    const ratio = m / floor;
    worst = Math.max(worst, ratio);
    console.log(`${"".padEnd(34)} ratio to floor ${ratio.toFixed(2)}x (target <= 2.00x)`);
}
console.log(worst <= 2 ? "OK: every preview within 2x of the load floor" : "OVER TARGET: a preview took more than 2x the load floor");
