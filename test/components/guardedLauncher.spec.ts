import { expect } from "chai";
import { GuardedLauncher, GuardedLauncherArgs, LaunchConfiguration, LaunchProfile } from "../../components";
import { SECRETS_LAUNCHER_SOURCE } from "../../components/guardedLaunch";
import { ACCOUNT, REGION, childrenOf, documentOf, input, one, run, runFailing } from "../helpers/offline";
import { ADHOC_ARGS, Fixture, NIGHTLY_ARGS, PROFILE_ARGS, RUNTIME_ROLE, launchFixture, rolePolicy } from "../helpers/guardedLaunch";

const ARN = (service: string, resource: string) => `arn:aws:${service}:${REGION}:${ACCOUNT}:${resource}`;

describe("GuardedLauncher", () => {
    let f: Fixture;
    before(async () => {
        f = await launchFixture();
    });

    describe("without secrets (nightly)", () => {
        it("creates its application, role, state machine and caller policy, and nothing that reads secrets", () => {
            const component = one(f.resources, "emr-dataplane:index:GuardedLauncher", "nightly");
            expect(childrenOf(f.resources, component.urn).map((c) => `${c.type} ${c.name}`).sort()).to.deep.equal([
                "aws:emrserverless/application:Application nightly-application",
                "aws:iam/policy:Policy nightly-caller-policy",
                "aws:iam/role:Role nightly-role",
                "aws:iam/rolePolicy:RolePolicy nightly-permissions",
                "aws:iam/rolePolicyAttachment:RolePolicyAttachment nightly-caller-scheduler",
                "aws:sfn/stateMachine:StateMachine nightly-state-machine",
            ]);
            expect(f.nightly.secretsFunctionArn).to.equal(undefined);
        });

        it("gives the launcher its own application: the configuration's release, type and capacity, the profile's network, stopped when idle", () => {
            const app = one(f.resources, "aws:emrserverless/application:Application", "nightly-application");
            expect(input(app, "releaseLabel")).to.equal("emr-7.5.0");
            expect(input(app, "type")).to.equal("spark");
            expect(input(app, "architecture")).to.equal("X86_64");
            expect(input(app, "maximumCapacity")).to.deep.equal({ cpu: "32 vCPU", memory: "128 GB", disk: "500 GB" });
            expect(input(app, "networkConfiguration")).to.deep.equal({ subnetIds: PROFILE_ARGS.subnetIds, securityGroupIds: PROFILE_ARGS.securityGroupIds });
            expect(input(app, "autoStartConfiguration")).to.deep.equal({ enabled: true });
            expect(input(app, "autoStopConfiguration")).to.deep.equal({ enabled: true, idleTimeoutMinutes: 15 });
            expect(f.nightly.applicationId).to.equal(app.id);
        });

        it("names the state machine after its pair, a STANDARD workflow with its own role", () => {
            const sm = one(f.resources, "aws:sfn/stateMachine:StateMachine", "nightly-state-machine");
            expect(input(sm, "name")).to.equal("launch_analytics_default_nightly");
            expect(input(sm, "type")).to.equal("STANDARD");
            expect(input(sm, "roleArn")).to.equal(f.nightly.roleArn);
            expect(input(sm, "definition")).to.equal(f.nightly.definition);
            expect(f.nightly.stateMachineArn).to.equal(ARN("states", "stateMachine:launch_analytics_default_nightly"));
        });

        it("trusts only Step Functions acting for this state machine in this account", () => {
            const trust = documentOf(one(f.resources, "aws:iam/role:Role", "nightly-role"), "assumeRolePolicy");
            const sm = ARN("states", "stateMachine:launch_analytics_default_nightly");
            expect(trust.Statement).to.deep.equal([{
                Sid: "ThisStateMachineOnly", Effect: "Allow", Principal: { Service: "states.amazonaws.com" }, Action: "sts:AssumeRole",
                Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT }, ArnLike: { "aws:SourceArn": [sm, `${sm}:*`] } },
            }]);
        });

        it("lets the state machine read its two parameters, act on its application, and pass exactly the profile's role", () => {
            const app = f.nightly.applicationId;
            expect(rolePolicy(f, "nightly-permissions").Statement).to.deep.equal([
                { Sid: "ReadItsLaunchDefinition", Effect: "Allow", Action: "ssm:GetParameter",
                    Resource: [ARN("ssm", "parameter/emr-dataplane/profiles/analytics/default"), ARN("ssm", "parameter/emr-dataplane/configurations/analytics/nightly")] },
                { Sid: "StartJobRunsOnItsApplication", Effect: "Allow", Action: "emr-serverless:StartJobRun", Resource: ARN("emr-serverless", `/applications/${app}`) },
                { Sid: "FollowItsJobRuns", Effect: "Allow", Action: ["emr-serverless:GetJobRun", "emr-serverless:CancelJobRun"], Resource: ARN("emr-serverless", `/applications/${app}/jobruns/*`) },
                { Sid: "PassRuntimeRoleToEmrServerless", Effect: "Allow", Action: "iam:PassRole", Resource: RUNTIME_ROLE,
                    Condition: { StringEquals: { "iam:PassedToService": "emr-serverless.amazonaws.com" } } },
                { Sid: "FollowJobRunsThroughEventBridge", Effect: "Allow", Action: ["events:PutTargets", "events:PutRule", "events:DescribeRule"],
                    Resource: ARN("events", "rule/StepFunctionsGetEventsForEMRServerlessJobRule") },
            ]);
        });

        it("creates the state machine only once its role may act (depends on the role policy)", () => {
            const sm = one(f.resources, "aws:sfn/stateMachine:StateMachine", "nightly-state-machine");
            expect(sm.dependencies).to.include(one(f.resources, "aws:iam/rolePolicy:RolePolicy", "nightly-permissions").urn);
        });

        it("gives callers a policy that starts this state machine only, and attaches it to the listed roles", () => {
            const policy = one(f.resources, "aws:iam/policy:Policy", "nightly-caller-policy");
            expect(documentOf(policy).Statement).to.deep.equal([
                { Sid: "StartThisLauncher", Effect: "Allow", Action: "states:StartExecution", Resource: ARN("states", "stateMachine:launch_analytics_default_nightly") },
                { Sid: "FollowItsExecutions", Effect: "Allow", Action: ["states:DescribeExecution", "states:StopExecution"], Resource: ARN("states", "execution:launch_analytics_default_nightly:*") },
            ]);
            expect(JSON.parse(f.nightly.callerPolicy)).to.deep.equal(documentOf(policy));
            const attachment = one(f.resources, "aws:iam/rolePolicyAttachment:RolePolicyAttachment", "nightly-caller-scheduler");
            expect([input(attachment, "role"), input(attachment, "policyArn")]).to.deep.equal(["scheduler", policy.id]);
        });
    });

    describe("with secrets (adhoc)", () => {
        it("adds the secrets launcher: its log group, role, role policy and function", () => {
            const component = one(f.resources, "emr-dataplane:index:GuardedLauncher", "adhoc");
            expect(childrenOf(f.resources, component.urn).map((c) => `${c.type} ${c.name}`).sort()).to.deep.equal([
                "aws:cloudwatch/logGroup:LogGroup adhoc-secrets-launcher-logs",
                "aws:emrserverless/application:Application adhoc-application",
                "aws:iam/policy:Policy adhoc-caller-policy",
                "aws:iam/role:Role adhoc-role",
                "aws:iam/role:Role adhoc-secrets-launcher-role",
                "aws:iam/rolePolicy:RolePolicy adhoc-permissions",
                "aws:iam/rolePolicy:RolePolicy adhoc-secrets-launcher-permissions",
                "aws:lambda/function:Function adhoc-secrets-launcher",
                "aws:sfn/stateMachine:StateMachine adhoc-state-machine",
            ]);
        });

        it("lets the state machine read its parameters and invoke its secrets launcher, and nothing else: no job runs, no PassRole, no secrets", () => {
            expect(rolePolicy(f, "adhoc-permissions").Statement).to.deep.equal([
                { Sid: "ReadItsLaunchDefinition", Effect: "Allow", Action: "ssm:GetParameter",
                    Resource: [ARN("ssm", "parameter/emr-dataplane/profiles/analytics/default"), ARN("ssm", "parameter/emr-dataplane/configurations/analytics/adhoc")] },
                { Sid: "InvokeItsSecretsLauncher", Effect: "Allow", Action: "lambda:InvokeFunction", Resource: f.adhoc.secretsFunctionArn },
            ]);
        });

        it("lets the secrets launcher read exactly its secret, start and follow job runs on its application, pass exactly the profile's role, and log", () => {
            const app = f.adhoc.applicationId;
            const logs = one(f.resources, "aws:cloudwatch/logGroup:LogGroup", "adhoc-secrets-launcher-logs");
            expect(rolePolicy(f, "adhoc-secrets-launcher-permissions").Statement).to.deep.equal([
                { Sid: "ReadItsSecrets", Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: [f.secretArn] },
                { Sid: "StartJobRunsOnItsApplication", Effect: "Allow", Action: "emr-serverless:StartJobRun", Resource: ARN("emr-serverless", `/applications/${app}`) },
                { Sid: "FollowItsJobRuns", Effect: "Allow", Action: ["emr-serverless:GetJobRun"], Resource: ARN("emr-serverless", `/applications/${app}/jobruns/*`) },
                { Sid: "PassRuntimeRoleToEmrServerless", Effect: "Allow", Action: "iam:PassRole", Resource: RUNTIME_ROLE,
                    Condition: { StringEquals: { "iam:PassedToService": "emr-serverless.amazonaws.com" } } },
                { Sid: "WriteItsLogs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: `${logs.outputs.arn}:*` },
            ]);
            const trust = documentOf(one(f.resources, "aws:iam/role:Role", "adhoc-secrets-launcher-role"), "assumeRolePolicy");
            expect(trust.Statement.map((s) => s.Principal)).to.deep.equal([{ Service: "lambda.amazonaws.com" }]);
        });

        it("ships the tested handler inline, with everything it acts with pinned in its environment (secret ARNs, never values)", () => {
            const fn = one(f.resources, "aws:lambda/function:Function", "adhoc-secrets-launcher");
            expect(input(fn, "runtime")).to.equal("nodejs22.x");
            expect(input(fn, "handler")).to.equal("index.handler");
            expect(input(fn, "code").assets["index.js"].text).to.equal(SECRETS_LAUNCHER_SOURCE);
            expect(input(fn, "environment")).to.deep.equal({ variables: {
                LAUNCHER_APPLICATION_ID: f.adhoc.applicationId,
                LAUNCHER_EXECUTION_ROLE_ARN: RUNTIME_ROLE,
                LAUNCHER_LOG_URI: "s3://acme-resources/logs/analytics/default/",
                LAUNCHER_SECRETS: JSON.stringify({ METASTORE_PASSWORD: f.secretArn }),
            } });
            expect(input(fn, "loggingConfig").logGroup).to.equal(one(f.resources, "aws:cloudwatch/logGroup:LogGroup").outputs.name);
            expect(fn.dependencies).to.include(one(f.resources, "aws:iam/rolePolicy:RolePolicy", "adhoc-secrets-launcher-permissions").urn);
        });
    });

    describe("validation", () => {
        const build = (change: Partial<GuardedLauncherArgs>, configuration = NIGHTLY_ARGS) => () => {
            const profile = new LaunchProfile("p", PROFILE_ARGS);
            const c = new LaunchConfiguration("c", configuration);
            return new GuardedLauncher("l", { profile, configuration: c, ...change });
        };
        const cases: [string, () => unknown, RegExp][] = [
            ["a configuration of another namespace", build({}, { ...NIGHTLY_ARGS, namespace: "finance" }),
                /^args\.configuration: is in namespace "finance" but args\.profile is in "analytics"/],
            ["a state machine name with a slash", build({ stateMachineName: "team/launch" }), /^args\.stateMachineName: must be 1-80 letters, digits/],
            ["pollSeconds without secrets", build({ pollSeconds: 10 }), /^args\.pollSeconds: only applies when the configuration has secrets/],
            ["an idle timeout of zero", build({ idleTimeoutMinutes: 0 }), /^args\.idleTimeoutMinutes: must be a whole number from 1 to 10080/],
            ["a caller role name with a space", build({ callerRoleNames: ["data team"] }), /^args\.callerRoleNames\[0\]: must be 1-64 characters/],
        ];
        for (const [what, program, message] of cases) {
            it(`refuses ${what}, naming the field, before creating any of its children`, async () => {
                const { error, registered } = await runFailing(program);
                expect(error.message).to.match(message);
                expect(registered.filter((r) => r.name.startsWith("l-"))).to.deep.equal([]);
            });
        }

        it("takes a HIVE configuration: a hive application", async () => {
            const r = await run(() => {
                const profile = new LaunchProfile("p", PROFILE_ARGS);
                const c = new LaunchConfiguration("c", { ...ADHOC_ARGS, applicationType: "HIVE", submitParameters: "--hiveconf a=b" });
                new GuardedLauncher("l", { profile, configuration: c });
            });
            expect(input(one(r.resources, "aws:emrserverless/application:Application"), "type")).to.equal("hive");
        });
    });
});
