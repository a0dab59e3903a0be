/**
 * The built pack as the Pulumi CLI runs it: `pulumi preview --policy-pack dist/policy-pack` starts
 * `@pulumi/pulumi/cmd/run-policy-pack <engine> .` in the pack's folder (resolved from that folder,
 * test/helpers/policyHost.ts), which loads the folder's compiled `main`; the CLI reads the
 * analyzer's port from its stdout and talks gRPC to it. This test does exactly that, without the
 * CLI, on the folder `npm run build` assembled, and asks the analyzer what the engine would.
 */
import { expect } from "chai";
import { ChildProcess } from "child_process";
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as path from "path";
import { PACK_NAME, POLICIES } from "../../policies/pack";
import { servePolicyPack } from "../helpers/policyHost";

/* eslint-disable @typescript-eslint/no-var-requires */
const grpc = require("@grpc/grpc-js");
const analyzerGrpc = require("@pulumi/pulumi/proto/analyzer_grpc_pb");
const analyzerPb = require("@pulumi/pulumi/proto/analyzer_pb");
const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi"));
const { Struct } = require(require.resolve("google-protobuf/google/protobuf/struct_pb", { paths: [pulumiDir] }));
const { Empty } = require(require.resolve("google-protobuf/google/protobuf/empty_pb", { paths: [pulumiDir] }));

const ROOT = path.resolve(__dirname, "../..");
const PACK = path.join(ROOT, "dist", "policy-pack");

function rpc<T>(client: any, method: string, request: unknown): Promise<T> {
    return new Promise((resolve, reject) => client[method](request, (err: unknown, resp: T) => (err ? reject(err) : resolve(resp))));
}

function resource<T>(Type: new () => T, type: string, name: string, props: Record<string, unknown>): T {
    const r: any = new Type();
    r.setType(type);
    r.setName(name);
    r.setUrn(`urn:pulumi:ci::plane::${type}::${name}`);
    r.setProperties(Struct.fromJavaScript(props));
    r.setOptions(new analyzerPb.AnalyzerResourceOptions());
    return r;
}

describe("the policy pack, loaded the way the Pulumi CLI loads it", () => {
    let child: ChildProcess;
    let client: any;

    before(async function () {
        this.timeout(120_000);
        expect(fs.existsSync(path.join(PACK, "package.json")), "dist/policy-pack is built (npm run build)").to.equal(true);
        const served = await servePolicyPack(PACK);
        child = served.child;
        const port = served.port;
        expect(port).to.match(/^\d+$/);
        client = new analyzerGrpc.AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    });

    after(() => {
        client?.close();
        child?.kill();
    });

    it("has what `pulumi preview --policy-pack` needs in its folder: PulumiPolicy.yaml (runtime nodejs), a versioned package.json and its compiled main", () => {
        const project = yaml.load(fs.readFileSync(path.join(PACK, "PulumiPolicy.yaml"), "utf8")) as Record<string, unknown>;
        expect(project.runtime).to.equal("nodejs");
        const pkg = JSON.parse(fs.readFileSync(path.join(PACK, "package.json"), "utf8"));
        expect(pkg.version).to.equal(JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).version);
        expect(fs.existsSync(path.join(PACK, pkg.main))).to.equal(true);
        expect(pkg.main).to.match(/\.js$/);
    });

    it("serves every rule with its description and enforcement level", async () => {
        const info: any = await rpc(client, "getAnalyzerInfo", new Empty());
        expect(info.getName()).to.equal(PACK_NAME);
        const served = info.getPoliciesList().map((p: any) => [p.getName(), p.getEnforcementlevel(), p.getDescription()]);
        const level = (l: string | undefined) => (l === "advisory" ? analyzerPb.EnforcementLevel.ADVISORY : analyzerPb.EnforcementLevel.MANDATORY);
        expect(served).to.deep.equal(POLICIES.map((p) => [p.name, level(p.enforcementLevel), p.description]));
    });

    it("answers Analyze: the source document's AssumeRole on * is a mandatory violation", async () => {
        const policy = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Resource: "*" }] });
        const resp: any = await rpc(client, "analyze", resource(analyzerPb.AnalyzeRequest, "aws:iam/rolePolicy:RolePolicy", "runtime", { role: "r", policy }));
        const found = resp.getDiagnosticsList().map((d: any) => [d.getPolicyname(), d.getEnforcementlevel()]);
        expect(found).to.deep.equal([["sts-assume-role-scoped", analyzerPb.EnforcementLevel.MANDATORY]]);
    });

    it("answers AnalyzeStack: a bare bucket lacks its hardening", async () => {
        const req = new analyzerPb.AnalyzeStackRequest();
        req.setResourcesList([resource(analyzerPb.AnalyzerResource, "aws:s3/bucket:Bucket", "logs", { bucket: "plane-logs", arn: "arn:aws:s3:::plane-logs" })]);
        const resp: any = await rpc(client, "analyzeStack", req);
        const messages = resp.getDiagnosticsList().filter((d: any) => d.getPolicyname() === "resource-bucket-hardened").map((d: any) => d.getMessage());
        expect(messages).to.have.length(4);
        expect(messages.join("\n")).to.contain("bucket plane-logs has no TLS-only bucket policy");
    });
});
