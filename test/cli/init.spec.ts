/**
 * `dataplane init`: a new plane project as `pulumi new` would write it, every key of its kind in the
 * stack file (set or commented, from the key table), the pack config from the same vendor principal —
 * and `dataplane preview` of it runs at once, offline, as a process running the compiled package
 * (the program loaded through the Pulumi SDK's own TypeScript registration, as the Pulumi CLI does).
 */
import { expect } from "chai";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as path from "path";
import { DATA_PLANE_CONFIG, fullKey } from "../../stacks/dataplane/configSchema";
import { packConfigFileFor } from "../../stacks/dataplane/packSettings";
import { inProcess } from "../helpers/cli";
import { tempDir } from "../helpers/tempDir";

const ROOT = path.resolve(__dirname, "../..");
const BIN = path.join(ROOT, "bin", "dataplane.js");

/** A folder laid out as a user's after `npm install emr-serverless-dataplane` and the peers: the package and the SDKs in node_modules (links to this checkout's). */
function installedFolder(): string {
    const dir = tempDir("dataplane-init-");
    fs.mkdirSync(path.join(dir, "node_modules", "@pulumi"), { recursive: true });
    fs.symlinkSync(ROOT, path.join(dir, "node_modules", "emr-serverless-dataplane"), "dir");
    for (const p of ["pulumi", "aws", "random", "policy"]) fs.symlinkSync(path.join(ROOT, "node_modules", "@pulumi", p), path.join(dir, "node_modules", "@pulumi", p), "dir");
    return dir;
}

function cli(cwd: string, ...args: string[]) {
    const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: "utf8" });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * `dataplane init` in this process, run from `cwd` (what it prints names paths relative to it): a
 * process of its own costs ~0.4 s of CPU, and nothing here is about the process. Mocha runs one test
 * at a time in a worker, so the working folder is this call's until it is put back.
 */
async function initIn(cwd: string, ...args: string[]) {
    const back = process.cwd();
    process.chdir(cwd);
    try {
        return await inProcess("init", ...args);
    } finally {
        process.chdir(back);
    }
}

const keysOf = (kind: string) => DATA_PLANE_CONFIG.keys.filter((k) => !k.variants || k.variants.includes(kind)).map((k) => k.key);

