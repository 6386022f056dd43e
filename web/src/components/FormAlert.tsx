import { Alert } from 'antd';

/** The form-level error region; polite live region so screen readers hear server refusals. */
export function FormAlert({ message }: { message: string | null }) {
  return (
    <div aria-live="polite" className="qh-form-alert">
      {message ? <Alert type="error" showIcon title={message} style={{ marginBottom: 16 }} /> : null}
    </div>
  );
}
