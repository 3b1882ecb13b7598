// Offline validation of Microcourt's deployment descriptions.
//   node tests/deploy/validate.mjs [ROOT]      (ROOT defaults to the repository root)
// Prints one line per check, "PASS  <check>" or "FAIL  <check>: <why>". The driver
// tests/deploy/run.sh counts them and prints the closing "N passed, N failed" line.
//
// Schemas come from npm packages installed in tests/deploy/node_modules (see package.json):
//   dclint               - ships the compose-spec project's JSON Schema (compose-spec.json), run
//                          here with Ajv (dclint's own lint rules are not used)
//   kubernetes-models    - validators generated from the Kubernetes OpenAPI spec (types, required
//                          fields, enums, formats); its type declarations, also generated from the
//                          OpenAPI spec, give the known fields of every object, so unknown
//                          (misspelt or misplaced) fields are rejected as well.
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(process.argv[2] || path.join(here, "..", ".."));
const require = createRequire(path.join(here, "package.json"));
const YAML = require("yaml");
const Ajv = require("ajv").default;
const addFormats = require("ajv-formats");

// ------------------------------------------------------------------ conventions
const SERVICES = ["gateway", "identity", "docketing", "documents", "hearings", "signatures", "enforcement"];
const DB_SERVICES = SERVICES.filter((s) => s !== "gateway");
const SHARED_ENV = ["NATS_URL", "LOG_LEVEL", "LOG_FORMAT", "MC_DATA_DIR"];
const PER_SVC_ENV = (S) => [`${S}_DB_URL`, `${S}_WORKERS`, `${S}_QUEUE_GROUP`];
const EXTRA_ENV = {
  gateway: { required: ["GATEWAY_LISTEN", "GATEWAY_REQUEST_TIMEOUT_MS", "GATEWAY_MAX_BODY_BYTES"], optional: [] },
  identity: { required: ["IDENTITY_KEY_FILE", "IDENTITY_FACE_MODEL_DIR"], optional: ["IDENTITY_SMS_URL"] },
  signatures: { required: ["SIGNATURES_KEY_FILE"], optional: [] },
};
const INT_ENV = /_(WORKERS|REQUEST_TIMEOUT_MS|MAX_BODY_BYTES)$|^GATEWAY_LISTEN$/;
const DATA_DIR = "/usr/share/microcourt/data";
const BIN = (s) => `/usr/local/bin/mc-${s}`;
const RUNTIME_PKGS = ["libnats3.4", "libjansson4", "libpq5", "libcurl4", "libcivetweb1", "libsodium23", "libjpeg62-turbo", "libpng16-16"];

// Every variable a service's config.c table declares may be set; nothing else may.
function configNames(svc) {
  const file = path.join(ROOT, "services", svc, "config.c");
  if (!fs.existsSync(file)) return [];
  return [...fs.readFileSync(file, "utf8").matchAll(/^\s*\{"([A-Z_]+)"/gm)].map((m) => m[1]);
}

function envExpect(svc) {
  const S = svc.toUpperCase();
  const required = [...SHARED_ENV, ...(svc === "gateway" ? [] : PER_SVC_ENV(S)), ...(EXTRA_ENV[svc]?.required || [])];
  const allowed = new Set([...required, ...(EXTRA_ENV[svc]?.optional || []), ...configNames(svc)]);
  return { required, allowed };
}

// ------------------------------------------------------------------ reporting
let passed = 0, failed = 0;
function check(name, fn) {
  let problems;
  try {
    const r = fn();
    problems = Array.isArray(r) ? r : r === true || r === undefined ? [] : [String(r)];
  } catch (e) {
    problems = [`exception: ${e && e.message ? e.message : e}`];
  }
  if (problems.length === 0) { passed++; console.log(`PASS  ${name}`); }
  else {
    failed++;
    const shown = problems.slice(0, 6).join("; ") + (problems.length > 6 ? `; ... (${problems.length - 6} more)` : "");
    console.log(`FAIL  ${name}: ${shown}`);
  }
}
const rel = (p) => path.relative(ROOT, p) || p;

// Compose interpolation: ${VAR:-default}, ${VAR-default}, ${VAR}, $$. Unset variables take
// their default (or the empty string), as docker compose does with no .env file.
function interpolate(v) {
  if (typeof v !== "string") return v;
  return v.replace(/\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?[-?]([^}]*))?\}/g, (m, name, def) =>
    m === "$$" ? "$" : process.env.MC_VALIDATE_USE_ENV && process.env[name] !== undefined ? process.env[name] : (def ?? ""));
}

// ------------------------------------------------------------------ compose
function loadYamlDocs(file) {
  const text = fs.readFileSync(file, "utf8");
  const docs = YAML.parseAllDocuments(text, { merge: true, uniqueKeys: true });
  const errs = [];
  for (const d of docs) for (const e of d.errors) errs.push(e.message.split("\n")[0]);
  if (errs.length) throw new Error(`YAML: ${errs.join("; ")}`);
  return docs.map((d) => d.toJS({ maxAliasCount: 1000 })).filter((d) => d !== null && d !== undefined);
}

function composeSchema() {
  // dclint ships the compose-spec project's schema/compose-spec.json (draft-07) as
  // schemas/compose.schema.json; only the schema file is used, not the linter.
  const file = path.join(path.dirname(require.resolve("dclint/package.json")), "schemas", "compose.schema.json");
  const schema = JSON.parse(fs.readFileSync(file, "utf8"));
  if (schema.title !== "Compose Specification") throw new Error(`${file} is not the compose-spec schema`);
  delete schema.$schema; // draft-07, Ajv's default
  const ajv = new Ajv({ strict: false, allErrors: true, logger: false });
  addFormats(ajv);
  return ajv.compile(schema);
}

