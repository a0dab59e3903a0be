/**
 * The policy-pack half of the threat proofs (threats.spec.ts is the IAM-simulator half): the
 * whole pack, run as `dataplane preview` and `dataplane check` run it (`analyzeResources`), finds
 * nothing in the example launcher stack, and flags each variant with one pinning removed, naming
 * the rule that closes the threat:
 *   1. a caller launches a profile/configuration it is not authorized for;
 *   2. editing profile metadata makes a launch use another IAM role.
 * The variants are the registered stack with one document rebuilt by the same pure function the
 * components use, its pinned argument widened or swapped. If a component stops pinning, the
 * example itself has violations and the first test of each threat fails.
 */
import { expect } from "chai";
import { guardedLaunch } from "../../components";
import {
    PolicyDocument, emrServerlessSecretPolicy, launcherCallerPolicy, launcherStateMachinePermissions, secretsKeyPolicy, stateMachineTrustPolicy, toJson,
} from "../../components/iam";
import { RegisteredResource } from "../../engine/offline/run";
import { analyzeResources } from "../../engine/check/analyze";
import { POLICIES } from "../../policies/pack";
import { plus, withChange } from "../helpers/policy";
import { Statement } from "../../components/iam";
import { EXAMPLE_RUNTIME_ROLE, EXAMPLE_SCOPE, launcherExample } from "../helpers/guardedLaunch";
import { input, one } from "../helpers/offline";

const { configurationParameterName, launcherDefinition, profileParameterName } = guardedLaunch;
const OTHER_ROLE = "arn:aws:iam::111122223333:role/acme-admin";
const PROFILE = profileParameterName("analytics", "default");
const NIGHTLY = configurationParameterName("analytics", "nightly");

/** The rules that close each threat (the generic PassRole rules included). */
const THREAT_1 = ["start-execution-exact-state-machines", "state-machine-role-trust", "launcher-start-job-run-one-application", "ssm-parameter-reads-exact"];
const THREAT_2 = ["state-machine-role-not-from-input", "launcher-passes-profile-role", "secrets-launch-delegated", "iam-passrole-scoped", "launch-passrole-is-runtime-role"];

