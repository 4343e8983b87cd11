import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/** How many ports below the kernel's ephemeral range we hand out. */
const RANGE_SIZE = 10_000;
/** Where the ephemeral range starts when the kernel does not say (the IANA default, macOS, Windows). */
const IANA_EPHEMERAL_START = 49_152;

function ephemeralStart(): number {
  try {
    const [low] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/);
    const parsed = Number(low);
    if (Number.isInteger(parsed) && parsed > 1024) return parsed;
  } catch {
    // not Linux: the kernel default below applies
  }
  return IANA_EPHEMERAL_START;
}

const end = ephemeralStart();
const start = Math.max(1024, end - RANGE_SIZE);
const size = end - start;
// Each process starts at its own place in the range and walks on, so processes that allocate at the same time
// (vitest workers, the matrix's parallel cells) rarely meet, and one process never hands out a port twice
// until it has gone round the whole range.
let cursor = Math.floor(Math.random() * size);

function canBind(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen({ host: '127.0.0.1', port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/**
 * A loopback port for a child process to bind later (its `/metrics`, a Prometheus, a PostgreSQL).
 *
 * A port learnt by binding port 0 and closing is in the kernel's ephemeral range, so every loopback server
 * that binds port 0 meanwhile (each testkit server does) can be handed the same port before the child binds
 * it: the child then fails to listen and a scrape reaches someone else's server. Ports from here lie below
 * the ephemeral range, which `listen(0)` and outgoing connections never use, and are checked free by
 * binding them.
 */
export async function freePort(): Promise<number> {
  for (let tried = 0; tried < size; tried++) {
    const port = start + (cursor % size);
    cursor = (cursor + 1) % size;
    if (await canBind(port)) return port;
  }
  throw new Error(`freePort: no free loopback port in ${start}-${end - 1}`);
}
