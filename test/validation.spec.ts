import { expect } from "chai";
import * as v from "../components/validation";

function problem(fn: () => unknown): string {
    try {
        fn();
    } catch (e) {
        expect(v.isValidationError(e)).to.equal(true);
        return (e as v.ValidationError).problem;
    }
    throw new Error("expected a ValidationError");
}

describe("input validation", () => {
    it("accepts AWS regions of every partition and refuses look-alikes", () => {
        for (const r of ["us-east-1", "eu-central-2", "ap-southeast-4", "us-gov-west-1", "cn-north-1", "cn-northwest-1", "il-central-1", "mx-central-1"]) {
            expect(v.region("f", r), r).to.equal(r);
        }
        for (const r of ["us-east", "useast-1", "US-EAST-1", "us-east-1a", "eu-west-10x", ""]) {
            expect(() => v.region("f", r), r).to.throw(v.ValidationError);
        }
    });

    it("checks S3 bucket names by S3's rules", () => {
        for (const b of ["abc", "my.logs-2026", "a".repeat(63)]) expect(v.bucketName("f", b), b).to.equal(b);
        for (const b of ["ab", "a".repeat(64), "My-Bucket", "-lead", "trail-", "a..b", "10.0.0.1", "xn--punycode", "x-s3alias", "y--ol-s3", "under_score"]) {
            expect(() => v.bucketName("f", b), b).to.throw(/must be a valid S3 bucket name/);
        }
    });

    it("accepts role ARNs and name-prefix patterns, never a bare or prefix-less wildcard", () => {
        expect(v.roleArnOrPattern("f", "arn:aws:iam::123456789012:role/data/reader")).to.equal("arn:aws:iam::123456789012:role/data/reader");
        expect(v.roleArnOrPattern("f", "arn:aws:iam::*:role/emr-data-*")).to.equal("arn:aws:iam::*:role/emr-data-*");
        expect(v.roleArnOrPattern("f", "arn:aws-cn:iam::123456789012:role/x*")).to.equal("arn:aws-cn:iam::123456789012:role/x*");
        expect(problem(() => v.roleArnOrPattern("f", "*"))).to.contain('"*" would allow assuming any role');
        expect(problem(() => v.roleArnOrPattern("f", "arn:aws:iam::123456789012:role/*"))).to.contain("has no role-name prefix");
        expect(problem(() => v.roleArnOrPattern("f", "arn:aws:iam::*:role/exact-name"))).to.contain("needs an explicit account id");
        expect(problem(() => v.roleArnOrPattern("f", "arn:aws:iam::*:role/a*b*"))).to.contain("must be a role ARN or a pattern");
        expect(problem(() => v.roleArnOrPattern("f", "arn:aws:iam::123456789012:user/bob"))).to.contain("must be a role ARN or a pattern");
    });

    it("parses principal ARNs and returns their account", () => {
        expect(v.principalArn("f", "arn:aws:iam::111122223333:root")).to.deep.equal({ arn: "arn:aws:iam::111122223333:root", accountId: "111122223333" });
        expect(v.principalArn("f", "arn:aws:iam::111122223333:user/trusted_user-sdp").accountId).to.equal("111122223333");
        expect(() => v.principalArn("f", "arn:aws:sts::111122223333:assumed-role/r/s")).to.throw(/must be an IAM principal ARN/);
    });

    it("checks ExternalIds against STS's length and alphabet", () => {
        expect(v.externalId("f", "a1")).to.equal("a1");
        expect(v.externalId("f", "Acme+=,.@:/-_x")).to.equal("Acme+=,.@:/-_x");
        expect(v.externalId("f", "x".repeat(1224))).to.have.length(1224);
        expect(problem(() => v.externalId("f", "x"))).to.equal("must be 2-1224 characters long (an STS ExternalId), got 1");
        expect(problem(() => v.externalId("f", "x".repeat(1225)))).to.equal("must be 2-1224 characters long (an STS ExternalId), got 1225");
        expect(problem(() => v.externalId("f", "tab\there"))).to.contain("may only contain");
    });

    it("checks CIDR syntax, prefix range and alignment", () => {
        expect(v.cidr("f", "10.80.0.0/16", 16, 20)).to.equal("10.80.0.0/16");
        expect(v.cidr("f", "172.16.240.0/20", 16, 20)).to.equal("172.16.240.0/20");
        expect(problem(() => v.cidr("f", "10.80.0.0/21", 16, 20))).to.equal("prefix length must be between /16 and /20, got /21");
        expect(problem(() => v.cidr("f", "10.80.8.0/20", 16, 20))).to.contain("is not aligned to its /20 prefix");
        expect(problem(() => v.cidr("f", "256.0.0.0/16"))).to.contain("must be an IPv4 CIDR block");
        expect(problem(() => v.cidr("f", "10.0.0.0/40"))).to.contain("must be an IPv4 CIDR block");
    });

    it("names every offending field and item", () => {
        try {
            v.stringList("emr-dataplane:subnetIds", ["subnet-0aaaaaaaaaaaaaaa1", "subnet-bad"], v.subnetId);
            expect.fail("expected an error");
        } catch (e) {
            expect((e as v.ValidationError).field).to.equal("emr-dataplane:subnetIds[1]");
            expect((e as Error).message).to.equal('emr-dataplane:subnetIds[1]: must be a subnet id such as "subnet-0a1b2c3d4e5f60718", got "subnet-bad"');
        }
        expect(problem(() => v.exclusive({ a: 1, b: 2, c: undefined }))).to.equal("conflicts with b: set only one of a, b, c");
        expect(problem(() => v.exclusive({ a: undefined, b: undefined }))).to.equal("one of a, b is required");
        expect(v.exclusive({ a: undefined }, true)).to.equal(undefined);
    });

    it("is a Pulumi RunError, so the CLI prints the message without a stack trace", () => {
        const err = new v.ValidationError("emr-dataplane:planeKind", "must be one of …");
        expect((err as unknown as { __pulumiRunError: boolean }).__pulumiRunError).to.equal(true);
        expect(err.message).to.equal("emr-dataplane:planeKind: must be one of …");
    });
    describe("onlyChecking: checks made as always, without the Outputs that carry the values on", () => {
        const arn = (x: unknown) => v.checked(x as string, (a) => v.roleArn("args.roleArn", a));

        it("refuses the same value with the same error, and passes the same value", () => {
            const outside = (() => { try { arn("nope"); } catch (e) { return (e as Error).message; } return "passed"; })();
            let inside = "passed";
            v.onlyChecking(() => { try { arn("nope"); } catch (e) { inside = (e as Error).message; } });
            expect(inside).to.equal(outside).and.to.match(/^args\.roleArn: must be an IAM role ARN/);
            expect(() => v.onlyChecking(() => arn("arn:aws:iam::123456789012:role/r"))).to.not.throw();
        });

        it("returns no Output while checking (apply runs nothing), and Outputs again afterwards, even after a throw", () => {
            // eslint-disable-next-line @typescript-eslint/no-var-requires
            const pulumi = require("@pulumi/pulumi");
            let seen: unknown;
            v.onlyChecking(() => {
                const r = arn("arn:aws:iam::123456789012:role/r");
                seen = r;
                expect(pulumi.Output.isInstance(r)).to.equal(false);
                let ran = false;
                r.apply(() => { ran = true; return 1; });
                expect(ran).to.equal(false);
            });
            expect(seen).to.not.equal(undefined);
            expect(() => v.onlyChecking(() => arn("nope"))).to.throw(v.ValidationError);
            expect(pulumi.Output.isInstance(arn("arn:aws:iam::123456789012:role/r"))).to.equal(true);
        });
    });
});
