/**
 * Whether a key that dotenv parsed reads as a variable name, so it may be shown (import preview,
 * report, export, CLI output) and become a secret name.
 *
 * Why this is needed: dotenv also takes `WORD=`, `WORD==` and `WORD: x` as assignments, so key
 * material pasted on a line of its own — a base32 TOTP seed or base64 body ending in `=` padding,
 * a hex key, an AWS key id before `: x`, a JWT, a Fernet key — parses as a key whose name IS the
 * material. Such a line must be reported by its number only, never echoed.
 *
 * The rule rests on what real names look like: words joined by `_` (OPENAI_API_KEY), one short
 * word (PORT), or camelCase words (stripeSecretKey: each capital starts a word of 2+ letters, the
 * case changes only at word boundaries, a digit or two at a word's end). Material is random
 * characters: the case flips every other letter, lone letters sit between capitals, digits are
 * everywhere. So a key is taken for data when:
 * - it does not start with a letter or `_` (no variable starts with a digit: most hex does);
 * - its value is empty or only `=` (padding: `SEED====` parses as SEED = "===") and it is not an
 *   UPPER_SNAKE name — an empty value is never written, so hiding costs nothing to store;
 * - it starts the way provider keys do (`sk-`, `ghp_`, `sk_live_` …);
 * - it holds three or more runs of digits (abc123.def456, hex, base32 and base64 bodies);
 * - it mixes cases the way random text does: a `-` between parts, two or more "surprises" (a lone
 *   lower-case letter followed by more of the word, capitals followed by a lone lower-case letter,
 *   a digit followed by a lower-case letter), the case flipping on more than a third of its
 *   letters, or more than 40 characters;
 * - any part between `_`, `.`, `-` has 12 or more characters and holds a digit (the last group
 *   of a UUID);
 * - it is one word in one case (no `_`, `.`, `-`) longer than 15 characters (base32 seeds, hex,
 *   AWS key ids), except a few well-known long names (PYTHONUNBUFFERED), or one word with an empty
 *   value and a digit (a short base32 tail).
 *
 * The trade-off: a real name caught by this is reported by its line number as "looks like key
 * material", and the person stores that one secret by hand. The opposite mistake would print key
 * material, make it a secret name and write it to the audit log, which cannot be undone.
 */
const NAME_SHAPE = /^[A-Za-z_][A-Za-z0-9_.-]{0,127}$/;
const UPPER_SNAKE = /^_*[A-Z][A-Z0-9]*(?:_+[A-Z0-9]+)*_*$/;
const LONGEST_ONE_WORD_NAME = 15;
const LONG_PART = 12;
const LONGEST_MIXED_CASE_NAME = 40;

/** Long one-word names that real tools read; anything else that long and unbroken is taken for data. */
const LONG_ONE_WORD_NAMES: ReadonlySet<string> = new Set(['PYTHONUNBUFFERED', 'PYTHONIOENCODING', 'PYTHONDONTWRITEBYTECODE', 'PYTHONWARNINGS', 'PYTHONBREAKPOINT', 'PYTHONSTARTUP']);

/** How provider keys start (catalog valuePrefixes and other well-known ones): no variable is named so. */
const KEY_PREFIXES = /^(?:sk-|sk_live_|sk_test_|rk_live_|rk_test_|pk_live_|pk_test_|whsec_|ghp_|gho_|ghu_|ghs_|ghr_|github_pat_|glpat-|xox[abpr]-|npm_|hf_[A-Za-z0-9]{8}|AKIA|ASIA|AIza|ntn_|eyJ)/;

/** Words without a vowel that names use; any other such run of three or more letters is not a word. */
const ABBREVIATIONS: ReadonlySet<string> = new Set(['dsn', 'pwd', 'cfg', 'ctx', 'msg', 'src', 'tls', 'ssl', 'jwt', 'sql', 'xml', 'rpc', 'dns', 'sms', 'crm', 'cms', 'cdn', 'http', 'https', 'smtp', 'html', 'ssh', 'sftp', 'ftp', 'grpc', 'mqtt', 'npm', 'pkg', 'gcp', 'k8s', 'url', 'rsa', 'hmac', 'ttl', 'cwd', 'www', 'gtm', 'tz', 'mfa', 'sdk', 'cli', 'ws', 'wss', 'mysql', 'pgsql', 'psql', 'nfs', 'svc', 'vpc', 'kms', 'sns', 'sqs', 'ecr', 'ecs', 'rds', 'crt', 'pfx', 'csr', 'bcc', 'cc', 'tx', 'rx']);

