// Fedify's own Object Integrity Proof code (@fedify/fedify/sig: signObject, verifyObject, FEP-8b32
// eddsa-jcs-2022), driven from Torg's FedifyProofTest so that what Torg proves is checked by
// Fedify's verifier and what Fedify proves is checked by Torg's. Nothing goes to the network: the
// signer's actor (with its Multikey) is served from the job itself, JSON-LD contexts from
// Fedify's preloaded copies.
//
//   node proofs.mjs < job.json > result.json
//
// Jobs (one JSON object on stdin):
//   {"op":"verify","document":{…},"actor":{…}}  -> {"verified":true|false}
//       Fedify's verifyObject(Activity, document): every proof must verify with a key of its
//       verificationMethod, and every actor and attributedTo must be proven
//   {"op":"sign","document":{…},"keyId","privateKeyPem" (PKCS#8 Ed25519)}  -> {"document":{…}}
//       the document read as an Activity and sent as Fedify's sendActivity sends it: signObject's
//       proof, compact JSON-LD normalized for the wire, then an RSA Linked Data Signature
//       (signJsonLd, a "signature" the proof does not cover) by a throwaway key
// Failures go to stderr with exit status 1.
import { webcrypto } from "node:crypto";

globalThis.crypto ??= webcrypto;
const { signJsonLd, signObject, verifyObject } = await import("@fedify/fedify/sig");
// Not exported: the step sendActivity runs between signObject and the wire (the path is pinned by
// package-lock.json's Fedify; a new version renames the chunk and this import fails loudly).
const { r: normalizeOutgoingActivityJsonLd } = await import("./node_modules/@fedify/fedify/dist/outgoing-jsonld-OFoubetZ.mjs");
const { getDocumentLoader } = await import("@fedify/fedify");
const { Activity } = await import("@fedify/vocab");

async function readStdin() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  return JSON.parse(Buffer.concat(chunks).toString("utf8"));
}

function derOf(pem, label) {
  const match = new RegExp(`-----BEGIN ${label}-----([^-]*)-----END ${label}-----`).exec(pem);
  if (match == null) throw new TypeError(`not a ${label} PEM block`);
  return Buffer.from(match[1].replace(/\s+/g, ""), "base64");
}

// Serves the job's actor at its id; contexts come from Fedify's preloaded set (the network loader
// is never reached for them); any other URL is refused.
const contextLoader = getDocumentLoader();
function documentLoaderFor(job) {
  return async (url) => {
    const wanted = new URL(url);
    wanted.hash = "";
    if (job.actor != null && wanted.href === job.actor.id) {
      return { contextUrl: null, documentUrl: job.actor.id, document: job.actor };
    }
    throw new Error("no document for " + url + " in this job");
  };
}

async function verify(job) {
  const options = { documentLoader: documentLoaderFor(job), contextLoader };
  const verified = await verifyObject(Activity, job.document, options);
  return { verified: verified != null };
}

async function sign(job) {
  const key = await crypto.subtle.importKey("pkcs8", derOf(job.privateKeyPem, "PRIVATE KEY"), { name: "Ed25519" }, true, ["sign"]);
  const options = { documentLoader: documentLoaderFor(job), contextLoader };
  const activity = await Activity.fromJsonLd(job.document, options);
  const signed = await signObject(activity, key, new URL(job.keyId), options);
  let jsonLd = await signed.toJsonLd({ format: "compact", contextLoader });
  jsonLd = await normalizeOutgoingActivityJsonLd(jsonLd, contextLoader);
  const rsa = await crypto.subtle.generateKey(
    { name: "RSASSA-PKCS1-v1_5", modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" },
    true, ["sign", "verify"]);
  jsonLd = await signJsonLd(jsonLd, rsa.privateKey, new URL(job.document.actor + "#main-key"), { contextLoader });
  return { document: jsonLd };
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
