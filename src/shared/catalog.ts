/**
 * The well-known secrets of the seed design, grouped as it groups them. Custom names are allowed
 * too (under the naming rules); the catalog only gives the common ones a label, a hint and, for the
 * future `.env` migration, the environment variable they usually live in.
 *
 * Format hints are deliberately soft: providers change key formats, so a mismatch is a warning the
 * UI may show next to the input, never a reason to refuse a write.
 */
import { z } from 'zod';
import { secretNameSchema } from './naming';
import { strictObject } from './schema-kit';
import { CATALOG_CATEGORY_IDS } from './catalog-entries';

export * from './catalog-entries';

export const catalogCategoryIdSchema = z.enum(CATALOG_CATEGORY_IDS);

export const catalogEntrySchema = strictObject({
  secretName: secretNameSchema,
  displayName: z.string().min(1).max(128),
  description: z.string().max(512),
  category: catalogCategoryIdSchema,
  provider: z.string().min(1).max(128),
  placeholder: z.string().max(128),
  /** Human text about what a value usually looks like. */
  formatHint: z.string().max(512).optional(),
  /** Known value prefixes, for a soft "this does not look like a … key" warning in the form. */
  valuePrefixes: z.array(z.string().min(1).max(32)).max(8).optional(),
  /** The environment variable such a key usually lives in (for importing a `.env` file). */
  envVar: z
    .string()
    .regex(/^[A-Z][A-Z0-9_]*$/)
    .max(128)
    .optional(),
});
export type CatalogEntry = z.output<typeof catalogEntrySchema>;

export const catalogCategorySchema = strictObject({
  id: catalogCategoryIdSchema,
  label: z.string().min(1).max(64),
  secrets: z.array(catalogEntrySchema),
});
export type CatalogCategory = z.output<typeof catalogCategorySchema>;

/** The answer of the `listCatalog` channel. */
export const catalogListSchema = strictObject({ categories: z.array(catalogCategorySchema) });
export type CatalogList = z.output<typeof catalogListSchema>;
