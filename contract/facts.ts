// Every fact about the request that the rest of the suite needs, read from the request schema
// and its x- annotations: limits, nullable and boolean fields, secret and sensitive fields, what
// each field reads back as, its quota, and which of its constraints only CONTRACT.md states.
// Arbitraries, the constraint table, the probes and the checks all read these; none of them
// types a limit or a field list of its own.
import { type JsonSchema, observedKeyword, propertyNames, requestSchema, resolvePointer, responseSchema } from './schemas.js';
import type { Source } from './vocabulary.js';

/** How a field's response value relates to what was sent (R-SEM-1 and its exceptions). */
export type EchoKind = 'exact' | 'derived' | 'hash' | 'padded' | 'never';
/** R-NORM-1 (text), R-NORM-2 (display-name), R-NORM-3 (trim). */
export type NormaliseKind = 'text' | 'display-name' | 'trim';
/** R-LIM-2: what spends a change of the field's quota. */
export type QuotaCounting = 'change' | 'non-null' | 'every-key';

export interface FieldFacts {
  name: string;
  /** JSON types the contract accepts; empty when any value is accepted. */
  types: string[];
  nullable: boolean;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  pattern?: string;
  enum?: readonly string[];
  format?: string;
  /** Keywords of this field that the documentation page does not state. */
  observed: ReadonlySet<string>;
  normalise?: NormaliseKind;
  echo: EchoKind;
  /** R-SEC-4: never echoed in any answer. */
  secret: boolean;
  /** Sent only when the user opts in (--sensitive): can change an account in ways a run cannot undo. */
  sensitive: boolean;
  /** Verifies a sensitive change (R-SEC-1); never verified otherwise (R-SEC-2). */
  verification: boolean;
  /** R-ACC-2: only staff may send it. */
  staffOnly: boolean;
  /** R-ACC-1: a change of the value needs premium. */
  premiumChange: boolean;
  /** R-ACC-1: a non-null value needs premium. */
  premiumNonNull: boolean;
  /** R-ACC-1: image formats that need premium. */
  premiumFormats: readonly string[];
  /** R-ACC-1: the longest value an account without premium may set. */
  nonPremiumMaxLength?: number;
  /** R-IMG-3: the response field that holds the image's colour. */
  colour?: string;
  /** R-SEM-3: response fields a patch of this field may change besides itself. */
  derives: readonly string[];
  quota?: { group: string; counts: QuotaCounting };
}

export interface QuotaFacts {
  limit: number;
  windowSeconds: number;
}

function annotation<T>(node: JsonSchema, name: string): T | undefined {
  return node[`x-${name}`] as T | undefined;
}

function readField(root: JsonSchema, name: string, raw: JsonSchema): FieldFacts {
  const resolved: JsonSchema = { ...(typeof raw.$ref === 'string' ? (resolvePointer(root, raw.$ref) as JsonSchema) : {}), ...raw };
  const type = resolved.type;
  const types = type === undefined ? [] : Array.isArray(type) ? (type as string[]) : [type as string];
  const observed = [...((resolved[observedKeyword] as string[] | undefined) ?? [])];
  const facts: FieldFacts = {
    name,
    types,
    nullable: types.includes('null'),
    observed: new Set(observed),
    echo: annotation<EchoKind>(resolved, 'echo') ?? 'exact',
    secret: annotation<boolean>(resolved, 'secret') === true,
    sensitive: annotation<boolean>(resolved, 'sensitive') === true,
    verification: annotation<boolean>(resolved, 'verification') === true,
    staffOnly: annotation<boolean>(resolved, 'staff-only') === true,
    premiumChange: annotation<boolean>(resolved, 'premium-change') === true,
    premiumNonNull: annotation<boolean>(resolved, 'premium-non-null') === true,
    premiumFormats: annotation<string[]>(resolved, 'premium-formats') ?? [],
    derives: annotation<string[]>(resolved, 'derives') ?? [],
  };
  for (const key of ['minLength', 'maxLength', 'minimum', 'maximum'] as const) {
    if (typeof resolved[key] === 'number') facts[key] = resolved[key] as number;
  }
  if (typeof resolved.pattern === 'string') facts.pattern = resolved.pattern;
  if (Array.isArray(resolved.enum)) facts.enum = resolved.enum as string[];
  if (typeof resolved.format === 'string') facts.format = resolved.format;
  const normalise = annotation<NormaliseKind>(resolved, 'normalise');
  if (normalise) facts.normalise = normalise;
  const nonPremium = annotation<number>(resolved, 'non-premium-max-length');
  if (nonPremium !== undefined) facts.nonPremiumMaxLength = nonPremium;
  const colour = annotation<string>(resolved, 'colour');
  if (colour) facts.colour = colour;
  const quota = annotation<string>(resolved, 'quota');
  if (quota) facts.quota = { group: quota, counts: annotation<QuotaCounting>(resolved, 'quota-counts') ?? 'change' };
  return facts;
}

