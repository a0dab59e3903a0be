import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { main } from "../../cli/main";
import { StackPreview, WorldOverrides, loadWorldFile, previewStack, previewStackConfig } from "../../engine/preview/preview";
import { isSecretValue, registeredBeforeFailure, revealOrMask } from "../../engine/offline/run";
import { loadStackConfig } from "../../engine/preview/stackConfig";
import { readControlPlaneConfig } from "../../stacks/controlplane/config";
import { SHARED_MESSAGE } from "../helpers/messages";
import { tempDir } from "../helpers/tempDir";

const ROOT = path.resolve(__dirname, "../..");
const PROJECT = path.join(ROOT, "stacks/controlplane/Pulumi.yaml");
const EXAMPLE = path.join(ROOT, "stacks/controlplane/Pulumi.example.yaml");
const WORLD = path.join(ROOT, "stacks/controlplane/offline-world.yaml");
const SHARED = "my-org/emr-dataplane/shared-example";
const PRIVATE = "my-org/emr-dataplane/private-example";

/** A control-plane stack reading `planes`, in a world whose stacks are `stacks`. */
async function controlPlane(planes: string[], stacks: WorldOverrides["stacks"]): Promise<StackPreview> {
    const stackConfig = { ...loadStackConfig(EXAMPLE, PROJECT), config: { "emr-controlplane:dataPlanes": JSON.stringify(planes) } };
    return previewStackConfig(stackConfig, { region: "us-east-1", stacks }, PROJECT);
}

async function failure(planes: string[], stacks: WorldOverrides["stacks"]): Promise<{ message: string; name: string; read: string[] }> {
    try {
        await controlPlane(planes, stacks);
    } catch (err) {
        return { message: (err as Error).message, name: (err as Error).name, read: (registeredBeforeFailure(err) ?? []).filter((r) => r.op === "read").map((r) => r.id!) };
    }
    throw new Error("expected the control plane to fail");
}

