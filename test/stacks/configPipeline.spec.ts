/**
 * The one config pipeline, tried on all four projects through their real programs (offline engine):
 * every bad value is refused before anything is registered, by an error naming a config key of the
 * project (never a component field), `aws:region` and the partition of every ARN included.
 */
import { expect } from "chai";
import * as path from "path";
import { loadWorldFile, previewStackConfig, projectFileFor } from "../../engine/preview/preview";
import { registeredBeforeFailure } from "../../engine/offline/run";
import { StackConfig, loadStackConfig } from "../../engine/preview/stackConfig";
import { ConfigKey, ConfigTable, readConfig } from "../../stacks/configTable";
import { editDistance } from "../../vocabulary/editDistance";
import { PROJECTS } from "../../tools/generateDocs";

const ROOT = path.resolve(__dirname, "../..");

/** Every example stack, with its project's table (and a world file where the project needs one). */
const EXAMPLES: { file: string; world?: string }[] = [
    { file: "Pulumi.shared-example.yaml" },
    { file: "Pulumi.private-example.yaml" },
    { file: "stacks/controlplane/Pulumi.example.yaml", world: "stacks/controlplane/offline-world.yaml" },
    { file: "stacks/datasource/Pulumi.owner-example.yaml" },
    { file: "stacks/datasource/Pulumi.consumer-example.yaml" },
    { file: "stacks/guardedLaunch/Pulumi.example.yaml" },
];

function tableOf(projectFile: string): ConfigTable {
    const doc = PROJECTS.find((p) => path.join(ROOT, p.file) === projectFile);
    if (!doc) throw new Error(`no key table for ${projectFile}`);
    return doc.table;
}

interface Outcome { ok: boolean; message: string; registered: string[] }

async function runWith(example: (typeof EXAMPLES)[number], change: (config: Record<string, string>) => void): Promise<Outcome> {
    const file = path.join(ROOT, example.file);
    const projectFile = projectFileFor(file);
    const loaded: StackConfig = loadStackConfig(file, projectFile);
    const config = { ...loaded.config };
    change(config);
    const world = example.world ? loadWorldFile(path.join(ROOT, example.world)) : undefined;
    try {
        await previewStackConfig({ ...loaded, config }, world, projectFile);
        return { ok: true, message: "", registered: [] };
    } catch (err) {
        const registered = (registeredBeforeFailure(err) ?? []).filter((r) => r.custom).map((r) => r.type);
        return { ok: false, message: (err as Error).message, registered };
    }
}

/** A value of the key's type that no key accepts. */
function badValueOf(spec: ConfigKey): string {
    switch (spec.type) {
        case "boolean": return "maybe";
        case "integer": return "-5";
        case "array": return JSON.stringify(["not valid!"]);
        default: return "not valid!";
    }
}

/** The config key an error names: the text before the first ": ", without a list index or a field within an item (`[0].id`). */
const keyNamed = (message: string) => message.slice(0, message.indexOf(": ")).replace(/\[\d+\].*$/, "");

