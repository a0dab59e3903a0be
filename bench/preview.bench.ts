/**
 * Benchmark: one offline preview of the private example (`dataplane preview --json`, a whole process,
 * compiled) against its peer, the same plane written in AWS CDK (bench/peers/cdk, compiled)
 * synthesizing its CloudFormation template with CDK's built-in validation turned off. Interleaved
 * pairs (preview, synth, preview, synth, …); the ratio is the median of the per-pair ratios.
 * Target (issue 24): at most 1.0×.
 *
 * The peer has its own package.json and lockfile: the first run installs it (`npm ci` in its folder,
 * ~210 MB, kept there for later runs; never installed by the package's own `npm ci`, never shipped).
 * Its compiled app and each synthesized assembly go to the bench's scratch folder.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { BenchContext, ROOT, Verdict, asInstalled, cpuLine, describe, load, pair } from "./run";

const PEER = path.join(ROOT, "bench", "peers", "cdk");
const TARGET = 1.0;

/** Installs the peer's packages from its lockfile unless what is installed is what the lockfile pins. */
function ensurePeerInstalled(): void {
    const lock = JSON.parse(fs.readFileSync(path.join(PEER, "package-lock.json"), "utf8")) as { packages: Record<string, { version?: string }> };
    const installed = (name: string) => {
        try {
            return (JSON.parse(fs.readFileSync(path.join(PEER, "node_modules", name, "package.json"), "utf8")) as { version: string }).version;
        } catch {
            return undefined;
        }
    };
    const current = ["aws-cdk-lib", "constructs", "typescript"].every((n) => installed(n) === lock.packages[`node_modules/${n}`]?.version);
    if (current) return;
    console.log(`installing the CDK peer's packages (npm ci in ${path.relative(ROOT, PEER)}; first run only, ~210 MB)`);
    const r = spawnSync("npm", ["ci", "--no-audit", "--no-fund"], { cwd: PEER, encoding: "utf8" });
    if (r.status !== 0) throw new Error(`npm ci in ${PEER} failed: ${r.stdout}${r.stderr}`);
}

/** Compiles the peer app into `dir` once; returns the compiled entry (its packages resolve through a link to the peer's node_modules). */
function compilePeer(dir: string): string {
    const out = path.join(dir, "cdk-peer");
    const tsc = path.join(PEER, "node_modules", "typescript", "bin", "tsc");
    const r = spawnSync(process.execPath, [tsc, "-p", PEER, "--outDir", out], { encoding: "utf8" });
    if (r.status !== 0) throw new Error(`compiling the CDK peer failed: ${r.stdout}${r.stderr}`);
    fs.symlinkSync(path.join(PEER, "node_modules"), path.join(dir, "node_modules"), "dir");
    return path.join(out, "app.js");
}

export function previewBench({ dir, quick }: BenchContext): Verdict[] {
    ensurePeerInstalled();
    const app = compilePeer(dir);
    const assembly = path.join(dir, "cdk.out");
    const rounds = Number(process.env.BENCH_RUNS ?? (quick ? 3 : 9));
    const preview = ["bin/dataplane.js", "preview", "--config", "Pulumi.private-example.yaml", "--json"];
    const synth = [app, assembly];
    const p = asInstalled(() => pair(preview, synth, rounds));
    // Both sides built the same plane: the preview's resources and the peer's template.
    const planned = (JSON.parse(p.a[0].stdout) as { resources: { type: string }[] }).resources.filter((r) => !/^(pulumi:|emr-dataplane:)/.test(r.type)).length;
    const template = JSON.parse(fs.readFileSync(path.join(assembly, "emr-dataplane-private-example.template.json"), "utf8")) as { Resources: Record<string, unknown> };
    console.log(`\n== one preview vs the CDK peer's synth (validation off), ${rounds} interleaved pairs, ${load()}`);
    console.log(describe("dataplane preview private-example --json", p.a) + `, ${planned} resources planned`);
    console.log(describe("CDK peer: synth, validation off", p.b) + `, ${Object.keys(template.Resources).length} CloudFormation resources`);
    console.log(cpuLine(p));
    const measured = `${p.ratio.toFixed(2)}× (per-pair ratios ${Math.min(...p.ratios).toFixed(2)}–${Math.max(...p.ratios).toFixed(2)}, n=${rounds})`;
    return [{ target: `one preview ≤ ${TARGET.toFixed(1)}× the CDK peer's synth (validation off)`, measured, ok: p.ratio <= TARGET }];
}
