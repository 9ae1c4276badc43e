// sou: query() and search(), appended to the glue wasm-bindgen writes (pkg/sou.js) by
// scripts/build-wasm.sh. The module answers in a packed form (`query_packed`, see `pack` in
// src/wasm.rs): one string of every text, and numbers in the module's memory, where each text
// stands as its length. Building the objects here takes a third of the time JSON.parse took to
// build them from JSON.

let packedTexts = '';
// A view of the module's whole memory, made anew when the memory grows (its old buffer is then
// detached, and the view empty).
let packedNumbers = new Float64Array(0);
let textAt = 0;
let numberAt = 0;

const packedNumber = () => packedNumbers[numberAt++];
const packedFlag = () => packedNumbers[numberAt++] === 1;

function packedText() {
  const length = packedNumbers[numberAt++];
  if (length < 0) return null;
  const text = packedTexts.slice(textAt, textAt + length);
  textAt += length;
  return text;
}

function packedList(item) {
  const list = [];
  for (let n = packedNumbers[numberAt++]; n > 0; n--) list.push(item());
  return list;
}

// Object literals evaluate in order, which is the order of the numbers.
const packedSegment = () => ({ text: packedText(), hit: packedFlag() });
const packedPassage = () => ({
  anchor: packedText(),
  url: packedText(),
  snippet: packedList(packedSegment),
  cut_start: packedFlag(),
  cut_end: packedFlag(),
});
const packedHit = () => ({ url: packedText(), title: packedText(), score: packedNumber(), passages: packedList(packedPassage) });

/**
 * Like `search`, with the number of matching documents and what else the query found:
 * `{total, hits, alternatives, did_you_mean, missing}`. `missing` names the text shards the query
 * needed and that are not loaded (an index written with `--shards`): fetch them (relative to the
 * index file), `add_shard` each and ask again; until it is empty the results cover only the
 * loaded text.
 */
export function query(text, options) {
  packedTexts = query_packed(text, options);
  numberAt = packed_numbers();
  if (packedNumbers.length === 0) packedNumbers = new Float64Array(packed_memory().buffer);
  textAt = 0;
  const results = {
    total: packedNumber(),
    hits: packedList(packedHit),
    alternatives: packedList(packedText),
    did_you_mean: packedText(),
    missing: packedList(packedText),
  };
  packedTexts = '';
  return results;
}

/**
 * The documents that match `query`, best first:
 * `[{url, title, score, passages: [{anchor, url, snippet: [{text, hit}], cut_start, cut_end}]}]`.
 */
export function search(text, options) {
  return query(text, options).hits;
}
