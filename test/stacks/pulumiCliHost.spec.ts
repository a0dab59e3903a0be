/**
 * Every Pulumi project's `main`, loaded the way the Pulumi CLI loads it: through
 * `@pulumi/pulumi/cmd/run` in a process without tsx, so its TypeScript is compiled by the host's
 * own ts-node with the project folder's tsconfig — under the offline engine's mocks
 * (test/helpers/pulumiHost.js). It must register exactly what the tsx-run offline preview
 * registers, inputs and outputs included, and the files the host loaded must type-check with the
 * compiler options its ts-node used: checked in one program per project (test/helpers/hostTypeCheck.ts,
 * why: ts-node's own type-checking mode costs about 70 s of CPU for the four), while a host in
 * type-checking mode proves on a small program that the host itself refuses a type error.
 */
import { expect } from "chai";
import { spawn } from "child_process";
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as path from "path";
import * as ts from "typescript";
import { StackPreview, loadWorldFile, previewStack } from "../../engine/preview/preview";
import { analysisCacheDir } from "../../provider/analysisCache";
import { HostCompilation, checkedByTheBuild, typeCheckAsHost } from "../helpers/hostTypeCheck";
import { tempDir } from "../helpers/tempDir";

const ROOT = path.resolve(__dirname, "../..");
const HOST = path.join(__dirname, "../helpers/pulumiHost.js");

/** One example stack per project (the control plane reads the two data-plane examples through its world file). */
const EXAMPLES: { project: string; file: string; world?: string }[] = [
    { project: "emr-dataplane", file: "Pulumi.shared-example.yaml" },
    { project: "emr-controlplane", file: "stacks/controlplane/Pulumi.example.yaml", world: "stacks/controlplane/offline-world.yaml" },
    { project: "emr-datasource", file: "stacks/datasource/Pulumi.owner-example.yaml" },
    { project: "emr-launcher", file: "stacks/guardedLaunch/Pulumi.example.yaml" },
];

interface HostRun { status: number | null; stdout: string; stderr: string }
/** What a host prints last: what it registered, and what its ts-node compiled. */
interface HostOutput { resources: { urn: string }[]; compiled: HostCompilation; modules: number }

function output(host: HostRun): HostOutput {
    return JSON.parse(host.stdout.trim().split("\n").pop()!) as HostOutput;
}

/**
 * The SDKs load about 1,400 modules at start, most of them used only by a real engine or by closure
 * serialization (engine/offline/lazyClosure.ts): every host but the first loads them as the
 * `dataplane` command does, each when first used (about 1.1 s of CPU less a host); the first loads
 * the SDKs as the Pulumi CLI's host does, all at start. Both must register what the preview does.
 */
const EAGER_HOSTS = 1;

function runHost(preview: StackPreview, index: number): Promise<HostRun> {
    const project = yaml.load(fs.readFileSync(preview.projectFile, "utf8")) as { main: string; runtime: { options?: { typescript?: boolean } } };
    expect(project.runtime.options?.typescript, preview.projectFile).to.not.equal(false);
    return spawnHost({
        root: ROOT, projectDir: path.dirname(preview.projectFile), main: project.main, project: preview.stackConfig.project,
        stack: preview.stackConfig.stack, config: preview.stackConfig.config, secretKeys: preview.stackConfig.secretKeys, world: preview.world,
        lazyStart: index >= EAGER_HOSTS,
    }, { transpileOnly: true });
}

function spawnHost(spec: Record<string, unknown>, { transpileOnly }: { transpileOnly: boolean }): Promise<HostRun> {
    // The host's own settings only: no loader inherited from mocha; type checking left to the tsconfig,
    // or turned off with the CLI's own switch (the files are then type-checked in one program, above).
    const env: NodeJS.ProcessEnv = { ...process.env, DATAPLANE_PULUMI_HOST: JSON.stringify(spec) };
    for (const key of ["NODE_OPTIONS", "PULUMI_NODEJS_TRANSPILE_ONLY", "PULUMI_NODEJS_TSCONFIG_PATH", "TS_NODE_TRANSPILE_ONLY"]) delete env[key];
    if (transpileOnly) env.PULUMI_NODEJS_TRANSPILE_ONLY = "true";
    return new Promise((resolve) => {
        const child = spawn(process.execPath, [HOST], { env, stdio: ["ignore", "pipe", "pipe"] });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (d) => (stdout += d));
        child.stderr.on("data", (d) => (stderr += d));
        child.on("close", (status) => resolve({ status, stdout, stderr }));
    });
}

/** Runs `tasks` two at a time (the machine has two cores). */
async function twoAtATime<T>(tasks: (() => Promise<T>)[]): Promise<T[]> {
    const results: T[] = new Array(tasks.length);
    let next = 0;
    const worker = async () => {
        while (next < tasks.length) {
            const i = next++;
            results[i] = await tasks[i]();
        }
    };
    await Promise.all([worker(), worker()]);
    return results;
}

