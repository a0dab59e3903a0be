/**
 * Shipping the pack: its folder loads on its own, the way `pulumi preview --policy-pack <folder>`
 * and `pulumi policy publish` (which uploads the folder only) expect — nothing imported from
 * outside it, its own dependencies declared — and every rule carries remediation text; the rules
 * that read settings declare their configSchema.
 */
import { expect } from "chai";
import { spawn } from "child_process";
import { builtinModules } from "module";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { LAUNCHER_SERVICE, SERVICE } from "../../components/iam";
import { CATALOG_ROOT } from "../../components/guardedLaunch/catalog";
import { POLICIES } from "../../policies/policies";
import { DEFAULT_SETTINGS, SETTINGS_SCHEMA } from "../../policies/settings";
import * as names from "../../vocabulary/names";

const ROOT = path.resolve(__dirname, "../..");
const PACK = path.join(ROOT, "policies");

function sources(dir: string): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
        e.name === "node_modules" ? [] : e.isDirectory() ? sources(path.join(dir, e.name)) : e.name.endsWith(".ts") ? [path.join(dir, e.name)] : []);
}

/** Every module specifier a file imports or requires. */
function imports(file: string): string[] {
    const text = fs.readFileSync(file, "utf8");
    return [...text.matchAll(/(?:from\s+|require\(|import\()\s*["']([^"']+)["']/g)].map((m) => m[1]);
}

describe("the pack folder ships on its own", () => {
    it("imports nothing outside policies/, and declares every package it imports in policies/package.json at the root's versions", () => {
        const pkg = JSON.parse(fs.readFileSync(path.join(PACK, "package.json"), "utf8"));
        const root = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
        // The versions the package is built and tested with: its pins (devDependencies hold the pinned peers).
        const rootVersions = { ...root.peerDependencies, ...root.dependencies, ...root.devDependencies };
        const escaping: string[] = [];
        const packages = new Set<string>();
        for (const file of sources(PACK)) {
            for (const spec of imports(file)) {
                if (spec.startsWith(".")) {
                    if (path.relative(PACK, path.resolve(path.dirname(file), spec)).startsWith("..")) escaping.push(`${path.relative(ROOT, file)}: ${spec}`);
                } else if (!builtinModules.includes(spec.replace(/^node:/, ""))) packages.add(spec.startsWith("@") ? spec.split("/").slice(0, 2).join("/") : spec.split("/")[0]);
            }
        }
        expect(escaping, "imports leaving the pack folder").to.deep.equal([]);
        expect(packages.size).to.be.greaterThan(1);
        for (const name of packages) {
            expect(pkg.dependencies, `policies/package.json must declare ${name}`).to.have.property(name);
            expect(pkg.dependencies[name], `${name}: the pack's version is the package's`).to.equal(rootVersions[name]);
        }
    });

    it("its names are the components' (service principals, the catalog root, the launch profile's kind)", () => {
        expect(names.SERVICE).to.deep.equal(SERVICE);
        expect(names.LAUNCHER_SERVICE).to.deep.equal(LAUNCHER_SERVICE);
        expect(DEFAULT_SETTINGS.catalogRoot).to.equal(CATALOG_ROOT);
        const catalog = fs.readFileSync(path.join(ROOT, "components", "guardedLaunch", "catalog.ts"), "utf8");
        expect(catalog).to.contain(JSON.stringify(names.LAUNCH_PROFILE_KIND));
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
        const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "dataplane-pack-")), "policies");
        fs.cpSync(PACK, dir, { recursive: true, filter: (src) => path.basename(src) !== "node_modules" });
        // `npm install` in the folder, stood in for by the package's own installed modules.
        fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
        const runner = path.join(path.dirname(require.resolve("@pulumi/pulumi")), "cmd", "run-policy-pack");
        const child = spawn(process.execPath, [runner, "127.0.0.1:0", "."], { cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
        let stderr = "";
        child.stderr!.on("data", (d) => { stderr += String(d); });
        try {
            const port = await new Promise<string>((resolve, reject) => {
                child.stdout!.once("data", (d) => resolve(String(d).trim()));
                child.once("exit", (code) => reject(new Error(`the copied pack exited ${code}: ${stderr}`)));
            });
            expect(port).to.match(/^\d+$/);
        } finally {
            child.kill();
        }
    });
});
