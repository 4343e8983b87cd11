import type { Attributes, AttributeValue } from '@opentelemetry/api';

/**
 * Non-finite numbers serialise to `"doubleValue": null` in OTLP JSON, which gets the whole batch
 * rejected; send them as strings instead. Runs on the export path, off the app's path.
 */
export function sanitizeAttributes(attributes: Attributes): void {
  for (const key in attributes) {
    const value: AttributeValue | undefined = attributes[key];
    if (typeof value === 'number' && !Number.isFinite(value)) {
      attributes[key] = String(value);
    } else if (Array.isArray(value) && value.some((v) => typeof v === 'number' && !Number.isFinite(v))) {
      attributes[key] = value.map((v) => (v == null ? v : String(v))) as string[];
    }
  }
}
