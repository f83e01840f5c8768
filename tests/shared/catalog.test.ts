import { describe, expect, it } from 'vitest';
import {
  CATALOG,
  CATALOG_CATEGORIES,
  CATALOG_CATEGORY_IDS,
  catalogByCategory,
  catalogListSchema,
  findCatalogEntry,
  matchesValuePrefix,
} from '../../src/shared/catalog';
import { nameSegmentProblem, secretNameSchema } from '../../src/shared/naming';

describe('catalog', () => {
  it('holds exactly the seed design’s well-known secrets, in their categories', () => {
    const byCategory = Object.fromEntries(CATALOG_CATEGORY_IDS.map((id) => [id, CATALOG.filter((e) => e.category === id).map((e) => e.secretName)]));
    expect(byCategory).toEqual({
      llm: ['openai_api_key', 'anthropic_api_key', 'deepgram_api_key', 'elevenlabs_api_key'],
      integrations: ['github_token', 'notion_api_token', 'n8n_api_key'],
      infrastructure: ['livekit_api_key', 'livekit_api_secret'],
    });
  });

  it('uses only valid secret names, each once', () => {
    for (const entry of CATALOG) {
      expect(nameSegmentProblem('secretName', entry.secretName)).toBeNull();
      expect(secretNameSchema.safeParse(entry.secretName).success).toBe(true);
    }
    const names = CATALOG.map((e) => e.secretName);
    expect(new Set(names).size).toBe(names.length);
    const envVars = CATALOG.flatMap((e) => (e.envVar ? [e.envVar] : []));
    expect(new Set(envVars).size).toBe(envVars.length);
  });

  it('has a complete, labelled category list', () => {
    expect(CATALOG_CATEGORIES.map((c) => c.id)).toEqual([...CATALOG_CATEGORY_IDS]);
    expect(CATALOG_CATEGORIES.map((c) => c.label)).toEqual(['LLM providers', 'Integrations', 'Infrastructure']);
    for (const entry of CATALOG) expect(CATALOG_CATEGORY_IDS).toContain(entry.category);
    for (const category of catalogByCategory()) expect(category.secrets.length).toBeGreaterThan(0);
  });

  it('groups into exactly the listCatalog answer, which the strict schema accepts', () => {
    const grouped = catalogByCategory();
    expect(catalogListSchema.parse({ categories: grouped })).toEqual({ categories: grouped });
    expect(grouped.flatMap((c) => c.secrets)).toHaveLength(CATALOG.length);
  });

  it('keeps placeholders consistent with the known prefixes', () => {
    for (const entry of CATALOG) {
      expect(entry.displayName.length).toBeGreaterThan(0);
      expect(entry.description.length).toBeGreaterThan(0);
      if (entry.valuePrefixes) expect(matchesValuePrefix(entry, entry.placeholder)).toBe(true);
    }
  });

  it('finds entries by name and checks prefixes softly', () => {
    const entry = (name: string) => {
      const found = findCatalogEntry(name);
      if (!found) throw new Error(`${name} is missing from the catalog`);
      return found;
    };
    expect(entry('openai_api_key').envVar).toBe('OPENAI_API_KEY');
    expect(findCatalogEntry('my_custom_key')).toBeUndefined();
    expect(matchesValuePrefix(entry('openai_api_key'), 'sk-proj-abc')).toBe(true);
    expect(matchesValuePrefix(entry('openai_api_key'), 'abc')).toBe(false);
    expect(matchesValuePrefix(entry('github_token'), 'github_pat_x')).toBe(true);
    expect(matchesValuePrefix(entry('deepgram_api_key'), 'anything')).toBeNull();
  });
});
