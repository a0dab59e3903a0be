/**
 * Regions and partitions, one table (the AWS SDK's) for every layer: `aws:region` must be a region
 * the data lists for its partition (a near miss gets a "did you mean"), `allowUnlistedRegion` lets a
 * newer region through, and a plane in the `aws-eusc` partition is accepted alike by config
 * validation, the program's own message check (the schema) and the policy pack.
 */
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { messageProblems } from "../../message";
import { PARTITIONS, dnsSuffixOf, nearestRegions, partitionOf, regionProblem, regionsOf } from "../../vocabulary/partitions";
import { inProcess } from "../helpers/cli";
import { tempDir } from "../helpers/tempDir";

const PRIVATE = (region: string, vendor: string, extra = "") =>
    `config:\n  aws:region: ${region}\n  emr-dataplane:planeKind: private\n  emr-dataplane:accountId: "444455556666"\n  emr-dataplane:customerId: acme\n  emr-dataplane:vendorPrincipalArn: ${vendor}\n${extra}`;

function stackFile(body: string): string {
    const file = path.join(tempDir("dataplane-region-"), "Pulumi.plane.yaml");
    fs.writeFileSync(file, body);
    return file;
}

describe("regions from the AWS SDK's partition table", () => {
    it("lists every partition's regions, with the SDK's partitions and DNS suffixes", () => {
        expect(PARTITIONS).to.include.members(["aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc"]);
        expect(regionsOf("aws")).to.include.members(["us-east-1", "eu-west-1", "eu-west-3"]).and.not.include("eu-west-9");
        expect(regionsOf("aws-eusc")).to.deep.equal(["eusc-de-east-1"]);
        expect(partitionOf("eusc-de-east-1")).to.equal("aws-eusc");
        expect(dnsSuffixOf("eusc-de-east-1")).to.equal("amazonaws.eu");
        expect(nearestRegions("eu-west-9")).to.deep.equal(["eu-west-1", "eu-west-2", "eu-west-3"]);
        expect(regionProblem("eu-west-1")).to.equal(undefined);
        expect(regionProblem("eu-west-9", true)).to.equal(undefined);
        expect(regionProblem("europe-west1", true)).to.match(/^must be an AWS region/);
    });

    it("refuses an unlisted region with the nearest listed ones and the way through, before anything runs (exit 2)", async () => {
        const r = await inProcess("preview", "--config", stackFile(PRIVATE("eu-west-9", "arn:aws:iam::111122223333:role/vendor")));
        expect(r.status).to.equal(2);
        expect(r.stdout).to.equal("");
        expect(r.stderr).to.equal('error: aws:region: "eu-west-9" is not a region of partition aws in the AWS SDK data this package has ' +
            `(${require("../../vocabulary/partitions").PARTITION_DATA_SOURCE}) (did you mean "eu-west-1" or "eu-west-2" or "eu-west-3"?); ` +
            "for a region newer than that data, set emr-dataplane:allowUnlistedRegion: true");
    });

    it("lets a region newer than the data through with emr-dataplane:allowUnlistedRegion: true; the plane's message is still valid", async () => {
        const r = await inProcess("preview", "--json", "--config", stackFile(PRIVATE("eu-west-9", "arn:aws:iam::111122223333:role/vendor", "  emr-dataplane:allowUnlistedRegion: true\n")));
        expect(r.stderr).to.equal("");
        expect(r.status).to.equal(0);
        const message = JSON.parse(r.stdout).outputs.controlPlaneMessage;
        expect(message.region).to.equal("eu-west-9");
        expect(messageProblems({ ...message, externalId: "x-1" })).to.deep.equal([]);
    });

    it("previews a private plane in aws-eusc through every layer: config, the program's message check and the pack (exit 0)", async () => {
        const r = await inProcess("preview", "--json", "--config", stackFile(PRIVATE("eusc-de-east-1", "arn:aws-eusc:iam::111122223333:role/vendor")));
        expect(r.stderr).to.equal("");
        expect(r.status).to.equal(0);
        const doc = JSON.parse(r.stdout);
        expect(doc.violations.filter((v: { enforcementLevel: string }) => v.enforcementLevel === "mandatory")).to.deep.equal([]);
        expect(doc.outputs.controlPlaneMessage.jobRuntimeRoleArn).to.match(/^arn:aws-eusc:iam::444455556666:role\//);
        expect(messageProblems({ ...doc.outputs.controlPlaneMessage, externalId: "x-1" })).to.deep.equal([]);
    });

    it("refuses an ARN of another partition than the region's, in every partition", async () => {
        const r = await inProcess("preview", "--config", stackFile(PRIVATE("eusc-de-east-1", "arn:aws:iam::111122223333:role/vendor")));
        expect(r.status).to.equal(2);
        expect(r.stderr).to.equal("error: emr-dataplane:vendorPrincipalArn: is an ARN of partition aws, but aws:region eusc-de-east-1 is in partition aws-eusc: every ARN of a stack is in its region's partition");
    });
});
