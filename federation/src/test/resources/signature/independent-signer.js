// An HTTP signer written from the specifications, sharing no code with Torg, used by
// IndependentSignersTest to check that Torg verifies what other software signs (and that what
// Torg signs verifies elsewhere). Node's own crypto, URL and Date do the work.
//
//   node independent-signer.js <request.json>
//
// request.json: {command, keyPem, keyId, method, url, headers: {name: value}, bodyBase64, created}
//   command "sign-cavage"   -> prints {headers} with Digest (when a body) and a cavage Signature
//   command "sign-rfc9421"  -> prints {headers} with Content-Digest, Signature-Input, Signature
//   command "verify-rfc9421" -> prints {verified: true|false} for the request's own signature
'use strict';
const crypto = require('crypto');
const fs = require('fs');

const req = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const url = new URL(req.url);
const body = Buffer.from(req.bodyBase64 || '', 'base64');
const headers = {};
for (const [name, value] of Object.entries(req.headers || {})) headers[name.toLowerCase()] = value;
const hasBody = body.length > 0 || req.method === 'POST';

function signBytes(keyPem, data) {
  const key = crypto.createPrivateKey(keyPem);
  const digest = key.asymmetricKeyType === 'ed25519' ? null : 'sha256';
  return crypto.sign(digest, Buffer.from(data, 'utf8'), key).toString('base64');
}

function derived(name) {
  switch (name) {
    case '@method': return req.method.toUpperCase();
    case '@target-uri': return url.origin + url.pathname + url.search;
    case '@authority': return url.host;
    case '@scheme': return url.protocol.replace(':', '');
    case '@request-target': return url.pathname + url.search;
    case '@path': return url.pathname;
    case '@query': return url.search === '' ? '?' : url.search;
    default: {
      if (name === 'host') return headers.host || url.host;
      if (!(name in headers)) throw new Error('no header ' + name);
      return String(headers[name]).trim();
    }
  }
}

function signatureBase(components, params) {
  return components.map(c => `"${c}": ${derived(c)}`).concat([`"@signature-params": ${params}`]).join('\n');
}

const out = {};
const date = new Date(req.created * 1000).toUTCString();

if (req.command === 'sign-cavage') {
  headers.host = url.host;
  headers.date = date;
  out.Host = headers.host;
  out.Date = date;
  let covered;
  if (hasBody) {
    headers.digest = 'SHA-256=' + crypto.createHash('sha256').update(body).digest('base64');
    out.Digest = headers.digest;
    covered = ['(request-target)', 'host', 'date', 'digest', 'content-type'];
  } else {
    covered = ['(request-target)', 'host', 'date', 'accept'];
  }
  const signingString = covered.map(h => h === '(request-target)'
    ? `(request-target): ${req.method.toLowerCase()} ${url.pathname}${url.search}`
    : `${h}: ${headers[h]}`).join('\n');
  out.Signature = `keyId="${req.keyId}",algorithm="rsa-sha256",headers="${covered.join(' ')}",`
    + `signature="${signBytes(req.keyPem, signingString)}"`;
  console.log(JSON.stringify({ headers: out }));
} else if (req.command === 'sign-rfc9421') {
  headers.date = date;
  out.Date = date;
  let components = ['@method', '@target-uri', '@authority', '@scheme', '@request-target', '@path', '@query', 'date'];
  if (hasBody) {
    headers['content-digest'] = 'sha-512=:' + crypto.createHash('sha512').update(body).digest('base64') + ':';
    out['Content-Digest'] = headers['content-digest'];
    components = components.concat(['content-type', 'content-digest']);
  }
  const key = crypto.createPrivateKey(req.keyPem);
  const alg = key.asymmetricKeyType === 'ed25519' ? 'ed25519' : 'rsa-v1_5-sha256';
  const params = `(${components.map(c => `"${c}"`).join(' ')});created=${req.created};expires=${req.created + 300}`
    + `;keyid="${req.keyId}";alg="${alg}";nonce="${crypto.randomBytes(12).toString('base64')}";tag="independent"`;
  out['Signature-Input'] = `node=${params}`;
  out.Signature = `node=:${signBytes(req.keyPem, signatureBase(components, params))}:`;
  console.log(JSON.stringify({ headers: out }));
} else if (req.command === 'verify-rfc9421') {
  // Only what Torg's signer writes: one label, an inner list of plain components, then params.
  const m = /^([a-z0-9*_.-]+)=(\(([^)]*)\).*)$/.exec(headers['signature-input']);
  const components = m[3].split(' ').filter(s => s).map(s => JSON.parse(s));
  const signature = new RegExp(`^${m[1]}=:([A-Za-z0-9+/=]+):$`).exec(headers.signature)[1];
  const key = crypto.createPublicKey(req.keyPem);
  const digest = key.asymmetricKeyType === 'ed25519' ? null : 'sha256';
  const verified = crypto.verify(digest, Buffer.from(signatureBase(components, m[2]), 'utf8'), key,
    Buffer.from(signature, 'base64'));
  let digestMatches = true;
  if (headers['content-digest']) {
    digestMatches = headers['content-digest']
      === 'sha-256=:' + crypto.createHash('sha256').update(body).digest('base64') + ':';
  }
  console.log(JSON.stringify({ verified: verified && digestMatches }));
} else {
  throw new Error('unknown command ' + req.command);
}
