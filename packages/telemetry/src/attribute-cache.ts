import type { Attributes } from '@opentelemetry/api';

type Node = Map<string, Node | Attributes>;

/**
 * Reuses one frozen attribute object per label set, so the hot path allocates nothing and
 * builds no strings. Values must already be bounded (see `LabelBound`), which bounds the cache.
 */
export class AttributeCache {
  private readonly root: Node = new Map();

  constructor(private readonly keys: readonly string[]) {}

  get(...values: string[]): Attributes {
    let node = this.root;
    const last = values.length - 1;
    for (let i = 0; i < last; i++) {
      const value = values[i] as string;
      let next = node.get(value) as Node | undefined;
      if (next === undefined) {
        next = new Map();
        node.set(value, next);
      }
      node = next;
    }
    const leafKey = values[last] as string;
    let attrs = node.get(leafKey) as Attributes | undefined;
    if (attrs === undefined) {
      const built: Attributes = {};
      for (let i = 0; i < this.keys.length; i++) built[this.keys[i] as string] = values[i];
      attrs = Object.freeze(built);
      node.set(leafKey, attrs);
    }
    return attrs;
  }
}
