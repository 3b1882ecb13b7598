// Checks every event the end-to-end test read back from JetStream against its JSON Schema in
// proto/schemas/events/<type>.json. Usage: node tests/contract/check_events.mjs EVENTS.jsonl
// Uses the validator that tests/deploy installs (ajv, pinned in tests/deploy/package-lock.json).
import { readFileSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(new URL("../deploy/package.json", import.meta.url));
const Ajv = require("ajv");
const addFormats = require("ajv-formats");

const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const dir = new URL("../../proto/schemas/events/", import.meta.url);
const validators = {};
for (const f of readdirSync(dir)) {
  if (f.endsWith(".json")) validators[f.replace(/\.json$/, "")] = ajv.compile(JSON.parse(readFileSync(new URL(f, dir))));
}

let passed = 0, failed = 0;
const seen = new Set();
const lines = readFileSync(process.argv[2], "utf8").split("\n").filter(Boolean);
for (const line of lines) {
  const ev = JSON.parse(line);
  const validate = validators[ev.type];
  seen.add(ev.type);
  if (validate && validate(ev)) { passed++; continue; }
  failed++;
  console.log(`FAIL ${ev.type} ${ev.id}: ${validate ? ajv.errorsText(validate.errors) : "no schema"}`);
}
// Every schema must have been exercised at least once by the end-to-end run.
for (const t of Object.keys(validators)) {
  if (seen.has(t)) passed++;
  else { failed++; console.log(`FAIL schema ${t}: no event of this type was seen`); }
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