describe("dataplane init", function () {
    this.timeout(120_000);

    for (const kind of ["private", "shared"]) {
        describe(`--kind ${kind}`, () => {
            let dir: string;
            let run: Awaited<ReturnType<typeof initIn>>;
            before(async () => {
                dir = installedFolder();
                run = await initIn(dir, "plane", "--kind", kind, "--stack", "acme", "--region", "eu-west-1");
            });

            it("writes the project's files and says what to run next", () => {
                expect(run.status, run.stderr).to.equal(0);
                expect(fs.readdirSync(path.join(dir, "plane")).sort()).to.deep.equal(
                    [".gitignore", "Pulumi.acme.policy.json", "Pulumi.acme.yaml", "Pulumi.yaml", "index.ts", "package.json", "tsconfig.json"]);
                expect(run.stdout).to.contain(`npx dataplane preview --config ${path.join("plane", "Pulumi.acme.yaml")}`);
            });

            it("a Pulumi.yaml of the data-plane project, its config section the package's own, and a program using the installed package", () => {
                const project = yaml.load(fs.readFileSync(path.join(dir, "plane", "Pulumi.yaml"), "utf8")) as Record<string, any>;
                const ours = yaml.load(fs.readFileSync(path.join(ROOT, "Pulumi.yaml"), "utf8")) as Record<string, any>;
                expect([project.name, project.runtime]).to.deep.equal(["emr-dataplane", { name: "nodejs", options: { typescript: true } }]);
                expect(project.config).to.deep.equal(ours.config);
                expect(fs.readFileSync(path.join(dir, "plane", "index.ts"), "utf8")).to.contain('from "emr-serverless-dataplane/stacks/dataplane"');
                const pkg = JSON.parse(fs.readFileSync(path.join(dir, "plane", "package.json"), "utf8"));
                expect(pkg.main).to.equal("index.ts");
                expect(Object.keys(pkg.dependencies).sort()).to.deep.equal(["@pulumi/aws", "@pulumi/pulumi", "@pulumi/random", "emr-serverless-dataplane"]);
                expect(JSON.parse(fs.readFileSync(path.join(dir, "plane", "tsconfig.json"), "utf8")).files).to.deep.equal(["index.ts"]);
            });

            it("a stack file with every key of the kind: the needed ones set, the others commented with their description; none of the other kind", () => {
                const text = fs.readFileSync(path.join(dir, "plane", "Pulumi.acme.yaml"), "utf8");
                const config = (yaml.load(text) as { config: Record<string, unknown> }).config;
                expect(config["aws:region"]).to.equal("eu-west-1");
                expect(config[fullKey("planeKind")]).to.equal(kind);
                const required = DATA_PLANE_CONFIG.keys.filter((k) => k.required === true || k.required === kind).map((k) => fullKey(k.key));
                expect(Object.keys(config)).to.include.members(required);
                for (const key of keysOf(kind)) {
                    const set = fullKey(key) in config;
                    expect(set || new RegExp(`^  # ${fullKey(key)}: `, "m").test(text), key).to.equal(true);
                }
                const other = kind === "private" ? "shared" : "private";
                for (const key of keysOf(other).filter((k) => !keysOf(kind).includes(k))) expect(text, key).to.not.match(new RegExp(`${fullKey(key)}:`)); // `key:` so applicationId is not found inside applicationIdleTimeoutMinutes
                expect(text).to.contain("# change me");
            });

            it("the policy-pack config from the stack's own vendor principal", () => {
                const config = (yaml.load(fs.readFileSync(path.join(dir, "plane", "Pulumi.acme.yaml"), "utf8")) as { config: Record<string, unknown> }).config;
                const raw = Object.fromEntries(Object.entries(config).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]));
                expect(JSON.parse(fs.readFileSync(path.join(dir, "plane", "Pulumi.acme.policy.json"), "utf8"))).to.deep.equal(packConfigFileFor(raw) ?? {});
            });

            it("dataplane preview of the new project runs at once, offline, exit 0, with the pack config beside it", () => {
                const r = cli(dir, "preview", "--config", path.join("plane", "Pulumi.acme.yaml"), "--json");
                expect(r.status, r.stderr).to.equal(0);
                const doc = JSON.parse(r.stdout);
                expect([doc.project, doc.stack, doc.region]).to.deep.equal(["emr-dataplane", "acme", "eu-west-1"]);
                expect(doc.outputs.controlPlaneMessage.region).to.equal("eu-west-1");
                expect(doc.violations.filter((v: { enforcementLevel: string }) => v.enforcementLevel === "mandatory")).to.deep.equal([]);
            });
        });
    }

    it("refuses a folder that is not empty unless --force, writing nothing", async () => {
        const dir = tempDir("dataplane-init-");
        fs.writeFileSync(path.join(dir, "notes.txt"), "mine");
        const r = await inProcess("init", dir);
        expect(r.status).to.equal(2);
        expect(r.stderr).to.equal(`error: dataplane init: ${dir} is not empty (notes.txt): choose an empty folder, or add --force to write into it`);
        expect(fs.readdirSync(dir)).to.deep.equal(["notes.txt"]);
    });

    it("--force writes into it: package.json keeps its own entries and gains the dependencies, .gitignore gains its lines", async () => {
        const dir = tempDir("dataplane-init-");
        fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "mine", scripts: { test: "mocha" }, dependencies: { "left-pad": "1.3.0", "@pulumi/aws": "7.50.0" } }));
        fs.writeFileSync(path.join(dir, ".gitignore"), "/node_modules/\n*.log\n");
        const r = await inProcess("init", dir, "--force");
        expect(r.status, r.stderr).to.equal(0);
        expect(r.stdout).to.contain("--force: replaced package.json, .gitignore");
        const pkg = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"));
        expect([pkg.name, pkg.scripts, pkg.dependencies["left-pad"], pkg.dependencies["@pulumi/aws"]]).to.deep.equal(["mine", { test: "mocha" }, "1.3.0", "7.50.0"]);
        expect(pkg.dependencies).to.have.property("emr-serverless-dataplane");
        expect(fs.readFileSync(path.join(dir, ".gitignore"), "utf8")).to.equal("/node_modules/\n*.log\n/bin/\n");
    });

    it("checks its options before writing anything: a region not in the SDK's list, a kind, a stack name", async () => {
        const dir = path.join(tempDir("dataplane-init-"), "plane");
        const region = await inProcess("init", dir, "--region", "eu-west-9");
        expect(region.status).to.equal(2);
        expect(region.stderr).to.match(/^error: dataplane init: --region: .*eu-west-9.*eu-west-1/);
        expect((await inProcess("init", dir, "--kind", "public")).stderr).to.equal(`error: dataplane init: --kind must be private or shared, got "public"`);
        expect((await inProcess("init", dir, "--stack", "a/b")).status).to.equal(2);
        expect((await inProcess("init")).stderr).to.contain("a folder is required");
        expect(fs.existsSync(dir)).to.equal(false);
    });

    it("a project whose packages are not installed: one line saying to run npm install there (exit 2)", async () => {
        const bare = tempDir("dataplane-init-");
        expect((await initIn(bare, "plane")).status).to.equal(0);
        const r = cli(bare, "preview", "--config", path.join("plane", "Pulumi.dev.yaml"));
        expect([r.status, r.stdout]).to.deep.equal([2, ""]);
        expect(r.stderr).to.match(/^error: .*Pulumi\.yaml: its program .*index\.ts cannot find @pulumi\/pulumi: run npm install in .*plane\n$/);
    });
});
