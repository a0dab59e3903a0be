/**
 * Benchmark: `dataplane check` (the whole process, compiled) on generated `pulumi stack export`s
 * full of managed policies and attachments — roles with trust policies, role policies, customer
 * and AWS managed policies with their attachments, buckets with their hardening, security
 * groups; a quarter with violations.
 *
 *   1. Patterns that make a regular-expression matcher backtrack: each must match in well under
 *      the budget (a backtracking matcher took minutes on the first one).
 *   2. 10,000 resources: `dataplane check` next to `dataplane --help` (the same program loaded,
 *      nothing checked), interleaved pairs; target: the check within 1 s of that load floor
 *      (median of per-pair differences).
 *   3. Linear cost: read + analysis inside one process at 12,500 … 100,000 resources, sizes
 *      interleaved per round, medians; the cost per resource at 100,000 must stay within 1.5× of
 *      the cost at 12,500 (a quadratic scan would make it 8×).
 *
 * The generated files (hundreds of MB at 100,000 resources) live in one temporary folder, removed
 * when the bench ends, fails or is interrupted.
 *
 *   npm run bench:check            (BENCH_RUNS=5 pairs by default; BENCH_MAX=100000 resources)
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { toJson } from "../components/iam";
import { RegisteredResource } from "../engine/offline/run";
import { stackExport } from "../test/helpers/cliFormats";
import { doc, happy, resource, stack } from "../test/helpers/policy";
import { withScratch } from "./run";

const ROOT = path.resolve(__dirname, "..");
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const MAX = Number(process.env.BENCH_MAX ?? 100_000);
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
function exportFile(dir: string, count: number): string {
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

function median(xs: number[]): number {
    const s = [...xs].sort((a, b) => a - b);
    return s[Math.floor(s.length / 2)];
}

function stats(label: string, samples: number[]): number {
    const m = median(samples);
    console.log(`${label.padEnd(44)} median ${m.toFixed(0).padStart(5)} ms  (min ${Math.min(...samples).toFixed(0)}, max ${Math.max(...samples).toFixed(0)}, n=${samples.length})`);
    return m;
}

withScratch("dataplane-bench-", (dir) => {
    const build = spawnSync("npm", ["run", "--silent", "build"], { cwd: ROOT, encoding: "utf8" });
    if (build.status !== 0) throw new Error(`npm run build failed: ${build.stdout}${build.stderr}`);
    let ok = true;

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
        console.log(JSON.stringify(out));`]).stdout);
    patterns.forEach(([p], i) => {
        const within = timings[i] <= BUDGET_MS;
        ok &&= within;
        console.log(`pattern ${JSON.stringify(p.length > 30 ? `${p.slice(0, 24)}…(${p.length} chars)` : p).padEnd(40)} median ${timings[i].toFixed(2).padStart(7)} ms  (budget ${BUDGET_MS} ms) ${within ? "ok" : "OVER"}`);
    });

    // ---- 2. 10,000 resources: check minus load ------------------------------------------------------
    const analyzeJs = path.join(DIST, "engine", "check", "analyze.js");
    const stackFilesJs = path.join(DIST, "engine", "check", "stackFiles.js");
    const file10k = exportFile(dir, 10_000);
    console.log(`generated ${file10k}: ${(fs.statSync(file10k).size / 1e6).toFixed(1)} MB`);
    // The load floor: the same command loading everything it loads (the CLI, the pack, iam-data) and printing its help.
    const loadArgs = [path.join("bin", "dataplane.js"), "--help"];
    const checkArgs = [path.join("bin", "dataplane.js"), "check", file10k, "--json"];
    time(loadArgs);
    time(checkArgs, [0, 1]); // warm the file cache
    // Interleaved, so that load on a shared machine hits both alike; the difference is taken per pair.
    const pairs = Array.from({ length: RUNS }, () => [time(loadArgs).ms, time(checkArgs, [0, 1]).ms]);
    const load = stats("load: dataplane --help", pairs.map(([l]) => l));
    const check = stats("dataplane check, 10,000 resources", pairs.map(([, c]) => c));
    const overhead = median(pairs.map(([l, c]) => c - l));
    console.log(`${"".padEnd(44)} check minus load: median ${overhead.toFixed(0)} ms per pair (target <= 1000 ms); whole check ${check.toFixed(0)} ms, load ${load.toFixed(0)} ms`);
    ok &&= overhead <= 1000;

    // ---- 3. linear cost -----------------------------------------------------------------------------
    const sizes = [12_500, 25_000, 50_000, 100_000].filter((n) => n <= MAX);
    const files = new Map(sizes.map((n) => [n, exportFile(dir, n)]));
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
    const rounds = Math.max(1, Math.min(RUNS, 3));
    const samples = new Map<number, number[]>(sizes.map((n) => [n, []]));
    for (let r = 0; r < rounds; r++) for (const n of sizes) { const x = inProcess(files.get(n)!); samples.get(n)!.push(x.read + x.analyze); }
    const perResource = sizes.map((n) => median(samples.get(n)!) / n);
    sizes.forEach((n, i) => console.log(`read + analyze ${String(n).padStart(7)} resources  median ${median(samples.get(n)!).toFixed(0).padStart(6)} ms  ${(perResource[i] * 1000).toFixed(1)} µs/resource (n=${rounds})`));
    if (sizes.length > 1) {
        const growth = perResource[perResource.length - 1] / perResource[0];
        console.log(`cost per resource grows ${growth.toFixed(2)}× from ${sizes[0]} to ${sizes[sizes.length - 1]} resources (linear: <= 1.5×; quadratic would be ${sizes[sizes.length - 1] / sizes[0]}×)`);
        ok &&= growth <= 1.5;
    }
    console.log(ok ? "OK: within every target" : "OVER TARGET: see above");
}).catch((err) => {
    console.error(err);
    process.exitCode = 1;
});
