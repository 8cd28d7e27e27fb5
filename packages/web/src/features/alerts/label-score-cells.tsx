import type { LabelScore } from '@doppel/protocol';
import { percent } from '../../shared/format-value';

/** The header cells of the label columns, after the table's own first columns. */
export function LabelScoreHeaders() {
  return (
    <>
      <th scope="col">Raised</th>
      <th scope="col">Real</th>
      <th scope="col">Expected</th>
      <th scope="col">Missed</th>
      <th scope="col">Precision</th>
      <th scope="col">Recall</th>
    </>
  );
}

export function LabelScoreCells({ score }: { readonly score: LabelScore }) {
  return (
    <>
      <td>{score.raised}</td>
      <td>{score.labelledReal}</td>
      <td>{score.labelledExpected}</td>
      <td>{score.missed}</td>
      <td>{percent(score.precision)}</td>
      <td>{percent(score.recall)}</td>
    </>
  );
}
