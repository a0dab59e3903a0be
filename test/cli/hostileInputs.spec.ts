/**
 * Issue 20's hostile files, one class at a time, through the command line a user runs: world files,
 * policy-pack configs, customer lists, stack files, stack exports and message files that are badly
 * typed, badly encoded, too deep, alias bombs or say one thing twice. Each is refused with exit 2 and
 * one line naming the file and the place — never exit 3, a stack trace or a hang — and its good
 * neighbour (a byte-order mark, UTF-16 with one, agreeing columns) is read.
 */
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { inProcess } from "../helpers/cli";
import { tempDir } from "../helpers/tempDir";
import { aliasBomb } from "../helpers/hostile";

const ROOT = path.resolve(__dirname, "../..");
const SHARED = path.join(ROOT, "Pulumi.shared-example.yaml");
const PRIVATE = path.join(ROOT, "Pulumi.private-example.yaml");
const STACK_EXPORT = path.join(ROOT, "test", "fixtures", "bad-plane", "stack-export.json");
const ADOPTED = "vendor-emr-logs-111122223333";

let dir: string;
const file = (name: string, body: string | Buffer) => {
    const f = path.join(dir, name);
    fs.writeFileSync(f, body);
    return f;
};

/** Runs the command and checks the refusal: exit 2, one line on standard error starting `error: <file>: `, matching `expected`. */
async function refused(args: string[], shownFile: string, expected: RegExp): Promise<string> {
    const started = Date.now();
    const r = await inProcess(...args);
    expect(r.status, r.stderr).to.equal(2);
    expect(r.stderr.split("\n"), r.stderr).to.have.length(1);
    expect(r.stderr).not.to.match(/\n\s+at /);
    expect(r.stderr.startsWith(`error: ${shownFile}: `), r.stderr).to.equal(true);
    expect(r.stderr, r.stderr).to.match(expected);
    expect(Date.now() - started, "refused at once").to.be.below(5000);
    return r.stderr;
}

