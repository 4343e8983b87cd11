/**
 * Merges the expositions of a host's cluster workers into one, by these documented rules:
 *
 * - counters and histograms (every `_bucket`, `_sum` and `_count`) are summed over the workers;
 * - our catalogue's gauges (analyses in flight, queue length) count things on the host: summed;
 * - every other gauge, summary or untyped family (another library's process gauges, `target_info`)
 *   is kept per worker with a `worker` label, the worker's slot (0 … workers - 1, reused after a
 *   restart, so the label stays bounded): summing those would mean nothing;
 * - a worker that exits leaves its last counters and histograms behind in a retired sum, so host
 *   totals never go backwards when a worker dies and restarts: PromQL sees no counter reset. What a
 *   crashed worker counted after the last scrape is lost (at most one scrape interval of its work).
 */
import { METRIC_CATALOGUE } from '../catalogue.js';
import { type Exposition, type Family, renderExposition, type Sample } from './exposition.js';

const SUMMED_TYPES = new Set(['counter', 'histogram']);
/** Our gauges, by scraped name: each counts something in flight on the host. */
const SUMMED_GAUGES: ReadonlySet<string> = new Set(
  METRIC_CATALOGUE.filter((def) => def.prometheusType === 'gauge').map((def) => def.prometheusName),
);

/** Whether a family is merged by summing across workers. */
export function isSummed(family: Pick<Family, 'name' | 'type'>): boolean {
  return SUMMED_TYPES.has(family.type) || (family.type === 'gauge' && SUMMED_GAUGES.has(family.name));
}

function copyMeta(family: Family): Family {
  return { name: family.name, type: family.type, help: family.help, unit: family.unit, samples: new Map() };
}

function add(into: Family, key: string, sample: Sample): void {
  const existing = into.samples.get(key);
  if (existing === undefined) into.samples.set(key, { ...sample });
  else existing.value += sample.value;
}

/** The latest exposition of each live worker plus what exited workers left behind. */
export class ClusterAggregator {
  private readonly latest = new Map<number, Exposition>();
  private readonly retired: Exposition = new Map();

  /** Records the latest exposition of the worker in `slot`. */
  update(slot: number, exposition: Exposition): void {
    this.latest.set(slot, exposition);
  }

  /** Whether the worker in `slot` has been collected at least once. */
  has(slot: number): boolean {
    return this.latest.has(slot);
  }

  /** The worker in `slot` exited: its summed series move to the retired sum, the rest go. */
  retire(slot: number): void {
    const exposition = this.latest.get(slot);
    this.latest.delete(slot);
    if (exposition === undefined) return;
    for (const family of exposition.values()) {
      if (!isSummed(family) || family.type === 'gauge') continue;
      let into = this.retired.get(family.name);
      if (into === undefined) {
        into = copyMeta(family);
        this.retired.set(family.name, into);
      }
      for (const [key, sample] of family.samples) add(into, key, sample);
    }
  }

  /** The merged exposition text; `extra` families (the primary's own series) are merged too. */
  render(extra: readonly Family[] = []): string {
    const merged = new Map<string, Family>();
    const target = (family: Family): Family => {
      let into = merged.get(family.name);
      if (into === undefined) {
        into = copyMeta(family);
        merged.set(family.name, into);
      }
      return into;
    };
    const slots = [...this.latest.keys()].sort((a, b) => a - b);
    for (const slot of slots) {
      for (const family of (this.latest.get(slot) as Exposition).values()) {
        const into = target(family);
        if (isSummed(family)) {
          for (const [key, sample] of family.samples) add(into, key, sample);
          continue;
        }
        for (const sample of family.samples.values()) {
          const labels = `worker="${slot}"${sample.labels === '' ? '' : `,${sample.labels}`}`;
          into.samples.set(`${sample.name}{${labels}}`, { name: sample.name, labels, value: sample.value });
        }
      }
    }
    for (const family of [...this.retired.values(), ...extra]) {
      const into = target(family);
      for (const [key, sample] of family.samples) add(into, key, sample);
    }
    return renderExposition(merged.values());
  }
}
