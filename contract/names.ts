// Observed name rules that a JSON Schema cannot say (CONTRACT.md §3).

const everyoneOrHere = /^(everyone|here)$/i;

/** Why a (trimmed) username is refused beyond its schema, or undefined when it is allowed. */
export function usernameRefusal(username: string): string | undefined {
  if (everyoneOrHere.test(username)) return 'This username is reserved.';
  if (/fluxer/i.test(username)) return 'Usernames cannot contain "fluxer".';
  if (/system message/i.test(username)) return 'Usernames cannot contain "system message".';
  return undefined;
}

/** Why a (sanitised) global_name is refused beyond its schema, or undefined when it is allowed. */
export function globalNameRefusal(globalName: string): string | undefined {
  if (everyoneOrHere.test(globalName)) return 'This display name is reserved.';
  if (/system message/i.test(globalName)) return 'Display names cannot contain "system message".';
  return undefined;
}
