import { expect } from "chai";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { inProcess } from "../helpers/cli";
import { tempDir } from "../helpers/tempDir";

const ROOT = path.resolve(__dirname, "../..");
const BIN = path.join(ROOT, "bin", "dataplane.js");
const PRIVATE = path.join(ROOT, "Pulumi.private-example.yaml");
const SHARED = path.join(ROOT, "Pulumi.shared-example.yaml");

function cli(...args: string[]) {
    const r = spawnSync(process.execPath, [BIN, ...args], { cwd: os.tmpdir(), encoding: "utf8" });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A stack config file `Pulumi.<stack>.yaml` in a fresh temporary folder. */
function stackFile(stack: string, body: string): string {
    const dir = tempDir("dataplane-");
    const file = path.join(dir, `Pulumi.${stack}.yaml`);
    fs.writeFileSync(file, body);
    return file;
}

describe("dataplane preview (the command)", () => {
    describe("--json on the private example, from another working directory", () => {
        let run: ReturnType<typeof cli>;
        let doc: any;
        before(() => {
            run = cli("preview", "--config", PRIVATE, "--json");
            doc = JSON.parse(run.stdout);
        });

        it("exits 0 and prints one JSON document with resources, outputs and violations", () => {
            expect(run.status, run.stderr).to.equal(0);
            expect(Object.keys(doc)).to.include.members(["resources", "outputs", "violations"]);
            expect(doc.stack).to.equal("private-example");
        });

        it("describes each resource by urn, type, name, parent and inputs", () => {
            const role = doc.resources.find((r: any) => r.name === "launch-role");
            expect(role.urn).to.equal("urn:pulumi:private-example::emr-dataplane::emr-dataplane:index:LaunchRole$aws:iam/role:Role::launch-role");
            expect(role.type).to.equal("aws:iam/role:Role");
            expect(role.parent).to.equal("urn:pulumi:private-example::emr-dataplane::emr-dataplane:index:LaunchRole::launch");
            expect(role.inputs.name).to.equal("emr-dataplane-launch");
            const stack = doc.resources[0];
            expect([stack.type, stack.parent]).to.deep.equal(["pulumi:pulumi:Stack", null]);
            for (const r of doc.resources.slice(1)) expect(doc.resources.some((p: any) => p.urn === r.parent), r.urn).to.equal(true);
        });

        it("masks secrets: the ExternalId in the message and in the trust policy", () => {
            expect(doc.outputs.controlPlaneMessage.externalId).to.equal("[secret]");
            const role = doc.resources.find((r: any) => r.name === "launch-role");
            expect(role.inputs.assumeRolePolicy).to.equal("[secret]");
            expect(run.stdout).not.to.match(/"externalId": "[A-Za-z0-9]{40}"/);
        });
    });

    it("--show-secrets reveals the ExternalId, the same one the trust policy requires", async () => {
        const { status, stdout } = await inProcess("preview", "--config", PRIVATE, "--json", "--show-secrets");
        expect(status).to.equal(0);
        const doc = JSON.parse(stdout);
        const externalId = doc.outputs.controlPlaneMessage.externalId;
        expect(externalId).to.match(/^[A-Za-z0-9]{40}$/);
        const trust = JSON.parse(doc.resources.find((r: any) => r.name === "launch-role").inputs.assumeRolePolicy);
        expect(trust.Statement[0].Condition.StringEquals["sts:ExternalId"]).to.equal(externalId);
    });

    it("prints a readable plan: the tree under the stack and the message", async () => {
        const { status, stdout } = await inProcess("preview", "--config", SHARED);
        expect(status).to.equal(0);
        expect(stdout).to.contain("Offline preview of stack shared-example (project emr-dataplane) in account 111122223333, us-east-1");
        expect(stdout).to.match(/^ {2}\+ pulumi:pulumi:Stack +emr-dataplane-shared-example$/m);
        expect(stdout).not.to.contain("aws:s3/bucketPolicy:BucketPolicy");
        expect(stdout).to.match(/^ {2}adoptedBucketParts: \{$/m);
        expect(stdout).to.contain('"tlsPolicy": "kept as is"');
        expect(stdout).to.match(/^ {6}\+ aws:iam\/rolePolicyAttachment:RolePolicyAttachment +launch-launch-attachment$/m);
        expect(stdout).to.contain('"resourceBucket": "vendor-emr-logs-111122223333"');
    });

    describe("bad input: one line naming the key, exit 2, no stack trace", () => {
        it("as a real process", () => {
            const file = stackFile("bad", "config:\n  aws:region: us-east-1\n  emr-dataplane:planeKind: hybrid\n");
            const r = cli("preview", "--config", file);
            expect(r.status).to.equal(2);
            expect(r.stdout).to.equal("");
            expect(r.stderr.trim().split("\n")).to.deep.equal(['error: emr-dataplane:planeKind: must be one of "shared", "private", got "hybrid"']);
        });

        const cases: [string, string, string][] = [
            ["one subnet", "emr-dataplane:planeKind: shared\n  emr-dataplane:systemRoleName: r\n  emr-dataplane:vpcId: vpc-0aaaaaaaaaaaaaaa0\n  emr-dataplane:subnetIds: [subnet-0aaaaaaaaaaaaaaa1]\n",
                "error: emr-dataplane:subnetIds: must list at least 2 items, got 1"],
            ["two subnets in the same AZ (by the offline rule: last hex digits 1 and 4)", "emr-dataplane:planeKind: shared\n  emr-dataplane:systemRoleName: r\n  emr-dataplane:vpcId: vpc-0aaaaaaaaaaaaaaa0\n  emr-dataplane:subnetIds: [subnet-0aaaaaaaaaaaaaaa1, subnet-0aaaaaaaaaaaaaaa4]\n",
                "error: emr-dataplane:subnetIds: subnets subnet-0aaaaaaaaaaaaaaa1, subnet-0aaaaaaaaaaaaaaa4 are all in us-east-1b; a data plane needs private subnets in two distinct availability zones"],
            ["a malformed account id", "emr-dataplane:planeKind: shared\n  emr-dataplane:systemRoleName: r\n  emr-dataplane:accountId: 12345\n",
                'error: emr-dataplane:accountId: must be a 12-digit AWS account id, got "12345"'],
            ["a malformed vendor ARN", "emr-dataplane:planeKind: private\n  emr-dataplane:customerId: acme\n  emr-dataplane:vendorPrincipalArn: arn:aws:iam::1111:role/x\n",
                'error: emr-dataplane:vendorPrincipalArn: must be an IAM principal ARN (arn:aws:iam::<account>:role/<name>, :user/<name> or :root), got "arn:aws:iam::1111:role/x"'],
            ["a malformed CIDR", "emr-dataplane:planeKind: shared\n  emr-dataplane:systemRoleName: r\n  emr-dataplane:vpcCidr: 10.0.0.0/33\n",
                'error: emr-dataplane:vpcCidr: must be an IPv4 CIDR block such as "10.80.0.0/16", got "10.0.0.0/33"'],
            ["an ExternalId with a bad character", "emr-dataplane:planeKind: private\n  emr-dataplane:customerId: acme\n  emr-dataplane:vendorPrincipalArn: arn:aws:iam::111122223333:root\n  emr-dataplane:externalId: 'acme#1'\n",
                'error: emr-dataplane:externalId: may only contain letters, digits and +=,.@:/-_ (an STS ExternalId); character 5 of 6 is not one of them (the value is secret and not shown)'],
        ];
        for (const [what, body, line] of cases) {
            it(what, async () => {
                const file = stackFile("bad", `config:\n  aws:region: us-east-1\n  ${body}`);
                const r = await inProcess("preview", "--config", file);
                expect(r.status).to.equal(2);
                expect(r.stdout).to.equal("");
                expect(r.stderr.split("\n")).to.deep.equal([line]);
            });
        }

        it("a misspelt key in the stack file — bare, namespaced, in a misspelt namespace, or aws:region — gets \"did you mean\"", async () => {
            const cases: [string, string][] = [
                ["planKind: shared\n", "error: emr-dataplane:planKind: is not a config key of this project (did you mean emr-dataplane:planeKind?)"],
                ["emr-dataplane:planeKind: shared\n  emr-dataplane:systemRolName: r\n", "error: emr-dataplane:systemRolName: is not a config key of this project (did you mean emr-dataplane:systemRoleName?)"],
                ["emr-dataplane:planeKind: shared\n  emr-dataplane:systemRoleName: r\n  emr-datplane:vpcCidr: 10.1.0.0/16\n",
                    "error: emr-datplane:vpcCidr: is in namespace emr-datplane, which nothing reads (did you mean emr-dataplane:vpcCidr?)"],
            ];
            for (const [body, line] of cases) {
                const r = await inProcess("preview", "--config", stackFile("typo", `config:\n  aws:region: us-east-1\n  ${body}`));
                expect([r.status, r.stderr], body).to.deep.equal([2, line]);
            }
            const region = await inProcess("preview", "--config", stackFile("typo", "config:\n  aws:regon: us-east-1\n  emr-dataplane:planeKind: shared\n"));
            expect([region.status, region.stderr]).to.deep.equal([2, "error: aws:regon: is not a config key of the AWS provider (did you mean aws:region?)"]);
        });

        it("a region missing for the offline preview", async () => {
            const r = await inProcess("preview", "--config", stackFile("noregion", "config:\n  emr-dataplane:planeKind: shared\n"));
            expect([r.status, r.stderr]).to.deep.equal([2, "error: aws:region: is required for the offline preview (set it in the stack config file)"]);
        });

        it("a file that is not a stack config", async () => {
            const dir = tempDir("dataplane-");
            fs.writeFileSync(path.join(dir, "stack.yaml"), "config: {}\n");
            const r = await inProcess("preview", "--config", path.join(dir, "stack.yaml"));
            expect(r.status).to.equal(2);
            expect(r.stderr).to.equal(`error: ${path.join(dir, "stack.yaml")}: is not a stack config file: its name must be Pulumi.<stack>.yaml`);
        });

        it("a missing file, invalid YAML, an unknown flag, a missing --config", async () => {
            expect((await inProcess("preview", "--config", "/nonexistent/Pulumi.x.yaml")).stderr).to.equal("error: /nonexistent/Pulumi.x.yaml: cannot be read (ENOENT)");
            expect((await inProcess("preview", "--config", stackFile("y", "config: [unclosed\n"))).stderr).to.match(/^error: .*Pulumi\.y\.yaml: is not valid YAML: /);
            const unknown = await inProcess("preview", "--config", PRIVATE, "--jsn");
            expect([unknown.status, unknown.stderr]).to.deep.equal([2, "error: dataplane preview: unknown option '--jsn' (did you mean --json?) (see dataplane preview --help)"]);
            const missing = await inProcess("preview");
            expect([missing.status, missing.stderr]).to.deep.equal([2, "error: dataplane preview: --config is required (see dataplane preview --help)"]);
        });

        it("an encrypted value: a warning and a placeholder, not a failure", async () => {
            const file = stackFile("enc", "config:\n  aws:region: us-east-1\n  emr-dataplane:planeKind: private\n  emr-dataplane:customerId: acme\n  emr-dataplane:vendorPrincipalArn: arn:aws:iam::111122223333:root\n  emr-dataplane:externalId:\n    secure: v1:abc\n");
            // The pack config beside the stack trusts the vendor (foreign-accounts-trusted).
            fs.writeFileSync(file.replace(/\.yaml$/, ".policy.json"), JSON.stringify({ "foreign-accounts-trusted": { trustedPrincipals: ["arn:aws:iam::111122223333:root"] } }));
            const r = await inProcess("preview", "--config", file, "--json");
            expect(r.status).to.equal(0);
            expect(JSON.parse(r.stdout).warnings).to.deep.equal(["emr-dataplane:externalId is encrypted; only the Pulumi CLI can decrypt it, so the offline preview used a placeholder"]);
        });
    });

    it("as a process, previews a TypeScript project that has no compiled twin in dist/ (a test fixture), and exits 1 on its violations", () => {
        const r = cli("preview", "--config", path.join(ROOT, "test", "fixtures", "bad-plane", "Pulumi.bad.yaml"));
        expect(r.status, r.stderr).to.equal(1);
        expect(r.stdout).to.contain("Offline preview of stack bad (project bad-plane)");
        expect(r.stdout).to.match(/\[mandatory\] no-public-ingress +urn:pulumi:bad::bad-plane::aws:ec2\/securityGroup:SecurityGroup::open-sg/);
    });

    it("an unknown command exits 2 in one line, with a suggestion when one is close", async () => {
        expect(await inProcess("deploy")).to.deep.equal({ status: 2, stdout: "", stderr: "error: dataplane: unknown command 'deploy' (see dataplane --help)" });
        expect((await inProcess("previw")).stderr).to.equal("error: dataplane: unknown command 'previw' (did you mean preview?) (see dataplane --help)");
    });

    it("names resources in one column after the widest type, however long (no fixed 60-character column)", async () => {
        const { stdout } = await inProcess("preview", "--config", PRIVATE);
        const tree = stdout.split("\n").filter((l) => /^ {2,}[+>] /.test(l));
        const widest = "      + aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration";
        expect(widest.length).to.be.greaterThan(60);
        expect(tree.find((l) => l.startsWith(widest))).to.equal(`${widest}  resources-encryption  (retained on destroy)`);
        const nameColumn = new Set(tree.map((l) => l.search(/ {2}\S+( {2}\(.*\))?$/)));
        expect([...nameColumn]).to.deep.equal([widest.length]);
    });

    it("states the plane's idle monthly cost: the private example's NAT gateway and its address (the default internet egress) and KMS key", async () => {
        const { stdout } = await inProcess("preview", "--config", PRIVATE);
        expect(stdout).to.contain("Idle cost: US$37.50/month idle (NAT gateway US$32.85, Elastic IP (public IPv4) US$3.65, KMS key US$1.00)");
        const doc = JSON.parse((await inProcess("preview", "--config", PRIVATE, "--json")).stdout);
        expect(doc.idleCost.monthly).to.equal(37.5);
        expect(doc.idleCost.lines.map((l: any) => [l.item, l.count, l.urns[0]])).to.deep.equal([
            ["NAT gateway", 1, "urn:pulumi:private-example::emr-dataplane::emr-dataplane:index:Network$aws:ec2/natGateway:NatGateway::network-nat"],
            ["Elastic IP (public IPv4)", 1, "urn:pulumi:private-example::emr-dataplane::emr-dataplane:index:Network$aws:ec2/eip:Eip::network-nat"],
            ["KMS key", 1, "urn:pulumi:private-example::emr-dataplane::emr-dataplane:index:ResourceBucket$aws:kms/key:Key::resources-key"]]);
    });

    it("with internetEgress endpoints: no NAT, no internet gateway, the interface endpoints priced per AZ-hour, and the pack passes it", async () => {
        const config = fs.readFileSync(PRIVATE, "utf8") + "  emr-dataplane:internetEgress: endpoints\n  emr-dataplane:interfaceEndpoints: [sts, logs]\n";
        const r = await inProcess("preview", "--config", stackFile("endpoints", config), "--json");
        expect([r.status, r.stderr]).to.deep.equal([0, ""]);
        const doc = JSON.parse(r.stdout);
        const types = doc.resources.map((x: any) => x.type);
        for (const t of ["aws:ec2/natGateway:NatGateway", "aws:ec2/internetGateway:InternetGateway", "aws:ec2/eip:Eip", "aws:ec2/route:Route"]) expect(types, t).to.not.include(t);
        // Two endpoints × two AZs × US$0.01 an hour × 730 hours, and the bucket's key.
        expect(doc.idleCost.lines.map((l: any) => [l.item, l.count, l.monthly])).to.deep.equal([["interface VPC endpoint (per AZ)", 2, 29.2], ["KMS key", 1, 1]]);
        expect(doc.idleCost.monthly).to.equal(30.2);
        expect(doc.violations).to.deep.equal([]);
    });

    it("refuses internetEgress ipv6 in one line naming the key: exit 2", async () => {
        const config = fs.readFileSync(PRIVATE, "utf8") + "  emr-dataplane:internetEgress: ipv6\n";
        const r = await inProcess("preview", "--config", stackFile("ipv6", config));
        expect(r.status).to.equal(2);
        expect(r.stderr.trim().split("\n")).to.have.length(1);
        expect(r.stderr).to.match(/^error: emr-dataplane:internetEgress: "ipv6" is refused: /);
    });

    it("states next to it the most the plane's application can cost per hour at its cap, and that the rates are placeholders", async () => {
        const { stdout } = await inProcess("preview", "--config", PRIVATE);
        const lines = stdout.split("\n");
        const at = lines.indexOf("EMR Serverless applications, the most they can cost per hour (vCPU-hours and GB-hours at the cap):");
        expect(at).to.be.greaterThan(lines.findIndex((l) => l.startsWith("Idle cost:")));
        expect(lines[at + 1]).to.equal("  spark-application (ARM64): at most US$0.97/hour at its cap of 16 vCPU and 64 GB (16 × $0.042099 + 64 × $0.004623); pre-initialized workers: none");
        expect(lines[at + 2]).to.match(/^ {2}EMR Serverless rates are placeholders, not read from the live Amazon EMR pricing page/);
        const doc = JSON.parse((await inProcess("preview", "--config", PRIVATE, "--json")).stdout);
        expect(doc.idleCost.applications).to.have.length(1);
        const [app] = doc.idleCost.applications;
        expect([app.name, app.architecture, app.maximumCapacity, app.preInitializedHourly, app.idleTimeoutMinutes]).to.deep.equal(
            ["spark-application", "ARM64", { vcpu: 16, memoryGb: 64, diskGb: 200 }, 0, 15]);
        expect(app.hourlyCeiling).to.equal(0.9695);
    });

    describe("a program in the usual top-level style (no exported function)", () => {
        const TOP = path.join(ROOT, "test", "fixtures", "toplevel-plane", "Pulumi.top.yaml");

        it("previews like the Pulumi CLI runs it: its resources, and its exports as the stack outputs", async () => {
            const r = await inProcess("preview", "--config", TOP, "--json");
            // Exit 1: its plain bucket has none of the hardening the pack requires (and that is all).
            expect([r.status, r.stderr]).to.deep.equal([1, ""]);
            const doc = JSON.parse(r.stdout);
            expect(doc.violations.length).to.be.greaterThan(0);
            expect(new Set(doc.violations.map((v: any) => v.urn))).to.deep.equal(new Set(["urn:pulumi:top::toplevel-plane::aws:s3/bucket:Bucket::logs"]));
            expect(doc.resources.map((x: any) => x.type).sort()).to.deep.equal(["aws:kms/key:Key", "aws:s3/bucket:Bucket", "pulumi:pulumi:Stack"]);
            expect(doc.outputs.bucketName).to.equal("toplevel-fixture-logs");
            expect(doc.outputs.keyArn).to.match(/^arn:aws:kms:eu-west-1:123456789012:key\//);
        });

        it("runs again in the same process with the same plan (loaded afresh each run)", async () => {
            const first = JSON.parse((await inProcess("preview", "--config", TOP, "--json")).stdout);
            const second = JSON.parse((await inProcess("preview", "--config", TOP, "--json")).stdout);
            expect(second.resources).to.have.length(3);
            expect(second).to.deep.equal(first);
        });

        it("as a process (compiled CLI, tsx for the fixture): the plan and the verdict, no serialization error", () => {
            const r = cli("preview", "--config", TOP);
            expect(r.status, r.stderr).to.equal(1);
            expect(r.stderr).to.equal("");
            expect(r.stdout).to.match(/^ {4}\+ aws:s3\/bucket:Bucket +logs$/m);
        });
    });

    it("a world file can describe the adopted subnets", async () => {
        const world = path.join(tempDir("dataplane-"), "world.yaml");
        fs.writeFileSync(world, "subnets:\n  subnet-0c1d2e3f4a5b60781: { availabilityZone: us-east-1a }\n  subnet-0c1d2e3f4a5b60782: { availabilityZone: us-east-1a }\n");
        const r = await inProcess("preview", "--config", SHARED, "--world", world);
        expect(r.status).to.equal(2);
        expect(r.stderr).to.contain("are all in us-east-1a");
    });
});
