/**
 * The IAM simulator helper's memo (test/helpers/iamSimulate.ts): a question asked again is answered
 * from what this process already decided, and only the very same question is — another action,
 * context or document is simulated afresh.
 */
import { expect } from "chai";
import { PolicyDocument } from "../components/iam";
import { decide, decisionsMade } from "./helpers/iamSimulate";

const BUCKET = "arn:aws:s3:::memo-bucket";
const READ: PolicyDocument = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["s3:GetObject"], Resource: [`${BUCKET}/*`] }] };
const TAGGED: PolicyDocument = {
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Action: ["s3:GetObject"], Resource: [`${BUCKET}/*`], Condition: { StringEquals: { "aws:PrincipalTag/team": "a" } } }],
};

describe("the IAM simulator helper remembers its decisions, by the whole question", () => {
    it("answers a repeated question from memory, and simulates every question that differs in any part", async () => {
        const asked = (r: unknown) => JSON.stringify(r);
        const get = { action: "s3:GetObject", resource: `${BUCKET}/x`, resourceAccount: "111122223333" };
        const before = { ...decisionsMade };
        const first = await decide([READ], get);
        const again = await decide([READ], { ...get });
        expect([first, again]).to.deep.equal(["Allowed", "Allowed"]);
        expect(decisionsMade.remembered - before.remembered, "the second, the same question").to.equal(1);
        // Each neighbour differs in one part, and is decided by the simulator, not by the memo.
        const computed = decisionsMade.computed;
        expect(await decide([READ], { ...get, action: "s3:PutObject" }), asked("another action")).to.equal("ImplicitlyDenied");
        expect(await decide([READ], { ...get, resource: "arn:aws:s3:::other/x" }), asked("another resource")).to.equal("ImplicitlyDenied");
        expect(await decide([TAGGED], get), asked("another document")).to.equal("ImplicitlyDenied");
        expect(await decide([TAGGED], { ...get, context: { "aws:PrincipalTag/team": "a" } }), asked("a context")).to.equal("Allowed");
        expect(await decide([TAGGED], { ...get, context: { "aws:PrincipalTag/team": "b" } }), asked("another context value")).to.equal("ImplicitlyDenied");
        expect(decisionsMade.computed - computed).to.equal(5);
    });

    it("a document changed after a question is a new question", async () => {
        const doc: PolicyDocument = JSON.parse(JSON.stringify(READ));
        const get = { action: "s3:GetObject", resource: `${BUCKET}/y`, resourceAccount: "111122223333" };
        expect(await decide([doc], get)).to.equal("Allowed");
        (doc.Statement[0] as { Effect: string }).Effect = "Deny";
        expect(await decide([doc], get)).to.equal("ExplicitlyDenied");
    });
});
