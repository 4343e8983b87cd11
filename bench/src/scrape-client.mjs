// The scraper of the scrape bench, in a worker thread: Prometheus scrapes from another process, so
// its reading of a 1.6 MB body must not run on the event loop whose blocks the bench measures.
// Messages in: { id, url, accept }; out: { id, body } (an ArrayBuffer, transferred, not copied)
// or { id, error }.
import { get } from 'node:http';
import { parentPort } from 'node:worker_threads';

parentPort.on('message', ({ id, url, accept }) => {
  const fail = (error) => parentPort.postMessage({ id, error: String(error) });
  get(url, accept ? { headers: { accept } } : {}, (res) => {
    const chunks = [];
    res.on('data', (chunk) => chunks.push(chunk));
    res.on('end', () => {
      const joined = Buffer.concat(chunks);
      // A copy in an ArrayBuffer of its own (a pooled Buffer's cannot be transferred).
      const body = joined.buffer.slice(joined.byteOffset, joined.byteOffset + joined.byteLength);
      parentPort.postMessage({ id, body }, [body]);
    });
    res.on('error', fail);
  }).on('error', fail);
});
