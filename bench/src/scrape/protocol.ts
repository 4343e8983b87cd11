/** What the scrape bench's parent and its one-variant child processes say to each other (IPC). */

export const SCRAPE_VARIANTS = [
  'ours',
  'ours-openmetrics',
  'ours-openmetrics-plain',
  'ours-unsliced',
  'prom-client',
] as const;
export type ScrapeVariant = (typeof SCRAPE_VARIANTS)[number];

/** Parent → child: render the body once (timed there), or start / stop the event-loop block probe. */
export interface ScrapeRequest {
  readonly id: number;
  readonly op: 'render' | 'probe-start' | 'probe-stop';
}

/** Child → parent: the answer to a request, or `ready` once the variant's server listens. */
export type ScrapeReply =
  | { readonly ready: string }
  | {
      readonly id: number;
      /** render: the in-process time to produce the body's bytes. */
      readonly renderMs?: number;
      /** render, ours-unsliced only: of that, collect() and serialize. */
      readonly collectMs?: number;
      readonly serializeMs?: number;
      /** probe-stop: the longest gap between two event-loop turns while the probe ran. */
      readonly blockedMs?: number;
    }
  | { readonly error: string };
