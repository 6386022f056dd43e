import { ratingsApi } from '../../api/ratings';
import type { Prefs } from '../../prefs';
import type { ActionSpec } from './ActionModal';

/** The dialog of an appeal of a bad review to the rated unit's parent organization (from the request and from the ratings page). */
export const appealSpec = (t: Prefs['t'], ratingId: number): ActionSpec => ({
  send: (b) => ratingsApi.appeal.call({ params: { id: ratingId }, body: { reason: b.reason as string } }),
  title: t('sat.appeal'),
  text: { label: 'sat.appealReason', key: 'reason', required: true },
  hint: t('sat.appealHint'),
});
