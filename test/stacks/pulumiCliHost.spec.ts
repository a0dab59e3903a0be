/**
 * Every Pulumi project's `main`, loaded the way the Pulumi CLI loads it: through
 * `@pulumi/pulumi/cmd/run` in a process without tsx, so its TypeScript is compiled (and
 * type-checked) by the host's own ts-node with the project folder's tsconfig — under the offline
 * engine's mocks (test/helpers/pulumiHost.js). It must register exactly what the tsx-run offline
 * preview registers, inputs and outputs included.
 */
import { expect } from "chai";
import { spawn } from "child_process";
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as path from "path";
import { StackPreview, loadWorldFile, previewStack } from "../../engine/preview/preview";
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

function runHost(preview: StackPreview): Promise<HostRun> {
    const project = yaml.load(fs.readFileSync(preview.projectFile, "utf8")) as { main: string; runtime: { options?: { typescript?: boolean } } };
    expect(project.runtime.options?.typescript, preview.projectFile).to.not.equal(false);
    return spawnHost({
        root: ROOT, projectDir: path.dirname(preview.projectFile), main: project.main, project: preview.stackConfig.project,
        stack: preview.stackConfig.stack, config: preview.stackConfig.config, secretKeys: preview.stackConfig.secretKeys, world: preview.world,
    });
}

function spawnHost(spec: Record<string, unknown>): Promise<HostRun> {
    // The host's own settings only: no loader inherited from mocha, and type checking left to the tsconfig.
    const env: NodeJS.ProcessEnv = { ...process.env, DATAPLANE_PULUMI_HOST: JSON.stringify(spec) };
    for (const key of ["NODE_OPTIONS", "PULUMI_NODEJS_TRANSPILE_ONLY", "PULUMI_NODEJS_TSCONFIG_PATH", "TS_NODE_TRANSPILE_ONLY"]) delete env[key];
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

describe("each Pulumi project loads the way the Pulumi CLI's Node.js host loads it (ts-node, type-checked)", function () {
    this.timeout(600000);
    const previews: StackPreview[] = [];
    const hosts: HostRun[] = [];

    before(async () => {
        for (const e of EXAMPLES) {
            previews.push(await previewStack(path.join(ROOT, e.file), e.world ? { world: loadWorldFile(path.join(ROOT, e.world)) } : {}));
        }
        hosts.push(...await twoAtATime(previews.map((p) => () => runHost(p))));
    });

    EXAMPLES.forEach((e, i) => {
        it(`${e.project} (${e.file}): the host runs its main and registers what the offline preview registers`, () => {
            const host = hosts[i];
            expect(host.status, host.stderr).to.equal(0);
            expect(host.stderr.trim(), "the host printed no error or warning").to.equal("");
            // By URN: a resource registers once its inputs resolve, so two hosts may interleave
            // independent registrations differently (a secret's policy and a state machine, say).
            const byUrn = (list: { urn: string }[]) => [...list].sort((x, y) => (x.urn < y.urn ? -1 : x.urn > y.urn ? 1 : 0));
            const records = byUrn(JSON.parse(host.stdout.trim().split("\n").pop()!));
            const expected = byUrn(JSON.parse(JSON.stringify(previews[i].resources)));
            expect(records.map((r: { urn: string }) => r.urn)).to.deep.equal(expected.map((r: { urn: string }) => r.urn));
            expect(records).to.deep.equal(expected);
            expect(records.length).to.be.greaterThan(1);
        });
    });

    it("type-checks as the host does: a program with a type error fails to load, naming it", async () => {
        const dir = tempDir("dataplane-host-");
        fs.writeFileSync(path.join(dir, "index.ts"), 'const retention: number = "30";\nexport = async () => ({ retention });\n');
        const host = await spawnHost({
            root: ROOT, projectDir: dir, main: "index.ts", project: "typecheck", stack: "test", config: { "aws:region": "us-east-1" }, secretKeys: [],
            world: { accountId: "111122223333", region: "us-east-1", subnets: {}, vpcEndpoints: {} },
        });
        expect(host.status).to.not.equal(0);
        expect(host.stderr).to.contain("TSError");
        expect(host.stderr).to.contain("index.ts(1,7): error TS2322: Type 'string' is not assignable to type 'number'.");
    });
});