function validateCompose() {
  const file = path.join(ROOT, "docker-compose.yml");
  let doc;
  check("compose: docker-compose.yml parses as YAML", () => {
    const docs = loadYamlDocs(file);
    if (docs.length !== 1) return `expected one YAML document, found ${docs.length}`;
    doc = docs[0];
  });
  if (!doc) return;
  const validate = composeSchema();
  check("compose: self-test, the compose-spec validator rejects a wrong type, an unknown field and a bad enum", () => {
    const p = [];
    if (validate({ services: { x: { image: "i", ports: "8080:8080" } } })) p.push("accepted ports as a string");
    if (validate({ services: { x: { image: "i", imagee: "i" } } })) p.push("accepted an unknown field");
    if (validate({ services: { x: { image: "i", depends_on: { y: { condition: "healthy" } } }, y: { image: "i" } } })) p.push("accepted a bad condition");
    if (!validate({ services: { x: { image: "i" } } })) p.push("rejected a minimal valid file");
    return p;
  });
  check("compose: valid against the compose-spec JSON Schema", () =>
    validate(doc) ? [] : validate.errors.map((e) => `${e.instancePath || "/"} ${e.message}${e.params && e.params.additionalProperty ? ` (${e.params.additionalProperty})` : ""}`));
  const services = doc.services || {};
  check("compose: a service for each of gateway, identity, docketing, documents, hearings, signatures, enforcement, nats, postgres", () =>
    [...SERVICES, "nats", "postgres"].filter((s) => !services[s]).map((s) => `missing service ${s}`));
  check("compose: no unexpected services", () =>
    Object.keys(services).filter((s) => ![...SERVICES, "nats", "postgres"].includes(s)).map((s) => `unexpected service ${s}`));
  check("compose: every service has a restart policy and a healthcheck", () => {
    const p = [];
    for (const [n, s] of Object.entries(services)) {
      if (!s.restart || s.restart === "no") p.push(`${n}: no restart policy`);
      if (!s.healthcheck || !s.healthcheck.test || s.healthcheck.disable) p.push(`${n}: no healthcheck`);
    }
    return p;
  });
  check("compose: depends_on uses conditions on services that exist (service_healthy only on services with a healthcheck)", () => {
    const p = [];
    for (const [n, s] of Object.entries(services)) {
      const d = s.depends_on;
      if (!d) { if (SERVICES.includes(n)) p.push(`${n}: no depends_on`); continue; }
      if (Array.isArray(d)) { p.push(`${n}: depends_on without conditions`); continue; }
      for (const [t, c] of Object.entries(d)) {
        if (!services[t]) p.push(`${n}: depends on unknown ${t}`);
        else if (c.condition === "service_healthy" && !services[t].healthcheck) p.push(`${n}: ${t} has no healthcheck`);
      }
      if (SERVICES.includes(n) && !d.nats) p.push(`${n}: does not wait for nats`);
      if (DB_SERVICES.includes(n) && !d.postgres) p.push(`${n}: does not wait for postgres`);
    }
    return p;
  });
  check("compose: images are nats:2.9*, postgres:15*, and one Microcourt image for every service", () => {
    const p = [];
    if (!/^nats:2\.9(\b|-)/.test(services.nats?.image || "")) p.push(`nats image ${services.nats?.image}`);
    if (!/^postgres:15(\b|-|\.)/.test(services.postgres?.image || "")) p.push(`postgres image ${services.postgres?.image}`);
    const imgs = new Set(SERVICES.map((s) => services[s]?.image));
    if (imgs.size !== 1 || !/microcourt/.test(interpolate([...imgs][0] || ""))) p.push(`Microcourt images differ or are wrong: ${[...imgs].join(", ")}`);
    return p;
  });
  check("compose: each service runs its own binary /usr/local/bin/mc-<svc>", () =>
    SERVICES.filter((s) => services[s]).flatMap((s) => {
      const c = [].concat(services[s].command || services[s].entrypoint || []);
      return c[0] === BIN(s) ? [] : [`${s}: command ${JSON.stringify(c)}`];
    }));
  check("compose: healthchecks are GET /healthz for the gateway and `mc-<svc> --probe` for the others", () =>
    SERVICES.filter((s) => services[s]?.healthcheck).flatMap((s) => {
      const t = [].concat(services[s].healthcheck.test).join(" ");
      if (s === "gateway") return /\/healthz/.test(t) && /8080/.test(t) ? [] : [`gateway: ${t}`];
      return t.includes(`${BIN(s)} --probe`) ? [] : [`${s}: ${t}`];
    }));
  check("compose: gateway published on host port 8080 -> 8080, no other service publishes ports", () => {
    const p = [];
    const ports = (services.gateway?.ports || []).map((x) => (typeof x === "object" ? `${x.published}:${x.target}` : String(x)));
    if (!ports.some((x) => /^(\S+:)?8080:8080(\/tcp)?$/.test(x))) p.push(`gateway ports ${JSON.stringify(ports)}`);
    for (const [n, s] of Object.entries(services)) if (n !== "gateway" && s.ports) p.push(`${n} publishes ${JSON.stringify(s.ports)}`);
    return p;
  });
  check("compose: environment names follow the convention (shared, <SVC>_*, gateway/identity/signatures extras)", () => {
    const p = [];
    for (const s of SERVICES) {
      if (!services[s]) continue;
      const env = normEnv(services[s].environment);
      const { required, allowed } = envExpect(s);
      for (const k of required) if (!(k in env)) p.push(`${s}: missing ${k}`);
      for (const k of Object.keys(env)) if (!allowed.has(k)) p.push(`${s}: unexpected ${k}`);
    }
    return p;
  });
  check("compose: environment values are well formed", () => {
    const p = [];
    for (const s of SERVICES) {
      if (!services[s]) continue;
      const env = normEnv(services[s].environment);
      p.push(...envValueProblems(s, env, (v) => interpolate(v)));
      for (const [k, v] of Object.entries(env)) {
        const x = interpolate(v);
        if (k.endsWith("_DB_URL") && !/^postgres(ql)?:\/\/[^@\s]+@postgres:5432\/\w+/.test(x)) p.push(`${s}: ${k} not a conninfo URI to the postgres service`);
        if (k === "NATS_URL" && x !== "nats://nats:4222") p.push(`${s}: NATS_URL ${x}`);
        if (k.endsWith("_KEY_FILE")) {
          const name = path.basename(x);
          if (!x.startsWith("/run/secrets/") || !(services[s].secrets || []).some((sec) => (sec.source || sec) === name))
            p.push(`${s}: ${k}=${x} is not one of its compose secrets`);
        }
      }
    }
    return p;
  });
  check("compose: each database service's DB_URL names a database created by the init script", () => {
    const p = [];
    const initMount = (services.postgres?.volumes || []).map(String).find((v) => v.includes("docker-entrypoint-initdb.d"));
    if (!initMount) return "postgres has no init script mounted";
    const sql = fs.readFileSync(path.join(ROOT, initMount.split(":")[0]), "utf8");
    for (const s of DB_SERVICES) {
      const url = interpolate(normEnv(services[s]?.environment)[`${s.toUpperCase()}_DB_URL`] || "");
      const m = /^postgres(?:ql)?:\/\/([^:@]+)(?::([^@]*))?@[^/]+\/([A-Za-z0-9_]+)/.exec(url);
      if (!m) { p.push(`${s}: DB_URL unparsable`); continue; }
      if (!new RegExp(`CREATE DATABASE\\s+${m[3]}\\s+OWNER\\s+${m[1]}\\b`, "i").test(sql)) p.push(`${s}: database ${m[3]} owned by ${m[1]} not created`);
      if (m[2] !== undefined && !new RegExp(`CREATE ROLE\\s+${m[1]}\\s+LOGIN\\s+PASSWORD\\s+'${m[2]}'`, "i").test(sql)) p.push(`${s}: role ${m[1]} / password differ from the init script`);
    }
    return p;
  });
  check("compose: NATS runs JetStream with its store on a named volume; PostgreSQL data on a named volume", () => {
    const p = [];
    const n = services.nats || {};
    const cmd = [].concat(n.command || []);
    const ci = cmd.indexOf("-c");
    const mounts = (n.volumes || []).map((v) => (typeof v === "string" ? v.split(":") : [v.source, v.target]));
    let storeDir = null;
    if (ci >= 0) {
      const m = mounts.find(([, tgt]) => tgt === cmd[ci + 1]);
      if (!m) return `nats config ${cmd[ci + 1]} is not mounted`;
      const conf = fs.readFileSync(path.join(ROOT, m[0]), "utf8").split("\n").map((l) => l.replace(/#.*/, "")).join("\n");
      const js = /jetstream\s*\{([^}]*)\}/.exec(conf);
      if (!js) p.push("nats config has no jetstream block");
      storeDir = js && /store_dir:\s*"?([^\s"]+)/.exec(js[1])?.[1];
    } else if (cmd.includes("-js") || cmd.includes("--jetstream")) {
      const si = Math.max(cmd.indexOf("-sd"), cmd.indexOf("--store_dir"));
      storeDir = si >= 0 ? cmd[si + 1] : null;
    } else p.push("JetStream not enabled");
    if (!storeDir || !mounts.some(([src, tgt]) => doc.volumes && src in doc.volumes && (storeDir + "/").startsWith(tgt.replace(/\/?$/, "/"))))
      p.push(`JetStream store ${storeDir} is not on a named volume`);
    if (!(services.postgres?.volumes || []).map(String).some((v) => /^[\w-]+:\/var\/lib\/postgresql\/data$/.test(v) && doc.volumes?.[v.split(":")[0]] !== undefined))
      p.push("postgres data is not on a named volume");
    return p;
  });
  check("compose: bind-mounted files exist; secret files are generated by deploy/compose/make-dev-secrets.sh", () => {
    const p = [];
    for (const [n, s] of Object.entries(services)) for (const v of s.volumes || []) {
      const src = typeof v === "string" ? v.split(":")[0] : v.source;
      if (src && (src.startsWith("./") || src.startsWith("/")) && !fs.existsSync(path.join(ROOT, src))) p.push(`${n}: ${src} missing`);
    }
    const gen = path.join(ROOT, "deploy/compose/make-dev-secrets.sh");
    const genText = fs.existsSync(gen) ? fs.readFileSync(gen, "utf8") : "";
    for (const [n, sec] of Object.entries(doc.secrets || {})) {
      if (!sec.file) continue;
      if (fs.existsSync(path.join(ROOT, sec.file))) continue;
      if (!sec.file.startsWith("./deploy/compose/dev-secrets/") || !genText.includes("dev-secrets")) p.push(`secret ${n}: ${sec.file} neither exists nor is generated`);
    }
    return p;
  });
}

