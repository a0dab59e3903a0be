/**
 * Class 3 of issue 12: every resource type of `@pulumi/aws` that carries an IAM or resource policy,
 * an ACL, an ingress/egress rule, a permission or a policy attachment — found in the provider's own
 * type definitions (each resource's `…Args` interface and its type token) — is either checked by
 * the pack or listed as not checked with a reason (policies/model/coverage.ts). A provider upgrade that
 * adds such a type fails here until it is classified.
 */
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { ALSO_READ, CHECKED, CHECKED_NATIVE, NOT_CHECKED } from "../../policies/model/coverage";
import { ROUTE_RULE_TYPES } from "../../policies/rules/routes";
import { DOCUMENT_TYPES } from "../../policies/model/documents";
import { POLICIES } from "../../policies/pack";
import { typesOf } from "../../policies/model/rule";

const AWS = path.dirname(require.resolve("@pulumi/aws/package.json"));
/** Types read by stack rules (which list no types): the routes rule's. */
const READ_BY_STACK_RULES: string[] = Object.values(ROUTE_RULE_TYPES).flat();
/** Properties that hold a policy, an ACL, rules or an attachment. */
const CARRIER_PROPERTY = /^(policy|policyDocument|policyDetails|accessPolicies|accessPolicy|resourcePolicy|repositoryPolicy|assumeRolePolicy|inlinePolicies|inlinePolicy|managedPolicyArns|managedPolicyArn|policyArn|policyArns|sessionPolicy|sessionPolicyArn|acl|objectAcl|accessControlPolicy|grants|ingress|egress|keyPolicy|principal)$/;
/** Type names that are a policy, an ACL, a rule or a permission. */
const CARRIER_TYPE = /(Ingress|Egress|Acl|PolicyAttachment|Permission|Policy|SecurityGroupRule)[A-Za-z]*$/;

/** Every resource type token of the provider whose Args or name says it carries a policy, an ACL or rules. */
function carriers(): string[] {
    const found: string[] = [];
    const walk = (dir: string) => {
        for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
            const p = path.join(dir, e.name);
            if (e.isDirectory()) {
                if (e.name !== "node_modules" && e.name !== "types") walk(p);
                continue;
            }
            if (!e.name.endsWith(".js")) continue;
            const token = /static __pulumiType = '([^']+)'/.exec(fs.readFileSync(p, "utf8"))?.[1];
            const dts = p.replace(/\.js$/, ".d.ts");
            if (!token || !fs.existsSync(dts)) continue;
            const args = /export interface \w+Args \{([\s\S]*?)\n\}/.exec(fs.readFileSync(dts, "utf8"))?.[1];
            if (args === undefined) continue;
            const props = [...args.matchAll(/^ {4}(?:readonly )?(\w+)\??:/gm)].map((m) => m[1]);
            if (props.some((x) => CARRIER_PROPERTY.test(x)) || CARRIER_TYPE.test(token.split(":").pop()!)) found.push(token);
        }
    };
    walk(AWS);
    return [...new Set(found)].sort();
}

describe("every place a policy, ACL or ingress can live (@pulumi/aws's own types)", () => {
    let all: string[];
    before(() => {
        all = carriers();
    });

    it("finds the types it must (the enumeration itself works)", () => {
        expect(all.length).to.be.greaterThan(150);
        expect(all).to.include.members(["aws:iam/role:Role", "aws:s3/bucketPolicy:BucketPolicy", "aws:ec2/securityGroup:SecurityGroup", "aws:sqs/queuePolicy:QueuePolicy", "aws:lambda/permission:Permission"]);
    });

    it("each is either checked by the pack or listed as not checked, with a reason", () => {
        const unlisted = all.filter((t) => !(t in CHECKED) && !(t in NOT_CHECKED));
        expect(unlisted, "add these to policies/model/coverage.ts: CHECKED (and a rule reading them) or NOT_CHECKED with the reason").to.deep.equal([]);
        for (const [type, reason] of Object.entries(NOT_CHECKED)) expect(reason, type).to.be.a("string").with.length.greaterThan(10);
    });

    it("no type is in both lists, and every listed type exists in the provider", () => {
        expect(Object.keys(CHECKED).filter((t) => t in NOT_CHECKED)).to.deep.equal([]);
        expect([...Object.keys(CHECKED), ...Object.keys(NOT_CHECKED)].filter((t) => !all.includes(t))).to.deep.equal([]);
    });

    it("every type listed as checked is read by a rule of the pack", () => {
        const read = new Set([...DOCUMENT_TYPES, ...POLICIES.flatMap(typesOf), "aws:ec2/securityGroupRule:SecurityGroupRule", "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"]);
        expect(Object.keys(CHECKED).filter((t) => !read.has(t))).to.deep.equal([]);
    });

    it("every @pulumi/aws-native type listed as checked is read by a rule of the pack", () => {
        const read = new Set([...DOCUMENT_TYPES, ...POLICIES.flatMap(typesOf), ...READ_BY_STACK_RULES]);
        expect(Object.keys(CHECKED_NATIVE).filter((t) => !read.has(t))).to.deep.equal([]);
        expect(Object.keys(CHECKED_NATIVE).every((t) => t.startsWith("aws-native:"))).to.equal(true);
    });

    it("every type listed as also read (routes, job configuration) is read by a rule", () => {
        const read = new Set([...POLICIES.flatMap(typesOf), ...READ_BY_STACK_RULES]);
        expect(Object.keys(ALSO_READ).filter((t) => !read.has(t))).to.deep.equal([]);
    });
});
