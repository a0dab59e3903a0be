import { expect } from "chai";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { CreateBucketCommand, ListBucketsCommand, S3Client } from "@aws-sdk/client-s3";
import { GetUserCommand, IAMClient } from "@aws-sdk/client-iam";
import { CreateStateMachineCommand, DescribeExecutionCommand, ListStateMachinesCommand, SFNClient, StartExecutionCommand } from "@aws-sdk/client-sfn";
import { DescribeRegionsCommand, EC2Client } from "@aws-sdk/client-ec2";
import { spawnSync } from "child_process";
import { MOTO_ACCOUNT_ID, Moto, requireMoto } from "../helpers/moto";

describe("the moto test server (helper for the end-to-end suites)", function () {
    this.timeout(60000);
    let moto: Moto;
    before(async function () {
        moto = await Moto.shared(this);
    });

    it("answers on a loopback port and is wiped by reset", async () => {
        expect(moto.endpoint).to.match(/^http:\/\/127\.0\.0\.1:\d+$/);
        const s3 = new S3Client(moto.clientConfig());
        await s3.send(new CreateBucketCommand({ Bucket: "helper-check" }));
        expect((await s3.send(new ListBucketsCommand({}))).Buckets?.map((b) => b.Name)).to.deep.equal(["helper-check"]);
        await moto.reset();
        expect((await s3.send(new ListBucketsCommand({}))).Buckets ?? []).to.deep.equal([]);
    });

    it("with IAM enforcement on, refuses unknown keys and accepts the admin's", async () => {
        await moto.reset();
        const admin = await moto.enableIamEnforcement();
        const asAdmin = new S3Client(moto.clientConfig(admin));
        await asAdmin.send(new CreateBucketCommand({ Bucket: "enforced" }));
        const stranger = new S3Client(moto.clientConfig({ accessKeyId: "AKIAUNKNOWN000000000", secretAccessKey: "x" }));
        let denied: unknown;
        try {
            await stranger.send(new ListBucketsCommand({}));
        } catch (err) {
            denied = err;
        }
        expect((denied as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode).to.equal(403);
        const who = await new STSClient(moto.clientConfig(admin)).send(new GetCallerIdentityCommand({}));
        expect(who.Arn).to.equal("arn:aws:iam::123456789012:user/moto-admin");
        await moto.reset();
    });

    it("one server per worker process: the next suite gets the same one, wiped (state, IAM enforcement, Step Functions execution)", async () => {
        const s3 = new S3Client(moto.clientConfig());
        await s3.send(new CreateBucketCommand({ Bucket: "left-by-a-suite" }));
        await moto.configure({ stepfunctions: { execute_state_machine: true } });
        const admin = await moto.enableIamEnforcement();
        expect(await moto.isShared()).to.equal(true);
        const next = await Moto.shared();
        expect([next, next.pid]).to.deep.equal([moto, moto.pid]);
        // Enforcement is off again (dummy keys work), the bucket and the admin user are gone.
        expect((await s3.send(new ListBucketsCommand({}))).Buckets ?? []).to.deep.equal([]);
        expect(admin.accessKeyId).to.match(/^[A-Z0-9]{16,}$/);
        const user = await new IAMClient(moto.clientConfig()).send(new GetUserCommand({ UserName: "moto-admin" })).then(() => "still there", (err: Error) => err.name);
        expect(user).to.equal("NoSuchEntityException");
        // Step Functions execution is off again (moto's default): an execution is recorded, not run.
        const sfn = new SFNClient(moto.clientConfig());
        const { stateMachineArn } = await sfn.send(new CreateStateMachineCommand({ name: "pass", roleArn: `arn:aws:iam::${MOTO_ACCOUNT_ID}:role/sfn`,
            definition: JSON.stringify({ StartAt: "P", States: { P: { Type: "Pass", End: true } } }) }));
        const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn }));
        expect((await sfn.send(new DescribeExecutionCommand({ executionArn }))).status).to.equal("RUNNING");
    });

    it("serves EC2's regions of every partition as fresh boto3 sessions list them (the server shares one session)", async () => {
        const ec2 = new EC2Client(moto.clientConfig());
        const served = (await ec2.send(new DescribeRegionsCommand({ AllRegions: true }))).Regions?.map((r) => r.RegionName).sort();
        // Without moto: boto3 alone, a session per partition's list, as moto's EC2 asks for them.
        const script = "import boto3, json; print(json.dumps(sorted(r for p in ['aws', 'aws-us-gov', 'aws-cn'] for r in boto3.session.Session().get_available_regions('ec2', partition_name=p))))";
        const fresh = spawnSync(requireMoto(), ["-c", script], { encoding: "utf8" });
        expect(fresh.status, fresh.stderr).to.equal(0);
        expect(served).to.deep.equal(JSON.parse(fresh.stdout)).and.to.include.members(["us-east-1", "cn-north-1", "us-gov-west-1"]);
    });

    it("answers data.json for one service (?service=) with what the whole data.json holds for it", async () => {
        await moto.reset();
        const s3 = new S3Client(moto.clientConfig());
        await s3.send(new CreateBucketCommand({ Bucket: "records-one" }));
        await s3.send(new CreateBucketCommand({ Bucket: "records-two" }));
        const whole = (await (await fetch(`${moto.endpoint}/moto-api/data.json`)).json()) as Record<string, unknown>;
        const one = await moto.models("s3");
        expect(one).to.deep.equal(whole.s3);
        expect(one.FakeBucket.map((b) => b.name).sort()).to.deep.equal(["records-one", "records-two"]);
        expect(await moto.models("no-such-service")).to.deep.equal({});
    });

    it("validates a Step Functions definition once per text: the same one again is created, an invalid one is refused every time", async () => {
        await moto.reset();
        // moto validates definitions only where it executes them.
        await moto.configure({ stepfunctions: { execute_state_machine: true } });
        const sfn = new SFNClient(moto.clientConfig());
        const roleArn = `arn:aws:iam::${MOTO_ACCOUNT_ID}:role/sfn`;
        // moto refuses with a 400 whose __type is null: the SDK then throws while reading the error.
        const create = (name: string, definition: string) => sfn.send(new CreateStateMachineCommand({ name, roleArn, definition }))
            .then((r) => r.stateMachineArn, () => "refused");
        const valid = JSON.stringify({ StartAt: "P", States: { P: { Type: "Pass", End: true } } });
        const invalid = JSON.stringify({ StartAt: "P", States: { P: { Type: "NoSuchStateType", End: true } } });
        expect(await create("bad-1", invalid)).to.equal("refused");
        expect(await create("one", valid)).to.match(/:stateMachine:one$/);
        expect(await create("two", valid)).to.match(/:stateMachine:two$/);
        expect(await create("bad-2", invalid)).to.equal("refused");
        expect(await create("bad-3", valid.replace('"Type":"Pass"', '"Type":"Passing"'))).to.equal("refused");
        const names = (await sfn.send(new ListStateMachinesCommand({}))).stateMachines?.map((m) => m.name).sort();
        expect(names).to.deep.equal(["one", "two"]);
    });

    it("exits when the process that started it does (its stdin, a pipe from that process, closes)", async () => {
        const other = await Moto.start();
        const pid = other.pid!;
        expect(await other.isShared()).to.equal(false);
        await other.closeStdin();
        expect(() => process.kill(pid, 0)).to.throw();
    });

    it("stops by its PID", async () => {
        const other = await Moto.start();
        const pid = other.pid!;
        await other.stop();
        expect(() => process.kill(pid, 0)).to.throw();
    });
});
