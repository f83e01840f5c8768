import { Fragment } from 'react';

/**
 * An ARN that wraps only after its ":" and "/" separators, never inside a name (like BreakableId
 * for secret ids): a <wbr> adds a break opportunity, no character, so a copied ARN stays whole.
 */
export function SelfCheckArn({ arn }: { arn: string }) {
  const parts = arn.split(/(?<=[:/])/);
  return (
    <span className="font-mono break-normal">
      {parts.map((part, index) => (
        // Parts repeat (two empty region fields): the position is the identity here.
        <Fragment key={index}>
          <span className="whitespace-nowrap">{part}</span>
          {index < parts.length - 1 && <wbr />}
        </Fragment>
      ))}
    </span>
  );
}

// An ARN ends before a space or punctuation; a sentence's final "." or ":" is not part of it.
const ARN_IN_TEXT = /(arn:[a-z-]+:[^\s,;()"']*[^\s,;()"'.:])/;

/** Text that may name ARNs (a verdict's reason): each ARN wraps only at its separators. */
export function SelfCheckText({ text }: { text: string }) {
  // split with a capture group: ARNs land at the odd positions.
  const pieces = text.split(ARN_IN_TEXT);
  return (
    <>
      {pieces.map((piece, index) => (index % 2 === 1 ? <SelfCheckArn key={index} arn={piece} /> : <Fragment key={index}>{piece}</Fragment>))}
    </>
  );
}
