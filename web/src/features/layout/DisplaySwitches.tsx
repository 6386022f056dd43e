import { Flex, Switch } from 'antd';
import { useId } from 'react';
import { usePrefs } from '../../prefs';

/** The large-font, elder-mode and high-contrast switches of the console header and the sign-in page. */
export function DisplaySwitches() {
  const { t, largeFont, setLargeFont, elder, setElder, contrast, setContrast } = usePrefs();
  const id = useId();
  const rows = [
    { key: 'font', label: t('header.largeFont'), checked: largeFont || elder, disabled: elder, onChange: setLargeFont },
    { key: 'elder', label: t('shell.elder'), checked: elder, disabled: false, onChange: setElder },
    { key: 'contrast', label: t('shell.contrast'), checked: contrast, disabled: false, onChange: setContrast },
  ];
  return (
    <Flex gap="middle" align="center" wrap className="qh-display-switches">
      {rows.map((r) => (
        <Flex key={r.key} gap="small" align="center" className="qh-switch-row">
          <label htmlFor={`${id}-${r.key}`}>{r.label}</label>
          <Switch id={`${id}-${r.key}`} checked={r.checked} disabled={r.disabled} onChange={r.onChange} />
        </Flex>
      ))}
    </Flex>
  );
}
