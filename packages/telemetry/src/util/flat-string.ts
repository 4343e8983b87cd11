/**
 * `text` as one sequential string, for strings built once and written into every scrape (a series'
 * label text, an exemplar). V8 keeps a string built by concatenation as a tree of its parts and
 * walks that tree, wherever its parts lie in the heap, each time the string is copied into another:
 * the exposition body, a rope of some 100,000 pieces, spent more time in those walks when encoded
 * than in being written. A round trip through UTF-8 bytes gives a new sequential string with the
 * same bytes as the body will have (the body is UTF-8 too: a lone surrogate becomes U+FFFD either way).
 */
export function flatString(text: string): string {
  return Buffer.from(text, 'utf8').toString('utf8');
}
