// The suite carries credentials. Every text it writes (console, reports, assertion messages)
// passes through a Redactor that knows them, so that none can leak, whatever the code path.

export const redactedMark = '<redacted>';

export class Redactor {
  private readonly secrets: string[];

  constructor(secrets: (string | undefined)[]) {
    const forms = new Set<string>();
    for (const secret of secrets) {
      if (!secret || secret.trim().length < 3) continue;
      // The value itself, its trimmed form, and the form it takes inside a JSON string.
      for (const form of [secret, secret.trim(), JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret)]) forms.add(form);
      // "Bot <token>": the token alone must not leak either.
      const bot = /^Bot\s+(.+)$/.exec(secret);
      if (bot?.[1] && bot[1].length >= 3) forms.add(bot[1]);
    }
    // Longest first, so that a secret containing another is replaced whole.
    this.secrets = [...forms].sort((a, b) => b.length - a.length);
  }

  text(input: string): string {
    let out = input;
    for (const secret of this.secrets) out = out.split(secret).join(redactedMark);
    return out;
  }

  /** A deep copy of a JSON-like value with every secret replaced. */
  value<T>(input: T): T {
    return JSON.parse(this.text(JSON.stringify(input) ?? 'null')) as T;
  }

  contains(input: string): boolean {
    return this.secrets.some((s) => input.includes(s));
  }
}
