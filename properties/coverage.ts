// The constraint coverage map: for every constraint a run may break, which sources reached its
// accepted side and which broke it. Computed from the bodies really sent, never claimed.
import { preprocessBody } from '../contract/normalise.js';
import { fieldOfError, requestSchema, resolvePointer, validateRequest, verdict, type JsonSchema } from '../contract/schemas.js';
import { type InvalidLabel, constraintName } from '../contract/vocabulary.js';

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
      // A type list of every JSON type (webauthn_response) is no constraint: nothing breaks it.
      if (keyword === 'type' && Array.isArray(resolved.type) && anyJson.every((t) => (resolved.type as string[]).includes(t))) continue;
      if (keyword in resolved) out.push({ field, keyword, limit: resolved[keyword] });
    }
  }
  return out;
}

const schemaKeywords = new Set<string>(constraintKeywords);
const anyJson = ['object', 'array', 'string', 'number', 'boolean', 'null'];

/** Whether a field's value in a body meets `keyword` at its accepted side: the field is sent and
 * valid, and for length and range keywords the value sits exactly on the limit. */
function acceptedSide(processed: Record<string, unknown>, failed: Set<string>, row: CoverageRow): boolean {
  if (!(row.field in processed) || failed.has(row.field)) return false;
  const value = processed[row.field];
  switch (row.keyword) {
    case 'minLength':
    case 'maxLength':
      return typeof value === 'string' && value.length === row.limit;
    case 'minimum':
    case 'maximum':
      return value === row.limit;
    case 'pattern':
    case 'format':
      return typeof value === 'string';
    default:
      // type, enum and the observed rules: any accepted value of the field
      return schemaKeywords.has(row.keyword) || value !== null;
  }
}

export interface CoverageRow {
  /** "bio.maxLength", or "bio.maxLength.astral" for a variant. */
  constraint: string;
  field: string;
  keyword: string;
  limit?: unknown;
  /** Accepted side: how often each source reached it. */
  accepted: Record<string, number>;
  /** Rejected side: how often each source broke it. */
  rejected: Record<string, number>;
}

export interface CoverageSample {
  source: string;
  body: Record<string, unknown>;
  /** What the body breaks, when it is an invalid case (several for a batch). */
  labels?: InvalidLabel[];
  /** Whether the server accepted the body; an accepted side counts only when it did. */
  accepted?: boolean;
}

export class CoverageMap {
  readonly rows = new Map<string, CoverageRow>();

  /** Rows for every schema constraint, and for every named constraint the run may break. */
  constructor(applicable: Pick<InvalidLabel, 'field' | 'keyword' | 'variant'>[] = [], schema: SchemaConstraint[] = schemaConstraints()) {
    for (const c of schema) this.add({ field: c.field, keyword: c.keyword }, c.limit);
    for (const label of applicable) this.add(label, schema.find((c) => c.field === label.field && c.keyword === label.keyword)?.limit);
  }

  private add(label: Pick<InvalidLabel, 'field' | 'keyword' | 'variant'>, limit: unknown): CoverageRow {
    const name = constraintName(label);
    let row = this.rows.get(name);
    if (!row) {
      row = { constraint: name, field: label.field, keyword: label.keyword, accepted: {}, rejected: {} };
      if (limit !== undefined) row.limit = limit;
      this.rows.set(name, row);
    }
    return row;
  }

  record(sample: CoverageSample): void {
    if (sample.labels?.length) {
      for (const label of sample.labels) {
        const row = this.add(label, undefined);
        row.rejected[sample.source] = (row.rejected[sample.source] ?? 0) + 1;
      }
      return;
    }
    if (sample.accepted === false) return;
    const processed = preprocessBody(sample.body);
    const failed = new Set(verdict(validateRequest, processed).errors.map(fieldOfError));
    for (const row of this.rows.values()) {
      if (acceptedSide(processed, failed, row)) row.accepted[sample.source] = (row.accepted[sample.source] ?? 0) + 1;
    }
  }

  /** Rows among `names` (all rows by default) with nothing on one side or the other. Rows of
   * schema keywords that no applicable constraint breaks miss only what they can miss. */
  gaps(names?: Iterable<string>): { constraint: string; missing: ('accepted' | 'rejected')[] }[] {
    const wanted = names ? new Set(names) : undefined;
    return [...this.rows.values()]
      .filter((row) => !wanted || wanted.has(row.constraint))
      .map((row) => {
        const missing: ('accepted' | 'rejected')[] = [];
        if (Object.keys(row.accepted).length === 0) missing.push('accepted');
        if (Object.keys(row.rejected).length === 0) missing.push('rejected');
        return { constraint: row.constraint, missing };
      })
      .filter((g) => g.missing.length > 0);
  }

  /** Adds another map's counts (the rows of shards of one run). */
  merge(rows: CoverageRow[]): void {
    for (const other of rows) {
      const row = this.add({ field: other.field, keyword: other.keyword, ...(other.constraint.split('.').length > 2 ? { variant: other.constraint.split('.').slice(2).join('.') } : {}) }, other.limit);
      for (const [source, n] of Object.entries(other.accepted)) row.accepted[source] = (row.accepted[source] ?? 0) + n;
      for (const [source, n] of Object.entries(other.rejected)) row.rejected[source] = (row.rejected[source] ?? 0) + n;
    }
  }

  toJSON(): CoverageRow[] {
    return [...this.rows.values()];
  }
}
