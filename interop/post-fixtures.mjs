// Writes the posts Fedify itself serializes (@fedify/vocab's toJsonLd, compacted as Fedify
// sends them), for federation's PostObject fixtures in
// federation/src/test/resources/fixtures/fedify/. Nothing goes to the network.
//
//   node post-fixtures.mjs create-note-reply > ../federation/src/test/resources/fixtures/fedify/create-note-reply.json
//   node post-fixtures.mjs create-question-anyof > ../federation/src/test/resources/fixtures/fedify/create-question-anyof.json
import { webcrypto } from "node:crypto";
// Node 20 has no Temporal: this is the polyfill @fedify/vocab itself depends on and checks against.
import { Temporal } from "@js-temporal/polyfill";

// Node 20 has WebCrypto only as node:crypto's webcrypto, where Fedify expects the global.
globalThis.crypto ??= webcrypto;
const {
  Collection, Create, Document, Emoji, Hashtag, Image, LanguageString, Mention, Note, PUBLIC_COLLECTION, Question,
} = await import("@fedify/vocab");

const alice = new URL("https://fedify.example/users/alice");
const followers = new URL("https://fedify.example/users/alice/followers");
const group = new URL("https://torg.example/groups/branch");

function createNoteReply() {
  const note = new Note({
    id: new URL("https://fedify.example/users/alice/posts/2"),
    attribution: alice,
    to: PUBLIC_COLLECTION,
    ccs: [followers, group],
    replyTarget: new URL("https://torg.example/posts/1"),
    contents: [
      "<p>@branch I agree, <a href=\"https://fedify.example/tags/budget\">#budget</a> :blobcat:</p>",
      new LanguageString("<p>@branch I agree, #budget :blobcat:</p>", "en"),
    ],
    summary: "Budget",
    sensitive: false,
    published: Temporal.Instant.from("2025-03-01T12:00:00Z"),
    updated: Temporal.Instant.from("2025-03-01T12:30:00.123Z"),
    url: new URL("https://fedify.example/@alice/2"),
    tags: [
      new Mention({ href: group, name: "@branch@torg.example" }),
      new Hashtag({ href: new URL("https://fedify.example/tags/budget"), name: "#budget" }),
      new Emoji({
        id: new URL("https://fedify.example/emojis/blobcat"),
        name: ":blobcat:",
        icon: new Image({ url: new URL("https://fedify.example/emojis/blobcat.png"), mediaType: "image/png" }),
      }),
    ],
    attachments: [
      new Document({ mediaType: "image/png", url: new URL("https://fedify.example/media/1.png"), name: "A chart" }),
    ],
    replies: new Collection({ id: new URL("https://fedify.example/users/alice/posts/2/replies"), totalItems: 0 }),
  });
  return new Create({
    id: new URL("https://fedify.example/users/alice/posts/2#create"),
    actor: alice,
    to: PUBLIC_COLLECTION,
    ccs: [followers, group],
    object: note,
  });
}

function createQuestionAnyOf() {
  const question = new Question({
    id: new URL("https://fedify.example/users/alice/polls/3"),
    attribution: alice,
    to: PUBLIC_COLLECTION,
    cc: followers,
    content: "<p>Which days suit the meeting?</p>",
    published: Temporal.Instant.from("2025-03-02T08:00:00Z"),
    endTime: Temporal.Instant.from("2025-03-09T08:00:00Z"),
    voters: 3,
    inclusiveOptions: [
      new Note({ name: "Monday", replies: new Collection({ totalItems: 2 }) }),
      new Note({ name: "Thursday", replies: new Collection({ totalItems: 3 }) }),
    ],
  });
  return new Create({
    id: new URL("https://fedify.example/users/alice/polls/3#create"),
    actor: alice,
    to: PUBLIC_COLLECTION,
    cc: followers,
    object: question,
  });
}

const documents = { "create-note-reply": createNoteReply, "create-question-anyof": createQuestionAnyOf };
const make = documents[process.argv[2]];
if (make == null) {
  console.error(`usage: node post-fixtures.mjs ${Object.keys(documents).join("|")}`);
  process.exit(1);
}
console.log(JSON.stringify(await make().toJsonLd({ format: "compact" }), null, 2));
