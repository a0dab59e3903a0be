/**
 * `dataplane check` on a `pulumi preview --json` of a first deployment: no resource has an ARN yet,
 * so the stack's own account is unknown and foreign-accounts-trusted could judge only wildcard
 * accounts. The account is read wherever the preview carries it (the aws provider's
 * allowedAccountIds, a `<project>:accountId` in its config), or given with `--account`; otherwise
 * the summary line says how many account checks could not be made.
 */
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { UNKNOWN_SENTINELS } from "../../policies/model/values";
import { inProcess } from "../helpers/cli";
import { tempDir } from "../helpers/tempDir";

const STACK = "urn:pulumi:dev::plane::pulumi:pulumi:Stack::plane-dev";
const PROVIDER = "urn:pulumi:dev::plane::pulumi:providers:aws::default_7_48_0";
const OWN = "444455556666";
const FOREIGN = "999988887777";

/** A first deployment's preview: a role trusting `principal` (with an ExternalId), its own ARN unknown. */
function firstPreview(principal: string, opts: { allowed?: string[]; config?: Record<string, string> } = {}): string {
    const role = "urn:pulumi:dev::plane::aws:iam/role:Role::launch";
    const trust = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: principal }, Action: "sts:AssumeRole", Condition: { StringEquals: { "sts:ExternalId": "Zx8QvL2mN4pR6tY1wE3u" } } }] });
    const provider = { urn: PROVIDER, custom: true, type: "pulumi:providers:aws", inputs: { region: "eu-west-1", ...(opts.allowed ? { allowedAccountIds: JSON.stringify(opts.allowed) } : {}) }, outputs: {} };
    return JSON.stringify({
        config: { "aws:region": "eu-west-1", ...opts.config },
        steps: [
            { op: "create", urn: STACK, newState: { urn: STACK, custom: false, type: "pulumi:pulumi:Stack", inputs: {}, outputs: {} } },
            { op: "create", urn: PROVIDER, newState: provider },
            { op: "create", urn: role, newState: { urn: role, custom: true, type: "aws:iam/role:Role", inputs: { name: "launch", assumeRolePolicy: trust }, outputs: { arn: UNKNOWN_SENTINELS.string }, parent: STACK } },
        ],
        diagnostics: [], duration: 1, changeSummary: { create: 3 },
    });
}

describe("dataplane check: the stack's own account when the preview has no ARN", () => {
    let dir: string;
    before(() => { dir = tempDir("dataplane-accounts-"); });
    const file = (name: string, body: string) => {
        const f = path.join(dir, name);
        fs.writeFileSync(f, body);
        return f;
    };
    const foreign = `arn:aws:iam::${FOREIGN}:role/vendor`;

    it("says on the summary line how many account checks it could not make, and passes nothing it could not judge", async () => {
        const r = await inProcess("check", file("first.json", firstPreview(foreign)));
        expect(r.status, r.stderr).to.equal(0);
        expect(r.stdout).to.match(/^Policy pack emr-dataplane: no violations; 1 account check not made: no account of this stack is known \(the file shows none\), so accounts named in policies were neither passed nor failed: give --account <id>$/m);
        const json = JSON.parse((await inProcess("check", file("first.json", firstPreview(foreign)), "--json")).stdout);
        expect([json.accounts, json.accountChecksNotMade]).to.deep.equal([[], 1]);
    });

    it("judges the accounts with --account: a foreign principal fails, the stack's own passes", async () => {
        const bad = await inProcess("check", file("first.json", firstPreview(foreign)), "--account", OWN, "--json");
        expect(bad.status).to.equal(1);
        const doc = JSON.parse(bad.stdout);
        expect([doc.accounts, doc.accountChecksNotMade]).to.deep.equal([[OWN], 0]);
        expect(doc.violations.map((v: { policyName: string; message: string }) => [v.policyName, v.message])).to.deep.include.members([["foreign-accounts-trusted",
            `assumeRolePolicy: Statement[0] names principal ${foreign} (account ${FOREIGN}), which this stack neither owns (${OWN}) nor trusts; name this account, or add the principal to trustedPrincipals (or its account to trustedAccounts) in the pack config`]]);
        const good = await inProcess("check", file("own.json", firstPreview(`arn:aws:iam::${OWN}:role/vendor`)), "--account", OWN);
        expect(good.status, good.stdout).to.equal(0);
        expect(good.stdout).to.match(/^Checked .*own\.json \(pulumi preview --json, 3 resources, account 444455556666\)$/m);
        expect(good.stdout).not.to.match(/not made/);
    });

    it("reads the account from the aws provider's allowedAccountIds, and from <project>:accountId in the preview's config", async () => {
        for (const opts of [{ allowed: [OWN] }, { config: { "emr-dataplane:accountId": OWN } }]) {
            const r = await inProcess("check", file("carried.json", firstPreview(foreign, opts)), "--json");
            const doc = JSON.parse(r.stdout);
            expect([r.status, doc.accounts, doc.accountChecksNotMade]).to.deep.equal([1, [OWN], 0]);
            expect(doc.violations.map((v: { policyName: string }) => v.policyName)).to.include("foreign-accounts-trusted");
        }
    });

    it("refuses an --account that is no account id (exit 2)", async () => {
        const r = await inProcess("check", file("first.json", firstPreview(foreign)), "--account", "4444-5555-6666");
        expect([r.status, r.stderr]).to.deep.equal([2, 'error: dataplane check: --account must be a 12-digit AWS account id, got "4444-5555-6666"']);
    });
});