function normEnv(e) {
  if (!e) return {};
  if (Array.isArray(e)) return Object.fromEntries(e.map((x) => { const i = String(x).indexOf("="); return i < 0 ? [x, ""] : [x.slice(0, i), x.slice(i + 1)]; }));
  return Object.fromEntries(Object.entries(e).map(([k, v]) => [k, v === null ? "" : String(v)]));
}

function envValueProblems(s, env, val) {
  const p = [];
  for (const [k, raw] of Object.entries(env)) {
    if (raw === undefined) continue; // from a Secret/ConfigMap reference
    const v = val(raw);
    if (k === "LOG_LEVEL" && !["error", "warn", "info", "debug"].includes(v)) p.push(`${s}: LOG_LEVEL=${v}`);
    if (k === "LOG_FORMAT" && !["json", "text"].includes(v)) p.push(`${s}: LOG_FORMAT=${v}`);
    if (k === "MC_DATA_DIR" && v !== DATA_DIR) p.push(`${s}: MC_DATA_DIR=${v}`);
    if (INT_ENV.test(k) && !/^[1-9]\d*$/.test(v)) p.push(`${s}: ${k}=${v} is not a positive integer`);
    if (k.endsWith("_QUEUE_GROUP") && v !== s) p.push(`${s}: ${k}=${v} (expected ${s})`);
    if (k === "GATEWAY_LISTEN" && v !== "8080") p.push(`${s}: GATEWAY_LISTEN=${v} (probes and ports use 8080)`);
    if (k === "IDENTITY_SMS_URL" && v !== "" && !/^https?:\/\//.test(v)) p.push(`${s}: IDENTITY_SMS_URL=${v}`);
  }
  return p;
}

// ------------------------------------------------------------------ kubernetes schemas
const kmRoot = path.dirname(require.resolve("kubernetes-models/package.json"));
const nmRoot = path.dirname(path.dirname(kmRoot)).endsWith("node_modules") ? path.dirname(path.dirname(kmRoot)) : path.dirname(kmRoot);

function modelPath(apiVersion, kind) {
  const gv = apiVersion.includes("/") ? apiVersion : `v1`;
  if (!/^[a-z0-9.]+\/v[0-9a-z]+$|^v1$/.test(gv) || !/^[A-Z][A-Za-z0-9]+$/.test(kind)) return null;
  const p = path.join(kmRoot, gv, kind);
  return fs.existsSync(`${p}.d.ts`) ? p : null;
}

// Known fields from the OpenAPI-generated declarations: parse each interface's properties and
// follow referenced types through the imports. Cached per declaration file.
const dtsCache = new Map();
function stripComments(t) { return t.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, ""); }
function resolveImport(fromFile, spec) {
  const s = spec.replace(/\.js$/, "");
  const base = s.startsWith(".") ? path.resolve(path.dirname(fromFile), s) : path.join(nmRoot, s);
  for (const c of [`${base}.d.ts`, path.join(base, "index.d.ts")]) if (fs.existsSync(c)) return c;
  return null;
}
function splitTop(body) {
  const out = []; let depth = 0, cur = "";
  for (const ch of body) {
    if (ch === "{" || ch === "<" || ch === "(" || ch === "[") depth++;
    if (ch === "}" || ch === ">" || ch === ")" || ch === "]") depth--;
    if (ch === ";" && depth === 0) { out.push(cur.trim()); cur = ""; } else cur += ch;
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}
function loadDts(file) {
  if (dtsCache.has(file)) return dtsCache.get(file);
  const text = stripComments(fs.readFileSync(file, "utf8"));
  const imports = {};
  for (const m of text.matchAll(/import\s*\{([^}]*)\}\s*from\s*"([^"]+)"/g))
    for (const n of m[1].split(",").map((x) => x.trim()).filter(Boolean)) imports[n.split(/\s+as\s+/).pop()] = m[2];
  const aliases = {};
  for (const m of text.matchAll(/export\s*(?:type\s*)?\{([^}]*)\}/g))
    for (const n of m[1].split(",").map((x) => x.trim()).filter(Boolean)) { const [a, b] = n.split(/\s+as\s+/); if (b) aliases[b] = a; }
  const interfaces = {};
  const re = /export\s+interface\s+(\w+)(?:\s+extends\s+[^{]+)?\s*\{/g;
  let m;
  while ((m = re.exec(text))) {
    let i = re.lastIndex, depth = 1;
    while (depth && i < text.length) { if (text[i] === "{") depth++; else if (text[i] === "}") depth--; i++; }
    const props = {};
    for (const seg of splitTop(text.slice(re.lastIndex, i - 1))) {
      const pm = /^"?([^"?:\s]+)"?\??\s*:\s*([\s\S]+)$/.exec(seg);
      if (pm) props[pm[1]] = pm[2].replace(/\s+/g, " ").trim();
    }
    interfaces[m[1]] = props;
  }
  const info = { file, imports, aliases, interfaces };
  dtsCache.set(file, info);
  return info;
}
// A type expression -> a walker description.
function typeOf(info, t) {
  t = t.trim();
  let m;
  if ((m = /^Array<(.+)>$/.exec(t))) return { array: typeOf(info, m[1]) };
  if ((m = /^\{ \[key: string\]: (.+?);? \}$/.exec(t))) return { map: typeOf(info, m[1]) };
  if (/^[A-Z]\w*$/.test(t)) {
    if (info.interfaces[t]) return { obj: { info, name: t } };
    if (info.imports[t]) {
      const f = resolveImport(info.file, info.imports[t]);
      if (!f) return { any: true };
      const other = loadDts(f);
      const name = other.aliases[t] || t;
      if (other.interfaces[name]) return { obj: { info: other, name } };
      const names = Object.keys(other.interfaces);
      return names.length === 1 ? { obj: { info: other, name: names[0] } } : { any: true };
    }
  }
  return { any: true }; // primitives, unions, string literals, IntOrString, Quantity, raw JSON
}
function unknownFields(value, type, at, out) {
  if (value === null || value === undefined || type.any) return;
  if (type.array) { if (Array.isArray(value)) value.forEach((v, i) => unknownFields(v, type.array, `${at}/${i}`, out)); return; }
  if (type.map) { if (typeof value === "object" && !Array.isArray(value)) for (const [k, v] of Object.entries(value)) unknownFields(v, type.map, `${at}/${k}`, out); return; }
  if (type.obj) {
    if (typeof value !== "object" || Array.isArray(value)) return; // the type check reports it
    const props = type.obj.info.interfaces[type.obj.name];
    for (const [k, v] of Object.entries(value)) {
      if (!(k in props)) { out.push(`${at || "/"}: unknown field "${k}"`); continue; }
      unknownFields(v, typeOf(type.obj.info, props[k]), `${at}/${k}`, out);
    }
  }
}
function k8sProblems(doc) {
  const p = [];
  if (!doc || typeof doc !== "object" || !doc.apiVersion || !doc.kind) return ["no apiVersion/kind"];
  const mp = modelPath(doc.apiVersion, doc.kind);
  if (!mp) return [`no schema for ${doc.apiVersion} ${doc.kind} (unknown or removed API)`];
  const mod = require(mp);
  const Model = mod[doc.kind];
  try { new Model(doc).validate(); } catch (e) {
    const errs = e.errors || [];
    if (errs.length) for (const er of errs) p.push(`${er.instancePath || "/"} ${er.message}${er.params && er.params.allowedValues ? ` (${er.params.allowedValues.join("|")})` : ""}`);
    else p.push(e.message);
  }
  const info = loadDts(`${mp}.d.ts`);
  const iname = Object.keys(info.interfaces).find((n) => n === `I${doc.kind}`) || Object.keys(info.interfaces)[0];
  const out = [];
  unknownFields(doc, { obj: { info, name: iname } }, "", out);
  return p.concat(out);
}

