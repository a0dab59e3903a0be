/**
 * Benchmark: `dataplane fleet preview --json` (compiled, one process: every plane previewed offline
 * and checked by the policy pack) over generated customer lists of 1,000 and 10,000 customers.
 * Prints per size the wall time, time per plane and peak memory.
 *
 * Targets (issue 24), in the default configuration (a worker thread per CPU, up to two): 10,000 planes in at most 60 s and 1 GiB; 1,000 planes in at most 10 s; cost per plane
 * flat from 1,000 to 10,000 (here: the larger size's time per plane within 1.2× of the smaller's).
 * Beside the wall time it prints the CPU time (user + system) the command used per plane: on a
 * shared machine that is what changes least with the load.
 *
 * A quick run previews 50 and 200 planes: it shows that the command works and what a plane costs,
 * and judges only the flatness. FLEET_SIZES=a,b and FLEET_THREADS=default,1,2 change what runs.
 * The customer lists live in the bench's scratch folder.
 */
import * as fs from "fs";
import * as path from "path";
import { BenchContext, Verdict, load, median, run } from "./run";

const FLAT = 1.2;

function customers(n: number, dir: string): string {
    const file = path.join(dir, `customers-${n}.csv`);
    const regions = ["eu-west-1", "us-east-1", "eu-central-1", "us-west-2"];
    const rows = ["customerId,accountId,region"];
    for (let i = 0; i < n; i++) rows.push(`customer-${i},${String(100000000000 + i * 7919)},${regions[i % regions.length]}`);
    fs.writeFileSync(file, rows.join("\n") + "\n");
    return file;
}

export function fleetBench({ dir, quick }: BenchContext): Verdict[] {
    const sizes = (process.env.FLEET_SIZES ?? (quick ? "50,200" : "1000,10000")).split(",").map(Number);
    const threadsList = (process.env.FLEET_THREADS ?? "default").split(",").map((t) => (t === "default" ? undefined : Number(t)));
    const runs = Number(process.env.FLEET_RUNS ?? 1);
    console.log(`\n== fleet preview --json (every plane previewed and checked), ${runs} run(s) per size`);
    const verdicts: Verdict[] = [];
    // Untimed: the build just rewrote dist/, so the command's compile cache (bin/compileCache.js) holds
    // nothing for it yet. A first run in worker threads fills it, as a user's first run of an installed
    // package does; the measured runs then load their modules as every later run does.
    const warmUp = customers(4, dir);
    run(["bin/dataplane.js", "fleet", "preview", "--template", "Pulumi.private-example.yaml", "--customers", warmUp, "--json", "--concurrency", "2"]);
    fs.rmSync(warmUp);
    for (const threads of threadsList) {
        const results: { n: number; ms: number; rss: number; cpu: number }[] = [];
        const flag = threads === undefined ? [] : ["--concurrency", String(threads)];
        for (const n of sizes) {
            const list = customers(n, dir);
            const times: number[] = [];
            const rss: number[] = [];
            const cpu: number[] = [];
            for (let i = 0; i < runs; i++) {
                const s = run(["bin/dataplane.js", "fleet", "preview", "--template", "Pulumi.private-example.yaml", "--customers", list, "--json", ...flag]);
                const doc = JSON.parse(s.stdout) as { planes: { outputs: { controlPlaneMessage?: unknown } }[] };
                if (doc.planes.length !== n || doc.planes.some((p) => !p.outputs.controlPlaneMessage)) throw new Error(`fleet of ${n}: expected ${n} planes with messages`);
                times.push(s.ms);
                rss.push(s.maxRssMiB);
                cpu.push(s.cpuMs);
            }
            fs.rmSync(list);
            const r = { n, ms: median(times), rss: median(rss), cpu: median(cpu) };
            results.push(r);
            const how = threads === undefined ? "default threads" : `--concurrency ${threads}`;
            console.log(`fleet of ${String(n).padStart(6)}, ${how}: ${(r.ms / 1000).toFixed(1).padStart(6)} s, ` +
                `${(r.ms / n).toFixed(2).padStart(6)} ms/plane, CPU ${(r.cpu / n).toFixed(2)} ms/plane, peak ${r.rss.toFixed(0)} MiB (${load()})`);
        }
        const config = threads === undefined ? "" : ` (--concurrency ${threads})`;
        for (const r of results) {
            if (r.n === 1000) verdicts.push({ target: `1,000 planes ≤ 10 s${config}`, measured: `${(r.ms / 1000).toFixed(1)} s, ${r.rss.toFixed(0)} MiB`, ok: r.ms <= 10_000 });
            if (r.n === 10_000) verdicts.push({ target: `10,000 planes ≤ 60 s and ≤ 1 GiB${config}`, measured: `${(r.ms / 1000).toFixed(1)} s, ${r.rss.toFixed(0)} MiB`, ok: r.ms <= 60_000 && r.rss <= 1024 });
        }
        const [a, b] = [results[0], results[results.length - 1]];
        if (a && b && a.n < b.n) {
            const growth = (b.ms / b.n) / (a.ms / a.n);
            verdicts.push({ target: `cost per plane flat from ${a.n} to ${b.n} planes (≤ ${FLAT}×)${config}`, measured: `${growth.toFixed(2)}× (${(a.ms / a.n).toFixed(2)} → ${(b.ms / b.n).toFixed(2)} ms/plane)`, ok: growth <= FLAT });
        }
        if (quick) verdicts.push({ target: "1,000 planes ≤ 10 s; 10,000 planes ≤ 60 s and ≤ 1 GiB", measured: "not measured in a quick run" });
    }
    return verdicts;
}
