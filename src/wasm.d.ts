
// sou: appended by scripts/build-wasm.sh, with query() and search() (src/wasm.js).
export interface Segment { text: string; hit: boolean }
export interface PassageHit { anchor: string | null; url: string; snippet: Segment[]; cut_start: boolean; cut_end: boolean }
export interface Hit { url: string; title: string; score: number; passages: PassageHit[] }
export interface Results { total: number; hits: Hit[]; alternatives: string[]; did_you_mean: string | null; missing: string[] }
export interface SearchOptions { limit?: number; offset?: number }

/**
 * Like `search`, with the number of matching documents and what else the query found:
 * `{total, hits, alternatives, did_you_mean, missing}`. `missing` names the text shards the query
 * needed and that are not loaded (an index written with `--shards`): fetch them (relative to the
 * index file), `add_shard` each and ask again; until it is empty the results cover only the
 * loaded text.
 */
export function query(query: string, options?: SearchOptions | null): Results;

/** The documents that match `query`, best first. */
export function search(query: string, options?: SearchOptions | null): Hit[];