describe("threats from the EMR Launch design, judged by the policy pack", () => {
    let example: RegisteredResource[];
    /** Values of the example, as registered. */
    const of = (type: string, name: string) => one(example, type, name);
    const applicationId = (launcher: string) => of("aws:emrserverless/application:Application", `${launcher}-application`).id!;
    const arnOf = (type: string, name: string) => of(type, name).outputs.arn as string;
    /** The example with property `key` of resource `name` set to `value`. */
    const replaced = (name: string, key: string, value: unknown) => withChange(example, name, (p) => { p[key] = value; });
    /** The whole pack's violations of `resources`, as [rule, resource name, message]. */
    const verdict = async (resources: RegisteredResource[]) =>
        (await analyzeResources(resources)).map((v) => [v.policyName, v.urn?.split("::").pop(), v.message, v.enforcementLevel]);
    /** Asserts the pack flags `resources` with `rule` on resource `name`, mandatory, saying `message`. */
    async function expectFlagged(resources: RegisteredResource[], rule: string, name: string, message: RegExp) {
        const found = (await verdict(resources)).filter(([policy]) => policy === rule);
        expect(found.length, `${rule} flags it`).to.be.greaterThan(0);
        expect(found.map(([, resource]) => resource)).to.include(name);
        expect(found.map(([, , text]) => text).join("\n")).to.match(message);
        expect(found.every(([, , , level]) => level === "mandatory")).to.equal(true);
    }
    const nightlyPermissions = (change: Partial<Parameters<typeof launcherStateMachinePermissions>[0]>) => toJson(launcherStateMachinePermissions({
        scope: EXAMPLE_SCOPE, applicationId: applicationId("nightly"), runtimeRoleArn: EXAMPLE_RUNTIME_ROLE, parameterNames: [PROFILE, NIGHTLY], ...change,
    }));

    before(async () => {
        example = await launcherExample();
    });

    it("the rules named below are in the pack, mandatory", () => {
        for (const name of [...THREAT_1, ...THREAT_2]) expect(POLICIES.find((p) => p.name === name)?.enforcementLevel, name).to.equal("mandatory");
    });

    it("the example launcher stack: no violation of any rule", async () => {
        expect(await verdict(example)).to.deep.equal([]);
    });

    it("the variants below change one thing: rebuilt unchanged, each document is what was registered", () => {
        expect(nightlyPermissions({})).to.equal(input(of("aws:iam/rolePolicy:RolePolicy", "nightly-permissions"), "policy"));
        expect(toJson(launcherCallerPolicy(EXAMPLE_SCOPE, "launch_analytics_default_nightly"))).to.equal(input(of("aws:iam/policy:Policy", "nightly-caller-policy"), "policy"));
        expect(toJson(stateMachineTrustPolicy(EXAMPLE_SCOPE, "launch_analytics_default_nightly"))).to.equal(input(of("aws:iam/role:Role", "nightly-role"), "assumeRolePolicy"));
    });

    describe("1: a caller launches a profile/configuration it is not authorized for", () => {
        it("a caller policy for every launcher (start-execution-exact-state-machines)", async () => {
            await expectFlagged(replaced("nightly-caller-policy", "policy", toJson(launcherCallerPolicy(EXAMPLE_SCOPE, "*"))),
                "start-execution-exact-state-machines", "nightly-caller-policy", /starts executions of "arn:aws:states:us-east-1:111122223333:stateMachine:\*", which is not one state machine/);
        });

        it("…or for every launcher of the namespace, by name prefix", async () => {
            await expectFlagged(replaced("nightly-caller-policy", "policy", toJson(launcherCallerPolicy(EXAMPLE_SCOPE, "launch_analytics_*"))),
                "start-execution-exact-state-machines", "nightly-caller-policy", /stateMachine:launch_analytics_\*", which is not one state machine/);
        });

        it("a launcher's role that any state machine of the account may use (state-machine-role-trust)", async () => {
            await expectFlagged(replaced("nightly-role", "assumeRolePolicy", toJson(stateMachineTrustPolicy(EXAMPLE_SCOPE, "*"))),
                "state-machine-role-trust", "nightly-role", /aws:SourceArn "arn:aws:states:us-east-1:111122223333:stateMachine:\*", .* is not one state machine/);
        });

        it("a launcher that may start job runs on any application, another configuration's included (launcher-start-job-run-one-application)", async () => {
            await expectFlagged(replaced("nightly-permissions", "policy", nightlyPermissions({ applicationId: "*" })),
                "launcher-start-job-run-one-application", "nightly-permissions", /start job runs on "arn:aws:emr-serverless:us-east-1:111122223333:\/applications\/\*"/);
        });

        it("a launcher that reads every definition of the catalog (ssm-parameter-reads-exact)", async () => {
            await expectFlagged(replaced("nightly-permissions", "policy", nightlyPermissions({ parameterNames: ["/emr-dataplane/*"] })),
                "ssm-parameter-reads-exact", "nightly-permissions", /ssm:GetParameter on "arn:aws:ssm:us-east-1:111122223333:parameter\/emr-dataplane\/\*"/);
        });
    });

    describe("2: editing profile metadata makes a launch use another role", () => {
        const nightlyDefinition = (runtimeRoleArn: string) => {
            const profile = input(of("aws:ssm/parameter:Parameter", "default-parameter"), "insecureValue") as string;
            const configuration = JSON.parse(input(of("aws:ssm/parameter:Parameter", "nightly-parameter"), "insecureValue"));
            return JSON.stringify(launcherDefinition({
                title: "analytics/default + analytics/nightly", profileParameterName: PROFILE, profileDocumentJson: profile, configurationParameterName: NIGHTLY,
                applicationId: applicationId("nightly"), applicationType: "SPARK", runtimeRoleArn, logUri: JSON.parse(profile).logUri,
                allowedOverrides: configuration.allowedOverrides,
                // The example is tenant acme's (its profile names the tenant): the launch passes acme's policy.
                tenantId: JSON.parse(profile).tenant.id, executionIamPolicy: JSON.parse(profile).tenant.executionIamPolicy,
            }));
        };
        const secretArn = () => arnOf("aws:secretsmanager/secret:Secret", "metastore-password-secret");

        it("rebuilt unchanged, the nightly definition is what was registered", () => {
            expect(nightlyDefinition(EXAMPLE_RUNTIME_ROLE)).to.equal(input(of("aws:sfn/stateMachine:StateMachine", "nightly-state-machine"), "definition"));
        });

        it("the state machine role may pass any role (iam-passrole-scoped, launcher-passes-profile-role)", async () => {
            const variant = replaced("nightly-permissions", "policy", nightlyPermissions({ runtimeRoleArn: "*" }));
            await expectFlagged(variant, "iam-passrole-scoped", "nightly-permissions", /iam:PassRole on "\*" lets the holder pass any role/);
            await expectFlagged(variant, "launcher-passes-profile-role", "nightly-permissions", /passes "\*"; it may pass the runtime role of its profile/);
        });

        it("the state machine role passes another role, named exactly: only the profile tells it apart (launcher-passes-profile-role alone)", async () => {
            const variant = replaced("nightly-permissions", "policy", nightlyPermissions({ runtimeRoleArn: OTHER_ROLE }));
            expect([...new Set((await verdict(variant)).map(([rule]) => rule))]).to.deep.equal(["launcher-passes-profile-role"]);
            await expectFlagged(variant, "launcher-passes-profile-role", "nightly-permissions", /passes "arn:aws:iam::111122223333:role\/acme-admin"; it may pass the runtime role of its profile \(\/emr-dataplane\/profiles\/analytics\/default: arn:aws:iam::111122223333:role\/emr-dataplane-job-runtime\)/);
        });

        it("the definition names another role than its profile (launcher-passes-profile-role)", async () => {
            await expectFlagged(replaced("nightly-state-machine", "definition", nightlyDefinition(OTHER_ROLE)),
                "launcher-passes-profile-role", "nightly-state-machine", /definition States\.StartJobRun\.Parameters\.ExecutionRoleArn is arn:aws:iam::111122223333:role\/acme-admin/);
        });

        it("the definition takes the role from the profile it loads, so an edited profile would choose it (state-machine-role-not-from-input)", async () => {
            const definition = JSON.parse(nightlyDefinition(EXAMPLE_RUNTIME_ROLE));
            const { ExecutionRoleArn, ...parameters } = definition.States.StartJobRun.Parameters;
            expect(ExecutionRoleArn).to.equal(EXAMPLE_RUNTIME_ROLE);
            definition.States.StartJobRun.Parameters = { ...parameters, "ExecutionRoleArn.$": "$.profile.runtimeRoleArn" };
            await expectFlagged(replaced("nightly-state-machine", "definition", JSON.stringify(definition)),
                "state-machine-role-not-from-input", "nightly-state-machine", /definition States\.StartJobRun\.Parameters\.ExecutionRoleArn\.\$ takes the role from execution data/);
        });

        it("the state machine's role reads the secret too (secret-reads-scoped): only the runtime role may", async () => {
            const registered = JSON.parse(input(of("aws:iam/rolePolicy:RolePolicy", "adhoc-permissions"), "policy"));
            const read: Statement = { Sid: "ReadSecret", Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: [secretArn()] };
            await expectFlagged(replaced("adhoc-permissions", "policy", toJson(plus(registered, read))),
                "secret-reads-scoped", "adhoc-permissions", /lets adhoc-role-\w+ read secrets, which is not a job runtime role/);
        });
    });

    describe("the secret EMR Serverless resolves: exactly the page's shape passes, every wider one is flagged", () => {
        const ACCOUNT = EXAMPLE_SCOPE.accountId;
        const APPLICATIONS = `arn:aws:emr-serverless:${EXAMPLE_SCOPE.region}:${ACCOUNT}:/applications/*`;
        const registeredPolicy = (): PolicyDocument => JSON.parse(input(of("aws:secretsmanager/secretPolicy:SecretPolicy", "metastore-password-policy"), "policy"));
        const withPolicy = (change: (d: any) => void) => {
            const d = structuredClone(registeredPolicy()) as any;
            change(d);
            return replaced("metastore-password-policy", "policy", JSON.stringify(d));
        };
        const secretRules = async (resources: RegisteredResource[]) => (await verdict(resources)).filter(([rule]) => /secret/.test(String(rule)));

        it("rebuilt unchanged, the secret's policy (the adhoc launcher's application only) and its key's policy are what was registered, and the pack passes them", async () => {
            const adhocApplication = String(of("aws:emrserverless/application:Application", "adhoc-application").outputs.arn);
            expect(adhocApplication).to.match(new RegExp(`^arn:aws:emr-serverless:${EXAMPLE_SCOPE.region}:${ACCOUNT}:/applications/[0-9a-z]+$`));
            expect(toJson(emrServerlessSecretPolicy({ accountId: ACCOUNT, applicationArns: [adhocApplication] }))).to.equal(input(of("aws:secretsmanager/secretPolicy:SecretPolicy", "metastore-password-policy"), "policy"));
            expect(toJson(secretsKeyPolicy("aws", ACCOUNT, EXAMPLE_SCOPE.region))).to.equal(input(of("aws:kms/key:Key", "metastore-password-key"), "policy"));
            expect(await secretRules(example)).to.deep.equal([]);
        });

        it("narrowed to one application, exactly (ArnLike, ArnEquals or StringEquals with the exact ARN): still passes", async () => {
            const one_ = `arn:aws:emr-serverless:${EXAMPLE_SCOPE.region}:${ACCOUNT}:/applications/00f1abcd2345`;
            for (const operator of ["ArnLike", "ArnEquals", "StringEquals"]) {
                const variant = withPolicy((d) => { delete d.Statement[0].Condition.ArnLike; d.Statement[0].Condition[operator] = { ...(d.Statement[0].Condition[operator] ?? {}), "aws:SourceArn": one_ }; });
                expect(await secretRules(variant), operator).to.deep.equal([]);
            }
        });

        const wider: [string, (d: any) => void, RegExp][] = [
            ["admitting every principal", (d) => { d.Statement[0].Principal = "*"; }, /admits every principal/],
            ["admitting another account's role beside the service", (d) => { d.Statement[0].Principal = { Service: "emr-serverless.amazonaws.com", AWS: "arn:aws:iam::999988887777:role/admin" }; }, /admits AWS:arn:aws:iam::999988887777:role\/admin/],
            ["with no source condition", (d) => { delete d.Statement[0].Condition; }, /without an aws:SourceAccount condition/],
            ["with aws:SourceArn of every account", (d) => { d.Statement[0].Condition.ArnLike["aws:SourceArn"] = "arn:aws:emr-serverless:*:*:/applications/*"; delete d.Statement[0].Condition.StringEquals; }, /admits every account/],
            ["with aws:SourceArn only if it exists", (d) => { d.Statement[0].Condition = { ArnLikeIfExists: { "aws:SourceArn": APPLICATIONS }, StringEquals: { "aws:SourceAccount": ACCOUNT } }; }, /without an aws:SourceArn condition/],
            ["with the page's StringEquals and wildcards (matches nothing)", (d) => { d.Statement[0].Condition = { StringEquals: { "aws:SourceArn": `arn:aws:emr-serverless:*:${ACCOUNT}:/applications/*` } }; }, /StringEquals matches aws:SourceArn .* literally/],
            ["with aws:SourceArn naming another service's resources", (d) => { d.Statement[0].Condition.ArnLike["aws:SourceArn"] = `arn:aws:states:${EXAMPLE_SCOPE.region}:${ACCOUNT}:stateMachine:*`; }, /is not an EMR Serverless application/],
            ["letting the service write the secret", (d) => { d.Statement[0].Action = ["secretsmanager:*"]; }, /lets EMR Serverless secretsmanager:\*/],
        ];
        for (const [what, change, message] of wider) {
            it(`the secret's policy ${what} (secret-policy-emr-serverless-only)`, async () => {
                await expectFlagged(withPolicy(change), "secret-policy-emr-serverless-only", "metastore-password-policy", message);
            });
        }

        const keyStatement = (change: (s: any) => void) => {
            const d = JSON.parse(input(of("aws:kms/key:Key", "metastore-password-key"), "policy"));
            change(d.Statement.find((s: any) => s.Sid === "EmrServerlessDecryptsThroughSecretsManager"));
            return replaced("metastore-password-key", "policy", JSON.stringify(d));
        };
        const widerKey: [string, (s: any) => void, RegExp][] = [
            ["used directly", (s) => { delete s.Condition; }, /lets EMR Serverless use the key directly/],
            ["through S3", (s) => { s.Condition.StringEquals["kms:ViaService"] = `s3.${EXAMPLE_SCOPE.region}.amazonaws.com`; }, /admits other ways than Secrets Manager/],
            ["to encrypt and administer", (s) => { s.Action = "kms:*"; }, /lets EMR Serverless kms:\*/],
        ];
        for (const [what, change, message] of widerKey) {
            it(`the key lets EMR Serverless decrypt ${what} (secret-key-emr-serverless-via-secrets-manager)`, async () => {
                await expectFlagged(keyStatement(change), "secret-key-emr-serverless-via-secrets-manager", "metastore-password-key", message);
            });
        }

        it("the secret encrypted with the AWS managed key, or with no key (launch-secrets-resolvable)", async () => {
            for (const kmsKeyId of [undefined, "alias/aws/secretsmanager"]) {
                const variant = withChange(example, "metastore-password-secret", (p) => { if (kmsKeyId === undefined) delete p.kmsKeyId; else p.kmsKeyId = kmsKeyId; });
                await expectFlagged(variant, "launch-secrets-resolvable", "metastore-password-secret", /is encrypted with the AWS managed key aws\/secretsmanager; EMR Serverless reads only secrets encrypted with a customer managed key/);
            }
        });

        it("the secret with no resource policy for EMR Serverless (launch-secrets-resolvable)", async () => {
            const variant = example.filter((r) => r.name !== "metastore-password-policy");
            await expectFlagged(structuredClone(variant), "launch-secrets-resolvable", "metastore-password-secret", /has no resource policy admitting emr-serverless\.amazonaws\.com, so the job run fails when it starts/);
        });
    });
});
