// Options that the index build (bench/peers.mjs, in Node) and the page must share.

export const FLEXSEARCH_OPTIONS = { tokenize: 'strict' };

const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });
/** Intl.Segmenter's words, punctuation and spaces left out. */
export const segmentWords = (text) => {
  const words = [];
  for (const s of segmenter.segment(text)) if (s.isWordLike) words.push(s.segment);
  return words;
};

export const miniSearchOptions = () => ({
  fields: ['title', 'body'],
  storeFields: ['url', 'title'],
  tokenize: segmentWords,
  searchOptions: { tokenize: segmentWords },
});

/** Only title and body are indexed; url rides along in the stored document. */
export const ORAMA_SCHEMA = { title: 'string', body: 'string' };
