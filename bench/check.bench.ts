/**
 * Benchmark: `dataplane check` (the whole process, compiled) on generated `pulumi stack export`s
 * full of managed policies and attachments — roles with trust policies, role policies, customer
 * and AWS managed policies with their attachments, buckets with their hardening, security
 * groups; a quarter with violations.
 *
 *   1. Patterns that make a regular-expression matcher backtrack: each must match in well under
 *      the budget (a backtracking matcher took minutes on the first one).
 *   2. 10,000 resources: `dataplane check FILE --json` paired with the bare floor of the same file
 *      (a `node` process that only reads and `JSON.parse`s it), interleaved; target (issue 24): the
 *      median per-pair ratio at most 2.5×.
 *   3. Linear cost: read + analysis inside one process at 10,000, 30,000 and 100,000 resources, sizes
 *      interleaved per round, medians; the cost per resource at 100,000 must stay within 1.5× of
 *      the cost at 10,000 (a quadratic scan would make it 10×). A quick run stops at 30,000.
 *
 * The generated files (hundreds of MB at 100,000 resources) live in the bench's scratch folder.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { toJson } from "../components/iam";
import { RegisteredResource } from "../engine/offline/run";
import { stackExport } from "../test/helpers/cliFormats";
import { doc, happy, resource, stack } from "../test/helpers/policy";
import { BenchContext, ROOT, Verdict, asInstalled, cpuLine, describe, load, median, pair } from "./run";

const TARGET = 2.5;
const DIST = path.join(ROOT, "dist");

/** Ten resources per unit, some of them with violations, as a real account's stack has. */
function unit(i: number): RegisteredResource[] {
    const arn = (kind: string, name: string) => `arn:aws:iam::444455556666:${kind}/${name}`;
    const bucket = `bench-plane-${i}-resources`;
    const bad = i % 4 === 0;
    const permissions = bad ? doc({ Effect: "Allow", Action: ["s3:Get*", "kms:Decrypt"], Resource: "*" }) : happy.runtimePermissions();
    // ReadOnlyAccess (3,000 actions) is judged by content; AmazonEMRServerlessFullAccess is no AWS managed policy
    // ("EMR Serverless doesn't support managed policies": Identity-based policy examples for EMR Serverless), so it
    // takes the path of a policy the data set does not have.
    const managed = i % 3 === 0 ? ["arn:aws:iam::aws:policy/ReadOnlyAccess"] : ["arn:aws:iam::aws:policy/AmazonEMRServerlessFullAccess"];
    return [
        resource("aws:iam/role:Role", `runtime-${i}`, { name: `runtime-${i}`, assumeRolePolicy: toJson(happy.runtimeTrust()), managedPolicyArns: bad ? managed : [] }, { outputs: { arn: arn("role", `runtime-${i}`) } }),
        resource("aws:iam/rolePolicy:RolePolicy", `runtime-${i}-permissions`, { role: `runtime-${i}`, policy: toJson(permissions) }),
        resource("aws:iam/role:Role", `launch-${i}`, { name: `launch-${i}`, assumeRolePolicy: toJson(happy.launchTrust()) }, { outputs: { arn: arn("role", `launch-${i}`) } }),
        resource("aws:iam/policy:Policy", `launch-${i}-policy`, { policy: toJson(happy.launchPermissions()).replace("emr-dataplane-job-runtime", `runtime-${i}`) }, { outputs: { arn: arn("policy", `launch-${i}`) } }),
        resource("aws:iam/rolePolicyAttachment:RolePolicyAttachment", `launch-${i}-attachment`, { role: `launch-${i}`, policyArn: arn("policy", `launch-${i}`) }),
        resource("aws:iam/rolePolicyAttachment:RolePolicyAttachment", `launch-${i}-managed`, { role: `launch-${i}`, policyArn: managed[0] }),
        resource("aws:s3/bucket:Bucket", `bucket-${i}`, { bucket }),
        resource("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", `bucket-${i}-pab`, { bucket, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: !bad }),
        resource("aws:s3/bucketPolicy:BucketPolicy", `bucket-${i}-policy`, { bucket, policy: toJson(happy.bucketPolicy()).split("emr-dataplane-resources-4711").join(bucket) }),
        resource("aws:ec2/securityGroup:SecurityGroup", `sg-${i}`, { vpcId: "vpc-0b5e6f7a8c9d01234", ingress: bad ? [{ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0"] }] : [], egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }] }),
    ];
}

/** A stack export of about `count` resources, written to a file in `dir`. */
export function exportFile(dir: string, count: number): string {
    const resources = stack(...Array.from({ length: Math.ceil(count / 10) }, (_, i) => unit(i)).flat());
    const file = path.join(dir, `stack-${count}.json`);
    fs.writeFileSync(file, JSON.stringify(stackExport(resources)));
    return file;
}

function time(args: string[], okStatus = [0]): { ms: number; stdout: string } {
    const start = process.hrtime.bigint();
    const r = spawnSync(process.execPath, args, { cwd: ROOT, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (r.status === null || !okStatus.includes(r.status)) throw new Error(`${args.join(" ")} exited ${r.status}: ${r.stderr}`);
    return { ms, stdout: r.stdout };
}

export function checkBench({ dir, quick }: BenchContext): Verdict[] {
    const verdicts: Verdict[] = [];
    const rounds = Number(process.env.BENCH_RUNS ?? (quick ? 3 : 7));

    // ---- 1. pathological patterns -------------------------------------------------------------------
    const BUDGET_MS = 50;
    const patterns: [string, string][] = [
        ["s3:**************!", `s3:${"GetObject".repeat(4)}`],
        [`${"*a".repeat(2000)}!`, "a".repeat(32_000)],
        [`${"*?".repeat(1000)}b`, "a".repeat(32_000)],
        [`arn:aws:s3:::${"*".repeat(16_000)}x`, `arn:aws:s3:::${"y".repeat(16_000)}`],
        [`${"*a".repeat(2000)}*b*c`, `${"a".repeat(32_000)}b`],
        [`${"*?a".repeat(1000)}*c`, "ba".repeat(16_000)],
    ];
    const matcher = path.join(DIST, "policies", "model", "wildcard.js");
    const patternFile = path.join(dir, "patterns.json");
    fs.writeFileSync(patternFile, JSON.stringify(patterns));
    const timings = JSON.parse(time(["-e", `
        const { wildcardMatch } = require(${JSON.stringify(matcher)});
        const cases = JSON.parse(require("fs").readFileSync(${JSON.stringify(patternFile)}, "utf8"));
        const out = cases.map(([p, v]) => { const ms = []; for (let i = 0; i < 7; i++) { const t = process.hrtime.bigint(); wildcardMatch(p, v); ms.push(Number(process.hrtime.bigint() - t) / 1e6); } return ms.sort((a, b) => a - b)[3]; });
        console.log(JSON.stringify(out));`]).stdout) as number[];
    console.log(`\n== check: the wildcard matcher on backtracking patterns (budget ${BUDGET_MS} ms each)`);
    patterns.forEach(([p], i) => console.log(`pattern ${JSON.stringify(p.length > 30 ? `${p.slice(0, 24)}…(${p.length} chars)` : p).padEnd(40)} median ${(timings[i] * 1000).toFixed(1).padStart(8)} µs`));
    const slowest = Math.max(...timings);
    verdicts.push({ target: `every backtracking pattern ≤ ${BUDGET_MS} ms`, measured: `slowest ${(slowest * 1000).toFixed(1)} µs`, ok: slowest <= BUDGET_MS });

    // ---- 2. 10,000 resources: check against the read-and-parse floor ---------------------------------
    const file10k = exportFile(dir, 10_000);
    const floor = ["-e", `JSON.parse(require("fs").readFileSync(${JSON.stringify(file10k)}, "utf8"))`];
    const check = [path.join("bin", "dataplane.js"), "check", file10k, "--json"];
    const p = asInstalled(() => pair(check, floor, rounds, [0, 1]));
    console.log(`\n== check: 10,000 resources (${(fs.statSync(file10k).size / 1e6).toFixed(1)} MB) vs reading and parsing the same file, ${rounds} interleaved pairs, ${load()}`);
    console.log(describe("dataplane check FILE --json", p.a));
    console.log(describe("floor: node reads and JSON.parses FILE", p.b));
    console.log(cpuLine(p));
    verdicts.push({
        target: `check of 10,000 resources ≤ ${TARGET}× the read-and-parse floor`,
        measured: `${p.ratio.toFixed(2)}× (per-pair ratios ${Math.min(...p.ratios).toFixed(2)}–${Math.max(...p.ratios).toFixed(2)}, n=${rounds})`,
        ok: p.ratio <= TARGET,
    });

    // ---- 3. linear cost -----------------------------------------------------------------------------
    const analyzeJs = path.join(DIST, "engine", "check", "analyze.js");
    const stackFilesJs = path.join(DIST, "engine", "check", "stackFiles.js");
    const sizes = quick ? [10_000, 30_000] : [10_000, 30_000, 100_000];
    const files = new Map(sizes.map((n) => [n, n === 10_000 ? file10k : exportFile(dir, n)]));
    const inProcess = (file: string) => JSON.parse(time(["--max-old-space-size=4096", "-e", `
        const { analyzeResources } = require(${JSON.stringify(analyzeJs)});
        const { readStackFile } = require(${JSON.stringify(stackFilesJs)});
        (async () => {
            const t0 = process.hrtime.bigint();
            const stack = readStackFile(${JSON.stringify(file)});
            const t1 = process.hrtime.bigint();
            const violations = await analyzeResources(stack.resources);
            const t2 = process.hrtime.bigint();
            console.log(JSON.stringify({ read: Number(t1 - t0) / 1e6, analyze: Number(t2 - t1) / 1e6, violations: violations.length }));
        })();`]).stdout) as { read: number; analyze: number; violations: number };
    const linearRounds = quick ? 1 : 3;
    const samples = new Map<number, number[]>(sizes.map((n) => [n, []]));
    for (let r = 0; r < linearRounds; r++) for (const n of sizes) { const x = inProcess(files.get(n)!); samples.get(n)!.push(x.read + x.analyze); }
    const perResource = sizes.map((n) => median(samples.get(n)!) / n);
    console.log(`\n== check: read + analysis in one process, ${linearRounds} round(s), ${load()}`);
    sizes.forEach((n, i) => console.log(`read + analyze ${String(n).padStart(7)} resources  median ${median(samples.get(n)!).toFixed(0).padStart(6)} ms  ${(perResource[i] * 1000).toFixed(1)} µs/resource`));
    const growth = perResource[perResource.length - 1] / perResource[0];
    const last = sizes[sizes.length - 1];
    verdicts.push({ target: `check linear to ${last.toLocaleString("en")} resources (cost per resource ≤ 1.5× that at 10,000)`, measured: `${growth.toFixed(2)}× (quadratic would be ${last / sizes[0]}×)`, ok: growth <= 1.5 });
    for (const f of files.values()) fs.rmSync(f, { force: true });
    return verdicts;
}
