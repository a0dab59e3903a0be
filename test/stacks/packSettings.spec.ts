/**
 * The vendor principal is typed once: a data-plane stack's `vendorPrincipalArn(s)` become the
 * pack's `trustedPrincipals` when the pack config beside the stack does not set them
 * (stacks/dataplane/packSettings.ts, found by project name in stacks/projects.ts), the preview says
 * which it used, the offline fleet judges its planes the same way, and the stack config and the pack
 * setting accept exactly the same principals (one vocabulary pattern).
 */
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { settingProblem } from "../../policies/model/settings";
import { loadStackConfig } from "../../engine/preview/stackConfig";
import { packConfigFileFor, packConfigForStack } from "../../stacks/dataplane/packSettings";
import { readDataPlaneConfig } from "../../stacks/dataplane/config";
import { packConfigFor } from "../../stacks/projects";
import { inProcess } from "../helpers/cli";
import { tempDir } from "../helpers/tempDir";

const ROOT = path.resolve(__dirname, "../..");
const VENDOR = "arn:aws:iam::111122223333:role/role_trusted_user";
const STACK = `config:\n  aws:region: eu-west-1\n  emr-dataplane:planeKind: private\n  emr-dataplane:customerId: acme\n  emr-dataplane:vendorPrincipalArn: ${VENDOR}\n`;

function stackFile(policy?: object): string {
    const dir = tempDir("dataplane-vendor-");
    fs.writeFileSync(path.join(dir, "Pulumi.acme.yaml"), STACK);
    if (policy) fs.writeFileSync(path.join(dir, "Pulumi.acme.policy.json"), JSON.stringify(policy));
    return path.join(dir, "Pulumi.acme.yaml");
}

describe("the vendor principal, typed once", () => {
    it("dataplane preview trusts the stack's vendor principal when no pack config beside it says otherwise, and says so", async () => {
        const r = await inProcess("preview", "--config", stackFile());
        expect(r.status).to.equal(0);
        expect(r.stdout).to.contain(`Pack settings: trustedPrincipals of foreign-accounts-trusted: ${VENDOR}, from the stack config's emr-dataplane:vendorPrincipalArn (no Pulumi.acme.policy.json)`);
        expect(r.stdout).to.match(/\nPolicy pack emr-dataplane: no violations$/);
    });

    it("a pack config that sets trustedPrincipals wins, and the preview names it", async () => {
        const r = await inProcess("preview", "--config", stackFile({ "foreign-accounts-trusted": { trustedPrincipals: [] } }));
        expect(r.status).to.equal(1);
        expect(r.stdout).to.contain("Pack settings: trustedPrincipals of foreign-accounts-trusted: from Pulumi.acme.policy.json");
        expect(r.stdout).to.contain("foreign-accounts-trusted");
    });

    it("keeps the file's level and other settings when it adds the principals", () => {
        const stack = { "emr-dataplane:vendorPrincipalArns": JSON.stringify([VENDOR, "arn:aws:iam::111122223333:user/trusted_user-ops"]) };
        const merged = packConfigForStack(stack, { all: "advisory", "foreign-accounts-trusted": "advisory" }, "p.json");
        expect(merged.config).to.deep.equal({ all: "advisory", "foreign-accounts-trusted": { enforcementLevel: "advisory", trustedPrincipals: [VENDOR, "arn:aws:iam::111122223333:user/trusted_user-ops"] } });
        expect(merged.note).to.match(/from the stack config's emr-dataplane:vendorPrincipalArns \(p\.json does not set them\)$/);
        expect(packConfigForStack({ "aws:region": "eu-west-1" }, undefined, "p.json")).to.deep.equal({ config: undefined });
    });

    it("the offline fleet judges each plane as the preview does: the template's vendor principal is trusted unless the file beside it sets trustedPrincipals", async () => {
        const fleet = async (template: string) => {
            const customers = path.join(path.dirname(template), "customers.csv");
            fs.writeFileSync(customers, "customerId,accountId,region\nglobex,555566667777,us-east-1\n");
            const r = await inProcess("fleet", "preview", "--template", template, "--customers", customers, "--json");
            return { status: r.status, rules: JSON.parse(r.stdout).planes[0].violations.map((v: { policyName: string }) => v.policyName) };
        };
        expect(await fleet(stackFile())).to.deep.equal({ status: 0, rules: [] });
        const strict = await fleet(stackFile({ "foreign-accounts-trusted": { trustedPrincipals: [] } }));
        expect(strict.status).to.equal(1);
        expect(strict.rules).to.include("foreign-accounts-trusted");
    });

    it("a project with no pack settings of its own is judged by the file beside it as it is", () => {
        const given = { all: "advisory" as const };
        expect(packConfigFor("emr-controlplane", { "emr-dataplane:vendorPrincipalArn": VENDOR }, given, "p.json")).to.deep.equal({ config: given });
        expect(packConfigFor("emr-dataplane", { "emr-dataplane:vendorPrincipalArn": VENDOR }, given, "p.json").config).to.deep.equal(
            { all: "advisory", "foreign-accounts-trusted": { trustedPrincipals: [VENDOR] } });
    });

    it("the private example's pack config file (for the Pulumi CLI) is the one its stack config implies", () => {
        const example = loadStackConfig(path.join(ROOT, "Pulumi.private-example.yaml"), path.join(ROOT, "Pulumi.yaml"));
        expect(JSON.parse(fs.readFileSync(path.join(ROOT, "Pulumi.private-example.policy.json"), "utf8"))).to.deep.equal(packConfigFileFor(example.config));
    });

    it("the stack config and the pack setting accept and refuse the same principals (one pattern)", () => {
        const cases = [VENDOR, "arn:aws:iam::111122223333:user/path/trusted_user-1", "arn:aws:iam::111122223333:root", "arn:aws-eusc:iam::111122223333:role/v",
            "arn:aws:iam::1111:role/x", "arn:aws-moon:iam::111122223333:role/x", "arn:aws:iam::111122223333:group/g", "arn:aws:sts::111122223333:assumed-role/x/y", "role_trusted_user"];
        for (const arn of cases) {
            const region = arn.startsWith("arn:aws-eusc:") ? "eusc-de-east-1" : "eu-west-1";
            let byStack = true;
            try {
                readDataPlaneConfig({ "aws:region": region, "emr-dataplane:planeKind": "private", "emr-dataplane:customerId": "acme", "emr-dataplane:accountId": "444455556666", "emr-dataplane:vendorPrincipalArn": arn });
            } catch (err) {
                byStack = !(err as Error).message.startsWith("emr-dataplane:vendorPrincipalArn:");
            }
            expect(settingProblem("trustedPrincipals", [arn]) === undefined, arn).to.equal(byStack);
        }
    });
});
