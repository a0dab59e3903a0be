import * as aws from "@pulumi/aws";
import { expect } from "chai";
import { HOURS_PER_MONTH, PRICES, applicationCostLines, idleCost, idleCostLine } from "../../../engine/reports/idleCost";
import { run } from "../../helpers/offline";

describe("idle cost (engine/reports/idleCost.ts)", () => {
    it("prices what is registered: NAT gateway, its Elastic IP, an interface endpoint per AZ, a KMS key, a secret", async () => {
        const { resources } = await run(() => {
            const eip = new aws.ec2.Eip("nat-ip", { domain: "vpc" });
            new aws.ec2.NatGateway("nat", { allocationId: eip.id, subnetId: "subnet-0aaaaaaaaaaaaaaa1" });
            new aws.ec2.VpcEndpoint("sts", { vpcId: "vpc-1", serviceName: "com.amazonaws.eu-west-1.sts", vpcEndpointType: "Interface", subnetIds: ["subnet-a", "subnet-b"] });
            new aws.ec2.VpcEndpoint("s3", { vpcId: "vpc-1", serviceName: "com.amazonaws.eu-west-1.s3", vpcEndpointType: "Gateway" });
            new aws.kms.Key("key", {});
            new aws.secretsmanager.Secret("secret", {});
            new aws.ssm.Parameter("standard", { type: "String", value: "x" });
            new aws.ec2.EgressOnlyInternetGateway("eigw", { vpcId: "vpc-1" });
        });
        const cost = idleCost(resources);
        expect(cost.lines.map((l) => [l.item, l.count, l.monthly])).to.deep.equal([
            ["NAT gateway", 1, 32.85],
            ["interface VPC endpoint (per AZ)", 1, 14.6],
            ["Elastic IP (public IPv4)", 1, 3.65],
            ["KMS key", 1, 1],
            ["Secrets Manager secret", 1, 0.4],
        ]);
        expect(cost.monthly).to.equal(52.5);
        expect(PRICES.natGatewayHour * HOURS_PER_MONTH).to.be.closeTo(32.85, 1e-9);
        expect(cost.source).to.match(/us-east-1, USD, read 2026-11-30/);
        expect(idleCostLine(cost)).to.equal("US$52.50/month idle (NAT gateway US$32.85, interface VPC endpoint (per AZ) US$14.60, Elastic IP (public IPv4) US$3.65, KMS key US$1.00, Secrets Manager secret US$0.40)");
    });

    it("pre-initialized EMR Serverless workers count only when auto-stop is off; reads are never priced", async () => {
        const worker = { workerCount: 2, workerConfiguration: { cpu: "4 vCPU", memory: "16 GB" } };
        const { resources } = await run(() => {
            new aws.emrserverless.Application("warm", { releaseLabel: "emr-7.12.0", type: "spark", autoStopConfiguration: { enabled: false },
                initialCapacities: [{ initialCapacityType: "Driver", initialCapacityConfig: worker }] });
            new aws.emrserverless.Application("stops", { releaseLabel: "emr-7.12.0", type: "spark",
                initialCapacities: [{ initialCapacityType: "Driver", initialCapacityConfig: worker }] });
        });
        const cost = idleCost(resources);
        const hourly = 2 * (4 * PRICES.emrServerlessVcpuHour + 16 * PRICES.emrServerlessGbHour);
        expect(cost.lines).to.have.length(1);
        expect(cost.lines[0].urns).to.deep.equal(["urn:pulumi:test::test-project::aws:emrserverless/application:Application::warm"]);
        expect(cost.monthly).to.equal(Math.round(hourly * HOURS_PER_MONTH * 100) / 100);
        expect(idleCost(resources.map((r) => ({ ...r, op: "read" as const }))).monthly).to.equal(0);
    });

    it("the most each application can cost per hour: its cap at its architecture's rates, and its pre-initialized workers while started", async () => {
        const worker = { workerCount: 2, workerConfiguration: { cpu: "4 vCPU", memory: "16 GB" } };
        const { resources } = await run(() => {
            new aws.emrserverless.Application("graviton", { releaseLabel: "emr-7.12.0", type: "spark", architecture: "ARM64", maximumCapacity: { cpu: "16 vCPU", memory: "64 GB", disk: "200 GB" },
                initialCapacities: [{ initialCapacityType: "Executor", initialCapacityConfig: worker }], autoStopConfiguration: { enabled: true, idleTimeoutMinutes: 10 } });
            new aws.emrserverless.Application("x86", { releaseLabel: "emr-7.12.0", type: "spark", maximumCapacity: { cpu: "16 vCPU", memory: "64 GB" } });
            new aws.emrserverless.Application("uncapped", { releaseLabel: "emr-7.12.0", type: "spark" });
        });
        const [graviton, uncapped, x86] = idleCost(resources).applications;
        expect([graviton.name, graviton.architecture, x86.architecture]).to.deep.equal(["graviton", "ARM64", "X86_64"]);
        expect(graviton.hourlyCeiling).to.be.closeTo(16 * PRICES.emrServerlessArmVcpuHour + 64 * PRICES.emrServerlessArmGbHour, 1e-4);
        expect(x86.hourlyCeiling).to.be.closeTo(16 * PRICES.emrServerlessVcpuHour + 64 * PRICES.emrServerlessGbHour, 1e-4);
        expect(graviton.hourlyCeiling!).to.be.lessThan(x86.hourlyCeiling!);
        expect(graviton.preInitializedHourly).to.be.closeTo(2 * (4 * PRICES.emrServerlessArmVcpuHour + 16 * PRICES.emrServerlessArmGbHour), 1e-4);
        expect([x86.preInitializedHourly, uncapped.hourlyCeiling, uncapped.maximumCapacity]).to.deep.equal([0, undefined, undefined]);
        expect(graviton.note).to.match(/placeholders, not read from the live Amazon EMR pricing page/);
        // Auto-stop on: the warm workers are no idle cost of the month, only of the minutes before it stops.
        expect(idleCost(resources).lines).to.deep.equal([]);
        const lines = applicationCostLines([graviton, uncapped]);
        expect(lines[0]).to.match(/^graviton \(ARM64\): at most US\$0\.97\/hour at its cap of 16 vCPU and 64 GB \(16 × \$0\.042099 \+ 64 × \$0\.004623\); pre-initialized workers US\$0\.48\/hour while started \(until 10 idle minutes\)$/);
        expect(lines[1]).to.equal("uncapped (X86_64): no maximum capacity: no ceiling (set one: it is the spend cap); pre-initialized workers: none");
    });

    it("nothing billed: says so", () => {
        expect(idleCostLine(idleCost([]))).to.equal("US$0.00/month idle (nothing billed while idle)");
    });
});
