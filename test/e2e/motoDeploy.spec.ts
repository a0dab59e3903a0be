/**
 * The end-to-end suites deploy a plane's preview into moto (test/helpers/motoDeploy.ts): a resource
 * type it neither creates nor lists in NOT_DEPLOYED, with why, fails the deployment — a type a plane
 * starts registering can never be silently left out of the end-to-end tests.
 */
import { expect } from "chai";
import { NOT_DEPLOYED, deployToMoto } from "../helpers/motoDeploy";
import type { StackPreview } from "../../engine/preview/preview";
import type { Moto } from "../helpers/moto";

/** A preview holding only the given resources (nothing reaches moto before the unknown type). */
function previewOf(types: string[]): StackPreview {
    const resources = types.map((type, i) => ({ type, name: `r${i}`, urn: `urn:pulumi:s::p::${type}::r${i}`, inputs: {}, outputs: {} }));
    return { world: { region: "us-east-1" }, resources, outputs: { controlPlaneMessage: {} } } as unknown as StackPreview;
}

const offlineMoto = { clientConfig: () => ({ region: "us-east-1", endpoint: "http://127.0.0.1:9", credentials: { accessKeyId: "x", secretAccessKey: "y" } }) } as unknown as Moto;

describe("deploying a preview into moto", () => {
    it("refuses a resource type it does not know, naming it and where to decide", async () => {
        let error: Error | undefined;
        try { await deployToMoto(previewOf(["aws:sqs/queue:Queue"]), offlineMoto); } catch (e) { error = e as Error; }
        expect(error?.message).to.equal("deployToMoto does not know aws:sqs/queue:Queue (r0): create it in moto here, or list it in NOT_DEPLOYED with why it need not be");
    });

    it("passes over the types listed as not deployed, each with a reason, and reports them", async () => {
        const listed = Object.keys(NOT_DEPLOYED);
        expect(Object.values(NOT_DEPLOYED).every((why) => why.length > 10)).to.equal(true);
        const deployed = await deployToMoto(previewOf([...listed, "pulumi:pulumi:Stack", "emr-dataplane:index:Plane"]), offlineMoto);
        expect(deployed.skipped).to.deep.equal([...listed].sort());
    });
});
