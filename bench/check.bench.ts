/**
 * Benchmark: `dataplane check` (the whole process, compiled) on a generated `pulumi stack export`
 * of 1,000 resources — roles with trust policies, role policies, managed policies and their
 * attachments, buckets with their hardening, security groups — next to a process that only
 * loads the pack (the rules, iam-data and @pulumi/policy's analyzer), in the same run. Target:
 * the check within 1 s of that load floor; the analysis time inside the process is printed too.
 *
 *   npm run bench:check
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { toJson } from "../components/iam";
import { RegisteredResource } from "../engine/run";
import { stackExport } from "../test/helpers/cliFormats";
import { doc, happy, resource, stack } from "../test/helpers/policy";

const ROOT = path.resolve(__dirname, "..");
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const UNITS = 100;

/** Ten resources per unit, some of them with violations, as a real account's stack has. */
function unit(i: number): RegisteredResource[] {
    const arn = (kind: string, name: string) => `arn:aws:iam::444455556666:${kind}/${name}`;
    const bucket = `bench-plane-${i}-resources`;
    const bad = i % 4 === 0;
    const permissions = bad ? doc({ Effect: "Allow", Action: ["s3:Get*", "kms:Decrypt"], Resource: "*" }) : happy.runtimePermissions();
    return [
        resource("aws:iam/role:Role", `runtime-${i}`, { name: `runtime-${i}`, assumeRolePolicy: toJson(happy.runtimeTrust()) }, { outputs: { arn: arn("role", `runtime-${i}`) } }),
        resource("aws:iam/rolePolicy:RolePolicy", `runtime-${i}-permissions`, { role: `runtime-${i}`, policy: toJson(permissions) }),
        resource("aws:iam/role:Role", `launch-${i}`, { name: `launch-${i}`, assumeRolePolicy: toJson(happy.launchTrust()) }, { outputs: { arn: arn("role", `launch-${i}`) } }),
        resource("aws:iam/policy:Policy", `launch-${i}-policy`, { policy: toJson(happy.launchPermissions()).replace("emr-dataplane-job-runtime", `runtime-${i}`) }, { outputs: { arn: arn("policy", `launch-${i}`) } }),
        resource("aws:iam/rolePolicyAttachment:RolePolicyAttachment", `launch-${i}-attachment`, { role: `launch-${i}`, policyArn: arn("policy", `launch-${i}`) }),
        resource("aws:s3/bucket:Bucket", `bucket-${i}`, { bucket }),
        resource("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", `bucket-${i}-pab`, { bucket, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: !bad }),
        resource("aws:s3/bucketVersioning:BucketVersioning", `bucket-${i}-versioning`, { bucket, versioningConfiguration: { status: "Enabled" } }),
        resource("aws:s3/bucketPolicy:BucketPolicy", `bucket-${i}-policy`, { bucket, policy: toJson(happy.bucketPolicy()).split("emr-dataplane-resources-4711").join(bucket) }),
        resource("aws:ec2/securityGroup:SecurityGroup", `sg-${i}`, { vpcId: "vpc-0b5e6f7a8c9d01234", ingress: bad ? [{ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0"] }] : [], egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }] }),
    ];
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

const build = spawnSync("npm", ["run", "--silent", "build"], { cwd: ROOT, encoding: "utf8" });
if (build.status !== 0) throw new Error(`npm run build failed: ${build.stdout}${build.stderr}`);

const resources = stack(...Array.from({ length: UNITS }, (_, i) => unit(i)).flat());
const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "dataplane-bench-")), "stack.json");
fs.writeFileSync(file, JSON.stringify(stackExport(resources)));
const count = resources.length - 1;
console.log(`generated ${file}: ${count} resources (+ the stack and its provider), ${(fs.statSync(file).size / 1e6).toFixed(1)} MB`);

const analyzeJs = path.join(ROOT, "dist", "policies", "analyze.js");
const loadArgs = ["-e", `require(${JSON.stringify(analyzeJs)})`];
const checkArgs = [path.join("bin", "dataplane.js"), "check", file, "--json"];
time(loadArgs);
time(checkArgs, [0, 1]); // warm the file cache
// Interleaved, so that load on a shared machine hits both alike; the difference is taken per pair.
const pairs = Array.from({ length: RUNS }, () => [time(loadArgs).ms, time(checkArgs, [0, 1]).ms]);
const load = stats("load the pack alone (node -e require)", pairs.map(([l]) => l));
const check = stats(`dataplane check, ${count} resources`, pairs.map(([, c]) => c));
const inProcess = time(["-e", `
    const { analyzeResources } = require(${JSON.stringify(analyzeJs)});
    const { readStackFile } = require(${JSON.stringify(path.join(ROOT, "dist", "policies", "stackFiles.js"))});
    (async () => {
        const t0 = process.hrtime.bigint();
        const stack = readStackFile(${JSON.stringify(file)});
        const t1 = process.hrtime.bigint();
        const violations = await analyzeResources(stack.resources);
        const t2 = process.hrtime.bigint();
        console.log(JSON.stringify({ read: Number(t1 - t0) / 1e6, analyze: Number(t2 - t1) / 1e6, violations: violations.length }));
    })();`]);
const inside = JSON.parse(inProcess.stdout);
const overhead = median(pairs.map(([l, c]) => c - l));
console.log(`${"".padEnd(44)} check minus load: median ${overhead.toFixed(0)} ms per pair (target <= 1000 ms); whole check ${check.toFixed(0)} ms, load ${load.toFixed(0)} ms`);
console.log(`${"".padEnd(44)} in-process: read ${inside.read.toFixed(0)} ms, analyze ${inside.analyze.toFixed(0)} ms, ${inside.violations} violations`);
console.log(overhead <= 1000 ? "OK: checking 1,000 resources costs at most 1 s beyond loading the pack" : "OVER TARGET: checking took more than 1 s beyond loading the pack");