describe("hostile inputs: each class refused in one line naming the place (exit 2), its good neighbour read", () => {
    before(() => { dir = tempDir("dataplane-hostile-"); });

    describe("world files (dataplane preview --world), checked against their schema", () => {
        const world = (name: string, bucket: string) => file(name, `bucketSettings:\n  ${ADOPTED}:\n${bucket}`);
        const cases: [string, string, RegExp][] = [
            ["a policy that is a number", "    policy: 42\n", /bucketSettings\.vendor-emr-logs-111122223333\.policy: must be an IAM policy document \(a mapping with Statement, or its JSON text\), got number 42$/],
            ["a policy that is not JSON", "    policy: '{\"Statement\": ['\n", /\.policy: is not valid JSON \(/],
            ["statements that are not objects", "    policy: '{\"Statement\": [\"s3:GetObject\"]}'\n", /\.policy\.Statement\[0\]: must be a policy statement, got the string "s3:GetObject"$/],
            ["an Effect in the wrong case", "    policy: {Statement: {Effect: allow, Action: s3:GetObject}}\n", /\.policy\.Statement\.Effect: must be one of "Allow", "Deny", got the string "allow" \(did you mean "Allow"\?\)$/],
            ["a key twice in the policy's JSON text", "    policy: '{\"Statement\": [], \"Statement\": []}'\n", /\.policy: in its JSON text, line 1, column 19: key "Statement" appears twice in one object \(first at line 1, column 2\)/],
            ["lifecycle rules that are not a list", "    lifecycleRules: {Id: keep, Status: Enabled}\n", /\.lifecycleRules: must be a list of lifecycle rules .*, got a mapping$/],
            ["a lifecycle rule without Status", "    lifecycleRules: [{Id: keep}]\n", /\.lifecycleRules\[0\]\.Status: is required in a lifecycle rule/],
            ["an unknown encryption algorithm", "    encryption: {sseAlgorithm: aws:kms:rsa}\n", /\.encryption\.sseAlgorithm: must be one of "AES256", "aws:kms", "aws:kms:dsse", got the string "aws:kms:rsa"$/],
            ["a key with SSE-S3", "    encryption: {sseAlgorithm: AES256, kmsMasterKeyId: alias/x}\n", /\.encryption\.kmsMasterKeyId: applies to aws:kms and aws:kms:dsse only/],
            ["versioning in the wrong case", "    versioning: enabled\n", /\.versioning: must be one of "Enabled", "Suspended", "Disabled", got the string "enabled" \(did you mean "Enabled"\?\)$/],
            ["versioning as a boolean", "    versioning: true\n", /\.versioning: must be one of .*, got boolean true$/],
            ["encryption given as a string", "    encryption: aws:kms\n", /\.encryption: must be a default encryption, got the string "aws:kms"$/],
            ["a misspelt setting", "    versionning: Enabled\n", /\.versionning: is not a key of a bucket's settings \(did you mean "versioning"\?\)$/],
        ];
        for (const [what, bucket, expected] of cases) {
            it(`refuses ${what}`, async () => {
                const f = world("w.yaml", bucket);
                await refused(["preview", "--config", SHARED, "--world", f], f, expected);
            });
        }

        it("refuses a map given as a list, and a list given as a string", async () => {
            const list = file("list.yaml", "bucketSettings: [a, b]\n");
            await refused(["preview", "--config", SHARED, "--world", list], list, /: bucketSettings: must be a mapping of bucket names to a bucket's settings, got a list$/);
            const text = file("text.yaml", "buckets: vendor-emr-logs\n");
            await refused(["preview", "--config", SHARED, "--world", text], text, /: buckets: must be a list of bucket names, got the string "vendor-emr-logs"$/);
        });

        it("refuses a world file that is an alias bomb, at once", async () => {
            const f = file("bomb.yaml", aliasBomb());
            await refused(["preview", "--config", SHARED, "--world", f], f, /more than 64 aliases/);
        });

        it("reads the good neighbour: the documented adopted bucket, in YAML and in JSON with a byte-order mark", async () => {
            const settings = { policy: { Version: "2012-10-17", Statement: [{ Sid: "EmrOnEc2Logs", Effect: "Allow", Principal: { AWS: "arn:aws:iam::111122223333:role/EMR_EC2_DefaultRole" }, Action: "s3:PutObject", Resource: `arn:aws:s3:::${ADOPTED}/*` }] },
                encryption: { sseAlgorithm: "aws:kms", kmsMasterKeyId: "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab" }, versioning: "Enabled", lifecycleRules: [{ Id: "keep", Status: "Enabled", ExpirationInDays: 400 }] };
            for (const f of [file("good.yaml", `bucketSettings:\n  ${ADOPTED}: ${JSON.stringify(settings)}\n`), file("good.json", "\ufeff" + JSON.stringify({ bucketSettings: { [ADOPTED]: settings } }))]) {
                const r = await inProcess("preview", "--config", SHARED, "--world", f, "--json");
                expect(r.status, r.stderr).to.be.oneOf([0, 1]);
                expect(JSON.parse(r.stdout).outputs.controlPlaneMessage.resourceBucket).to.equal(ADOPTED);
            }
        });
    });

    describe("policy-pack configs (dataplane check --policy-config)", () => {
        it("refuses nesting thousands of levels deep with a clear error, not a RangeError", async () => {
            const f = file("deep.json", `{"foreign-accounts-trusted": {"trustedPrincipals": ${"[".repeat(5000)}${"]".repeat(5000)}}}`);
            await refused(["check", STACK_EXPORT, "--policy-config", f], f, /: line 1, column \d+: nested deeper than 64 levels$/);
        });

        it("refuses a key written twice (the second would turn a rule off), naming both places", async () => {
            const f = file("twice.json", '{\n  "no-public-ingress": "mandatory",\n  "all": "mandatory",\n  "no-public-ingress": "disabled"\n}\n');
            await refused(["check", STACK_EXPORT, "--policy-config", f], f, /: line 4, column 3: key "no-public-ingress" appears twice in one object \(first at line 2, column 3\)/);
        });

        it("refuses a misspelt rule name with the nearest rule", async () => {
            const f = file("typo.json", '{"no-public-ingres": "disabled"}');
            await refused(["check", STACK_EXPORT, "--policy-config", f], f, /no rule named "no-public-ingres" \(did you mean "no-public-ingress"\?\)$/);
        });

        it("reads a config with a byte-order mark, or in UTF-16 with one, as it reads stack files", async () => {
            const config = JSON.stringify({ all: "advisory" });
            for (const f of [file("bom.json", "\ufeff" + config), file("u16.json", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(config, "utf16le")]))]) {
                const r = await inProcess("check", STACK_EXPORT, "--policy-config", f);
                expect(r.status, r.stderr).to.equal(0);
            }
        });
    });

    describe("customer lists (dataplane fleet preview --customers)", () => {
        const fleet = (customers: string) => ["fleet", "preview", "--template", PRIVATE, "--customers", customers];

        it("keeps the first column of a spreadsheet's CSV: a byte-order mark before a quoted header", async () => {
            const f = file("excel.csv", '\ufeff"customerId","accountId","region"\r\nacme,444455556666,eu-west-1\r\n');
            const r = await inProcess(...fleet(f), "--json");
            expect(r.status, r.stderr).to.equal(0);
            expect(JSON.parse(r.stdout).planes.map((p: { customerId: string }) => p.customerId)).to.deep.equal(["acme"]);
        });

        it("reads a UTF-16 list with a byte-order mark, and refuses one without", async () => {
            const csv = "customerId,accountId,region\nacme,444455556666,eu-west-1\n";
            const r = await inProcess(...fleet(file("u16bom.csv", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(csv, "utf16le")]))), "--json");
            expect(r.status, r.stderr).to.equal(0);
            const bare = file("u16.csv", Buffer.from(csv, "utf16le"));
            await refused(fleet(bare), bare, /: looks like UTF-16 without a byte-order mark; save it as UTF-8/);
        });

        it("refuses a column named twice, naming both positions", async () => {
            const f = file("twice.csv", "customerId,accountId,region,vpcCidr,vpcCidr\nacme,444455556666,eu-west-1,10.1.0.0/16,10.2.0.0/16\n");
            await refused(fleet(f), f, /: column "vpcCidr" appears twice in the header \(columns 4 and 5\)$/);
        });

        it("refuses a key written twice in a YAML or JSON row, naming both places", async () => {
            const yamlList = file("twice.yaml", "- customerId: acme\n  accountId: '444455556666'\n  region: eu-west-1\n  customerId: globex\n");
            await refused(fleet(yamlList), yamlList, /: line 4, column 3: key "customerId" appears twice in one mapping \(first at line 1\)/);
            const jsonList = file("twice.json", '[{"customerId": "acme", "accountId": "444455556666", "region": "eu-west-1", "region": "us-east-1"}]');
            await refused(fleet(jsonList), jsonList, /: line 1, column 77: key "region" appears twice in one object \(first at line 1, column 54\)/);
        });

        it("suggests the nearest column or key for a misspelt header", async () => {
            const typo = file("typo.csv", "customerId,accountId,region,vpcCidrr\nacme,444455556666,eu-west-1,10.1.0.0/16\n");
            await refused(fleet(typo), typo, /: column "vpcCidrr": is not a config key of project emr-dataplane \(did you mean "vpcCidr"\?\)$/);
            const required = file("required.csv", "customerid,accountId,region\nacme,444455556666,eu-west-1\n");
            await refused(fleet(required), required, /: column customerId is missing \(required columns: customerId, accountId, region\); column "customerid" looks like a misspelling of it$/);
        });

        it("refuses a customer column that contradicts the project-qualified key for the same setting, naming both columns; agreeing ones pass", async () => {
            const f = file("contra.csv", "customerId,accountId,region,emr-dataplane:customerId\nacme,444455556666,eu-west-1,acme\nglobex,555566667777,eu-west-1,globex-tags\n");
            await refused(fleet(f), f, /: row 2: columns "customerId" \("globex"\) and "emr-dataplane:customerId" \("globex-tags"\) both set emr-dataplane:customerId and disagree; keep one of the two columns$/);
            const region = file("region.csv", "customerId,accountId,region,aws:region\nacme,444455556666,eu-west-1,us-east-1\n");
            await refused(fleet(region), region, /: row 1: columns "region" \("eu-west-1"\) and "aws:region" \("us-east-1"\) both set aws:region/);
            const agreeing = await inProcess(...fleet(file("agree.csv", "customerId,accountId,region,emr-dataplane:customerId\nacme,444455556666,eu-west-1,acme\n")));
            expect(agreeing.status, agreeing.stderr).to.equal(0);
        });

        it("refuses a customer list that is an alias bomb, at once", async () => {
            const f = file("bomb.yaml", aliasBomb());
            await refused(fleet(f), f, /more than 64 aliases/);
        });
    });

    describe("fleets that cannot deploy: physical names two planes would share", () => {
        const fleet = (customers: string) => ["fleet", "preview", "--template", PRIVATE, "--customers", customers];

        it("refuses two customers in one account whose planes would create the same IAM roles, naming both rows", async () => {
            const f = file("same-account.csv", "customerId,accountId,region\nacme,444455556666,eu-west-1\ninitech,555566667777,eu-west-1\nglobex,444455556666,us-east-1\n");
            await refused(fleet(f), f, /: rows 1 and 3 \(customers acme and globex, both in account 444455556666\) would both create IAM role "emr-dataplane-job-runtime", so the second deployment would fail; give one of them its own names \(a namePrefix column\) \(and 1 more name shared by planes\)$/);
        });

        it("refuses two customers in different accounts whose planes name the same S3 bucket (bucket names are unique across accounts)", async () => {
            const f = file("same-bucket.csv", "customerId,accountId,region,bucketName,namePrefix\nacme,444455556666,eu-west-1,acme-emr-resources,emr-acme\nglobex,555566667777,eu-west-1,acme-emr-resources,emr-globex\n");
            await refused(fleet(f), f, /: rows 1 and 2 \(customers acme and globex, S3 bucket names are unique across every account\) would both create S3 bucket "acme-emr-resources"/);
        });

        it("previews the stricter neighbour: the same account with a namePrefix each, or different accounts", async () => {
            for (const csv of ["customerId,accountId,region,namePrefix\nacme,444455556666,eu-west-1,emr-acme\nglobex,444455556666,eu-west-1,emr-globex\n",
                "customerId,accountId,region\nacme,444455556666,eu-west-1\nglobex,555566667777,eu-west-1\n"]) {
                const r = await inProcess(...fleet(file("ok.csv", csv)));
                expect(r.status, r.stderr).to.equal(0);
            }
        });
    });

    describe("stack files and Pulumi.yaml (dataplane preview --config)", () => {
        const stack = (name: string, body: string | Buffer) => {
            const sub = path.join(dir, `stack-${name}`);
            fs.mkdirSync(sub, { recursive: true });
            const f = path.join(sub, `Pulumi.${name}.yaml`);
            fs.writeFileSync(f, body);
            return f;
        };
        const config = fs.readFileSync(PRIVATE, "utf8");

        it("reads a stack file with a byte-order mark, or in UTF-16 with one", async () => {
            for (const [name, body] of [["bom", "\ufeff" + config], ["u16", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(config, "utf16le")])]] as const) {
                const r = await inProcess("preview", "--config", stack(name, body));
                expect(r.status, r.stderr).to.equal(0);
            }
        });

        it("refuses a config key written twice, and one written both bare and qualified, naming both", async () => {
            const twice = stack("twice", "config:\n  aws:region: eu-west-1\n  emr-dataplane:customerId: acme\n  emr-dataplane:planeKind: private\n  emr-dataplane:customerId: globex\n");
            await refused(["preview", "--config", twice], twice, /: line 5, column 3: key "emr-dataplane:customerId" appears twice in one mapping \(first at line 3\)/);
            const both = stack("both", "config:\n  aws:region: eu-west-1\n  customerId: acme\n  emr-dataplane:customerId: globex\n");
            await refused(["preview", "--config", both], both, /: config keys "customerId" and "emr-dataplane:customerId" both set emr-dataplane:customerId; keep one of them$/);
        });

        it("refuses a stack file that is an alias bomb, at once", async () => {
            const f = stack("bomb", `config:\n  aws:region: eu-west-1\n${aliasBomb().replace(/^/gm, "  ").replace(/^  l(\d):/gm, "  emr-dataplane:l$1:")}`);
            await refused(["preview", "--config", f], f, /more than 64 aliases/);
        });

        it("names control bytes in a key printably", async () => {
            const f = stack("ctrl", "config:\n  aws:region: eu-west-1\n  \"emr-dataplane:bad\\e[2J\": x\n");
            const r = await inProcess("preview", "--config", f);
            expect(r.status).to.equal(2);
            expect(r.stderr).not.to.match(/\u001b/);
            expect(r.stderr).to.match(/\\u001b\[2J|\\x1b\[2J/);
        });
    });

    describe("JSON with duplicate keys names the key", () => {
        it("a stack export (dataplane check)", async () => {
            const f = file("dup-export.json", '{"version": 3, "deployment": {"resources": [], "resources": []}}');
            await refused(["check", f], f, /: line 1, column 48: key "resources" appears twice in one object \(first at line 1, column 31\)/);
        });

        it("a message file (dataplane launch)", async () => {
            const f = file("dup-message.json", '{"region": "eu-west-1", "region": "us-east-1"}');
            await refused(["launch", "--message", f], f, /: line 1, column 25: key "region" appears twice in one object/);
        });
    });
});
