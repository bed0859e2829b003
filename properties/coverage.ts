// The constraint coverage map: for every constraint of the request schema, which arbitraries
// reach its accepted boundary and which break it. Computed from real samples, never claimed.
import { fieldOfError, requestSchema, resolvePointer, validateRequest, verdict } from '../src/schema.js';
import type { JsonSchema } from '../src/schema-files.js';
import { preprocessBody } from '../src/contract/normalise.js';
import type { InvalidLabel } from './patches/invalid-patch.js';

export const constraintKeywords = ['type', 'minLength', 'maxLength', 'pattern', 'enum', 'const', 'minimum', 'maximum', 'format'] as const;

export interface SchemaConstraint {
  field: string;
  keyword: string;
  limit: unknown;
}

/** Every constraint keyword on every top-level property of a schema (local $refs followed). */
export function schemaConstraints(schema: JsonSchema = requestSchema): SchemaConstraint[] {
  const out: SchemaConstraint[] = [];
  for (const [field, raw] of Object.entries((schema.properties ?? {}) as Record<string, JsonSchema>)) {
    const resolved = { ...(typeof raw.$ref === 'string' ? (resolvePointer(schema, raw.$ref) as JsonSchema) : {}), ...raw };
    for (const keyword of constraintKeywords) {
      if (keyword in resolved) out.push({ field, keyword, limit: resolved[keyword] });
    }
  }
  return out;
}

export const constraintId = (c: { field: string; keyword: string }) => `${c.field}.${c.keyword}`;

/** The constraints a body meets at its accepted side: every keyword of each field that passes,
 * with length and range keywords counted only when the value sits exactly on the limit. */
export function acceptedHits(body: Record<string, unknown>, constraints: SchemaConstraint[]): SchemaConstraint[] {
  const processed = preprocessBody(body);
  const failed = new Set(verdict(validateRequest, processed).errors.map(fieldOfError));
  return constraints.filter((c) => {
    if (!(c.field in processed) || failed.has(c.field)) return false;
    const value = processed[c.field];
    switch (c.keyword) {
      case 'minLength':
      case 'maxLength':
        return typeof value === 'string' && value.length === c.limit;
      case 'minimum':
      case 'maximum':
        return value === c.limit;
      case 'pattern':
      case 'format':
        return typeof value === 'string';
      default:
        return true;
    }
  });
}

export interface CoverageRow {
  field: string;
  keyword: string;
  /** Accepted side: how often each source reached it. */
  accepted: Record<string, number>;
  /** Rejected side: how often each source broke it. */
  rejected: Record<string, number>;
}

export interface CoverageSample {
  source: string;
  body: Record<string, unknown>;
  label?: InvalidLabel;
}

export class CoverageMap {
  readonly rows = new Map<string, CoverageRow>();

  constructor(readonly constraints: SchemaConstraint[] = schemaConstraints()) {
    for (const c of constraints) this.rows.set(constraintId(c), { field: c.field, keyword: c.keyword, accepted: {}, rejected: {} });
  }

  record(sample: CoverageSample): void {
    for (const hit of acceptedHits(sample.body, this.constraints)) {
      const row = this.rows.get(constraintId(hit))!;
      row.accepted[sample.source] = (row.accepted[sample.source] ?? 0) + 1;
    }
    const label = sample.label;
    if (!label) return;
    // Observed rules have no schema keyword; they get rows of their own.
    const id = constraintId(label);
    if (!this.rows.has(id)) this.rows.set(id, { field: label.field, keyword: label.keyword, accepted: {}, rejected: {} });
    const row = this.rows.get(id)!;
    row.rejected[sample.source] = (row.rejected[sample.source] ?? 0) + 1;
  }

  /** Schema constraints with nothing on one side or the other. */
  gaps(): { id: string; missing: ('accepted' | 'rejected')[] }[] {
    return this.constraints
      .map((c) => {
        const row = this.rows.get(constraintId(c))!;
        const missing: ('accepted' | 'rejected')[] = [];
        if (Object.keys(row.accepted).length === 0) missing.push('accepted');
        if (Object.keys(row.rejected).length === 0) missing.push('rejected');
        return { id: constraintId(c), missing };
      })
      .filter((g) => g.missing.length > 0);
  }

  toJSON(): CoverageRow[] {
    return [...this.rows.values()];
  }
}
