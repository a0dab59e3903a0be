import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { offboarding } from "../../../engine/onboarding/offboarding";
import { OnboardedPlane, onboardPlane } from "../../../engine/onboarding/onboard";
import { DATA_PLANE_PROJECT_FILE, loadWorldFile, previewStack, previewStackConfig } from "../../../engine/preview/preview";
import { loadStackConfig } from "../../../engine/preview/stackConfig";
import { tempDir } from "../../helpers/tempDir";

const ROOT = path.resolve(__dirname, "../../..");

/** Offboarding, offline: what a destroy leaves, then the onboarding stack, then the control plane's registry. */
describe("onboarding: offboarding a customer", function () {
    this.timeout(120000);
    let plane: OnboardedPlane;
    before(async () => {
        plane = await onboardPlane(loadStackConfig(path.join(ROOT, "Pulumi.private-example.yaml"), DATA_PLANE_PROJECT_FILE),
            { deployPrincipalArns: ["arn:aws:iam::111122223333:role/vendor-deployer"], outDir: tempDir("dataplane-offboard-") });
    });

    it("a destroy leaves the bucket with the logs, its hardening and its key; it deletes everything else", () => {
        const o = offboarding(plane.facts, "private-example");
        expect(o.retained.map((r) => r.type).sort()).to.deep.equal([
            "aws:kms/key:Key", "aws:s3/bucket:Bucket", "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
            "aws:s3/bucketOwnershipControls:BucketOwnershipControls", "aws:s3/bucketPolicy:BucketPolicy", "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
            "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", "aws:s3/bucketVersioning:BucketVersioning"]);
        expect(o.deleted["aws:iam/role:Role"]).to.equal(2);
        expect(o.deleted["aws:emrserverless/application:Application"]).to.equal(1);
        expect(o.deleted).not.to.have.property("aws:s3/bucket:Bucket");
    });

    it("with retainBucketOnDestroy false, the bucket is deleted too (and the deployer may delete it)", async () => {
        const c = loadStackConfig(path.join(ROOT, "Pulumi.private-example.yaml"), DATA_PLANE_PROJECT_FILE);
        const p = await onboardPlane({ ...c, config: { ...c.config, "emr-dataplane:retainBucketOnDestroy": "false" } },
            { deployPrincipalArns: ["arn:aws:iam::111122223333:role/vendor-deployer"], outDir: tempDir("dataplane-offboard-delete-") });
        expect(offboarding(p.facts, "x").retained).to.deep.equal([]);
        const s3 = p.iam.deployerPolicies.find((x) => x.name.endsWith("-s3"))!;
        expect(JSON.stringify(s3.document)).to.contain("s3:DeleteBucket");
        expect(JSON.stringify(plane.iam.deployerPolicies.find((x) => x.name.endsWith("-s3"))!.document)).not.to.contain("s3:DeleteBucket");
    });

    it("the steps, written beside the template: destroy, drop from the registry, then delete the onboarding stack", () => {
        const text = fs.readFileSync(path.join(plane.dir, "offboarding.md"), "utf8");
        const at = (s: string) => text.indexOf(s);
        expect(at("pulumi destroy")).to.be.greaterThan(0);
        expect(at("emr-controlplane:dataPlanes")).to.be.greaterThan(at("pulumi destroy"));
        expect(at("deletes the onboarding stack `dataplane-onboarding-acme`")).to.be.greaterThan(at("emr-controlplane:dataPlanes"));
    });

    it("the control plane drops the plane from its registry when its stack leaves dataPlanes", async () => {
        const file = path.join(ROOT, "stacks/controlplane/Pulumi.example.yaml");
        const world = loadWorldFile(path.join(ROOT, "stacks/controlplane/offline-world.yaml"));
        const before = await previewStack(file, { world });
        const planes = (p: { exports: unknown }) => Object.keys((p.exports as { planes: Record<string, unknown> }).planes);
        expect(planes(before)).to.include("my-org/emr-dataplane/private-example");
        const c = loadStackConfig(file, path.join(ROOT, "stacks/controlplane/Pulumi.yaml"));
        const after = await previewStackConfig({ ...c, config: { ...c.config, "emr-controlplane:dataPlanes": JSON.stringify(["my-org/emr-dataplane/shared-example"]) } },
            world, path.join(ROOT, "stacks/controlplane/Pulumi.yaml"));
        expect(planes(after)).to.deep.equal(["my-org/emr-dataplane/shared-example"]);
        expect(after.resources.filter((r) => r.type === "pulumi:pulumi:StackReference").map((r) => r.name)).to.deep.equal(["my-org/emr-dataplane/shared-example"]);
    });
});
