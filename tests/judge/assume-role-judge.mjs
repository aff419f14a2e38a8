#!/usr/bin/env node
// Evaluates sts:AssumeRole requests with @cloud-copilot/iam-simulate, an
// IAM policy evaluator written independently of Jumpgate, so that the
// commit tests can check the documents Jumpgate wrote against someone
// else's reading of IAM's rules.
//
// Usage: node assume-role-judge.mjs CASES.json
//
// CASES.json is an object:
//   "principals": { ARN: { "account_id": ID,
//                          "policies": { NAME: DOCUMENT, ... } } }
//   "roles":      { ARN: { "account_id": ID, "trust_policy": DOCUMENT } }
//   "cases":      [ { "principal": ARN, "role": ARN,
//                     "mfa": "true" | "false" | null } ]
// where "mfa" is the value of aws:MultiFactorAuthPresent in the request
// context, null leaving the key out (as for long-term access keys).
//
// Standard output: a JSON array with, for each case in order,
//   { "principal", "role", "mfa", "decision" }
// where decision is the simulator's overall result: "Allowed",
// "ImplicitlyDenied" or "ExplicitlyDenied". Each request is evaluated
// with the principal's inline policies as identity policies and the
// role's trust policy as the resource policy, so a cross-account request
// is allowed only when both allow it.
//
// Exit status: 0 on success, 2 when the input is invalid, the package is
// missing or the simulator reports an error for a case.
//
// Packages come from tests/node_modules: run `npm ci --prefix tests`.

import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

function fail(message) {
  process.stderr.write(`assume-role-judge: ${message}\n`);
  process.exit(2);
}

const packageDir = join(dirname(fileURLToPath(import.meta.url)), "..",
                        "node_modules", "@cloud-copilot", "iam-simulate");
let simulator;

try {
  // Import by path: the package is installed under tests/, not beside
  // this script.
  const manifest = JSON.parse(readFileSync(join(packageDir, "package.json"),
                                           "utf8"));
  simulator = await import(pathToFileURL(join(packageDir,
                                              manifest.exports["."].import)));
} catch (error) {
  fail(`cannot load @cloud-copilot/iam-simulate from ${packageDir} ` +
       `(${error.message}): run npm ci --prefix tests`);
}

if (process.argv.length !== 3)
  fail("usage: node assume-role-judge.mjs CASES.json");

let input;
try {
  input = JSON.parse(readFileSync(process.argv[2], "utf8"));
} catch (error) {
  fail(`cannot read ${process.argv[2]}: ${error.message}`);
}

const principals = input.principals ?? {};
const roles = input.roles ?? {};
const results = [];

for (const [index, entry] of (input.cases ?? []).entries()) {
  const principal = principals[entry.principal];
  const role = roles[entry.role];

  if (principal === undefined)
    fail(`case ${index}: principal ${entry.principal} is not in "principals"`);
  if (role === undefined)
    fail(`case ${index}: role ${entry.role} is not in "roles"`);

  const contextVariables = {};
  if (entry.mfa !== null && entry.mfa !== undefined)
    contextVariables["aws:MultiFactorAuthPresent"] = String(entry.mfa);

  const simulation = {
    request: {
      principal: entry.principal,
      action: "sts:AssumeRole",
      resource: { resource: entry.role, accountId: role.account_id },
      contextVariables,
    },
    identityPolicies: Object.entries(principal.policies ?? {}).map(
      ([name, policy]) => ({ name, policy })),
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    resourcePolicy: role.trust_policy,
  };

  const response = await simulator.runSimulation(simulation, {});
  if (response.resultType === "error")
    fail(`case ${index} (${entry.principal} → ${entry.role}): the simulator ` +
         `rejected the request: ${JSON.stringify(response.errors)}`);

  results.push({
    principal: entry.principal,
    role: entry.role,
    mfa: entry.mfa ?? null,
    decision: response.overallResult,
  });
}

process.stdout.write(JSON.stringify(results) + "\n");