export function readFacts(request: JsonSchema = requestSchema, response: JsonSchema = responseSchema) {
  const fields: Record<string, FieldFacts> = {};
  for (const [name, raw] of Object.entries((request.properties ?? {}) as Record<string, JsonSchema>)) fields[name] = readField(request, name, raw);
  const all = Object.values(fields);
  const names = (test: (f: FieldFacts) => boolean) => all.filter(test).map((f) => f.name);
  const quotas = (request['x-quotas'] ?? {}) as Record<string, QuotaFacts>;
  const rates = (request['x-rate-limits'] ?? {}) as Record<'PATCH' | 'GET', QuotaFacts>;
  return {
    fields,
    requestFields: Object.keys(fields),
    /** R-REQ-2, R-SEM-4: profile fields a client clears with null (or ""). A verification field
     * that takes any JSON value (webauthn_response) takes null too, but clears nothing. */
    nullableFields: names((f) => f.nullable && f.echo !== 'never'),
    booleanFields: names((f) => f.types.length === 1 && f.types[0] === 'boolean'),
    /** Booleans read back exactly as sent (R-SEM-1). */
    echoedBooleans: names((f) => f.types[0] === 'boolean' && f.echo === 'exact' && !f.staffOnly),
    /** Booleans accepted but whose response value is derived (R-SEM-1). */
    derivedBooleans: names((f) => f.types[0] === 'boolean' && f.echo === 'derived'),
    staffOnlyFields: names((f) => f.staffOnly),
    secretFields: names((f) => f.secret),
    sensitiveFields: names((f) => f.sensitive),
    verificationFields: names((f) => f.verification),
    /** R-SEC-1: a different value (or any value) is a sensitive change needing verification. */
    sensitiveChangeFields: ['username', 'discriminator', 'new_password', 'email_token'].filter((f) => f in fields),
    imageFields: names((f) => f.echo === 'hash'),
    textFields: names((f) => f.normalise === 'text'),
    quotaFields: names((f) => f.quota !== undefined),
    quotas,
    rateLimits: rates,
    /** Fields of UserPrivateResponse, as documented. */
    responseFields: propertyNames(response),
    responseRequired: new Set((response.required ?? []) as string[]),
  };
}

export type ContractFacts = ReturnType<typeof readFacts>;

/** The facts of the contract as schemas/ states it. */
export const facts: ContractFacts = readFacts();

/** A field's facts; throws for a name the request schema does not have (a typo is a bug). */
export function field(name: string): FieldFacts {
  const found = facts.fields[name];
  if (!found) throw new Error(`the request schema has no field '${name}'`);
  return found;
}

/** Where a keyword of a field comes from: the page, or only CONTRACT.md. */
export function sourceOf(fieldName: string, keyword: string): Source {
  return field(fieldName).observed.has(keyword) ? 'observed' : 'documented';
}

/** R-ACC-1: the longest bio (or other text) the account may set. */
export function maxLengthFor(fieldName: string, premium: boolean): number {
  const f = field(fieldName);
  if (f.maxLength === undefined) throw new Error(`${fieldName} has no maxLength`);
  return !premium && f.nonPremiumMaxLength !== undefined ? f.nonPremiumMaxLength : f.maxLength;
}

/** Values sent that a response must never contain (R-SEC-4). */
export function secretsIn(body: Record<string, unknown>): { field: string; value: string }[] {
  return facts.secretFields.flatMap((f) => (typeof body[f] === 'string' ? [{ field: f, value: body[f] as string }] : []));
}
