/**
 * Profiles: which backend the app talks to (embedded vault, LocalStack, AWS), under which naming
 * env, and whether changes are allowed. A profile names credentials (an AWS profile) but never
 * holds them, so a whole profile may be shown in the renderer.
 */
import { z } from 'zod';
import { envSchema } from './naming';
import { plainText, strictObject, wireErrorSchema } from './schema-kit';

export const PROFILE_KINDS = ['embedded', 'localstack', 'aws'] as const;
export type ProfileKind = (typeof PROFILE_KINDS)[number];
export const profileKindSchema = z.enum(PROFILE_KINDS, { error: `must be one of ${PROFILE_KINDS.join(', ')}` });

const SLUG_RULE = 'must be a slug: 1–64 lower-case letters, digits and "-", starting and ending with a letter or digit';
export const profileIdSchema = z
  .string({ error: 'must be text' })
  .min(1, { error: SLUG_RULE })
  .max(64, { error: SLUG_RULE })
  .regex(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/, { error: SLUG_RULE });

/**
 * Shown in main's confirmation box and the window: no direction overrides or line/paragraph
 * separators, which could make a name read as something else (a spoofed "Save" reason, a reversed host).
 */
export const profileNameSchema = plainText(1, 64, 'profile name').regex(/^[^\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069\u2028\u2029]*$/u, {
  error: 'profile name must not contain direction-override or line-separator characters',
});

/** us-east-1, eu-central-2, us-gov-west-1, cn-north-1 … (LocalStack accepts the same names). */
export const awsRegionSchema = z
  .string({ error: 'must be text' })
  .max(32, { error: 'must be an AWS region name such as us-east-1' })
  .regex(/^[a-z]{2}(?:-[a-z0-9]+){1,3}-\d{1,2}$/, { error: 'must be an AWS region name such as us-east-1' });

/**
 * A profile name as it appears in `~/.aws/config` (`[profile NAME]`) or `~/.aws/credentials`
 * (`[NAME]`): no whitespace, brackets, quotes or ini comment/assignment characters.
 */
const AWS_PROFILE_RULE = 'must be an AWS profile name: 1–128 visible ASCII characters without spaces, brackets, quotes, "#", ";", "=" or "\\"';
export const awsProfileNameSchema = z
  .string({ error: 'must be text' })
  .min(1, { error: AWS_PROFILE_RULE })
  .max(128, { error: AWS_PROFILE_RULE })
  .regex(/^[A-Za-z0-9!$%&()*+,./:<>?@^_{|}~-]+$/, { error: AWS_PROFILE_RULE });

const ENDPOINT_RULE = 'must be an http:// or https:// URL without user name, password, query or fragment';
/**
 * The LocalStack endpoint. Credentials in the URL are refused: the profile is shown in the
 * renderer and written to disk, and LocalStack needs none (it takes `test`/`test`).
 */
export const endpointUrlSchema = z
  .url({ protocol: /^https?$/, error: ENDPOINT_RULE })
  .max(2048, { error: 'must be at most 2048 characters' })
  .refine(
    (value) => {
      try {
        const url = new URL(value);
        return url.username === '' && url.password === '' && url.search === '' && url.hash === '';
      } catch {
        return false;
      }
    },
    { error: ENDPOINT_RULE },
  );

const profileBase = {
  id: profileIdSchema,
  name: profileNameSchema,
  env: envSchema,
  /** Enforced by main: write-class channels answer READ_ONLY_PROFILE. */
  readOnly: z.boolean(),
};

export const embeddedProfileSchema = strictObject({ kind: z.literal('embedded'), ...profileBase });
export const localstackProfileSchema = strictObject({
  kind: z.literal('localstack'),
  ...profileBase,
  endpoint: endpointUrlSchema,
  region: awsRegionSchema,
});
export const awsProfileSchema = strictObject({
  kind: z.literal('aws'),
  ...profileBase,
  awsProfile: awsProfileNameSchema,
  /** When absent: the region of the AWS profile, else AWS_REGION. */
  region: awsRegionSchema.optional(),
});

export const profileSchema = z.discriminatedUnion('kind', [embeddedProfileSchema, localstackProfileSchema, awsProfileSchema]);
export type Profile = z.output<typeof profileSchema>;
export type EmbeddedProfile = z.output<typeof embeddedProfileSchema>;
export type LocalstackProfile = z.output<typeof localstackProfileSchema>;
export type AwsProfile = z.output<typeof awsProfileSchema>;

export const profileListSchema = strictObject({
  profiles: z.array(profileSchema),
  activeId: profileIdSchema,
  /** Profile names found in ~/.aws/config and ~/.aws/credentials (names only, never keys). */
  awsProfiles: z.array(awsProfileNameSchema),
  /** Problems worth showing (a broken profiles file kept aside, an unusable AWS profile name…). */
  warnings: z.array(z.string().max(2000)),
  /** Starting values for a new profile, from the environment (LOCALSTACK_ENDPOINT / SVC_LOCALSTACK_HOST, AWS_REGION). */
  defaults: strictObject({
    localstackEndpoint: z.string().max(2048),
    region: z.string().max(64),
  }),
});
export type ProfileList = z.output<typeof profileListSchema>;

export const connectionReportSchema = strictObject({
  profileId: profileIdSchema,
  kind: profileKindSchema,
  ok: z.boolean(),
  endpoint: z.string().max(2048).optional(),
  region: z.string().max(64).optional(),
  latencyMs: z.number().nonnegative().optional(),
  /** One line for the person: what was checked and what it found. */
  detail: z.string().max(2000),
  error: wireErrorSchema.optional(),
});
export type ConnectionReport = z.output<typeof connectionReportSchema>;

// Channel inputs.
export const profileIdInputSchema = strictObject({ id: profileIdSchema });
export const saveProfileInputSchema = strictObject({ profile: profileSchema });
export const testConnectionInputSchema = strictObject({ id: profileIdSchema.optional() });
