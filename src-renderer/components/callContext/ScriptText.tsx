import { Fragment, useMemo } from 'react';
import { markdownBlocks, type Segment } from '../../../src-main/shared/markdown';

/** A script's text with its line breaks, lists, bold and italic; built as elements, never as HTML. */
export function ScriptText({ text }: { text: string }) {
  const blocks = useMemo(() => markdownBlocks(text), [text]);
  return (
    <>
      {blocks.map((block, index) => {
        if (block.kind === 'paragraph')
          return (
            <p key={index}>
              {block.lines.map((line, i) => (
                <Fragment key={i}>
                  {i > 0 && <br />}
                  <Line parts={line} />
                </Fragment>
              ))}
            </p>
          );
        const items = block.items.map((item, i) => (
          <li key={i}>
            <Line parts={item} />
          </li>
        ));
        return block.ordered ? (
          <ol key={index} start={block.start}>
            {items}
          </ol>
        ) : (
          <ul key={index}>{items}</ul>
        );
      })}
    </>
  );
}

function Line({ parts }: { parts: Segment[] }) {
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
