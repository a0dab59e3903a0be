import { expect } from "chai";
import { GuardedLauncher, GuardedLauncherArgs, LaunchConfiguration, LaunchProfile } from "../../components";
import { SECRET_REFERENCE_PREFIX } from "../../components/guardedLaunch";
import { ACCOUNT, REGION, childrenOf, documentOf, input, ofType, one, run, runFailing } from "../helpers/offline";
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
        it("adds nothing for its secret: no function, no role, no grant (EMR Serverless resolves the references itself)", () => {
            const component = one(f.resources, "emr-dataplane:index:GuardedLauncher", "adhoc");
            expect(childrenOf(f.resources, component.urn).map((c) => `${c.type} ${c.name}`).sort()).to.deep.equal([
                "aws:emrserverless/application:Application adhoc-application",
                "aws:iam/policy:Policy adhoc-caller-policy",
                "aws:iam/role:Role adhoc-role",
                "aws:iam/rolePolicy:RolePolicy adhoc-permissions",
                "aws:sfn/stateMachine:StateMachine adhoc-state-machine",
            ]);
            expect(JSON.stringify(ofType(f.resources, "aws:iam/rolePolicy:RolePolicy").map((r) => documentOf(r)))).not.to.contain("secretsmanager");
        });

        it("lets the state machine start job runs itself (.sync), as with no secrets: it reads no secret", () => {
            const app = f.adhoc.applicationId;
            const statements = rolePolicy(f, "adhoc-permissions").Statement;
            expect(statements.map((s) => s.Sid)).to.deep.equal(["ReadItsLaunchDefinition", "StartJobRunsOnItsApplication", "FollowItsJobRuns", "PassRuntimeRoleToEmrServerless", "FollowJobRunsThroughEventBridge"]);
            expect(statements[1]).to.deep.equal({ Sid: "StartJobRunsOnItsApplication", Effect: "Allow", Action: "emr-serverless:StartJobRun", Resource: ARN("emr-serverless", `/applications/${app}`) });
            expect(JSON.stringify(statements)).not.to.contain("secretsmanager");
        });

        it("writes secret references, never values, into the job run's Spark configuration", () => {
            const task = JSON.parse(f.adhoc.definition).States.StartJobRun;
            expect(task.Resource).to.equal("arn:aws:states:::emr-serverless:startJobRun.sync");
            expect(task.Parameters.ConfigurationOverrides.ApplicationConfiguration).to.deep.equal([{ Classification: "spark-defaults", Properties: {
                "spark.emr-serverless.driverEnv.METASTORE_PASSWORD": `${SECRET_REFERENCE_PREFIX}${f.secretArn}`,
                "spark.executorEnv.METASTORE_PASSWORD": `${SECRET_REFERENCE_PREFIX}${f.secretArn}`,
            } }]);
        });

        it("refuses, naming secretsKmsKeyArn, a configuration whose secrets are encrypted with an AWS managed key", async () => {
            const secret = `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:analytics/token-AbCdEf`;
            const awsManaged = `arn:aws:kms:${REGION}:${ACCOUNT}:key/0000aaaa-12ab-34cd-56ef-1234567890ab`;
            const { error } = await runFailing(() => {
                const profile = new LaunchProfile("p", PROFILE_ARGS);
                const c = new LaunchConfiguration("c", { ...ADHOC_ARGS, secrets: { TOKEN: secret }, secretsKmsKeyArn: awsManaged });
                new GuardedLauncher("l", { profile, configuration: c });
            }, { world: { kmsKeys: { [awsManaged]: { keyManager: "AWS" } } } });
            expect(error.message).to.match(/^args\.secretsKmsKeyArn: arn:aws:kms:.* is an AWS managed key; EMR Serverless reads a secret only when it is encrypted with a customer managed key/);
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
