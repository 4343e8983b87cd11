import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../src/index.js';

const listening: Server[] = [];

async function listen(port: number): Promise<Server> {
  const server = createServer();
  server.listen({ host: '127.0.0.1', port });
  await once(server, 'listening');
  listening.push(server);
  return server;
}

function ephemeralLow(): number {
  try {
    return Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
  } catch {
    return 49_152;
  }
}

afterEach(async () => {
  await Promise.all(listening.splice(0).map((s) => new Promise((r) => s.close(r))));
});

describe('freePort', () => {
  it('hands out bindable ports below the ephemeral range, never the same one twice in a row of 200', async () => {
    const ports: number[] = [];
    for (let i = 0; i < 200; i++) ports.push(await freePort());
    expect(new Set(ports).size).toBe(200);
    for (const port of ports) expect(port).toBeLessThan(ephemeralLow());
    const server = await listen(ports[0] as number);
    expect((server.address() as { port: number }).port).toBe(ports[0]);
  });

  it('is not handed to servers that bind port 0 meanwhile (the matrix race: a provider server took /metrics)', async () => {
    const port = await freePort();
    const taken = new Set<number>();
    for (let i = 0; i < 300; i++) {
      const server = await listen(0);
      taken.add((server.address() as { port: number }).port);
    }
    expect(taken.has(port)).toBe(false);
    await listen(port);
  });

  it('skips a port that something already listens on', async () => {
    // The next ports in this process's walk are first + 1, + 2, …: occupy three of them.
    let first = await freePort();
    while (first + 4 >= ephemeralLow()) first = await freePort(); // not at the end of the range
    const occupied = await Promise.all(
      [first + 1, first + 2, first + 3].map((p) => listen(p).catch(() => null)),
    );
    const next = await freePort();
    const held = occupied.filter((s) => s !== null).map((s) => (s.address() as { port: number }).port);
    expect(held).not.toContain(next);
    // It walked past them rather than jumping elsewhere.
    expect(next).toBeGreaterThan(first + 3);
    expect(next).toBeLessThan(first + 20);
  });
});
