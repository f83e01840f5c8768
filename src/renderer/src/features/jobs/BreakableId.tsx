import { Fragment } from 'react';

/**
 * A secret id (or any slash path) that wraps after its slashes in a narrow column, rather than in
 * the middle of a segment. The text stays the same: a <wbr> adds a break opportunity, no character.
 */
export function BreakableId({ id }: { id: string }) {
  const parts = id.split('/');
  return (
    <>
      {parts.map((part, index) => (
        // Segments repeat (an org and a domain may share a name): the position is the identity here.
        <Fragment key={index}>
          {part}
          {index < parts.length - 1 && (
            <>
              /<wbr />
            </>
          )}
        </Fragment>
      ))}
    </>
  );
}
