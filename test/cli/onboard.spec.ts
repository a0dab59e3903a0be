import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { inProcess } from "../helpers/cli";
import { tempDir } from "../helpers/tempDir";

const ROOT = path.resolve(__dirname, "../..");
const EXAMPLE = path.join(ROOT, "Pulumi.private-example.yaml");
const VENDOR = "arn:aws:iam::111122223333:role/vendor-deployer";

describe("dataplane onboard", function () {
    this.timeout(120000);

    it("writes the customer's onboarding stack, exit 0 when the pack passes; never prints the ExternalId", async () => {
        const out = tempDir("dataplane-onboard-cli-");
        const r = await inProcess("onboard", "--config", EXAMPLE, "--deploy-principal", VENDOR, "--out", out, "--template-url", "https://s3.eu-west-1.amazonaws.com/b/{customer}.json");
        expect([r.status, r.stderr]).to.deep.equal([0, ""]);
        expect(r.stdout).to.contain("deployer role arn:aws:iam::444455556666:role/dataplane-deployer-acme");
        expect(r.stdout).to.contain("Policy pack emr-dataplane: no violations");
        const id = fs.readFileSync(path.join(out, "acme", "deployer-external-id"), "utf8").trim();
        const json = await inProcess("onboard", "--config", EXAMPLE, "--deploy-principal", VENDOR, "--out", out, "--json");
        expect(json.status).to.equal(0);
        const doc = JSON.parse(json.stdout);
        expect(doc.planes[0]).to.include({ customerId: "acme", generatedExternalId: false, permissionsBoundaryArn: "arn:aws:iam::444455556666:policy/dataplane-boundary-acme" });
        for (const text of [r.stdout, json.stdout]) expect(text).not.to.contain(id);
    });

    // Refused before anything is written: should one slip through, it writes under a temporary folder, never the checkout.
    const scratch = tempDir("dataplane-onboard-refused-");
    const refused: [string, string[], RegExp][] = [
        ["no deploy principal", ["--config", EXAMPLE, "--out", scratch], /--deploy-principal is required/],
        ["a deploy principal that is no IAM principal ARN", ["--config", EXAMPLE, "--out", scratch, "--deploy-principal", "arn:aws:s3:::bucket"], /--deploy-principal must be an IAM principal ARN/],
        ["a template URL that is not https", ["--config", EXAMPLE, "--out", scratch, "--deploy-principal", VENDOR, "--template-url", "http://x/t.json"], /--template-url must be an https URL/],
        ["both --config and --customers", ["--config", EXAMPLE, "--customers", "c.csv", "--out", scratch, "--deploy-principal", VENDOR], /give --config \(one customer\) or --template with --customers/],
        ["a shared plane", ["--config", path.join(ROOT, "Pulumi.shared-example.yaml"), "--out", scratch, "--deploy-principal", VENDOR], /planeKind is "shared"; onboarding is for a private plane/],
        ["a bad format", ["--config", EXAMPLE, "--out", scratch, "--deploy-principal", VENDOR, "--format", "xml"], /--format must be json or yaml/],
    ];
    for (const [what, args, message] of refused) {
        it(`refuses ${what}: exit 2, one line`, async () => {
            const r = await inProcess("onboard", ...args);
            expect(r.status).to.equal(2);
            expect(r.stderr.split("\n")).to.have.length(1);
            expect(r.stderr).to.match(message);
            expect(fs.readdirSync(scratch)).to.deep.equal([]);
        });
    }
});