describe("control-plane stack (StackReference registry), under the offline engine", () => {
    describe("the example, reading the two example data planes' own offline outputs", () => {
        let cp: StackPreview;
        let shared: StackPreview;
        let priv: StackPreview;
        before(async () => {
            cp = await previewStack(EXAMPLE, { world: loadWorldFile(WORLD) });
            shared = await previewStack(path.join(ROOT, "Pulumi.shared-example.yaml"));
            priv = await previewStack(path.join(ROOT, "Pulumi.private-example.yaml"));
        });

        it("reads each configured stack through a StackReference whose id is the stack name", () => {
            const refs = cp.resources.filter((r) => r.type === "pulumi:pulumi:StackReference");
            // Reads are recorded as the engine answers them, in no promised order.
            expect(refs.map((r) => [r.op, r.id, r.name])).to.have.deep.members([["read", SHARED, SHARED], ["read", PRIVATE, PRIVATE]]);
            expect(cp.resources.filter((r) => r.op === "register").map((r) => r.type)).to.deep.equal(["pulumi:pulumi:Stack"]);
        });

        it("exports the registry keyed by stack name, each entry the plane's own message", () => {
            const planes = revealOrMask(cp.outputs.planes) as Record<string, unknown>;
            expect(Object.keys(planes).sort()).to.deep.equal([PRIVATE, SHARED]);
            expect(planes[SHARED]).to.deep.equal(revealOrMask(shared.outputs.controlPlaneMessage));
            expect(planes[PRIVATE]).to.deep.equal(revealOrMask(priv.outputs.controlPlaneMessage));
            expect(planes[SHARED]).not.to.have.any.keys("jobLaunchArn", "externalId");
            // Each plane's own application: the id dataplane launch --message <registry> --plane <stack> launches into.
            for (const stack of [PRIVATE, SHARED]) expect((planes[stack] as Record<string, unknown>).applicationId, stack).to.match(/^[0-9a-z]{16}$/);
        });

        it("keeps the ExternalId secret, and only it", () => {
            const planes = cp.outputs.planes as Record<string, Record<string, unknown>>;
            const secretFields = (entry: Record<string, unknown>) => Object.entries(entry).filter(([, v]) => isSecretValue(v)).map(([k]) => k);
            expect(secretFields(planes[PRIVATE])).to.deep.equal(["externalId"]);
            expect(secretFields(planes[SHARED])).to.deep.equal([]);
            expect(revealOrMask(planes[PRIVATE].externalId)).to.match(/^[A-Za-z0-9]{40}$/);
        });
    });

    describe("a missing or malformed plane fails, naming the stack and the bad field", () => {
        it("a wrong ARN", async () => {
            const bad = { outputs: { controlPlaneMessage: { ...SHARED_MESSAGE, jobRuntimeRoleArn: "arn:aws:iam::1111:role/x" } } };
            const f = await failure(["org/dp/good", "org/dp/bad"], { "org/dp/good": { outputs: { controlPlaneMessage: SHARED_MESSAGE } }, "org/dp/bad": bad });
            expect(f.name).to.equal("InvalidMessageError");
            expect(f.message).to.equal('stack org/dp/bad: invalid control-plane message: jobRuntimeRoleArn: "arn:aws:iam::1111:role/x" is not a valid IAM role ARN');
        });

        it("a missing key, and a launch role without its ExternalId", async () => {
            const { resourceBucket: _, ...withoutBucket } = SHARED_MESSAGE;
            const f = await failure(["org/dp/bad"], { "org/dp/bad": { outputs: { controlPlaneMessage: { ...withoutBucket, jobLaunchArn: "arn:aws:iam::111122223333:role/l" } } } });
            expect(f.message).to.equal("stack org/dp/bad: invalid control-plane message: resourceBucket: is required; externalId: is required when jobLaunchArn is set (private plane)");
        });

        it("a secret message whose ExternalId is malformed does not echo it", async () => {
            const secret = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value: "bad id!" };
            const f = await failure(["org/dp/p"], { "org/dp/p": { outputs: { controlPlaneMessage: { ...SHARED_MESSAGE, jobLaunchArn: "arn:aws:iam::444455556666:role/l", externalId: secret } } } });
            expect(f.message).to.equal("stack org/dp/p: invalid control-plane message: externalId: is not a valid ExternalId (2-1224 of [\\w+=,.@:/-]) (value hidden)");
        });

        it("a stack without the output", async () => {
            const f = await failure(["org/other/stack"], { "org/other/stack": { outputs: { url: "https://example.com" } } });
            expect(f.message).to.equal("stack org/other/stack: invalid control-plane message: controlPlaneMessage: the stack has no such output (is it a data-plane stack, and deployed?)");
        });

        it("a stack that does not exist", async () => {
            const f = await failure(["org/dp/missing"], { "org/dp/good": { outputs: { controlPlaneMessage: SHARED_MESSAGE } } });
            expect(f.name).to.equal("OfflineLookupError");
            expect(f.message).to.contain("stack org/dp/missing does not exist in the offline world");
            expect(f.message).to.contain("known stacks: org/dp/good");
        });
    });

    describe("config", () => {
        const bad: [string, Record<string, string>, string][] = [
            ["missing", {}, "emr-controlplane:dataPlanes: is required: "],
            ["empty", { "emr-controlplane:dataPlanes": "[]" }, "emr-controlplane:dataPlanes: must list at least 1 item, got 0"],
            ["not a list", { "emr-controlplane:dataPlanes": "org/p/s" }, 'emr-controlplane:dataPlanes: must be a list (in YAML, or as JSON with `pulumi config set --path`), got "org/p/s"'],
            ["a stack name that is not fully qualified", { "emr-controlplane:dataPlanes": '["acme"]' },
                'emr-controlplane:dataPlanes[0]: must be a fully qualified stack name org/project/stack, got "acme"'],
            ["a repeated stack", { "emr-controlplane:dataPlanes": '["o/p/a","o/p/a"]' }, 'emr-controlplane:dataPlanes: lists "o/p/a" more than once'],
            ["an unknown key", { "emr-controlplane:dataPlanes": '["o/p/a"]', "emr-controlplane:planes": "[]" }, "emr-controlplane:planes: is not a config key of this project (its keys: dataPlanes)"],
        ];
        for (const [what, raw, message] of bad) {
            it(`refuses ${what}, naming the key`, () => {
                expect(() => readControlPlaneConfig(raw)).to.throw(message);
            });
        }

        it("keeps the config order and ignores other namespaces", () => {
            expect(readControlPlaneConfig({ "emr-controlplane:dataPlanes": '["o/p/b","o/p/a"]', "aws:region": "us-east-1" })).to.deep.equal({ dataPlanes: ["o/p/b", "o/p/a"] });
        });
    });

    describe("dataplane preview on the control-plane project", () => {
        async function cli(...args: string[]) {
            const out: string[] = [];
            const err: string[] = [];
            const status = await main(args, (l) => out.push(l), (l) => err.push(l));
            return { status, stdout: out.join("\n"), stderr: err.join("\n") };
        }

        it("previews the example with its world file, masking the ExternalId", async () => {
            const r = await cli("preview", "--config", EXAMPLE, "--world", WORLD, "--json");
            expect(r.status, r.stderr).to.equal(0);
            const doc = JSON.parse(r.stdout);
            expect(doc.project).to.equal("emr-controlplane");
            expect(doc.outputs.planes[PRIVATE].externalId).to.equal("[secret]");
            expect(doc.outputs.planes[SHARED].resourceBucket).to.equal("vendor-emr-logs-111122223333");
        });

        it("exits 2 with one line for a malformed plane", async () => {
            const dir = tempDir("controlplane-");
            const world = path.join(dir, "world.yaml");
            fs.writeFileSync(world, `region: us-east-1\nstacks:\n  ${SHARED}: { outputs: { controlPlaneMessage: { resourceBucket: "Bad_Bucket" } } }\n  ${PRIVATE}:\n    preview: ${path.join(ROOT, "Pulumi.private-example.yaml")}\n`);
            const r = await cli("preview", "--config", EXAMPLE, "--world", world);
            expect(r.status).to.equal(2);
            expect(r.stderr.split("\n")).to.have.length(1);
            expect(r.stderr).to.equal(`error: stack ${SHARED}: invalid control-plane message: subnetIds: is required; securityGroups: is required; ` +
                'region: is required; jobRuntimeRoleArn: is required; resourceBucket: "Bad_Bucket" is not a valid S3 bucket name');
        });

        it("says that --world is needed when it is missing (exit 2, one line)", async () => {
            const r = await cli("preview", "--config", EXAMPLE);
            expect(r.status).to.equal(2);
            expect(r.stderr.split("\n")).to.have.length(1);
            expect(r.stderr).to.equal(`error: stack ${SHARED} is read through a StackReference, and no offline world file says what it holds: ` +
                "preview with --world <file> listing it under stacks: (see stacks/controlplane/offline-world.yaml)");
        });

        it("exits 2 naming the world file and the key path for a stack with neither outputs nor preview", async () => {
            const world = path.join(tempDir("controlplane-"), "world.yaml");
            fs.writeFileSync(world, `stacks:\n  ${SHARED}: { output: {} }\n`);
            const r = await cli("preview", "--config", EXAMPLE, "--world", world);
            expect([r.status, r.stderr]).to.deep.equal([2, `error: ${world}: stacks[${JSON.stringify(SHARED)}].output: is not a key of a stack's outputs (did you mean "outputs"?)`]);
            fs.writeFileSync(world, `stacks:\n  ${SHARED}: [outputs]\n`);
            const list = await cli("preview", "--config", EXAMPLE, "--world", world);
            expect([list.status, list.stderr]).to.deep.equal([2, `error: ${world}: stacks[${JSON.stringify(SHARED)}]: must be outputs: (a mapping) or preview: (a stack config file), got a list`]);
        });
    });
});
