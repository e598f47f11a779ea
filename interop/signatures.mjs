// Fedify's own HTTP signature code (@fedify/fedify/sig: signRequest, verifyRequestDetailed),
// driven from Torg's FedifySignatureTest so that what Fedify signs is checked by Torg's verifier
// and what Torg signs is checked by Fedify's. Nothing here goes to the network: the signer's key
// is served from the job itself.
//
//   node signatures.mjs < job.json > result.json
//
// Jobs (one JSON object on stdin; the body is "body" as UTF-8 text or "bodyBase64"):
//   {"op":"sign","format":"rfc9421"|"draft-cavage","method","url","headers":{},"body",
//    "keyId","privateKeyPem" (PKCS#8) | "privateKeyJwk"}
//     -> {"headers":{name: value}}  every header of the request Fedify signed, names lower-case
//   {"op":"verify","method","url","headers":{},"body","keyId","publicKeyPem" (SPKI)}
//     -> {"verified":true|false,"reason":"…"}  reason only when not verified
// Failures (a key Fedify refuses, an unknown op) go to stderr with exit status 1.
// Fedify 2.3.6 signs with RSA keys only, in both formats (an Ed25519 key: "TypeError: Unsupported
// algorithm: Ed25519"); it verifies RFC 9421 Ed25519 signatures.
import { webcrypto } from "node:crypto";

// Node 18 (Debian 12's nodejs) has WebCrypto only as node:crypto's webcrypto, where Fedify
// expects the global of Node 19+; Fedify is loaded once the global is there.
globalThis.crypto ??= webcrypto;
const { signRequest, verifyRequestDetailed } = await import("@fedify/fedify/sig");

async function readStdin() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  return JSON.parse(Buffer.concat(chunks).toString("utf8"));
}

function bodyOf(job) {
  if (job.bodyBase64 != null) return new Uint8Array(Buffer.from(job.bodyBase64, "base64"));
  if (job.body != null) return new TextEncoder().encode(job.body);
  return null;
}

function derOf(pem, label) {
  const match = new RegExp(`-----BEGIN ${label}-----([^-]*)-----END ${label}-----`).exec(pem);
  if (match == null) throw new TypeError(`not a ${label} PEM block`);
  return Buffer.from(match[1].replace(/\s+/g, ""), "base64");
}

// Fedify signs with RSASSA-PKCS1-v1_5/SHA-256 keys (and refuses the rest itself); it needs an
// extractable key, so that is how it is imported.
const RSA = { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" };

async function importPrivateKey(job) {
  if (job.privateKeyJwk != null) {
    const jwk = job.privateKeyJwk;
    const algorithm = jwk.kty === "OKP" ? { name: "Ed25519" } : RSA;
    return await crypto.subtle.importKey("jwk", jwk, algorithm, true, ["sign"]);
  }
  const der = derOf(job.privateKeyPem, "PRIVATE KEY");
  try {
    return await crypto.subtle.importKey("pkcs8", der, RSA, true, ["sign"]);
  } catch {
    return await crypto.subtle.importKey("pkcs8", der, { name: "Ed25519" }, true, ["sign"]);
  }
}

function requestOf(job) {
  const method = job.method.toUpperCase();
  const body = bodyOf(job);
  return new Request(job.url, {
    method,
    headers: job.headers ?? {},
    body: method === "GET" || method === "HEAD" ? null : body,
  });
}

async function sign(job) {
  const spec = job.format === "rfc9421" ? "rfc9421" : job.format === "draft-cavage"
    ? "draft-cavage-http-signatures-12" : null;
  if (spec == null) throw new TypeError("unknown format " + job.format);
  const key = await importPrivateKey(job);
  const signed = await signRequest(requestOf(job), key, new URL(job.keyId), { spec });
  return { headers: Object.fromEntries(signed.headers) };
}

// The signer's actor as Mastodon serves it, the key under publicKey; any URL but the actor's
// (or its key's) is refused, so verification never reaches the network. JSON-LD contexts come
// from Fedify's preloaded copies.
function documentLoaderFor(job) {
  const keyId = new URL(job.keyId);
  const actor = new URL(keyId);
  actor.hash = "";
  const document = {
    "@context": ["https://www.w3.org/ns/activitystreams", "https://w3id.org/security/v1"],
    id: actor.href,
    type: "Person",
    preferredUsername: "signer",
    inbox: new URL("inbox", actor.href + "/").href,
    publicKey: { id: keyId.href, type: "CryptographicKey", owner: actor.href, publicKeyPem: job.publicKeyPem },
  };
  return async (url) => {
    const wanted = new URL(url);
    wanted.hash = "";
    if (wanted.href !== actor.href) throw new Error("no document for " + url + " in this job");
    return { contextUrl: null, documentUrl: actor.href, document };
  };
}

async function verify(job) {
  const result = await verifyRequestDetailed(requestOf(job), { documentLoader: documentLoaderFor(job) });
  if (result.verified) return { verified: true };
  const reason = result.reason.type === "keyFetchError"
    ? `keyFetchError: ${result.reason.result.error ?? result.reason.result.status}`
    : result.reason.type;
  return { verified: false, reason };
}

try {
  const job = await readStdin();
  let out;
  if (job.op === "sign") out = await sign(job);
  else if (job.op === "verify") out = await verify(job);
  else throw new TypeError("unknown op " + job.op);
  process.stdout.write(JSON.stringify(out) + "\n");
} catch (error) {
  process.stderr.write(String(error?.stack ?? error) + "\n");
  process.exitCode = 1;
}
