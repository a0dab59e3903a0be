import { expect } from "chai";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { CreateBucketCommand, ListBucketsCommand, S3Client } from "@aws-sdk/client-s3";
import { Moto } from "../helpers/moto";

describe("the moto test server (helper for the end-to-end suites)", function () {
    this.timeout(60000);
    let moto: Moto;
    before(async function () {
        moto = await Moto.start(this);
    });
    after(async () => {
        await moto?.stop();
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

    it("stops by its PID", async () => {
        const other = await Moto.start();
        const pid = other.pid!;
        await other.stop();
        expect(() => process.kill(pid, 0)).to.throw();
    });
});
