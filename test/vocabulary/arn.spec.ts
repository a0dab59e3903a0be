import { expect } from "chai";
import {
    REGION_PATTERN, accountOf, arn, arnField, dnsSuffixOf, formatArn, isAccountRoot, isArnOfKnownPartition, parseAccessPointArn, parseArn, parseKmsKeyArn,
    parsePrincipalArn, parseRoleArnPattern, parseSecretArn, partitionOf, partitionOfArn,
} from "../../vocabulary/arn";

describe("the ARN vocabulary (vocabulary/arn.ts)", () => {
    it("splits and joins ARNs, keeping `:` and `/` inside the resource", () => {
        const text = "arn:aws:emr-serverless:eu-west-1:444455556666:/applications/00abc/jobruns/00def";
        const p = parseArn(text)!;
        expect(p).to.deep.equal({ partition: "aws", service: "emr-serverless", region: "eu-west-1", account: "444455556666", resource: "/applications/00abc/jobruns/00def" });
        expect(formatArn(p)).to.equal(text);
        expect(parseArn("arn:aws:logs:us-east-1:111122223333:log-group:/x:*")!.resource).to.equal("log-group:/x:*");
        for (const bad of ["", "arn:aws:s3", "role/x", "ARN:aws:iam::111122223333:root"]) expect(parseArn(bad), bad).to.equal(undefined);
    });

    it("arnField gives what split(\":\")[index] gives, for ARNs, patterns and texts that are none", () => {
        const texts = ["arn:aws:s3:::bucket/key", "arn:aws:kms:eu-west-1:444455556666:key/1", "arn:aws:s3:eu-west-1:444455556666:accesspoint/ap/object/a:b",
            "*", "", "a:b", "a:b:", "a::c", ":::", "arn:aws:iam::*:role/x*", "s3:GetObject"];
        for (const text of texts) for (let index = 0; index < 8; index++) expect(arnField(text, index), `${text} [${index}]`).to.equal(text.split(":")[index]);
        expect(arnField("arn:aws:s3:::bucket", 2)).to.equal("s3");
    });

    it("reads accounts and partitions, and has no account for S3 bucket ARNs", () => {
        expect(accountOf("arn:aws-cn:iam::111122223333:role/x")).to.equal("111122223333");
        expect(accountOf("arn:aws:s3:::bucket")).to.equal(undefined);
        // accountOf finds the fifth part without splitting: the same answer as parseArn's, short and odd ARNs included.
        for (const text of ["arn:aws:iam::111122223333:role/x", "arn:aws:logs:us-east-1:111122223333:log-group:/x:*", "arn:aws:s3:::b/k:1",
            "arn:aws:iam::111122223333", "arn:aws:iam:", "arn::::222233334444:", "arn:a:b:c:d:e", "arn:aws:iam::*:role/x", "xarn:aws:iam::111122223333:r", ""]) {
            expect(accountOf(text), text).to.equal(parseArn(text)?.account || undefined);
        }
        expect(partitionOfArn("arn:aws-us-gov:iam::111122223333:root")).to.equal("aws-us-gov");
        expect(isArnOfKnownPartition("arn:aws-cn:s3:::b")).to.equal(true);
        expect(isArnOfKnownPartition("arn:aws-moon:s3:::b")).to.equal(false);
    });

    it("maps every partition's region names to the partition and its DNS suffix", () => {
        const cases: [string, string][] = [["us-east-1", "aws"], ["cn-north-1", "aws-cn"], ["us-gov-west-1", "aws-us-gov"], ["us-iso-east-1", "aws-iso"],
            ["us-isob-east-1", "aws-iso-b"], ["us-isof-south-1", "aws-iso-f"], ["eu-isoe-west-1", "aws-iso-e"], ["eusc-de-east-1", "aws-eusc"]];
        for (const [region, partition] of cases) {
            expect(partitionOf(region), region).to.equal(partition);
            expect(REGION_PATTERN.test(region), region).to.equal(true);
        }
        expect(dnsSuffixOf("cn-northwest-1")).to.equal("amazonaws.com.cn");
        expect(dnsSuffixOf("eu-west-1")).to.equal("amazonaws.com");
    });

    it("refuses region look-alikes: a trailing space, a Cyrillic letter, a list, upper case, an AZ", () => {
        for (const r of ["us-east-1 ", " us-east-1", "us-\u0435ast-1", '["us-east-1"]', "US-EAST-1", "us-east-1a", ""]) {
            expect(REGION_PATTERN.test(r), JSON.stringify(r)).to.equal(false);
        }
    });

    it("parses principals: roles and users with paths, account roots; not services or other partitions' look-alikes", () => {
        expect(parsePrincipalArn("arn:aws:iam::111122223333:role/ops/role_trusted_user")).to.deep.equal({ partition: "aws", account: "111122223333", kind: "role", name: "role_trusted_user" });
        expect(parsePrincipalArn("arn:aws-cn:iam::111122223333:user/trusted_user-1")!.kind).to.equal("user");
        expect(isAccountRoot(arn.accountRoot("aws-us-gov", "111122223333"))).to.equal(true);
        for (const bad of ["arn:aws:iam::111122223333:group/g", "arn:aws:iam:us-east-1:111122223333:role/x", "arn:aws:iam::1111:role/x", "arn:aws:sts::111122223333:assumed-role/x/y"]) {
            expect(parsePrincipalArn(bad), bad).to.equal(undefined);
        }
    });

    it("parses role patterns: an explicit account or *, one trailing * at most", () => {
        expect(parseRoleArnPattern("arn:aws:iam::*:role/emr-dataplane-launch*")).to.deep.equal({ partition: "aws", account: "*", name: "emr-dataplane-launch", wildcard: true });
        expect(parseRoleArnPattern("arn:aws:iam::111122223333:role/data/reader")).to.deep.equal({ partition: "aws", account: "111122223333", name: "data/reader", wildcard: false });
        for (const bad of ["arn:aws:iam::*:role/a*b*", "arn:aws:iam::1*:role/x", "arn:aws:iam::111122223333:user/x*", "arn:aws-moon:iam::*:role/x*"]) {
            expect(parseRoleArnPattern(bad), bad).to.equal(undefined);
        }
    });

    it("parses KMS key and access point ARNs, and builds them back", () => {
        const key = arn.kmsKey("aws", "eu-west-1", "999988887777", "65401062-13ec-49d4-ae89-525c8eaac179");
        expect(parseKmsKeyArn(key)).to.deep.equal({ partition: "aws", region: "eu-west-1", accountId: "999988887777", keyId: "65401062-13ec-49d4-ae89-525c8eaac179" });
        expect(parseKmsKeyArn("arn:aws:kms:eu-west-1:999988887777:alias/x")).to.equal(undefined);
        const ap = arn.accessPoint("aws-cn", "cn-north-1", "999988887777", "acme-sales");
        expect(parseAccessPointArn(ap)).to.deep.equal({ partition: "aws-cn", region: "cn-north-1", accountId: "999988887777", name: "acme-sales" });
        expect(parseAccessPointArn("arn:aws:s3:::acme-sales")).to.equal(undefined);
    });

    it("parses full Secrets Manager secret ARNs only (the 6-character suffix is part of the ARN)", () => {
        const full = "arn:aws-us-gov:secretsmanager:us-gov-west-1:111122223333:secret:analytics/metastore-password-AbC123";
        expect(parseSecretArn(full)).to.deep.equal({ partition: "aws-us-gov", region: "us-gov-west-1", accountId: "111122223333", name: "analytics/metastore-password" });
        expect(parseSecretArn("arn:aws-iso:secretsmanager:us-iso-east-1:111122223333:secret:x-AbC123")!.partition).to.equal("aws-iso");
        for (const bad of ["arn:aws:secretsmanager:us-east-1:111122223333:secret:metastore-password", "arn:aws:ssm:us-east-1:111122223333:secret:x-AbC123", "arn:aws-moon:secretsmanager:us-east-1:111122223333:secret:x-AbC123"]) {
            expect(parseSecretArn(bad), bad).to.equal(undefined);
        }
    });

    it("builds the launcher's ARNs in the scope's partition", () => {
        const cn = { partition: "aws-cn", region: "cn-north-1", accountId: "111122223333" };
        expect(arn.stateMachine(cn, "analytics-default-nightly")).to.equal("arn:aws-cn:states:cn-north-1:111122223333:stateMachine:analytics-default-nightly");
        expect(arn.stateMachineExecutions(cn, "m")).to.equal("arn:aws-cn:states:cn-north-1:111122223333:execution:m:*");
        expect(arn.ssmParameter(cn, "/emr-launch/analytics/profiles/default")).to.equal("arn:aws-cn:ssm:cn-north-1:111122223333:parameter/emr-launch/analytics/profiles/default");
        expect(arn.emrApplication(cn, "00abc")).to.equal("arn:aws-cn:emr-serverless:cn-north-1:111122223333:/applications/00abc");
        expect(arn.emrApplicationJobRuns(cn, "00abc")).to.equal("arn:aws-cn:emr-serverless:cn-north-1:111122223333:/applications/00abc/jobruns/*");
        expect(arn.eventsRule(cn, "r")).to.equal("arn:aws-cn:events:cn-north-1:111122223333:rule/r");
        for (const built of [arn.stateMachine(cn, "m"), arn.ssmParameter(cn, "p"), arn.emrApplication(cn, "a")]) expect(parseArn(built)!.account).to.equal("111122223333");
    });
});
