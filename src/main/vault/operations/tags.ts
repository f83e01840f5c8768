import { z } from 'zod';
import { awsErrors } from '../errors';
import type { Tag } from '../model';
import { findActiveSecret, type Operation } from '../operation';
import { parseInput, secretIdSchema, tagsSchema } from '../validation';

const MAX_TAGS = 50;

/** Merge `added` over `current` by key (keys are case-sensitive), within AWS's limits. */
export function normaliseTags(added: readonly { Key: string; Value?: string | undefined }[], current: readonly Tag[]): Tag[] {
  const merged = new Map(current.map((tag) => [tag.Key, tag.Value]));
  for (const tag of added) {
    if (tag.Key.toLowerCase().startsWith('aws:')) throw awsErrors.invalidParameter('Tag keys that start with "aws:" are reserved for AWS use.');
    merged.set(tag.Key, tag.Value ?? '');
  }
  if (merged.size > MAX_TAGS) throw awsErrors.invalidParameter(`A secret can have at most ${MAX_TAGS} tags.`);
  return [...merged].map(([Key, Value]) => ({ Key, Value }));
}

export const tagResource: Operation = (ctx, raw) => {
  const input = parseInput(z.object({ SecretId: secretIdSchema, Tags: tagsSchema }), raw);
  const secret = findActiveSecret(ctx, input.SecretId);
  const tags = normaliseTags(input.Tags, secret.meta.tags);
  return { output: {}, ops: [{ op: 'putSecret', meta: { ...secret.meta, tags, lastChangedAt: ctx.now } }] };
};

export const untagResource: Operation = (ctx, raw) => {
  const input = parseInput(z.object({ SecretId: secretIdSchema, TagKeys: z.array(z.string().min(1).max(128)) }), raw);
  const secret = findActiveSecret(ctx, input.SecretId);
  const removed = new Set(input.TagKeys);
  const tags = secret.meta.tags.filter((tag) => !removed.has(tag.Key));
  return { output: {}, ops: [{ op: 'putSecret', meta: { ...secret.meta, tags, lastChangedAt: ctx.now } }] };
};
