// Checks every JSON answer the integration tests received (http.jsonl, written by
// tests/support/client.c) against the contract:
//  - an error (status >= 400) is exactly the envelope {"error":{"code","message","field"?}},
//    its code is listed in proto/errors.md, and its HTTP status is the one listed there;
//  - a success on a route whose 2xx response has a schema in proto/openapi.yaml matches it.
// Usage: node tests/contract/check_http.mjs STATE/http.jsonl
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(new URL("../deploy/package.json", import.meta.url));
const Ajv = require("ajv");
const addFormats = require("ajv-formats");
const YAML = require("yaml");

const root = new URL("../../", import.meta.url);
const api = YAML.parse(readFileSync(new URL("proto/openapi.yaml", root), "utf8"));
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
ajv.addSchema({ components: api.components }, "openapi");
const envelope = ajv.compile({
  type: "object", additionalProperties: false, required: ["error"],
  properties: { error: { type: "object", additionalProperties: false, required: ["code", "message"],
    properties: { code: { type: "string", pattern: "^[a-z_]+$" }, message: { type: "string" },
                  field: { type: "string" } } } },
});

// The codes and their statuses from the table in proto/errors.md ("| code | HTTP | ... |").
const statusOf = {};
for (const line of readFileSync(new URL("proto/errors.md", root), "utf8").split("\n")) {
  const m = line.match(/^\| ([a-z_]+) \| ([0-9 /]+) \|/);
  if (m) statusOf[m[1]] = m[2].split("/").map((s) => Number(s.trim()));
}

// Path patterns of the document, as regular expressions.
const routes = Object.entries(api.paths).map(([p, ops]) => ({
  re: new RegExp("^" + p.replace(/\{[^}]+\}/g, "[^/]+") + "$"), ops,
}));
const schemaFor = (method, path, status) => {
  const r = routes.find((x) => x.re.test(path.split("?")[0]));
  const resp = r?.ops?.[method.toLowerCase()]?.responses?.[String(status)];
  const s = resp?.content?.["application/json"]?.schema;
  if (!s) return null;
  return s.$ref ? ajv.getSchema("openapi#/" + s.$ref.slice(2)) : ajv.compile(s);
};

let passed = 0, failed = 0;
const fail = (ex, why) => {
  failed++;
  if (failed <= 40) console.log(`FAIL ${ex.method} ${ex.path} -> ${ex.status}: ${why}`);
};
for (const line of readFileSync(process.argv[2], "utf8").split("\n").filter(Boolean)) {
  const ex = JSON.parse(line);
  // /healthz answers 503 with the same report as its 200: which services did not answer.
  if (ex.path === "/healthz") { passed++; continue; }
  if (ex.status >= 400) {
    if (!envelope(ex.body)) { fail(ex, "not the error envelope: " + ajv.errorsText(envelope.errors)); continue; }
    const code = ex.body.error.code, want = statusOf[code];
    if (!want) fail(ex, `code ${code} is not in proto/errors.md`);
    else if (!want.includes(ex.status)) fail(ex, `code ${code} is listed as ${want.join("/")}`);
    else passed++;
    continue;
  }
  const validate = schemaFor(ex.method, ex.path, ex.status);
  if (!validate || validate(ex.body)) passed++;
  else fail(ex, ajv.errorsText(validate.errors));
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
