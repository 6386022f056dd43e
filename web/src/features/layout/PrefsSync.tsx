import { useEffect } from 'react';
import { authApi } from '../../api/accounts';
import { setUiPrefsSaver, usePrefs } from '../../prefs';
import { useSession } from '../../session';
import type { UiPrefs } from '../../types';

/**
 * Keeps a signed-in staff account's display preferences on the server: those saved on the account apply at sign-in,
 * and a switch changed while signed in is saved to it.
 */
export function PrefsSync() {
  const { me } = useSession();
  const { applyUiPrefs } = usePrefs();
  const id = me?.id;
  const saved = me?.uiPrefs;

  useEffect(() => {
    if (id === undefined) {
      setUiPrefsSaver(null);
      return;
    }
    if (saved) applyUiPrefs(saved);
    setUiPrefsSaver((p: UiPrefs) => void authApi.setOwnPrefs.call({ body: p }).catch(() => undefined));
    return () => setUiPrefsSaver(null);
    // Only a change of account applies the saved preferences; later changes come from the switches themselves.
  }, [id]);

  return null;
}
