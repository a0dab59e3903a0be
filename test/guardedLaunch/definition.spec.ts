import { expect } from "chai";
import { LAUNCH_ERRORS, LauncherDefinitionInput, launcherDefinition } from "../../components/guardedLaunch";
import { Definition, aslValidatorErrors, stringsIn, transitionProblems, transitionsOf } from "../helpers/asl";
import { Fixture, NIGHTLY_ARGS, RUNTIME_ROLE, launchFixture } from "../helpers/guardedLaunch";

const HIVE_INPUT: LauncherDefinitionInput = {
    title: "t/p + t/c",
    profileParameterName: "/emr-dataplane/profiles/t/p",
    profileDocumentJson: "{}",
    configurationParameterName: "/emr-dataplane/configurations/t/c",
    applicationId: "00abcdef01234567",
    applicationType: "HIVE",
    runtimeRoleArn: RUNTIME_ROLE,
    logUri: "s3://b/logs/",
    kmsKeyArn: "arn:aws:kms:eu-west-1:444455556666:key/k",
    allowedOverrides: { reducers: { sets: "mapreduce.job.reduces", min: 1, max: 50 } },
};

/** The paths a state reads the execution's data with (ResultSelector reads the task's own result, ResultPath writes). */
function statePaths(state: Record<string, any>): unknown {
    const { ResultSelector: _result, ResultPath: _write, Next: _n, Default: _d, Comment: _c, Cause: _cause, ...reads } = state;
    return reads;
}

