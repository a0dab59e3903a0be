/**
 * The CrossGuard policy pack's entry point: the built pack folder's `main` (`npm run build`
 * assembles it in dist/policy-pack/), which `pulumi preview --policy-pack <folder>` runs.
 * Constructing a PolicyPack starts the analyzer's gRPC server, so nothing else imports this file:
 * tools and tests take the pack from its face, ./pack.ts.
 */
import { PolicyPack } from "@pulumi/policy";
import { PACK_NAME, POLICIES } from "./pack";

new PolicyPack(PACK_NAME, { policies: POLICIES, enforcementLevel: "mandatory" });
