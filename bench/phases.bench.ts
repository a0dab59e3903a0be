/**
 * Where the time goes (issue 24: measure before changing), inside one process running the compiled
 * package: a fleet's planes one after another as `dataplane fleet preview` runs them, each split into
 *   - the Pulumi program under the offline engine (the SDK's mock runtime: serializing every input,
 *     registering, resolving outputs), of which the AWS-like mock handlers and the recording of each
 *     registration are measured apart;
 *   - the policy pack (analyzeResources), the idle cost and the physical names, the plane's --out
 *     document serialized (what --out writes);
 * plus garbage collection over the whole run (with the young generation a fleet's worker threads get) and the start-up (loading the command's modules), and
 * `dataplane check`'s in-process split on the 10,000-resource export: reading and parsing the file,
 * reading it into resources, the pack.
 *
 * Nothing here is a target: it prints the split, so the numbers in docs/development.md can be re-made.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { BenchContext, ROOT, Verdict, load } from "./run";
import { YOUNG_GENERATION_MIB } from "../cli/fleetWorkers";

const SCRIPT = `
const t0 = process.hrtime.bigint();
const ms = (a, b) => Number(b - a) / 1e6;
const { PerformanceObserver } = require("perf_hooks");
let gc = 0;
new PerformanceObserver((list) => { for (const e of list.getEntries()) gc += e.duration; }).observe({ entryTypes: ["gc"] });
require(DIST + "/engine/offline/lazyClosure.js");
const { planFleet } = require(DIST + "/engine/fleet/plan.js");
const { previewStackConfig } = require(DIST + "/engine/preview/preview.js");
const { analyzeResources } = require(DIST + "/engine/check/analyze.js");
const { idleCost } = require(DIST + "/engine/reports/idleCost.js");
const { physicalNames } = require(DIST + "/engine/fleet/collisions.js");
const { packSettingsFor } = require(DIST + "/stacks/projects.js");
const { previewDocument } = require(DIST + "/cli/run/preview.js");
const { AwsLikeMocks } = require(DIST + "/engine/offline/awsMocks.js");
const { RecordingMonitor } = require(DIST + "/engine/offline/run.js");
const { readStackFile } = require(DIST + "/engine/check/stackFiles.js");
const t1 = process.hrtime.bigint();
const timed = (proto, name, bucket) => { const f = proto[name]; proto[name] = function (...a) { const s = process.hrtime.bigint(); try { return f.apply(this, a); } finally { acc[bucket] += ms(s, process.hrtime.bigint()); } }; };
const acc = { mocks: 0, record: 0 };
timed(AwsLikeMocks.prototype, "newResource", "mocks");
timed(AwsLikeMocks.prototype, "call", "mocks");
timed(RecordingMonitor.prototype, "record", "record");
// This thread's CPU time (ms; Linux, 10 ms ticks), beside the process's: the rest is V8's helper threads (compiling, GC).
const threadCpu = () => { try { const f = fs.readFileSync("/proc/thread-self/stat", "utf8").split(") ")[1].split(" "); return (Number(f[11]) + Number(f[12])) * 10; } catch { return NaN; } };
const processCpu = () => { const c = process.cpuUsage(); return (c.user + c.system) / 1000; };
(async () => {
    const plan = planFleet(TEMPLATE, CUSTOMERS);
    const phases = { program: 0, mocks: 0, record: 0, pack: 0, report: 0, document: 0 };
    let first;
    const gcBefore = gc;
    const start = process.hrtime.bigint();
    // CPU at plane boundaries: the first plane, planes 2-WARM (V8 tiering the code up), and the rest.
    const WARM = Math.min(100, Math.floor(plan.planes.length / 2));
    const cpu = [];
    for (const [i, p] of plan.planes.entries()) {
        if (i === 0 || i === 1 || i === WARM) cpu.push([threadCpu(), processCpu()]);
        const a = process.hrtime.bigint();
        acc.mocks = acc.record = 0;
        const preview = await previewStackConfig(p.stackConfig, undefined, plan.projectFile);
        const b = process.hrtime.bigint();
        const pack = packSettingsFor(plan.project, p.stackConfig.config, plan.policyConfig, "beside", "defaults");
        const violations = await analyzeResources(preview.resources, { config: pack.config });
        const c = process.hrtime.bigint();
        const cost = idleCost(preview.resources);
        physicalNames(preview.resources);
        const d = process.hrtime.bigint();
        JSON.stringify(previewDocument(preview, false, violations, cost, pack), null, 2);
        const e = process.hrtime.bigint();
        if (i === 0) { first = ms(a, e); continue; }
        phases.program += ms(a, b) - acc.mocks - acc.record; phases.mocks += acc.mocks; phases.record += acc.record;
        phases.pack += ms(b, c); phases.report += ms(c, d); phases.document += ms(d, e);
    }
    cpu.push([threadCpu(), processCpu()]);
    const n = plan.planes.length - 1;
    const total = ms(start, process.hrtime.bigint());
    const span = (a, b, k) => [(cpu[b][0] - cpu[a][0]) / k, (cpu[b][1] - cpu[a][1]) / k];
    const warm = { planes: WARM, first: span(0, 1, 1), warming: span(1, 2, WARM - 1), steady: span(2, 3, plan.planes.length - WARM) };
    // dataplane check's split on the 10,000-resource export
    const r0 = process.hrtime.bigint();
    JSON.parse(fs.readFileSync(EXPORT, "utf8"));
    const r1 = process.hrtime.bigint();
    const stack = readStackFile(EXPORT);
    const r2 = process.hrtime.bigint();
    const gcCheck = gc;
    await analyzeResources(stack.resources);
    const r3 = process.hrtime.bigint();
    console.log(JSON.stringify({ load: ms(t0, t1), first, n, warm, perPlane: Object.fromEntries(Object.entries(phases).map(([k, v]) => [k, v / n])), total, gcPerPlane: (gc - gcBefore) / (n + 1),
        check: { parse: ms(r0, r1), read: ms(r1, r2), pack: ms(r2, r3), gcInPack: gc - gcCheck } }));
})();
`;

/** Runs the split for `planes` planes (and the check split on `exportFile`); prints it. */
export function phasesReport({ dir, quick }: BenchContext, exportFile: string): Verdict[] {
    const planes = quick ? 50 : 300;
    const customers = path.join(dir, "phases-customers.csv");
    const regions = ["eu-west-1", "us-east-1", "eu-central-1", "us-west-2"];
    fs.writeFileSync(customers, ["customerId,accountId,region", ...Array.from({ length: planes }, (_, i) => `customer-${i},${100000000000 + i * 7919},${regions[i % 4]}`)].join("\n") + "\n");
    const code = `const fs = require("fs"); const DIST = ${JSON.stringify(path.join(ROOT, "dist"))}; const TEMPLATE = ${JSON.stringify(path.join(ROOT, "Pulumi.private-example.yaml"))};
        const CUSTOMERS = ${JSON.stringify(customers)}; const EXPORT = ${JSON.stringify(exportFile)};` + SCRIPT;
    // The young generation a fleet's worker threads get (V8 splits it into three: two semi-spaces and a
    // large-object space), so that the split's garbage collection is theirs, not the default one's.
    const semiSpace = `--max-semi-space-size=${Math.floor(YOUNG_GENERATION_MIB / 3)}`;
    const r = spawnSync(process.execPath, [semiSpace, "-e", code], { cwd: ROOT, encoding: "utf8", maxBuffer: 1 << 26 });
    if (r.status !== 0) throw new Error(`the phases run failed: ${r.stderr}`);
    const x = JSON.parse(r.stdout) as {
        load: number; first: number; n: number; perPlane: Record<string, number>; total: number; gcPerPlane: number; check: Record<string, number>;
        warm: { planes: number; first: number[]; warming: number[]; steady: number[] };
    };
    const sum = Object.values(x.perPlane).reduce((a, b) => a + b, 0);
    console.log(`\n== where the time goes, one process (${load()})`);
    console.log(`start-up: loading the command's modules ${x.load.toFixed(0)} ms; the first plane ${x.first.toFixed(0)} ms (loads @pulumi/aws's modules and the program)`);
    console.log(`each further plane (${x.n} planes): ${sum.toFixed(2)} ms, of which garbage collection ~${x.gcPerPlane.toFixed(2)} ms spread over the phases:`);
    const labels: Record<string, string> = {
        program: "the program under the SDK's mock runtime", mocks: "  the AWS-like mock handlers", record: "  recording each registration",
        pack: "the policy pack", report: "idle cost and physical names", document: "the plane's --out document (JSON)",
    };
    for (const [k, v] of Object.entries(x.perPlane)) console.log(`  ${labels[k].padEnd(44)} ${v.toFixed(2).padStart(7)} ms  ${((100 * v) / sum).toFixed(0).padStart(3)}%`);
    // CPU per plane, this thread / the whole process (V8's helper threads compile the hot code and collect garbage beside it).
    const w = x.warm;
    const both = ([thread, all]: number[]) => `${Number.isNaN(thread) ? "?" : thread.toFixed(1)} / ${all.toFixed(1)} ms`;
    const extra = (w.first[1] - w.steady[1]) + (w.planes - 1) * (w.warming[1] - w.steady[1]);
    console.log(`CPU per plane, this thread / the whole process: the first plane ${both(w.first)}; planes 2-${w.planes} ${both(w.warming)}; ` +
        `then ${both(w.steady)}: the first ${w.planes} planes cost ~${(extra / 1000).toFixed(1)} s of CPU more than the steady state (paid again by each worker thread)`);
    const c = x.check;
    console.log(`check, 10,000 resources: JSON.parse of the file ${c.parse.toFixed(0)} ms; reading it into resources (parse, limits, formats) ${c.read.toFixed(0)} ms; the pack ${c.pack.toFixed(0)} ms (of which garbage collection ${c.gcInPack.toFixed(0)} ms)`);
    return [];
}
