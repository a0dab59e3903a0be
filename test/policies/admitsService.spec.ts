import { expect } from "chai";
import { ParsedStatement, admitsEmrServerless, admitsService, readDocument } from "../../policies/model/documents";

/** The first statement of a one-statement trust with this Principal. */
function trust(principal: unknown): ParsedStatement {
    const read = readDocument(JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Principal: principal }] }));
    if (read.status !== "ok") throw new Error("test document not read");
    return read.document.statements[0];
}

describe("admitsService (policies/model/statements.ts): a service principal in any spelling", () => {
    const cases: [string, unknown, string[], boolean][] = [
        // [title, Principal, services asked, admitted]
        ["the exact principal", { Service: "emr-serverless.amazonaws.com" }, ["emr-serverless.amazonaws.com"], true],
        ["a regional form, upper case", { Service: "EMR-Serverless.us-east-1.amazonaws.com" }, ["emr-serverless.amazonaws.com"], true],
        ["China's DNS suffix", { Service: "emr-serverless.amazonaws.com.cn" }, ["emr-serverless.amazonaws.com"], true],
        ["the second of two principals, the second of two asked", { Service: ["lambda.amazonaws.com", "states.amazonaws.com"] }, ["glue.amazonaws.com", "states.amazonaws.com"], true],
        ["another service only", { Service: ["lambda.amazonaws.com", "glue.amazonaws.com"] }, ["emr-serverless.amazonaws.com"], false],
        ["a similar name is another service", { Service: "emr-serverless-extra.amazonaws.com" }, ["emr-serverless.amazonaws.com"], false],
        ["an AWS principal, no service", { AWS: "arn:aws:iam::111122223333:root" }, ["emr-serverless.amazonaws.com"], false],
        ["no service asked", { Service: "emr-serverless.amazonaws.com" }, [], false],
    ];
    for (const [title, principal, services, admitted] of cases) {
        it(`${title}: ${admitted ? "admitted" : "not admitted"}`, () => {
            const s = trust(principal);
            expect(admitsService(s, ...services)).to.equal(admitted);
            expect(admitsService(s, ...services), "asked again").to.equal(admitted);
        });
    }

    it("admitsEmrServerless: the EMR Serverless principal in its regional form, and not another service's", () => {
        expect(admitsEmrServerless(trust({ Service: "emr-serverless.eu-west-1.amazonaws.com" }))).to.equal(true);
        expect(admitsEmrServerless(trust({ Service: "elasticmapreduce.amazonaws.com" }))).to.equal(false);
    });
});
