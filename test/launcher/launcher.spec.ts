import { expect } from "chai";
import * as fs from "fs";
import * as http from "http";
import * as path from "path";
import { main } from "../../cli/main";
import { previewDocument } from "../../cli/run/preview";
import { loadWorldFile, previewStack } from "../../engine/preview/preview";
import { toAwsCallError } from "../../launcher/aws";
import { sparkSubmitParameters, waitForJobRun } from "../../launcher/launch";
import { LaunchOptions, ProgressEvent } from "../../launcher/options";
import { isUserError } from "../../vocabulary/userError";
import { jobInputs } from "../../cli/run/launch";
import { MessageFileError, readMessageFile } from "../../launcher/messageFile";
import { InvalidMessageError } from "../../message";
import { PRIVATE_MESSAGE, SHARED_MESSAGE } from "../helpers/messages";
import { tempDir } from "../helpers/tempDir";

const ROOT = path.resolve(__dirname, "../..");
const PRIVATE_PLANE = "my-org/emr-dataplane/private-example";

let dir: string;
function file(name: string, content: unknown): string {
    const f = path.join(dir, name);
    fs.writeFileSync(f, typeof content === "string" ? content : JSON.stringify(content));
    return f;
}

describe("launcher", () => {
    before(() => {
        dir = tempDir("launcher-");
    });

    describe("message files", () => {
        it("reads the plain message and a stack's outputs", () => {
            expect(readMessageFile(file("m.json", PRIVATE_MESSAGE))).to.deep.equal(PRIVATE_MESSAGE);
            expect(readMessageFile(file("outputs.json", { controlPlaneMessage: SHARED_MESSAGE, other: 1 }))).to.deep.equal(SHARED_MESSAGE);
        });

        it("reads the offline preview's --json --show-secrets document", async () => {
            const preview = await previewStack(path.join(ROOT, "Pulumi.private-example.yaml"));
            const doc = previewDocument(preview, true);
            expect(readMessageFile(file("preview.json", doc))).to.deep.equal(doc.outputs.controlPlaneMessage);
        });

        it("reads one plane of the control plane's registry, chosen with --plane", async () => {
            const cp = await previewStack(path.join(ROOT, "stacks/controlplane/Pulumi.example.yaml"), { world: loadWorldFile(path.join(ROOT, "stacks/controlplane/offline-world.yaml")) });
            const f = file("registry.json", previewDocument(cp, true));
            const m = readMessageFile(f, PRIVATE_PLANE);
            expect(m.jobLaunchArn).to.equal("arn:aws:iam::444455556666:role/emr-dataplane-launch");
            expect(m.externalId).to.match(/^[A-Za-z0-9]{40}$/);
            expect(() => readMessageFile(f)).to.throw(MessageFileError, `${f}: is a registry of planes: choose one with --plane (`);
            expect(() => readMessageFile(f, "org/p/none")).to.throw(MessageFileError, `${f}: has no plane org/p/none (planes: `);
        });

        const bad: [string, unknown, string][] = [
            ["a missing key", { ...SHARED_MESSAGE, resourceBucket: undefined }, "resourceBucket: is required"],
            ["a malformed role ARN", { ...SHARED_MESSAGE, jobRuntimeRoleArn: "arn:aws:iam::1234:role/r" }, 'jobRuntimeRoleArn: "arn:aws:iam::1234:role/r" is not a valid IAM role ARN'],
            ["a masked ExternalId", { ...PRIVATE_MESSAGE, externalId: "[secret]" }, 'externalId: is masked ("[secret]"): export the message with --show-secrets'],
            ["a launch role in another account than the plane", { ...PRIVATE_MESSAGE, jobLaunchArn: "arn:aws:iam::111122223333:role/l" },
                "jobLaunchArn: is in account 111122223333, but the plane (jobRuntimeRoleArn) is in 444455556666: the launch role must be the plane's own"],
        ];
        for (const [what, message, problem] of bad) {
            it(`refuses ${what}, naming the field`, () => {
                const f = file("bad.json", message);
                expect(() => readMessageFile(f)).to.throw(InvalidMessageError, `${f}: invalid control-plane message: ${problem}`);
            });
        }

        it("refuses an unreadable file, non-JSON, and a non-object", () => {
            expect(() => readMessageFile("/nonexistent/m.json")).to.throw(MessageFileError, "/nonexistent/m.json: cannot be read (ENOENT)");
            expect(() => readMessageFile(file("x.json", "{nope"))).to.throw(MessageFileError, /x\.json: is not JSON \(/);
            expect(() => readMessageFile(file("a.json", "[]"))).to.throw(MessageFileError, /a\.json: must hold a JSON object/);
        });
    });

    describe("dataplane launch: bad input is refused before any AWS call", () => {
        let server: http.Server;
        let endpoint: string;
        let requests: string[];
        const saved: Record<string, string | undefined> = {};
        before(async () => {
            // Stands in for AWS: counts requests and denies each one the way AWS's XML services do.
            server = http.createServer((req, res) => {
                requests.push(`${req.method} ${req.url} ${req.headers["x-amz-target"] ?? ""}`);
                req.resume();
                req.on("end", () => {
                    res.writeHead(403, { "content-type": "text/xml" });
                    res.end("<ErrorResponse><Error><Code>AccessDenied</Code><Message>not you</Message></Error></ErrorResponse>");
                });
            });
            await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
            endpoint = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
            for (const k of ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_PROFILE"]) saved[k] = process.env[k];
            Object.assign(process.env, { AWS_ACCESS_KEY_ID: "AKIAEXAMPLEEXAMPLE00", AWS_SECRET_ACCESS_KEY: "example" });
            delete process.env.AWS_PROFILE;
        });
        beforeEach(() => {
            requests = [];
        });
        after(async () => {
            for (const [k, v] of Object.entries(saved)) {
                if (v === undefined) delete process.env[k];
                else process.env[k] = v;
            }
            await new Promise((resolve) => server.close(resolve));
        });

        async function launch(...args: string[]) {
            const out: string[] = [];
            const err: string[] = [];
            const status = await main(["launch", ...args, "--endpoint-url", endpoint], (l) => out.push(l), (l) => err.push(l));
            return { status, out, err };
        }

        const refused: [string, () => string[], string | RegExp][] = [
            ["a message with a missing key", () => ["--message", file("m1.json", { ...PRIVATE_MESSAGE, subnetIds: undefined })], /: invalid control-plane message: subnetIds: is required$/],
            ["a message with a wrong ARN", () => ["--message", file("m2.json", { ...PRIVATE_MESSAGE, jobLaunchArn: "arn:aws:iam::444455556666:user/x" })],
                /: invalid control-plane message: jobLaunchArn: "arn:aws:iam::444455556666:user\/x" is not a valid IAM role ARN$/],
            ["no --message", () => [], /^error: dataplane launch: --message is required$/],
            ["a capacity that is not a number", () => ["--message", file("ok.json", SHARED_MESSAGE), "--max-vcpu", "lots"], 'error: dataplane launch: --max-vcpu must be a whole number from 1 to 4000, got "lots"'],
            ["a malformed release label", () => ["--message", file("ok.json", SHARED_MESSAGE), "--release-label", "7.1"], 'error: dataplane launch: --release-label must look like emr-7.12.0, got "7.1"'],
            ["an entry point that is not Python", () => ["--message", file("ok.json", SHARED_MESSAGE), "--entry-point", "/etc/hostname"], "error: dataplane launch: --entry-point must be a PySpark file (.py), got /etc/hostname"],
            ["a --conf that is not spark.key=value", () => ["--message", file("ok.json", SHARED_MESSAGE), "--conf", "executor.memory=4g"], 'error: dataplane launch: --conf must be spark.<property>=<value> without spaces, got "executor.memory=4g"'],
            ["a --conf value with a space (it would split the submit parameters)", () => ["--message", file("ok.json", SHARED_MESSAGE), "--conf", "spark.x=a --conf spark.y=b"], 'error: dataplane launch: --conf must be spark.<property>=<value> without spaces, got "spark.x=a --conf spark.y=b"'],
            ["a blank entry-point argument", () => ["--message", file("ok.json", SHARED_MESSAGE), "--", "--input_uri", " "], 'error: dataplane launch: an entry-point argument must not be blank, got " "'],
        ];
        it("--arg without its value (last on the line)", async () => {
            const out: string[] = [];
            const err: string[] = [];
            const status = await main(["launch", "--message", file("ok.json", SHARED_MESSAGE), "--arg"], (l) => out.push(l), (l) => err.push(l));
            expect(status).to.equal(2);
            expect(out).to.deep.equal([]);
            expect(err).to.have.length(1);
            expect(err[0]).to.match(/^error: dataplane launch: option '--arg <value>' argument missing/);
        });

        for (const [what, args, expected] of refused) {
            it(what, async () => {
                const r = await launch(...args());
                expect(r.status).to.equal(2);
                expect(r.out).to.deep.equal([]);
                expect(r.err).to.have.length(1);
                if (typeof expected === "string") expect(r.err[0]).to.equal(expected);
                else expect(r.err[0]).to.match(expected);
                expect(requests).to.deep.equal([]);
            });
        }

        it("launch() itself refuses bad options with a ValidationError naming the option, before any AWS call (library users get the command's checks)", async () => {
            const { launch } = await import("../../launcher/launch");
            const cases: [Partial<LaunchOptions>, string | RegExp][] = [
                [{ maxVcpu: 0 }, "maxVcpu: must be a whole number from 1 to 4000, got 0"],
                [{ maxMemoryGb: 16001 }, "maxMemoryGb: must be a whole number from 2 to 16000, got 16001"],
                [{ pollSeconds: 1.5 }, "pollSeconds: must be a whole number from 1 to 300, got 1.5"],
                [{ executionTimeoutMinutes: 1441 }, "executionTimeoutMinutes: must be a whole number from 1 to 1440, got 1441"],
                [{ releaseLabel: "7.1" }, 'releaseLabel: must look like emr-7.12.0, got "7.1"'],
                [{ applicationName: "my app" }, 'applicationName: must be 1-64 of letters, digits and ._/#-, got "my app"'],
                [{ sessionName: "x" }, 'sessionName: must be 2-64 of letters, digits and +=,.@-_, got "x"'],
                [{ entryPoint: { fileName: "job.sh", body: "echo" } }, 'entryPoint.fileName: must be a PySpark file name (letters, digits, ._-, ending .py), got "job.sh"'],
                [{ entryPointArguments: ["--input_uri", " "] }, 'entryPointArguments[1]: must not be blank, got " "'],
                [{ sparkProperties: { "spark.x": "a --conf spark.y=b" } }, 'sparkProperties["spark.x"]: must be a value without spaces, got "a --conf spark.y=b"'],
                [{ sparkProperties: { "executor.memory": "4g" } }, 'sparkProperties["executor.memory"]: must be named spark.<property>'],
                [{ message: { ...PRIVATE_MESSAGE, externalId: "[secret]" } }, /^message: invalid control-plane message: externalId: is masked/],
                [{ idempotencyKey: "nightly run 1" }, 'idempotencyKey: must be 1-64 of letters, digits and ._-, got "nightly run 1"'],
                [{ idempotencyKey: "k".repeat(65) }, /^idempotencyKey: must be 1-64 of letters, digits and \._-/],
                [{ jobAttempts: 11 }, "jobAttempts: must be a whole number from 1 to 10, got 11"],
                // The plane's own application is not the launcher's to shape: what a created application takes is refused beside it.
                [{ message: { ...SHARED_MESSAGE, applicationId: "00fabcd1234efg09" }, releaseLabel: "emr-7.1.0" }, "releaseLabel: only applies when the launcher creates its application; the message names the plane's own application 00fabcd1234efg09"],
                [{ message: { ...PRIVATE_MESSAGE, applicationId: "00fabcd1234efg09" }, applicationName: "smoke" }, "applicationName: only applies when the launcher creates its application; the message names the plane's own application 00fabcd1234efg09"],
            ];
            for (const [opts, expected] of cases) {
                const err = await launch({ message: SHARED_MESSAGE, aws: { endpoint }, ...opts }).then(() => undefined, (e: unknown) => e);
                expect(isUserError(err), JSON.stringify(opts)).to.equal(true);
                if (typeof expected === "string") expect((err as Error).message).to.equal(expected);
                else expect((err as Error).message).to.match(expected);
            }
            expect(requests).to.deep.equal([]);
        });

        it("while a valid message does reach AWS, and the denial is one line with the call, the resource and the code", async () => {
            const priv = await launch("--message", file("p.json", PRIVATE_MESSAGE), "--session-name", "unit");
            expect(priv.status).to.equal(1);
            expect(requests).to.have.length(1);
            expect(priv.err).to.deep.equal(["error: sts:AssumeRole on arn:aws:iam::444455556666:role/emr-dataplane-launch (session unit) failed: AccessDenied (HTTP 403): not you"]);

            requests = [];
            const shared = await launch("--message", file("s.json", SHARED_MESSAGE));
            expect(shared.status).to.equal(1);
            expect(requests).to.have.length(1);
            // The first call stages the entry point: an unreachable bucket stops the launch before anything is created.
            expect(requests[0]).to.match(/^PUT \/vendor-emr-logs-111122223333\/staging\/entry-points\/[0-9a-f]{16}\/emr_dataplane_smoke\.py/);
            expect(shared.err).to.have.length(1);
            expect(shared.err[0]).to.match(/^error: s3:PutObject on s3:\/\/vendor-emr-logs-111122223333\/staging\/entry-points\/[0-9a-f]{16}\/emr_dataplane_smoke\.py failed: AccessDenied \(HTTP 403\): not you$/);
            expect(shared.out).to.deep.equal(["[credentials] shared plane: launching with the control plane's own credentials"]);
        });
    });

    describe("the job's own inputs (--conf, --arg, and everything after --)", () => {
        it("keeps entry-point arguments in order, --arg first, and Spark properties by name (the last value wins)", () => {
            expect(jobInputs(["spark.executor.memory=4g", "spark.executor.memory=8g", "spark.sql.shuffle.partitions=8"], ["--group_by=vendor_id"], ["--input_uri", "s3://a/input/"])).to.deep.equal({
                entryPointArguments: ["--group_by=vendor_id", "--input_uri", "s3://a/input/"],
                sparkProperties: { "spark.executor.memory": "8g", "spark.sql.shuffle.partitions": "8" },
            });
        });

        it("puts the caller's properties after the launcher's defaults, replacing a default in place", () => {
            expect(sparkSubmitParameters({ "spark.executor.memory": "4g", "spark.sql.shuffle.partitions": "8" })).to.equal(
                "--conf spark.driver.cores=1 --conf spark.driver.memory=2g --conf spark.executor.cores=1 --conf spark.executor.memory=4g " +
                "--conf spark.executor.instances=1 --conf spark.dynamicAllocation.enabled=false --conf spark.sql.shuffle.partitions=8");
        });
    });

    describe("waiting for the job run", () => {
        it("polls until a terminal state, reporting each poll with the elapsed time", async () => {
            const states = ["SUBMITTED", "PENDING", "RUNNING", "RUNNING", "SUCCESS"];
            let clock = 0;
            const events: ProgressEvent[] = [];
            const final = await waitForJobRun(async () => ({ state: states.shift()! }), {
                jobRunId: "jr1", pollMs: 10_000, timeoutMs: 3_600_000, sleep: async (ms) => { clock += ms; }, now: () => clock, onProgress: (e) => events.push(e),
            });
            expect(final.state).to.equal("SUCCESS");
            expect(events.map((e) => e.step === "wait" && `${e.state}@${e.elapsedSeconds}`)).to.deep.equal(["SUBMITTED@0", "PENDING@10", "RUNNING@20", "RUNNING@30", "SUCCESS@40"]);
        });

        it("gives up after the timeout, saying the job goes on", async () => {
            let clock = 0;
            try {
                await waitForJobRun(async () => ({ state: "RUNNING" }), {
                    jobRunId: "jr2", pollMs: 60_000, timeoutMs: 180_000, sleep: async (ms) => { clock += ms; }, now: () => clock, onProgress: () => undefined,
                });
            } catch (err) {
                expect((err as Error).message).to.equal("emr-serverless:GetJobRun on job run jr2 failed: WaitTimeout: still RUNNING after 180 s; it goes on running (cancel it with aws emr-serverless cancel-job-run)");
                return;
            }
            throw new Error("expected a timeout");
        });

        it("returns FAILED and CANCELLED as outcomes, not errors", async () => {
            for (const state of ["FAILED", "CANCELLED"]) {
                const final = await waitForJobRun(async () => ({ state, details: "exit 1" }), {
                    jobRunId: "jr", pollMs: 1, timeoutMs: 10, sleep: async () => undefined, now: () => 0, onProgress: () => undefined,
                });
                expect(final).to.deep.equal({ state, details: "exit 1" });
            }
        });
    });

    describe("AWS errors in one line", () => {
        it("uses the SDK's error code and first message line", () => {
            const e = Object.assign(new Error("Application not found\nmore"), { name: "ResourceNotFoundException", $metadata: { httpStatusCode: 404 } });
            expect(toAwsCallError("emr-serverless:GetApplication", "application 00x", e).message)
                .to.equal("emr-serverless:GetApplication on application 00x failed: ResourceNotFoundException (HTTP 404): Application not found");
        });

        it("reads the code from an XML answer the SDK could not parse", () => {
            const e = Object.assign(new SyntaxError("Unexpected token '<'\n  Deserialization error: …"), {
                $metadata: { httpStatusCode: 403 }, $responseBodyText: "<Error><Code>AccessDenied</Code><Message>User: x is not authorized</Message></Error>",
            });
            expect(toAwsCallError("emr-serverless:StartJobRun", "application 00x", e).message)
                .to.equal("emr-serverless:StartJobRun on application 00x failed: AccessDenied (HTTP 403): User: x is not authorized");
        });
    });
});
