import { Fragment } from 'react';

/**
 * An id, ARN or path that may wrap only after its separators ("/" and ":"), never inside a segment
 * (not even at a "-"): each segment is unbreakable, and a <wbr> after each separator adds a break
 * opportunity and no character. Like features/jobs/BreakableId, for ARNs too.
 */
export function BreakablePath({ text }: { text: string }) {
  const parts = text.split(/(?<=[/:])/);
  return (
    <span className="break-normal [overflow-wrap:normal]">
      {parts.map((part, index) => (
        // Segments repeat (an org and a domain may share a name): the position is the identity here.
        <Fragment key={index}>
          {/* nowrap: a browser would otherwise also break after the "-" in a segment (a-rather-long-org). */}
          <span className="whitespace-nowrap">{part}</span>
          {index < parts.length - 1 && <wbr />}
        </Fragment>
      ))}
    </span>
  );
}