// ------------------------------------------------------------------ kubernetes project checks
function validateK8s() {
  const dir = path.join(ROOT, "k8s");
  const files = fs.existsSync(dir) ? fs.readdirSync(dir, { recursive: true }).filter((f) => /\.ya?ml$/.test(f)).sort() : [];
  check("k8s: self-test, the Kubernetes validator rejects a wrong field type and an unknown field", () => {
    const bad1 = { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "x" }, spec: { replicas: "three", selector: {}, template: {} } };
    const bad2 = { apiVersion: "v1", kind: "Service", metadata: { name: "x" }, spec: { ports: [{ port: 80, targetPrt: 8080 }] } };
    const good = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "x" }, data: { a: "b" } };
    const p = [];
    if (!k8sProblems(bad1).some((x) => x.includes("/spec/replicas"))) p.push("accepted replicas: \"three\"");
    if (!k8sProblems(bad2).some((x) => x.includes("targetPrt"))) p.push("accepted an unknown field");
    if (k8sProblems(good).length) p.push(`rejected a valid ConfigMap: ${k8sProblems(good)}`);
    return p;
  });
  const objects = []; // {file, doc}
  let kust = null;
  for (const f of files) {
    const full = path.join(dir, f);
    let docs = [];
    check(`k8s: ${f} parses as YAML`, () => { docs = loadYamlDocs(full); if (!docs.length) return "no documents"; });
    if (f === "kustomization.yaml") { kust = docs[0]; continue; }
    for (const d of docs) {
      objects.push({ file: f, doc: d });
      check(`k8s schema: ${f} ${d.kind}/${d.metadata && d.metadata.name}`, () => k8sProblems(d));
    }
  }
  check("k8s: kustomization.yaml is a Kustomization listing every manifest file (and only existing ones)", () => {
    if (!kust) return "k8s/kustomization.yaml missing";
    const p = [];
    if (kust.apiVersion !== "kustomize.config.k8s.io/v1beta1" || kust.kind !== "Kustomization") p.push("apiVersion/kind");
    if (kust.namespace !== "microcourt") p.push(`namespace ${kust.namespace}`);
    const res = kust.resources || [];
    if (!Array.isArray(res) || res.some((r) => typeof r !== "string")) return "resources is not a list of strings";
    for (const r of res) if (!fs.existsSync(path.join(dir, r))) p.push(`lists missing ${r}`);
    for (const f of files) if (f !== "kustomization.yaml" && !res.includes(f)) p.push(`does not list ${f}`);
    const dup = res.filter((r, i) => res.indexOf(r) !== i); if (dup.length) p.push(`duplicates ${dup}`);
    const known = new Set(["apiVersion", "kind", "namespace", "resources", "images", "labels", "commonLabels", "commonAnnotations", "configMapGenerator", "secretGenerator", "patches", "generatorOptions", "replicas"]);
    for (const k of Object.keys(kust)) if (!known.has(k)) p.push(`unknown field ${k}`);
    return p;
  });
  const find = (kind, name) => objects.find((o) => o.doc.kind === kind && o.doc.metadata?.name === name)?.doc;
  const all = (kind) => objects.filter((o) => o.doc.kind === kind).map((o) => o.doc);

  check("k8s: namespace microcourt exists and every namespaced object is in it", () => {
    const p = [];
    if (!find("Namespace", "microcourt")) p.push("no Namespace microcourt");
    for (const { file, doc } of objects) if (doc.kind !== "Namespace" && doc.metadata?.namespace !== "microcourt") p.push(`${file} ${doc.kind}/${doc.metadata?.name}`);
    return p;
  });
  check("k8s: object names are unique per kind", () => {
    const seen = new Set(), p = [];
    for (const { doc } of objects) { const k = `${doc.kind}/${doc.metadata?.name}`; if (seen.has(k)) p.push(`duplicate ${k}`); seen.add(k); }
    return p;
  });
  check("k8s: a Deployment for every service and no others", () => {
    const names = all("Deployment").map((d) => d.metadata.name);
    return [...SERVICES.filter((s) => !names.includes(s)).map((s) => `missing Deployment ${s}`),
      ...names.filter((n) => !SERVICES.includes(n)).map((n) => `unexpected Deployment ${n}`)];
  });
  check("k8s: every service has its own HorizontalPodAutoscaler (autoscaling/v2) on its own Deployment", () => {
    const p = [];
    for (const s of SERVICES) {
      const h = all("HorizontalPodAutoscaler").filter((x) => x.spec?.scaleTargetRef?.name === s);
      if (h.length !== 1) { p.push(`${s}: ${h.length} HPAs`); continue; }
      const t = h[0].spec.scaleTargetRef;
      if (h[0].apiVersion !== "autoscaling/v2" || t.kind !== "Deployment" || t.apiVersion !== "apps/v1") p.push(`${s}: target ${JSON.stringify(t)}`);
      if (!(h[0].spec.maxReplicas >= (h[0].spec.minReplicas || 1))) p.push(`${s}: min/max replicas`);
      if (!(h[0].spec.metrics || []).length) p.push(`${s}: no metrics`);
      const d = find("Deployment", s);
      if (d && d.spec.replicas !== undefined) p.push(`${s}: Deployment fixes replicas though an HPA owns them`);
    }
    return p;
  });
  check("k8s: Deployments: selector matches template labels, one image, own binary, requests and limits", () => {
    const p = [];
    const images = new Set();
    for (const d of all("Deployment")) {
      const s = d.metadata.name;
      const sel = d.spec?.selector?.matchLabels || {};
      const lab = d.spec?.template?.metadata?.labels || {};
      for (const [k, v] of Object.entries(sel)) if (lab[k] !== v) p.push(`${s}: selector ${k}=${v} not on template`);
      const cs = d.spec?.template?.spec?.containers || [];
      if (cs.length !== 1) { p.push(`${s}: ${cs.length} containers`); continue; }
      const c = cs[0];
      images.add(c.image);
      if (!c.command || c.command[0] !== BIN(s)) p.push(`${s}: command ${JSON.stringify(c.command)}`);
      for (const r of ["requests", "limits"]) for (const k of ["cpu", "memory"]) if (!c.resources?.[r]?.[k]) p.push(`${s}: no ${r}.${k}`);
      const sc = d.spec.template.spec.securityContext || {};
      if (sc.runAsNonRoot !== true) p.push(`${s}: runAsNonRoot not set`);
    }
    if (images.size !== 1) p.push(`images differ: ${[...images].join(", ")}`);
    else if (!/^(\S+\/)?microcourt(:[\w.-]+)?$/.test([...images][0])) p.push(`image ${[...images][0]}`);
    return p;
  });
  check("k8s: probes: gateway HTTP GET /healthz on 8080; others exec [mc-<svc>, --probe]", () => {
    const p = [];
    for (const d of all("Deployment")) {
      const s = d.metadata.name, c = d.spec?.template?.spec?.containers?.[0] || {};
      for (const probe of ["livenessProbe", "readinessProbe"]) {
        const pr = c[probe];
        if (!pr) { p.push(`${s}: no ${probe}`); continue; }
        if (s === "gateway") {
          const port = pr.httpGet?.port;
          const portNum = typeof port === "string" ? (c.ports || []).find((x) => x.name === port)?.containerPort : port;
          if (pr.httpGet?.path !== "/healthz" || portNum !== 8080) p.push(`gateway ${probe}: ${JSON.stringify(pr.httpGet)}`);
        } else if (JSON.stringify(pr.exec?.command) !== JSON.stringify([BIN(s), "--probe"])) p.push(`${s} ${probe}: ${JSON.stringify(pr.exec || pr)}`);
      }
      if (s === "gateway" && !(c.ports || []).some((x) => x.containerPort === 8080)) p.push("gateway: no containerPort 8080");
      if (s !== "gateway" && c.ports?.length) p.push(`${s}: declares ports but has no HTTP port`);
    }
    return p;
  });
  check("k8s: environment names follow the convention, shared ones from the microcourt-env ConfigMap", () => {
    const p = [];
    const cm = find("ConfigMap", "microcourt-env");
    if (!cm) return "no ConfigMap microcourt-env";
    const cmKeys = Object.keys(cm.data || {});
    for (const k of cmKeys) if (!SHARED_ENV.includes(k)) p.push(`ConfigMap microcourt-env: unexpected ${k}`);
    for (const k of SHARED_ENV) if (!cmKeys.includes(k)) p.push(`ConfigMap microcourt-env: missing ${k}`);
    p.push(...envValueProblems("configmap", cm.data || {}, (v) => v).filter((x) => !x.includes("QUEUE_GROUP")));
    if (!/^nats:\/\/nats(\.microcourt(\.svc(\.cluster\.local)?)?)?:4222$/.test(cm.data?.NATS_URL || "")) p.push(`NATS_URL ${cm.data?.NATS_URL} is not the nats Service`);
    for (const d of all("Deployment")) {
      const s = d.metadata.name, c = d.spec?.template?.spec?.containers?.[0] || {};
      const fromCm = (c.envFrom || []).some((e) => e.configMapRef?.name === "microcourt-env");
      if (!fromCm) p.push(`${s}: no envFrom microcourt-env`);
      const env = Object.fromEntries((c.env || []).map((e) => [e.name, e.valueFrom ? undefined : (e.value ?? "")]));
      const names = new Set([...(c.env || []).map((e) => e.name), ...(fromCm ? cmKeys : [])]);
      const { required, allowed } = envExpect(s);
      for (const k of required) if (!names.has(k)) p.push(`${s}: missing ${k}`);
      for (const k of names) if (!allowed.has(k)) p.push(`${s}: unexpected ${k}`);
      p.push(...envValueProblems(s, env, (v) => v));
    }
    return p;
  });
  check("k8s: DB URLs and key files come from Secrets that exist (DB_URL by secretKeyRef, keys as mounted files)", () => {
    const p = [];
    for (const d of all("Deployment")) {
      const s = d.metadata.name, S = s.toUpperCase(), c = d.spec?.template?.spec?.containers?.[0] || {};
      const env = c.env || [];
      for (const e of env) {
        if (e.name.endsWith("_DB_URL")) {
          const ref = e.valueFrom?.secretKeyRef;
          if (!ref) { p.push(`${s}: ${e.name} not from a Secret`); continue; }
          const sec = find("Secret", ref.name);
          if (!sec) p.push(`${s}: Secret ${ref.name} missing`);
          else if (!({ ...(sec.data || {}), ...(sec.stringData || {}) })[ref.key]) p.push(`${s}: Secret ${ref.name} has no key ${ref.key}`);
        } else if (e.valueFrom?.secretKeyRef) p.push(`${s}: ${e.name} from a Secret but is not a DB URL`);
        if (e.name.endsWith("_KEY_FILE")) {
          const dirOf = path.posix.dirname(e.value || "");
          const vm = (c.volumeMounts || []).find((m) => m.mountPath === dirOf);
          const vol = vm && (d.spec.template.spec.volumes || []).find((v) => v.name === vm.name);
          const sec = vol?.secret && find("Secret", vol.secret.secretName);
          if (!sec) p.push(`${s}: ${e.name}=${e.value} is not in a mounted Secret`);
          else if (!({ ...(sec.data || {}), ...(sec.stringData || {}) })[path.posix.basename(e.value)]) p.push(`${s}: Secret ${sec.metadata.name} has no ${path.posix.basename(e.value)}`);
        }
      }
      if (s === "gateway" && env.some((e) => /_DB_URL$/.test(e.name))) p.push("gateway has a database URL");
      void S;
    }
    return p;
  });
  check("k8s: Secrets hold only clearly marked placeholders", () => {
    const p = [];
    for (const sec of all("Secret")) {
      if (sec.data && Object.keys(sec.data).length) p.push(`${sec.metadata.name}: base64 data (use stringData placeholders)`);
      for (const [k, v] of Object.entries(sec.stringData || {})) if (!String(v).includes("REPLACE_ME")) p.push(`${sec.metadata.name}.${k} is not a REPLACE_ME placeholder`);
    }
    return p;
  });
  check("k8s: gateway Service and Ingress: Ingress terminates TLS and routes to the gateway's HTTP port", () => {
    const p = [];
    const svc = find("Service", "gateway"), ing = all("Ingress").find((i) => JSON.stringify(i).includes('"name":"gateway"'));
    const dep = find("Deployment", "gateway");
    if (!svc) return "no Service gateway";
    for (const [k, v] of Object.entries(svc.spec?.selector || {})) if (dep?.spec?.template?.metadata?.labels?.[k] !== v) p.push(`Service selector ${k}=${v} does not match the gateway pods`);
    const cport = dep?.spec?.template?.spec?.containers?.[0]?.ports || [];
    for (const sp of svc.spec?.ports || []) {
      const ok = typeof sp.targetPort === "string" ? cport.some((x) => x.name === sp.targetPort && x.containerPort === 8080) : (sp.targetPort ?? sp.port) === 8080;
      if (!ok) p.push(`Service port ${sp.port} does not reach 8080`);
    }
    if (!ing) return p.concat("no Ingress for the gateway");
    if (!(ing.spec?.tls || []).length || !ing.spec.tls.every((t) => t.secretName && find("Secret", t.secretName))) p.push("Ingress has no TLS with an existing Secret");
    for (const r of ing.spec?.rules || []) for (const pa of r.http?.paths || []) {
      const b = pa.backend?.service;
      if (b?.name !== "gateway") p.push(`Ingress path ${pa.path} -> ${b?.name}`);
      else if (!(svc.spec.ports || []).some((sp) => sp.name === b.port?.name || sp.port === b.port?.number)) p.push(`Ingress backend port ${JSON.stringify(b.port)} not on the Service`);
    }
    if (!/plain HTTP/i.test(fs.readFileSync(path.join(dir, objects.find((o) => o.doc === ing).file), "utf8"))) p.push("Ingress file does not say the gateway serves plain HTTP behind it");
    return p;
  });
  check("k8s: PodDisruptionBudgets cover the gateway and NATS pods", () => {
    const p = [];
    const pdbs = all("PodDisruptionBudget");
    for (const [what, labels] of [["gateway", find("Deployment", "gateway")?.spec?.template?.metadata?.labels], ["nats", find("StatefulSet", "nats")?.spec?.template?.metadata?.labels]]) {
      if (!labels) { p.push(`${what}: no workload`); continue; }
      if (!pdbs.some((b) => Object.entries(b.spec?.selector?.matchLabels || { x: null }).every(([k, v]) => labels[k] === v))) p.push(`${what}: no PodDisruptionBudget selects it`);
    }
    return p;
  });
  check("k8s: NATS is a 3-replica StatefulSet with JetStream on PVCs, routes via a headless Service, leafnode port 7422 exposed", () => {
    const p = [];
    const ss = find("StatefulSet", "nats");
    if (!ss) return "no StatefulSet nats";
    if (ss.spec.replicas !== 3) p.push(`replicas ${ss.spec.replicas}`);
    const hl = find("Service", ss.spec.serviceName);
    if (!hl || hl.spec?.clusterIP !== "None") p.push(`serviceName ${ss.spec.serviceName} is not a headless Service`);
    if (!(ss.spec.volumeClaimTemplates || []).length) p.push("no volumeClaimTemplates");
    const c = ss.spec.template?.spec?.containers?.[0] || {};
    if (!/^nats:2\.9(\b|-)/.test(c.image || "")) p.push(`image ${c.image}`);
    const ports = Object.fromEntries((c.ports || []).map((x) => [x.containerPort, x.name]));
    for (const n of [4222, 6222, 7422, 8222]) if (!ports[n]) p.push(`no containerPort ${n}`);
    const dataMount = (c.volumeMounts || []).find((m) => (ss.spec.volumeClaimTemplates || []).some((v) => v.metadata?.name === m.name));
    const cfgMount = (c.volumeMounts || []).find((m) => (ss.spec.template.spec.volumes || []).some((v) => v.name === m.name && v.configMap));
    const cfgVol = cfgMount && ss.spec.template.spec.volumes.find((v) => v.name === cfgMount.name);
    const cm = cfgVol && find("ConfigMap", cfgVol.configMap.name);
    const conf = cm?.data?.["nats.conf"];
    if (!conf) return p.concat("nats.conf ConfigMap not mounted");
    if (!(c.args || c.command || []).join(" ").includes(`${cfgMount.mountPath}/nats.conf`)) p.push("server not started with the mounted nats.conf");
    const live = conf.split("\n").map((l) => l.replace(/#.*/, "")).join("\n");
    const js = /jetstream\s*\{([^}]*)\}/.exec(live);
    if (!js) p.push("no jetstream block");
    else if (!dataMount || !new RegExp(`store_dir:\\s*"?${dataMount.mountPath}`).test(js[1])) p.push("JetStream store_dir is not on the PVC mount");
    if (!/leafnodes\s*\{[^}]*listen:\s*[\d.]*:?7422/.test(live)) p.push("no leafnodes block listening on 7422");
    if (!/#\s*remotes/.test(conf)) p.push("no commented example remote for another node");
    const routes = [...live.matchAll(/nats:\/\/(nats-\d)\.([\w-]+)\.microcourt\.svc\.cluster\.local:6222/g)];
    if (routes.length !== 3 || routes.some((r) => r[2] !== ss.spec.serviceName)) p.push(`cluster routes: ${routes.length} via the headless Service expected 3`);
    if (!/cluster\s*\{[^}]*listen:\s*[\d.]*:?6222/.test(live)) p.push("no cluster block on 6222");
    if (!/\bMC_EVENTS\b/.test(conf) || !/replicas/i.test(conf)) p.push("nats.conf does not note the MC_EVENTS stream replicas");
    const leafSvc = all("Service").find((s) => s.spec?.clusterIP !== "None" && (s.spec?.ports || []).some((x) => x.port === 7422));
    if (!leafSvc) p.push("no Service exposes the leafnode port 7422");
    if (!all("Service").some((s) => s.metadata.name === "nats" && (s.spec?.ports || []).some((x) => x.port === 4222))) p.push("no nats client Service on 4222");
    return p;
  });
  check("k8s: the MC_EVENTS stream (evt.>, file storage, 3 replicas) is created", () => {
    const job = all("Job").find((j) => JSON.stringify(j).includes("MC_EVENTS"));
    if (!job) return "no Job creates MC_EVENTS";
    const cmd = JSON.stringify(job.spec.template.spec.containers.map((c) => [c.command, c.args]));
    const p = [];
    for (const want of ["evt.>", "--replicas 3", "--storage file"]) if (!cmd.includes(want)) p.push(`missing ${want}`);
    return p;
  });
  check("k8s: every ConfigMap and Secret referenced by a workload exists", () => {
    const p = [];
    for (const { doc } of objects) {
      const spec = doc.kind === "Job" || doc.kind === "Deployment" || doc.kind === "StatefulSet" ? doc.spec?.template?.spec : null;
      if (!spec) continue;
      const refs = [];
      for (const c of spec.containers || []) {
        for (const e of c.envFrom || []) { if (e.configMapRef) refs.push(["ConfigMap", e.configMapRef.name]); if (e.secretRef) refs.push(["Secret", e.secretRef.name]); }
        for (const e of c.env || []) { const v = e.valueFrom || {}; if (v.configMapKeyRef && !v.configMapKeyRef.optional) refs.push(["ConfigMap", v.configMapKeyRef.name]); if (v.secretKeyRef) refs.push(["Secret", v.secretKeyRef.name]); }
      }
      for (const v of spec.volumes || []) { if (v.configMap) refs.push(["ConfigMap", v.configMap.name]); if (v.secret) refs.push(["Secret", v.secret.secretName]); }
      for (const [k, n] of refs) if (!find(k, n)) p.push(`${doc.kind}/${doc.metadata.name}: ${k} ${n} missing`);
    }
    return p;
  });
}

// ------------------------------------------------------------------ Dockerfile and cross-file
function validateDockerfile() {
  const file = path.join(ROOT, "Dockerfile");
  let text = "";
  check("dockerfile: exists", () => { text = fs.readFileSync(file, "utf8"); });
  if (!text) return;
  const lines = text.replace(/\\\n/g, " ").split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("#"));
  const stages = lines.filter((l) => /^FROM\s/i.test(l));
  check("dockerfile: multi-stage on debian:12 (builder + runtime)", () => {
    const p = [];
    if (stages.length < 2) p.push(`${stages.length} stage(s)`);
    for (const s of stages) if (!/^FROM\s+(--platform=\S+\s+)?debian:12(\b|-|@)/i.test(s)) p.push(s);
    return p;
  });
  const runtimeStart = lines.lastIndexOf(stages[stages.length - 1]);
  const builder = lines.slice(0, runtimeStart).join("\n"), runtime = lines.slice(runtimeStart).join("\n");
  check("dockerfile: builder installs the -dev packages and runs make build-all", () => {
    const p = [];
    for (const d of ["libnats-dev", "libjansson-dev", "libpq-dev", "libcurl4-openssl-dev", "libcivetweb-dev", "libsodium-dev", "libpng-dev"]) if (!builder.includes(d)) p.push(`no ${d}`);
    if (!/libjpeg(62-turbo)?-dev/.test(builder)) p.push("no libjpeg dev package");
    if (!/make\s+(\S+\s+)*build-all/.test(builder)) p.push("no make build-all");
    return p;
  });
  check("dockerfile: runtime installs the runtime libraries and no -dev package or compiler", () => {
    const p = RUNTIME_PKGS.filter((x) => !new RegExp(`(^|\\s)${x.replace(/[.+]/g, "\\$&")}(\\s|$)`, "m").test(runtime)).map((x) => `no ${x}`);
    const inst = (runtime.match(/apt-get install[^&;]*/g) || []).join(" ");
    if (/\S+-dev\b|\bbuild-essential\b|\bgcc\b/.test(inst)) p.push("dev packages in runtime");
    return p;
  });
  check("dockerfile: runtime has every binary the manifests run, the data tables at MC_DATA_DIR, and a non-root USER", () => {
    const p = [];
    for (const b of [...SERVICES.map((s) => `mc-${s}`), "microcourt-admin"]) if (!new RegExp(`COPY\\s+--from=\\S+[^\\n]*build/bin/${b}\\b[^\\n]*/usr/local/bin/?`).test(runtime) && !new RegExp("COPY\\s+--from=\\S+[^\\n]*build/bin/(mc-\\*|\\*)[^\\n]*/usr/local/bin").test(runtime)) p.push(`${b} not copied to /usr/local/bin`);
    if (!new RegExp(`COPY\\s+--from=\\S+\\s+\\S*data/?\\s+${DATA_DIR}/?`).test(runtime)) p.push("data/ not copied to " + DATA_DIR);
    if (!new RegExp(`MC_DATA_DIR=${DATA_DIR}`).test(runtime)) p.push("MC_DATA_DIR not set");
    const user = (runtime.match(/^USER\s+(\S+)/gm) || []).pop();
    if (!user || /USER\s+(root|0)(:|$)/.test(user)) p.push("runs as root");
    return p;
  });
  check("dockerfile: the uid matches runAsUser in k8s and user: in compose", () => {
    const uid = /^USER\s+(\d+)/m.exec(runtime)?.[1];
    if (!uid) return "USER is not numeric";
    const p = [];
    const comp = fs.readFileSync(path.join(ROOT, "docker-compose.yml"), "utf8");
    const cdoc = YAML.parse(comp, { merge: true });
    for (const s of SERVICES) if (String(cdoc.services?.[s]?.user || "").split(":")[0] !== uid) p.push(`compose ${s}: user ${cdoc.services?.[s]?.user}`);
    const dir = path.join(ROOT, "k8s");
    for (const f of fs.readdirSync(dir)) if (/\.ya?ml$/.test(f)) for (const d of YAML.parseAllDocuments(fs.readFileSync(path.join(dir, f), "utf8")).map((x) => x.toJS()))
      if (d?.kind === "Deployment" && String(d.spec?.template?.spec?.securityContext?.runAsUser) !== uid) p.push(`k8s ${d.metadata.name}: runAsUser ${d.spec?.template?.spec?.securityContext?.runAsUser}`);
    return p;
  });
}

function validateDocs() {
  check("docs: deploy/README.md covers compose, k8s, leaf nodes, MC_EVENTS (evt.>, replicas 3) and TLS at the ingress", () => {
    const f = path.join(ROOT, "deploy/README.md");
    if (!fs.existsSync(f)) return "missing";
    const t = fs.readFileSync(f, "utf8");
    return ["docker-compose.yml", "k8s/", "leaf", "7422", "MC_EVENTS", "evt.>", "replicas", "TLS", "Ingress"].filter((w) => !t.includes(w)).map((w) => `does not mention ${w}`);
  });
}

validateCompose();
validateK8s();
validateDockerfile();
validateDocs();

process.exitCode = failed ? 1 : 0;
