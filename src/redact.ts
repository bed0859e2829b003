// The suite carries credentials. Every text it writes (console, reports, JUnit, error messages,
// stack traces) passes through a Redactor that knows them, so that none can leak, whatever the
// code path, in any of the forms a writer may give it.

export const redactedMark = '<redacted>';

const xmlEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
const htmlEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
const numericEscape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#x${c.charCodeAt(0).toString(16)};`);
const jsonEscape = (s: string) => JSON.stringify(s).slice(1, -1);
// JSON with every character outside ASCII written as \uXXXX, as some serialisers do.
const asciiJsonEscape = (s: string) => jsonEscape(s).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** Every form a secret may take in written output: as is, escaped for JSON, XML, HTML and
 * URLs, and the escapes combined (JSON inside XML, and the other way round). */
export function formsOf(secret: string): string[] {
  const single = [(s: string) => s, jsonEscape, asciiJsonEscape, xmlEscape, htmlEscape, numericEscape, encodeURIComponent];
  const forms = new Set<string>();
  for (const outer of single) for (const inner of single) forms.add(outer(inner(secret)));
  return [...forms];
}

export class Redactor {
  private readonly secrets: string[];

  constructor(secrets: (string | undefined)[]) {
    const forms = new Set<string>();
    const add = (value: string) => {
      if (value.trim().length < 3) return;
      for (const form of formsOf(value)) forms.add(form);
      for (const form of formsOf(value.trim())) forms.add(form);
    };
    for (const secret of secrets) {
      if (!secret) continue;
      add(secret);
      // "Bot <token>" and "Bearer <token>": the token alone must not leak either.
      const prefixed = /^(?:Bot|Bearer)\s+(.+)$/i.exec(secret);
      if (prefixed?.[1]) add(prefixed[1]);
    }
    // Longest first, so that a secret containing another is replaced whole.
    this.secrets = [...forms].sort((a, b) => b.length - a.length);
  }

  text(input: string): string {
    let out = input;
    for (const secret of this.secrets) if (out.includes(secret)) out = out.split(secret).join(redactedMark);
    return out;
  }

  /** A deep copy of a JSON-like value with every secret replaced. */
  value<T>(input: T): T {
    return JSON.parse(this.text(JSON.stringify(input) ?? 'null')) as T;
  }

  contains(input: string): boolean {
    return this.secrets.some((s) => input.includes(s));
  }

  /** A Redactor that knows these secrets too. */
  with(more: (string | undefined)[]): Redactor {
    const next = new Redactor([]);
    (next as unknown as { secrets: string[] }).secrets = [...new Set([...this.secrets, ...new Redactor(more).secrets])].sort((a, b) => b.length - a.length);
    return next;
  }
}
