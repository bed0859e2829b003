// The name rules of CONTRACT.md §3 that go beyond length and alphabet. Both take the value after
// its normalisation (R-NORM-3 for usernames, R-NORM-2 for display names).

export interface NameRuleOptions {
  /** Compare letters exactly instead of in any case (a planted fault does that). */
  caseSensitive?: boolean;
}

const reservedWords = ['everyone', 'here'];

function fold(value: string, options: NameRuleOptions): string {
  return options.caseSensitive ? value : value.toLowerCase();
}

function isReservedWord(value: string, options: NameRuleOptions): boolean {
  return reservedWords.includes(fold(value, options));
}

/** Why a username is refused by the name rules, or undefined when they allow it. */
export function usernameNameRule(username: string, options: NameRuleOptions = {}): string | undefined {
  const folded = fold(username, options);
  if (isReservedWord(username, options)) return `"${username}" is reserved and cannot be used as a username.`;
  if (folded.includes('fluxer')) return 'A username cannot contain the word "fluxer".';
  if (folded.includes('system message')) return 'A username cannot contain "system message".';
  return undefined;
}

/** Why a display name is refused by the name rules, or undefined when they allow it. */
export function displayNameRule(globalName: string, options: NameRuleOptions = {}): string | undefined {
  if (isReservedWord(globalName, options)) return `"${globalName}" is reserved and cannot be used as a display name.`;
  if (fold(globalName, options).includes('system message')) return 'A display name cannot contain "system message".';
  return undefined;
}
