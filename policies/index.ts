/**
 * The CrossGuard policy pack's entry point (PulumiPolicy.yaml's pack runs this file):
 * `pulumi preview --policy-pack policies`. Constructing a PolicyPack starts the analyzer's gRPC
 * server, so nothing else imports this file: tools and tests take the rules from `./policies`
 * and run them with `./analyze`.
 */
import { PolicyPack } from "@pulumi/policy";
import { PACK_NAME, POLICIES } from "./policies";

new PolicyPack(PACK_NAME, { policies: POLICIES, enforcementLevel: "mandatory" });
