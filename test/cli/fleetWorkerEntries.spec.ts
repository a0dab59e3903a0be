/**
 * A fleet's worker threads send each plane's `--json` entry as the text the command prints, made in
 * the thread, and the plane's result without what only that entry needs (cli/fleetWorker.ts): the
 * command's output must be byte for byte what previewing the planes in its own thread prints — with
 * secrets masked and revealed, with mandatory and advisory violations, with `--out` (whose world file
 * needs the outputs) and without, in text.
 */
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { inProcess, inProcessCompiled } from "../helpers/cli";
import { tempDir } from "../helpers/tempDir";

const ROOT = path.resolve(__dirname, "../..");
const TEMPLATE = path.join(ROOT, "Pulumi.private-example.yaml");
/** An ExternalId (a secret output), an adopted bucket failing a mandatory rule, one giving advisories, a default plane. */
const CSV = [
    "customerId,accountId,region,internetEgress,bucketKmsKey,logRetentionDays,applicationMaxVcpu,externalId,existingBucketName,verifyAdoptedParts",
    "mix-05,200000523645,eu-west-1,endpoints,none,35,21,,adopted-logs-5,true",
    "mix-08,200000837832,us-west-2,,,,,ext-8-abcdefghijklmnop,,",
    "mix-17,200001780393,eu-central-1,endpoints,none,,,,adopted-logs-17,",
    "acme,444455556666,eu-west-1,,,,,,,",
].join("\n") + "\n";

describe("dataplane fleet preview: plane entries made in the worker threads", () => {
    let dir: string;
    let list: string;
    before(() => {
        dir = tempDir("dataplane-fleet-entries-");
        list = path.join(dir, "customers.csv");
        fs.writeFileSync(list, CSV);
    });
    const here = (...args: string[]) => inProcess("fleet", "preview", "--template", TEMPLATE, "--customers", list, ...args);
    const threads = (...args: string[]) => inProcessCompiled("fleet", "preview", "--template", TEMPLATE, "--customers", list, "--concurrency", "2", ...args);
    /** What the two runs print, the --out folder's own name aside. */
    const same = (a: { status: number; stdout: string }, b: { status: number; stdout: string }, out?: [string, string]) => {
        expect(b.status).to.equal(a.status);
        expect(out ? b.stdout.split(out[1]).join(out[0]) : b.stdout).to.equal(a.stdout);
    };

    it("--json with secrets masked, without --out: the same text as this thread's", async () => {
        const [a, b] = [await here("--json"), await threads("--json")];
        expect(a.status).to.equal(1); // mix-05's mandatory violations
        expect(a.stdout).to.contain('"externalId": "[secret]"').and.to.contain("adopted-bucket-hardening-unverified");
        same(a, b);
    });

    it("--json --show-secrets --out: the same text, plane documents and world as this thread's", async () => {
        const [oa, ob] = [path.join(dir, "a"), path.join(dir, "b")];
        const [a, b] = [await here("--json", "--show-secrets", "--out", oa), await threads("--json", "--show-secrets", "--out", ob)];
        expect(a.stdout).to.contain('"externalId": "ext-8-abcdefghijklmnop"');
        same(a, b, [oa, ob]);
        for (const f of ["planes/mix-08.json", "planes/mix-05.json", "controlplane/world.yaml"]) {
            expect(fs.readFileSync(path.join(ob, f), "utf8"), f).to.equal(fs.readFileSync(path.join(oa, f), "utf8"));
        }
    });

    it("text: the same summary as this thread's", async () => {
        same(await here(), await threads());
    });
});