const hasDigit = (text: string): boolean => /\d/.test(text);
const mixesCases = (text: string): boolean => /[a-z]/.test(text) && /[A-Z]/.test(text);

/** Places where text departs from camelCase words: see the module comment. */
function surprises(part: string): number {
  const tokens = part.match(/[A-Z]+|[a-z]+|\d+/g) ?? [];
  let count = 0;
  tokens.forEach((token, index) => {
    if (/^\d/.test(token)) {
      // "7XB", "64om": digits glued to capitals or inside a word; names put them at a word's end (auth0Client, S3Bucket).
      const next = tokens[index + 1];
      if (next !== undefined && (/^[A-Z]{2,}$/.test(next) || token.length >= 2)) count += 1;
      return;
    }
    // A long run of capitals: acronyms are short (API, URL, HTTPS).
    if (/^[A-Z]{5,}$/.test(token) && tokens.length > 1) count += 1;
    if (!/^[a-z]/.test(token)) return;
    const before = tokens[index - 1] ?? '';
    const after = tokens[index + 1];
    if (token.length === 1 && before !== '' && after !== undefined) count += 1;
    if (/^[A-Z]{2,}$/.test(before)) count += 1;
    if (/^\d/.test(before)) count += 1;
    // Words have vowels: "hcqbq" and "Dullpcq" are not words.
    const word = (/^[A-Z]$/.test(before) ? before : '') + token;
    if (!ABBREVIATIONS.has(word.toLowerCase()) && (/^[^aeiou]{3,}$/i.test(word) || /[^aeiou]{5}/i.test(word))) count += 1;
  });
  return count;
}

/** How many times the case changes between neighbouring letters, and how many letters there are. */
function caseFlips(parts: readonly string[]): { flips: number; letters: number } {
  let flips = 0;
  let letters = 0;
  for (const part of parts) {
    const only = part.replace(/[^A-Za-z]/g, '');
    letters += only.length;
    for (let index = 1; index < only.length; index += 1) {
      if (/[a-z]/.test(only[index - 1] as string) !== /[a-z]/.test(only[index] as string)) flips += 1;
    }
  }
  return { flips, letters };
}

function mixedCaseLooksRandom(key: string, parts: readonly string[]): boolean {
  if (key.includes('-') || key.length > LONGEST_MIXED_CASE_NAME) return true;
  const { flips, letters } = caseFlips(parts);
  let score = parts.reduce((sum, part) => sum + (mixesCases(part) ? surprises(part) : 0), 0);
  // Names are made of words, about two letters in five vowels; random letters hold one in five.
  const vowels = (key.match(/[aeiou]/gi) ?? []).length;
  if (letters >= 12 && vowels * 4 < letters) score += 1;
  // camelCase flips case twice a word (about two letters in five); random text every other letter.
  if (letters >= 8 && flips * 2 > letters) score += 1;
  // The reviewers' rule: a long key with a digit that mixes cases (camelCase names rarely hold digits).
  if (key.replace(/[_.-]/g, '').length >= 16 && hasDigit(key)) return true;
  // After a separator a name starts a word, not a number (`_0zfo`).
  if (parts.slice(1).some((part) => /^\d/.test(part))) score += 1;
  // A long name is many words, each of which has had the chance to look random; a short one gets one slip.
  return score >= (letters >= 20 ? 1 : 2);
}

export function keyLooksLikeName(key: string, value: string): boolean {
  if (!NAME_SHAPE.test(key)) return false;
  if (/^=*$/.test(value) && !UPPER_SNAKE.test(key)) return false;
  if (/^=+$/.test(value)) return false;
  if (KEY_PREFIXES.test(key)) return false;
  if ((key.match(/\d+/g) ?? []).length >= 3) return false;
  const parts = key.split(/[_.-]/).filter((part) => part !== '');
  if (mixesCases(key) && mixedCaseLooksRandom(key, parts)) return false;
  if (parts.some((part) => part.length >= LONG_PART && hasDigit(part) && !mixesCases(part))) return false;
  if (parts.length > 1 || mixesCases(key)) return true;
  if (key.length > LONGEST_ONE_WORD_NAME && !LONG_ONE_WORD_NAMES.has(key)) return false;
  // A short base32 or hex tail ending in "=" padding: an empty one-word name with a digit.
  return !(value === '' && hasDigit(key));
}
