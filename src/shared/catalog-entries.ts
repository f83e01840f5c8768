/**
 * The catalog itself: its entries, categories and look-ups, with no schema (catalog.ts has the
 * schemas and re-exports these). Apart so the window's first screen (the coverage matrix, the
 * cards) loads no zod (tests/build/bundle-size.test.ts).
 */
import type { CatalogCategory, CatalogEntry } from './catalog';

export const CATALOG_CATEGORY_IDS = ['llm', 'integrations', 'infrastructure'] as const;
export type CatalogCategoryId = (typeof CATALOG_CATEGORY_IDS)[number];

export const CATALOG_CATEGORIES: readonly { readonly id: CatalogCategoryId; readonly label: string }[] = [
  { id: 'llm', label: 'LLM providers' },
  { id: 'integrations', label: 'Integrations' },
  { id: 'infrastructure', label: 'Infrastructure' },
];

export const CATALOG: readonly CatalogEntry[] = [
  {
    secretName: 'openai_api_key',
    displayName: 'OpenAI API Key',
    description: 'API key for GPT models, from the OpenAI platform (API keys page).',
    category: 'llm',
    provider: 'OpenAI',
    placeholder: 'sk-proj-…',
    formatHint: 'Starts with "sk-" (project keys: "sk-proj-").',
    valuePrefixes: ['sk-'],
    envVar: 'OPENAI_API_KEY',
  },
  {
    secretName: 'anthropic_api_key',
    displayName: 'Anthropic API Key',
    description: 'API key for Claude models, from the Anthropic Console.',
    category: 'llm',
    provider: 'Anthropic (Claude)',
    placeholder: 'sk-ant-…',
    formatHint: 'Starts with "sk-ant-".',
    valuePrefixes: ['sk-ant-'],
    envVar: 'ANTHROPIC_API_KEY',
  },
  {
    secretName: 'deepgram_api_key',
    displayName: 'Deepgram API Key',
    description: 'API key for Deepgram speech-to-text, from the Deepgram console.',
    category: 'llm',
    provider: 'Deepgram (STT)',
    placeholder: 'Deepgram API key',
    formatHint: 'Usually a 40-character hexadecimal string, with no prefix.',
    envVar: 'DEEPGRAM_API_KEY',
  },
  {
    secretName: 'elevenlabs_api_key',
    displayName: 'ElevenLabs API Key',
    description: 'API key for ElevenLabs text-to-speech, from the ElevenLabs profile settings.',
    category: 'llm',
    provider: 'ElevenLabs (TTS)',
    placeholder: 'ElevenLabs API key',
    formatHint: 'Recent keys start with "sk_"; older ones are plain hexadecimal strings.',
    envVar: 'ELEVENLABS_API_KEY',
  },
  {
    secretName: 'github_token',
    displayName: 'GitHub Token',
    description: 'Token for the GitHub API: a fine-grained or classic personal access token, or an app token.',
    category: 'integrations',
    provider: 'GitHub API',
    placeholder: 'github_pat_… or ghp_…',
    formatHint: 'Fine-grained tokens start with "github_pat_", classic ones with "ghp_" (OAuth "gho_", GitHub App "ghu_"/"ghs_").',
    valuePrefixes: ['github_pat_', 'ghp_', 'gho_', 'ghu_', 'ghs_'],
    envVar: 'GITHUB_TOKEN',
  },
  {
    secretName: 'notion_api_token',
    displayName: 'Notion API Token',
    description: 'Internal integration secret for the Notion API.',
    category: 'integrations',
    provider: 'Notion API',
    placeholder: 'ntn_…',
    formatHint: 'Starts with "ntn_"; older tokens start with "secret_".',
    valuePrefixes: ['ntn_', 'secret_'],
    envVar: 'NOTION_API_TOKEN',
  },
  {
    secretName: 'n8n_api_key',
    displayName: 'n8n API Key',
    description: 'API key for the n8n public API, to manage and trigger workflows.',
    category: 'integrations',
    provider: 'n8n Workflows',
    placeholder: 'n8n API key',
    formatHint: 'Created in your n8n instance under Settings → n8n API.',
    envVar: 'N8N_API_KEY',
  },
  {
    secretName: 'livekit_api_key',
    displayName: 'LiveKit API Key',
    description: 'API key identifying the project on a LiveKit server (used with the API secret).',
    category: 'infrastructure',
    provider: 'LiveKit',
    placeholder: 'API…',
    formatHint: 'LiveKit Cloud keys start with "API"; a self-hosted server uses the keys in its own configuration.',
    envVar: 'LIVEKIT_API_KEY',
  },
  {
    secretName: 'livekit_api_secret',
    displayName: 'LiveKit API Secret',
    description: 'Secret paired with the LiveKit API key, used to sign access tokens.',
    category: 'infrastructure',
    provider: 'LiveKit',
    placeholder: 'LiveKit API secret',
    formatHint: 'A long random string, created together with the API key.',
    envVar: 'LIVEKIT_API_SECRET',
  },
];

export function findCatalogEntry(secretName: string): CatalogEntry | undefined {
  return CATALOG.find((entry) => entry.secretName === secretName);
}

/** The catalog grouped in category order: exactly the `listCatalog` answer. */
export function catalogByCategory(): CatalogCategory[] {
  return CATALOG_CATEGORIES.map((category) => ({
    id: category.id,
    label: category.label,
    secrets: CATALOG.filter((entry) => entry.category === category.id).map((entry) => ({
      ...entry,
      ...(entry.valuePrefixes ? { valuePrefixes: [...entry.valuePrefixes] } : {}),
    })),
  }));
}

/**
 * Whether a typed value starts like the provider's keys: true / false, or null when the catalog
 * knows no prefix. Runs in the form, on the value the form already holds; the value goes nowhere.
 */
export function matchesValuePrefix(entry: CatalogEntry, value: string): boolean | null {
  if (!entry.valuePrefixes || entry.valuePrefixes.length === 0) return null;
  return entry.valuePrefixes.some((prefix) => value.startsWith(prefix));
}
