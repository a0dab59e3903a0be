/**
 * A tenant's launch names only its own prefixes of the plane's bucket (launcher/tenantPaths.ts): every
 * s3:// path of the entry point's arguments and the Spark properties that points into the plane's
 * bucket outside the tenant's prefixes is refused before any AWS call, naming the field — the
 * tenant's execution policy would fail the job at run time anyway.
 */
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { main } from "../../cli/main";
import { launch } from "../../launcher";
import { validateLaunchOptions } from "../../launcher/options";
import { normalisedKey, tenantPathProblem } from "../../components/iam/tenantPaths";
import { ControlPlaneMessage, parseMessage } from "../../message";
import { previewStack } from "../../engine/preview/preview";
import { revealOrMask } from "../../engine/offline/run";
import { tempDir } from "../helpers/tempDir";

const ROOT = path.resolve(__dirname, "../..");
/** The shared example's adopted bucket. */
const bucket = "vendor-emr-logs-111122223333";

describe("a tenant's launch names only its own prefixes of the plane's bucket", function () {
    this.timeout(60000);
    let message: ControlPlaneMessage;
    before(async () => {
        const p = await previewStack(path.join(ROOT, "Pulumi.shared-example.yaml"));
        message = parseMessage(revealOrMask(p.outputs.controlPlaneMessage));
        expect(message.resourceBucket).to.equal(bucket);
    });
    const check = (more: Record<string, unknown>) => () => validateLaunchOptions({ message, tenant: "acme", ...more });

    it("takes the tenant's own staging, output and log paths, through s3://, s3a:// and s3n://, and paths of other buckets", () => {
        expect(check({
            entryPointArguments: ["--input_uri", `s3://${bucket}/staging/tenants/acme/input/trips.csv`, `--output_uri=s3a://${bucket}/output/tenants/acme/daily/`, "plain", "s3://acme-own-data/x.csv",
                "s3://acme-trips-abc123-s3alias/input/"],
            sparkProperties: { "spark.jars": `s3n://${bucket}/staging/tenants/acme/lib/a.jar,s3://${bucket}/staging/tenants/acme/lib/b.jar`, "spark.executor.cores": "2" },
        })).to.not.throw();
    });

    for (const [name, more, pattern] of [
        ["another tenant's output (acme2: acme is a prefix of its id)", { entryPointArguments: ["--input_uri", `s3://${bucket}/output/tenants/acme2/daily/`] },
            /^entryPointArguments\[1\]: s3:\/\/[^ ]+\/output\/tenants\/acme2\/daily\/ is in tenant acme2's prefix of the plane's bucket: tenant acme's execution IAM policy refuses it/],
        ["a path of the bucket outside every tenant's prefixes, inside an argument", { entryPointArguments: [`--input=s3://${bucket}/staging/jobs/x.csv`] },
            /^entryPointArguments\[0\]: s3:\/\/[^ ]+\/staging\/jobs\/x\.csv is outside tenant acme's prefixes of the plane's bucket: its execution IAM policy allows only staging\/tenants\/acme\/, output\/tenants\/acme\/, logs\/tenants\/acme\//],
        ["the second jar of spark.jars, another tenant's", { sparkProperties: { "spark.jars": `s3://${bucket}/staging/tenants/acme/a.jar,s3a://${bucket}/staging/tenants/globex/b.jar` } },
            /^sparkProperties\["spark\.jars"\]: s3a:\/\/[^ ]+\/staging\/tenants\/globex\/b\.jar is in tenant globex's prefix/],
        ["a climb out of the tenant's prefix (.. as Hadoop resolves it)", { sparkProperties: { "spark.submit.pyFiles": `s3://${bucket}/staging/tenants/acme/../acme2/lib.zip` } },
            /^sparkProperties\["spark\.submit\.pyFiles"\]: .* is in tenant acme2's prefix/],
        ["the bucket itself", { entryPointArguments: [`s3://${bucket}`] }, /^entryPointArguments\[0\]: .* is outside tenant acme's prefixes/],
        ["the tenant's folder key without its slash", { entryPointArguments: [`s3://${bucket}/output/tenants/acme`] }, /^entryPointArguments\[0\]: .* is outside tenant acme's prefixes/],
    ] as const) {
        it(`refuses ${name}, naming the field`, () => {
            expect(check(more as Record<string, unknown>)).to.throw(pattern);
        });
    }

    it("normalises keys as Hadoop's Path does", () => {
        expect(normalisedKey("staging//tenants/./acme/../acme2/x")).to.equal("staging/tenants/acme2/x");
        expect(normalisedKey("output/tenants/acme/daily/")).to.equal("output/tenants/acme/daily/");
        expect(tenantPathProblem("s3://other-bucket/staging/tenants/acme2/x", "vendor", "acme")).to.equal(undefined);
    });

    it("launch() refuses before any AWS request; without a tenant (a private plane) the same paths are not judged", async () => {
        const sent: unknown[] = [];
        const err = await launch({ message, tenant: "acme", entryPointArguments: [`s3://${bucket}/logs/tenants/acme2/`], onRequest: (r) => sent.push(r) }).then(() => undefined, (e: Error) => e);
        expect(err?.message).to.match(/^entryPointArguments\[0\]: .* is in tenant acme2's prefix/);
        expect(sent).to.deep.equal([]);
        const { tenants: _, ...untenanted } = message;
        expect(() => validateLaunchOptions({ message: untenanted, entryPointArguments: [`s3://${bucket}/logs/tenants/acme2/`] })).to.not.throw();
    });

    it("dataplane launch --tenant exits 2 with the error, before any AWS call", async () => {
        const file = path.join(tempDir("dataplane-tenant-paths-"), "m.json");
        fs.writeFileSync(file, JSON.stringify(message));
        const out: string[] = [];
        const err: string[] = [];
        const code = await main(["launch", "--message", file, "--tenant", "acme", "--conf", `spark.jars=s3://${bucket}/staging/tenants/acme2/x.jar`, "--endpoint-url", "http://127.0.0.1:9"],
            (l) => out.push(l), (l) => err.push(l));
        expect(code).to.equal(2);
        expect(err.join("\n")).to.match(/sparkProperties\["spark\.jars"\]: .* is in tenant acme2's prefix/);
    });
});
