// A Fedify server that plays one fediverse account for the interop suite (suite.mjs): it is
// what a Hollo or Ghost user's server would be to Torg, built on Fedify 2.3.6 as they are.
//
// One actor (a Person) with an RSA key (HTTP signatures) and an Ed25519 key (Object Integrity
// Proofs), WebFinger and NodeInfo, an in-memory KV store and queue, inbox listeners that record
// every activity they get (and Accept every Follow), plain http on its own loopback address.
// Fedify checks every signature Torg sends it. With `authorize`, the peer requires signed fetches
// (Fedify's authorize predicates on the actor, its notes and its thread context collection),
// as an authorized-fetch server does. With `group`, the account is a Group (an FEP-1b12 Group
// as a Lemmy community or another server's branch would be), which opens threads and Announces
// them to its followers.
//
// Used as a module by suite.mjs (startPeer), or on its own to poke at by hand:
//   node interop/peer.mjs --host 127.0.0.21 [--port 80] [--first-knock draft-cavage] [--username ana]
import { randomUUID, webcrypto } from "node:crypto";
import http from "node:http";
// Node 20 has no Temporal: the polyfill @fedify/vocab itself depends on and checks against.
import { Temporal } from "@js-temporal/polyfill";

// Node 18/20 expose WebCrypto as node:crypto's webcrypto; Fedify expects the global (Node 19+).
globalThis.crypto ??= webcrypto;
// Fedify reads navigator.userAgent (to spot Cloudflare Workers) when it signs a queued delivery;
// Node has the navigator global from 21 on.
globalThis.navigator ??= { userAgent: `Node.js/${process.version}` };
const {
  createFederation, generateCryptoKeyPair, getDocumentLoader, InProcessMessageQueue, MemoryKvStore,
} = await import("@fedify/fedify");
const {
  Accept, Announce, Block, Create, Delete, Endpoints, Follow, Group, Like, Note, Person, PUBLIC_COLLECTION, Reject, Tombstone,
  Undo, Update,
} = await import("@fedify/vocab");

// Block: a Torg account's personal block of a peer's actor (README "Blocking and muting").
const ACTIVITY_TYPES = { Accept, Announce, Block, Create, Delete, Follow, Like, Reject, Undo, Update };

/**
 * Every request Fedify sends anywhere, with the signature format it used and the answer: the
 * suite reads from it which format the peers knocked with first and what Torg made of it.
 * Fedify calls the global fetch at request time, so wrapping it once sees every peer's requests.
 */
export const outgoing = [];
const originalFetch = globalThis.fetch;
globalThis.fetch = async (input, init) => {
  const request = new Request(input, init);
  const signed = request.headers.has("signature-input") ? "rfc9421"
    : request.headers.has("signature") ? "draft-cavage" : "unsigned";
  const keyId = /keyid="([^"]+)"/i.exec(request.headers.get("signature-input") ?? request.headers.get("signature") ?? "")?.[1];
  const entry = { method: request.method, url: request.url, signed, keyId: keyId ?? null, status: null, error: null,
    body: request.method === "POST" ? await request.clone().text() : null };
  outgoing.push(entry);
  try {
    const response = await originalFetch(request);
    entry.status = response.status;
    return response;
  } catch (error) {
    entry.error = String(error?.message ?? error);
    throw error;
  }
};

/**
 * Starts a peer at http://{host}:{port}/ whose one account is {username}.
 * firstKnock: "rfc9421" or "draft-cavage-http-signatures-12", the format Fedify signs with first
 * for a server it has not talked to yet (it retries with the other one on a 401).
 */
