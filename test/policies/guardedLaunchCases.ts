/**
 * Passing and failing cases for the guarded-launch rules (policies/rules/guardedLaunch.ts), registered
 * into rules.spec.ts's case map. Every case starts from the example launcher stack
 * (stacks/guardedLaunch) as the real components register it offline, and changes one thing.
 *
 * The cases are synchronous, as the case map wants; the example is previewed once, by the root
 * `before` hook below (this module is imported while mocha loads rules.spec.ts).
 */
import { launchProfileDocument } from "../../components";
import { Statement, arn, passRuntimeRoleStatement, toJson } from "../../components/iam";
import { RegisteredResource } from "../../engine/offline/run";
import { UNKNOWN_SENTINELS } from "../../policies/model/values";
import { EXAMPLE_RUNTIME_ROLE, EXAMPLE_SCOPE, launcherExample } from "../helpers/guardedLaunch";
import { changed, doc, happy, holding, plus, resource, stack, withChange } from "../helpers/policy";
import type { Case } from "./rules.spec";

const example: { resources: RegisteredResource[] } = { resources: [] };
before(async () => {
    example.resources = await launcherExample();
});

const OTHER_ROLE = "arn:aws:iam::111122223333:role/acme-admin";
const STATES = `arn:aws:states:${EXAMPLE_SCOPE.region}:${EXAMPLE_SCOPE.accountId}`;
const NIGHTLY = `${STATES}:stateMachine:launch_analytics_default_nightly`;
const SECRETS = `arn:aws:secretsmanager:${EXAMPLE_SCOPE.region}:${EXAMPLE_SCOPE.accountId}:secret`;
const PARAMETERS = `arn:aws:ssm:${EXAMPLE_SCOPE.region}:${EXAMPLE_SCOPE.accountId}:parameter`;

/** The example with `change` applied to the document in property `key` of the resource `name`. */
function documentChanged(name: string, change: (d: any) => unknown, key = "policy") {
    return () => withChange(example.resources, name, (p) => {
        if (typeof p[key] === "string") p[key] = JSON.stringify(change(JSON.parse(p[key])));
    });
}
/** The example with the statement `sid` of resource `name`'s document changed. */
const statementChanged = (name: string, sid: string, change: (s: Statement) => Statement | undefined, key = "policy") =>
    documentChanged(name, (d) => changed(d, sid, change), key);
/** The example with statements added to resource `name`'s policy. */
const statementsAdded = (name: string, ...statements: Statement[]) => documentChanged(name, (d) => plus(d, ...statements));
/** The example with one launcher's state machine definition changed in place. */
const definitionChanged = (launcher: string, change: (d: any) => void) =>
    documentChanged(`${launcher}-state-machine`, (d) => { change(d); return d; }, "definition");
/** The nightly launcher's StartJobRun task parameters. */
const startJobRun = (d: any) => d.States.StartJobRun.Parameters;
const LAMBDA = `arn:aws:lambda:${EXAMPLE_SCOPE.region}:${EXAMPLE_SCOPE.accountId}:function:adhoc-lambda`;
/**
 * The example with a Lambda function the adhoc launcher may invoke (the shape of a launcher that
 * delegates to a function, which ours no longer does), its role holding `statements`.
 */
