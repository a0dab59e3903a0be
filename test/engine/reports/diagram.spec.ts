import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { buildDiagram, toDot, toMermaid, toSvg } from "../../../engine/reports/diagram";
import { previewStack } from "../../../engine/preview/preview";
import { inProcess } from "../../helpers/cli";
import { run } from "../../helpers/offline";
import { Network } from "../../../components";

const ROOT = path.resolve(__dirname, "../../..");

describe("the plane's diagram (engine/reports/diagram.ts, --diagram)", () => {
    let diagram: ReturnType<typeof buildDiagram>;
    const label = (id: string) => [...diagram.groups.flatMap((g) => g.nodes), ...diagram.loose].find((n) => n.id === id)!.label;
    const edge = (from: RegExp, to: RegExp) => diagram.edges.filter((e) => from.test(label(e.from)) && to.test(label(e.to))).map((e) => e.label);
    before(async () => {
        const preview = await previewStack(path.join(ROOT, "Pulumi.private-example.yaml"));
        diagram = buildDiagram("emr-dataplane/private-example", preview.resources);
    });

    it("groups resources by component", () => {
        expect(diagram.groups.map((g) => g.label).sort()).to.deep.equal(["LaunchRole launch", "Network network", "ResourceBucket resources", "RuntimeRole job-runtime", "SparkApplication spark"]);
        const bucket = diagram.groups.find((g) => g.label === "ResourceBucket resources")!;
        expect(bucket.nodes.map((n) => n.label)).to.deep.equal(["kms Key\nresources-key", "s3 Bucket\nresources-bucket"]);
    });

    it("draws the trust chain: vendor (with ExternalId) → launch role → PassRole → runtime role → bucket and key", () => {
        expect(edge(/^vendor arn:aws:iam::111122223333:role\/role_trusted_user$/, /launch-role/)).to.deep.equal(["sts:AssumeRole + ExternalId"]);
        expect(edge(/launch-role/, /job-runtime-role/)).to.deep.equal(["iam:PassRole"]);
        expect(edge(/^service emr-serverless.amazonaws.com$/, /job-runtime-role/)).to.deep.equal(["sts:AssumeRole"]);
        expect(edge(/job-runtime-role/, /resources-bucket/)).to.deep.equal(["s3"]);
        expect(edge(/job-runtime-role/, /resources-key/)).to.deep.equal(["kms"]);
    });

    it("draws the plane's application with its architecture and cap, its network interfaces and logs, and the launch role's grant on it", () => {
        const app = /^emrserverless Application\nspark-application\nARM64, cap 16 vCPU \/ 64 GB$/;
        expect(edge(app, /Subnet\nnetwork-private-1/)).to.deep.equal(["network interfaces"]);
        expect(edge(app, /Subnet\nnetwork-private-2/)).to.deep.equal(["network interfaces"]);
        expect(edge(app, /resources-bucket/)).to.deep.equal(["logs (logs/)"]);
        expect(edge(/launch-role/, app)).to.deep.equal(["emr-serverless"]);
        expect(diagram.loose.map((n) => n.label)).not.to.include("EMR Serverless applications and job runs");
    });

    it("draws the network: each subnet with its AZ, routed to the S3 gateway endpoint", () => {
        expect(edge(/Subnet\nnetwork-private-1\neu-west-1a/, /VpcEndpoint \(Gateway s3\)/)).to.deep.equal(["S3 prefix list"]);
        expect(edge(/Subnet\nnetwork-private-2\neu-west-1b/, /VpcEndpoint \(Gateway s3\)/)).to.deep.equal(["S3 prefix list"]);
    });

    it("draws interface endpoints (endpoints mode) from each subnet they sit in, named by service", async () => {
        const { resources } = await run(() => { new Network("n", { internetEgress: "endpoints", interfaceEndpoints: ["ecr"] }); });
        const d = buildDiagram("endpoints", resources);
        const labelOf = (id: string) => [...d.groups.flatMap((g) => g.nodes), ...d.loose].find((n) => n.id === id)!.label;
        const edges = d.edges.filter((e) => /Interface/.test(labelOf(e.to))).map((e) => `${labelOf(e.from).split("\n")[1]} -> ${labelOf(e.to).split("\n")[0]}: ${e.label}`);
        expect(edges.sort()).to.deep.equal([
            "n-private-1 -> ec2 VpcEndpoint (Interface ecr.api): HTTPS (private DNS)", "n-private-1 -> ec2 VpcEndpoint (Interface ecr.dkr): HTTPS (private DNS)",
            "n-private-2 -> ec2 VpcEndpoint (Interface ecr.api): HTTPS (private DNS)", "n-private-2 -> ec2 VpcEndpoint (Interface ecr.dkr): HTTPS (private DNS)",
        ]);
    });

    it("renders Mermaid (subgraphs, labelled edges) and DOT (clusters) from the same diagram", () => {
        const mermaid = toMermaid(diagram);
        expect(mermaid.split("\n")[0]).to.equal("flowchart LR");
        expect(mermaid).to.match(/^ {2}subgraph g\d+\["ResourceBucket resources"\]$/m);
        expect(mermaid).to.match(/^ {2}x\d+ -- "sts:AssumeRole \+ ExternalId" --> n\d+$/m);
        const dot = toDot(diagram);
        expect(dot).to.match(/^digraph plane \{/);
        expect(dot.match(/subgraph cluster_/g)).to.have.length(5);
        expect(dot).to.contain('[label="iam:PassRole"]');
    });

    it("renders SVG with Graphviz in WebAssembly (no binary)", async () => {
        const svg = await toSvg(diagram);
        expect(svg).to.match(/^<\?xml[^>]*>\s*<!DOCTYPE svg/);
        expect(svg).to.contain("<svg");
        expect(svg).to.contain("iam:PassRole");
    });

    it("dataplane preview --diagram writes the file in the format its extension names; an unknown extension exits 2 first", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "dataplane-diagram-"));
        try {
            const mmd = path.join(dir, "plane.mmd");
            const r = await inProcess("preview", "--config", path.join(ROOT, "Pulumi.private-example.yaml"), "--diagram", mmd);
            expect(r.status).to.equal(0);
            expect(r.stdout).to.contain(`Diagram: ${mmd}`);
            expect(fs.readFileSync(mmd, "utf8")).to.equal(toMermaid(diagram));
            const png = await inProcess("preview", "--config", path.join(ROOT, "Pulumi.private-example.yaml"), "--diagram", path.join(dir, "plane.png"));
            expect([png.status, png.stdout]).to.deep.equal([2, ""]);
            expect(png.stderr).to.equal(`error: dataplane preview: --diagram must end in .mmd, .svg, .dot (Mermaid text, SVG or Graphviz DOT), got ${JSON.stringify(path.join(dir, "plane.png"))}`);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});