describe("one config pipeline for the four projects", () => {
    let arnKeysTried = 0;
    for (const example of EXAMPLES) {
        describe(example.file, () => {
            const projectFile = projectFileFor(path.join(ROOT, example.file));
            const table = tableOf(projectFile);
            const key = (k: string) => `${table.project}:${k}`;

            it("previews as committed", async () => {
                expect(await runWith(example, () => undefined)).to.deep.equal({ ok: true, message: "", registered: [] });
            });

            for (const region of ['["us-east-1"]', "", "us-east-1 ", "us-\u0435ast-1", "US-EAST-1"]) {
                it(`refuses aws:region ${JSON.stringify(region)} before registering anything`, async () => {
                    const out = await runWith(example, (c) => { c["aws:region"] = region; });
                    expect(out.ok).to.equal(false);
                    expect(keyNamed(out.message)).to.equal("aws:region");
                    expect(out.registered).to.deep.equal([]);
                });
            }

            it("refuses an ARN of another partition in every ARN key it sets, naming the key", async () => {
                const loaded = loadStackConfig(path.join(ROOT, example.file), projectFile).config;
                const arnKeys = table.keys.filter((k) => (loaded[key(k.key)] ?? "").includes("arn:aws:"));
                arnKeysTried += arnKeys.length;
                for (const spec of arnKeys) {
                    const out = await runWith(example, (c) => { c[key(spec.key)] = c[key(spec.key)].replace(/arn:aws:/g, "arn:aws-cn:"); });
                    expect(out.ok, spec.key).to.equal(false);
                    expect(keyNamed(out.message), out.message).to.equal(key(spec.key));
                    expect(out.message).to.contain("is an ARN of partition aws-cn");
                    expect(out.registered).to.deep.equal([]);
                }
            });

            it("refuses a bad value of every key, naming a config key of the project, before registering anything", async () => {
                const declared = new Set(table.keys.map((k) => key(k.key)));
                for (const spec of table.keys) {
                    const out = await runWith(example, (c) => { c[key(spec.key)] = badValueOf(spec); });
                    expect(out.ok, spec.key).to.equal(false);
                    expect(declared.has(keyNamed(out.message)), out.message).to.equal(true);
                    expect(out.message, out.message).not.to.match(/\bargs\./);
                    expect(out.registered, spec.key).to.deep.equal([]);
                }
            });

            it("refuses a misspelt key, suggesting the right one", async () => {
                const [first] = table.keys;
                const typo = first.key.slice(0, -1);
                const out = await runWith(example, (c) => { c[key(typo)] = "x"; });
                expect(out.message).to.equal(`${key(typo)}: is not a config key of this project (did you mean ${key(first.key)}?)`);
            });

            it("refuses a key whose namespace or aws:region is misspelt (nothing would read it), suggesting the right one", async () => {
                const [first] = table.keys;
                const namespace = `${table.project.slice(0, 3)}${table.project.slice(4)}`;
                const out = await runWith(example, (c) => { c[`${namespace}:${first.key}`] = "x"; });
                expect(out.message).to.equal(`${namespace}:${first.key}: is in namespace ${namespace}, which nothing reads (did you mean ${key(first.key)}?)`);
                const region = await runWith(example, (c) => { c["aws:regoin"] = c["aws:region"]; delete c["aws:region"]; });
                expect(region.message).to.equal("aws:regoin: is not a config key of the AWS provider (did you mean aws:region?)");
                // The AWS provider's other keys, and another project's namespace, are not ours to refuse.
                const fine = await runWith(example, (c) => { c["aws:profile"] = "vendor"; c["other-project:planeKind"] = "x"; });
                expect(fine.ok, fine.message).to.equal(true);
            });
        });
    }

    describe("after all examples", () => {
        it("tried the partition check on the ARN keys of the examples (vendor, role lists, access point, key, runtime roles)", () => {
            expect(arnKeysTried).to.be.at.least(8);
        });
    });

    it("takes the partition from the first ARN when aws:region is unset, and refuses one that differs", () => {
        const table: ConfigTable = { project: "p", keys: [{ key: "a", type: "string", description: "" }, { key: "b", type: "array", description: "" }] };
        expect(readConfig(table, { "p:a": "arn:aws-cn:iam::111122223333:root", "p:b": '["arn:aws-cn:s3:::x"]' }).partition).to.equal("aws-cn");
        expect(() => readConfig(table, { "p:a": "arn:aws-cn:iam::111122223333:root", "p:b": '["arn:aws:s3:::x"]' }))
            .to.throw("p:b[0]: is an ARN of partition aws, but p:a is in partition aws-cn");
        expect(() => readConfig(table, { "p:a": "arn:aws-moon:iam::111122223333:root" })).to.throw(/^p:a: names an unknown partition/);
        expect(() => readConfig(table, { "p:a": "arn:\u0430ws:iam::111122223333:root" })).to.throw(/^p:a: names an unknown partition/);
    });

    it("measures edits for suggestions", () => {
        expect(editDistance("subnetids", "subnetIDs".toLowerCase())).to.equal(0);
        expect(editDistance("subnetIds", "subnetIDs")).to.equal(1);
        expect(editDistance("kitten", "sitting")).to.equal(3);
        expect(editDistance("", "abc")).to.equal(3);
        // With a bound: exact within it, and just past it beyond (sooner).
        expect(editDistance("kitten", "sitting", 3)).to.equal(3);
        expect(editDistance("kitten", "sitting", 2)).to.equal(3);
        expect(editDistance("AmazonEMRServerlessFullAccess", "AmazonS3FullAccess", 4)).to.equal(5);
        expect(editDistance("abc", "abcdefgh", 2)).to.equal(3);
    });
});
