import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import { LaunchRole } from "../../components";
import { isSecretValue } from "../../engine/offline/run";
import { decide } from "../helpers/iamSimulate";
import { ACCOUNT, REGION, asList, childrenOf, documentOf, input, one, ofType, run, runFailing, statement, unwrap } from "../helpers/offline";

const RUNTIME = `arn:aws:iam::${ACCOUNT}:role/acme-job-runtime`;
const VENDOR = "arn:aws:iam::111122223333:role/role_trusted_user";
const base = { runtimeRoleArn: RUNTIME, bucketName: "acme-resources" };

describe("LaunchRole", () => {
    describe("the factories: one component per mode, typed with the outputs the mode always has", () => {
        it("crossAccount registers what the constructor does, and its roleArn and secret externalId are Outputs (no `!`)", async () => {
            const args = { ...base, trustedPrincipalArns: [VENDOR], externalId: "customer-acme-2026" };
            const viaFactory = await run(async () => {
                const role = LaunchRole.crossAccount("launch", args);
                // Typed Output<string>: a type error here if the factory lost its precision.
                const arn: pulumi.Output<string> = role.roleArn;
                const externalId: pulumi.Output<string> = role.externalId;
                return { arn: await unwrap(arn), externalId: await unwrap(externalId), mode: role.mode, policyArn: role.policyArn };
            });
            const viaConstructor = await run(async () => {
                new LaunchRole("launch", args);
                return {};
            });
            expect(viaFactory.resources.map((x) => [x.type, x.name])).to.deep.equal(viaConstructor.resources.map((x) => [x.type, x.name]));
            expect(viaFactory.exports.arn).to.match(new RegExp(`^arn:aws:iam::${ACCOUNT}:role/launch-role`));
            expect([viaFactory.exports.externalId, viaFactory.exports.mode, viaFactory.exports.policyArn]).to.deep.equal(["customer-acme-2026", "create", undefined]);
        });

        it("attachedTo a role or a user: policyArn always an Output, roleArn too for a role", async () => {
            const r = await run(async () => {
                const toRole = LaunchRole.attachedTo("shared", { ...base, attachToRoleName: "role_trusted_user" });
                const toUser = LaunchRole.attachedTo("ops", { ...base, attachToUserName: "trusted_user-ops" });
                const policyArn: pulumi.Output<string> = toRole.policyArn;
                const roleArn: pulumi.Output<string> = toRole.roleArn;
                return { policyArn: await unwrap(policyArn), roleArn: await unwrap(roleArn), userRole: toUser.roleArn, modes: [toRole.mode, toUser.mode], userPolicy: await unwrap(toUser.policyArn) };
            });
            expect(r.exports.policyArn).to.match(/^arn:aws:iam::\d{12}:policy\//);
            expect(r.exports.roleArn).to.equal(`arn:aws:iam::${ACCOUNT}:role/role_trusted_user`);
            expect([r.exports.userRole, r.exports.modes]).to.deep.equal([undefined, ["attach", "attach"]]);
            expect(r.exports.userPolicy).to.match(/^arn:aws:iam::\d{12}:policy\//);
        });

        it("a factory's args refuse the other mode's fields at compile time, and its checks at run time are the constructor's", async () => {
            // @ts-expect-error: a cross-account role takes no role to attach to
            const wrong = () => LaunchRole.crossAccount("x", { ...base, trustedPrincipalArns: [VENDOR], attachToRoleName: "r" });
            const { error } = await runFailing(async () => { wrong(); });
            expect(error.message).to.match(/^args\.attachToRoleName: conflicts with args\.trustedPrincipalArns/);
        });
    });

    describe("several vendor principals (a system role and trusted_user-* users)", () => {
        it("the trust lists each by its ARN, and admits each only with the ExternalId; no one else", async () => {
            const vendors = [VENDOR, "arn:aws:iam::111122223333:user/trusted_user-ops", "arn:aws:iam::111122223333:user/trusted_user-ci"];
            const r = await run(async () => {
                new LaunchRole("launch", { ...base, trustedPrincipalArns: vendors, externalId: "customer-acme-2026" });
                return {};
            });
            const trust = documentOf(one(r.resources, "aws:iam/role:Role", "launch-role"), "assumeRolePolicy");
            // Trust policies take no wildcards in Principal ("IAM JSON policy elements: Principal"): each ARN in full.
            expect(trust.Statement[0].Principal).to.deep.equal({ AWS: vendors });
            const roleArn = `arn:aws:iam::${ACCOUNT}:role/launch`;
            const assume = (principal: string, externalId?: string) => decide([{ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Resource: roleArn }] }], {
                action: "sts:AssumeRole", resource: roleArn, principal, resourcePolicy: trust, context: externalId ? { "sts:ExternalId": externalId } : {},
            });
            for (const vendor of vendors) {
                expect(await assume(vendor, "customer-acme-2026"), vendor).to.equal("Allowed");
                expect(await assume(vendor), `${vendor} without the ExternalId`).to.equal("ImplicitlyDenied");
            }
            expect(await assume("arn:aws:iam::111122223333:user/trusted_user-other", "customer-acme-2026")).to.equal("ImplicitlyDenied");
        });
    });

    describe("create mode (private plane)", () => {
        let r: Awaited<ReturnType<typeof run<{ arn: string; externalId: string; secret: boolean; policyArn: unknown }>>>;
        before(async () => {
            r = await run(async () => {
                const role = new LaunchRole("launch", {
                    ...base,
                    bucketKmsKeyArn: `arn:aws:kms:${REGION}:${ACCOUNT}:key/abc-123`,
                    subnetIds: ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0aaaaaaaaaaaaaaa2"],
                    securityGroupIds: ["sg-0bbbbbbbbbbbbbbb1"],
                    trustedPrincipalArns: [VENDOR],
                    externalIdKeeper: "acme",
                    roleName: "acme-launch",
                });
                return {
                    arn: await unwrap(role.roleArn!), externalId: await unwrap(role.externalId!),
                    secret: await (role.externalId as any).isSecret, policyArn: role.policyArn === undefined ? "none" : "some",
                };
            });
        });

        it("creates a generated ExternalId, a role and its inline policy", () => {
            const component = one(r.resources, "emr-dataplane:index:LaunchRole", "launch");
            expect(childrenOf(r.resources, component.urn).map((c) => `${c.type} ${c.name}`).sort()).to.deep.equal([
                "aws:iam/role:Role launch-role", "aws:iam/rolePolicy:RolePolicy launch-permissions",
                "random:index/randomPassword:RandomPassword launch-external-id",
            ]);
            expect(r.exports.arn).to.equal(`arn:aws:iam::${ACCOUNT}:role/acme-launch`);
            expect(r.exports.policyArn).to.equal("none");
        });

        it("generates a 40-character alphanumeric ExternalId kept per customer, exposed as a secret", () => {
            const pw = one(r.resources, "random:index/randomPassword:RandomPassword");
            expect(input(pw, "length")).to.equal(40);
            expect(input(pw, "special")).to.equal(false);
            expect(input(pw, "keepers")).to.deep.equal({ customer: "acme" });
            expect(r.exports.externalId).to.match(/^[A-Za-z0-9]{40}$/);
            expect(r.exports.secret).to.equal(true);
        });

        it("is trusted by the vendor principal only with that ExternalId, and the trust document is secret", () => {
            const role = one(r.resources, "aws:iam/role:Role");
            expect(isSecretValue(role.inputs.assumeRolePolicy)).to.equal(true);
            const trust = documentOf(role, "assumeRolePolicy");
            expect(trust.Statement).to.deep.equal([{
                Sid: "ControlPlaneWithExternalId", Effect: "Allow", Principal: { AWS: VENDOR }, Action: "sts:AssumeRole",
                Condition: { StringEquals: { "sts:ExternalId": r.exports.externalId } },
            }]);
        });

        it("passes exactly the runtime role, and only to EMR Serverless", () => {
            const doc = documentOf(one(r.resources, "aws:iam/rolePolicy:RolePolicy"));
            const pass = doc.Statement.filter((s) => asList(s.Action).some((a) => a.startsWith("iam:Pass")));
            expect(pass).to.deep.equal([{
                Sid: "PassRuntimeRoleToEmrServerless", Effect: "Allow", Action: "iam:PassRole", Resource: RUNTIME,
                Condition: { StringEquals: { "iam:PassedToService": "emr-serverless.amazonaws.com" } },
            }]);
        });

        it("scopes EMR Serverless actions to this account's applications and job runs; only Create/ListApplications on *", () => {
            const doc = documentOf(one(r.resources, "aws:iam/rolePolicy:RolePolicy"));
            expect(asList(statement(doc, "EmrServerlessApplications").Resource)).to.deep.equal([`arn:aws:emr-serverless:${REGION}:${ACCOUNT}:/applications/*`]);
            expect(asList(statement(doc, "EmrServerlessJobRuns").Resource)).to.deep.equal([`arn:aws:emr-serverless:${REGION}:${ACCOUNT}:/applications/*/jobruns/*`]);
            const onStar = doc.Statement.filter((s) => asList(s.Resource).includes("*"));
            expect(onStar.flatMap((s) => asList(s.Action)).sort()).to.deep.equal(["emr-serverless:CreateApplication", "emr-serverless:ListApplications"]);
        });

        it("creates network interfaces only through EMR Serverless, in the plane's subnets and security group", () => {
            const eni = statement(documentOf(one(r.resources, "aws:iam/rolePolicy:RolePolicy")), "NetworkInterfacesViaEmrServerless");
            expect(eni.Action).to.equal("ec2:CreateNetworkInterface");
            expect(eni.Condition).to.deep.equal({ StringEquals: { "aws:CalledViaLast": "ops.emr-serverless.amazonaws.com" } });
            expect(asList(eni.Resource)).to.deep.equal([
                `arn:aws:ec2:${REGION}:${ACCOUNT}:network-interface/*`,
                `arn:aws:ec2:${REGION}:${ACCOUNT}:subnet/subnet-0aaaaaaaaaaaaaaa1`, `arn:aws:ec2:${REGION}:${ACCOUNT}:subnet/subnet-0aaaaaaaaaaaaaaa2`,
                `arn:aws:ec2:${REGION}:${ACCOUNT}:security-group/sg-0bbbbbbbbbbbbbbb1`,
            ]);
        });

        it("creates only the EMR Serverless service-linked role", () => {
            const slr = statement(documentOf(one(r.resources, "aws:iam/rolePolicy:RolePolicy")), "EmrServerlessServiceLinkedRole");
            expect(slr.Resource).to.equal(`arn:aws:iam::${ACCOUNT}:role/aws-service-role/ops.emr-serverless.amazonaws.com/AWSServiceRoleForAmazonEMRServerless`);
            expect(slr.Condition).to.deep.equal({ StringEquals: { "iam:AWSServiceName": "ops.emr-serverless.amazonaws.com" } });
        });

        it("uses the bucket's key only", () => {
            const key = statement(documentOf(one(r.resources, "aws:iam/rolePolicy:RolePolicy")), "ResourceBucketKey");
            expect(asList(key.Resource)).to.deep.equal([`arn:aws:kms:${REGION}:${ACCOUNT}:key/abc-123`]);
        });
    });

    describe("paired with the plane's application (applicationId)", () => {
        const APP = "00fabcd1234efg09";
        const appArn = (id: string) => `arn:aws:emr-serverless:${REGION}:${ACCOUNT}:/applications/${id}`;
        let doc: ReturnType<typeof documentOf>;
        before(async () => {
            const r = await run(() => { new LaunchRole("launch", { ...base, applicationId: APP, trustedPrincipalArns: [VENDOR], externalId: "customer-acme-2026" }); });
            doc = documentOf(one(r.resources, "aws:iam/rolePolicy:RolePolicy"));
            expect(input(one(r.resources, "aws:iam/role:Role"), "description")).to.equal("Launches EMR Serverless job runs on the plane's application for the control plane (emr-serverless-dataplane)");
        });
        const tags = { "aws:RequestTag/managed-by": "emr-serverless-dataplane launcher", "aws:TagKeys": ["managed-by"] };

        it("starts, follows, lists and cancels job runs on that application only (simulated)", async () => {
            expect(await decide([doc], { action: "emr-serverless:StartJobRun", resource: appArn(APP), context: tags })).to.equal("Allowed");
            expect(await decide([doc], { action: "emr-serverless:StartJobRun", resource: appArn("00another00app01"), context: tags })).to.equal("ImplicitlyDenied");
            for (const action of ["emr-serverless:GetJobRun", "emr-serverless:CancelJobRun"]) {
                expect(await decide([doc], { action, resource: `${appArn(APP)}/jobruns/00run1` }), action).to.equal("Allowed");
                expect(await decide([doc], { action, resource: `${appArn("00another00app01")}/jobruns/00run1` }), action).to.equal("ImplicitlyDenied");
            }
            for (const action of ["emr-serverless:GetApplication", "emr-serverless:ListJobRuns"]) expect(await decide([doc], { action, resource: appArn(APP) }), action).to.equal("Allowed");
        });

        it("can create, update, delete, start, stop or tag no application, and creates no network interface (simulated)", async () => {
            expect(await decide([doc], { action: "emr-serverless:CreateApplication", resource: "*", context: tags })).to.equal("ImplicitlyDenied");
            for (const action of ["UpdateApplication", "DeleteApplication", "StartApplication", "StopApplication"]) {
                expect(await decide([doc], { action: `emr-serverless:${action}`, resource: appArn(APP) }), action).to.equal("ImplicitlyDenied");
            }
            expect(await decide([doc], { action: "emr-serverless:TagResource", resource: appArn(APP), context: tags })).to.equal("ImplicitlyDenied");
            expect(doc.Statement.map((s) => s.Sid)).not.to.include.members(["NetworkInterfacesViaEmrServerless", "EmrServerlessServiceLinkedRole"]);
            expect(doc.Statement.filter((s) => asList(s.Resource).includes("*"))).to.deep.equal([]);
        });

        it("refuses a malformed application id, and launcher-mode network settings beside it", async () => {
            const bad = await runFailing(() => new LaunchRole("bad", { ...base, applicationId: "App-1", attachToRoleName: "r" }));
            expect(bad.error.message).to.equal('args.applicationId: must be an EMR Serverless application id (1-64 lowercase letters and digits, such as "00fabcd1234efg09"), got "App-1"');
            const both = await runFailing(() => new LaunchRole("bad", { ...base, applicationId: APP, subnetIds: ["subnet-0aaaaaaaaaaaaaaa1"], attachToRoleName: "r" }));
            expect(both.error.message).to.match(/^args\.subnetIds: only applies when the launcher creates applications/);
            expect([...bad.registered, ...both.registered].filter((x) => x.custom)).to.deep.equal([]);
        });
    });

    it("uses a given ExternalId instead of generating one", async () => {
        const r = await run(async () => ({ id: await unwrap(new LaunchRole("l", { ...base, trustedPrincipalArns: [VENDOR], externalId: "customer-acme-2026" }).externalId!) }));
        expect(ofType(r.resources, "random:index/randomPassword:RandomPassword")).to.have.length(0);
        expect(r.exports.id).to.equal("customer-acme-2026");
        expect(documentOf(one(r.resources, "aws:iam/role:Role"), "assumeRolePolicy").Statement[0].Condition).to.deep.equal({ StringEquals: { "sts:ExternalId": "customer-acme-2026" } });
    });

    describe("attach mode (shared plane)", () => {
        it("attaches a managed policy to the existing system role, creates no role, and reports that role's ARN", async () => {
            const r = await run(async () => {
                const l = new LaunchRole("launch", { ...base, attachToRoleName: "role_trusted_user" });
                return { arn: await unwrap(l.roleArn!), ext: l.externalId === undefined, policyArn: await unwrap(l.policyArn!) };
            });
            expect(ofType(r.resources, "aws:iam/role:Role")).to.have.length(0);
            const policy = one(r.resources, "aws:iam/policy:Policy", "launch-policy");
            const attachment = one(r.resources, "aws:iam/rolePolicyAttachment:RolePolicyAttachment", "launch-launch-attachment");
            expect(input(attachment, "role")).to.equal("role_trusted_user");
            expect(input(attachment, "policyArn")).to.equal(policy.outputs.arn);
            expect(r.exports).to.deep.equal({ arn: `arn:aws:iam::${ACCOUNT}:role/role_trusted_user`, ext: true, policyArn: policy.outputs.arn });
            expect(statement(documentOf(policy), "PassRuntimeRoleToEmrServerless").Resource).to.equal(RUNTIME);
        });

        it("attaches to a trusted_user-* IAM user, and grants it AssumeRole on the private planes' launch roles by pattern", async () => {
            const r = await run(() => {
                new LaunchRole("launch", { ...base, attachToUserName: "trusted_user-sdp", assumablePrivatePlaneLaunchRoles: ["arn:aws:iam::*:role/emr-dataplane-launch*"] });
            });
            const attachments = ofType(r.resources, "aws:iam/userPolicyAttachment:UserPolicyAttachment");
            expect(attachments.map((a) => input(a, "user"))).to.deep.equal(["trusted_user-sdp", "trusted_user-sdp"]);
            const assume = one(r.resources, "aws:iam/policy:Policy", "launch-assume-private-planes");
            expect(documentOf(assume).Statement).to.deep.equal([{
                Sid: "AssumePrivatePlaneLaunchRoles", Effect: "Allow", Action: "sts:AssumeRole", Resource: ["arn:aws:iam::*:role/emr-dataplane-launch*"],
            }]);
        });
    });

    describe("validation", () => {
        const cases: [string, object, RegExp][] = [
            ["no mode", {}, /^args\.attachToRoleName: one of args\.attachToRoleName, args\.attachToUserName, args\.trustedPrincipalArns is required/],
            ["two modes", { attachToRoleName: "r", trustedPrincipalArns: [VENDOR] }, /^args\.attachToRoleName: conflicts with args\.trustedPrincipalArns/],
            ["an ExternalId too short", { trustedPrincipalArns: [VENDOR], externalId: "x" }, /^args\.externalId: must be 2-1224 characters long/],
            ["an ExternalId with bad characters", { trustedPrincipalArns: [VENDOR], externalId: "has space" }, /^args\.externalId: may only contain/],
            ["an ExternalId too long", { trustedPrincipalArns: [VENDOR], externalId: "a".repeat(1225) }, /^args\.externalId: must be 2-1224 characters long \(an STS ExternalId\), got 1225$/],
            ["a malformed principal", { trustedPrincipalArns: ["111122223333"] }, /^args\.trustedPrincipalArns\[0\]: must be an IAM principal ARN/],
            ["an ExternalId in attach mode", { attachToRoleName: "r", externalId: "abcdef" }, /^args\.externalId: only applies to a created launch role/],
            ["AssumeRole on * for the vendor", { attachToRoleName: "r", assumablePrivatePlaneLaunchRoles: ["*"] }, /^args\.assumablePrivatePlaneLaunchRoles\[0\]: must name roles explicitly/],
            ["private-plane roles in create mode", { trustedPrincipalArns: [VENDOR], assumablePrivatePlaneLaunchRoles: ["arn:aws:iam::*:role/x*"] }, /^args\.assumablePrivatePlaneLaunchRoles: only applies when attaching/],
        ];
        for (const [what, args, message] of cases) {
            it(`refuses ${what} before registering any child`, async () => {
                const { error, registered } = await runFailing(() => new LaunchRole("bad", { ...base, ...args }));
                expect(error.message).to.match(message);
                expect(registered.filter((x) => x.custom)).to.deep.equal([]);
            });
        }
    });
});
