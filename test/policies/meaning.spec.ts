import { expect } from "chai";
import { ResourceKind, coversEveryOf } from "../../policies/model/meaning";

/** [pattern, kind, covers every resource of the kind] */
const CASES: [string, ResourceKind, boolean][] = [
    // Every bucket / object, however spelt.
    ["*", "bucket", true],
    ["arn:aws:s3:::*", "bucket", true],
    ["arn:*:s3:::*", "object", true],
    ["arn:aws:s3:::*/*", "object", true],
    ["arn:aws:s3::*", "bucket", true],
    // One bucket's objects, by a literal start reaching past the fifth colon: never every bucket or object.
    ["arn:aws:s3:::reports/*", "object", false],
    ["arn:aws:s3:::reports*", "bucket", false],
    ["arn:aws:s3:::bench-plane-5-resources/*", "bucket", false],
    // A `?` in the literal start: decided by sampling, both ways.
    ["arn:aws:s3:::?*", "bucket", true],
    ["arn:aws:s3:::r?ports/*", "object", false],
    // Roles of one account: all of them, or a name prefix.
    ["arn:aws:iam::123456789012:role/*", "role", true],
    ["arn:aws:iam::123456789012:role*", "role", true],
    ["arn:aws:iam::123456789012:role/app-*", "role", false],
    ["arn:aws:iam::*:role/emr-dataplane-launch*", "role", false],
    // Keys and access points (regional).
    ["arn:aws:kms:eu-west-1:123456789012:key/*", "key", true],
    ["arn:aws:kms:?????????:*:*", "key", true],
    ["arn:aws:kms:eu-west-1:123456789012:key/1b4e*", "key", false],
    ["arn:aws:s3:eu-west-1:123456789012:accesspoint/*", "accessPoint", true],
    ["arn:aws:s3:eu-west-1:123456789012:accesspoint/reports/*", "accessPoint", false],
    // Exact ARNs cover nothing.
    ["arn:aws:s3:::reports", "bucket", false],
    ["arn:aws:iam::123456789012:role/app", "role", false],
];

describe("coversEveryOf (policies/model/meaning.ts): patterns by what they match", () => {
    for (const [pattern, kind, expected] of CASES) {
        it(`${pattern} ${expected ? "covers" : "does not cover"} every ${kind}`, () => {
            expect(coversEveryOf(pattern, kind)).to.equal(expected);
            // Asked again (from the memo), the same verdict.
            expect(coversEveryOf(pattern, kind)).to.equal(expected);
        });
    }
});