const withLambda = (...statements: Statement[]) => () => {
    const roleArn = `arn:aws:iam::${EXAMPLE_SCOPE.accountId}:role/adhoc-lambda`;
    const invoke: Statement = { Sid: "InvokeItsFunction", Effect: "Allow", Action: "lambda:InvokeFunction", Resource: LAMBDA };
    return [
        ...documentChanged("adhoc-permissions", (d) => plus(d, invoke))(),
        resource("aws:iam/role:Role", "adhoc-lambda-role", { name: "adhoc-lambda", assumeRolePolicy: toJson(doc({ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" })) }, { outputs: { arn: roleArn } }),
        resource("aws:iam/rolePolicy:RolePolicy", "adhoc-lambda-permissions", { role: "adhoc-lambda", policy: toJson(doc(...statements)) }),
        resource("aws:lambda/function:Function", "adhoc-lambda", { name: "adhoc-lambda", role: roleArn }, { outputs: { arn: LAMBDA } }),
    ];
};
/** The example with an inline policy on `role` (the profile's runtime role by default) that reads `secret`. */
const runtimeRoleReads = (secret: string, role = "emr-dataplane-job-runtime") => () => [
    ...example.resources,
    resource("aws:iam/rolePolicy:RolePolicy", "job-code-secrets", { role, policy: toJson(doc({ Sid: "JobCodeReadsItsSecret", Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: secret })) }),
];
const theExample = { title: "the example launchers (nightly; adhoc with a secret resolved by EMR Serverless)", resources: () => example.resources };

export const GUARDED_LAUNCH_CASES: Record<string, { pass: Case[]; fail: Case[] }> = {
    "state-machine-role-not-from-input": {
        pass: [
            theExample,
            { title: "a definition not known until apply (a preview of a new launcher)", resources: () => withChange(example.resources, "nightly-state-machine", (p) => { p.definition = UNKNOWN_SENTINELS.string; }) },
        ],
        fail: [
            { title: "ExecutionRoleArn read from the loaded profile", resources: definitionChanged("nightly", (d) => { delete startJobRun(d).ExecutionRoleArn; startJobRun(d)["ExecutionRoleArn.$"] = "States.StringToJson($.profile.value).runtimeRoleArn"; }), expect: /definition States\.StartJobRun\.Parameters\.ExecutionRoleArn\.\$ takes the role from execution data/ },
            { title: "a task's Credentials.RoleArn.$ from the input", resources: definitionChanged("nightly", (d) => { d.States.LoadProfile.Credentials = { "RoleArn.$": "$.role" }; }), expect: /States\.LoadProfile\.Credentials\.RoleArn\.\$ takes the role/ },
            { title: "a JSONata expression as ExecutionRoleArn", resources: definitionChanged("nightly", (d) => { startJobRun(d).ExecutionRoleArn = "{% $states.input.role %}"; }), expect: /ExecutionRoleArn takes the role from execution data/ },
            { title: "a definition that is not JSON", resources: () => withChange(example.resources, "nightly-state-machine", (p) => { p.definition = "{\"StartAt\": "; }), expect: /definition is not valid JSON/ },
        ],
    },
    "launcher-passes-profile-role": {
        pass: [
            theExample,
            { title: "another profile in the stack, with another runtime role (each launcher is held to its own)", resources: () => [...example.resources, resource("aws:ssm/parameter:Parameter", "other-parameter", {
                name: "/emr-dataplane/profiles/analytics/other",
                insecureValue: JSON.stringify(launchProfileDocument({ namespace: "analytics", name: "other", runtimeRoleArn: OTHER_ROLE, subnetIds: ["subnet-0c1d2e3f4a5b60781", "subnet-0c1d2e3f4a5b60782"], securityGroupIds: ["sg-06de69948e11b67f6"], bucketName: "vendor-emr-logs-111122223333", logUri: "s3://vendor-emr-logs-111122223333/logs/analytics/other/" })),
            })] },
        ],
        fail: [
            { title: "the state machine role passes another role, by exact ARN", resources: statementChanged("nightly-permissions", "PassRuntimeRoleToEmrServerless", (s) => ({ ...s, Resource: OTHER_ROLE })), expect: /Statement\[3\] \(Sid PassRuntimeRoleToEmrServerless\) of role nightly-role-\w+ \(state machine launch_analytics_default_nightly\) passes "arn:aws:iam::111122223333:role\/acme-admin"; it may pass the runtime role of its profile \(\/emr-dataplane\/profiles\/analytics\/default: arn:aws:iam::111122223333:role\/emr-dataplane-job-runtime\) and no other role/ },
            { title: "the state machine role passes the runtime role and another", resources: statementChanged("nightly-permissions", "PassRuntimeRoleToEmrServerless", (s) => ({ ...s, Resource: [EXAMPLE_RUNTIME_ROLE, OTHER_ROLE] })), expect: /passes "arn:aws:iam::111122223333:role\/acme-admin"; it may pass/ },
            { title: "a Lambda function the launcher invokes passes another role", resources: withLambda({ ...passRuntimeRoleStatement(OTHER_ROLE) }), expect: /of role adhoc-lambda \(function adhoc-lambda, invoked by state machine launch_analytics_default_adhoc\) passes "arn:aws:iam::111122223333:role\/acme-admin"/ },
            { title: "the runtime role passed to Step Functions instead", resources: statementChanged("nightly-permissions", "PassRuntimeRoleToEmrServerless", (s) => ({ ...s, Condition: { StringEquals: { "iam:PassedToService": "states.amazonaws.com" } } })), expect: /passes to "states.amazonaws.com"; a launcher passes the runtime role to emr-serverless.amazonaws.com only/ },
            { title: "the definition's ExecutionRoleArn names another role", resources: definitionChanged("nightly", (d) => { startJobRun(d).ExecutionRoleArn = OTHER_ROLE; }), expect: /state machine launch_analytics_default_nightly: definition States\.StartJobRun\.Parameters\.ExecutionRoleArn is arn:aws:iam::111122223333:role\/acme-admin; it must be the runtime role of its profile/ },
            { title: "the profile deployed with another role than its launchers pass", resources: () => withChange(example.resources, "default-parameter", (p) => { p.insecureValue = JSON.stringify({ ...JSON.parse(p.insecureValue), runtimeRoleArn: OTHER_ROLE }); }), expect: /passes "arn:aws:iam::111122223333:role\/emr-dataplane-job-runtime"; it may pass the runtime role of its profile \(\/emr-dataplane\/profiles\/analytics\/default: arn:aws:iam::111122223333:role\/acme-admin\)/ },
        ],
    },
    "secrets-launch-delegated": {
        pass: [theExample],
        fail: [
            { title: "a state machine that invokes a secrets-reading Lambda and may still launch itself", resources: withLambda({ Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: `${SECRETS}:analytics/metastore-password-AbCdEf` }), expect: /lets state machine launch_analytics_default_adhoc \(role adhoc-role-\w+\), which launches through its secrets launcher function adhoc-lambda, also emr-serverless:StartJobRun/ },
        ],
    },
    "start-execution-exact-state-machines": {
        pass: [
            theExample,
            { title: "a launcher and one alias of it", resources: statementChanged("nightly-caller-policy", "StartThisLauncher", (s) => ({ ...s, Resource: [NIGHTLY, `${NIGHTLY}:live`] })) },
            { title: "a launcher and all its own versions and aliases (:*)", resources: statementChanged("nightly-caller-policy", "StartThisLauncher", (s) => ({ ...s, Resource: [NIGHTLY, `${NIGHTLY}:*`] })) },
            { title: "StartExecution and DescribeExecution in one statement, the executions by pattern", resources: statementChanged("nightly-caller-policy", "StartThisLauncher", (s) => ({ ...s, Action: ["states:StartExecution", "states:DescribeExecution"], Resource: [NIGHTLY, `${STATES}:execution:launch_analytics_default_nightly:*`] })) },
        ],
        fail: [
            { title: "every state machine (*)", resources: statementChanged("nightly-caller-policy", "StartThisLauncher", (s) => ({ ...s, Resource: "*" })), expect: /Statement\[0\] \(Sid StartThisLauncher\): starts executions of "\*", which is not one state machine/ },
            { title: "a name prefix", resources: statementChanged("nightly-caller-policy", "StartThisLauncher", (s) => ({ ...s, Resource: `${STATES}:stateMachine:launch_analytics_*` })), expect: /stateMachine:launch_analytics_\*", which is not one state machine/ },
            { title: "states:Start* on every resource of the account", resources: statementChanged("adhoc-caller-policy", "StartThisLauncher", (s) => ({ ...s, Action: "states:Start*", Resource: `${STATES}:*` })), expect: /starts executions of "arn:aws:states:us-east-1:111122223333:\*"/ },
            { title: "NotResource", resources: statementChanged("nightly-caller-policy", "StartThisLauncher", ({ Resource, ...s }) => ({ ...s, NotResource: NIGHTLY })), expect: /starts executions of NotResource/ },
        ],
    },
    "state-machine-role-trust": {
        pass: [
            theExample,
            // Stricter than required: pinned to the state machine's ARN (its account in it), no aws:SourceAccount.
            { title: "no SourceAccount, the SourceArn naming the state machine in this account", resources: statementChanged("adhoc-role", "ThisStateMachineOnly", (s) => ({ ...s, Condition: { ArnLike: s.Condition!.ArnLike } }), "assumeRolePolicy") },
            { title: "SourceArn naming the state machine only (no versions or aliases)", resources: statementChanged("nightly-role", "ThisStateMachineOnly", (s) => ({ ...s, Condition: { ...s.Condition, ArnLike: { "aws:SourceArn": NIGHTLY } } }), "assumeRolePolicy") },
        ],
        fail: [
            { title: "no conditions", resources: statementChanged("nightly-role", "ThisStateMachineOnly", (s) => ({ ...s, Condition: undefined }), "assumeRolePolicy"), expect: /without an aws:SourceAccount condition[^]*without an aws:SourceArn condition/ },
            { title: "no SourceArn", resources: statementChanged("nightly-role", "ThisStateMachineOnly", (s) => ({ ...s, Condition: { StringEquals: s.Condition!.StringEquals } }), "assumeRolePolicy"), expect: /Step Functions is trusted without an aws:SourceArn condition naming the state machine/ },
            { title: "no SourceAccount, and a SourceArn over every account", resources: statementChanged("adhoc-role", "ThisStateMachineOnly", (s) => ({ ...s, Condition: { ArnLike: { "aws:SourceArn": "arn:aws:states:us-east-1:*:stateMachine:adhoc" } } }), "assumeRolePolicy"), expect: /Step Functions is trusted without an aws:SourceAccount condition[^]*admits every account/ },
            { title: "a SourceAccount that admits any account (StringLike)", resources: statementChanged("nightly-role", "ThisStateMachineOnly", (s) => ({ ...s, Condition: { ArnLike: s.Condition!.ArnLike, StringLike: { "aws:SourceAccount": "11112222333?" } } }), "assumeRolePolicy"), expect: /aws:SourceAccount \["11112222333\?"\] admits accounts other than a named one/ },
            { title: "every state machine of the account", resources: statementChanged("nightly-role", "ThisStateMachineOnly", (s) => ({ ...s, Condition: { ...s.Condition, ArnLike: { "aws:SourceArn": `${STATES}:stateMachine:*` } } }), "assumeRolePolicy"), expect: /aws:SourceArn "arn:aws:states:us-east-1:111122223333:stateMachine:\*" is not one state machine/ },
            { title: "a state machine of another account", resources: statementChanged("nightly-role", "ThisStateMachineOnly", (s) => ({ ...s, Condition: { ...s.Condition, ArnLike: { "aws:SourceArn": NIGHTLY.replace("111122223333", "999988887777") } } }), "assumeRolePolicy"), expect: /names another account than aws:SourceAccount "111122223333"/ },
        ],
    },
    "launcher-start-job-run-one-application": {
        pass: [
            theExample,
            { title: "the data plane's LaunchRole (trusted by the control plane) keeps /applications/*", resources: () => stack(
                resource("aws:iam/role:Role", "launch", { name: "emr-dataplane-launch", assumeRolePolicy: toJson(happy.launchTrust()) }),
                resource("aws:iam/rolePolicy:RolePolicy", "launch-permissions", { role: "emr-dataplane-launch", policy: toJson(happy.launchPermissions()) })) },
        ],
        fail: [
            { title: "the state machine role on every application", resources: statementChanged("nightly-permissions", "StartJobRunsOnItsApplication", (s) => ({ ...s, Resource: arn.emrApplications(EXAMPLE_SCOPE) })), expect: /Statement\[1\] \(Sid StartJobRunsOnItsApplication\) lets role nightly-role-\w+ start job runs on "arn:aws:emr-serverless:us-east-1:111122223333:\/applications\/\*"/ },
            { title: "a Lambda role the launcher invokes, on *", resources: withLambda({ Effect: "Allow", Action: "emr-serverless:StartJobRun", Resource: "*" }), expect: /lets role adhoc-lambda start job runs on "\*"/ },
            { title: "an application id prefix", resources: statementChanged("nightly-permissions", "StartJobRunsOnItsApplication", (s) => ({ ...s, Resource: `${s.Resource}`.replace(/\/applications\/(..).*$/, "/applications/$1*") })), expect: /start job runs on "arn:aws:emr-serverless:us-east-1:111122223333:\/applications\/00\*"/ },
        ],
    },
    "ssm-parameter-reads-exact": {
        pass: [
            theExample,
            { title: "ssm:DescribeParameters on * (lists names, reads no value)", resources: () => holding.rolePolicy(doc({ Effect: "Allow", Action: "ssm:DescribeParameters", Resource: "*" })) },
        ],
        fail: [
            { title: "every catalog parameter", resources: statementChanged("nightly-permissions", "ReadItsLaunchDefinition", (s) => ({ ...s, Resource: `${PARAMETERS}/emr-dataplane/*` })), expect: /grants ssm:GetParameter on "arn:aws:ssm:us-east-1:111122223333:parameter\/emr-dataplane\/\*"; name each catalog parameter by its exact ARN/ },
            { title: "a parameter outside the catalog", resources: statementChanged("adhoc-permissions", "ReadItsLaunchDefinition", (s) => ({ ...s, Resource: [...(s.Resource as string[]), `${PARAMETERS}/prod/database-password`] })), expect: /on "arn:aws:ssm:us-east-1:111122223333:parameter\/prod\/database-password"/ },
            { title: "GetParametersByPath on the profiles", resources: statementChanged("nightly-permissions", "ReadItsLaunchDefinition", (s) => ({ ...s, Action: "ssm:GetParametersByPath", Resource: `${PARAMETERS}/emr-dataplane/profiles` })), expect: /grants ssm:GetParametersByPath, which reads every parameter under a path/ },
            { title: "ssm:Get* on *", resources: () => holding.rolePolicy(doc({ Effect: "Allow", Action: "ssm:Get*", Resource: "*" })), expect: /grants ssm:GetParameter, ssm:GetParameters, ssm:GetParameterHistory, ssm:GetParametersByPath on "\*"/ },
        ],
    },
    "secret-reads-scoped": {
        pass: [
            theExample,
            { title: "the runtime role reads one secret itself (job code that calls Secrets Manager), by its full ARN", resources: runtimeRoleReads(`${SECRETS}:analytics/metastore-password-AbCdEf`) },
            // A secret's own qualified form: its name with ?????? for the six random characters of its ARN.
            { title: "a secret's name with -?????? for its random suffix", resources: runtimeRoleReads(`${SECRETS}:analytics/metastore-password-??????`) },
        ],
        fail: [
            { title: "every secret", resources: runtimeRoleReads("*"), expect: /Statement\[0\] \(Sid JobCodeReadsItsSecret\) reads secrets "\*", which is not one secret's full ARN/ },
            { title: "a secret's name without its 6-character suffix", resources: runtimeRoleReads(`${SECRETS}:analytics/metastore-password`), expect: /reads secrets "arn:aws:secretsmanager:us-east-1:111122223333:secret:analytics\/metastore-password", which is not one secret's full ARN/ },
            { title: "a name pattern", resources: runtimeRoleReads(`${SECRETS}:analytics/*`), expect: /secret:analytics\/\*", which is not one secret's full ARN/ },
            { title: "the state machine role reads the secret too", resources: statementsAdded("adhoc-permissions", { Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: `${SECRETS}:analytics/metastore-password-AbCdEf` }), expect: /lets adhoc-role-\w+ read secrets, which is not a job runtime role/ },
            { title: "a caller policy (attached to a role outside the stack) reads it", resources: statementsAdded("nightly-caller-policy", { Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: `${SECRETS}:analytics/metastore-password-AbCdEf` }), expect: /lets role_trusted_user read secrets/ },
            { title: "a Lambda role reads it", resources: withLambda({ Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: `${SECRETS}:analytics/metastore-password-AbCdEf` }), expect: /lets adhoc-lambda read secrets, which is not a job runtime role/ },
            { title: "the read given to another role of the account", resources: runtimeRoleReads(`${SECRETS}:analytics/metastore-password-AbCdEf`, "acme-admin"), expect: /lets acme-admin read secrets, which is not a job runtime role/ },
        ],
    },
    "tenant-launcher-execution-policy": {
        pass: [
            { title: "the example launchers, tenant acme's: each passes acme's policy from the plane's message", resources: () => example.resources },
            { title: "a definition not known until apply", resources: () => withChange(example.resources, "nightly-state-machine", (p) => { p.definition = UNKNOWN_SENTINELS.string; }) },
        ],
        fail: [
            { title: "a launcher whose StartJobRun drops the tenant's policy", resources: definitionChanged("nightly", (d) => { delete startJobRun(d).ExecutionIamPolicy; }), expect: /States\.StartJobRun starts a job run without an ExecutionIamPolicy; launch profile analytics\/default names tenant acme/ },
            { title: "a launcher taking the policy from its input", resources: definitionChanged("nightly", (d) => { delete startJobRun(d).ExecutionIamPolicy; startJobRun(d)["ExecutionIamPolicy.$"] = "$.policy"; }), expect: /takes ExecutionIamPolicy from execution data/ },
            { title: "a launcher passing a wider policy than its tenant's", resources: definitionChanged("nightly", (d) => { startJobRun(d).ExecutionIamPolicy = { Policy: toJson(doc({ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::vendor-emr-logs-111122223333/*" })) }; }), expect: /passes an ExecutionIamPolicy other than tenant acme's/ },
        ],
    },
};
