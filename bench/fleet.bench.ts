/**
 * Benchmark: `dataplane fleet preview` (compiled, one process) over generated customer lists of
 * growing size, against one single-plane preview process, in turns. Reports per size the wall
 * time, time per plane, peak memory, and the memory added per plane between the two largest
 * sizes (flat when nothing is retained per plane).
 *
 * Targets (issue 13): 1,000 planes in at most 30 s and 500 MiB peak on two cores, time linear in
 * N; 300 planes within 15x one single-plane preview process.
 *
 * Each size runs one after another in one thread and with `--concurrency 2` (two worker threads
 * of the one process, one per core): FLEET_THREADS=1,2.
 *
 * The generated customer lists live in one temporary folder, removed when the bench ends, fails or
 * is interrupted.
 *
 *   npm run bench:fleet      (FLEET_SIZES=100,300,1000, FLEET_THREADS=1,2 and BENCH_RUNS=n to change; default 1 run)
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { build, median, run, withScratch } from "./run";

const SIZES = (process.env.FLEET_SIZES ?? "100,300,1000").split(",").map(Number);
const RUNS = Number(process.env.BENCH_RUNS ?? 1);
const THREADS = (process.env.FLEET_THREADS ?? "1,2").split(",").map(Number);

function customers(n: number, dir: string): string {
    const file = path.join(dir, `customers-${n}.csv`);
    const regions = ["eu-west-1", "us-east-1", "eu-central-1", "us-west-2"];
    const rows = ["customerId,accountId,region"];
    for (let i = 0; i < n; i++) rows.push(`customer-${i},${String(100000000000 + i * 7919)},${regions[i % regions.length]}`);
    fs.writeFileSync(file, rows.join("\n") + "\n");
    return file;
}

build();
withScratch("dataplane-fleet-bench-", (dir) => {
    const single = ["bin/dataplane.js", "preview", "--config", "Pulumi.private-example.yaml", "--json"];
    run(single);
    const singles: number[] = [];
    const results: { n: number; threads: number; ms: number; rss: number }[] = [];
    for (const n of SIZES) {
        const list = customers(n, dir);
        for (const threads of THREADS) {
            const times: number[] = [];
            const rss: number[] = [];
            for (let i = 0; i < RUNS; i++) {
                singles.push(run(single).ms); // in turns with the fleet runs
                const s = run(["bin/dataplane.js", "fleet", "preview", "--template", "Pulumi.private-example.yaml", "--customers", list, "--json", "--concurrency", String(threads)]);
                const doc = JSON.parse(s.stdout);
                if (doc.planes.length !== n || doc.planes.some((p: { outputs: { controlPlaneMessage?: unknown } }) => !p.outputs.controlPlaneMessage)) {
                    throw new Error(`fleet of ${n}: expected ${n} planes with messages`);
                }
                times.push(s.ms);
                rss.push(s.maxRssMiB);
            }
            results.push({ n, threads, ms: median(times), rss: median(rss) });
        }
    }
    const one = median(singles);
    console.log(`single-plane preview process: median ${one.toFixed(0)} ms (n=${singles.length}), ${os.cpus().length} CPUs, load ${os.loadavg()[0].toFixed(1)}`);
    for (const r of results) {
        console.log(`fleet of ${String(r.n).padStart(5)}, ${r.threads} thread${r.threads > 1 ? "s" : " "}: ${(r.ms / 1000).toFixed(1).padStart(6)} s, ` +
            `${(r.ms / r.n).toFixed(1).padStart(6)} ms/plane, peak ${r.rss.toFixed(0)} MiB, ${(r.ms / one).toFixed(1)}x one preview process`);
    }
    for (const threads of THREADS) {
        const [a, b] = results.filter((r) => r.threads === threads).slice(-2);
        if (a && b) console.log(`${threads} thread(s), from ${a.n} to ${b.n} planes: ${((b.ms - a.ms) / (b.n - a.n)).toFixed(1)} ms and ${(((b.rss - a.rss) * 1024) / (b.n - a.n)).toFixed(1)} KiB of peak memory per added plane`);
    }
    // The target holds for a configuration when both bounds hold in it; each configuration gets its own verdict.
    for (const big of results.filter((r) => r.n === 1000)) {
        const within = big.ms <= 30_000 && big.rss <= 500;
        console.log(`${within ? "OK" : "OVER TARGET"}: 1,000 planes with ${big.threads} thread(s) took ${(big.ms / 1000).toFixed(1)} s (target 30 s) and ${big.rss.toFixed(0)} MiB (target 500 MiB)`);
    }
    const three = results.filter((r) => r.n === 300).sort((x, y) => x.ms - y.ms)[0];
    if (three) console.log(three.ms <= 15 * one ? `OK: 300 planes within 15x one preview process (${three.threads} thread(s))` : "OVER TARGET: 300 planes took more than 15x one preview process");
}).catch((err) => {
    console.error(err);
    process.exitCode = 1;
});