describe("the launcher's state machine definition (Amazon States Language)", () => {
    let f: Fixture;
    let nightly: Definition & Record<string, any>;
    let adhoc: Definition & Record<string, any>;
    before(async () => {
        f = await launchFixture();
        nightly = JSON.parse(f.nightly.definition);
        adhoc = JSON.parse(f.adhoc.definition);
    });

    describe("is valid ASL", () => {
        for (const variant of ["nightly", "adhoc", "hive"] as const) {
            it(`${variant}: every transition leads to a state, every state is reachable and ends properly`, () => {
                const def = variant === "nightly" ? nightly : variant === "adhoc" ? adhoc : launcherDefinition(HIVE_INPUT);
                expect(transitionProblems(def)).to.deep.equal([]);
                const terminal = Object.entries(def.States).filter(([, s]) => transitionsOf(s).length === 0).map(([, s]) => s.Type);
                expect([...new Set(terminal)].sort()).to.deep.equal(["Fail", "Succeed"]);
            });
            it(`${variant}: passes asl-validator's schema, JSONPath and intrinsic-function checks`, () => {
                const def = variant === "nightly" ? nightly : variant === "adhoc" ? adhoc : launcherDefinition(HIVE_INPUT);
                expect(aslValidatorErrors(def)).to.deep.equal([]);
            });
        }

        it("the transition check itself finds broken definitions", () => {
            const broken = {
                StartAt: "A",
                States: {
                    A: { Type: "Pass", Next: "Missing" },
                    B: { Type: "Choice", Choices: [], Default: "A" },
                    C: { Type: "Fail", Next: "A" },
                    D: { Type: "Task", Resource: "x", Next: "A", End: true },
                },
            };
            expect(transitionProblems(broken)).to.deep.equal([
                'A: goes to "Missing", which is not a state',
                "B: a Choice state needs Choices",
                "C: a Fail state ends the execution and takes no Next or End",
                "D: a Task state needs exactly one of Next and End: true",
                "B: is not reachable from StartAt", "C: is not reachable from StartAt", "D: is not reachable from StartAt",
            ]);
        });
    });

    describe("pins the profile at deploy time (threat 2)", () => {
        it("starts job runs with the profile's role as a literal, never a path into state or input", () => {
            expect(nightly.States.StartJobRun.Resource).to.equal("arn:aws:states:::emr-serverless:startJobRun.sync");
            expect(nightly.States.StartJobRun.Parameters.ExecutionRoleArn).to.equal(RUNTIME_ROLE);
            expect(nightly.States.StartJobRun.Parameters.ApplicationId).to.equal(f.nightly.applicationId);
            expect(nightly.States.StartJobRun.Parameters.ConfigurationOverrides).to.deep.equal({
                MonitoringConfiguration: { S3MonitoringConfiguration: { LogUri: "s3://acme-resources/logs/analytics/default/" } },
            });
            for (const def of [nightly, adhoc]) {
                expect(stringsIn(def).filter((s) => s.key === "<key>" && /RoleArn\.\$$/.test(s.value))).to.deep.equal([]);
            }
        });

        it("reads the profile parameter only to compare it, byte for byte, with the text deployed", () => {
            expect(nightly.States.LoadProfile.Parameters).to.deep.equal({ Name: "/emr-dataplane/profiles/analytics/default" });
            expect(nightly.States.VerifyProfile.Choices).to.deep.equal([{ Variable: "$.profile.value", StringEquals: f.documents.profile, Next: "LoadConfiguration" }]);
            expect(nightly.States.VerifyProfile.Default).to.equal("ProfileModified");
            expect(nightly.States.ProfileModified).to.include({ Type: "Fail", Error: LAUNCH_ERRORS.profileModified });
            const readers = Object.entries(nightly.States).filter(([, s]) => stringsIn(statePaths(s)).some((x) => x.value.includes("$.profile")));
            expect(readers.map(([name]) => name)).to.deep.equal(["VerifyProfile"]);
        });

        it("takes nothing from the caller's input but its overrides", () => {
            const paths = Object.values(nightly.States).flatMap((state) => stringsIn(statePaths(state)).map((s) => s.value));
            const roots = new Set(paths.flatMap((p) => [...p.matchAll(/(?<!\$)\$\.([A-Za-z]+)/g)].map((m) => m[1])));
            expect([...roots].sort()).to.deep.equal(["clientToken", "configuration", "failure", "jobRun", "overrideCount", "overrides", "profile", "run"]);
            // All but "overrides" and "clientToken" are places this definition writes to (a ResultPath) before reading them.
            const resultPaths = Object.values(nightly.States).flatMap((state) => [state.ResultPath, ...(state.Catch ?? []).map((c: any) => c.ResultPath)]);
            const written = new Set(resultPaths.map((p) => /^\$\.([A-Za-z]+)/.exec(p ?? "")?.[1]).filter(Boolean));
            expect([...roots].filter((r) => !written.has(r)).sort()).to.deep.equal(["clientToken", "overrides"]);
            // The first state keeps the overrides and replaces everything else, a caller's "clientToken" too, by the
            // token derived from the execution's ARN: the same on every retry of StartJobRun, and not the caller's.
            const token = { "clientToken.$": "States.Hash($$.Execution.Id, 'SHA-256')" };
            expect(nightly.States.TakeOverrides.Parameters).to.deep.equal({ "overrides.$": "$.overrides", ...token });
            expect(nightly.States.NoOverrides.Parameters).to.deep.equal({ overrides: {}, ...token });
            expect(nightly.States.StartJobRun.Parameters["ClientToken.$"]).to.equal("$.clientToken");
            expect(nightly.StartAt).to.equal("ReadInput");
        });
    });

    describe("applies caller overrides only from the allow-list, within bounds", () => {
        it("has one check per allowed override with the configuration's bounds, failing anything else", () => {
            for (const [name, rule] of Object.entries(NIGHTLY_ARGS.allowedOverrides!)) {
                const check = nightly.States[`CheckOverride_${name}`];
                expect(check.Default).to.equal("OverrideOutOfRange");
                expect(check.Choices[0]).to.deep.equal({ Not: { Variable: `$.overrides.${name}`, IsPresent: true }, Next: check.Choices[0].Next });
                expect(check.Choices[1].And).to.deep.equal([
                    { Variable: `$.overrides.${name}`, IsNumeric: true },
                    { Variable: `$.overrides.${name}`, NumericGreaterThanEquals: rule.min },
                    { Variable: `$.overrides.${name}`, NumericLessThanEquals: rule.max },
                ]);
            }
            expect(nightly.States.AllOverridesAllowed.Choices).to.deep.equal([{ Variable: "$.overrideCount.keys", NumericEqualsPath: "$.run.applied", Next: "StartJobRun" }]);
            expect(nightly.States.AllOverridesAllowed.Default).to.equal("OverrideNotAllowed");
        });

        it("appends a Spark property as the last --conf (with its unit), and rounds the timeout to whole minutes", () => {
            expect(nightly.States.ApplyOverride_executorMemory.Parameters["submitParameters.$"])
                .to.equal("States.Format('{} --conf spark.executor.memory={}g', $.run.submitParameters, $.overrides.executorMemory)");
            expect(nightly.States.ApplyOverride_timeout.Parameters["executionTimeoutMinutes.$"]).to.equal("States.MathAdd($.overrides.timeout, 0)");
            const hive = launcherDefinition(HIVE_INPUT) as Definition & Record<string, any>;
            expect(hive.States.ApplyOverride_reducers.Parameters["submitParameters.$"])
                .to.equal("States.Format('{} --hiveconf mapreduce.job.reduces={}', $.run.submitParameters, $.overrides.reducers)");
            expect(hive.States.StartJobRun.Parameters).to.deep.include({
                JobDriver: { Hive: { "Query.$": "$.configuration.document.job.entryPoint", "Parameters.$": "$.run.submitParameters" } },
                ConfigurationOverrides: { MonitoringConfiguration: { S3MonitoringConfiguration: { LogUri: "s3://b/logs/", EncryptionKeyArn: HIVE_INPUT.kmsKeyArn } } },
            });
        });

        it("with no allowed overrides, accepts only an empty set of overrides", () => {
            expect(adhoc.States.CountOverrides.Next).to.equal("AllOverridesAllowed");
            expect(Object.keys(adhoc.States).filter((n) => n.startsWith("CheckOverride_"))).to.deep.equal([]);
            expect(adhoc.States.OverrideNotAllowed.Cause).to.contain("this launcher allows no overrides");
        });
    });

    describe("survives retries: one client token per execution, the timeout, and the job's retry policy when asked", () => {
        it("sends the same StartJobRun fields as dataplane launch, from the one builder (launcher/startJobRun.ts)", () => {
            const params = nightly.States.StartJobRun.Parameters;
            expect(Object.keys(params)).to.deep.equal(["ApplicationId", "ExecutionRoleArn", "Name.$", "ClientToken.$", "ExecutionTimeoutMinutes.$", "JobDriver", "ConfigurationOverrides"]);
            expect(params["ExecutionTimeoutMinutes.$"]).to.equal("$.run.executionTimeoutMinutes");
            expect(params).not.to.have.property("RetryPolicy");
        });

        it("a configuration with jobAttempts: RetryPolicy.MaxAttempts, a literal fixed at deploy time; the HIVE driver keeps its fields", () => {
            const def = launcherDefinition({ ...HIVE_INPUT, applicationType: "SPARK", allowedOverrides: {}, maxAttempts: 3 });
            expect(def.States.StartJobRun.Parameters).to.deep.include({ RetryPolicy: { MaxAttempts: 3 } });
            expect(aslValidatorErrors(def)).to.deep.equal([]);
            const hive = launcherDefinition(HIVE_INPUT).States.StartJobRun.Parameters as Record<string, any>;
            expect(hive.JobDriver).to.deep.equal({ Hive: { "Query.$": "$.configuration.document.job.entryPoint", "Parameters.$": "$.run.submitParameters" } });
        });
    });

    describe("keeps secret values out (adhoc)", () => {
        it("names no secret value and no secret-looking field; the only secret text is the references EMR Serverless resolves", () => {
            for (const def of [nightly, adhoc]) {
                const text = JSON.stringify(def);
                expect(text).not.to.match(/GetSecretValue|secretsmanager:getSecretValue/i);
                // Secret-looking fields: none, apart from the Spark properties that carry references.
                const parameters = Object.values(def.States).map((state) => {
                    const { ConfigurationOverrides, ...rest } = (state.Parameters ?? {}) as Record<string, any>;
                    return { ...rest, ConfigurationOverrides: { ...ConfigurationOverrides, ApplicationConfiguration: undefined } };
                });
                const fields = parameters.flatMap((p) => stringsIn(p).filter((s) => s.key === "<key>").map((s) => s.value));
                // The job run's idempotency token is no secret (it is derived from the execution's ARN).
                expect(fields.filter((k) => /secret|password|token|credential/i.test(k) && !/^clientToken\.\$$/i.test(k))).to.deep.equal([]);
            }
            expect(JSON.stringify(nightly)).not.to.contain(f.secretArn);
            const properties = adhoc.States.StartJobRun.Parameters.ConfigurationOverrides.ApplicationConfiguration[0].Properties;
            expect(Object.values(properties)).to.deep.equal([`EMR.secret@${f.secretArn}`, `EMR.secret@${f.secretArn}`]);
        });

        it("starts the job run itself with the .sync integration, as without secrets: no Lambda, no polling loop", () => {
            const tasks = Object.values(adhoc.States).filter((s) => s.Type === "Task");
            expect(tasks.map((t) => t.Resource)).to.deep.equal([
                "arn:aws:states:::aws-sdk:ssm:getParameter", "arn:aws:states:::aws-sdk:ssm:getParameter",
                "arn:aws:states:::emr-serverless:startJobRun.sync",
            ]);
            expect(Object.values(adhoc.States).filter((s) => s.Type === "Wait")).to.deep.equal([]);
        });
    });
});
