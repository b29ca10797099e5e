import { Fragment, useMemo } from 'react';
import { parseLightMarkdown, type Inline } from '../../lib/lightMarkdown';

/** A script's text with its line breaks, lists, bold and italic; built as elements, never as HTML. */
export function ScriptText({ text }: { text: string }) {
  const blocks = useMemo(() => parseLightMarkdown(text), [text]);
  return (
    <>
      {blocks.map((block, index) =>
        block.kind === 'list' ? (
          <ul key={index}>
            {block.items.map((item, i) => (
              <li key={i}>
                <Line parts={item} />
              </li>
            ))}
          </ul>
        ) : (
          <p key={index}>
            {block.lines.map((line, i) => (
              <Fragment key={i}>
                {i > 0 && <br />}
                <Line parts={line} />
              </Fragment>
            ))}
          </p>
        ),
      )}
    </>
  );
}

function Line({ parts }: { parts: Inline[] }) {
  return (
    <>
      {parts.map((part, index) => {
        let node = <>{part.text}</>;
        if (part.italic) node = <em>{node}</em>;
        if (part.bold) node = <strong>{node}</strong>;
        return <Fragment key={index}>{node}</Fragment>;
      })}
    </>
  );
}
