import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { InvalidMessageError, controlPlaneMessageSchema, messageProblems, parseMessage } from "../message";
import { PRIVATE_MESSAGE, SHARED_MESSAGE } from "./helpers/messages";
import { controlPlaneMessageSchemaJson } from "../message/schema";
import { ROLE_ARN_PATTERN } from "../vocabulary/arn";
import { PARTITIONS, regionsOf } from "../vocabulary/partitions";

const shared = SHARED_MESSAGE;
const privatePlane = PRIVATE_MESSAGE;

describe("control-plane message schema", () => {
    it("ships as a JSON file that parses and is the schema the validator uses", () => {
        const file = JSON.parse(fs.readFileSync(path.resolve(__dirname, "../message/control-plane-message.schema.json"), "utf8"));
        expect(file).to.deep.equal(controlPlaneMessageSchema);
        expect(file.required).to.deep.equal(["resourceBucket", "subnetIds", "securityGroups", "region", "jobRuntimeRoleArn"]);
    });

    it("is generated from the vocabulary (message/schema.ts, npm run docs): every partition's role ARNs and regions, one table", () => {
        expect(fs.readFileSync(path.resolve(__dirname, "../message/control-plane-message.schema.json"), "utf8")).to.equal(controlPlaneMessageSchemaJson());
        expect(controlPlaneMessageSchema.properties.jobRuntimeRoleArn.pattern).to.equal(ROLE_ARN_PATTERN);
        for (const partition of PARTITIONS) {
            const region = regionsOf(partition)[0];
            const arn = (name: string) => `arn:${partition}:iam::111122223333:role/${name}`;
            expect(messageProblems({ ...privatePlane, region, jobRuntimeRoleArn: arn("runtime"), jobLaunchArn: arn("launch") }), partition).to.deep.equal([]);
        }
        // A region newer than the package's data (allowUnlistedRegion) still makes a valid message; a look-alike does not.
        expect(messageProblems({ ...shared, region: "eu-west-9" })).to.deep.equal([]);
        expect(messageProblems({ ...shared, region: "eu-west-1a" })).to.deep.equal(['region: "eu-west-1a" is not a valid AWS region']);
        expect(messageProblems({ ...shared, jobRuntimeRoleArn: "arn:aws-moon:iam::111122223333:role/r" })).to.have.length(1);
    });

    it("accepts a shared-plane and a private-plane message", () => {
        expect(messageProblems(shared)).to.deep.equal([]);
        expect(messageProblems(privatePlane)).to.deep.equal([]);
        expect(parseMessage(privatePlane)).to.equal(privatePlane);
    });

    it("carries the plane's own application id when it has one (additive: a message without it stays valid)", () => {
        expect(messageProblems({ ...privatePlane, applicationId: "00fabcd1234efg09" })).to.deep.equal([]);
        expect(messageProblems({ ...shared, applicationId: "00fabcd1234efg09" })).to.deep.equal([]);
        expect(controlPlaneMessageSchema.required).not.to.include("applicationId");
        expect(messageProblems({ ...shared, applicationId: "arn:aws:emr-serverless:us-east-1:111122223333:/applications/00fabcd1234efg09" }))
            .to.deep.equal(['applicationId: "arn:aws:emr-serverless:us-east-1:111122223333:/applications/00fabcd1234efg09" is not a valid EMR Serverless application id']);
    });

    const bad: [string, unknown, string[]][] = [
        ["a missing bucket", { ...shared, resourceBucket: undefined }, ["resourceBucket: is required"]],
        ["one subnet", { ...shared, subnetIds: ["subnet-0c1d2e3f4a5b60781"] }, ["subnetIds: must NOT have fewer than 2 items"]],
        ["a malformed subnet", { ...shared, subnetIds: ["subnet-0c1d2e3f4a5b60781", "subnet-xyz"] }, ['subnetIds[1]: "subnet-xyz" is not a valid subnet id']],
        ["the same subnet twice", { ...shared, subnetIds: ["subnet-0c1d2e3f4a5b60781", "subnet-0c1d2e3f4a5b60781"] }, ["subnetIds: must NOT have duplicate items (items ## 1 and 0 are identical)"]],
        ["no security group", { ...shared, securityGroups: [] }, ["securityGroups: must NOT have fewer than 1 items"]],
        ["a user ARN as runtime role", { ...shared, jobRuntimeRoleArn: "arn:aws:iam::111122223333:user/bob" }, ['jobRuntimeRoleArn: "arn:aws:iam::111122223333:user/bob" is not a valid IAM role ARN']],
        ["a launch ARN without an ExternalId", { ...shared, jobLaunchArn: privatePlane.jobLaunchArn }, ["externalId: is required when jobLaunchArn is set (private plane)"]],
        ["an ExternalId without a launch ARN", { ...shared, externalId: "abcdef" }, ["jobLaunchArn: is required when externalId is set (private plane)"]],
        ["an unknown key", { ...shared, launchArn: "x" }, ["launchArn: is not a field of the message"]],
        ["a bad region", { ...shared, region: "US East" }, ['region: "US East" is not a valid AWS region']],
    ];
    for (const [what, value, problems] of bad) {
        it(`rejects ${what}, naming the field`, () => {
            const cleaned = JSON.parse(JSON.stringify(value));
            expect(messageProblems(cleaned)).to.deep.equal(problems);
        });
    }

    it("never echoes a malformed ExternalId (a secret)", () => {
        const problems = messageProblems({ ...privatePlane, externalId: "s3cr3t value!" });
        expect(problems).to.deep.equal(["externalId: is not a valid ExternalId (2-1224 of [\\w+=,.@:/-]) (value hidden)"]);
        expect(problems.join()).not.to.contain("s3cr3t");
    });

    it("parseMessage throws one error naming the source and every problem", () => {
        expect(() => parseMessage({ region: "us-east-1" }, "org/emr-dataplane/acme")).to.throw(InvalidMessageError,
            "org/emr-dataplane/acme: invalid control-plane message: resourceBucket: is required; subnetIds: is required; securityGroups: is required; jobRuntimeRoleArn: is required");
    });
});