export async function startPeer({ host, port = 80, username = "ana", firstKnock = "rfc9421", authorize = false, group = false }) {
  const origin = port === 80 ? `http://${host}` : `http://${host}:${port}`;
  /** Activities the inboxes accepted, in arrival order: {type, id, actorId, objectId, activity}. */
  const received = [];
  /** POSTs to the inboxes that Fedify refused (a signature it could not verify): {path, status, body}. */
  const refused = [];
  /** Errors of inbox listeners and of queued deliveries. */
  const errors = [];
  const notes = new Map();
  /** POST bodies the inboxes got, as sent: {path, body}; the suite checks Torg's proofs on them. */
  const inboxBodies = [];
  /** GETs this peer served: {url, status, signed}; with authorize, what Torg's signed fetches got. */
  const served = [];
  // Fedify's authorize predicate: the request carries a signature Fedify verifies (either format).
  const signedOnly = async (ctx) => authorize ? (await ctx.getSignedKey()) != null : true;
  const followers = new Map();
  const keys = [await generateCryptoKeyPair("RSASSA-PKCS1-v1_5"), await generateCryptoKeyPair("Ed25519")];

  const federation = createFederation({
    kv: new MemoryKvStore(),
    queue: new InProcessMessageQueue(),
    // Torg and the peers live on loopback addresses, over plain http: for tests only.
    allowPrivateAddress: true,
    firstKnock,
    onOutboxError: (error, activity) => errors.push(`delivering ${activity?.id?.href}: ${error?.message ?? error}`),
  });

  federation
    .setActorDispatcher("/users/{identifier}", async (ctx, identifier) => {
      if (identifier !== username) return null;
      const pairs = await ctx.getActorKeyPairs(identifier);
      return new (group ? Group : Person)({
        id: ctx.getActorUri(identifier),
        preferredUsername: identifier,
        name: `Fedify peer ${identifier}`,
        summary: `<p>An account of Torg's interop suite, served by Fedify on ${host}.</p>`,
        url: ctx.getActorUri(identifier),
        inbox: ctx.getInboxUri(identifier),
        outbox: ctx.getOutboxUri(identifier),
        followers: ctx.getFollowersUri(identifier),
        endpoints: new Endpoints({ sharedInbox: ctx.getInboxUri() }),
        manuallyApprovesFollowers: false,
        publicKey: pairs[0].cryptographicKey,
        assertionMethods: pairs.map((pair) => pair.multikey),
      });
    })
    .setKeyPairsDispatcher((ctx, identifier) => (identifier === username ? keys : []))
    .authorize(signedOnly);

  federation.setFollowersDispatcher("/users/{identifier}/followers", (ctx, identifier) =>
    identifier === username ? { items: [...followers.values()] } : null);
  federation.setOutboxDispatcher("/users/{identifier}/outbox", (ctx, identifier) =>
    identifier === username ? { items: [] } : null);
  federation.setObjectDispatcher(Note, "/users/{identifier}/notes/{id}", (ctx, values) =>
    values.identifier === username ? notes.get(values.id) ?? null : null).authorize(signedOnly);
  // A thread's context (FEP-7888) as an OrderedCollection of its notes, one per page, so that
  // reading it takes GETs of URLs with a query (?cursor=N).
  const contextPath = "/users/{identifier}/contexts/{context}";
  const inContext = (context) => [...notes.values()].filter((note) => note.contextIds?.some((id) => id.pathname.endsWith(`/contexts/${context}`)));
  federation.setOrderedCollectionDispatcher("context", Note, contextPath, (ctx, values, cursor) => {
    if (values.identifier !== username || cursor == null) return null;
    const items = inContext(values.context);
    const at = Number(cursor);
    return { items: items.slice(at, at + 1), nextCursor: at + 1 < items.length ? String(at + 1) : null };
  }).setFirstCursor(() => "0").setCounter((ctx, values) => inContext(values.context).length).authorize(signedOnly);
  federation.setNodeInfoDispatcher("/nodeinfo/2.1", () => ({
    software: { name: "torg-interop-peer", version: "2.3.6" },
    protocols: ["activitypub"],
    usage: { users: { total: 1 }, localPosts: notes.size, localComments: 0 },
  }));

  const record = async (ctx, activity) => {
    const type = Object.keys(ACTIVITY_TYPES).find((name) => activity instanceof ACTIVITY_TYPES[name]);
    const entry = {
      type, id: activity.id?.href ?? null, actorId: activity.actorId?.href ?? null,
      objectId: activity.objectId?.href ?? null, activity, object: null, objectError: null,
    };
    // An embedded object is parsed here, as the peer's application would: Create, Update, Accept,
    // Undo carry theirs. An object given by id (Announce, Delete, Like) is left for the suite to
    // dereference, so a fetch failure shows in the flow that needs it.
    try {
      entry.object = activity.objectId == null || type === "Create" || type === "Update" || type === "Accept"
        || type === "Undo" || type === "Reject" ? await activity.getObject(ctx) : null;
    } catch (error) {
      entry.objectError = String(error?.message ?? error);
    }
    received.push(entry);
    return entry;
  };

  const inboxes = federation.setInboxListeners("/users/{identifier}/inbox", "/inbox");
  for (const [name, type] of Object.entries(ACTIVITY_TYPES)) {
    if (name === "Follow") continue;
    inboxes.on(type, async (ctx, activity) => { await record(ctx, activity); });
  }
  inboxes.on(Follow, async (ctx, follow) => {
    await record(ctx, follow);
    if (follow.objectId?.href !== ctx.getActorUri(username).href) return;
    const follower = await follow.getActor(ctx);
    if (follower?.id == null || follower.inboxId == null) throw new Error("a Follow from an actor without an inbox");
    followers.set(follower.id.href, follower);
    await ctx.sendActivity({ identifier: username }, follower, new Accept({
      id: new URL(`${origin}/activities/${randomUUID()}`),
      actor: ctx.getActorUri(username),
      object: follow,
    }));
  });
  inboxes.onError((ctx, error) => { errors.push(`inbox listener: ${error?.stack ?? error}`); });

  const server = http.createServer(async (req, res) => {
    try {
      const chunks = [];
      for await (const chunk of req) chunks.push(chunk);
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) {
        for (const one of Array.isArray(value) ? value : [value]) headers.append(name, one);
      }
      const request = new Request(origin + req.url, {
        method: req.method,
        headers,
        body: req.method === "GET" || req.method === "HEAD" ? undefined : Buffer.concat(chunks),
      });
      const response = await federation.fetch(request, {
        contextData: undefined,
        onNotFound: () => new Response("not found", { status: 404 }),
        onNotAcceptable: () => new Response("not acceptable", { status: 406 }),
      });
      const body = Buffer.from(await response.arrayBuffer());
      if (req.method === "POST") inboxBodies.push({ path: req.url, body: Buffer.concat(chunks).toString("utf8") });
      if (req.method === "GET") {
        served.push({ url: origin + req.url, status: response.status,
          signed: headers.has("signature-input") ? "rfc9421" : headers.has("signature") ? "draft-cavage" : "unsigned" });
      }
      if (req.method === "POST" && response.status >= 400) {
        refused.push({ path: req.url, status: response.status, body: body.toString("utf8").slice(0, 300) });
      }
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(body);
    } catch (error) {
      errors.push(`serving ${req.method} ${req.url}: ${error?.stack ?? error}`);
      res.writeHead(500, { "content-type": "text/plain" });
      res.end("peer error");
    }
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, resolve);
  });

  const ctx = () => federation.createContext(new URL(origin), undefined);
  // Fedify's own loader without the federation's 5-minute document cache: the suite reads the
  // same collections again as they change.
  const freshLoader = getDocumentLoader({ allowPrivateAddress: true });
  const fresh = () => ({ documentLoader: freshLoader, contextLoader: ctx().contextLoader });
  const actorUri = ctx().getActorUri(username);
  const newId = (kind) => new URL(`${origin}/${kind}/${randomUUID()}`);
  /** Sends at once (not through the queue), so a refusal is thrown to the flow that sent it. */
  const send = (recipients, activity) =>
    ctx().sendActivity({ identifier: username }, recipients, activity, { immediate: true, preferSharedInbox: true });

  return {
    host, origin, username, firstKnock, authorize, actorUri, received, refused, errors, keys, inboxBodies, served,
    handle: `@${username}@${host}`,
    context: ctx,
    /** Options for Fedify's getters (getObject, getReplies, …) that fetch afresh. */
    fresh,
    /** Fedify's own parse of a remote object, fetched afresh: null when Fedify finds nothing. */
    lookup: (url) => ctx().lookupObject(url, fresh()),
    /** Every item of a collection as Fedify walks it (pages included), fetched afresh. */
    items: async (collection) => {
      const out = [];
      for await (const item of ctx().traverseCollection(collection, fresh())) out.push(item);
      return out;
    },
    /**
     * The ids a collection lists, page by page, without fetching the items themselves (a
     * following collection may name actors whose servers are gone).
     */
    itemIds: async (collection) => {
      const ids = collection.itemIds.map((id) => id.href);
      let page = await collection.getFirst(fresh());
      for (let pages = 0; page != null && pages < 100; pages++) {
        ids.push(...page.itemIds.map((id) => id.href));
        page = await page.getNext(fresh());
      }
      return ids;
    },
    /** The raw JSON-LD document at a URL, through Fedify's document loader. */
    load: async (url) => (await freshLoader(url)).document,
    follow: async (target) => {
      const follow = new Follow({ id: newId("follows"), actor: actorUri, object: target.id });
      await send(target, follow);
      return follow;
    },
    unfollow: async (target, follow) => {
      await send(target, new Undo({ id: newId("activities"), actor: actorUri, object: follow }));
    },
    /** A public reply to {parentUri}, addressed to the Group (which passes it on) and the parent's author. */
    reply: async (recipients, parentUri, html, { cc = [] } = {}) => {
      const id = randomUUID();
      const note = new Note({
        id: new URL(`${origin}/users/${username}/notes/${id}`),
        attribution: actorUri,
        to: PUBLIC_COLLECTION,
        ccs: [ctx().getFollowersUri(username), ...cc],
        replyTarget: parentUri,
        content: html,
        published: Temporal.Now.instant(),
      });
      notes.set(id, note);
      await send(recipients, new Create({
        id: new URL(`${note.id.href}#create`), actor: actorUri, to: PUBLIC_COLLECTION, ccs: note.ccIds, object: note,
      }));
      return note;
    },
    /**
     * A thread of {count} public notes, each replying to the one before, sent to nobody: Torg
     * reads it by fetching (resolve, then backfill through the context collection).
     */
    thread: (count) => {
      const context = randomUUID();
      const contextUri = new URL(`${origin}/users/${username}/contexts/${context}`);
      let parent = null;
      const made = [];
      for (let i = 0; i < count; i++) {
        const id = randomUUID();
        const note = new Note({
          id: new URL(`${origin}/users/${username}/notes/${id}`), attribution: actorUri, to: PUBLIC_COLLECTION,
          replyTarget: parent, contexts: [contextUri], content: `<p>Post ${i + 1} of a thread served to signed fetches only.</p>`,
          published: Temporal.Now.instant(),
        });
        notes.set(id, note);
        made.push(note);
        parent = note.id;
      }
      return { contextUri, notes: made };
    },
    edit: async (recipients, note, html) => {
      const edited = note.clone({ content: html, updated: Temporal.Now.instant() });
      notes.set(note.id.pathname.split("/").pop(), edited);
      await send(recipients, new Update({
        id: newId("activities"), actor: actorUri, to: PUBLIC_COLLECTION, ccs: note.ccIds, object: edited,
      }));
      return edited;
    },
    remove: async (recipients, note) => {
      notes.delete(note.id.pathname.split("/").pop());
      await send(recipients, new Delete({
        id: newId("activities"), actor: actorUri, to: PUBLIC_COLLECTION, ccs: note.ccIds,
        object: new Tombstone({ id: note.id }),
      }));
    },
    /**
     * A poll vote as Mastodon sends one (VoteSerializer): a Note with the option's title in name,
     * in reply to the Question, addressed to its author only. {id}: repeat an earlier vote's Note.
     */
    vote: async (author, questionUri, option, { id } = {}) => {
      const note = new Note({
        id: id ?? new URL(`${actorUri.href}#votes/${randomUUID()}`), attribution: actorUri, name: option,
        replyTarget: questionUri, to: author.id,
      });
      await send(author, new Create({ id: newId("activities"), actor: actorUri, to: author.id, object: note }));
      return note;
    },
    /**
     * A Group's new thread: a public Note by the Group, its root, Announced (by id, as Mastodon-
     * style Groups do) to the Group's followers. Returns the Note and the Announce.
     */
    openThread: async (title, html) => {
      const id = randomUUID();
      const note = new Note({
        id: new URL(`${origin}/users/${username}/notes/${id}`), attribution: actorUri, name: title, content: html,
        to: PUBLIC_COLLECTION, ccs: [ctx().getFollowersUri(username)], audience: actorUri,
        published: Temporal.Now.instant(),
      });
      notes.set(id, note);
      const announce = new Announce({
        id: newId("activities"), actor: actorUri, object: note.id, to: PUBLIC_COLLECTION,
        ccs: [ctx().getFollowersUri(username)],
      });
      await send([...followers.values()], announce);
      return { note, announce };
    },
    like: async (recipients, objectUri) => {
      const like = new Like({ id: newId("likes"), actor: actorUri, object: objectUri });
      await send(recipients, like);
      return like;
    },
    undo: async (recipients, activity) => {
      await send(recipients, new Undo({ id: newId("activities"), actor: actorUri, object: activity }));
    },
    close: () => new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections?.();
    }),
  };
}

// Run on its own: serve until Ctrl-C.
if (import.meta.url === `file://${process.argv[1]}`) {
  const args = Object.fromEntries(process.argv.slice(2).join(" ").split("--").filter(Boolean)
    .map((pair) => pair.trim().split(/\s+/)));
  const firstKnock = args["first-knock"] === "draft-cavage" ? "draft-cavage-http-signatures-12" : "rfc9421";
  const peer = await startPeer({
    host: args.host ?? "127.0.0.21", port: Number(args.port ?? 80), username: args.username ?? "ana", firstKnock,
  });
  process.stdout.write(`Fedify peer ${peer.handle} at ${peer.actorUri.href}, first knock ${firstKnock}\n`);
  const stop = () => peer.close().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}