describe("each Pulumi project loads the way the Pulumi CLI's Node.js host loads it (ts-node), and type-checks as it would", function () {
    this.timeout(600000);
    const previews: StackPreview[] = [];
    const hosts: HostRun[] = [];

    before(async () => {
        for (const e of EXAMPLES) {
            previews.push(await previewStack(path.join(ROOT, e.file), e.world ? { world: loadWorldFile(path.join(ROOT, e.world)) } : {}));
        }
        hosts.push(...await twoAtATime(previews.map((p, i) => () => runHost(p, i))));
    });

    EXAMPLES.forEach((e, i) => {
        it(`${e.project} (${e.file}): the host runs its main and registers what the offline preview registers`, () => {
            const host = hosts[i];
            expect(host.status, host.stderr).to.equal(0);
            expect(host.stderr.trim(), "the host printed no error or warning").to.equal("");
            // By URN: a resource registers once its inputs resolve, so two hosts may interleave
            // independent registrations differently (a secret's policy and a state machine, say).
            const byUrn = (list: { urn: string }[]) => [...list].sort((x, y) => (x.urn < y.urn ? -1 : x.urn > y.urn ? 1 : 0));
            const records = byUrn(output(host).resources);
            const expected = byUrn(JSON.parse(JSON.stringify(previews[i].resources)));
            expect(records.map((r: { urn: string }) => r.urn)).to.deep.equal(expected.map((r: { urn: string }) => r.urn));
            expect(records).to.deep.equal(expected);
            expect(records.length).to.be.greaterThan(1);
        });
    });

    it("the first host loads the SDKs whole at start, as the Pulumi CLI's does; the others only the modules their programs use", () => {
        const modules = hosts.map((h) => output(h).modules);
        // @pulumi/pulumi and @pulumi/aws alone are about 1,400 modules loaded eagerly.
        expect(modules[0]).to.be.greaterThan(1400);
        for (const [i, n] of modules.entries()) if (i >= EAGER_HOSTS) expect(n, EXAMPLES[i].project).to.be.lessThan(modules[0] - 500);
    });

    it("every file each host loaded type-checks with the compiler options the host's ts-node used", () => {
        const compiled = hosts.map((h) => output(h).compiled);
        EXAMPLES.forEach((e, i) => {
            const { main } = yaml.load(fs.readFileSync(previews[i].projectFile, "utf8")) as { main: string };
            expect(compiled[i].files, e.project).to.include(path.join(path.dirname(previews[i].projectFile), main));
            expect(compiled[i].files.length, e.project).to.be.greaterThan(5);
        });
        // The options are the host's: the root project's tsconfig.json (strict, CommonJS) for emr-dataplane,
        // Pulumi's own defaults (not strict, NodeNext) for the projects without one.
        expect(compiled.map((c) => [c.options.strict, c.options.module])).to.deep.equal([[true, ts.ModuleKind.CommonJS],
            [undefined, ts.ModuleKind.NodeNext], [undefined, ts.ModuleKind.NodeNext], [undefined, ts.ModuleKind.NodeNext]]);
        // The projects under Pulumi's defaults are checked here; the root project's files are too,
        // unless the build's tsc pass (pretest: built when stale) has checked them with these options.
        const byBuild = compiled.map((c) => checkedByTheBuild(ROOT, c));
        expect(byBuild.slice(1)).to.deep.equal([false, false, false]);
        const toCheck = EXAMPLES.filter((_, i) => !byBuild[i]);
        const errors = typeCheckAsHost(compiled.filter((_, i) => !byBuild[i]), { root: ROOT, dir: analysisCacheDir(ROOT) });
        toCheck.forEach((e, i) => expect(errors[i], e.project).to.deep.equal([]));
    });

    it("type-checks as the host does: a program with a type error fails to load, naming it", async () => {
        const dir = tempDir("dataplane-host-");
        fs.writeFileSync(path.join(dir, "index.ts"), 'const retention: number = "30";\nexport = async () => ({ retention });\n');
        // The offline engine from dist/ (built by pretest): the host's ts-node then type-checks this
        // one file. From its sources, each of the engine's files would be type-checked too, in a new
        // program each, and cached under a key of this temporary folder: about 4 s of CPU every run.
        const host = await spawnHost({
            compiledEngine: true, lazyStart: true, root: ROOT, projectDir: dir, main: "index.ts", project: "typecheck", stack: "test", config: { "aws:region": "us-east-1" }, secretKeys: [],
            world: { accountId: "111122223333", region: "us-east-1", subnets: {}, vpcEndpoints: {} },
        }, { transpileOnly: false });
        expect(host.status).to.not.equal(0);
        expect(host.stderr).to.contain("TSError");
        expect(host.stderr).to.contain("index.ts(1,7): error TS2322: Type 'string' is not assignable to type 'number'.");
    });
});
