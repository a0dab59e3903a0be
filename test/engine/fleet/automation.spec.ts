import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { markSecrets } from "../../../cli/fleetOutput";
import { planFleet } from "../../../engine/fleet/plan";
import { FleetDeployerError, FleetOperation, FleetStack, RealPlaneResult, StackFactory, bounded, runFleetForReal, stackConfigFor } from "../../../engine/fleet/automation";

const ROOT = path.resolve(__dirname, "../../..");
const TEMPLATE = path.join(ROOT, "Pulumi.private-example.yaml");

/**
 * The real path up to the Automation API: a stand-in for `LocalWorkspace.createOrSelectStack`
 * records what each stack is given; `automationStacks` (the only code that needs the Pulumi CLI)
 * is type-checked against @pulumi/pulumi/automation.
 */
describe("dataplane fleet, the real path (Automation API stood in)", () => {
    let dir: string;
    let customers: string;
    before(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "dataplane-fleet-real-"));
        customers = path.join(dir, "customers.csv");
        const deployer = (account: string, c: string) => `arn:aws:iam::${account}:role/dataplane-deployer-${c},xid-${c}-0123456789,arn:aws:iam::${account}:policy/dataplane-boundary-${c}`;
        fs.writeFileSync(customers, "customerId,accountId,region,vpcCidr,deployerRoleArn,deployerExternalId,rolePermissionsBoundaryArn\n" +
            `acme,444455556666,eu-west-1,,${deployer("444455556666", "acme")}\nglobex,555566667777,us-east-1,10.90.0.0/16,${deployer("555566667777", "globex")}\n` +
            `fails,666677778888,eu-central-1,,${deployer("666677778888", "fails")}\ninitech,777788889999,eu-west-1,,${deployer("777788889999", "initech")}\n`);
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    function stubs(opts: { delayMs?: number } = {}) {
        const calls: { stack: string; workDir: string; config?: Record<string, { value: string; secret?: boolean }>; path?: boolean; op?: string; policyPacks?: string[] }[] = [];
        let inFlight = 0;
        let maxInFlight = 0;
        const factory: StackFactory = async (stack, workDir) => {
            const call: (typeof calls)[number] = { stack, workDir };
            calls.push(call);
            const work = async <T>(op: string, packs: string[] | undefined, result: T): Promise<T> => {
                inFlight++;
                maxInFlight = Math.max(maxInFlight, inFlight);
                await new Promise((r) => setTimeout(r, opts.delayMs ?? 5));
                inFlight--;
                call.op = op;
                call.policyPacks = packs;
                if (stack.endsWith("fails")) throw new Error("error: update failed\n  AccessDenied: not authorized to perform iam:CreateRole");
                return result;
            };
            const s: FleetStack = {
                setAllConfig: async (config, path) => { call.config = config; call.path = path; },
                preview: (o) => work("preview", o.policyPacks, { changeSummary: { create: 27 } }),
                up: (o) => work("up", o.policyPacks, {
                    outputs: { controlPlaneMessage: { value: { region: call.config!["aws:region"].value, externalId: `id-${stack}` }, secret: true } },
                    summary: { result: "succeeded" },
                }),
            };
            return s;
        };
        return { factory, calls, maxInFlight: () => maxInFlight };
    }

    it("sets each customer's stack config: the template file's values and the customer's columns, not the project defaults", () => {
        const plan = planFleet(TEMPLATE, customers);
        const { config, skipped } = stackConfigFor(plan, plan.planes[1]);
        expect(config).to.deep.equal({
            "aws:region": { value: "us-east-1", secret: false },
            "emr-dataplane:planeKind": { value: "private" },
            "emr-dataplane:accountId": { value: "555566667777", secret: false },
            "emr-dataplane:customerId": { value: "globex", secret: false },
            "emr-dataplane:vendorPrincipalArn": { value: "arn:aws:iam::111122223333:role/role_trusted_user" },
            "emr-dataplane:bucketKmsKey": { value: "create" },
            "emr-dataplane:securityGroupEgress": { value: "https" },
            "emr-dataplane:vpcCidr": { value: "10.90.0.0/16", secret: false },
            "emr-dataplane:rolePermissionsBoundaryArn": { value: "arn:aws:iam::555566667777:policy/dataplane-boundary-globex", secret: false },
            "aws:assumeRoles[0].roleArn": { value: "arn:aws:iam::555566667777:role/dataplane-deployer-globex" },
            "aws:assumeRoles[0].externalId": { value: "xid-globex-0123456789", secret: true },
            "aws:assumeRoles[0].sessionName": { value: "emr-dataplane-fleet-globex" },
        });
        expect(skipped).to.deep.equal([]);
        expect(config).not.to.have.property("emr-dataplane:logRetentionDays");
    });

    it("fleet up: one stack per customer in the project's folder, bounded concurrency, past a failure, outputs kept", async () => {
        const plan = planFleet(TEMPLATE, customers);
        const s = stubs({ delayMs: 20 });
        const seen: number[] = [];
        const results = await runFleetForReal(plan, { operation: FleetOperation.Up, concurrency: 2, org: "acme-corp", policyPacks: ["/p"], stacks: s.factory,
            onPlane: (_r, done) => seen.push(done) });
        expect(s.calls.map((c) => [c.stack, c.workDir, c.op, c.policyPacks])).to.have.deep.members(
            ["acme", "globex", "fails", "initech"].map((c) => [`acme-corp/${c}`, ROOT, "up", ["/p"]]));
        expect(s.maxInFlight()).to.equal(2);
        // Each customer's deployer role is assumed through the provider's list setting, set in path mode, the ExternalId secret.
        for (const c of s.calls) {
            const id = c.stack.split("/")[1];
            expect(c.path, c.stack).to.equal(true);
            expect(c.config!["aws:assumeRoles[0].roleArn"].value).to.match(new RegExp(`:role/dataplane-deployer-${id}$`));
            expect(c.config!["aws:assumeRoles[0].externalId"]).to.deep.equal({ value: `xid-${id}-0123456789`, secret: true });
        }
        expect(seen).to.deep.equal([1, 2, 3, 4]);
        expect(results.map((r: RealPlaneResult) => [r.customerId, r.error ?? "ok"])).to.deep.equal([
            ["acme", "ok"], ["globex", "ok"], ["fails", "AccessDenied: not authorized to perform iam:CreateRole"], ["initech", "ok"]]);
        expect(markSecrets(results[1].outputs!)).to.deep.equal({
            controlPlaneMessage: { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value: { region: "us-east-1", externalId: "id-acme-corp/globex" } } });
    });

    it("fleet preview --real: previews only, one at a time with --concurrency 1", async () => {
        const plan = planFleet(TEMPLATE, customers);
        const s = stubs();
        const results = await runFleetForReal(plan, { operation: FleetOperation.Preview, concurrency: 1, stacks: s.factory });
        expect(s.maxInFlight()).to.equal(1);
        expect(s.calls.every((c) => c.op === "preview" || c.stack === "fails")).to.equal(true);
        expect(results[0]).to.deep.equal({ customerId: "acme", stack: "acme", changeSummary: { create: 27 } });
    });

    it("refuses a customer without a deployer role, or without the boundary it requires, before any Automation API call", async () => {
        const bare = path.join(dir, "bare.csv");
        fs.writeFileSync(bare, "customerId,accountId,region,deployerRoleArn,deployerExternalId,rolePermissionsBoundaryArn\n" +
            "acme,444455556666,eu-west-1,arn:aws:iam::444455556666:role/d,xid-acme-0123456789,arn:aws:iam::444455556666:policy/b\nglobex,555566667777,us-east-1,,,\n");
        const s = stubs();
        for (const operation of [FleetOperation.Up, FleetOperation.Preview]) {
            let err: Error | undefined;
            await runFleetForReal(planFleet(TEMPLATE, bare), { operation, stacks: s.factory }).catch((e) => { err = e; });
            expect(err).to.be.instanceOf(FleetDeployerError);
            expect(err!.message).to.match(/^no deployer role for customer globex \(row 2\): give columns deployerRoleArn and deployerExternalId/);
        }
        const noBoundary = path.join(dir, "noboundary.csv");
        fs.writeFileSync(noBoundary, "customerId,accountId,region,deployerRoleArn,deployerExternalId\nacme,444455556666,eu-west-1,arn:aws:iam::444455556666:role/d,xid-acme-0123456789\n");
        let err: Error | undefined;
        await runFleetForReal(planFleet(TEMPLATE, noBoundary), { operation: FleetOperation.Up, stacks: s.factory }).catch((e) => { err = e; });
        expect(err!.message).to.contain("has a deployer role but no rolePermissionsBoundaryArn");
        expect(s.calls).to.deep.equal([]);
    });

    it("validates the deployer columns: both or neither, a role in the customer's own account, a valid ExternalId", () => {
        const bad = (name: string, row: string) => {
            const f = path.join(dir, name);
            fs.writeFileSync(f, `customerId,accountId,region,deployerRoleArn,deployerExternalId\n${row}\n`);
            return () => planFleet(TEMPLATE, f);
        };
        expect(bad("a.csv", "acme,444455556666,eu-west-1,arn:aws:iam::444455556666:role/d,")).to.throw(/row 1, column deployerExternalId: is empty while deployerRoleArn is set/);
        expect(bad("b.csv", "acme,444455556666,eu-west-1,arn:aws:iam::111122223333:role/d,xid-0123456789")).to.throw(/row 1, column deployerRoleArn: must be a role in the customer's account 444455556666/);
        expect(bad("c.csv", "acme,444455556666,eu-west-1,not-an-arn,xid-0123456789")).to.throw(/row 1, column deployerRoleArn: /);
        expect(bad("d.csv", "acme,444455556666,eu-west-1,arn:aws:iam::444455556666:role/d,has space")).to.throw(/row 1, column deployerExternalId: .*character 4 of 9.*not shown/);
        expect(planFleet(TEMPLATE, path.join(dir, "bare.csv")).planes[0].deployer).to.deep.equal({ roleArn: "arn:aws:iam::444455556666:role/d", externalId: "xid-acme-0123456789" });
    });

    it("bounded(): never more than the limit at once, results in input order", async () => {
        let running = 0;
        let most = 0;
        const out = await bounded([5, 1, 4, 2, 3], 3, async (n) => {
            running++;
            most = Math.max(most, running);
            await new Promise((r) => setTimeout(r, n * 3));
            running--;
            return n * 10;
        });
        expect(out).to.deep.equal([50, 10, 40, 20, 30]);
        expect(most).to.equal(3);
    });
});
